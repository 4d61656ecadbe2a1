"""The one language layer: a page read in context and a source read word by word meet on the same lemmas."""
from __future__ import annotations

import pytest

from linter.concepts import doc_tokens, load_vocabulary
from linter.language import lemma, plain_tokens, sentence_spans
from linter.nlp import parsed_docs


@pytest.mark.parametrize("word, expected", [
    ("patients", "patient"), ("Improved", "improve"), ("lived", "live"), ("died", "die"), ("mice", "mouse"),
    ("fell", "fall"), ("worse", "bad"), ("scarring", "scar"), ("analyses", "analysis"), ("was", "be"),
    # what the old hand stemmer got wrong: a rate is no rat, a site no "sit", a dose no "dos"
    ("rates", "rate"), ("sites", "site"), ("doses", "dose"),
    # an abbreviation is not cut below three letters by a plural rule
    ("PFS", "pfs"), ("MSCs", "msc"), ("SSc", "ssc"),
    ("survival", "survival"), ("(skin", "skin"), ("41", "41"),
])
def test_a_word_is_reduced_to_its_lemma(word, expected):
    assert lemma(word) == expected


@pytest.mark.parametrize("page, source", [
    ("Lungs scarred.", "lung scarring"),
    ("Fewer mice died.", "few mouse dies"),
    ("Their survival rates improved.", "survival rate improves"),
    ("Two doses were given.", "dose given"),
])
def test_a_parsed_page_and_an_unparsed_source_find_the_same_concepts(page, source):
    vocab = load_vocabulary()
    on_page = vocab.concepts(doc_tokens(parsed_docs([page])[0]))
    assert on_page and on_page == vocab.concepts(plain_tokens(source))


def test_a_rate_is_not_an_animal():
    vocab = load_vocabulary()
    assert not vocab.concepts(plain_tokens("response rates and injection sites")) & vocab.animals


@pytest.mark.parametrize("text, sentences", [
    ("Q: How many were alive after five years? A: 38 of the 41.",
     ["Q: How many were alive after five years?", "A: 38 of the 41."]),
    ("Wang et al. (2013) treated 172 patients. Scores fell to 13.95 at 1 yr. in the study.",
     ["Wang et al. (2013) treated 172 patients.", "Scores fell to 13.95 at 1 yr. in the study."]),
    ("## What we found\nNote: 41 people took part.\n- fewer scars\n- softer skin",
     ["## What we found", "Note: 41 people took part.", "- fewer scars", "- softer skin"]),
    ("A sentence wrapped\nonto a second line. Another.\n\nA new paragraph",
     ["A sentence wrapped\nonto a second line.", "Another.", "A new paragraph"]),
    ("It fell from 18.68 to 13.95 (p < 0.05). It was 12.39 at five years, vs. 13.29 at three.",
     ["It fell from 18.68 to 13.95 (p < 0.05).", "It was 12.39 at five years, vs. 13.29 at three."]),
])
def test_a_page_field_is_split_into_the_sentences_a_reader_sees(text, sentences):
    doc = parsed_docs([text])[0]
    assert [text[start:end] for start, end in sentence_spans(doc)] == sentences


def test_the_longest_listed_phrase_wins_and_names_its_broader_concepts():
    vocab = load_vocabulary()
    found = vocab.concepts(plain_tokens("interstitial lung disease"))
    ild = vocab.phrases[("interstitial", "lung", "disease")]
    lung_disease = vocab.phrases[("lung", "disease")]
    assert ild in found and lung_disease in found
    assert vocab.concepts(plain_tokens("interstitial lung diseases")) == found  # the word's own lemma matches too
