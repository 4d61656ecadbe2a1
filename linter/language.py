"""The one language layer: every word the linter compares is reduced to its lemma by spaCy's English lemmatizer.

A page is parsed, so its words carry the lemma of their part of speech in context. A source is read without
parsing (a library can be megabytes), and so are the vocabularies' phrases, so their words are lemmatised out of
context by the same lemmatizer's exception tables and rules: a listed irregular form first ("mice" -> "mouse",
"fell" -> "fall", "worse" -> "bad"), then the noun rules, then the verb rules ("rates" -> "rate", "lived" ->
"live"), keeping a form the lemmatizer lists as a word. Both sides then meet on the same keys.

A page's sentences are the parser's too (`sentence_spans`); raw sources keep their own line-aware splitter.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

_EDGE_PUNCT = re.compile(r"^[^a-z0-9]++|(?<![^a-z0-9])[^a-z0-9]++$")  # the last run tried once, not from each mark
_SHORTEST_LEMMA = 3  # "PFS" is no plural of "pf", nor "vas" of "va": a rule may not cut a word below this


@lru_cache(maxsize=1)
def _lemmatizer():
    """spaCy's English rule lemmatizer with the trained pipeline's tables, its word index held as sets: the
    pipeline keeps them as lists, which a rule's every lookup would scan."""
    from spacy.lookups import Lookups
    from spacy.pipeline import Lemmatizer

    from .nlp import load_nlp

    nlp = load_nlp()
    tables = nlp.get_pipe("lemmatizer").lookups
    listed = tables.get_table("lemma_index")
    index = {pos: frozenset(listed.get(pos, ())) for pos in ("noun", "verb", "adj", "adv")}
    lookups = Lookups()
    for name in ("lemma_rules", "lemma_exc"):
        lookups.set_table(name, tables.get_table(name))
    lookups.add_table("lemma_index", index)
    words_only = Lemmatizer(nlp.vocab, None, "lemma_words", mode="rule")
    words_only.lookups = lookups
    suffixes = tuple({old for pos in ("noun", "verb") for old, _ in tables.get_table("lemma_rules")[pos]})
    return nlp.vocab, words_only, tables.get_table("lemma_exc"), index, suffixes


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """A word's lemma out of context, lower case: 'Patients' -> 'patient', 'improved' -> 'improve'."""
    w = _EDGE_PUNCT.sub("", word.lower())
    if not w.isalpha():
        return w
    vocab, pipe, exceptions, index, suffixes = _lemmatizer()
    for pos in ("noun", "verb", "adj"):  # a listed irregular form first: "mice", "fell", "worse"
        if w in exceptions.get(pos, {}):
            return exceptions[pos][w][0]
    if not w.endswith(suffixes):
        return w  # no rule of the lemmatizer applies
    from spacy.tokens import Doc

    guesses = []
    for pos in ("noun", "verb"):
        forms = pipe.rule_lemmatize(Doc(vocab, words=[w], pos=[pos.upper()])[0])
        known = [f for f in forms if f in index[pos]]
        if known:
            return max(known, key=len)  # the rule that cuts least: "doses" is "dose", not "dos"
        guesses += [f for f in forms if f != w and len(f) >= _SHORTEST_LEMMA]
    if any(w in index[pos] for pos in index):
        return w  # a word the lemmatizer lists as a lemma itself: "news", "series", "sclerosis"
    return guesses[0] if guesses else w  # an unknown plural: "MSCs" -> "msc"


def phrase_keys(phrase: str) -> tuple[str, ...]:
    """The lemmas of a listed phrase, the keys it is matched on."""
    return tuple(lemma(w) for w in re.findall(r"[A-Za-z0-9]+(?:'[a-z]+)?", phrase) if w)


_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’][a-z]+)?")


def plain_tokens(text: str) -> list[tuple[str, str, bool]]:
    """(text, lemma, is_content) for text read without parsing: a source's sentence, a listed phrase."""
    return [_plain_token(word) for word in _TOKEN.findall(text)]


@lru_cache(maxsize=65536)
def _plain_token(word: str) -> tuple[str, str, bool]:
    return word, lemma(word), word.lower() not in _stopwords()


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


_LABEL = re.compile(r"[^\S\n]*[A-Za-z]{1,12}[0-9]*[^\S\n]*:[^\S\n]*")  # "A:", "Q2:", "Note:"
_GOES_ON = re.compile(r"[a-z]+\b(?![-'’]?[A-Z0-9])")  # "at 1 yr. in the study": no sentence opens in lower case
_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]")
def first_letter_of(words) -> str:
    """A lookahead for the first characters of `words`, to open a pattern that alternates between them: the regex
    engine then skips every other position with one character test instead of trying each word there."""
    firsts = {w[0] for w in words if w} | {w[0].lower() for w in words if w} | {w[0].upper() for w in words if w}
    return f"(?=[{''.join(re.escape(c) for c in sorted(firsts))}])" if firsts else "(?!)"


MARKDOWN_BLOCK = re.compile(r"^[ \t]*(#{1,6}[ \t]+|[-*+][ \t]+|\d{1,3}[.)][ \t]+|>[ \t]?)")  # a heading, an item


def sentence_spans(doc, text: str | None = None) -> list[tuple[int, int]]:
    """A page field's sentences as the parser finds them, as (start, end) offsets into `text` (the field as
    written; its parse `doc` has the same offsets). A blank line, a heading and a list item always end one; a
    line wrapped inside a paragraph does not, nor a stop inside a word ("U.S.A.", "92.7"). A speaker's label
    ("A:", "Note:") belongs to the sentence it introduces, and a stretch the parser cut after an abbreviation
    ("at 1 yr. in the study") to the one before."""
    text = doc.text if text is None else text
    breaks = _unit_breaks(text)
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        cuts = breaks[bisect_left(breaks, sent.start_char):bisect_left(breaks, sent.end_char)]
        for start, end in zip([sent.start_char, *cuts], [*cuts, sent.end_char]):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start == end:
                continue
            previous = spans[-1] if spans else None
            if previous and bisect_left(breaks, previous[1]) == bisect_left(breaks, start) and (
                    previous[1] == start or _LABEL.fullmatch(text, *previous) or _GOES_ON.match(text, start)):
                spans[-1] = (previous[0], end)
            else:
                spans.append((start, end))
    return spans


def _unit_breaks(text: str) -> list[int]:
    """The line breaks that end a unit of text: around a blank line or a heading, before a list item."""
    breaks, pos, ends_unit = [], 0, False
    for i, line in enumerate(text.split("\n")):
        blank = not line.strip()
        if i and (blank or ends_unit or MARKDOWN_BLOCK.match(line)):
            breaks.append(pos - 1)
        ends_unit = blank or bool(_HEADING.match(line))
        pos += len(line) + 1
    return breaks


__all__ = ["MARKDOWN_BLOCK", "first_letter_of", "lemma", "phrase_keys", "plain_tokens", "sentence_spans"]
