"""The fact-check's judge: every number on a page against the sources the page cites.

A claim is supported when a cited source states the same quantity (`linter.values`) about the same thing
(`linter.slots`: the frames of the claim, built in `linter.page_claims`, and of the source's statement), outside
noise. What the sources' sentences are about is worked out once per sentence (`linter.source_context`).
"""
from __future__ import annotations

import math
import re

from .concepts import Vocabulary, load_vocabulary, places_in
from .language import lemma, plain_tokens
from .model import Claim, Evidence
from .numbers import HEDGES, Quantity
from .page import Page
from .page_claims import (BASELINE_TIME, INCLUDED, NEGATIVE_OUTCOME, PHRASE_ENDS, PageClaim, Verdict, attach_context,
                          counted_words, directions_with_valence, extract_claims)
from .records import bibliographic, bibliographic_count, identified_reference, named_reference, record_tallies, \
    tallies_claimed
from .slots import ROLE_REACH, Conflict, Frame, conflicts, milestone_before, role_near
from .source_context import SourceContext
from .sources import Mention, Source
from .stretches import VALUE_KINDS, bare_ones, number_stretches, own_and_others
from .settings import SETTINGS
from .values import candidate_kinds, distance, overlaps, value_match, value_ranges
from .works import clause_at

PUBLICATION_RE = re.compile(r"\b(publish\w*|report(?:ed)? in|appeared|journal)\b", re.I)
STATUS_CODES = {"unsupported": "FC001", "context_mismatch": "FC002", "out_of_tolerance": "FC003", "inconsistent": "FC004"}
NEAR_RELATIVE = 0.15  # a same-kind value within 15% is "close": out of tolerance rather than absent
SOURCE_REACH = 90  # a source number's measures are named this close to it (a flattened table row runs on)


def find_matches(claim: PageClaim, sources: list[Source]) -> list[tuple[Source, Mention]]:
    """Every mention in the sources whose value states the claim's value (noise included, judged later)."""
    kinds = candidate_kinds(claim.q.kind)
    ranges = value_ranges(claim.q)
    out = []
    for source in sources:
        candidates = source.mentions_of(kinds) if ranges is None else source.near(kinds, ranges)
        out.extend((source, m) for m in candidates if value_match(claim.q, m.quantity))
    if claim.q.kind == "duration" and not range_end(claim.field.text, claim.q):
        # "improved for 3-6 months": it was better at 3 months, not at 6 ("at 6 months"), and it says no bound
        # ("at least 6 months", "no more than 3 months")
        bound = HEDGES.get(claim.q.hedge.lower()) in ("above", "below")
        out = [(s, m) for s, m in out if not (end := range_end(s.text, m.quantity)) or (end == "low" and not bound)]
    most = SETTINGS["limits"]["max_statements_judged"]  # bounded time on a source that repeats a value
    if len(out) > most:
        out = [p for p in out if not p[1].noise][:most] + [p for p in out if p[1].noise][:most]
    return out


_SMALL_NUMBER = r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b)"
_RANGE_BEFORE = re.compile(_SMALL_NUMBER + r"\s*(?:-|–|—|to)\s*$", re.I)
_RANGE_AFTER = re.compile(r"\s*(?:-|–|—|to)\s*" + _SMALL_NUMBER, re.I)


def range_end(text: str, q: Quantity) -> str:
    """Which end of a range a number is ('3-6 months', '3 to 6 months': 'low' for 3, 'high' for 6), or ''."""
    if _RANGE_BEFORE.search(text, max(0, q.start - 12), q.start):
        return "high"
    return "low" if _RANGE_AFTER.match(text, q.end) else ""


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
    tallies = tallies_claimed(claim)
    if tallies:
        return _tally_verdict(claim, tallies, sources, ctx)
    matches = claim.matches if claim.matches is not None else find_matches(claim, sources)
    content = [(s, m) for s, m in matches if not m.noise and not _future_work(s, m)]
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


# "further, larger (Phase III) trials are required": work that is yet to be done, whose numbers no study reported
_FUTURE_BEFORE = re.compile(r"\b(?:further|future|larger|more)\b[^.;]{0,40}$", re.I)
_FUTURE_AFTER = re.compile(r"[^.;]{0,60}?\b(?:are|is|will\s+be|would\s+be)\s+(?:still\s+)?(?:required|needed|warranted)\b",
                           re.I)


def _future_work(source: Source, mention: Mention) -> bool:
    """Whether a source's number is said of work still to be done ('further, larger (Phase III) trials are
    required')."""
    text, q = source.text, mention.quantity
    return bool(_FUTURE_BEFORE.search(text, max(0, q.start - 40), q.start) and _FUTURE_AFTER.match(text, q.end))


def _tally_verdict(claim: PageClaim, tallies: list, sources: list[Source], ctx: SourceContext) -> Verdict:
    """'Cited by 204 publications': a count a record page keeps of its paper is page chrome, which never supports a
    claim (it changes with every new paper), and no number of the research confirms it ('Ten clinical studies' is
    not 'cited by 10'). The message says what the record of the work the clause names counts."""
    named = {w for w in claim.works if w in ctx.works.by_id}
    records = [s for s in sources if not named or s.meta.get("work") in named]
    says = " or ".join(t.says for t in tallies)
    for s in records:
        for tally, m in record_tallies(s):
            if tally in tallies:
                return Verdict("unsupported", (), f"a count of {says} is page chrome, which never supports a claim; "
                                                  f"{s.stem}'s record page gives “{s.line_text(m.line).strip()}” "
                                                  f"(line {m.line})")
    return Verdict("unsupported", (), f"a count of {says} is page chrome, which never supports a claim")


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
                and not claim.frame.measures and (claim.frame.role in ("reported", "planned") or INCLUDED.search(
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
        if word.lower() in PHRASE_ENDS:
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
            and mention.quantity.value == int(mention.quantity.value) else
            milestone_before(clause, at - a) if mention.quantity.kind == "date" else "",
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
                hit = pct is not None and overlaps(q.low if q.kind == "percent" else q.low, q.high, 100.0 - pct, 0)
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
