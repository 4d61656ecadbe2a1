"""What a sentence is about: its words mapped to concepts through the lay↔clinical vocabulary.

Matching is on lemmas (linter.language), so "lived", "survival" and "survive" can meet through one concept
group, and "lung scans" meets "HRCT" through the vocabulary or a source's own abbreviation.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

from .language import lemma, phrase_keys
from .settings import data_file

MAX_PHRASE = 7
GENERIC = "generic"


@dataclass
class Vocabulary:
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)  # lemma tuple -> concept id
    generic: frozenset[str] = frozenset()
    noun_words: dict[str, str] = field(default_factory=dict)  # word as listed -> counted class
    conditions: frozenset[str] = frozenset()  # concept ids that name a disease or condition
    measures: frozenset[str] = frozenset()  # concept ids that name an outcome or a score
    measure_family: dict[str, str] = field(default_factory=dict)  # concept id -> the measure it is a name of
    animals: frozenset[str] = frozenset()  # concept ids that say a study was done in animals
    condition_organs: dict[str, frozenset[str]] = field(default_factory=dict)  # condition -> measure families
    organs: frozenset[str] = frozenset()  # the measure families that name where a condition shows (skin, lung)

    matcher: tuple | None = field(default=None, repr=False, compare=False)  # spaCy's PhraseMatcher, made on first use
    # concept -> the broader concepts its phrases end in: "rheumatoid arthritis" is "arthritis", so "RA" is too
    broader: dict[str, frozenset[str]] = field(default_factory=dict)

    labels: dict[str, str] = field(default_factory=dict)  # concept id -> its first (lay) phrase, for messages

    def name(self, concept: str) -> str:
        return self.labels.get(concept, concept)

    def specific(self, concepts: frozenset[str]) -> frozenset[str]:
        """The measures and conditions of a stretch of text that tell one number from another: no measure's own
        family name ('side effect'), and no concept broader than another one found ('lung' beside 'lung scan')."""
        topic = concepts & (self.measures | self.conditions)
        broader = frozenset().union(*(self.broader.get(c, frozenset()) for c in topic))
        return frozenset(c for c in topic if self.measure_family.get(c) != c and c not in broader)

    def add_group(self, concept: str, phrases: list[str]) -> None:
        if phrases:
            self.labels.setdefault(concept, phrases[0])
        for phrase in phrases:
            keys = phrase_keys(phrase)
            if keys and len(keys) <= MAX_PHRASE:
                self.phrases.setdefault(keys, concept)
                self.matcher = None

    def concepts(self, tokens: list[tuple[str, str, bool]], abbreviations: dict[str, str] | None = None) -> frozenset[str]:
        """Concept ids for (text, lemma, is_content) tokens: vocabulary phrases first, then content words."""
        keys = [(lemma(t), lemma(l)) for t, l, _ in tokens]
        longest = self._longest_phrases(keys)
        out: set[str] = set()
        i = 0
        while i < len(tokens):
            matched = self._of_phrase(keys, tokens, i, out)  # "scarring of the lungs" is "lung scarring"
            if not matched and i in longest:
                matched, concept = longest[i]
                if concept != GENERIC:
                    out.add(concept)
            if matched:
                # The head of a phrase names its broader concept too: "interstitial lung disease" is a "lung disease".
                for j in range(i + 1, i + matched):
                    for variant in _variants(keys[j:i + matched]):
                        broader = self.phrases.get(variant)
                        if broader and broader != GENERIC:
                            out.add(broader)
                            break
                out |= self.broader.get(self.phrases.get(next(_variants(keys[i:i + matched])), ""), frozenset())
                i += matched
                continue
            text, _, content = tokens[i]
            low = text.lower()
            if abbreviations and low in abbreviations:
                long_tokens = [(w, w, True) for w in abbreviations[low].split()]
                out |= self.concepts(long_tokens)
            elif content and keys[i][1] not in self.generic and keys[i][0] not in self.generic and len(low) > 2:
                out.add("w:" + keys[i][1])
            i += 1
        return frozenset(out)

    def _longest_phrases(self, keys: list[tuple[str, str]]) -> dict[int, tuple[int, str]]:
        """The longest vocabulary phrase starting at each token, as (length, concept), found by spaCy's
        PhraseMatcher over the tokens' lemmas in context and over their words' own lemmas: a phrase matches one
        form or the other throughout, and on a tie the lemma in context wins."""
        matcher, strings = self._matcher()
        found: dict[int, tuple[int, str]] = {}
        for form in (1, 0):
            for match_id, start, end in matcher(_words_doc([k[form] for k in keys])):
                if end - start > found.get(start, (0, ""))[0]:
                    found[start] = (end - start, strings[match_id])
        return found

    def _matcher(self):
        if self.matcher is None:
            from spacy.matcher import PhraseMatcher

            by_concept: dict[str, list] = {}
            for keys, concept in self.phrases.items():
                by_concept.setdefault(concept, []).append(_words_doc(list(keys)))
            vocab = _words_doc([]).vocab
            matcher = PhraseMatcher(vocab)
            for concept, docs in by_concept.items():
                matcher.add(concept, docs)
            self.matcher = (matcher, vocab.strings)
        return self.matcher

    def _of_phrase(self, keys, tokens, i: int, out: set[str]) -> int:
        """'A of (the) B' read as the phrase 'B A' when the vocabulary knows it; how many tokens it covers."""
        j = i + 1
        if j >= len(tokens) or tokens[j][0].lower() != "of":
            return 0
        j += 1 if j + 1 < len(tokens) and tokens[j + 1][0].lower() in ("the", "a", "an", "their", "his", "her") else 0
        if j + 1 >= len(tokens):
            return 0
        for b in (keys[j + 1][1], keys[j + 1][0]):
            for a in (keys[i][1], keys[i][0]):
                concept = self.phrases.get((b, a))
                if concept:
                    if concept != GENERIC:
                        out.add(concept)
                        out |= self.broader.get(concept, frozenset())
                    return j + 2 - i
        return 0

    def counted_class(self, words: list[str]) -> str:
        """The class of what a noun phrase counts: its head, the last word with a class ('two treatment
        [groups]', 'interstitial lung disease [patients]')."""
        head = ""
        for w in words:
            if head and w.lower().endswith("ed"):
                break  # "the 2013 study [included] people", "14 patients [reported] on": a verb ends the phrase
            head = self.noun_class_of(w) or head
        return head

    def noun_class_of(self, word: str) -> str:
        """The counted class of one word, by the word as listed or its plural ('rate' is no 'rat')."""
        low = word.lower()
        forms = [low]
        if low.endswith("ies"):
            forms.append(low[:-3] + "y")
        if low.endswith("es"):
            forms.append(low[:-2])
        if low.endswith("s"):
            forms.append(low[:-1])
        return next((self.noun_words[f] for f in forms if f in self.noun_words), "")


def _words_doc(words: list[str]):
    """A spaCy Doc of given words (lemmas), for the PhraseMatcher: nothing is parsed."""
    from spacy.tokens import Doc

    from .nlp import load_nlp

    return Doc(load_nlp().vocab, words=[w or "_" for w in words])


def _variants(pairs: list[tuple[str, str]]):
    yield tuple(p[1] for p in pairs)
    text_form = tuple(p[0] for p in pairs)
    if text_form != tuple(p[1] for p in pairs):
        yield text_form


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    vocab = Vocabulary()
    try:
        groups = data_file("lay_clinical.yaml") or []
    except FileNotFoundError:
        groups = []
    generic_words = [str(w).lower() for w in (data_file("generic_words.yaml") or [])]
    vocab.generic = frozenset(lemma(w) for w in generic_words)
    for i, group in enumerate(groups):
        if isinstance(group, list) and group:
            # A group led by a generic word ("people", "treatment") names no outcome: it never counts as context.
            concept = GENERIC if str(group[0]).lower() in generic_words else f"c{i}"
            vocab.add_group(concept, [str(p) for p in group])
    vocab.conditions = frozenset(
        c for c in (vocab.phrases.get(phrase_keys(str(p))) for p in data_file("conditions.yaml") or []) if c and c != GENERIC)
    for family in data_file("measures.yaml") or []:
        phrases = family if isinstance(family, list) else [family]
        concepts = [c for c in (vocab.phrases.get(phrase_keys(str(p))) for p in phrases) if c and c != GENERIC]
        for c in concepts:
            vocab.measure_family[c] = concepts[0]
    vocab.measures = frozenset(vocab.measure_family)
    for condition, organs in (data_file("condition_organs.yaml") or {}).items():
        concept = vocab.phrases.get(phrase_keys(str(condition)))
        families = {vocab.measure_family.get(vocab.phrases.get(phrase_keys(str(o)), ""), "") for o in organs or []}
        if concept:
            vocab.condition_organs[concept] = frozenset(f for f in families if f)
    vocab.organs = frozenset().union(*vocab.condition_organs.values()) if vocab.condition_organs else frozenset()
    vocab.animals = frozenset(
        c for c in (vocab.phrases.get(phrase_keys(str(p))) for p in data_file("animals.yaml") or []) if c and c != GENERIC)
    vocab.broader = _broader_concepts(vocab)
    try:
        classes = data_file("counted_nouns.yaml") or {}
    except FileNotFoundError:
        classes = {}
    for cls, words in classes.items():
        for w in words or []:
            vocab.noun_words.setdefault(str(w).lower(), str(cls))
    return vocab


@lru_cache(maxsize=1)
def _places() -> dict[tuple[str, ...], int]:
    return {tuple(str(name).lower().split()): i for i, group in enumerate(data_file("places.yaml") or [])
            for name in group}


_PLACE_WORD = re.compile(r"[A-Za-z]+(?:\.[A-Za-z]\.?)?")


@lru_cache(maxsize=65536)
def places_in(text: str) -> frozenset[int]:
    """The countries a text names, by name, adjective or city ('the Nanjing study' -> China)."""
    places = _places()
    words = [w.lower() for w in _PLACE_WORD.findall(text)]
    found = {places[(w,)] for w in words if (w,) in places}
    found |= {places[pair] for pair in zip(words, words[1:]) if pair in places}
    return frozenset(found)


def _broader_concepts(vocab: Vocabulary) -> dict[str, frozenset[str]]:
    """For each concept, the concepts named by the heads (last words) of its phrases and by their modifiers (first
    words, unless they name a condition), so that a synonym or an abbreviation of a phrase ("RA", "mRSS") is as
    broad as the phrase itself ("arthritis"; "skin"), and a "stem cell transplant" is about stem cells."""
    broader: dict[str, set[str]] = {}
    prepositions = {lemma(w) for w in ("of", "in", "on", "at", "to", "for", "with", "from", "after", "before", "by")}
    for keys, concept in vocab.phrases.items():
        if concept == GENERIC or prepositions & set(keys):
            continue  # the head of "end of follow-up" is "end", not "follow-up"
        if len(keys) < 2:
            continue
        # one word off either end, no more: "loose bowel movements" is not about "movements"
        head, modifier = vocab.phrases.get(keys[1:]), vocab.phrases.get(keys[:-1])
        if head and head not in (GENERIC, concept):
            broader.setdefault(concept, set()).add(head)
        if modifier and modifier not in (GENERIC, concept) and modifier not in vocab.conditions:
            broader.setdefault(concept, set()).add(modifier)  # a "stem cell transplant" gives stem cells
    return {c: frozenset(heads) for c, heads in broader.items()}


def doc_tokens(doc, start: int = 0, end: int | None = None) -> list[tuple[str, str, bool]]:
    """(text, lemma, is_content) for the word tokens of a spaCy doc between character offsets."""
    offsets, tokens = _word_tokens(doc)
    end = len(doc.text) if end is None else end
    return tokens[bisect_left(offsets, start):bisect_left(offsets, end)]


_TOKENS_OF: "OrderedDict[int, tuple]" = OrderedDict()


def _word_tokens(doc) -> tuple[list[int], list[tuple[str, str, bool]]]:
    """A doc's word tokens read once (a page's sentences all slice the same field doc)."""
    key = id(doc)
    cached = _TOKENS_OF.get(key)
    if cached is not None and cached[0] is doc:
        return cached[1], cached[2]
    offsets, tokens = [], []
    for tok in doc:
        if not any(c.isalpha() for c in tok.text):
            continue
        content = tok.pos_ in ("NOUN", "PROPN", "ADJ", "VERB", "X") and not tok.is_stop
        offsets.append(tok.idx)
        tokens.append((tok.text, tok.lemma_.lower(), content))
    _TOKENS_OF[key] = (doc, offsets, tokens)  # keeps the doc alive, so its id is not reused while cached
    if len(_TOKENS_OF) > 512:
        _TOKENS_OF.popitem(last=False)
    return offsets, tokens
