"""What a patient gets on paper: every evidence quote once, at the end, whole; a term's meaning repeated after it
only where the text does not explain it; the questions as a tool for a visit, with numbered steps."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from linter import Linter
from linter.model import Claim, Evidence
from webapp import figures, logic, views

REPO = Path(__file__).resolve().parents[1]
PAGES = sorted((REPO / "explainers").glob("*.yaml"))
LINTER = Linter(REPO / "seeds")


def printed_quotes(printed: str) -> list[str]:
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", q)).split())
            for q in re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", printed, flags=re.S)]


@pytest.fixture(scope="module")
def printed():
    out = {}
    for page in PAGES:
        report = LINTER.lint_file(page)
        out[page.stem] = (report, views.printed_evidence(report, LINTER.library))
    return out


@pytest.mark.parametrize("page", [p.stem for p in PAGES])
def test_a_printed_page_never_repeats_a_quote_and_cuts_none(page, printed):
    report, html_text = printed[page]
    quotes = printed_quotes(html_text)
    assert len(quotes) == len(set(quotes)), "a quote printed twice"
    assert html_text.count('class="evidence-print') <= 1, "one list of sources' sentences, at the end"
    for quote in quotes:
        assert not re.search(r"\w…$", quote), f"a quote cut mid-word: {quote[-60:]}"
    if report.claims:  # every number on the page is listed beside the quote it comes from
        listed = set(html.unescape(n) for n in re.findall(r"<strong>([^<]+)</strong>", html_text))
        assert {c.text for c in report.claims} <= listed


def test_the_five_year_page_prints_far_fewer_quotes_than_numbers(printed):
    report, html_text = printed["five-year-study"]
    quotes = printed_quotes(html_text)
    assert len(report.claims) >= 30 and len(quotes) <= 10
    assert any("<mark>92.7%</mark>" in q for q in re.findall(r"<blockquote[^>]*>.*?</blockquote>", html_text))


def test_a_printed_quote_the_linter_cut_is_printed_as_its_whole_sentence():
    source = LINTER.library.get("case-report-2016")
    sentence = next(s for s in source.sentences if "activity index was reduced from 9.5" in s.text)
    whole = sentence.text.replace("\n", " ").strip()
    start = whole.index("9.5")
    cut = Evidence(source.stem, "…" + whole[20:140] + "…", sentence.line, start - 20 + 1, start - 20 + 4)
    shown = logic.whole_quote(cut, LINTER.library)
    assert shown.quote == whole and shown.quote[shown.start:shown.end] == "9.5"


def test_numbers_sharing_a_quote_are_listed_together_with_each_marked():
    quote = "The overall 5-year survival rate was 92.7% (38 out of 41 patients)."
    claims = [Claim("sections[0].body", 0, len(text), text, 1, 1, "supported", evidence=(
        Evidence("five-year-study", quote, 22, quote.index(text), quote.index(text) + len(text)),))
        for text in ("92.7%", "38 out of 41")]
    groups = logic.evidence_by_quote(claims, LINTER.library)
    assert len(groups) == 1 and groups[0].numbers == ("92.7%", "38 out of 41")
    marked = logic.quote_with_marks(groups[0].evidence.quote, groups[0].spans)
    assert "<mark>92.7%</mark> (<mark>38 out of 41</mark> patients)" in marked


TERMS = [figures.Term("gut", "The stomach and bowels."), figures.Term("plasmapheresis", "Filtering the blood."),
         figures.Term("systemic sclerosis", "The form of scleroderma that can harm organs.")]


@pytest.mark.parametrize("text, term", [
    ("It can harm the heart, lungs and gut (the stomach and bowels).", "gut"),
    ("First, both patients had plasmapheresis. This filters immune cells out of the blood.", "plasmapheresis"),
    ("Systemic sclerosis is the form that can harm organs.", "systemic sclerosis"),
])
def test_paper_does_not_repeat_a_meaning_the_text_already_gives(text, term):
    out = figures.marked_text(text, TERMS, set())
    assert f">{term}</summary>" in out.lower(), "still marked on screen, its meaning a click away"
    assert "term-print" not in out


def test_paper_prints_the_meaning_after_a_term_the_text_does_not_explain():
    out = figures.marked_text("Some patients had systemic sclerosis. Their skin got softer.", TERMS, set())
    assert '<span class="term-print"> (The form of scleroderma that can harm organs.)</span>' in out


def test_questions_come_with_numbered_steps_and_room_for_answers_on_paper():
    out = views.questions_to_ask(["Is this <right> for me?", "What are the risks?"])
    assert out.index("Before your visit") < out.index("At your visit") < out.index("Is this &lt;right&gt; for me?")
    starts = re.findall(r"<ol class='visit-steps' start='(\d+)'>(.*?)</ol>", out)
    assert [s for s, _ in starts] == ["1", "4"] and all(items.count("<li>") == 3 for _, items in starts)
    assert out.count("answer-space print-only") == 2 and "answer-space own print-only" in out
    assert views.questions_to_ask([]) == ""
    assert ".answer-space { display: block" in views.STYLE


@pytest.mark.parametrize("source, name", [
    ("five-year-study", "the five-year Nanjing study (Alip et al, 2024)"),  # copies of one paper: one name
    ("five-year-study-record", "the five-year Nanjing study (Alip et al, 2024)"),
    ("news-stem-cells-scleroderma", "the news story “Mesenchymal Stem Cells” (Scleroderma News)"),
    ("no-such-source", "no-such-source"),
])
def test_captions_name_a_source_in_a_few_plain_words(source, name):
    assert logic.plain_source_name(LINTER.library, source) == name
