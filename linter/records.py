"""Bibliographic facts: what a citation, a reference-list entry or a source's own record states, and of which work.

Reference lists and page chrome never support a claim about the research; they do state their own entries'
years, journals, volumes and pages, for a claim that names that publication (issue 12). A record page's tallies of
its paper ("Cited by 204 publications", "(191 citation statements)") are page chrome: a page's count of citations
or references is never supported, by them or by the research's numbers (`data/record_tallies.yaml`).
"""
from __future__ import annotations

import re

from .concepts import load_vocabulary
from .page_claims import PageClaim
from .language import lemma, plain_tokens
from .settings import data_file
from .sources import Mention, Source
from .works import CITATION, Works, clause_at, year_names_a_work


def bibliographic(claim: PageClaim, matches, works: Works) -> list:
    """'Zhang and colleagues' 2017 paper': a citation or a reference-list entry of that work states its year (and
    nothing else)."""
    if not claim.works or all(w.startswith("year:") for w in claim.works):
        return _described_reference(claim, matches)
    year = int(claim.q.value)
    surnames = {a for w in claim.works if w in works.by_id for a in works.by_id[w].authors}
    # "Liang's 2012 paper on refractory RA" is another paper by the author of a catalog work of another year: an
    # entry of that year states it when it shares what the clause says the paper is about (a 2018 entry by a Zhang
    # is not "Zhang's plasmapheresis trial")
    other_year = any(works.by_id[w].year not in (None, year) for w in claim.works if w in works.by_id)
    a, b = clause_at(claim.field.text, claim.sentence, claim.q.start)
    generic = load_vocabulary().generic
    about = {w.lower() for w in _WORD.findall(claim.field.text[a:b]) if lemma(w.lower()) not in generic
             and w.lower() not in _PUBLISHING_WORDS and w not in surnames}
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
                    re.search(rf"\b{re.escape(name)}\s+[A-Z]{{1,3}}\b", line) for name in surnames) and (
                    not other_year or not about or about & {w.lower() for w in _WORD.findall(line)}):
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
    out = []
    for s, m, block in _entries_of_the_year(claim, matches):
        words = {w.lower() for w in re.findall(r"[A-Za-z-]{3,}", block)}
        if len(names & words) >= 3:  # a journal's two words alone name a year's worth of papers
            out.append((s, m))
    return out


def _entries_of_the_year(claim: PageClaim, matches):
    """(source, mention, entry) for each reference-list entry that holds the claim's year."""
    year = str(int(claim.q.value))
    for s, m in matches:
        if m.noise == "reference list":
            block = _entry_block(s, m.line)
            if re.search(rf"\b{year}\b", block):
                yield s, m, block


_WORD = re.compile(r"[A-Za-z][A-Za-z-]{3,}")
_CITES = re.compile(r"\b(?:cites?|cited|citing|references?|reference\s+list)\b", re.I)
# the journal a clause says a work appeared in: "published in The Lancet", "appeared in Cell Research"
_JOURNAL_NAMED = re.compile(r"\b(?:published|appeared|reported|came\s+out)\s+in\s+(?:the\s+journal\s+)?(?:[Tt]he\s+)?"
                            r"([A-Z][A-Za-z]*(?:\s+(?:&|and|of|[A-Z][A-Za-z]*))*)")
_JOURNAL_FILLERS = frozenset({"&", "and", "of", "the"})
_ENTRIES: dict[str, tuple] = {}  # a source's reference-list entries and how many of them hold each word
_MAX_ENTRIES = 2000


def _entries(source: Source) -> tuple[dict[str, frozenset], dict[str, int]]:
    """The source's reference-list entries (each once, with its words) and, for each word, how many entries hold
    it; worked out once per source."""
    cached = _ENTRIES.get(source.digest)
    if cached is None:
        lines = sorted({m.line for m in source.mentions if m.noise == "reference list"})
        blocks = list(dict.fromkeys(_entry_block(source, line) for line in lines[:_MAX_ENTRIES]))
        counts: dict[str, int] = {}
        blocks = {block: _identifying(block) for block in blocks}
        for words in blocks.values():
            for word in words:
                counts[word] = counts.get(word, 0) + 1
        if len(_ENTRIES) > 64:
            _ENTRIES.clear()
        cached = _ENTRIES[source.digest] = (blocks, counts)
    return cached


def identified_reference(claim: PageClaim, matches, works: Works) -> list:
    """'The MANUS trial, whose protocol was published in 2018', 'the ASSIST trial, published in The Lancet in 2011':
    a reference-list entry of that year states it when the claim's clause singles the entry out: a word the clause
    shares with that entry and with no other entry of the list, or three shared words no other entry holds
    together. A journal the clause names must be the entry's (abbreviations count: 'Clin Rheumatol')."""
    a, b = clause_at(claim.field.text, claim.sentence, claim.q.start)
    clause = claim.field.text[a:b]
    journal = _JOURNAL_NAMED.search(clause)
    journal_words = [w.lower() for w in journal.group(1).split() if w.lower() not in _JOURNAL_FILLERS] if journal else []
    catalog = [works.by_id[w] for w in claim.works if w in works.by_id]
    # "Their first abstracts appeared in Cell Research in 2008": a journal that is not the catalog work's names
    # another paper of the same people
    another_journal = journal_words and not any(w.journal and _in_journal(w.journal, journal_words) for w in catalog)
    cites = _CITES.search(claim.field.text, a, claim.q.start)  # "the Nanjing team also cited a study ... from 2012"
    if not cites and not another_journal and not year_names_a_work(claim.field.text, claim.q.start) and any(
            w.year not in (None, int(claim.q.value)) for w in catalog):
        return []  # a catalog work with another year: its own year is its record's, not an entry's ("a 2010 pilot
        # study" by the same team is another work, named by its year)
    mine = _identifying(clause, publishing=False)
    year = str(int(claim.q.value))
    out = []
    papers_there: dict[str, int] = {}  # by source: how many papers the list gives in that journal that year
    for s, m, block in _entries_of_the_year(claim, matches):
        blocks, counts = _entries(s)
        if journal_words and not _in_journal(block, journal_words):
            continue  # "published in Clinical Rheumatology": an entry in another journal is another paper
        shared = mine & (blocks.get(block) or _identifying(block))  # past the list's bound, read it here
        unique = any(counts.get(w, 0) == 1 for w in shared)
        together = len(shared) >= 3 and sum(1 for words in blocks.values() if shared <= words) == 1
        if journal_words and s.digest not in papers_there:
            papers_there[s.digest] = len({_ENTRY_START.sub("", other.splitlines()[0]).strip().lower()
                                          for other in blocks if re.search(rf"\b{year}\b", other)
                                          and _in_journal(other, journal_words)})  # the same paper listed twice is one
        alone = journal_words and papers_there[s.digest] == 1  # "in Cell Research in 2008"
        if unique or together or alone:
            out.append((s, m))
    return out


def _identifying(text: str, publishing: bool = True) -> frozenset:
    """What can single out a paper in a text: its words, and the concepts they name ('donor' and 'allogeneic',
    'RA' and 'rheumatoid arthritis' are one concept); a clause's words about publishing are left out."""
    vocab = load_vocabulary()
    words = {w.lower() for w in _WORD.findall(text)
             if publishing or (lemma(w.lower()) not in vocab.generic and w.lower() not in _PUBLISHING_WORDS)}
    return frozenset(words) | vocab.concepts(plain_tokens(text))


def _in_journal(text: str, journal_words: list[str]) -> bool:
    """Whether a text gives a journal: its words in a row, each in full or abbreviated either way ('Clin Rheumatol'
    for 'Clinical Rheumatology'; 'Arthritis Res Ther'); words of fewer than three letters abbreviate nothing."""
    words = [w for w in re.findall(r"[A-Za-z]+", text.lower()) if w not in _JOURNAL_FILLERS]
    n = len(journal_words)
    return n > 0 and any(all(_abbreviates(journal_words[k], words[i + k]) for k in range(n))
                         for i in range(len(words) - n + 1))


def _abbreviates(full: str, word: str) -> bool:
    return full == word or (len(word) >= 3 and full.startswith(word)) or (len(full) >= 3 and word.startswith(full))


_PUBLISHING_WORDS = _NOT_NAMES | {"published", "appeared", "paper", "papers", "journal", "article", "later",
                                   "earlier", "first", "came"}


_VOLUME_OR_PAGES = re.compile(r"\b(?:volume|vol\.|pages?|pp\.)\s*(?:\d+\s*[-–]\s*)?$", re.I)


def bibliographic_count(claim: PageClaim, matches) -> list:
    """'Clinical Rheumatology, volume 43, pages 1073-1082': a source's own record (its journal line) states the
    volume and pages of its own work. Counts of citations and references are not research facts: they change
    with every new paper, and stay unsupported (`tallies_claimed`)."""
    if not _VOLUME_OR_PAGES.search(claim.field.text[max(0, claim.q.start - 20):claim.q.start]):
        return []
    out = []
    for s, m in matches:
        journal = [w for w in str(s.meta.get("journal", "")).lower().split() if w not in _JOURNAL_FILLERS]
        line = s.line_text(m.line)
        # the record's own line: its journal, in full or abbreviated ("Clin Rheumatol 43, 1073–1082 (2024)"), and
        # its year, not an entry of the reference list from the same journal
        if (m.noise and journal and _in_journal(line, journal) and str(s.meta.get("year", "")) in line
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


class Tally:
    """One tally a record page keeps of its paper: its name, how a record line gives it, how a page says it."""

    def __init__(self, kind: str, spec: dict):
        self.kind, self.says = kind, str(spec["says"])
        self.record = [re.compile(p) for p in spec["record"]]
        self.page = [re.compile(p, re.I) for p in spec["page"]]


_TALLIES: list[Tally] = []
TALLY_REACH = 60  # characters either side of a number that say whether it is a tally


def tallies() -> list[Tally]:
    if not _TALLIES:
        _TALLIES.extend(Tally(kind, spec) for kind, spec in data_file("record_tallies.yaml").items())
    return _TALLIES


def tallies_claimed(claim: PageClaim) -> list[Tally]:
    """The record tallies a count on a page gives ('cited by 204 publications': publications citing it); none for a
    number that is not such a count. '# citations' may be either of two tallies."""
    if claim.q.kind != "number":
        return []
    text = claim.field.text
    a, b = claim.sentence  # its neighbourhood only: a sentence of 500 numbers is read 500 times
    window = (text[max(a, claim.q.start - TALLY_REACH):claim.q.start].replace("#", " ") + "#"
              + text[claim.q.end:min(b, claim.q.end + TALLY_REACH)].replace("#", " "))
    return [t for t in tallies() if any(p.search(window) for p in t.page)]


def record_tally(source: Source, mention: Mention) -> Tally | None:
    """The tally a line of a record page gives, when the mention is its count ('Cited by 14 publications'): what
    a message quotes back to the writer."""
    if not mention.noise:
        return None  # a tally is page chrome; a sentence of the text is about the research
    line = source.line_text(mention.line)
    for tally in tallies():
        for pattern in tally.record:
            found = pattern.search(line)
            if found and float(found.group("n").replace(",", "")) == mention.quantity.value:
                return tally
    return None


_RECORD_TALLIES: dict[str, tuple] = {}


def record_tallies(source: Source) -> tuple[tuple[Tally, Mention], ...]:
    """The tallies a source's record page gives, each with its count; worked out once per source (every count of
    citations on a page asks, and a large source holds tens of thousands of numbers)."""
    found = _RECORD_TALLIES.get(source.digest)
    if found is None:
        if len(_RECORD_TALLIES) > 64:
            _RECORD_TALLIES.clear()
        found = _RECORD_TALLIES[source.digest] = tuple(
            (tally, m) for m in source.mentions if m.noise and (tally := record_tally(source, m)))
    return found


__all__ = ["Tally", "bibliographic", "bibliographic_count", "identified_reference", "named_reference",
           "record_tallies", "tallies_claimed"]
