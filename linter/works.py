"""Whose number is it: the works a page talks about and the works a source's sentences report.

The catalog (`works:` in the sources folder's `sources.yaml`) describes each work a page may name: its kind,
authors, year, journal, places, condition and short names, never numbers from the texts. The same scorer reads
both sides:

- a page clause that names a work ("the Nanjing team", "Zhang and colleagues (2017)", "the 2016 case report")
  is about that work; a clause that names none takes its sentence's work, and a sentence that refers back
  ("that report", "their") the previous sentence's;
- a source sentence belongs to the work its nearest citation names ("Zhang et al (2017) ... in 14 patients"),
  else to the work its paragraph names (a news article's paragraph about "the French trial"), else to the
  source's own work (`work:` of its catalog entry).

A number in a clause about work W is supported only by a statement about W; when either side names no work,
the slot is unknown and never vetoes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .concepts import places_in

MIN_SCORE = 2  # a work is named when its features in a clause add up to this much
_REVIEW_LIST = 4  # a sentence citing this many works speaks for the citing review, not for any one of them

# weights of what can name a work
_AUTHOR, _REGISTRY, _JOURNAL, _NAME, _YEAR, _CITY, _KIND, _COUNTRY, _CONDITION = 3, 3, 3, 2, 2, 2, 1, 1, 1

# "Zhang et al (2017)", "Wehbe et al, 2016", "Zhang and colleagues", "Zhang's team": one group's work
CITATION = re.compile(r"\b([A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)\s+(?:et\s+al\b\.?|and\s+(?:colleagues|co-?workers|"
                      r"co-?authors|his\s+colleagues|her\s+colleagues|team)\b)(?:,?\s*\(?\s*((?:19|20)\d\d))?")
_POSSESSIVE_TEAM = re.compile(r"\b([A-Z][a-z]+)['’]s?\s+(?:team|group|study|trial|report|paper|lab)\b")
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
# a year that names a work: "the 2016 case report", "a 2018 series", "Wang and colleagues (2013)", "(Wehbe, 2016)"
_WORK_NOUN = r"(?:study|trial|report|paper|series|review|article|cohort|case|analysis|follow-up|publication)"
_NAMING_YEARS = (
    re.compile(rf"\b(?P<y>(?:19|20)\d\d)(?:['’]s)?\s+(?:[A-Za-z-]+\s+){{0,2}}?{_WORK_NOUN}\b"),
    re.compile(r"\(\s*(?:[A-Z][a-z]+(?:\s+et\s+al\.?)?,?\s+)?(?P<y>(?:19|20)\d\d)\s*\)"),
    re.compile(rf"\b{_WORK_NOUN}\s+(?:from|of|published\s+in|in)\s+(?P<y>(?:19|20)\d\d)\b"),
)
# a year that is one end of a period ("from 2009 to 2017", "2009–2017") or part of a date ("in June 2019") dates
# an event, not a work
_PERIOD_YEAR = re.compile(r"\b(?:19|20)\d\d\s*(?:to|and|through|until|till|[–—-])\s*(?:19|20)\d\d\b"
                          r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d\b")
# where one clause of a sentence ends and another, possibly about another work, starts
_SEGMENT_BREAK = re.compile(r";|:\s|,\s*(?:and\s+|but\s+|while\s+|whereas\s+|meanwhile\s+|by\s+contrast\s+)?(?=(?:the|a|an|"
                            r"and|but|while|whereas|meanwhile|in|by|its|their|which|where|so|meaning|leaving)\b)|\s(?:while|whereas|where)\s|\s+and\s+(?=(?:the|a|an|its|their)\s)",
                            re.I)
# a sentence that speaks of what the previous one named
_REFERS_BACK = re.compile(r"\b(?:it|its|they|their|them|these|those|both|the same|that (?:study|report|trial|"
                          r"paper|team|series|work|group)|this (?:study|report|trial|paper|team|series)|the (?:study|"
                          r"report|trial|paper|team|researchers|authors|series|group)|there)\b", re.I)
_HEADING = re.compile(r"^[^.!?:;]{3,90}$")


@dataclass(frozen=True)
class Work:
    """One piece of research as the catalog describes it."""

    id: str
    label: str  # how a message names it ("the 2016 case report")
    kind: str = ""
    authors: tuple[str, ...] = ()
    year: int | None = None
    journal: str = ""
    places: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    registry_ids: tuple[str, ...] = ()


def _strings(value) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(str(v) for v in value if isinstance(v, (str, int)) and str(v).strip())
    return ()


def read_works(entries) -> tuple[Work, ...]:
    """The catalog's `works:` list as Work records; malformed entries are skipped."""
    out = []
    for entry in entries if isinstance(entries, list) else ():
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        year = entry.get("year")
        year = int(year) if isinstance(year, int) or (isinstance(year, str) and year.isdigit()) else None
        kind = str(entry.get("kind") or "")
        label = str(entry.get("label") or f"the {year or ''} {kind or 'work'}".replace("  ", " "))
        out.append(Work(entry["id"], label, kind, _strings(entry.get("authors")), year, str(entry.get("journal") or ""),
                        _strings(entry.get("places")), _strings(entry.get("names")), _strings(entry.get("conditions")),
                        tuple(s.upper() for s in _strings(entry.get("registry_ids")))))
    return tuple(out)


@lru_cache(maxsize=4096)
def _phrase(phrase: str) -> re.Pattern:
    words = [re.escape(w) for w in re.split(r"[\s-]+", phrase.strip()) if w]
    return re.compile(r"(?<![\w-])" + r"[\s-]+".join(words) + r"(?![\w-])", re.I)


@lru_cache(maxsize=1024)
def _author(surname: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(surname) + r"(?![\w-])")  # case-sensitive: "Sun", not "sun"


class Works:
    """Resolves text to the works it names, with the catalog's works."""

    def __init__(self, works: tuple[Work, ...]):
        self.works = works
        self.by_id = {w.id: w for w in works}
        self._source_cache: dict[tuple[str, str], list[frozenset[str]]] = {}

    def __bool__(self) -> bool:
        return bool(self.works)

    def label(self, work_ids: frozenset[str]) -> str:
        names = sorted(self.by_id[w].label if w in self.by_id else f"{w.split(':', 1)[-1].title()} et al's work"
                       for w in work_ids)
        return " or ".join(names)

    # --- naming ------------------------------------------------------------------------------------

    def named(self, text: str, skip: tuple[int, int] | None = None, strong: bool = False) -> frozenset[str]:
        """The works a stretch of text names: the best-scoring catalog works, or the authors it cites that the
        catalog does not know ('cited:granel'). `skip` is a span not to read (a year claim must not name its work
        by itself)."""
        years = {int(m.group("y")) for pattern in _NAMING_YEARS for m in pattern.finditer(text)
                 if skip is None or not skip[0] <= m.start("y") < skip[1]}
        if skip is not None:
            text = text[:skip[0]] + " " * (skip[1] - skip[0]) + text[skip[1]:]
        if not text.strip():
            return frozenset()
        scores: dict[str, int] = {}
        countries = places_in(text)
        for w in self.works:
            score = 0
            if any(_author(a).search(text) for a in w.authors):
                score += _AUTHOR
            if any(r in text.upper() for r in w.registry_ids):
                score += _REGISTRY
            if w.journal and _phrase(w.journal).search(text):
                score += _JOURNAL
            if any(_phrase(n).search(text) for n in w.names):
                score += _NAME
            if w.year is not None and w.year in years:
                score += _YEAR
            for place in w.places:
                if _phrase(place).search(text):
                    score += _CITY
                    break
            if countries and countries & places_in(" ".join(w.places)):
                score += _COUNTRY
            if strong and score < MIN_SCORE:
                continue  # a source paragraph names a work by who, where, when or what it is called
            if w.kind and _phrase(w.kind).search(text):
                score += _KIND
            if any(_phrase(c).search(text) for c in w.conditions):
                score += _CONDITION
            if score:
                scores[w.id] = score
        best = max(scores.values(), default=0)
        found = {w for w, s in scores.items() if s == best} if best >= MIN_SCORE else set()
        if best < _AUTHOR:
            found |= {f"cited:{m.group(1).lower()}" for m in CITATION.finditer(text)
                      if not any(m.group(1) in w.authors for w in self.works)}
        return frozenset(found)

    def clause(self, text: str, sentence: tuple[int, int], at: int) -> tuple[int, int]:
        """The clause of a sentence that holds offset `at`."""
        return clause_at(text, sentence, at)

    def of_claim(self, text: str, sentence: tuple[int, int], at: int, previous: tuple[int, int] | None,
                 skip: tuple[int, int] | None = None) -> frozenset[str]:
        """The work a number at `at` in a page sentence is about: its clause's, else the nearest clause before (or
        after) it that names one, else the previous sentence's when this one refers back."""
        start, end = sentence
        bounds = [start] + [m.end() + start for m in _SEGMENT_BREAK.finditer(text[start:end])] + [end]
        segments = [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
        named = [self.named(text[a:b], _local(skip, a, b)) for a, b in segments]
        mine = next((i for i, (a, b) in enumerate(segments) if a <= at < b), len(segments) - 1)
        if named[mine]:
            return named[mine]
        if skip is not None and any(m.start("y") <= skip[0] < m.end("y") for pattern in _NAMING_YEARS
                                    for m in pattern.finditer(text, segments[mine][0], segments[mine][1])):
            return frozenset()  # "a 2017 update": the year is the claim and the work's only name
        for i in range(mine - 1, -1, -1):
            if named[i]:
                return named[i]
        if previous is not None and _REFERS_BACK.search(text[start:end]):
            before = self.named(text[previous[0]:previous[1]])
            if before:
                return before
        for i in range(mine + 1, len(segments)):
            if named[i]:
                return named[i]
        return frozenset()

    # --- sources -----------------------------------------------------------------------------------

    def of_source(self, source) -> list[frozenset[str]]:
        """For each sentence of a source, the work it reports (frozenset() when unknown); worked out once."""
        key = (source.digest, source.stem)
        if key not in self._source_cache:
            self._source_cache[key] = self._source_works(source)
        return self._source_cache[key]

    def _source_works(self, source) -> list[frozenset[str]]:
        own = frozenset(_strings(source.meta.get("work"))) & frozenset(self.by_id)
        lines = source.text.split("\n")
        paragraph: dict[int, frozenset[str]] = {}
        carried: frozenset[str] = frozenset()
        for number, line in enumerate(lines, 1):
            stripped = line.strip()
            if not stripped:
                continue
            if _HEADING.match(stripped) and not _YEAR_RE.search(stripped):
                carried = frozenset()  # a heading starts another topic
                continue
            found = self.named(CITATION.sub(" ", line), strong=True)
            found = frozenset(w for w in found if not w.startswith("cited:"))
            if found:
                carried = found
            paragraph[number] = carried or own
        out: list = []
        for sentence in source.sentences:
            cited = list(CITATION.finditer(sentence.text))
            if len(cited) >= _REVIEW_LIST:
                out.append(frozenset())  # "Ten clinical studies ... (Granel et al, 2015; Wehbe et al, 2016; ...)"
            elif cited:
                out.append(_CitedSentence(self, cited))  # resolved per number: the citation nearest it
            else:
                out.append(paragraph.get(sentence.line, own))
        return out

    def of_mention(self, source, mention) -> frozenset[str]:
        works = self.of_source(source)[mention.sentence]
        if isinstance(works, _CitedSentence):
            sentence = source.sentences[mention.sentence]
            return works.at(mention.quantity.start - sentence.start)
        return works


class _CitedSentence:
    """A source sentence that cites works: each number belongs to the citation nearest it."""

    def __init__(self, works: Works, citations: list[re.Match]):
        self.works = works
        self.citations = citations

    def at(self, offset: int) -> frozenset[str]:
        nearest = min(self.citations, key=lambda m: min(abs(m.start() - offset), abs(m.end() - offset)))
        surname, year = nearest.group(1), nearest.group(2)
        known = [w for w in self.works.works if surname in w.authors and (not year or w.year in (None, int(year)))]
        return frozenset(w.id for w in known) or frozenset({f"cited:{surname.lower()}"})


def clause_at(text: str, sentence: tuple[int, int], at: int, cited: bool = False) -> tuple[int, int]:
    """The clause of a sentence (split where another subject may start: ';', ', while', ', and the ...') holding
    offset `at`. In a source (`cited`), a citation also ends a clause ('... 1.5 (Wehbe et al, 2016) which ...')."""
    start, end = sentence
    breaks = [m.end() + start for m in _SEGMENT_BREAK.finditer(text[start:end])]
    if cited:
        breaks += [m.end() + start for m in CITATION.finditer(text[start:end])]
    bounds = [start] + sorted(set(breaks)) + [end]
    for a, b in zip(bounds, bounds[1:]):
        if a <= at < b:
            return a, b
    return start, end


def _local(skip: tuple[int, int] | None, a: int, b: int) -> tuple[int, int] | None:
    if skip is None or skip[1] <= a or skip[0] >= b:
        return None
    return max(skip[0], a) - a, min(skip[1], b) - a


__all__ = ["CITATION", "Work", "Works", "read_works"]
