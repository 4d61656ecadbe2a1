"""Bibliographic facts: what a citation, a reference-list entry or a source's own record states, and of which work.

Reference lists and page chrome never support a claim about the research; they do state their own entries'
years, journals, volumes and pages, for a claim that names that publication (issue 12). Counts of citations and
references are not research facts (they change with every new paper) and stay unsupported.
"""
from __future__ import annotations

import re

from .concepts import load_vocabulary, plain_tokens
from .sources import Source
from .works import CITATION, Works, clause_at


def bibliographic(claim: PageClaim, matches, works: Works) -> list:
    """'Zhang and colleagues' 2017 paper': a citation or a reference-list entry of that work states its year (and
    nothing else)."""
    if not claim.works or all(w.startswith("year:") for w in claim.works):
        return _described_reference(claim, matches)
    surnames = {a for w in claim.works if w in works.by_id for a in works.by_id[w].authors}
    surnames |= {w.split(":", 1)[1].title() for w in claim.works if w.startswith("cited:")}
    year = str(int(claim.q.value))
    out = []
    for s, m in matches:
        line = s.line_text(m.line)
        if m.noise == "citation":  # "Zhang et al, 2017": the cited author's own year
            if any(c.group(1) in surnames and c.group(2) == year for c in CITATION.finditer(line)):
                out.append((s, m))
        elif m.noise == "reference list":  # "Zhang H, Liang J, ... (2017) Title": an author of the entry, its year
            entry_year = re.search(r"\(((?:19|20)\d\d)[a-z]?\)", line)
            if entry_year and entry_year.group(1) == year and any(
                    re.search(rf"\b{re.escape(name)}\s+[A-Z]{{1,3}}\b", line) for name in surnames):
                out.append((s, m))
    return out


_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z-]{2,}\b")
_NOT_NAMES = frozenset("""the its their this that these those they and but both each for from with into after before
during over under about than then when where which while whose since until also its our your one two three four five
six seven eight nine ten study trial report paper team group january february march april may june july august
september october november december""".split())
_ENTRY_START = re.compile(r"^\s*(?:•\s*)?\[\d+\]|^\s*\d{1,3}\.\s")


def _entry_block(source: Source, line: int) -> str:
    """The reference-list entry holding a line: from its '[n]' or 'n.' start to the next entry's (12 lines at most)."""
    start = line
    while start > max(1, line - 12) and not _ENTRY_START.match(source.line_text(start)):
        start -= 1
    if not _ENTRY_START.match(source.line_text(start)):
        return source.line_text(line)
    end = line + 1
    while end < line + 12 and source.line_text(end) and not _ENTRY_START.match(source.line_text(end)):
        end += 1
    return "\n".join(source.line_text(i) for i in range(start, end))


def named_reference(claim: PageClaim, matches) -> list:
    """'The Dutch MANUS trial, whose protocol appeared in BMJ Open in 2018': a reference-list entry of that year
    that carries three of the names the claim's clause gives (journal, trial, author) states the year of that
    publication (and nothing else)."""
    if not claim.publication:
        return []
    a, b = clause_at(claim.field.text, claim.sentence, claim.q.start)
    names = {w.lower() for w in _CAPITALISED.findall(claim.field.text[a:b])} - _NOT_NAMES
    year = str(int(claim.q.value))
    out = []
    for s, m in matches:
        if m.noise != "reference list":
            continue
        block = _entry_block(s, m.line)
        if not re.search(rf"\b{year}\b", block):
            continue
        words = {w.lower() for w in re.findall(r"[A-Za-z-]{3,}", block)}
        if len(names & words) >= 3:  # a journal's two words alone name a year's worth of papers
            out.append((s, m))
    return out


_VOLUME_OR_PAGES = re.compile(r"\b(?:volume|vol\.|pages?|pp\.)\s*(?:\d+\s*[-–]\s*)?$", re.I)


def bibliographic_count(claim: PageClaim, matches) -> list:
    """'Clinical Rheumatology, volume 43, pages 1073-1082': a source's own record (its journal line) states the
    volume and pages of its own work. Counts of citations and references are not research facts: they change
    with every new paper, and stay unsupported."""
    if not _VOLUME_OR_PAGES.search(claim.field.text[max(0, claim.q.start - 20):claim.q.start]):
        return []
    out = []
    for s, m in matches:
        journal = str(s.meta.get("journal", "")).lower()
        if (m.noise and journal and journal in s.line_text(m.line).lower()
                and (not claim.works or s.meta.get("work") in claim.works)):
            out.append((s, m))
    return out


def _described_reference(claim: PageClaim, matches) -> list:
    """'An earlier study from 2012 of stem cells in refractory rheumatoid arthritis': a reference-list entry of that
    year whose title names the same condition or measure states its year."""
    if not claim.publication or not claim.topic:
        return []
    year = str(int(claim.q.value))
    vocab = load_vocabulary()
    out = []
    for s, m in matches:
        if m.noise != "reference list":
            continue
        line = s.line_text(m.line)
        entry_year = re.search(r"\(((?:19|20)\d\d)[a-z]?\)", line)
        if entry_year and entry_year.group(1) == year and vocab.concepts(plain_tokens(line)) & claim.topic:
            out.append((s, m))
    return out


__all__ = ["bibliographic", "bibliographic_count", "named_reference"]
