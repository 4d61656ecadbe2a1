"""Search that finds what people type: whole words and their stems, glossary terms and synonyms, other names of
the same thing (the linter's lay/clinical vocabulary), small spelling slips (RapidFuzz), results ranked with a
snippet. Nothing here imports Streamlit.

"RA" finds the pages that say "RA" or define it, never "rate"; "breathing" finds "breathe"; "sclerodrma"
finds "scleroderma". Words of three letters or fewer (abbreviations) match exactly.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)?", re.UNICODE)
STOP_WORDS = frozenset("a an and are as at be by can do does for from how i in is it of on or the to was what "
                       "when which who why with you your my me".split())
MIN_FUZZY_LENGTH = 5  # shorter words are abbreviations or common words: a slip there is another word
FUZZY_CUTOFF = 85  # RapidFuzz ratio (0-100) for a spelling slip: 'sclerodrma' ~ 'scleroderma' is 95
# How much a match counts by where it is on the page.
WEIGHTS = {"title": 5.0, "glossary": 3.0, "summary": 2.5, "heading": 2.0, "text": 1.0}
SNIPPET_CHARS = 180

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word.lower().replace("\u2019", "'").removesuffix("'s"))


def words(text: str) -> list[str]:
    return WORD.findall(text or "")


@dataclass
class PageIndex:
    """One page's words, by stem, with the weight of the best place each appears."""

    name: str
    title: str
    texts: list[tuple[str, str]]  # (kind, text) in reading order, for snippets
    stems: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    name: str
    title: str
    score: float
    snippet: str  # safe HTML: escaped text with the matched words in <mark>


def _page_texts(page: dict) -> list[tuple[str, str]]:
    def strings(value):
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def dicts(value):
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    out = [("title", page.get("title")), ("summary", page.get("summary"))]
    for section in dicts(page.get("sections")):
        out += [("heading", section.get("heading")), ("text", section.get("body"))]
    out += [("text", k.get("statement")) for k in dicts(page.get("key_numbers"))]
    for entry in dicts(page.get("glossary")):
        names = [entry.get("term"), *strings(entry.get("synonyms"))]
        out += [("glossary", " · ".join(n for n in names if isinstance(n, str))), ("text", entry.get("definition"))]
    out += [("text", t) for t in strings(page.get("unknowns")) + strings(page.get("questions"))]
    return [(kind, " ".join(text.split())) for kind, text in out if isinstance(text, str) and text.strip()]


def index_page(name: str, page: dict) -> PageIndex:
    texts = _page_texts(page if isinstance(page, dict) else {})
    title = next((t for k, t in texts if k == "title"), name)
    entry = PageIndex(name, title, texts)
    for kind, text in texts:
        for word in words(text):
            key = stem(word)
            entry.stems[key] = max(entry.stems.get(key, 0.0), WEIGHTS[kind])
    return entry


def query_terms(query: str) -> list[str]:
    terms = [w for w in words((query or "")[:200]) if w.lower() not in STOP_WORDS]
    return list(dict.fromkeys(terms))[:12]


NUMBER_WORDS = dict(zip("one two three four five six seven eight nine ten eleven twelve".split(),
                        map(str, range(1, 13))))
NUMBER_WORDS.update({digit: word for word, digit in list(NUMBER_WORDS.items())})  # '5' finds 'five' too
SAME_THING = 0.6  # a word the linter's lay/clinical vocabulary groups with the searched word ('survival' ~ 'alive')


@lru_cache(maxsize=1)
def related_words() -> dict[str, frozenset[str]]:
    """Stem -> stems of the one-word names of the same thing in linter/data/lay_clinical.yaml."""
    from linter.settings import data_file

    related: dict[str, set[str]] = {}
    for group in data_file("lay_clinical.yaml") or []:
        names = {stem(str(n)) for n in group if isinstance(n, str) and " " not in n.strip() and len(n.strip()) > 3}
        for name in names:
            related.setdefault(name, set()).update(names - {name})
    return {k: frozenset(v) for k, v in related.items()}


def _matching_stems(term: str, vocabulary: list[str]) -> dict[str, float]:
    """Stems that `term` matches, with how well (1.0 exact or same stem, less for another name of the same thing
    or a spelling slip)."""
    key = stem(term)
    found = {key: 1.0} if key in vocabulary else {}
    other = NUMBER_WORDS.get(key)
    if other and other in vocabulary:
        found[other] = 1.0
    if len(term) > 3:
        found.update({s: SAME_THING for s in related_words().get(key, ()) if s in vocabulary and s not in found})
    if len(term) >= MIN_FUZZY_LENGTH and not found:
        for candidate, score, _ in process.extract(key, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                                    limit=5):
            if len(candidate) >= MIN_FUZZY_LENGTH - 1:
                found[candidate] = score / 100 * 0.8
    return found


def search(indexes: list[PageIndex], query: str) -> list[Result]:
    """Pages holding every searched word (or a slip of it), best first, each with a snippet."""
    terms = query_terms(query)
    if not terms:
        return []
    vocabulary = sorted({s for entry in indexes for s in entry.stems})
    matches = {term: _matching_stems(term, vocabulary) for term in terms}
    results = []
    for entry in indexes:
        score, hit_stems = 0.0, set()
        for term, stems in matches.items():
            best = max((quality * entry.stems[s] for s, quality in stems.items() if s in entry.stems), default=0.0)
            if not best:
                break
            score += best
            hit_stems.update(s for s in stems if s in entry.stems)
        else:
            results.append(Result(entry.name, entry.title, round(score, 3), snippet(entry, hit_stems)))
    return sorted(results, key=lambda r: (-r.score, r.title.lower(), r.name))


def snippet(entry: PageIndex, hit_stems: set[str]) -> str:
    """The first passage with a matched word, cut to a few lines, matches marked (not the title or the key
    message: the result card shows those already)."""
    for kind, text in entry.texts:
        if kind in ("title", "summary"):
            continue
        spans = [m.span() for m in WORD.finditer(text) if stem(m.group(0)) in hit_stems]
        if not spans:
            continue
        start = max(0, spans[0][0] - SNIPPET_CHARS // 3)
        if start:
            start = text.find(" ", start) + 1 or start
        end = min(len(text), start + SNIPPET_CHARS)
        if end < len(text):
            end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
        out, pos = [], start
        for a, b in spans:
            if a < start or b > end:
                continue
            out += [html.escape(text[pos:a]), "<mark>", html.escape(text[a:b]), "</mark>"]
            pos = b
        out.append(html.escape(text[pos:end]))
        prefix = "Words explained: " if kind == "glossary" else ""
        return ("…" if start else "") + prefix + "".join(out) + ("…" if end < len(text) else "")
    return ""
