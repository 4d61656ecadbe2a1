"""Does a source's number state a claim's value? Values are intervals of the precision they are written
with, widened or directed by hedges, compared in one unit."""
from __future__ import annotations

import math
from dataclasses import replace

from .numbers import HEDGES, Quantity


def overlaps(low: float, high: float, value: float, half: float) -> bool:
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
            return overlaps(claim.low, claim.high, src.value, src.half_unit)
        if sk == "fraction":
            return overlaps(claim.low, claim.high, src.percent or 0.0, 1e-6)
        return False
    if ck == "fraction":
        if sk == "fraction":
            if claim.numerator == src.numerator and claim.denominator == src.denominator:
                return True
            return _natural(claim) and overlaps(claim.low, claim.high, src.percent or 0.0, 1e-6)
        if sk == "percent":
            return overlaps(claim.low, claim.high, src.value, src.half_unit)
        return False
    if ck == "duration":
        if sk != "duration":
            return False
        f_c = claim.months / claim.value if claim.value else 1.0
        f_s = src.months / src.value if src.value else 1.0
        if f_c != f_s and not claim.hedge:
            # "1 year" is 12 months, not any span that rounds to a year ("six months" is not "1 year")
            return abs(claim.value * f_c - src.value * f_s) < 1e-9
        return overlaps(claim.low * f_c, claim.high * f_c, src.value * f_s, src.half_unit * f_s)
    # plain numbers: counts, measurements, scientific notation
    if claim.words and src.half_unit < 0.5:
        return False  # "three people" is a count; a measurement of 3.1 does not state it
    if sk in ("number", "year", "duration"):
        return overlaps(claim.low, claim.high, src.value, src.half_unit)
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


MAX_BUCKETS = 200  # wider intervals (one-sided hedges on big values) scan the kind's mentions instead


def value_ranges(q: Quantity) -> list[tuple[float, float]] | None:
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


_CANDIDATE_KINDS = {"registry": ("registry",), "phase": ("phase",), "date": ("date",), "duration": ("duration",),
                    "year": ("year", "number"), "percent": ("percent", "fraction"), "fraction": ("fraction", "percent")}


def candidate_kinds(kind: str) -> frozenset[str]:
    """Source kinds that can match a claim of this kind (value_match) or be compared with it (distance < inf):
    every other mention is neither, so judge skips it."""
    return frozenset(_CANDIDATE_KINDS.get(kind, ("number", "year", "duration", "fraction", kind)))
