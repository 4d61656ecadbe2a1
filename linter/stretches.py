"""Each number's own stretch of its sentence, cut the same way on the page and in a source.

A sentence that gives several numbers says different things of each ("colds in five patients and diarrhoea in
one", "13.95 at one year, 12.39 at three years"). Between two neighbouring numbers the sentence is cut at its
strongest clause break; what a stretch names (measures, groups, time points, directions, works) is said of its
numbers. linter/factcheck.py builds both sides' frames from these stretches.
"""
from __future__ import annotations

import re


_CLAUSE_BREAK = re.compile(r"\s*+[,;:]\s*+(?:(?:and|or|but|while|whereas)\s++)?|\s++(?:and|or|but|while|whereas)\s++", re.I)


def clause_breaks(text: str, pos: int, endpos: int) -> list[re.Match]:
    """What _CLAUSE_BREAK.finditer(text, pos, endpos) finds, in linear time: where a try fails at the start of a
    run of spaces, every later start in the run, and the character after it, would fail too (they reach no end
    the first could not), so they are skipped instead of each scanning the run again."""
    out, i = [], pos
    while i < endpos:
        m = _CLAUSE_BREAK.match(text, i, endpos)
        if m:
            out.append(m)
            i = m.end()
        elif text[i].isspace():
            while i < endpos and text[i].isspace():
                i += 1
            i += 1
        else:
            i += 1
    return out


VALUE_KINDS = ("number", "percent", "fraction")  # the numbers a sentence says things of (not times, not years)


_BARE_ONE = re.compile(r"(?=[oO])(?<!\bno )(?<!\bany)\bone\b(?!\s+(?:of|another|or|day|week|month|year)\b)", re.I)


def bare_ones(text: str, known: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Where a bare 'one' that counts stands ('diarrhoea in one') outside the `known` numbers: no claim, but still
    a number with a stretch of its own."""
    return {m.span() for m in _BARE_ONE.finditer(text) if not any(a <= m.start() < b for a, b in known)}


def _break_strength(separator: str) -> int:
    if ";" in separator:
        return 4
    if ":" in separator:
        return 0
    if "," in separator:
        return 3 if separator.strip(" ,") else 2
    return 1


def number_stretches(text: str, span: tuple[int, int], numbers: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each number's own stretch of its sentence, in order: the sentence is cut at the last clause break between
    two neighbouring numbers ('colds in five patients | and diarrhoea in one'); numbers with no break between them
    ('from 18.68 to 13.95') share one stretch."""
    cuts = []
    for (_, end), (start, _) in zip(numbers, numbers[1:]):
        breaks = clause_breaks(text, end, start)
        # cut at the strongest break, the last of equals: ';' before ', while', before ',', before a bare 'and'
        # ('Zhang and colleagues' is inside a stretch), and a colon, which labels the number after it, last
        cuts.append(max(breaks, key=lambda m: (_break_strength(m.group(0)), m.start())).span() if breaks else None)
    lefts = [span[0]]
    for cut in cuts:
        lefts.append(cut[1] if cut else lefts[-1])
    rights = [span[1]]
    for cut in reversed(cuts):
        rights.append(cut[0] if cut else rights[-1])
    return list(zip(lefts, reversed(rights)))


def own_and_others(stretches: list[tuple[int, int]], specific: dict[tuple[int, int], frozenset]) -> list[tuple[frozenset, frozenset]]:
    """For each number, the measures and groups named in its stretch only, and those named only in others'."""
    distinct = list(dict.fromkeys(stretches))
    if len(distinct) < 2:  # one stretch: everything it names is said of its numbers, and of no other
        return [(specific[st], frozenset()) for st in stretches]
    seen: dict[str, int] = {}
    for st in distinct:
        for c in specific[st]:
            seen[c] = seen.get(c, 0) + 1
    alone = {st: frozenset(c for c in specific[st] if seen[c] == 1) for st in distinct}
    every = frozenset(c for c, n in seen.items() if n == 1)
    return [(alone[st], every - alone[st]) for st in stretches]


__all__ = ["VALUE_KINDS", "clause_breaks", "number_stretches", "own_and_others", "bare_ones"]
