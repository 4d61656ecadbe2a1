"""A page's numbers as claims: each with its sentence, what it counts, the context and the frame it is read
in, and the verdict it gets."""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .concepts import Vocabulary, doc_tokens
from .language import lemma, phrase_keys, plain_tokens, sentence_spans
from .model import Evidence
from .nlp import parsed_docs
from .numbers import Quantity, find_quantities, normalise, word_value
from .page import Page, TextField
from .readability import strip_markdown
from .settings import data_file
from .slots import AXES, Conflict, Frame, directions_in, milestone_before, ordinal_near, role_near
from .sources import find_abbreviations
from .stretches import VALUE_KINDS, bare_ones, number_stretches, own_and_others
from .works import Works, clause_at, clauses, in_a_period, year_names_a_work

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
NEGATIVE_OUTCOME = re.compile(r"\b(died|die|dies|death|deaths|dead|did not survive|not alive|lost|no longer|mortality|"
                              r"(?:did|does|do|had) not (?:stay|remain|hold|keep)(?: \w+)? (?:stable|steady)|"
                              r"not stable|neither improved nor (?:held|stayed|remained) (?:steady|stable)|"
                              r"(?:did|had|were) not(?=\s*(?:[.;,)]|$)))", re.I)  # "..., meaning 3 of 8 did not."
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


# Words that end the noun phrase after a number: what follows them is not what the number counts.
PHRASE_ENDS = frozenset("""with without who whom whose which that were was are is be been being had has have
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
        if word.lower() in PHRASE_ENDS or word[0].isdigit():
            break  # a function word, an irregular verb or another number ends the phrase
        phrase.append(re.sub(r"['’]s?$", "", word))
        if phrase[-1] != word:
            break  # "the two patients' scores": the possessor is what is counted
    return phrase


def _distinctive(q: Quantity) -> bool:
    """Numbers specific enough that finding them together identifies a statement (not '5 years', not 'two')."""
    if q.kind in ("year", "date", "registry", "percent", "fraction"):
        return True
    return q.kind == "number" and (q.half_unit < 0.5 or q.value > 10)


def extract_claims(page: Page, max_claims: int, works: Works | None = None) -> list[PageClaim]:
    claims: list[PageClaim] = []
    found = [(f, find_quantities(f.text)) for f in page.fields]
    found = [(f, quantities) for f, quantities in found if quantities]
    docs = parsed_docs([_parse_text(f, works) for f, _ in found])
    for (f, quantities), doc in zip(found, docs):
        spans = tuple(_bounded(sentence_spans(doc), f.text))
        for one in quantities:
            for q in _total_and_part(f.text, one):
                sentence = next(((s, e) for s, e in spans if s <= q.start < e), (0, len(f.text)))
                if _one_of_several(f.text, q, sentence, spans):
                    continue
                claims.append(PageClaim(f, q, sentence, sentences=spans))
                if len(claims) >= max_claims:
                    return claims
    return claims


LONGEST_SENTENCE = 1_000  # characters: no reader takes in more as one statement


def _bounded(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Sentences as the fact-check reads them: one longer than LONGEST_SENTENCE (a run of 500 numbers with no stop)
    is cut at its line breaks, so what is worked out per sentence stays bounded."""
    out = []
    for start, end in spans:
        if end - start <= LONGEST_SENTENCE:
            out.append((start, end))
            continue
        cuts = [m.start() for m in re.finditer(r"\n", text[start:end])]
        bounds = [start] + [start + c + 1 for c in cuts] + [end]
        out += [(a, b) for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]
    return out


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
        earlier = _times_before(first, by_sentence) if TIME_POINTED_BACK.search(sentence_text) else ()
        bound_to = times_said_of_values(group)
        for c in group:
            c.own_times = _stretch_times(c, group)
            pointer = TIME_POINTED_BACK.search(c.field.text, *c.stretch) if earlier and c.stretch else None
            if not c.own_times and pointer:
                c.own_times = _time_pointed_to(pointer, group, earlier)  # "survival at that point was 92.7%"
            c.times = c.own_times or _clause_times(c, group, durations + baseline, earlier, bound_to)
        previous = _previous_sentence(first)
        previous_span = (previous, first.sentence[0]) if previous is not None else None
        topics: dict[tuple[int, int], frozenset] = {}
        animal_clauses: dict[tuple[int, int], bool] = {}
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
                animals=_animals(animal_clauses, span, clause, c, vocab) if c.q.kind in ("number", "fraction",
                                                                                         "percent") else None,
                directions=_claim_directions(c, clause, span, group, vocab) if about_values else
                _lasting(c, clause) if c.q.kind == "duration" else frozenset(),
                negative=bool(NEGATIVE_OUTCOME.search(clause)) if c.q.kind in ("percent", "fraction") else None,
                described_by=_described_by(c, vocab),
                own=c.own if about_values else frozenset(), others=c.others if about_values else frozenset(),
                role=role_near(clause, c.q.start - span[0]) if c.q.kind == "number" and (
                    c.noun == "person" or (not c.noun and _elliptical_count(c, vocab))) else
                milestone_before(clause, c.q.start - span[0]) if c.q.kind == "date" else "",
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


@lru_cache(maxsize=4096)
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


def _clause_times(c: PageClaim, group: list[PageClaim], sentence_times: tuple[Quantity, ...],
                  earlier: tuple[Quantity, ...] = (), bound_to: dict | None = None) -> tuple[Quantity, ...]:
    """The time points a claim is given at: those of its own clause, else of the nearest clause before it in its
    sentence ('By year one, the score had dropped to 12.39, and it stood at 13.95 at five years'), else of the
    whole sentence. A clause that points back to a time ('at that point') has the one the sentence before gave; a
    time said of another value ('..., compared with 13.95 at one year', `bound_to`) is not its clause's."""
    bound_to = bound_to or {}
    spans = clauses(c.field.text, c.sentence)
    mine = next((i for i, (a, b) in enumerate(spans) if a <= c.q.start < b), None)
    if mine is None:
        return sentence_times
    for a, b in (spans[i] for i in range(mine, -1, -1)):
        text = c.field.text[a:b]
        found = tuple(o.q for o in group if o.q.kind == "duration" and a <= o.q.start < b and o is not c
                      and bound_to.get(id(o), c) is c)
        found += ordinal_times(text)
        for m in BASELINE_RE.finditer(text):
            lo, hi = sorted((c.q.end, m.start() + a)) if m.start() + a >= c.q.end else sorted((m.end() + a, c.q.start))
            if hi - lo <= BASELINE_REACH and not any(lo <= o.q.start < hi for o in group if o is not c):
                return found + (BASELINE_TIME,)  # "from 18.68 at baseline": the start, for the number it stands by
        if found:
            return found
        if earlier and (pointer := TIME_POINTED_BACK.search(c.field.text, a, b)):
            return _time_pointed_to(pointer, group, earlier)
    return sentence_times


# "13.95 at one year": a time just after a value is that value's
_TIME_RIGHT_AFTER = re.compile(r"\s*(?:at|after|by|in|within)\s+(?:the\s+|about\s+)?", re.I)


def times_said_of_values(group: list[PageClaim]) -> dict[int, PageClaim]:
    """The time points of a sentence that stand right after a value ('13.95 at one year'), each with its value."""
    ordered = sorted(group, key=lambda o: o.q.start)
    return {id(o): v for v, o in zip(ordered, ordered[1:]) if o.q.kind == "duration"
            and v.q.kind in ("number", "percent", "fraction") and v.q.end <= o.q.start
            and _TIME_RIGHT_AFTER.fullmatch(o.field.text, v.q.end, o.q.start)}


# a time point said again by pointing back to the one the sentence before gave: "at that point", "by then"
TIME_POINTED_BACK = re.compile(r"\b(?:(?:at|by|from)\s+(?:that|this|the\s+same)\s+(?:point|time|stage|moment|visit|"
                               r"time\s+point)|by\s+then)\b", re.I)


def _time_pointed_to(pointer: re.Match, group: list[PageClaim], earlier: tuple[Quantity, ...]) -> tuple[Quantity, ...]:
    """The time 'at that point' points to: the last one named before it in its sentence ('The five-year average
    was 12.39, and 5 of 8 were stable at that point'), else the sentence before's."""
    before = [o.q for o in group if o.q.kind == "duration" and o.q.end <= pointer.start()]
    return (max(before, key=lambda q: q.start),) if before else earlier


def _times_before(claim: PageClaim, by_sentence: dict) -> tuple[Quantity, ...]:
    """The time points the sentence before a claim's gives (a question's too: "What happened at five years?")."""
    start = _previous_sentence(claim)
    if start is None:
        return ()
    end = next(e for s, e in claim.sentences if s == start)
    text = claim.field.text[start:end]
    found = tuple(o.q for o in by_sentence.get((id(claim.field), (start, end)), ()) if o.q.kind == "duration")
    return found + ordinal_times(text) + ((BASELINE_TIME,) if BASELINE_RE.search(text) else ())


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


INCLUDED = re.compile(r"\b(?:included|includes|involved|involves|recruited|had)\b", re.I)  # took in so many people
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


def _animals(known: dict, span: tuple[int, int], clause: str, c: PageClaim, vocab: Vocabulary) -> bool | None:
    """Whether a claim's clause is about animals (True), people (False), or does not say (None). `known`: what the
    sentence's clauses said, by span (a sentence of 500 numbers asks 500 times)."""
    if span not in known:
        known[span] = bool(vocab.concepts(plain_tokens(clause)) & vocab.animals)
    if c.noun == "animal" or known[span]:
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
