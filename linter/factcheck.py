"""The fact-check: every number on a page against the sources the page cites.

A claim is supported when a cited source states the same quantity (as intervals of stated precision,
widened or directed by hedges) about the same thing (counted noun and sentence context), outside noise.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from .concepts import Vocabulary, doc_tokens, load_vocabulary, places_in
from .language import lemma, phrase_keys, plain_tokens, sentence_spans
from .model import Claim, Evidence
from .nlp import parsed_docs
from .readability import strip_markdown
from .numbers import HEDGES, Quantity, find_quantities, normalise, word_value
from .page import Page, TextField
from .sources import Mention, Source, find_abbreviations
from .settings import data_file
from .slots import AXES, ROLE_REACH, Conflict, Frame, conflicts, directions_in, directions_near, ordinal_near, role_near
from .works import Works, clause_at, clauses, in_a_period, year_names_a_work
from .records import bibliographic, bibliographic_count, identified_reference, named_reference
from .stretches import _CLAUSE_BREAK, VALUE_KINDS, clause_breaks, number_stretches, own_and_others, bare_ones  # noqa: F401

# "all 41 patients", "of the 41 people", "among its 14", "a trial of 20 patients": a number naming a whole group
_GROUP_BEFORE = re.compile(r"(?:\ball|\b(?:of|among|amongst|across)\s+(?:the|all|these|those|its|their)|\b(?:its|their)|"
                           r"\b(?:study|trial|cohort|series|report|group|follow-up)\s+(?:of|in|with|enrolling|including))"
                           r"\s+$", re.I)
# "72% of all the people treated", "of everyone": a percentage of the whole group, not of a subgroup
_WHOLE_GROUP_BASE = re.compile(r"\s+of\s+(?:all\b|everyone\b|everybody\b|the\s+(?:whole|entire)\b)", re.I)
_PERCENT_BASE = re.compile(r"\s+of\s+(?:the|all|these|those)?\s*", re.I)
BASELINE_RE = re.compile(r"\b(before (?:the |their |any )?(?:treatment|therapy|transplant\w*|infusion)|at (?:the )?(?:start|baseline|beginning)|at first)\b", re.I)
BASELINE_TIME = Quantity(0, 0, "baseline", 0.0, "duration", 0.0, -0.5, 0.5, unit="month")
_PUBLICATION_NEAR = re.compile(r"\b(publish\w*|report(?:ed|s)?|paper|article|journal|appear(?:ed|s)?|print(?:ed)?|"
                               r"release[ds]?|c[oa]me\s+out)\b", re.I)
_AUTHOR_YEAR = re.compile(r"\b(?:et\s+al\.?|and\s+(?:colleagues|co-?workers|co-?authors))['’]?,?\s*\(?\s*$", re.I)
PUBLICATION_RE = re.compile(r"\b(publish\w*|report(?:ed)? in|appeared|journal)\b", re.I)
NEGATIVE_OUTCOME = re.compile(r"\b(died|die|dies|death|deaths|dead|did not survive|not alive|lost|no longer|mortality|"
                              r"(?:did|does|do|had) not (?:stay|remain|hold|keep)(?: \w+)? (?:stable|steady)|"
                              r"not stable|neither improved nor (?:held|stayed|remained) (?:steady|stable)|"
                              r"(?:did|had|were) not(?=\s*(?:[.;,)]|$)))", re.I)  # "..., meaning 3 of 8 did not."
STATUS_CODES = {"unsupported": "FC001", "context_mismatch": "FC002", "out_of_tolerance": "FC003", "inconsistent": "FC004"}
NEAR_RELATIVE = 0.15  # a same-kind value within 15% is "close": out of tolerance rather than absent
SOURCE_REACH = 90  # a source number's measures are named this close to it (a flattened table row runs on)
MAX_SIBLINGS = 8  # enough to recognise one statement; bounded so a sentence of 1,000 numbers stays linear


@dataclass(frozen=True)
class Verdict:
    """What the judge decides about one claim, as plain data."""

    status: str  # supported | unsupported | context_mismatch | out_of_tolerance | inconsistent | suppressed
    evidence: tuple[Evidence, ...] = ()
    note: str = ""
    conflict: Conflict | None = None  # the slot on which the nearest source statement disagrees


@dataclass
class PageClaim:
    """A claim while it is being judged."""

    field: TextField
    q: Quantity
    sentence: tuple[int, int]
    sentences: tuple[tuple[int, int], ...] = ()  # its field's sentences, as the parser found them
    concepts: frozenset = frozenset()
    noun: str = ""
    negative: bool = False
    publication: bool = False
    times: tuple[Quantity, ...] = ()  # durations stated in the same sentence ("after 5 years")
    own_times: tuple[Quantity, ...] = ()  # those of its own stretch ("12.39 at three years"), or baseline ("from 9.5")
    matches: list | None = None  # (source, mention) pairs stating the value, found before judging
    base: Quantity | None = None  # "72% of the 41 people": the group a percentage is of
    siblings: tuple[Quantity, ...] = ()  # other distinctive numbers in the same sentence
    whole_group: bool = False  # "72% of all [41] patients", "all [41] patients": the size of the group studied
    stretch: tuple[int, int] | None = None  # its own stretch of its sentence, between its neighbours' (VALUE_KINDS)
    own: frozenset = frozenset()  # measures and groups its stretch names and no other number's does
    others: frozenset = frozenset()  # those only other numbers' stretches name
    groups: tuple[Quantity, ...] = ()  # the whole groups its sentence names ("in the study of 14 people")
    works: frozenset = frozenset()  # the catalog works its clause is about ("the Nanjing team"); empty: unknown
    topic: frozenset = frozenset()  # the measures and conditions its own clause names ("lung scarring", "alive")
    frame: Frame = Frame()  # what it is about, slot by slot (linter/slots.py)
    conflict: Conflict | None = None  # the slot on which the nearest source statement disagrees
    status: str = "unsupported"
    evidence: list[Evidence] = field(default_factory=list)
    note: str = ""
    pinned: bool = False

    def apply(self, verdict: Verdict) -> None:
        """Take a verdict (the judge's, the page's own arithmetic, a writer's pin or suppression): the one place a
        claim's status, evidence and note are set."""
        self.status, self.evidence, self.note, self.conflict = (verdict.status, list(verdict.evidence), verdict.note,
                                                                verdict.conflict)


# --- value comparison ----------------------------------------------------------------------------

def _overlap(low: float, high: float, value: float, half: float) -> bool:
    """Does the claim's interval [low, high) hold the value the source states? (statcheck's rule)

    The source's own precision (`half`) is not added: a claim more precise than its source is not confirmed by it.
    """
    del half
    return low - 1e-9 <= value < high - 1e-9 or value == low == high


def value_match(claim: Quantity, src: Quantity) -> bool:
    """Does the source quantity state the claim's value (kind-aware)?"""
    ck, sk = claim.kind, src.kind
    ways = {HEDGES.get(claim.hedge.lower()), HEDGES.get(src.hedge.lower())} if claim.hedge and src.hedge else set()
    if ways == {"above", "below"}:
        return False  # "at least seven" is not "up to seven": two bounds that point opposite ways
    if claim.hedge and src.hedge and HEDGES.get(claim.hedge.lower()) == HEDGES.get(src.hedge.lower()) != "around":
        # "up to 9" is not "up to 7": two bounds the same way must name the same bound.
        claim = replace(claim, low=claim.value - claim.half_unit, high=claim.value + claim.half_unit, hedge="")
    if ck in ("registry", "phase"):
        return sk == ck and claim.key == src.key
    if ck == "date":
        return sk == "date" and claim.value == src.value
    if ck == "year":
        return sk in ("year", "number") and claim.value == src.value
    if ck == "percent":
        if sk == "percent":
            return _overlap(claim.low, claim.high, src.value, src.half_unit)
        if sk == "fraction":
            return _overlap(claim.low, claim.high, src.percent or 0.0, 1e-6)
        return False
    if ck == "fraction":
        if sk == "fraction":
            if claim.numerator == src.numerator and claim.denominator == src.denominator:
                return True
            return _natural(claim) and _overlap(claim.low, claim.high, src.percent or 0.0, 1e-6)
        if sk == "percent":
            return _overlap(claim.low, claim.high, src.value, src.half_unit)
        return False
    if ck == "duration":
        if sk != "duration":
            return False
        f_c = claim.months / claim.value if claim.value else 1.0
        f_s = src.months / src.value if src.value else 1.0
        if f_c != f_s and not claim.hedge:
            # "1 year" is 12 months, not any span that rounds to a year ("six months" is not "1 year")
            return abs(claim.value * f_c - src.value * f_s) < 1e-9
        return _overlap(claim.low * f_c, claim.high * f_c, src.value * f_s, src.half_unit * f_s)
    # plain numbers: counts, measurements, scientific notation
    if claim.words and src.half_unit < 0.5:
        return False  # "three people" is a count; a measurement of 3.1 does not state it
    if sk in ("number", "year", "duration"):
        return _overlap(claim.low, claim.high, src.value, src.half_unit)
    if sk == "fraction":
        return claim.value in (src.numerator, src.denominator) and claim.hedge == ""
    return False


def _natural(q: Quantity) -> bool:
    return bool(q.hedge) or q.denominator in (10, 100, 1000)


def distance(claim: Quantity, src: Quantity) -> float:
    """Relative distance between comparable values (inf when they are not comparable)."""
    a, b = _comparable_value(claim), _comparable_value(src)
    if a is None or b is None or _family(claim) != _family(src):
        return math.inf
    return abs(a - b) / max(abs(a), abs(b), 1e-9)


def _family(q: Quantity) -> str:
    return {"fraction": "percent", "year": "number"}.get(q.kind, q.kind)


def _comparable_value(q: Quantity) -> float | None:
    if q.kind in ("percent", "fraction"):
        return q.percent
    if q.kind == "duration":
        return q.months
    if q.kind in ("number", "year", "date"):
        return q.value
    return None


# --- context -------------------------------------------------------------------------------------

class SourceContext:
    """Concepts of the cited sources' sentences, computed once per sentence per run (or kept in the cache).

    Source sentences are read without parsing (each word lemmatised out of context, linter.language): a source
    library can be megabytes, and the page side, where writers paraphrase freely, keeps the lemmas in context.
    """

    def __init__(self, vocab: Vocabulary | None = None, store=None, works: Works | None = None):
        self._vocab = vocab
        self.works = works if works is not None else Works(())
        self.frames: dict[tuple[str, int, int], Frame] = {}  # source frames, by source digest and mention
        self.store = store  # a linter.cache.Cache: concepts of a source's sentences kept between runs
        self._cache: dict[tuple[str, int], frozenset] = {}
        self._loaded: set[str] = set()
        self._unsaved: dict[str, Source] = {}  # sources whose concepts changed since the last save
        self._clauses: dict[tuple[str, str], frozenset] = {}
        self.stretches: dict[tuple[str, int], dict] = {}  # numbers' own stretches, by source digest and sentence

    @property
    def vocab(self) -> Vocabulary:
        """The vocabulary, loaded when a claim is first judged: a run whose pages all come from the cache never
        needs it, nor the lemmatizer behind it."""
        if self._vocab is None:
            self._vocab = load_vocabulary()
        return self._vocab

    def clause_concepts(self, clause: str, source: Source) -> frozenset:
        """The concepts of a stretch of a source, worked out once (a sentence's numbers share their clause)."""
        key = (source.digest, clause)
        found = self._clauses.get(key)
        if found is None:
            if len(self._clauses) > 100_000:
                self._clauses.clear()
            found = self._clauses[key] = self.vocab.concepts(plain_tokens(clause), source.abbreviations)
        return found

    def namer(self, kind: str, ids: frozenset) -> str:
        """How a message names works or concepts."""
        if kind == "work":
            return self.works.label(ids)
        return " / ".join(sorted(self.vocab.name(c) for c in ids)) or "something else"

    def prepare(self, sources: list[Source]) -> None:
        if self.store is not None:
            self._load_stored(sources)

    def prepare_sentences(self, pairs) -> None:
        """Lemmatise, in one batch, the source sentences that claims will be compared with (only those)."""
        todo = list({(s.digest, i): (s, i) for s, i in pairs if (s.digest, i) not in self._cache}.values())
        if not todo:
            return
        for s, i in todo:
            self._cache[(s.digest, i)] = self.vocab.concepts(plain_tokens(self.works.without_journals(
                s.sentences[i].text)), s.abbreviations)
            self._unsaved[s.digest] = s

    def save(self) -> None:
        """Keep the concepts worked out during a page's check in the cache: once, after judging, never inside it."""
        if self.store is not None:
            for s in self._unsaved.values():
                self.store.put("concepts", self._store_key(s), {i: c for (d, i), c in self._cache.items() if d == s.digest})
        self._unsaved.clear()

    def _store_key(self, source: Source) -> str:
        from .cache import code_digest, digest
        return digest(code_digest(), source.digest, repr(sorted(source.abbreviations.items())),
                      repr(sorted({w.journal for w in self.works.works})))  # journal titles are read past

    def _load_stored(self, sources: list[Source]) -> None:
        for s in sources:
            if s.digest in self._loaded:
                continue
            self._loaded.add(s.digest)
            stored = self.store.get("concepts", self._store_key(s))
            if isinstance(stored, dict):
                for i, concepts in stored.items():
                    if isinstance(i, int) and isinstance(concepts, frozenset):
                        self._cache.setdefault((s.digest, i), concepts)

    def concepts(self, source: Source, index: int) -> frozenset:
        if (source.digest, index) not in self._cache:
            self.prepare_sentences([(source, index)])
        return self._cache[(source.digest, index)]


# Words that end the noun phrase after a number: what follows them is not what the number counts.
_PHRASE_ENDS = frozenset("""with without who whom whose which that were was are is be been being had has have
did do does at in on for from to after before during by than and or but as into per among over under about
of since until while when where whereas who also still the a an this these those its their our
gave got took made went came saw found showed began grew fell rose became kept left lost felt ran brought split
underwent either neither both""".split())
_LEADING = frozenset({"of", "the", "all", "these", "those", "them", "us", "whom", "our", "their"})


def counted_words(text: str, end: int) -> list[str]:
    """The noun phrase after a number: what it counts ('41 [SSc patients] with ...', '72% of [interstitial lung
    disease (ILD) patients]', 'three of them [case reports]'). Parenthetical remarks are skipped. In a compound
    ('a two-[patient] report') the number counts the word it is joined to."""
    compound = re.match(r"-([A-Za-z]+)", text[end:end + 40])
    if compound:
        return [compound.group(1)]
    tail = re.sub(r"\([^()]*\)", " ", text[end:end + 120])
    tail = re.split(r"[,.;:()\[\]]", tail, maxsplit=1)[0]
    words = re.findall(r"[A-Za-z]+(?:['’]s\b|['’](?=\s|$))?|\d+", tail)
    while words and words[0].lower() in _LEADING:
        words.pop(0)
    phrase: list[str] = []
    for word in words[:4]:
        if word.lower() in _PHRASE_ENDS or word[0].isdigit():
            break  # a function word, an irregular verb or another number ends the phrase
        phrase.append(re.sub(r"['’]s?$", "", word))
        if phrase[-1] != word:
            break  # "the two patients' scores": the possessor is what is counted
    return phrase


# --- the check -----------------------------------------------------------------------------------

def find_matches(claim: PageClaim, sources: list[Source]) -> list[tuple[Source, Mention]]:
    """Every mention in the sources whose value states the claim's value (noise included, judged later)."""
    kinds = candidate_kinds(claim.q.kind)
    ranges = _claim_ranges(claim.q)
    out = []
    for source in sources:
        candidates = source.mentions_of(kinds) if ranges is None else source.near(kinds, ranges)
        out.extend((source, m) for m in candidates if value_match(claim.q, m.quantity))
    return out


MAX_BUCKETS = 200  # wider intervals (one-sided hedges on big values) scan the kind's mentions instead


def _claim_ranges(q: Quantity) -> list[tuple[float, float]] | None:
    """The value ranges a matching source number must fall in (in any unit it is compared in), or None."""
    if q.kind in ("registry", "phase", "date"):
        return None
    ranges = [(q.low, q.high)]
    if q.kind == "duration" and q.value:
        factor = (q.months or 0.0) / q.value
        ranges.append((q.low * factor, q.high * factor))
    if q.kind == "fraction":
        ranges += [(q.numerator, q.numerator), (q.value, q.value)]
    if q.kind == "number":
        ranges.append((q.value, q.value))  # as a fraction's numerator or denominator
    if any(not math.isfinite(lo) or not math.isfinite(hi) or hi - lo > MAX_BUCKETS for lo, hi in ranges):
        return None
    return ranges


def _comparable(claim: PageClaim, sources: list[Source]) -> list[tuple[float, Source, Mention]]:
    """Content mentions of the same family, with their distance: the nearest candidates for the message."""
    out = []
    for source in sources:
        for m in source.mentions_of(candidate_kinds(claim.q.kind)):
            if not m.noise and not value_match(claim.q, m.quantity):
                d = distance(claim.q, m.quantity)
                if d < math.inf:
                    out.append((d, source, m))
    return out


def judge(claim: PageClaim, sources: list[Source], ctx: SourceContext) -> Verdict:
    """What the cited sources say of one claim, as plain data: the claim is not changed here (run() applies it)."""
    matches = claim.matches if claim.matches is not None else find_matches(claim, sources)
    content = [(s, m) for s, m in matches if not m.noise]
    supported, mismatched = [], []
    for s, m in content:
        score = _context_score(claim, s, m, ctx)
        (supported if _agrees(score) else mismatched).append((score, s, m))
    if claim.q.kind == "fraction" and not supported:
        supported += _fraction_parts(claim, sources, ctx)
    if claim.q.kind == "number" and not supported:
        record = bibliographic_count(claim, matches)
        if record:
            return Verdict("supported", tuple(_evidence(s, m) for s, m in record[:3]))
    if claim.q.kind == "year" and not supported and (claim.publication or claim.works):
        cites = (bibliographic(claim, matches, ctx.works) or named_reference(claim, matches)
                 or identified_reference(claim, matches, ctx.works))
        if cites:
            return Verdict("supported", tuple(_evidence(s, m) for s, m in cites[:3]))
        for s in sources:
            if claim.works and s.meta.get("work") not in claim.works:
                continue  # the catalog's year is its own work's, not that of a work the page names
            if not claim.publication and not claim.works:
                continue
            if str(s.meta.get("year", "")) == str(int(claim.q.value)):
                return Verdict("supported", (Evidence(s.stem, f"year: {s.meta['year']} (catalog: {s.title})", 0),))
    if claim.q.kind == "registry" and not supported:
        for s in sources:
            if claim.q.key in [str(r).upper() for r in s.meta.get("registry_ids", []) or []]:
                supported.append((0, s, None))
    if not supported and (claim.q.kind in ("fraction", "percent") or (claim.q.kind == "number" and claim.negative)):
        complement = _complement(claim, sources, ctx)
        if complement:
            s, m = complement
            return Verdict("supported", (_evidence(s, m),), f"derived: the complement of {m.quantity.text.strip()}")
    if not supported and claim.q.kind == "number" and _CHANGE_BY.search(
            claim.field.text[max(0, claim.q.start - 30):claim.q.end + 12]):
        change = _difference(claim, sources, ctx)
        if change:
            s, m, n = change
            return Verdict("supported", (_evidence(s, m), _evidence(s, n)),
                           f"derived: the change from {m.quantity.text.strip()} to {n.quantity.text.strip()}")
    if supported:
        supported.sort(key=lambda t: -(t[0] or 0))
        return Verdict("supported", tuple(_evidence(s, m) for _, s, m in supported[:3]))
    if mismatched:
        mismatched.sort(key=lambda t: not isinstance(t[0], Conflict))  # a named slot says most
        conflict, s, m = mismatched[0]
        why = conflict.reason if isinstance(conflict, Conflict) else "about something else"
        return Verdict("context_mismatch", (_evidence(s, m),),
                       f"{s.stem} states {m.quantity.text.strip()} but {why}: “{_quote(s, m)[0]}” ({s.stem} line {m.line})",
                       conflict if isinstance(conflict, Conflict) else None)
    comparable = sorted(_comparable(claim, sources), key=lambda t: t[0])
    # "Out of tolerance": a rounded or hedged claim whose rounding went too far; an exact wrong value is unsupported.
    near = [(d, s, m) for d, s, m in comparable
            if d <= NEAR_RELATIVE and (claim.q.hedge or claim.q.half_unit > m.quantity.half_unit)
            and _agrees(_context_score(claim, s, m, ctx))]
    if near:
        _, s, m = near[0]
        return Verdict("out_of_tolerance", (),
                       f"source says {_say(m.quantity)}: “{_quote(s, m)[0]}” ({s.stem} line {m.line})")
    hints = []
    if comparable:
        _, s, m = comparable[0]
        hints.append(f"nearest: source says {_say(m.quantity)}, {s.stem} line {m.line}")
    noise = [(s, m) for s, m in matches if m.noise]
    if noise:
        s, m = noise[0]
        hints.append(f"{m.quantity.text.strip()} appears only in {m.noise} ({s.stem} line {m.line}), which never supports a claim")
    return Verdict("unsupported", (), "; ".join(hints) if hints else "no cited source states this number")


_CANDIDATE_KINDS = {"registry": ("registry",), "phase": ("phase",), "date": ("date",), "duration": ("duration",),
                    "year": ("year", "number"), "percent": ("percent", "fraction"), "fraction": ("fraction", "percent")}


def candidate_kinds(kind: str) -> frozenset[str]:
    """Source kinds that can match a claim of this kind (value_match) or be compared with it (distance < inf):
    every other mention is neither, so judge skips it."""
    return frozenset(_CANDIDATE_KINDS.get(kind, ("number", "year", "duration", "fraction", kind)))


# "(SD = 8.49", "± 3.1", "standard deviation 7.26": the number after it is a spread, not a value of the measure
_SPREAD_BEFORE = re.compile(r"(?:\bSD|\bs\.d\.|standard deviation|±|\+/-|give or take|plus or minus)\s*[=:]?\s*$",
                            re.I)
_SPREAD_WORDS = re.compile(r"\b(?:SD|standard deviations?|spread|varied|vary|varies|variation|give or take|"
                           r"plus or minus)\b|±", re.I)


def _agrees(score) -> bool:
    return score is not None and not isinstance(score, Conflict)


def _context_score(claim: PageClaim, source: Source, mention: Mention, ctx: SourceContext) -> int | None | Conflict:
    """None when the source sentence is about something else; otherwise how many concepts it shares."""
    sentence = source.sentences[mention.sentence]
    conflict = conflicts(claim.frame, source_frame(source, mention, ctx), ctx.namer)
    if conflict is not None:
        return conflict  # another work, measure, group, direction or outcome than the claim's
    if _SPREAD_BEFORE.search(sentence.text[max(0, mention.quantity.start - sentence.start - 24):
                                           mention.quantity.start - sentence.start]) \
            and not _SPREAD_BEFORE.search(claim.field.text[max(0, claim.q.start - 24):claim.q.start]) \
            and not _SPREAD_WORDS.search(claim.field.text[max(0, claim.sentence[0] - SPREAD_REACH):claim.sentence[1]]):
        return Conflict("FC0022", "measure", f"the source's {mention.quantity.text.strip()} is the spread (standard "
                                             f"deviation) of a score, not the score")
    src_noun = source_noun(source, mention, ctx.vocab) if claim.noun else ""
    if claim.q.kind in ("number", "fraction") and mention.quantity.kind == "duration" and claim.noun != "time" \
            and (claim.noun or claim.own or claim.frame.measures):  # "five people", "five had diarrhoea": not 5 years
        return Conflict("FC0027", "counted", f"the source's {mention.quantity.text.strip()} is a length of time")
    if claim.q.kind in ("number", "fraction") and claim.noun:
        if claim.noun == "person" and mention.quantity.value != int(mention.quantity.value):
            return Conflict("FC0027", "counted", "the source's figure is a measurement, and people come in whole numbers")
        src = mention.quantity
        if (claim.q.kind == "number" and src.kind == "fraction" and claim.q.value == src.denominator != src.numerator
                and not claim.whole_group and _says_the_outcome(claim.frame, source_frame(source, mention, ctx),
                                                               ctx.vocab)):  # "41 were alive": 38 of the 41 were
            return Conflict("FC0027", "counted", f"the source's {_say_int(src.denominator)} is the whole group; "
                                                 f"{_say_int(src.numerator)} of them had it")
        if (claim.q.kind == "number" and src.kind == "fraction" and claim.q.value == src.numerator != src.denominator
                and not claim.frame.measures and (claim.frame.role in ("reported", "planned") or _INCLUDED.search(
                    claim.field.text[max(claim.sentence[0], claim.q.start - ROLE_REACH):claim.q.start]))):
            return Conflict("FC0029", "role", f"the source's {_say_int(src.numerator)} are those of "
                                              f"{_say_int(src.denominator)} who had an outcome; this clause gives it as "
                                              f"how many people the study took")  # "included 38": 38 of 41 survived
        if src_noun and claim.noun != src_noun:  # "three people" is not "three studies"
            return Conflict("FC0027", "counted", f"the source counts {_plural(src_noun)}; this clause counts "
                                                 f"{_plural(claim.noun)}")
    if claim.noun in ("dose", "cell") and _different_objects(claim, sentence.text, mention.quantity.end - sentence.start,
                                                            ctx.vocab):  # "three doses of stem cells" is not ...
        return Conflict("FC0027", "counted", f"the source counts {claim.noun}s of something else")
    if claim.q.kind == "number" and claim.noun == "study" and not claim.q.hedge and src_noun == "study":
        return 1  # "ten studies": a count of studies names its statement
    if claim.q.kind == "number" and claim.noun and _same_phrase(claim, sentence.text, mention.quantity.end - sentence.start):
        return 1  # the same counted phrase ("ten clinical studies"): the same statement
    if claim.whole_group and claim.q.kind == "number" and claim.noun and claim.noun == src_noun:
        return 1  # "of all 41 patients" names the group the source counts, whatever is said of it
    if claim.q.kind == "year" and claim.publication:
        # "published in 2017" needs a source that says so, not any 2017 (e.g. "from 2009 to 2017")
        return 1 if PUBLICATION_RE.search(sentence.text) else None
    if claim.groups and _group_of_another_work(claim, source, mention):
        return None  # "in the study of 14 people ... 9.5": the source's 14 is Zhang et al's, its 9.5 Wehbe et al's
    if not ctx.works and _self_reference(claim) and _about_another_work(source, sentence.text,
                                                                         mention.quantity.start - sentence.start):
        return None  # "the case report described 14 patients": the source says so of Zhang et al's study
    if claim.q.kind != "registry" and not ctx.works and _elsewhere(claim, source, mention):
        return None  # "the French trial" is not confirmed by a passage about the trial in the Netherlands
    if claim.q.kind in ("registry", "phase", "date", "year"):
        return 1  # identifiers and calendar dates name themselves
    if claim.q.kind == "duration" and claim.q.hedge and _same_hedge(claim.q, mention.quantity):
        return 1  # "for more than a year" and "for over a year": the same open-ended statement
    # a share, or a measurement given at a time point of its own ('scores of 3.5 and 1.5 two years after')
    times = claim.times if claim.q.kind in ("percent", "fraction") else claim.own_times \
        if claim.q.kind == "number" and claim.q.half_unit < 0.5 else ()
    if times and times != (BASELINE_TIME,) and mention.paired is None:
        stated = [m.quantity for m in _by_sentence(source).get(mention.sentence, ()) if m.quantity.kind == "duration"]
        if stated and not any(value_match(t, q) for t in times for q in stated):  # 70% at 5 years vs 1 year
            return Conflict("FC0024", "time", f"the source gives it at {_say(stated[0])}")
    if mention.paired is not None and claim.times and claim.q.kind != "duration":
        if not any(value_match(t, mention.paired) for t in claim.times):  # "respectively" pairs another time
            return Conflict("FC0024", "time", f"the source gives it at {_say(mention.paired)}")
    if claim.whole_group and claim.q.kind == "percent" and _subgroup(sentence.text, mention.quantity.end - sentence.start,
                                                                     ctx.vocab):
        return None  # "72% of all the people" is not "72.0% of interstitial lung disease patients"
    if claim.base is not None and not any(value_match(claim.base, other.quantity)
                                          for other in _by_sentence(source).get(mention.sentence, ())):
        return None  # "72% of the 41 people": the source's 72% must be of those 41, not of another group
    if any(value_match(sib, other.quantity) for sib in claim.siblings for other in _by_sentence(source).get(mention.sentence, ())
           if other is not mention):
        return 1  # the same sentence states the claim's other distinctive numbers too ("41 ... from 2009 to 2017")
    if not claim.concepts:
        return 0
    theirs = source_frame(source, mention, ctx)
    if claim.noun == "person" and claim.frame.measures and not theirs.measures:
        other = next((o for o in _by_sentence(source).get(mention.sentence, ()) if o is not mention
                      and o.quantity.kind in ("percent", "fraction")
                      and source_frame(source, o, ctx).measures & claim.frame.measures), None)
        if other is not None:  # "41 were alive": the sentence gives survival as a share, 92.7% (38/41)
            return Conflict("FC0022", "measure", f"the source gives {ctx.namer('concept', claim.frame.measures)} as "
                                                 f"{_say(other.quantity)}, not as its {_say(mention.quantity)}")
    if claim.noun and claim.noun == src_noun and not theirs.conditions - claim.frame.conditions \
            and claim.frame.measures <= theirs.measures:
        return 1  # what is counted agrees, of no narrower group, and nothing more is said of it: "treated 41 people",
        # "results were reported for 14 people" (what the source also says of its 14 does not make them a subgroup)
    if _same_words_before(claim, sentence.text, mention.quantity.start - sentence.start):
        return 1  # "in the last 5 years" and "in the last 5 years": the same statement
    src_concepts = ctx.concepts(source, mention.sentence)
    family = ctx.vocab.measure_family  # two names of one measure ("disease activity index", "EUSTAR index") agree
    shared = (claim.concepts | {family[c] for c in claim.concepts if c in family}) & (
        src_concepts | {family[c] for c in src_concepts if c in family})
    return len(shared) if shared else None


_OF_OBJECT = re.compile(r"^[\s-]*(?:[A-Za-z]+\s+){1,3}?of\s+(?:the\s+|a\s+|their\s+)?([A-Za-z][A-Za-z'’ -]{0,40})")


def counted_object(text: str, end: int, vocab: Vocabulary) -> frozenset:
    """The concepts of what a counted unit is of: '3 rounds [of plasmapheresis]', 'two doses [of stem cells]'."""
    m = _OF_OBJECT.match(text[end:end + 80])
    if not m:
        return frozenset()
    words = []
    for word in m.group(1).split():
        if word.lower() in _PHRASE_ENDS:
            break
        if word.lower() in ("each", "every") or word.endswith(("'s", "’s", "s'", "s’")):
            continue  # "each patient's own cells": whose they are, not what they are
        words.append(word)
    tokens = plain_tokens(" ".join(words))
    heads = {"w:" + lemma(word_lemma) for _, word_lemma, content in tokens if content}  # "cells" is said of "stem cells" too
    return vocab.concepts(tokens) | heads


# "Zhang et al (2017)", "Wehbe et al, 2016": a citation of a group's work, with its year when given
_CITATION = re.compile(r"\b[A-Z][a-z]+(?:[- ][A-Z][a-z]+)?\s+et\s+al\b\.?,?\s*\(?\s*((?:19|20)\d\d)?")


def _work(citation: re.Match) -> tuple[str, str]:
    """'Wehbe et al (2016)' and '(Wehbe et al, 2016)' cite the same work."""
    return citation.group(0).split()[0], citation.group(1) or ""


def _nearest_citation(citations: list, at: int):
    return min(citations, key=lambda m: min(abs(m.start() - at), abs(m.end() - at)))


def _group_of_another_work(claim: PageClaim, source: Source, mention: Mention) -> bool:
    """In a source sentence that cites several works, the group the claim names and the value it gives must come
    with the same citation."""
    sentence = source.sentences[mention.sentence]
    citations = list(_CITATION.finditer(sentence.text))
    if len(citations) < 2:
        return False
    own = _work(_nearest_citation(citations, mention.quantity.start - sentence.start))
    return any(_work(_nearest_citation(citations, m.quantity.start - sentence.start)) != own
               for m in _by_sentence(source).get(mention.sentence, ())
               if m.quantity.kind == "number" and any(m.quantity.value == g.value for g in claim.groups))


def _about_another_work(source: Source, text: str, at: int) -> bool:
    """Whether the citation nearest to a number in a source sentence names another work than the source itself
    (a different year from the catalog's: 'Zhang et al (2017)' on the 2016 case report's page)."""
    citations = list(_CITATION.finditer(text))
    if not citations:
        return False
    nearest = _nearest_citation(citations, at)
    return nearest.group(1) is None or nearest.group(1) != str(source.meta.get("year", ""))


# "the case report", "this study", "the paper": the page speaks of the cited work itself
_SELF_REFERENCE = re.compile(r"\b(?:the|this)\s+(?:case\s+)?(?:report|study|paper|article)\b", re.I)


def _self_reference(claim: PageClaim) -> bool:
    """The claim's sentence speaks of the cited work itself and names no other author."""
    text = claim.field.text[claim.sentence[0]:claim.sentence[1]]
    return bool(_SELF_REFERENCE.search(text)) and not re.search(r"\bet\s+al\b|\b[A-Z][a-z]+(?:'s)?\s+(?:study|trial|group)\b",
                                                                text)


def _elsewhere(claim: PageClaim, source: Source, mention: Mention) -> bool:
    """The number's own stretch names a country and the source's paragraph (its line) names only others. (With a
    catalog, the work slot says more: which work a place names.)"""
    start, end = claim.stretch or claim.sentence
    mine = places_in(claim.field.text[start:end])
    if not mine:
        return False
    theirs = places_in(source.line_text(mention.line))
    return bool(theirs) and not mine & theirs


def _subgroup(text: str, end: int, vocab: Vocabulary) -> bool:
    """Whether the group a source's percentage is of is named by a condition ('of ILD patients')."""
    return bool(vocab.concepts(plain_tokens(" ".join(counted_words(text, end)))) & vocab.conditions)


def _different_objects(claim: PageClaim, text: str, end: int, vocab: Vocabulary) -> bool:
    mine = counted_object(claim.field.text, claim.q.end, vocab)
    theirs = counted_object(text, end, vocab)
    return bool(mine) and bool(theirs) and not mine & theirs


def _same_hedge(mine: Quantity, theirs: Quantity) -> bool:
    """Two durations hedged the same way from the same bound ('more than a year', 'over 12 months')."""
    direction = HEDGES.get(mine.hedge.lower(), "")
    return (direction in ("above", "below") and theirs.kind == "duration" and bool(theirs.hedge)
            and HEDGES.get(theirs.hedge.lower(), "") == direction and mine.months == theirs.months)


def source_frame(source: Source, mention: Mention, ctx: SourceContext) -> Frame:
    """What a source number is about, built like a page claim's frame from the clause it is in; once per mention."""
    key = (source.digest, mention.sentence, mention.quantity.start)
    frame = ctx.frames.get(key)
    if frame is None:
        sentence = source.sentences[mention.sentence]
        at = mention.quantity.start - sentence.start
        a, b = clause_at(sentence.text, (0, len(sentence.text)), at, cited=True)
        a, b = max(a, at - SOURCE_REACH), min(b, mention.quantity.end - sentence.start + SOURCE_REACH)
        clause = ctx.works.without_journals(sentence.text)[a:b]  # cut after blanking: a title may be cut in two
        following = source.sentences[mention.sentence + 1] if mention.sentence + 1 < len(source.sentences) else None
        if (b == len(sentence.text) and following is not None and following.line == sentence.line
                and not re.search(r"[.!?…\"”]\s*$", sentence.text)):
            clause += " " + following.text[:SOURCE_REACH]  # a row of a flattened table, split at an arrow or bullet
        concepts = ctx.clause_concepts(clause, source)
        sentence_concepts = ctx.concepts(source, mention.sentence)
        conditions = concepts & ctx.vocab.conditions
        known = conditions and all(c in ctx.vocab.condition_organs for c in conditions)
        stretch, own, others = _source_stretch(source, mention, ctx)
        frame = ctx.frames[key] = Frame(
            works=ctx.works.of_mention(source, mention),
            measures=frozenset(ctx.vocab.measure_family[c] for c in concepts if c in ctx.vocab.measure_family),
            conditions=conditions,
            shows_in=frozenset().union(*(ctx.vocab.condition_organs[c] for c in conditions)) if known else None,
            animals=bool(sentence_concepts & ctx.vocab.animals),
            directions=directions_with_valence(sentence.text[stretch[0]:stretch[1]] if stretch else clause, clause,
                                               concepts, ctx.vocab),
            negative=bool(NEGATIVE_OUTCOME.search(clause)),
            own=own, others=others,
            role=role_near(clause, at - a) if mention.quantity.kind == "number"
            and mention.quantity.value == int(mention.quantity.value) else "",
            rank=mention.rank)
    return frame


def _source_stretch(source: Source, mention: Mention, ctx: SourceContext):
    """A source number's own stretch of its sentence (offsets in the sentence) with the measures and groups only
    it is said of, worked out once per sentence; (None, {}, {}) for numbers that are not VALUE_KINDS."""
    key = (source.digest, mention.sentence)
    table = ctx.stretches.get(key)
    if table is None:
        sentence = source.sentences[mention.sentence]
        values = sorted((m for m in _by_sentence(source).get(mention.sentence, ()) if m.quantity.kind in VALUE_KINDS),
                        key=lambda m: m.quantity.start)
        every = [(m.quantity.start - sentence.start, m.quantity.end - sentence.start)
                 for m in _by_sentence(source).get(mention.sentence, ())]  # read once with the source: no rescan
        spans = sorted({(m.quantity.start - sentence.start, m.quantity.end - sentence.start) for m in values}
                       | bare_ones(sentence.text, every))
        stretches = number_stretches(sentence.text, (0, len(sentence.text)), spans) if spans else []
        readable = ctx.works.without_journals(sentence.text)
        specific = {st: ctx.vocab.specific(ctx.clause_concepts(readable[st[0]:st[1]], source))
                    for st in set(stretches)}
        sides = dict(zip(spans, zip(stretches, own_and_others(stretches, specific))))
        table = ctx.stretches[key] = {m.quantity.start: (sides[span][0], *sides[span][1]) for m in values
                                      for span in [(m.quantity.start - sentence.start, m.quantity.end - sentence.start)]}
    return table.get(mention.quantity.start, (None, frozenset(), frozenset()))


def source_noun(source: Source, mention: Mention, vocab: Vocabulary) -> str:
    """What a source number counts ('person', 'study', ...), worked out once per mention."""
    key = (source.digest, source.stem, mention.sentence, mention.quantity.start)
    if key not in _NOUNS:
        if len(_NOUNS) > 200_000:
            _NOUNS.clear()
        sentence = source.sentences[mention.sentence]
        _NOUNS[key] = vocab.counted_class(counted_words(sentence.text, mention.quantity.end - sentence.start))
    return _NOUNS[key]


_NOUNS: dict[tuple, str] = {}  # what source numbers count, by source digest and mention


def _same_phrase(claim: PageClaim, text: str, end: int) -> bool:
    """The two or more words a count is of are the same on the page and in the source."""
    mine = [lemma(w) for w in counted_words(claim.field.text, claim.q.end)]
    theirs = [lemma(w) for w in counted_words(text, end)]
    return len(mine) >= 2 and len(theirs) >= 2 and mine[:2] == theirs[:2]


def _by_sentence(source: Source) -> dict[int, list[Mention]]:
    return source.content_by_sentence()


def _distinctive(q: Quantity) -> bool:
    """Numbers specific enough that finding them together identifies a statement (not '5 years', not 'two')."""
    if q.kind in ("year", "date", "registry", "percent", "fraction"):
        return True
    return q.kind == "number" and (q.half_unit < 0.5 or q.value > 10)


def _complement(claim: PageClaim, sources: list[Source], ctx: SourceContext):
    """'3 of 41 died' (or '3 died') from '38 of 41 survived': the other part of the same whole, told the other way
    round."""
    q = claim.q
    for s in sources:
        for m in s.mentions:
            src = m.quantity
            if m.noise or src.kind not in ("fraction", "percent"):
                continue
            if q.kind == "fraction" and src.kind == "fraction":
                hit = src.denominator == q.denominator and src.numerator == (q.denominator or 0) - (q.numerator or 0)
            elif q.kind == "number":  # "3 of them died" from "38 out of 41" alive
                hit = src.kind == "fraction" and not q.hedge and (src.denominator or 0) - (src.numerator or 0) == q.value
            else:
                pct = src.percent
                hit = pct is not None and _overlap(q.low if q.kind == "percent" else q.low, q.high, 100.0 - pct, 0)
            if not hit:
                continue
            sentence = s.sentences[m.sentence].text
            if claim.negative == bool(NEGATIVE_OUTCOME.search(sentence)):
                continue  # same direction: not a complement
            shared = claim.concepts & ctx.concepts(s, m.sentence)
            if shared or not claim.concepts:
                return s, m
    return None


# "fell by about 6.3 points", "a drop of more than 6 points": the size of a change, not a value of the measure
_CHANGE_BY = re.compile(r"\b(?:by|drop of|fall of|decrease of|reduction of|rise of|increase of|improvement of|"
                        r"change of)\s+(?:about|around|roughly|nearly|almost|more than|over|just over|less than|"
                        r"under)?\s*\S*\s*points?\b|\bpoints?\s+(?:lower|higher|down|up)\b", re.I)
SPREAD_REACH = 120  # "This spread is called the standard deviation. Before treatment, it was about 7 points."
MAX_CHANGE_VALUES = 10  # measurements per source sentence paired to find a change (bounded: pairs grow as n²)


def _difference(claim: PageClaim, sources: list[Source], ctx: SourceContext):
    """'The skin score fell by about 6.3 points' from 'decreased from 18.68 ... to 12.39': two measurements of one
    source sentence whose difference the claim states, with no slot against it."""
    for s in sources:
        for index, mentions in _by_sentence(s).items():
            values = [m for m in mentions if m.quantity.kind == "number" and m.quantity.half_unit < 0.5]
            if len(values) < 2 or len(values) > MAX_CHANGE_VALUES:
                continue
            for i, m in enumerate(values):
                for n in values[i + 1:]:
                    change = abs(m.quantity.value - n.quantity.value)
                    if claim.q.low <= change <= claim.q.high and not any(
                            _SPREAD_BEFORE.search(s.sentences[index].text[:o.quantity.start - s.sentences[index].start])
                            for o in (m, n)) and conflicts(claim.frame, source_frame(s, m, ctx), ctx.namer) is None:
                        return s, m, n
    return None


def _fraction_parts(claim: PageClaim, sources: list[Source], ctx: SourceContext) -> list:
    """'14 of the 20' is stated when a content sentence gives both 14 and 20 ('14 patients (of 20 planned)'), or
    when one gives the whole and the next or previous one the part ('... in 14 patients. Three patients with ILD
    also improved'), in the same paragraph and counting the same kind of thing as the claim."""
    out: list = []
    if not (claim.q.numerator or 0) < (claim.q.denominator or 0):
        return out
    for s in sources:
        parts: dict[int, list[Mention]] = {}
        wholes: dict[int, list[Mention]] = {}
        for m in (m for mentions in _by_sentence(s).values() for m in mentions):
            if not _counts_like(claim, s, m, ctx):
                continue
            q = m.quantity
            counts = (q.value,) if q.kind == "number" else (q.numerator, q.denominator) if q.kind == "fraction" else ()
            if claim.q.numerator in counts:
                parts.setdefault(m.sentence, []).append(m)
            if claim.q.denominator in counts:
                wholes.setdefault(m.sentence, []).append(m)
        for index, found in parts.items():
            line = s.sentences[index].line
            near = [i for i in (index - 1, index, index + 1) if i in wholes and s.sentences[i].line == line]
            if near and (not claim.concepts or _agrees(_context_score(claim, s, found[0], ctx))):
                out.append((0, s, found[0]))
                break
    return out


def _counts_like(claim: PageClaim, source: Source, mention: Mention, ctx: SourceContext) -> bool:
    """A number that counts nothing named, or the same kind of thing as the claim."""
    if not claim.noun or mention.quantity.kind != "number":
        return True
    noun = source_noun(source, mention, ctx.vocab)
    return not noun or noun == claim.noun


def _quote(source: Source, mention: Mention, width: int = 240) -> tuple[str, int, int]:
    sentence = source.sentences[mention.sentence]
    s = mention.quantity.start - sentence.start
    e = mention.quantity.end - sentence.start
    text = sentence.text
    lo = 0
    if len(text) > width:
        lo = max(0, min(s - width // 2, len(text) - width))
        text = ("…" if lo else "") + text[lo:lo + width] + ("…" if lo + width < len(sentence.text) else "")
        shift = 1 if lo else 0
        s, e = s - lo + shift, e - lo + shift
    text = text.replace("\n", " ")
    lead = len(text) - len(text.lstrip())  # a sentence after another on its line starts with a space
    return text.strip(), s - lead, e - lead


def _evidence(source: Source, mention: Mention | None) -> Evidence:
    if mention is None:
        return Evidence(source.stem, f"registry ids (catalog): {', '.join(source.meta.get('registry_ids', []))}", 0)
    quote, s, e = _quote(source, mention)
    return Evidence(source.stem, quote, mention.line, max(0, s), max(0, e))


def _says_the_outcome(claim: Frame, source: Frame, vocab: Vocabulary) -> bool:
    """Whether a claim's clause says what the source's 'N of M' counts (alive, stable), not only who the group is
    ('8 people with high blood pressure in the lungs')."""
    return bool(claim.directions & source.directions or (claim.measures & source.measures) - vocab.organs)


_PLURALS = {"person": "people", "study": "studies", "time": "lengths of time"}


def _plural(noun_class: str) -> str:
    return _PLURALS.get(noun_class, noun_class + "s")


def _say_int(value) -> str:
    return str(int(value)) if value is not None and value == int(value) else str(value)


_WORD = re.compile(r"[A-Za-z]+")


def _same_words_before(claim: PageClaim, text: str, start: int) -> bool:
    """The three words before the number are the same on the page and in the source ('in the last 5 years')."""
    mine = [lemma(w) for w in _WORD.findall(claim.field.text[max(0, claim.q.start - 40):claim.q.start])][-3:]
    theirs = [lemma(w) for w in _WORD.findall(text[max(0, start - 40):start])][-3:]
    return len(mine) == 3 and mine == theirs


def _say(q: Quantity) -> str:
    return " ".join(q.text.split())  # a source's no-break and thin spaces read as plain spaces in a message


# --- building claims from a page -----------------------------------------------------------------

def extract_claims(page: Page, max_claims: int, works: Works | None = None) -> list[PageClaim]:
    claims: list[PageClaim] = []
    found = [(f, find_quantities(f.text)) for f in page.fields]
    found = [(f, quantities) for f, quantities in found if quantities]
    docs = parsed_docs([_parse_text(f, works) for f, _ in found])
    for (f, quantities), doc in zip(found, docs):
        spans = tuple(sentence_spans(doc))
        for one in quantities:
            for q in _total_and_part(f.text, one):
                sentence = next(((s, e) for s, e in spans if s <= q.start < e), (0, len(f.text)))
                if _one_of_several(f.text, q, sentence, spans):
                    continue
                claims.append(PageClaim(f, q, sentence, sentences=spans))
                if len(claims) >= max_claims:
                    return claims
    return claims


def texts_to_parse(page: Page, works: Works | None) -> list[str]:
    """What the fact-check parses of a page: the fields that hold a number."""
    return [_parse_text(f, works) for f in page.fields if find_quantities(f.text)]


def _parse_text(f: TextField, works: Works | None) -> str:
    """What a field's parse reads: its markdown blanked, and the journal titles it names ("Arthritis Research &
    Therapy" says nothing of arthritis), offsets kept. A field naming no journal shares the readability rules' parse."""
    text = strip_markdown(f.text)
    return works.without_journals(text) if works else text


_TOTAL_FIRST = re.compile(r"(?:out\s+of|of)\b", re.I)


def _total_and_part(text: str, q: Quantity) -> tuple[Quantity, ...]:
    """'Of the 41 patients, 38 died' states two things: the size of the group (41) and how many of it had the
    outcome (38 of 41). Each is a claim of its own, so a wrong count does not flag the group's true size."""
    lead = _TOTAL_FIRST.match(q.text) if q.kind == "fraction" else None
    if lead is None:
        return (q,)
    inner = find_quantities(" " * lead.end() + q.text[lead.end():])
    if len(inner) < 2 or inner[0].value != q.denominator or inner[-1].value != q.numerator:
        return (q,)
    total, part = inner[0], inner[-1]
    total = replace(total, start=q.start + total.start, end=q.start + total.end,
                    value_start=q.start + max(total.value_start, total.start))
    start = q.start + part.start
    return total, replace(q, start=start, text=text[start:q.end], value_start=start)


_OTHER = re.compile(r"\b(?:the\s+other|the\s+second|another|the\s+rest)\b", re.I)
_SEVERAL = re.compile(r"\b(?:two|three|four|both|several|\d+)\s+(?:[a-z-]+\s+)?([a-z]+?)s\b", re.I)


_PRONOUN_ONE_AFTER = re.compile(r"\s*+(?:$|[.,;:!?)]|(?:without|with|that|which|who|whose|where|too|also|each|"
                                r"instead|alone|only)\b)", re.I)


def _one_of_several(text: str, q: Quantity, sentence: tuple[int, int], spans) -> bool:
    """'one patient ... the other', 'split into two groups. One group ...': 'one' picks a member of a group the
    text names, it counts nothing. So does 'one' standing for a thing named before it when no number comes before
    it in its sentence ('a study with a comparison group, and one without')."""
    if not (q.words and q.kind == "number" and q.value == 1 and q.text.strip().lower() == "one"):
        return False
    if _PRONOUN_ONE_AFTER.match(text, q.end) and not find_quantities(text[sentence[0]:q.start]):
        return True
    noun = re.match(r"\s+([a-z]+)", text[q.end:q.end + 30], re.I)
    if _OTHER.search(text, q.end, sentence[1]):
        return True
    previous = [s for s in spans if s[1] <= sentence[0]]
    if noun and previous:
        earlier = text[previous[-1][0]:previous[-1][1]]
        return any(m.group(1).lower() == noun.group(1).lower() for m in _SEVERAL.finditer(earlier))
    return False


def _glossary_concepts(tokens, glossary: list[list[str]], vocab: Vocabulary) -> frozenset:
    """A glossary term in the sentence brings the concepts of its clinical synonyms ('skin score' -> mRSS)."""
    lemmas = [lemma(t[0]) for t in tokens] + [lemma(t[1]) for t in tokens]
    joined = " " + " ".join(lemmas) + " "
    out: set[str] = set()
    for group in glossary:
        if any(" " + " ".join(phrase_keys(p)) + " " in joined for p in group if phrase_keys(p)):
            for phrase in group:
                words = [(w, w, True) for w in re.findall(r"[A-Za-z0-9]+", phrase)]
                out |= vocab.concepts(words)
    return frozenset(out)


def attach_context(claims: list[PageClaim], page: Page, vocab: Vocabulary, works: Works | None = None) -> None:
    glossary = glossary_groups(page)
    fields = list({id(c.field): c.field for c in claims}.values())
    field_docs = dict(zip((id(f) for f in fields), parsed_docs([_parse_text(f, works) for f in fields])))
    page_text = "\n".join(f.text for f in page.fields)
    abbreviations = find_abbreviations(normalise(page_text))
    by_sentence: dict[tuple[int, tuple[int, int]], list[PageClaim]] = {}
    for c in claims:
        by_sentence.setdefault((id(c.field), c.sentence), []).append(c)
    for key, group in by_sentence.items():  # work shared by a sentence's claims is done once per sentence
        first = group[0]
        question = _question_before(first)
        if question is None:
            question = _antecedent_before(first)
        start = first.sentence[0] if question is None else question
        sentence_tokens = doc_tokens(field_docs[key[0]], start, first.sentence[1])
        sentence_text = first.field.text[start:first.sentence[1]]
        durations = tuple(o.q for o in group if o.q.kind == "duration")
        distinctive = [o for o in group if _distinctive(o.q)]
        baseline = (BASELINE_TIME,) if BASELINE_RE.search(sentence_text) else ()  # "before treatment": time zero
        baseline += ordinal_times(sentence_text)  # "by the third year": 3 years
        negative = bool(NEGATIVE_OUTCOME.search(sentence_text))
        concepts_cache: dict[frozenset, frozenset] = {}
        for c in group:
            if c.q.kind == "percent":
                base = next((o for o in group if o.q.kind == "number" and not o.q.hedge
                             and _PERCENT_BASE.fullmatch(c.field.text[c.q.end:o.q.start])), None)
                c.base = base.q if base else None
                if base:
                    base.whole_group = True
                c.whole_group = bool(_WHOLE_GROUP_BASE.match(c.field.text, c.q.end))
            if c.q.kind == "number" and (_GROUP_BEFORE.search(c.field.text[max(0, c.q.start - 30):c.q.start])
                                         or re.match(r"-[A-Za-z]", c.field.text[c.q.end:c.q.end + 2])):
                c.whole_group = True  # "all 41 patients", "the 14-patient study": the size of a group
            number_words = frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", c.q.text) if word_value(w) is not None)
            if number_words not in concepts_cache:
                tokens = [t for t in sentence_tokens if t[0].lower() not in number_words]  # "Forty-one" is not context
                concepts_cache[number_words] = (vocab.concepts(tokens, abbreviations)
                                                | _glossary_concepts(tokens, glossary, vocab))
            c.concepts = concepts_cache[number_words]
            c.noun = vocab.counted_class(counted_words(c.field.text, _counted_from(c)))
            if c.noun and c.q.kind == "number" and _finite_verb_after(field_docs[key[0]], c.q.end):
                c.noun = ""  # "five caught infections": five of the group did; the infections are not counted
        for c in group:  # a group's size is said of everything about the group: it confirms no statement
            c.siblings = tuple(o.q for o in distinctive[:MAX_SIBLINGS] if o is not c and not o.whole_group)
            c.siblings += tuple(o.q for o in _list_partners(c, group) if o.q not in c.siblings)
            c.groups = tuple(o.q for o in group if o is not c and o.whole_group)
        _claim_stretches(group, field_docs[key[0]], vocab, abbreviations)
        for c in group:
            c.own_times = _stretch_times(c, group)
            c.times = c.own_times or _clause_times(c, group, durations + baseline)
        previous = _previous_sentence(first)
        previous_span = (previous, first.sentence[0]) if previous is not None else None
        topics: dict[tuple[int, int], frozenset] = {}
        for c in group:
            span = clause_at(c.field.text, c.sentence, c.q.start)
            if span not in topics:
                topics[span] = vocab.concepts(doc_tokens(field_docs[key[0]], *span), abbreviations) & (
                    vocab.measures | vocab.conditions)
            c.topic = topics[span]
            if (c.noun == "person" or c.q.kind in ("percent", "fraction")) and c.stretch is not None:
                # what is said of a group, or of a share of one, is said in its own stretch
                own_span = (max(span[0], c.stretch[0]), min(span[1], c.stretch[1]))
                if own_span not in topics:
                    topics[own_span] = vocab.concepts(doc_tokens(field_docs[key[0]], *own_span), abbreviations) & (
                        vocab.measures | vocab.conditions)
                c.topic = topics[own_span]
            clause = c.field.text[span[0]:span[1]]
            if works:
                own = (c.q.start, c.q.end) if c.q.kind == "year" else None  # a year claim must not name its own work
                c.works = works.of_claim(c.field.text, c.sentence, c.q.start, previous_span, own, c.stretch)
            c.negative = negative
            # the size of the whole group ("Of the 41 people, ...") is true whatever its clause says of the group;
            # a count of people does not move up or down
            about_values = c.q.kind in ("percent", "fraction", "number") and not c.whole_group
            c.frame = Frame(
                works=c.works if c.q.kind != "registry" else frozenset(),
                measures=frozenset(vocab.measure_family[t] for t in c.topic if t in vocab.measure_family)
                if about_values else frozenset(),
                conditions=c.topic & vocab.conditions if about_values else frozenset(),
                animals=_animals(clause, c, vocab) if c.q.kind in ("number", "fraction", "percent") else None,
                directions=_claim_directions(c, clause, span, group, vocab) if about_values else
                _lasting(c, clause) if c.q.kind == "duration" else frozenset(),
                negative=bool(NEGATIVE_OUTCOME.search(clause)) if c.q.kind in ("percent", "fraction") else None,
                described_by=_described_by(c, vocab),
                own=c.own if about_values else frozenset(), others=c.others if about_values else frozenset(),
                role=role_near(clause, c.q.start - span[0]) if c.q.kind == "number" and (
                    c.noun == "person" or (not c.noun and _elliptical_count(c, vocab))) else "",
                rank=ordinal_near(c.field.text[c.stretch[0]:c.stretch[1]], c.q.start - c.stretch[0])
                if c.stretch is not None and c.q.kind == "number" and not c.noun else None)
            # just before the year ("published in the journal X in 2016"), just after "In 2013," ("In 2013,
            # researchers reported"), or "the 2013 study"
            before = c.field.text[max(0, c.q.start - 60):c.q.start]
            after = c.field.text[c.q.end:c.q.end + 40] if re.search(r"\bin\s+$", before, re.I) else ""
            c.publication = c.q.kind == "year" and not in_a_period(c.field.text, c.q.start) and (
                c.noun == "study" or bool(_PUBLICATION_NEAR.search(before) or _PUBLICATION_NEAR.search(after))
                or bool(_AUTHOR_YEAR.search(before)) or year_names_a_work(c.field.text, c.q.start))
            # ("treated between 2009 and 2017" dates the treatment, whatever was published nearby)


_LIST_JOIN = re.compile(r"\s*+(?:,\s*+(?:and\s++|or\s++)?|and\s++|or\s++|to\s++)", re.I)


def _list_partners(c: PageClaim, group: list[PageClaim]) -> list[PageClaim]:
    """The numbers listed right beside a claim ('at 12 and 16 months', '3.5 and 1.5'): one statement, so the
    source sentence that states them together states each."""
    text = c.field.text
    return [o for o in group if o is not c and not o.whole_group and o.q.kind == c.q.kind == "duration"
            and _LIST_JOIN.fullmatch(text[min(c.q.end, o.q.end):max(c.q.start, o.q.start)])]


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
             "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
_ORDINAL_TIME = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\s+(year|month|week)\b", re.I)


def ordinal_times(text: str) -> tuple[Quantity, ...]:
    """Time points said with ordinals or after their unit ('in the first year', 'by year one'), as durations."""
    out = []
    for m in _ORDINAL_TIME.finditer(text):
        n = _ORDINALS[m.group(1).lower()]
        out.extend(find_quantities(f"{n} {m.group(2).lower()}s")[:1])
    for m in _UNIT_FIRST_TIME.finditer(text):
        n = word_value(m.group(2)) if not m.group(2).isdigit() else int(m.group(2))
        if n:
            out.extend(find_quantities(f"{int(n)} {m.group(1).lower()}s")[:1])
    return tuple(out)


_UNIT_FIRST_TIME = re.compile(r"\b(year|month|week)\s+(one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\b", re.I)


def _clause_times(c: PageClaim, group: list[PageClaim], sentence_times: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """The time points a claim is given at: those of its own clause, else of the nearest clause before it in its
    sentence ('By year one, the score had dropped to 12.39, and it stood at 13.95 at five years'), else of the
    whole sentence."""
    spans = clauses(c.field.text, c.sentence)
    mine = next((i for i, (a, b) in enumerate(spans) if a <= c.q.start < b), None)
    if mine is None:
        return sentence_times
    for a, b in (spans[i] for i in range(mine, -1, -1)):
        text = c.field.text[a:b]
        found = tuple(o.q for o in group if o.q.kind == "duration" and a <= o.q.start < b and o is not c)
        found += ordinal_times(text)
        for m in BASELINE_RE.finditer(text):
            lo, hi = sorted((c.q.end, m.start() + a)) if m.start() + a >= c.q.end else sorted((m.end() + a, c.q.start))
            if hi - lo <= BASELINE_REACH and not any(lo <= o.q.start < hi for o in group if o is not c):
                return found + (BASELINE_TIME,)  # "from 18.68 at baseline": the start, for the number it stands by
        if found:
            return found
    return sentence_times


def _stretch_times(c: PageClaim, group: list[PageClaim]) -> tuple[Quantity, ...]:
    """The time points a number's own stretch gives it ('12.39 at three years'); none for the start of a change
    ('from 18.68 to 13.95 after one year': the year is 13.95's)."""
    if re.search(r"\bfrom\s*$", c.field.text[max(0, c.q.start - 6):c.q.start], re.I):
        return (BASELINE_TIME,)  # 'from 18.68 to 13.95 after one year', 'down from 9.5': the start of the change
    if c.stretch is None:
        return ()
    a, b = c.stretch
    found = tuple(o.q for o in group if o.q.kind == "duration" and a <= o.q.start < b)
    return found + ordinal_times(c.field.text[a:b])


def _claim_directions(c: PageClaim, clause: str, span: tuple[int, int], group: list[PageClaim],
                      vocab: Vocabulary) -> frozenset:
    """Which way the claim's value moved or its group fared. A count of people does not move up or down, but its
    people can get better or worse: as its words say ("improved"), or as a measure's movement says ("lung function
    declined": worse; data/measure_valence.yaml)."""
    own = c.field.text[c.stretch[0]:c.stretch[1]] if c.stretch else clause
    if c.noun != "person":
        return directions_with_valence(own, clause, c.topic, vocab)
    if c.stretch and any(o is not c and o.stretch == c.stretch for o in group):
        return frozenset()  # 'fell from 20.1 to 13.8 in 14 patients': the values moved, the 14 are their group
    a, b = (max(span[0], c.stretch[0]), min(span[1], c.stretch[1])) if c.stretch else span
    moved = directions_in(c.field.text[a:b])  # in its own clause: "skin improved, but lung function declined in 3"
    return with_valence(moved, c.topic, vocab) & {"better", "worse"}


def _lasting(c: PageClaim, clause: str) -> frozenset:
    """How people fared over a length of time its own stretch gives ('got worse for 3-6 months'): better, worse or
    stable, never a movement (a duration does not rise or fall)."""
    if not _SPAN_BEFORE.search(c.field.text[max(0, c.q.start - 30):c.q.start]):
        return frozenset()  # "re-treated at 12 and 16 months" is a time point, not a stretch of time people fared
    own = c.field.text[c.stretch[0]:c.stretch[1]] if c.stretch else clause
    return directions_in(own) & {"better", "worse", "stable"}


_INCLUDED = re.compile(r"\b(?:included|includes|involved|involves|recruited|had)\b", re.I)  # took in so many people
_SPAN_BEFORE = re.compile(r"\b(?:for|lasted|lasting|throughout)\s+(?:[\w–-]+\s*?){0,3}\s*$", re.I)


def directions_with_valence(own: str, clause: str, concepts: frozenset, vocab: Vocabulary) -> frozenset:
    """The directions of a number's own stretch, with how people fared where its measure's movement says so; on an
    axis the stretch says nothing of, its clause's ("fell from 9.5 to 1.5 ..., and their disease progressed later":
    the index fell, which is better)."""
    moved = directions_in(own)
    if not moved & {"up", "down", "stable"}:
        moved |= _from_to(own)
    mine = with_valence(moved, concepts, vocab)
    around = directions_in(clause) if own != clause else frozenset()
    return mine | frozenset(d for axis in AXES if not mine & axis for d in around & axis)


_FROM_TO = re.compile(r"\bfrom\s++(?:[a-z]+\s+){0,2}?(\d{1,4}(?:\.\d+)?)(?![\d.])[^.;:\d]{0,40}?\bto\s++"
                      r"(?:[a-z]+\s+){0,2}?(\d{1,4}(?:\.\d+)?)(?![\d.])", re.I)


def _from_to(text: str) -> frozenset:
    """The movement 'from X to Y' states by its values when no word says it ('went from 13.8 to 20.1': up)."""
    m = _FROM_TO.search(text)
    if m is None or re.fullmatch(r"(?:19|20)\d\d", m.group(1)):
        return frozenset()  # "from 2009 to 2017" is a period, not a movement
    a, b = float(m.group(1)), float(m.group(2))
    return frozenset({"up"} if b > a else {"down"} if b < a else set())


def with_valence(directions: frozenset, concepts: frozenset, vocab: Vocabulary) -> frozenset:
    """Directions with how people fared added where the words give only a movement of a measure whose better way
    is known: "lung function declined" is worse, "skin scores fell" better (data/measure_valence.yaml)."""
    if directions & {"better", "worse"} or not directions & {"up", "down"}:
        return directions
    valence = {valence_of(concept, d, vocab) for concept in concepts for d in directions & {"up", "down"}} - {""}
    return directions | valence if len(valence) == 1 else directions


def valence_of(concept: str, direction: str, vocab: Vocabulary) -> str:
    """'better' or 'worse' for a measure that moved up or down, '' when the measure does not say."""
    family = vocab.measure_family.get(concept)
    higher, lower = _valence_families(vocab)
    if family in higher:
        return "better" if direction == "up" else "worse"
    if family in lower:
        return "worse" if direction == "up" else "better"
    return ""


_VALENCE: dict[int, tuple] = {}


def _valence_families(vocab: Vocabulary) -> tuple[frozenset, frozenset]:
    cached = _VALENCE.get(id(vocab))
    if cached is None or cached[0] is not vocab:
        data = data_file("measure_valence.yaml") or {}

        def families(key):
            out = set()
            for phrase in data.get(key, ()):
                found = [c for c in vocab.concepts(plain_tokens(str(phrase))) if c in vocab.measure_family]
                named = [c for c in found if vocab.name(c) == str(phrase)]  # "hand function", not "function"
                out |= {vocab.measure_family[c] for c in named or found}
            return frozenset(out)
        cached = _VALENCE[id(vocab)] = (vocab, families("higher_is_better"), families("lower_is_better"))
    return cached[1], cached[2]


BASELINE_REACH = 25  # "at baseline" / "before treatment" dates the number it stands this close to


def _described_by(c: PageClaim, vocab: Vocabulary) -> frozenset:
    """Where the disease of a counted group shows, when the page describes the group by it and names no condition
    ('172 people with skin hardening', 'the skin hardening study had 172 people')."""
    if c.q.kind != "number" or c.noun != "person" or c.topic & vocab.conditions:
        return frozenset()
    return frozenset(vocab.measure_family[t] for t in c.topic if t in vocab.measure_family) & vocab.organs


def _animals(clause: str, c: PageClaim, vocab: Vocabulary) -> bool | None:
    """Whether a claim's clause is about animals (True), people (False), or does not say (None)."""
    if c.noun == "animal" or vocab.concepts(plain_tokens(clause)) & vocab.animals:
        return True
    return False if c.noun == "person" else None


def _elliptical_count(c: PageClaim, vocab: Vocabulary) -> bool:
    """A whole number with no noun and nothing measured, in a clause that counts people elsewhere ('planned 14
    people and reported on 20'): it counts the same people."""
    return (not c.q.hedge and c.q.value == int(c.q.value) and not any(t in vocab.measure_family for t in c.topic)
            and not c.q.words)


_TOKEN_STARTS: dict[int, tuple] = {}  # where each token of a parsed field starts, worked out once per doc


def _finite_verb_after(doc, end: int) -> bool:
    """Whether the word right after a number is a finite verb ("5 reported", "two needed"): the number stands for
    people of a group named before, and counts nothing after it."""
    offsets = _TOKEN_STARTS.get(id(doc))
    if offsets is None or offsets[0] is not doc:
        if len(_TOKEN_STARTS) > 256:
            _TOKEN_STARTS.clear()
        offsets = _TOKEN_STARTS[id(doc)] = (doc, [t.idx for t in doc])
    i = bisect_left(offsets[1], end)
    while i < len(doc) and doc[i].is_space:
        i += 1
    if i + 1 < len(doc) and doc[i].lower_ == "of" and doc[i + 1].lower_ in ("them", "those", "these", "whom"):
        i += 2  # "five of them reported infections"
    return i < len(doc) and doc[i].tag_ in ("VBD", "VBZ", "VBP", "MD")


def _counted_from(c: PageClaim) -> int:
    """Where the words a claim counts start: after the number, or after the total in 'Of the 41 people, 38'."""
    if c.q.kind == "fraction" and re.match(r"(?:out\s+)?of\b", c.q.text, re.I):
        first = next(iter(find_quantities(c.q.text[2:])), None)
        if first is not None:
            return c.q.start + 2 + first.end
    return c.q.end


def _claim_stretches(group: list[PageClaim], doc, vocab: Vocabulary, abbreviations) -> None:
    """Each number's own stretch of its sentence ('one had a cold | and five had diarrhoea'), with the measures and
    groups that only it is said of. Every number of the sentence counts, claim or not ('by one')."""
    first = group[0]
    start, end = first.sentence
    found = find_quantities(first.field.text[start:end])
    values = [(q.start, q.end) for q in found if q.kind in VALUE_KINDS]
    values += [(c.q.start - start, c.q.end - start) for c in group if c.q.kind in VALUE_KINDS]
    numbers = [(a + start, b + start) for a, b in sorted(set(values) | bare_ones(
        first.field.text[start:end], [(q.start, q.end) for q in found]))]
    if not numbers:
        return
    stretches = number_stretches(first.field.text, first.sentence, numbers)
    specific = {st: vocab.specific(vocab.concepts(doc_tokens(doc, *st), abbreviations)) for st in set(stretches)}
    sides = dict(zip(numbers, zip(stretches, own_and_others(stretches, specific))))
    for c in group:
        if (c.q.start, c.q.end) in sides:
            c.stretch, (c.own, c.others) = sides[(c.q.start, c.q.end)]


_REFERS_BACK = re.compile(r"^\W*(?:it|this|that|these|those|they|both|each|the other|their|its)\b|"
                          r"\b(?:it|they|them|both)\b", re.I)


def _antecedent_before(claim: PageClaim) -> int | None:
    """Where the previous sentence starts, when this one refers back to it ("The skin score was 13.29 after 3
    years. At 5 years, it was 12.39."): a pronoun's sentence is about what the previous one named."""
    start, end = claim.sentence
    return _previous_sentence(claim) if _REFERS_BACK.search(claim.field.text[start:end]) else None


def _question_before(claim: PageClaim) -> int | None:
    """Where the question a sentence answers starts ("How many people were alive after 5 years? 38 of the 41."):
    the answer is about what the question asks."""
    return _previous_sentence(claim) if claim.field.text[:claim.sentence[0]].rstrip().endswith("?") else None


def _previous_sentence(claim: PageClaim) -> int | None:
    """Where the sentence before a claim's starts, on the same line (a paragraph of the field), if there is one."""
    text, start = claim.field.text, claim.sentence[0]
    before = [s for s, e in claim.sentences if e <= start and "\n" not in text[e:start]]
    return before[-1] if before else None


def glossary_groups(page: Page) -> list[list[str]]:
    groups = []
    for entry in (page.data or {}).get("glossary", []) or []:
        if isinstance(entry, dict) and isinstance(entry.get("term"), str):
            group = [entry["term"]] + [s for s in entry.get("synonyms", []) or [] if isinstance(s, str)]
            groups.append(group)
    return groups


# "38 out of 41 people (about 98%)", "92.7% (38 of 41)", "38 of 41, or 92.7%": a number and its restatement
_ADJACENT_GAP = re.compile(r"[\s(\[,:;–—-]*(?:[A-Za-z]+[\s(\[,:;–—-]*){0,3}?(?:or|that is|i\.e\.,?|which is|meaning)?[\s(\[,:;–—-]*", re.I)


def check_consistency(claims: list[PageClaim]) -> None:
    """GRIM-style arithmetic on the page itself: '38 out of 41 (about 98%)', '41 out of 38'."""
    for c in claims:
        if c.q.kind == "fraction" and c.q.denominator and (c.q.numerator or 0) > c.q.denominator:
            c.apply(Verdict("inconsistent", tuple(c.evidence), f"{c.q.text.strip()}: the first number is larger than "
                                                                   f"the total"))
    for a, b in zip(claims, claims[1:]):
        if a.field is not b.field or a.sentence != b.sentence:
            continue
        gap = a.field.text[a.q.end:b.q.start]
        if not _ADJACENT_GAP.fullmatch(gap):
            continue
        frac, pct = (a, b) if a.q.kind == "fraction" else (b, a)
        if frac.q.kind == "fraction" and pct.q.kind == "percent":
            exact = frac.q.percent or 0.0
            if not (pct.q.low - 1e-9 <= exact <= pct.q.high + 1e-9):
                # The one the sources do not state is the slip; if both or neither are stated, the percentage.
                wrong = frac if frac.status != "supported" and pct.status == "supported" else pct
                wrong.apply(Verdict("inconsistent", tuple(wrong.evidence),
                                    f"{frac.q.text.strip()} is {exact:.1f}%, not {pct.q.text.strip()}" if wrong is pct
                                    else f"{pct.q.text.strip()} is not {frac.q.text.strip()} ({exact:.1f}%)"))
            else:
                _same_verdict(frac, pct)


def _same_verdict(a: PageClaim, b: PageClaim) -> None:
    """'92.7% (38 out of 41)': a restatement says what the figure it restates says; when one is about something
    else by a named slot, so is the other."""
    for wrong, other in ((a, b), (b, a)):
        if wrong.status == "context_mismatch" and wrong.conflict is not None and other.status == "supported":
            other.apply(Verdict(wrong.status, tuple(wrong.evidence),
                                f"it restates {wrong.q.text.strip()}: {wrong.conflict.reason}", wrong.conflict))
            return


def to_claim(c: PageClaim) -> Claim:
    line, column = c.field.position(c.q.start)
    return Claim(c.field.path, c.q.start, c.q.end, c.q.text, line, column, c.status, c.q.kind,
                 tuple(c.evidence), c.note, c.pinned)


def run(page: Page, cited: list[Source], max_claims: int, ctx: SourceContext | None = None) -> list[PageClaim]:
    """Judge every claim on the page against the cited sources."""
    vocab = load_vocabulary()
    ctx = ctx or SourceContext(vocab)
    cited = list({id(s): s for s in cited}.values())  # a source cited by id and by file stem counts once
    claims = extract_claims(page, max_claims, ctx.works)
    if not claims:
        return []
    ctx.prepare(cited)
    for c in claims:
        c.matches = find_matches(c, cited)
    ctx.prepare_sentences((s, m.sentence) for c in claims for s, m in c.matches if not m.noise)
    attach_context(claims, page, vocab, ctx.works)
    for c in claims:
        c.apply(judge(c, cited, ctx))
    ctx.save()
    check_consistency(claims)
    return claims
