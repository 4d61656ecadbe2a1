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
from .language import first_letter_of

MIN_SCORE = 2  # a work is named when its features in a clause add up to this much
_CLUSTER_GAP = 25  # naming words this close together name one work ("Zhang and colleagues' 2017 trial")
# ... unless a conjunction opens another noun phrase between them ("Zhang's 2017 trial and the 2016 Wehbe report")
_ANOTHER_MENTION = re.compile(r"\b(?:(?:and|or|but|than|while|whereas)\s+(?:the|a|an|its|their|his|her)|versus|vs)\b",
                              re.I)
_CLUSTER_PAD = 15  # and the words this close around them say what kind of work it is ("the French trial")
_REVIEW_LIST = 4  # a sentence citing this many works speaks for the citing review, not for any one of them
UNKNOWN = frozenset({"unknown:"})  # a pointer that points at no work named before it
_SPOKEN_OF_REACH = 300  # how far before a number a work a citing paper speaks of is looked for
_NUMBER_THEN_SPACE = re.compile(r"\S+\s+")
# what may stand between "the" and a kind's head noun and still mean the catalog's one work of that kind: nothing, the
# kind's own words ("case"), or a size ("two-patient", "14-person")
_AS_THE_KIND = re.compile(r"case|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)-(?:patient|person|people|"
                          r"case|subject|participant)s?", re.I)
REVIEW = frozenset({"review:"})  # the work of such a sentence: the review's own statement, no catalog work's
# a review as the one who speaks: "one review counted ten studies", "a later review notes", "reviewers describe"
_REVIEW_SPEAKS = re.compile(r"\b(?:(?:a|an|one|another|the|that|this|later|recent|systematic|published)\s+)+"
                            r"(?:[\w-]+\s+){0,2}?review\b|\breview(?:ers|\s+articles?)\b", re.I)
_CITING_WORDS = (r"\b(?:citing|that cites?|which cites?|who cite|"  # "as quoted on the citation page for the Wehbe report"
                 r"quoted\s+(?:on|in|by)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:page|record)\s+(?:for|of))")
_CITING = re.compile(_CITING_WORDS + r"\b", re.I)
_CITING_BEFORE = re.compile(_CITING_WORDS + r"\s+(?:[\w-]+\s+){0,4}$", re.I)

# weights of what can name a work
_AUTHOR, _REGISTRY, _JOURNAL, _NAME, _YEAR, _CITY, _KIND, _COUNTRY, _CONDITION = 3, 3, 3, 2, 2, 2, 1, 1, 1

# "Zhang et al (2017)", "Wehbe et al, 2016", "Zhang and colleagues", "Zhang's team": one group's work
CITATION = re.compile(r"\b([A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)\s+(?:et\s+al\b\.?|and\s+(?:colleagues|co-?workers|"
                      r"co-?authors|his\s+colleagues|her\s+colleagues|team)\b)(?:,?\s*\(?\s*((?:19|20)\d\d))?")
_POSSESSIVE_TEAM = re.compile(r"\b([A-Z][a-z]+)['’]s?\s+(?:team|group|study|trial|report|paper|lab)\b")
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
# a year that names a work: "the 2016 case report", "a 2018 series", "Wang and colleagues (2013)", "(Wehbe, 2016)"
_WORK_NOUN = r"(?:study|trial|report|paper|series|review|article|cohort|case|analysis|follow-up|publication)"
_WORK_WORD = re.compile(rf"\b{_WORK_NOUN}\b", re.I)
# a work noun, one of several ("the French and Dutch trials") or "one" ("the French one"), after a country's name
_WORKS_OR_ONE = re.compile(rf"\b(?:{_WORK_NOUN}|studies|trials|reports|papers|series|cohorts|one)\b", re.I)
# the work noun a few words after naming words: "the French [scleroderma] trial", "the Korean [digital ulcer] study"
_WORK_NOUN_AFTER = re.compile(rf"(?:[\s-]+[A-Za-z-]+){{0,3}}?[\s-]+(?:{_WORK_NOUN}|studies|trials|reports|one)\b", re.I)
_NAMING_YEARS = (
    re.compile(rf"\b(?P<y>(?:19|20)\d\d)(?:['’]s)?\s+(?:[A-Za-z-]+\s+){{0,2}}?{_WORK_NOUN}\b"),
    re.compile(r"\(\s*(?:[A-Z][a-z]+(?:\s+et\s+al\.?)?,?\s+)?(?P<y>(?:19|20)\d\d)\s*\)"),
    # not after a possessive: "Wehbe and colleagues published their report in 2017" dates the report the clause names
    re.compile(rf"(?<!\btheir\s)(?<!\bits\s)(?<!\bhis\s)(?<!\bher\s)\b{_WORK_NOUN}\s+(?:from|of|published\s+in|in)\s+"
               r"(?P<y>(?:19|20)\d\d)\b"),
)
# a year that is one end of a period ("from 2009 to 2017", "2009–2017") or part of a date ("in June 2019") dates
# an event, not a work
_PERIOD_YEAR = re.compile(r"\b(?:19|20)\d\d\s*(?:to|and|through|until|till|[–—-])\s*(?:19|20)\d\d\b"
                          r"|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(?:\d{1,2},?\s+)?(?:19|20)\d\d\b")
# where one clause of a sentence ends and another, possibly about another work, starts
_SEGMENT_BREAK = re.compile(r";|:\s|,\s*(?:and\s+|but\s+|while\s+|whereas\s+|meanwhile\s+|by\s+contrast\s+)?(?=(?:the|a|an|"
                            r"and|but|while|whereas|meanwhile|in|by|its|their|which|where|so|meaning|leaving)\b)|\s(?:while|whereas|where)\s|\s+and\s+(?=(?:the|a|an|its|their)\s)",
                            re.I)
# a work pointed back to by its kind: "that trial", "the earlier report", "this smaller study"; a kind that only some
# works are, with "the" or naming its people ("in the trial", "14 trial patients"), is the last one of that kind
_POINTS_BACK = re.compile(r"\b(?:(?:that|this|the\s+same|the\s+(?:earlier|later|smaller|larger|bigger|older|newer|"
                          r"first|second|other))\s+(?:[a-z-]+\s+)?(trial|study|report|series|cohort|paper|work)|"
                          r"the\s+(?:[a-z-]+\s+)?(trial|report|series|cohort)|"
                          r"(trial|report|series|cohort)(?:['’]s)?\s+(?:patients|participants|people|members))\b", re.I)
# a later clause that starts on another subject ("..., and the earlier Chinese trial ...", "while Zhang's ...")
_CONJUNCTION = r"(?:and|but|while|whereas|meanwhile|by\s+contrast)"
_ANOTHER_SUBJECT = re.compile(r"[\s,;]*+" + _CONJUNCTION + r"\b", re.I)
_ANOTHER_SUBJECT_BEFORE = re.compile(r"\b" + _CONJUNCTION + r"\s*$", re.I)
# a sentence that speaks of what the previous one named
_REFERS_BACK = re.compile(r"\b(?:it|its|they|their|them|these|those|both|the same|that (?:study|report|trial|"
                          r"paper|team|series|work|group)|this (?:study|report|trial|paper|team|series)|the (?:study|"
                          r"report|trial|paper|team|researchers|authors|series|group)|there)\b", re.I)
_QUOTE_MARKS = ("“", '"', "…", "‘")
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


# the nouns a work is called by whatever its design: a short name ending in one ("arthritis study") may end in another
# ("the arthritis paper", "the RA article"); "trial", "series", "research" say more and are not put in
_ANY_WORK_NOUN = ("study", "paper", "article", "report", "publication")


def any_work_noun(words: list[str]) -> bool:
    """Whether a short name's last word may be any work noun ('arthritis study'; not 'case report', whose first word
    says what kind of report)."""
    return (len(words) > 1 and words[-1].lower() in _ANY_WORK_NOUN + ("trial", "cohort", "research")
            and not (len(words) == 2 and words[0].lower() == "case"))


@lru_cache(maxsize=4096)
def _phrase(phrase: str, name: bool = False) -> re.Pattern:
    """A phrase's words with any spaces or hyphens between them; a work's short name (`name`) may end in any work
    noun ("arthritis study" also matches "the arthritis paper"), a journal or a place may not."""
    words = [w for w in re.split(r"[\s-]+", phrase.strip()) if w]
    escaped = [re.escape(w) for w in words]
    if name and any_work_noun(words):
        escaped[-1] = "(?:" + "|".join(dict.fromkeys([escaped[-1], *_ANY_WORK_NOUN])) + ")"
    return re.compile(r"(?<![\w-])" + r"[\s-]+".join(escaped) + r"(?![\w-])", re.I)


@lru_cache(maxsize=4096)
def _phrase_words(phrase: str, name: bool = False) -> tuple[str, ...]:
    """The words a text must hold for the phrase to be in it (a name's noun that may be any work noun is not one)."""
    words = [w for w in re.split(r"[\s-]+", phrase.strip()) if w]
    return tuple(w.casefold() for w in (words[:-1] if name and any_work_noun(words) else words))


def _says(phrase: str, text: str, folded: str, name: bool = False) -> bool:
    """Whether `text` (`folded`: its casefold) says `phrase` (a work's short name when `name`): its words as
    substrings first, a C-speed look that spares the pattern on most lines of a long source."""
    return all(w in folded for w in _phrase_words(phrase, name)) and _phrase(phrase, name).search(text) is not None


@lru_cache(maxsize=1024)
def _author(surname: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])" + re.escape(surname) + r"(?![\w-])")  # case-sensitive: "Sun", not "sun"


class Works:
    """Resolves text to the works it names, with the catalog's works."""

    def __init__(self, works: tuple[Work, ...]):
        self.works = works
        self.by_id = {w.id: w for w in works}
        self._source_cache: dict[tuple[str, str], list[frozenset[str]]] = {}
        self._named: dict[tuple, frozenset[str]] = {}

    def __bool__(self) -> bool:
        return bool(self.works)

    def label(self, work_ids: frozenset[str]) -> str:
        names = sorted(self.by_id[w].label if w in self.by_id else "a review of several studies" if w in REVIEW
                       else f"{w.split(':', 1)[-1].title()} et al's work" for w in work_ids)
        return " or ".join(names)

    def without_journals(self, text: str) -> str:
        """The text with the catalog's journal titles blanked: "Arthritis Research & Therapy" names a journal, and
        says nothing of arthritis."""
        if not hasattr(self, "_journal_re"):
            titles = sorted({w.journal for w in self.works if w.journal}, key=len, reverse=True)
            self._journal_re = re.compile(first_letter_of([t.strip() for t in titles]) + "(?:" + "|".join(
                _phrase(t).pattern for t in titles) + ")") if titles else None
        if self._journal_re is None:
            return text
        return self._journal_re.sub(lambda m: " " * len(m.group(0)), text)

    # --- naming ------------------------------------------------------------------------------------

    def named(self, text: str, skip: tuple[int, int] | None = None, strong: bool = False) -> frozenset[str]:
        """The works a stretch of text names: the best-scoring catalog works, or the authors it cites that the
        catalog does not know ('cited:granel'). `skip` is a span not to read (a year claim must not name its work
        by itself)."""
        key = (text, skip, strong)
        if key not in self._named:
            if len(self._named) > 50_000:
                self._named.clear()
            self._named[key] = self._score(text, skip, strong)
        return self._named[key]

    def _score(self, text: str, skip: tuple[int, int] | None, strong: bool) -> frozenset[str]:
        years = {int(m.group("y")) for pattern in _NAMING_YEARS for m in pattern.finditer(text)
                 if skip is None or not skip[0] <= m.start("y") < skip[1]}
        if skip is not None:
            text = text[:skip[0]] + " " * (skip[1] - skip[0]) + text[skip[1]:]
        if not text.strip():
            return frozenset()
        scores: dict[str, int] = {}
        countries = places_in(text)
        folded = text.casefold()
        for w in self.works:
            # "that 2012 arthritis study" is not the 2013 one, unless more than a short name says so
            score = -_YEAR if years and w.year is not None and w.year not in years else 0
            if any(a in text and _author(a).search(text) for a in w.authors):
                score += _AUTHOR
            if any(r in text.upper() for r in w.registry_ids):
                score += _REGISTRY
            if w.journal and _says(w.journal, text, folded):
                score += _JOURNAL
            if any(_says(n, text, folded, name=True) for n in w.names):
                score += _NAME
            if w.year is not None and w.year in years:
                score += _YEAR
            for place in w.places:
                if _says(place, text, folded):
                    score += _CITY
                    break
            if countries and countries & places_in(" ".join(w.places)):
                score += _CITY if _WORKS_OR_ONE.search(text) else _COUNTRY  # "the Korean study" names its work
            if strong and score < MIN_SCORE:
                continue  # a source paragraph names a work by who, where, when or what it is called
            if w.kind and (_says(w.kind, text, folded) or (_head(w.kind) != "study"
                                                            and _says(_head(w.kind), text, folded))):
                score += _KIND  # "the trial", "the two-patient report" (a case report); any work is a "study"
            if any(_says(c, text, folded) for c in w.conditions):
                score += _CONDITION
            if score > 0:
                scores[w.id] = score
        best = max(scores.values(), default=0)
        found = {w for w, s in scores.items() if s == best} if best >= MIN_SCORE else set()
        if not found and years and _WORK_WORD.search(text):
            found = {f"year:{y}" for y in years}  # "an earlier study from 2012": a work the catalog does not know
        if best < _AUTHOR:
            found |= {f"cited:{m.group(1).lower()}" for m in CITATION.finditer(text)
                      if not any(m.group(1) in w.authors for w in self.works)}
        return frozenset(found)

    def of_claim(self, text: str, sentence: tuple[int, int], at: int, previous: tuple[int, int] | None,
                 skip: tuple[int, int] | None = None, stretch: tuple[int, int] | None = None) -> frozenset[str]:
        """The work a number at `at` in a page sentence is about: the work named nearest to it in its own stretch
        of the sentence (between its neighbours'), else in its clause, else the nearest one named before it in the
        sentence, else the previous sentence's when this one refers back, else the nearest one named after it."""
        found = self._of_claim(text, sentence, at, previous, skip, stretch)
        a, b = stretch if stretch is not None else clause_at(text, sentence, at)
        if found and _REVIEW_SPEAKS.search(text, a, at):
            found |= REVIEW  # "one review counted ten studies, three of them case reports like Wehbe's"
        if found & REVIEW and _CITING.search(text, sentence[0], at):
            # a citing paper may speak of the work the text is about ("What did others say about Zhang's trial? A
            # paper citing the case report says ... 14 patients"; "in the Zhang trial, a review citing the Wehbe
            # paper says ..."; "Zhang et al, as quoted on the citation page for the Wehbe report, treated 14"): the
            # work named last before it in the sentence that no citing paper speaks of, else the sentence before's
            spoken_of = [m for m in self._mentions(text, max(sentence[0], at - _SPOKEN_OF_REACH), at)
                         if not m[2] & REVIEW]
            before = max(spoken_of, key=lambda m: m[1])[2] if spoken_of else frozenset()
            if not before and previous is not None:
                before = self._latest(text, previous)
            found |= before - REVIEW
        return found

    def _of_claim(self, text: str, sentence: tuple[int, int], at: int, previous: tuple[int, int] | None,
                  skip: tuple[int, int] | None, stretch: tuple[int, int] | None) -> frozenset[str]:
        start, end = sentence
        segments = clauses(text, sentence)
        mine = next((i for i, (a, b) in enumerate(segments) if a <= at < b), len(segments) - 1)
        if stretch is not None:  # what is said of a number ends with its clause ("..., whereas Zhang's trial")
            before = text.rfind(";", stretch[0], at)  # and starts after a semicolon
            stretch = (stretch[0] if before < 0 else before + 1, min(stretch[1], segments[mine][1]))
        a, b = segments[mine]
        around = stretch or clause_at(text, sentence, at)  # after the number, only in its own clause
        pointers = [p for p in self._pointers(text, around[0], min(around[1], max(b, at)))
                    if p.group(3) is None or _NUMBER_THEN_SPACE.fullmatch(text, at, p.start())]  # "14 trial patients"
        pointed = min(pointers, key=lambda p: _distance((p.start(), p.end()), at)) if pointers else None
        pointed_to = self._pointed_to(text, pointed, previous, sentence) if pointed else frozenset()
        if pointed is not None and pointed.group(1) is None and not pointed_to:
            pointed_to = UNKNOWN  # "in the trial" when no trial was named: not the work named last
        if stretch is not None and stretch != (start, end):
            own = self._mentions(text, *stretch, skip)
            nearest = min(own, key=lambda m: (_distance(m, at), -m[3])) if own else None
            if pointed_to and _nearer(pointed, own, at):
                return pointed_to - UNKNOWN  # "in the 2016 report ..., while in that trial of 14 patients": the nearer
            if nearest is not None:
                return nearest[2]
        if skip is not None and any(m.start("y") <= skip[0] < m.end("y") for pattern in _NAMING_YEARS
                                    for m in pattern.finditer(text, a, b)) and not self._mentions(text, a, b, skip):
            return frozenset()  # "a 2017 update": the year is the claim and the work's only name
        own = self._mentions(text, a, b, skip)
        before = [m for i in range(mine) for m in self._mentions(text, *segments[i])]
        if pointed_to and _nearer(pointed, own, at):
            return pointed_to - UNKNOWN
        if own:
            return min(own, key=lambda m: (_distance(m, at), -m[3]))[2]
        if before:
            return max(before, key=lambda m: m[1])[2]
        if previous is not None and _REFERS_BACK.search(text[start:end]) and (latest := self._latest(text, previous)):
            return latest
        after = [m for i in range(mine + 1, len(segments)) for m in self._mentions(text, *segments[i])]
        if after:
            first = min(after, key=lambda m: m[0])
            joined = next(segments[i] for i in range(mine + 1, len(segments)) if segments[i][0] <= first[0])
            if previous is not None and (_ANOTHER_SUBJECT.match(text, joined[0]) or _ANOTHER_SUBJECT_BEFORE.search(
                    text[max(start, joined[0] - 16):joined[0]])):
                if latest := self._latest(text, previous):  # "38 of the 41 were alive, and the earlier Chinese
                    return latest  # trial ...": the topic goes on
            return first[2]
        return frozenset()

    def _latest(self, text: str, span: tuple[int, int]) -> frozenset[str]:
        """The works named last in text[span] (frozenset() when it names none)."""
        named = self._mentions(text, *span)
        return max(named, key=lambda m: m[1])[2] if named else frozenset()

    def _pointers(self, text: str, a: int, b: int) -> list[re.Match]:
        """The kind words in text[a:b] that point back to a work ("the trial"), but not those that name one ("the
        French trial"); worked out once per stretch of text."""
        memo = self.__dict__.setdefault("_pointers_memo", {})
        if len(memo) > 4096:
            memo.clear()
        if (text, a, b) not in memo:
            memo[(text, a, b)] = [p for p in _POINTS_BACK.finditer(text, a, b)
                                  if not self._mentions(text, p.start(), p.end())]
        return memo[(text, a, b)]

    def _pointed_to(self, text: str, pointed: re.Match, previous, sentence) -> frozenset[str]:
        """The work 'that trial' or 'the earlier report' points back to: the latest work of that kind named before
        it, in its sentence or the one before (any work for 'that study')."""
        kind = next(k for k in pointed.groups() if k).lower()
        if kind in ("study", "paper", "work") and not re.match(r"(?:that|this|the\s+same)\b", pointed.group(0), re.I):
            return frozenset()  # "the earlier study" compares works; which one is earlier is not said here
        earlier = self._mentions(text, sentence[0], pointed.start())
        if previous is not None:
            earlier += self._mentions(text, *previous)
        if pointed.group(1) is None and not any(self._fits(m, kind) for m in earlier):
            earlier += self._mentions(text, _paragraph_start(text, sentence[0]), sentence[0])  # "in the trial"
        fitting = [m for m in earlier if self._fits(m, kind)]
        if fitting:
            return max(fitting, key=lambda m: m[1])[2]
        only = [w for w in self.works if w.kind and _head(w.kind) == kind]
        if len(only) == 1 and pointed.group(2) and _AS_THE_KIND.fullmatch(pointed.group(0)[4:-len(kind)].strip() or
                                                                             only[0].kind.split()[0]):
            return frozenset({only[0].id})  # "the two-patient report": the catalog's one report (not "the news report")
        return frozenset()

    def _fits(self, mention, kind: str) -> bool:
        """Does a mention name a work of a kind ('trial', 'report'; any work is a 'study')?"""
        return kind in ("study", "paper", "work") or any(
            w in self.by_id and _head(self.by_id[w].kind) == kind for w in mention[2])

    def _mentions(self, text: str, a: int, b: int, skip: tuple[int, int] | None = None) -> list:
        """The works named in text[a:b], one per cluster of naming words ('Zhang and colleagues' 2017 trial', 'the
        Nanjing team'): (start, end, works, score), nearest first by position."""
        hits = sorted(h for h in self._hits(text, a, b) if skip is None or not (skip[0] <= h[0] < skip[1]
                                                                                 and self._is_year(text, h)))
        clusters: list[list[int]] = []
        for h_start, h_end in hits:
            if clusters and h_start - clusters[-1][1] <= _CLUSTER_GAP and not _ANOTHER_MENTION.search(
                    text, clusters[-1][1], h_start):
                clusters[-1][1] = max(clusters[-1][1], h_end)
            else:
                clusters.append([h_start, h_end])
        out = []
        for c_start, c_end in clusters:
            lo, hi = max(a, c_start - _CLUSTER_PAD), min(b, c_end + _CLUSTER_PAD)
            noun = _WORK_NOUN_AFTER.match(text, c_end, b)
            if noun:
                hi = max(hi, noun.end())
            local = None if skip is None else (skip[0] - lo, skip[1] - lo)
            works = self.named(text[lo:hi], local if local and 0 <= local[0] < hi - lo else None)
            if works and _CITING_BEFORE.search(text, max(a, c_start - 40), c_start) and not (
                    skip is not None and lo <= skip[0] < hi):
                works = works | REVIEW  # "a review citing the case report counted ...": the citing paper speaks,
                # of its own review or of the work it cites
            if works:
                out.append((c_start, c_end, works, 0))
        return out

    @staticmethod
    def _is_year(text: str, hit: tuple[int, int]) -> bool:
        return bool(_YEAR_RE.fullmatch(text[hit[0]:hit[1]]))

    def _hits(self, text: str, a: int, b: int) -> list[tuple[int, int]]:
        """Where words that can name a work stand in text[a:b] (worked out once per stretch of text: every number
        in a sentence asks about the same stretches, and a page may hold 500 numbers)."""
        memo = self.__dict__.setdefault("_hits_memo", {})
        if len(memo) > 4096:
            memo.clear()
        key = (text, a, b)
        if key not in memo:
            memo[key] = self._find_hits(text, a, b)
        return memo[key]

    def _find_hits(self, text: str, a: int, b: int) -> list[tuple[int, int]]:
        chunk = text[a:b]
        out = []
        for pattern in self._patterns():
            out += [(m.start() + a, m.end() + a) for m in pattern.finditer(chunk)]
        out += [(m.start("y") + a, m.end("y") + a) for pattern in _NAMING_YEARS for m in pattern.finditer(chunk)]
        out += [(m.start() + a, m.end() + a) for m in CITATION.finditer(chunk)]
        return out

    def _may_name(self, text: str) -> bool:
        """A quick look for any word that can name a work (most lines of a long source have none)."""
        if not hasattr(self, "_any_name"):
            names = {" ".join(n.split()[:-1]) if any_work_noun(n.split()) else n for w in self.works for n in w.names}
            words = {x for w in self.works for x in (*w.authors, *names, *w.places, *w.registry_ids, w.journal) if x}
            words |= set(_country_words(self.works))
            alternatives = "|".join(re.escape(x) for x in sorted(words, key=len, reverse=True))
            self._any_name = re.compile(f"{first_letter_of(words)}(?:{alternatives})" if words else r"(?!)", re.I)
        return self._any_name.search(text) is not None or _NAMING_YEARS[0].search(text) is not None

    def _patterns(self) -> list[re.Pattern]:
        if not hasattr(self, "_naming_patterns"):
            patterns = []
            for w in self.works:
                patterns += [_author(x) for x in w.authors] + [_phrase(x, name=True) for x in w.names] + [
                    _phrase(x) for x in (*w.places, *w.registry_ids)]
                if w.journal:
                    patterns.append(_phrase(w.journal))
            patterns += [_phrase(word) for word in _country_words(self.works)]
            self._naming_patterns = patterns
        return self._naming_patterns

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
            found = self.named(CITATION.sub(" ", line), strong=True) if self._may_name(line) else frozenset()
            found = frozenset(w for w in found if not w.startswith(("cited:", "year:")))
            if stripped.startswith(_QUOTE_MARKS):  # a quoted statement by another paper stands alone
                paragraph[number] = found or own
                carried = frozenset()
                continue
            if found:
                carried = found
            paragraph[number] = carried or own
        out: list = []
        row: tuple[int, _CitedSentence | None] = (0, None)  # the line and the cited sentence a table row runs on
        for sentence in source.sentences:
            cited = list(CITATION.finditer(sentence.text))
            before = row[1] if row[0] == sentence.line else None
            if len(cited) >= _REVIEW_LIST:
                out.append(REVIEW)  # "Ten clinical studies ... (Granel et al, 2015; Wehbe et al, 2016; ...)"
            elif cited:
                found = _CitedSentence(self, cited, sentence.text, before)
                out.append(found)  # resolved per number
                row = (sentence.line, found)
            elif before is not None and before.runs_on():
                out.append(before.at(before.spans[-1][0]))  # a flattened table's row, split at an arrow, runs on
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
    """A source sentence that cites works: each number belongs to the citation whose stretch holds it. A citation
    in brackets closes what comes before it ('... in one patient (Zhang et al, 2017)'); a citation in the text
    ('Zhang et al (2017) found ...'), or one in brackets that starts a row of a flattened table ('(Liang et al 2018 )
    Retrospective cohort 39 patients ...'), opens what comes after it. Elsewhere the nearest citation wins."""

    def __init__(self, works: Works, citations: list[re.Match], text: str = "", before=None):
        self.works = works
        self.citations = citations
        self.before = before  # the cited sentence before it on the same line, whose last row may run on
        self.spans = []
        for i, m in enumerate(citations):
            bracketed = text[:m.start()].rstrip().endswith("(")
            close = text.find(")", m.end() - 1)
            after = text[close + 1:close + 3].strip()[:1] if bracketed and close >= 0 else ""
            previous_end = citations[i - 1].end() if i else 0
            next_start = citations[i + 1].start() if i + 1 < len(citations) else len(text)
            if bracketed and not after.isupper():
                self.spans.append((previous_end, m.start(), m))  # closes the stretch before it
            else:
                self.spans.append((m.end(), next_start, m))  # opens the stretch after it

    def runs_on(self) -> bool:
        """Whether the last citation opens the stretch after it (a table row), which may run into the next
        sentence of the same line."""
        start, _, m = self.spans[-1]
        return start == m.end()

    def _owner(self, offset: int) -> re.Match:
        for start, end, m in self.spans:
            if start <= offset < end:
                return m
        first = self.spans[0]
        if self.before is not None and offset < first[0] and first[1] > first[0] and first[0] == first[2].end():
            last = self.before.spans[-1]
            if last[0] == last[2].end():
                return last[2]  # the row the previous sentence opened runs on up to this sentence's first row
        return min(self.citations, key=lambda m: min(abs(m.start() - offset), abs(m.end() - offset)))

    def at(self, offset: int) -> frozenset[str]:
        owner = self._owner(offset)
        surname, year = owner.group(1), owner.group(2)
        known = [w for w in self.works.works if surname in w.authors and (not year or w.year in (None, int(year)))]
        return frozenset(w.id for w in known) or frozenset({f"cited:{surname.lower()}"})


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _paragraph_start(text: str, at: int) -> int:
    """Where the paragraph holding `at` starts: after the last blank line before it (one pass, however many)."""
    start = 0
    for blank in _BLANK_LINE.finditer(text, 0, at):
        start = blank.end()
    return start


def _head(kind: str) -> str:
    """The noun a kind of work is called by alone: "case report" -> "report"."""
    return kind.split()[-1]


def _nearer(pointed: re.Match, named: list, at: int) -> bool:
    """Whether 'that trial' stands nearer the number than every work named by name."""
    return not named or _distance((pointed.start(), pointed.end()), at) < min(_distance(m, at) for m in named)


def in_a_period(text: str, start: int) -> bool:
    """Whether the year at `start` is one end of a period ('from 2009 to 2017', 'between 2009 and 2017')."""
    return any(m.start() <= start < m.end() for m in _PERIOD_YEAR.finditer(text, max(0, start - 20), start + 30))


def year_names_a_work(text: str, start: int) -> bool:
    """Whether the year at `start` is in naming position ('the 2016 case report', 'a study from 2012', '(2013)')."""
    lo = max(0, start - 40)
    return any(m.start("y") == start for pattern in _NAMING_YEARS for m in pattern.finditer(text, lo, start + 60))


def _distance(mention, at: int) -> int:
    start, end = mention[0], mention[1]
    return 0 if start <= at < end else min(abs(start - at), abs(end - at))


def _country_words(works) -> list[str]:
    """The words that name the countries of the catalog's works ('French', 'Chinese', 'Korean')."""
    from .concepts import _places
    countries = places_in(" ".join(p for w in works for p in w.places))
    return sorted({" ".join(words) for words, country in _places().items() if country in countries})


@lru_cache(maxsize=1024)
def clauses(text: str, sentence: tuple[int, int]) -> tuple[tuple[int, int], ...]:
    """The clauses of a page sentence, in order (worked out once: every number of the sentence asks)."""
    start, end = sentence
    bounds = [start] + [m.end() + start for m in _SEGMENT_BREAK.finditer(text[start:end])] + [end]
    return tuple((a, b) for a, b in zip(bounds, bounds[1:]) if b > a)


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


__all__ = ["CITATION", "Work", "Works", "clause_at", "clauses", "read_works", "year_names_a_work"]
