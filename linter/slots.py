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

from .settings import data_file


@dataclass(frozen=True)
class Frame:
    """What one number is about. Empty fields are unknown."""

    works: frozenset = frozenset()  # catalog work ids ("alip-2024"), or "cited:<author>"
    measures: frozenset = frozenset()  # measure families (survival, skin score, lung ...)
    conditions: frozenset = frozenset()  # conditions of the group (interstitial lung disease, rheumatoid arthritis)
    animals: bool | None = None  # whether the group is animals (mice, rats); None: not known
    directions: frozenset = frozenset()  # up | down | stable, as the clause says the value moved
    negative: bool | None = None  # the clause tells the outcome the bad way round ("died", "not alive")
    described_by: frozenset = frozenset()  # a group of people described by where their disease shows (skin)
    shows_in: frozenset | None = None  # where the conditions of the group show (None: not known)


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


@slot("FC0025", "direction")
def _direction(claim: Frame, source: Frame, namer) -> str | None:
    if claim.directions and source.directions and not claim.directions & source.directions:
        return (f"the source says the value {_moved(source.directions)}; this clause says it "
                f"{_moved(claim.directions)}")
    return None


@slot("FC0026", "polarity")
def _polarity(claim: Frame, source: Frame, namer) -> str | None:
    if claim.negative is not None and source.negative is not None and claim.negative != source.negative:
        return ("the source counts those who did not have the outcome; this clause counts those who did"
                if source.negative else "the source counts those who had the outcome; this clause counts those "
                                        "who did not")
    return None


def _moved(directions: frozenset) -> str:
    words = {"up": "rose", "down": "fell", "stable": "stayed stable"}
    return " or ".join(words[d] for d in sorted(directions))


@lru_cache(maxsize=1)
def _direction_patterns() -> dict[str, re.Pattern]:
    data = data_file("directions.yaml") or {}
    return {d: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b",
                          re.I) for d, words in data.items()}


def directions_in(text: str) -> frozenset[str]:
    """Which way the values of a clause moved, by its words ('decreased from 18.68 to 13.95' -> down)."""
    return frozenset(d for d, pattern in _direction_patterns().items() if pattern.search(text))


__all__ = ["Conflict", "Frame", "SLOTS", "conflicts", "directions_in"]
