"""Source documents as users drop them in: raw scraped text full of page chrome and reference lists.

A Source knows its sentences, which stretches are noise (never evidence), the numbers it states, and the
abbreviations it defines. The catalog (`sources.yaml` in the sources folder) adds friendly ids and metadata.
"""
from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .language import first_letter_of
from .numbers import Quantity, normalise, source_quantities
from .works import read_works

SOURCE_SUFFIXES = (".txt", ".md", ".text")
CATALOG_NAMES = ("sources.yaml", "sources.yml", "catalog.yaml", "catalog.yml")
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")

# --- noise: whole lines ------------------------------------------------------------------------
_REFERENCE_ENTRY = re.compile(
    r"^\s*(?:\d{1,3}\.\s+[A-Z][\w'’-]++(?:[- ][A-Z][\w'’-]++)?\s+[A-Z]{1,4}\b"  # "12. Le Blanc K, ..."
    r"|•\s*\[\d+\]"  # "• [3] Title" (related-records lists)
    r"|\[\d+\]\s*[A-Z][a-z]+ Univ)"  # affiliation lines
)


class _CitationLine:
    """Lines such as "Smith J, et al. (2019) Title. J Med 12(3):45-67": 'et al' and then a year, or "Smith, J.,",
    and after it a DOI, a link, "12(3):" or a page range. Each part is found once, left to right, so a line costs
    one pass (the single pattern this replaces, with two '.*', was cubic on 'et al 2020' repeated)."""

    _ET_AL = re.compile(r"\bet al\b", re.I)
    _YEAR = re.compile(r"\d{4}")  # "(2019)" holds one too
    _AUTHOR = re.compile(r"(?<![A-Za-z])[A-Z][a-z]++,\s+[A-Z]\.,", re.I)
    _TAIL = re.compile(r"doi|https?://|(?<!\d)\d++\s*+\(\d++\)\s*+:|(?<!\d)\d+[–-]\d", re.I)

    def search(self, text: str) -> bool:
        if "\n" not in text:
            return self._search_line(text)
        # the pattern this replaces read each part on one line ('.' never crossed a line break), except that an
        # author's "Smith,\nJ.," may break after its comma
        if any(self._search_line(line) for line in text.split("\n")):
            return True
        for m in self._AUTHOR.finditer(text):
            if "\n" in m.group(0):
                end = text.find("\n", m.end())
                if self._TAIL.search(text[m.end():end if end >= 0 else len(text)]):
                    return True
        return False

    def _search_line(self, line: str) -> bool:
        m = self._ET_AL.search(line)
        if m:
            year = self._YEAR.search(line, m.end())
            if year and self._TAIL.search(line[year.end():]):  # a slice: a run of digits may start at its edge
                return True
        m = self._AUTHOR.search(line)
        return bool(m and self._TAIL.search(line[m.end():]))


_CITATION_LINE = _CitationLine()
_JOURNAL_LINE = re.compile(r"^\s*+[A-Za-z &.,()'-]+,\s*+(?:19|20)\d\d,\s*+\d+\s*+(?:\([^)]*+\))?\s*+:?\s*+:?\s*+[A-Z]?\d+\s*+-\s*+[A-Z]?\d+\s*+$")
_SECTION_START = re.compile(r"^\s*(?:References|Bibliography|相关论文|Reprints and permissions|Cite this article|Rights and permissions)\s*$", re.I)
_SECTION_END = re.compile(r"^\s*(?:Download references|Acknowledgements|Author information|Funding|Ethics declarations|Additional information|Key message|Supplementary Information)\s*$", re.I)
_CHROME_LINE = re.compile(r"^\s*(?:confidence:|Section:|Cited by|\(\d+ citation statements\)|References \d+ publications|See \d+ more|Order By|Price|Supplementary file|被引|页码|页数|共\s*\d+|DOI\b|D O I|\|)", re.I)

# --- noise: spans inside content lines ---------------------------------------------------------
# (why, pattern, literals every match holds one of: a text holding none is not scanned; () = always scanned).
# For a pattern that ignores case, a literal is looked for in the casefolded text.
_NOISE_SPANS = [
    ("doi", re.compile(r"(?=[dDhH1])(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?\b10\.\d{4,9}/[^\s,;]+", re.I), ("10.",)),
    ("url", re.compile(r"(?=[hHwW])(?:https?://|www\.)[^\s]+", re.I), ("http", "www.")),
    # Each cited work is taken whole, once (an atomic group): trying every way to cut "Ab2020Ab2020..." into works
    # was exponential.
    ("citation", re.compile(r"\(\s*+(?:(?>[A-Z][\w'’-]+(?:\s+(?:et al\.?|and|&)\s*[A-Z]?[\w'’-]*)?,?\s*(?:19|20)\d\d[a-z]?\s*;?\s*))+\)"), ("(",)),
    # A name starts at the first capital of its word that follows the word's start or a hyphen or apostrophe
    # ("Smith", "d'Alembert"); found once per word (the span is the `span` group), not once per capital.
    ("citation", re.compile(r"(?=[\w'’-])(?<![\w'’-])(?>(?:[\w'’-]*?[-'’])??(?=[A-Z]))"
                            r"(?P<span>[A-Z][\w'’-]++\s+(?:[A-Z]\.\s+)?et al\.?,?\s*\(?(?:19|20)\d\d[a-z]?\)?)"), ("et al",)),
    ("reference marker", re.compile(r"\[\s*+\d{1,3}(?:\s*+[,–-]\s*+\d{1,3})*+\s*+\]"), ("[",)),
    ("reference marker", re.compile(r"(?<=[.…])\s*\d{1,3}(?=\s+[A-Z][a-z])"), ()),
    ("figure or table label", re.compile(r"(?=[TtFfSs])\b(?:Table|Tab\.|Fig\.|Figure|Supplementary (?:file|table|figure)|Suppl)\s*\d+[A-Za-z]?", re.I), ("tab", "fig", "supp")),
    ("volume and pages", re.compile(r"(?=\d)\b\d+\s*+\(\s*+[\w ]++\s*+\)\s*+:\s*+[A-Z]?\d+(?:\s*[–-]\s*[A-Z]?\d+)?"), ("(",)),
    ("volume and pages", re.compile(r"(?=\d)\b\d+\s*[,:]\s*\d+\s*[–-]\s*\d+\s*\((?:19|20)\d\d\)"), ("(",)),
    ("grant or registration code", re.compile(r"(?=[A-Z0-9])\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{6,}\b"), ()),
    ("long identifier", re.compile(r"(?<![\d.,])\d{6,}+(?![.,]*+\d)"), ()),
    ("ethics or case number", re.compile(r"(?=N)\bNo\.\s*\d+"), ("No.",)),
    ("file size", re.compile(r"(?=\d)\b\d+(?:\.\d+)?\s*(?:KB|MB|GB)\b"), ("KB", "MB", "GB")),
    ("postal code", re.compile(r"(?=[A-Z])\b[A-Z][a-z]+\s+\d{6}\b"), ()),
]
_REGISTRY = re.compile(r"\b(?:NCT\d{8}|ISRCTN\d{8}|ACTRN\d{14})\b")


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    line: int
    text: str
    noise: str = ""  # why this sentence is never evidence ("" = content)


@dataclass(slots=True)
class Mention:
    """A number stated in a source, in a sentence."""

    quantity: Quantity
    sentence: int
    line: int
    noise: str = ""
    paired: Quantity | None = None  # "13.29 ... at 1, 3 and 5 years, respectively": the time it belongs to
    rank: int | None = None  # "reduced from 9.5 to 3.5 and 1.5, respectively": 1.5 is the second member's


@dataclass
class Analysis:
    """What reading a source's text finds: its sentences, the numbers it states and the abbreviations it defines."""

    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    abbreviations: dict[str, str] = field(default_factory=dict)  # "ild" -> "interstitial lung disease"
    problem: str = ""  # over a limit: the source is unusable, and the lists are empty


@dataclass
class Source:
    """One source file. Its text is read when the library is loaded; it is analysed (sentences, numbers,
    abbreviations) only when first asked, so a source no page cites costs one read and one digest."""

    id: str
    stem: str
    path: str
    text: str
    meta: dict = field(default_factory=dict)
    problem: str = ""  # why the source is unusable ("" = fine)
    digest: str = ""
    analysis: Analysis | None = field(default=None, repr=False, compare=False)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.id, self.stem)))

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.stem)

    def analysed(self) -> Analysis:
        if self.analysis is None:
            analysis = analyse_text(self.text)
            if analysis.problem and not self.problem:
                self.problem = analysis.problem
            self.analysis = analysis
        return self.analysis

    @property
    def sentences(self) -> list[Sentence]:
        return self.analysed().sentences

    @property
    def mentions(self) -> list[Mention]:
        return self.analysed().mentions

    @property
    def abbreviations(self) -> dict[str, str]:
        return self.analysed().abbreviations

    def line_text(self, number: int) -> str:
        """The text of line `number` (1-based), "" past the end."""
        starts = self.__dict__.get("_line_starts")
        if starts is None:
            starts = [0] + [i + 1 for i, ch in enumerate(self.text) if ch == "\n"]
            self.__dict__["_line_starts"] = starts
        if not 1 <= number <= len(starts):
            return ""
        end = starts[number] - 1 if number < len(starts) else len(self.text)
        return self.text[starts[number - 1]:end]

    def content_by_sentence(self) -> dict[int, list[Mention]]:
        """The mentions outside noise, grouped by sentence: built once per source."""
        grouped = self.__dict__.get("_by_sentence")
        if grouped is None:
            grouped = self.__dict__["_by_sentence"] = {}
            for m in self.mentions:
                if not m.noise:
                    grouped.setdefault(m.sentence, []).append(m)
        return grouped

    def near(self, kinds: frozenset[str], ranges: list[tuple[float, float]]) -> list[Mention]:
        """Mentions of these kinds with any value in the ranges, in text order: a bucket index by whole value,
        built once per source and kinds."""
        index = self.__dict__.setdefault("_value_index", {})
        buckets = index.get(kinds)
        if buckets is None:
            buckets = index[kinds] = {}
            for m in self.mentions_of(kinds):
                for key in _value_keys(m.quantity):
                    buckets.setdefault(key, []).append(m)
        seen: dict[int, Mention] = {}
        for lo, hi in ranges:
            for key in range(math.floor(lo), math.floor(hi) + 1):
                for m in buckets.get(key, ()):
                    seen.setdefault(id(m), m)
        return sorted(seen.values(), key=lambda m: m.quantity.start)

    def mentions_of(self, kinds: frozenset[str]) -> list[Mention]:
        """The mentions of these kinds, in text order: an index by kind built once per source, so a claim
        looks at the numbers it could match instead of every number the source states."""
        index = self.__dict__.get("_kind_index")
        if index is None or index[0] is not self.mentions or index[1] != len(self.mentions):
            index = self.__dict__["_kind_index"] = (self.mentions, len(self.mentions), {})
        found = index[2].get(kinds)
        if found is None:
            found = index[2][kinds] = [m for m in self.mentions if m.quantity.kind in kinds]
        return found


def _value_keys(q: Quantity) -> set[int]:
    keys = {q.value, q.percent, q.numerator, q.denominator, q.months}
    return {math.floor(k) for k in keys if k is not None and math.isfinite(k)}


def _line_noise(lines: list[str]) -> list[str]:
    """Why each line is noise, or '' for content."""
    reasons: list[str] = []
    in_refs = False
    for index, raw in enumerate(lines):
        line = raw.strip()
        if _SECTION_START.match(line) and _entries_follow(lines, index):
            in_refs = True
            reasons.append("reference list")
            continue
        if _SECTION_END.match(line):
            in_refs = False
        words = re.findall(r"[A-Za-z]{2,}", line)
        if not line:
            reasons.append("")
        elif in_refs:
            reasons.append("reference list")
        elif _REFERENCE_ENTRY.match(raw) or _CITATION_LINE.search(line) or _JOURNAL_LINE.match(line):
            reasons.append("reference entry")
        elif _CHROME_LINE.match(line):
            reasons.append("page chrome")
        elif re.fullmatch(r"[\W\d_]*", line):
            reasons.append("lone number (menu or page chrome)")
        elif len(words) < 6 and not line.endswith((".", "?", "!")):
            reasons.append("page chrome (short line, not a sentence)")
        else:
            reasons.append("")
    return reasons


def _entries_follow(lines: list[str], index: int) -> bool:
    """A 'References' heading starts a list only if reference entries follow (not a menu tab)."""
    following = [line for line in lines[index + 1:index + 12] if line.strip()][:3]
    return any(_REFERENCE_ENTRY.match(line) or _CITATION_LINE.search(line) for line in following)


# A run of end marks is tried where it starts (unless an abbreviation stands before it) and, failing that, from
# its second mark only: later starts would find the same end, so trying each was quadratic in the run.
_SENT_END = re.compile(r"(?=[.!?…])(?:(?<!\bet al)(?<!\bFig)(?<!\bNo)(?<!\bvs)(?<!\be\.g)(?<!\bi\.e)(?<!\bapprox)(?<!\b[A-Z])"
                       r"(?<![.!?…])|(?<=[.!?…])(?<![.!?…]{2}))"
                       r"[.!?…]++[”\"')\]]*+(?=\s+[“\"(]?[A-Z0-9]|[A-Z][a-z])")


_CELL_BREAK = re.compile(r"(?=[↑↓])")  # scraped tables: each arrow starts a new cell


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans in one line of text (also splits 'end.Next', as scraped text glues them, and table cells)."""
    spans, start = [], 0
    for m in sorted([*_SENT_END.finditer(text), *_CELL_BREAK.finditer(text)], key=lambda m: m.end()):
        end = m.end()
        if text[start:end].strip():
            spans.append((offset + start, offset + end))
        start = end
    if text[start:].strip():
        spans.append((offset + start, offset + len(text)))
    return spans


_ABBREV = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)?)\s*\)")


MAX_ABBREVIATIONS_TRIED = 20_000  # bounded time on a source that is nothing but "(AB) (AC) (AD) ..."


def find_abbreviations(text: str) -> dict[str, str]:
    """'interstitial lung disease (ILD)' -> {'ild': 'interstitial lung disease'} (Schwartz–Hearst, simplified)."""
    found: dict[str, str] = {}
    tried = 0
    for m in _ABBREV.finditer(text):
        abbr = m.group(1)
        if abbr.lower() in found:
            continue  # the first definition wins: later ones are never read
        tried += 1
        if tried > MAX_ABBREVIATIONS_TRIED:
            break
        letters = [c for c in abbr if c.isalpha()]
        if len(letters) < 2 or sum(c.isupper() for c in abbr) < 2 or len(abbr) > 10:
            continue
        before = re.split(r"[\s\-/]+", text[max(0, m.start() - 160):m.start()].strip())
        before = [w.strip(",;:") for w in before if w.strip(",;:")]
        for n in range(len([c for c in abbr if c.isupper()]), len(letters) + 4):
            if n > len(before):
                break
            words = before[-n:]
            if words[0][:1].lower() == letters[0].lower() and all(re.match(r"[A-Za-z]", w) for w in words):
                found.setdefault(abbr.lower(), " ".join(words).lower())
                break
    return found


def analyse(source: Source) -> Source:
    """Analyse a source now (it is otherwise analysed when first asked)."""
    source.analysed()
    return source


_COUNT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
                "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "dozen",
                "single", "half", "third", "quarter")
# what could be a number: at least one per number (the lookahead spares the word list at most letters)
_COUNTABLE = re.compile(rf"\d+|{first_letter_of(_COUNT_WORDS)}\b(?:{'|'.join(_COUNT_WORDS)})\b", re.I)
_SENTENCE_MARK = re.compile(r"[.!?…↑↓]")
# Every number find_quantities reads holds one of these (a superset: substrings, no word boundaries).
_NUMBER_HINTS = ("phase", "half", "third", "quarter", "single", "dozen", "year", "yr", "mo", "week", "wk", "day",
                 "hour", "minute", "decade", "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
                 "nine", "ten", "eleven", "twelve", "teen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
                 "eighty", "ninety")
_DIGIT = re.compile(r"\d")


def _may_hold_number(text: str) -> bool:
    """False only for text in which find_quantities finds nothing: a cheap look (C string searches) first."""
    if _DIGIT.search(text):
        return True
    low = text.lower()
    return any(hint in low for hint in _NUMBER_HINTS)


def analyse_text(text: str) -> Analysis:
    """Sentences, mentions and abbreviations of a source's text. A text with more sentences or numbers than the
    limits allow is not read further (bounded time and memory per byte): its Analysis says why, and is empty."""
    from .settings import SETTINGS

    max_sentences, max_numbers = (SETTINGS["limits"]["max_source_sentences"], SETTINGS["limits"]["max_source_numbers"])
    # Counted first, in one pass each, so an oversized source is refused before anything is built for it.
    if _COUNTABLE.subn("", text)[1] > max_numbers:
        return Analysis(problem=f"states more than {max_numbers} numbers (the limit)")
    if _SENTENCE_MARK.subn("", text)[1] + text.count("\n") > max_sentences:
        return Analysis(problem=f"has more than {max_sentences} sentences (the limit)")
    out = Analysis()
    lines = text.split("\n")
    reasons = _line_noise(lines)
    pos = 0
    for number, (line, reason) in enumerate(zip(lines, reasons), start=1):
        for s, e in split_sentences(line, pos):
            out.sentences.append(Sentence(s, e, number, text[s:e], reason))
        pos += len(line) + 1
        if len(out.sentences) > max_sentences:
            return Analysis(problem=f"has more than {max_sentences} sentences (the limit)")
    norm = normalise(text)
    noise_at = _SpanIndex(noise_spans(norm))
    for index, sentence in enumerate(out.sentences):
        if not _may_hold_number(sentence.text):
            continue  # no digit, number word, share or time word: no number to find (a cheap look first)
        for q in source_quantities(sentence.text):
            vs = sentence.start + max(q.value_start, q.start)
            noise = sentence.noise
            if not noise:
                noise = noise_at(vs) if q.kind != "registry" else ""
            if q.kind == "registry" and sentence.noise.startswith(("page chrome", "lone")):
                noise = ""  # "ClinicalTrials.gov Identifier: NCT00962923." on a line of its own
            q = q.shifted(sentence.start)
            out.mentions.append(Mention(q, index, sentence.line, noise))
        if len(out.mentions) > max_numbers:
            return Analysis(problem=f"states more than {max_numbers} numbers (the limit)")
    _pair_respectively(out)
    content = "\n".join(s.text for s in out.sentences if not s.noise)
    out.abbreviations = find_abbreviations(content)
    return out


def noise_spans(norm: str) -> list[tuple[int, int, str]]:
    """The noise inside a source's content lines (DOIs, citations, figure labels, ...): (start, end, why). A
    pattern runs only on text holding one of its literals (a C-speed look: each pass over a large source costs)."""
    folded = norm.casefold()
    out: list[tuple[int, int, str]] = []
    for reason, pattern, literals in _NOISE_SPANS:
        within = folded if pattern.flags & re.IGNORECASE.value else norm
        if literals and not any(literal in within for literal in literals):
            continue
        group = "span" if "span" in pattern.groupindex else 0
        for m in pattern.finditer(norm):
            if _REGISTRY.fullmatch(m.group(group).strip()):
                continue
            out.append((m.start(group), m.end(group), reason))
    return out


class _SpanIndex:
    """Which labelled span covers an offset: the first in list order, as a scan of the list would find."""

    def __init__(self, spans: list[tuple[int, int, str]]):
        self._spans = sorted((s, e, order, label) for order, (s, e, label) in enumerate(spans) if e > s)
        self._starts = [span[0] for span in self._spans]
        self._longest = max((e - s for s, e, _, _ in self._spans), default=0)

    def __call__(self, offset: int) -> str:
        best = None
        i = bisect_right(self._starts, offset) - 1
        while i >= 0 and self._starts[i] > offset - self._longest:
            s, e, order, label = self._spans[i]
            if offset < e and (best is None or order < best[0]):
                best = (order, label)
            i -= 1
        return best[1] if best else ""


def _pair_respectively(source: Analysis) -> None:
    """Pair 'A1, A2 and A3 at T1, T2 and T3, respectively' so A2 only supports claims about T2."""
    by_sentence: dict[int, list[Mention]] = {}
    for m in source.mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    for index, mentions in by_sentence.items():
        sentence = source.sentences[index]
        if "respectively" not in sentence.text.lower():
            continue
        depth, depths = 0, []
        for ch in sentence.text:
            depth += ch == "("
            depths.append(depth)
            depth -= ch == ")" and depth > 0
        top = [m for m in mentions if depths[m.quantity.start - sentence.start] == 0]
        times = []
        while top and top[-1].quantity.kind == "duration":
            times.insert(0, top.pop())
        values = top[-len(times):] if times else []
        if not times:  # "3.5 and 1.5, respectively": the values go to the members of a group, in order
            listed = _listed_before_respectively(sentence.text, sentence.start, top)
            for rank, value in enumerate(listed):
                value.rank = rank
        if len(times) >= 2 and len(values) == len(times):
            for value, time in zip(values, times):
                value.paired = time.quantity
            # "13.95 (SD = 8.49, n = 41), 13.29 (...)": what a value's parenthesis says is at the value's time too
            owner = None
            for m in mentions:
                if depths[m.quantity.start - sentence.start] == 0:
                    owner = m
                elif owner is not None and owner.paired is not None and m.paired is None:
                    m.paired = owner.paired


_LIST_GAP = re.compile(r"\s*+(?:,\s*+(?:and\s++)?|and\s++|&\s*+)", re.I)


def _listed_before_respectively(text: str, offset: int, mentions: list[Mention]) -> list[Mention]:
    """The values listed right before ', respectively' ('to 3.5 and 1.5, respectively'), in order; [] if none."""
    at = re.search(r"\brespectively\b", text, re.I)
    if at is None:
        return []
    end = len(text[:at.start()].rstrip().rstrip(",").rstrip())  # the list ends before ", respectively"
    before = [m for m in mentions if m.quantity.end - offset <= end]
    listed: list[Mention] = []
    for m in reversed(before):
        gap = text[m.quantity.end - offset:end]
        if (listed and not _LIST_GAP.fullmatch(gap)) or (not listed and gap.strip()):
            break
        listed.insert(0, m)
        end = m.quantity.start - offset
    return listed if len(listed) >= 2 else []


def _decode_source(path: Path, raw: bytes) -> tuple[str, str]:
    if not raw.strip():
        return "", "is empty"
    if b"\x00" in raw[:8192]:
        return "", "is a binary file, not text"
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError as exc:
        return "", f"is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})"


@dataclass
class Library:
    """All sources of one sources folder, by every id they answer to."""

    folder: Path
    by_id: dict[str, Source] = field(default_factory=dict)
    catalog_path: str = ""
    catalog_lines: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    works: tuple = ()  # the catalog's descriptions of the works pages name (linter.works.Work)

    def get(self, source_id: str) -> Source | None:
        return self.by_id.get(source_id)

    def all(self) -> list[Source]:
        return list({id(s): s for s in self.by_id.values()}.values())



OUTSIDE_PROBLEM = "links outside the sources folder"


def valid_source_id(source_id: str) -> bool:
    return bool(_ID_RE.match(source_id)) and ".." not in source_id


def load_library(folder: str | Path, max_bytes: int = 5_000_000) -> Library:
    """Read every source in `folder` (not below it) and the catalog, if there is one."""
    folder = Path(folder)
    library = Library(folder)
    root = folder.resolve()
    catalog = _read_catalog(folder, library)
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in SOURCE_SUFFIXES or not path.is_file():
            continue
        try:
            if not path.resolve().is_relative_to(root):
                library.problems.append(f"{path.name}: links outside the sources folder; ignored")
                outside = Source(path.stem, path.stem, str(path), "", problem=OUTSIDE_PROBLEM)  # never read
                library.by_id.setdefault(path.stem, outside)
                continue
            raw = path.read_bytes()[: max_bytes + 1]
        except OSError as exc:
            library.problems.append(f"{path.name}: cannot be read ({exc.strerror})")
            continue
        text, problem = _decode_source(path, raw)
        if len(raw) > max_bytes:
            text, problem = "", f"is larger than {max_bytes // 1_000_000} MB"
        meta = catalog.get(path.name) or catalog.get(path.stem) or {}
        source = Source(str(meta.get("id") or path.stem), path.stem, str(path), text, meta, problem=problem,
                        digest=hashlib.sha256(raw).hexdigest())
        for key in source.ids:
            library.by_id[key] = source
    return library


def _read_catalog(folder: Path, library: Library) -> dict[str, dict]:
    from .page import load_limited_yaml
    from .settings import SETTINGS

    for name in CATALOG_NAMES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            if not path.resolve().is_relative_to(folder.resolve()):
                library.problems.append(f"{name}:1:1: PG009 the catalog links outside the sources folder; not read")
                return {}
            max_bytes = SETTINGS["limits"]["max_catalog_bytes"]
            with path.open("rb") as handle:
                raw = handle.read(max_bytes + 1)
        except OSError as exc:
            library.problems.append(f"{name}: the catalog cannot be read ({exc.strerror or type(exc).__name__})")
            return {}
        data, findings = load_limited_yaml(name, raw, max_bytes)
        if findings:
            library.problems.extend(f"{name}:{f.line}:{f.column}: {f.code} the catalog is not read: {f.message}"
                                    for f in findings[:1])
            return {}
        text = raw.decode("utf-8-sig")
        data = data or {}
        entries = data.get("sources", data) if isinstance(data, dict) else data
        library.works = read_works(data.get("works")) if isinstance(data, dict) else ()
        if not isinstance(entries, list):
            library.problems.append(f"{name}: the catalog must be a list of sources")
            return {}
        library.catalog_path = str(path)
        out = {}
        for entry in entries:
            if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                file_name = Path(entry["file"]).name  # only ever a file directly in the sources folder
                if file_name != entry["file"].replace("\\", "/").removeprefix("./"):
                    library.problems.append(f"{name}: '{entry['file']}' is not a file name in the sources folder; "
                                            f"read as '{file_name}'")
                out[file_name] = entry
                if "id" in entry:
                    library.catalog_lines[str(entry["id"])] = _line_of(text, f"id: {entry['id']}")
        return out
    return {}


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1
