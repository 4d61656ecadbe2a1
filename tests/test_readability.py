"""Readability scores and plain-language findings, as a writer sees them."""
from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from linter import nlp, readability
from linter.api import Linter

LINTER = Linter("seeds")
SOURCE = Path("seeds/004_a8e050c38ba956b1.txt").read_text(encoding="utf-8")
RESULTS = re.search(r"Results\n\n(.*?)\n\nConclusion", SOURCE, re.S).group(1).strip()
PLAIN_REWRITE = (
    "After 5 years, 38 out of 41 people in the study were still alive. "
    "Their skin got softer and less tight. "
    "Some people had scarring in their lungs. For most of them, the scarring got better or did not get worse. "
    "The doctors saw no harm from the stem cells."
)


def page(body: str, **extra) -> str:
    data = {"title": "Example", "sources": ["five-year-study"], "sections": [{"heading": "Results", "body": body}]}
    data.update(extra)
    return yaml.safe_dump(data, sort_keys=False)


def findings(report, code):
    return [f for f in report.findings if f.code == code]


def test_scoring_works_offline_in_a_fresh_process():
    """No download, ever: textstat's own syllable_count would fetch the CMU dictionary through nltk."""
    script = (
        "import socket, sys\n"
        "def no_network(*a, **k): raise OSError('network unreachable in this test')\n"
        "socket.socket.connect = no_network\n"
        "import nltk\n"
        "def no_download(*a, **k): sys.exit('nltk.download was called at run time')\n"
        "nltk.download = no_download\n"
        "from linter import readability\n"
        "assert readability.syllables('umbilical') == 4, readability.syllables('umbilical')\n"
        "assert readability.syllables('hematology') == 5\n"
        "assert readability.syllables('qwzlorbit') >= 2  # not in the dictionary: hyphenated by pyphen\n"
        f"scores = readability.score('x', readability.split_sentences({RESULTS!r}))\n"
        "assert scores.words > 50 and scores.flesch_kincaid_grade > 8, scores\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_readability_uses_only_public_apis_and_plants_nothing():
    """No textstat private module, no stand-in module in sys.modules: after scoring, nltk (imported by textstat)
    is the real package."""
    code = "\n".join((Path(__file__).parent.parent / "linter" / p).read_text(encoding="utf-8")
                     for p in ("readability.py", "rules/plain_language.py"))
    assert "textstat.backend" not in code and "sys.modules[" not in code
    script = (
        "import sys, types\n"
        "from linter import readability\n"
        "readability.warm_up()\n"
        "assert readability.syllables('umbilical') == 4\n"
        "import nltk\n"
        "assert type(sys.modules['nltk']) is types.ModuleType and nltk.__file__, 'nltk is a stand-in'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("text, expected", [
    ("After 5 years, 92.7% were alive.", 1),
    ("Call 911. Then wait.", 2),
    ("Some tests, e.g. blood tests, are free. Others cost money.", 2),
    ("The U.S. trial ended. The score was 18.68 (SD = 7.26, n = 41) at baseline.", 2),
    ("Smith et al. found this. It was new.", 2),
    ("# What we found\n- fewer scars\n- softer skin\n\nMost people felt better", 4),
])
def test_sentences_are_what_a_reader_sees(text, expected):
    assert len(readability.split_sentences(text)) == expected


def test_markdown_is_not_counted_as_words():
    assert readability.words(readability.strip_markdown("**Softer** skin, see [the study](https://x.org/a.b).")) == \
        ["Softer", "skin", "see", "the", "study"]


def test_hard_results_paragraph_is_flagged_and_named():
    report = LINTER.lint_text(page(RESULTS), "hard.yaml")
    page_score = report.readability[0]
    assert page_score.label == "page" and page_score.consensus > 8
    assert report.readability[1].label == "Results"
    assert findings(report, "RD001") and findings(report, "RD001")[0].severity == "error"
    named = " ".join(f.message for f in report.findings if f.code in ("PL004", "PL005"))
    for term in ("mRSS", "HRCT", "UMSCT", "interstitial lung disease"):
        assert f"'{term}" in named, term
    long = findings(report, "PL001")
    assert any("Following UMSCT, the mean mRSS" in f.message and f.severity == "error" for f in long)


def test_plain_rewrite_is_clean():
    report = LINTER.lint_text(page(PLAIN_REWRITE), "plain.yaml")
    plain_codes = {"RD001", "PL001", "PL002", "PL004", "PL005", "PL009", "PL010"}
    assert not [f for f in report.findings if f.code in plain_codes], report.findings
    assert report.readability[0].consensus <= 8


def test_page_target_grade_overrides_the_default():
    hard = LINTER.lint_text(page(RESULTS), "hard.yaml")
    relaxed = LINTER.lint_text(page(RESULTS, target_grade=18), "hard.yaml")
    assert findings(hard, "RD001") and not findings(relaxed, "RD001")


def test_short_section_score_is_marked_unreliable():
    report = LINTER.lint_text(page("No side effects were seen."), "short.yaml")
    assert not report.readability[1].reliable
    assert findings(report, "RD003") and not findings(report, "RD001")


def test_findings_point_at_the_sentence_in_the_file():
    body = "Most people felt better.\n\n" + RESULTS
    text = page(body)
    report = LINTER.lint_text(text, "hard.yaml")
    finding = next(f for f in findings(report, "PL001") if "Following UMSCT" in f.message)
    line = text.split("\n")[finding.line - 1]
    assert line[finding.column - 1:].startswith("Following UMSCT"), (finding, line)
    assert finding.field == "sections[0].body"


def test_glossary_defines_jargon_and_unused_terms_are_reported():
    glossary = [{"term": "interstitial lung disease", "definition": "Scarring of the lungs."},
                {"term": "placebo", "definition": "A dummy pill."}]
    report = LINTER.lint_text(page("Some people had interstitial lung disease. It got better.", glossary=glossary), "g.yaml")
    assert not findings(report, "PL004")
    unused = findings(report, "PL003")
    assert len(unused) == 1 and "placebo" in unused[0].message and unused[0].field == "glossary[1].term"


def test_spacy_runs_once_per_page(monkeypatch):
    language = nlp.load_nlp()
    batches, real = [], language.pipe

    def counted(texts, **kw):
        texts = list(texts)
        batches.append(len(texts))
        return real(texts, **kw)

    monkeypatch.setattr(language, "pipe", counted)
    monkeypatch.setattr(nlp, "_PARSED", type(nlp._PARSED)())  # nothing remembered from earlier tests
    LINTER.lint_text(page(RESULTS + " It was 12.39 at five years.", summary="No side effects were observed."), "p.yaml")
    assert len(batches) == 1 and batches[0] >= 3


def test_shipped_explainers_score_every_section():
    report = LINTER.lint_file("explainers/five-year-study.yaml")
    data = yaml.safe_load(Path("explainers/five-year-study.yaml").read_text(encoding="utf-8"))
    assert [r.label for r in report.readability] == ["page"] + [s["heading"] for s in data["sections"]]
    assert not findings(report, "PL005")


@pytest.mark.parametrize("word", ["skin", "patients", "calcinosis", "telangiectasia", "tomography", "arthralgia",
                                  "raynaud", "follow-up", "x-ray", "qwzlorbit", "ulcers"])
def test_word_rarity_is_wordfreqs_own_zipf_frequency(word):
    from wordfreq import zipf_frequency

    assert readability.word_frequency(word) == pytest.approx(zipf_frequency(word, "en"), abs=0.011)


def test_rare_medical_words_are_hard_words_and_common_ones_are_not():
    text = ("Some people had telangiectasia and calcinosis. Others had arthralgia, and computed tomography showed "
            "changes. Raynaud phenomenon made their fingers white. Their skin felt softer after the treatment.")
    flagged = {f.message.split("'")[1].lower() for f in findings(LINTER.lint_text(page(text), "p.yaml"), "PL002")}
    assert {"telangiectasia", "calcinosis", "arthralgia", "tomography", "raynaud"} <= flagged
    assert not flagged & {"skin", "softer", "fingers", "treatment", "changes", "people"}
