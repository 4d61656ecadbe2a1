"""What a number is about, slot by slot: the frame of a page claim against the frame of a source statement.

A frame says, for one number, which work it belongs to, what it measures, of which group, which way the value
moved and whether its clause speaks of an outcome told the bad way round (died, not alive). The fact-check builds
a frame for each page claim and each candidate source number the same way (per clause, through the same
vocabulary) and asks every slot for a vote: a slot that knows both sides and finds them different is a conflict
with a reason; a slot that does not know one side is unknown and never vetoes. Each slot is a sub-rule of FC002
with its own code (linter/rules/factcheck_rules.py), so it can be selected, ignored and suppressed alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .language import first_letter_of
from .settings import data_file


@dataclass(frozen=True)
class Frame:
    """What one number is about. Empty fields are unknown."""

    works: frozenset = frozenset()  # catalog work ids ("alip-2024"), or "cited:<author>"
    measures: frozenset = frozenset()  # measure families (survival, skin score, lung ...)
    conditions: frozenset = frozenset()  # conditions of the group (interstitial lung disease, rheumatoid arthritis)
    animals: bool | None = None  # whether the group is animals (mice, rats); None: not known
    directions: frozenset = frozenset()  # up | down | stable | better | worse, as its words say the value moved
    negative: bool | None = None  # the clause tells the outcome the bad way round ("died", "not alive")
    described_by: frozenset = frozenset()  # a group of people described by where their disease shows (skin)
    shows_in: frozenset | None = None  # where the conditions of the group show (None: not known)
    own: frozenset = frozenset()  # measures and groups named in this number's own stretch of its sentence only
    others: frozenset = frozenset()  # those named only in the stretches of the sentence's other numbers
    role: str = ""  # a count of people: "planned" (to enrol), "reported" (treated, results for), "measured" (n = 38);
    # a date: "start" (of enrolling, of a trial) or "end"
    rank: int | None = None  # which member of its group the value is: "in the first patient" 0, "the second's" 1;
    # in a source, its place in a list paired by "respectively" ("from 9.5 to 3.5 and 1.5, respectively")


@dataclass(frozen=True)
class Conflict:
    """A slot on which the claim and the source statement disagree, and how to say so."""

    code: str
    slot: str
    reason: str


@dataclass(frozen=True)
class Slot:
    code: str
    name: str
    vote: Callable[[Frame, Frame, Callable[[str, frozenset], str]], str | None]  # a reason when they conflict


SLOTS: list[Slot] = []


def slot(code: str, name: str):
    """Register a slot's vote function: (claim frame, source frame, namer) -> a reason when they conflict."""
    def register(vote):
        SLOTS.append(Slot(code, name, vote))
        return vote
    return register


def conflicts(claim: Frame, source: Frame, namer: Callable[[str, frozenset], str],
              skip: frozenset[str] = frozenset()) -> Conflict | None:
    """The first slot that conflicts, or None."""
    for s in SLOTS:
        if s.name in skip:
            continue
        reason = s.vote(claim, source, namer)
        if reason:
            return Conflict(s.code, s.name, reason)
    return None


@slot("FC0021", "work")
def _work(claim: Frame, source: Frame, namer) -> str | None:
    if claim.works and source.works and not claim.works & source.works:
        return f"it is the figure of {namer('work', source.works)}; this sentence is about {namer('work', claim.works)}"
    return None


@slot("FC0022", "measure")
def _measure(claim: Frame, source: Frame, namer) -> str | None:
    if claim.measures and source.measures and not claim.measures & source.measures:
        return (f"the source's figure is {namer('concept', source.measures)}; this clause is about "
                f"{namer('concept', claim.measures)}")
    return None


@slot("FC0023", "group")
def _group(claim: Frame, source: Frame, namer) -> str | None:
    if claim.conditions and source.conditions and not claim.conditions & source.conditions:
        return (f"the source's figure is for {namer('concept', source.conditions)}; this clause is about "
                f"{namer('concept', claim.conditions)}")
    if claim.described_by and source.shows_in is not None and not claim.described_by & source.shows_in:
        return (f"the source's figure is for {namer('concept', source.conditions)}; this clause describes people "
                f"by their {namer('concept', claim.described_by)}")
    if claim.animals is not None and source.animals is not None and claim.animals != source.animals:
        return ("the source's figure is from an animal study; this clause is about people" if source.animals else
                "the source's figure is about people; this clause is about animals")
    return None


_ORDINAL_WORDS = ("first", "second", "third", "fourth")


@slot("FC0028", "pairing")
def _pairing(claim: Frame, source: Frame, namer) -> str | None:
    if claim.rank is not None and source.rank is not None and claim.rank != source.rank:
        return (f"in the source this figure is the {_ORDINAL_WORDS[source.rank]} one's (the values are listed "
                f"'respectively'); this clause gives it to the {_ORDINAL_WORDS[claim.rank]}")
    swapped = claim.own & source.others
    if swapped and source.own and not claim.own & source.own:
        return (f"in the source this figure goes with {namer('concept', source.own)}, and "
                f"{namer('concept', swapped)} with another number")
    return None


_ROLES = {"planned": "how many people the study planned to take", "reported": "how many people the study took "
          "or reported on", "measured": "how many people a measurement was taken from",
          "start": "when something starts (enrolling, a trial)", "end": "when something ends"}


@slot("FC0029", "role")
def _role(claim: Frame, source: Frame, namer) -> str | None:
    if claim.role and source.role and claim.role != source.role:
        return f"the source's figure is {_ROLES[source.role]}; this clause gives it as {_ROLES[claim.role]}"
    return None


@slot("FC0025", "direction")
def _direction(claim: Frame, source: Frame, namer) -> str | None:
    for axis in AXES:
        mine, theirs = claim.directions & axis, source.directions & axis
        if mine and theirs and not mine & theirs:
            return f"the source says the value {_moved(theirs)}; this clause says it {_moved(mine)}"
    return None


@slot("FC0026", "polarity")
def _polarity(claim: Frame, source: Frame, namer) -> str | None:
    if claim.negative is not None and source.negative is not None and claim.negative != source.negative:
        return ("the source counts those who did not have the outcome; this clause counts those who did"
                if source.negative else "the source counts those who had the outcome; this clause counts those "
                                        "who did not")
    return None


AXES = (frozenset({"up", "down", "stable"}), frozenset({"better", "worse", "stable"}))  # movement, valence


def _moved(directions: frozenset) -> str:
    words = {"up": "rose", "down": "fell", "stable": "stayed stable", "better": "got better", "worse": "got worse"}
    return " or ".join(words[d] for d in sorted(directions))


@lru_cache(maxsize=1)
def _direction_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """One pattern over every direction phrase, longest first, so that overlapping phrases resolve to the longer."""
    data = data_file("directions.yaml") or {}
    direction_of = {w.lower(): d for d, words in data.items() for w in words}
    alternatives = "|".join(re.escape(w) for w in sorted(direction_of, key=len, reverse=True))
    return re.compile(rf"{first_letter_of(direction_of)}\b(?:{alternatives})\b", re.I), direction_of


_PLANNED = re.compile(r"\b(?:plan(?:s|ned)?|aim(?:s|ed)?|target(?:s|ed)?|expect(?:s|ed)?|intend(?:s|ed)?|will|set to|"
                      r"due to|(?:is|are|was|were) (?:assessing|testing|investigating|enrolling|recruiting)|recruiting|"
                      r"to (?:enrol|enroll|recruit|include|treat))\b", re.I)
_REPORTED = re.compile(r"\b(?:results?|reported|published|treated|completed|enrolled|followed|covered|"
                       r"took part)\b", re.I)
_MEASURED = re.compile(r"\b(?:assessed|measured|scored|available|checked|evaluated|analy[sz]ed)\b|\bn\s*=", re.I)


_WORK_OF = re.compile(r"\b(?:trial|study|cohort|series|report|project)\s+(?:of|with|involving|including)\s+$", re.I)
ROLE_REACH = 40  # a word this close to a count says whether it is a plan or a report


def role_near(text: str, at: int) -> str:
    """Whether a count of people at offset `at` is a plan ('of 20 planned', 'is recruiting 20'), a report
    ('results from 14', 'treated 41') or the people a measurement was taken from ('n = 38', 'assessed in 38'): the
    nearest kind of word in its clause within ROLE_REACH characters, else the last one before it; '' when none."""
    def nearest(pattern):
        found = min((min(abs(m.start() - at), abs(m.end() - at)) for m in pattern.finditer(text)), default=None)
        return found if found is not None and found <= ROLE_REACH else None
    if re.search(r"\bn\s*=\s*$", text[max(0, at - 6):at], re.I):
        return "measured"  # "(SD = 7.67, n = 38)": how many people a measurement was taken from
    if _WORK_OF.search(text[max(0, at - 30):at]):
        return ""  # "a study of 20 patients": the work's size as described, planned or taken alike
    roles = (("planned", _PLANNED), ("reported", _REPORTED), ("measured", _MEASURED))
    found = [(d, role) for role, pattern in roles for d in [nearest(pattern)] if d is not None]
    if found:
        return min(found)[1]
    # farther off, the verb its clause opens with says it ("is assessing the safety ... in 20 patients")
    before = [(m.start(), role) for role, pattern in roles for m in pattern.finditer(text, 0, at)]
    return max(before)[1] if before else ""


_MILESTONES = (("start", re.compile(r"\b(?:start\w*|begin\w*|began|begun|open\w*|enrol\w*|recruit\w*|launch\w*)\b",
                                    re.I)),
               ("end", re.compile(r"\b(?:end|ends|ended|finish\w*|complet\w*|conclu\w*|close[ds]?|closing|stop\w*)\b",
                                  re.I)))


def milestone_before(text: str, at: int) -> str:
    """Whether a date at offset `at` is when something starts ('to start enrolling in November 2018') or ends
    ('to conclude in November 2020'): the nearest such word before it in its clause (`text`); '' when none."""
    found = [(m.end(), role) for role, pattern in _MILESTONES for m in pattern.finditer(text, 0, at)]
    return max(found)[1] if found else ""


def directions_in(text: str) -> frozenset[str]:
    """Which way the values of a stretch of text moved, by its words ('decreased from 18.68 to 13.95' -> down,
    'got worse' -> worse)."""
    pattern, direction_of = _direction_pattern()
    out = set()
    for m in pattern.finditer(text):
        d = direction_of[m.group(0).lower()]
        if d in ("better", "worse") and _NEGATED.search(text, max(0, m.start() - 24), m.start()):
            d = "stable"  # 'had not got worse', 'did not improve': the value stayed where it was
        out.add(d)
    out |= {_ARROWS[m.group(0)] for m in _ARROW.finditer(text)}  # a table's "↑lung function", "↓ skin thickness"
    return frozenset(out)


_ARROWS = {"↑": "up", "↓": "down"}
_ARROW = re.compile("[↑↓]")
_NEGATED = re.compile(r"\b(?:not|no|never|without|n't)\s+(?:\w+\s+)?$", re.I)


def directions_near(own: str, clause: str) -> frozenset[str]:
    """The directions of a number's own stretch of its sentence; on an axis the stretch says nothing of, its
    clause's."""
    mine = directions_in(own)
    around = directions_in(clause) if own != clause else frozenset()
    return mine | frozenset(d for axis in AXES if not mine & axis for d in around & axis)


__all__ = ["AXES", "Conflict", "Frame", "SLOTS", "conflicts", "directions_in", "directions_near", "milestone_before",
           "role_near"]


_ORDINAL = re.compile(r"\b(first|second|third|fourth)(?:\s+(?:patient|person|subject|participant|case|one|woman|man|"
                      r"child)s?)?(?:['’]s)?(?!\s+(?:year|month|week|day|time|visit|round|dose|injection|infusion|"
                      r"transplant|course|cycle|line|author|phase|stage|half|quarter|place|study|trial|report)s?\b)",
                      re.I)


def ordinal_near(text: str, at: int) -> int | None:
    """Which member of a group a stretch gives its number to ('1.5 in the first patient', 'the second patient's
    to 3.5'): the ordinal nearest the number, when the stretch names one; None otherwise."""
    found = [(abs(m.start() - at), _ORDINAL_WORDS.index(m.group(1).lower())) for m in _ORDINAL.finditer(text)]
    return min(found)[1] if found else None
