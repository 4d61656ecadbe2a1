"""What a patient gets on the reading page and on paper: no research sentence (those are in the separate evidence
view, which the page names), the sources list with titles and trial ids; a term's meaning repeated after it only
where the text does not explain it; pictures that say how to use them; the questions as a tool for a visit."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from linter import Linter
from linter.model import Evidence
from webapp import figures, logic, views

REPO = Path(__file__).resolve().parents[1]
PAGES = sorted((REPO / "explainers").glob("*.yaml"))
LINTER = Linter(REPO / "seeds")


def app_html(page: str, view: str = "") -> tuple[str, str]:
    """A shipped page as the patient app serves it: the HTML sent to the browser, and its text."""
    at = AppTest.from_file(str(REPO / "streamlit_app.py"), default_timeout=120)
    if view:
        at.query_params["view"] = view
    at._page_hash = calc_hash(page)
    at.run()
    assert not at.exception
    raw = "\n".join([h.proto.body for h in at.get("html")] + [str(m.value) for m in at.markdown])
    return raw, html.unescape(re.sub(r"<[^>]+>", " ", raw))


def print_only(raw: str) -> str:
    return "\n".join(re.findall(r'class="[^"]*print-only[^"]*"[^>]*>(.*?)</p>', raw, flags=re.S))


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    env = {"EXPLAINERS_DIR": str(REPO / "explainers"), "SOURCES_DIR": str(REPO / "seeds"),
           "LINT_CACHE_DIR": str(tmp_path_factory.mktemp("lint-cache"))}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        yield {page.stem: (LINTER.lint_file(page), app_html(page.stem)) for page in PAGES}


def source_sentences(report) -> list[str]:
    """The research sentences behind the page's numbers, as the evidence view shows them."""
    out = []
    for claim in report.claims:
        evidence = logic.best_evidence(claim, LINTER.library)
        if evidence is not None and evidence.line > 0:
            out.append(" ".join(logic.readable_quote(logic.whole_quote(evidence, LINTER.library)).quote.split()))
    return out


@pytest.mark.parametrize("page", [p.stem for p in PAGES])
def test_the_reading_page_shows_no_source_sentence_on_screen_or_paper(page, served):
    report, (raw, text) = served[page]
    flat = " ".join(text.split())
    reading = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", re.sub(  # a reference list may name a paper's title
        r'<ol class="sources">.*?</ol>', "", raw, flags=re.S))).split())
    sentences = source_sentences(report)
    if not report.claims:  # a page with no numbers has no evidence to point to
        assert views.EVIDENCE_LINK not in flat and "?view=evidence" not in raw
        return
    for sentence in sentences:
        assert sentence.strip("…")[:60] not in reading, f"a research sentence on the reading page: {sentence[:80]}"
    assert "<blockquote" not in raw and "Where do the numbers" not in flat
    # one clearly labelled way to the evidence, at the end, and on paper a line that says where it is
    assert f'<a href="./{page}?view=evidence">{views.EVIDENCE_LINK}</a>' in raw
    assert flat.index(views.EVIDENCE_LINK) > flat.index("Sources")
    assert "research sentences behind each number are in the app" in print_only(raw)
    assert f"/{page}?view=evidence" in print_only(raw)


@pytest.mark.parametrize("page", [p.stem for p in PAGES])
def test_paper_gets_the_sources_list_with_titles_and_trial_ids(page, served):
    report, (raw, text) = served[page]
    sources = re.search(r'<h2>Sources</h2><ol class="sources">(.*?)</ol>', raw, flags=re.S)
    assert sources, "the sources list is part of the page, on paper too"
    assert "print-only" not in sources.group(0) and "no-print" not in sources.group(0)
    for info in logic.cited_sources(LINTER.library, report.page):
        assert html.escape(info.title) in sources.group(1) or info.title in html.unescape(sources.group(1))
        for trial in info.trials:
            assert trial in sources.group(1)


def test_the_trials_page_tells_paper_readers_where_the_list_of_trials_is(served):
    _, (raw, text) = served["stem-cell-trials"]
    flat = " ".join(text.split())
    steps = flat[flat.index("To check on a trial"):]
    assert steps.index("https://clinicaltrials.gov") < steps.index("type the trial ID")
    assert "The list is called ClinicalTrials.gov" in flat
    headings = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', raw)
    assert len(headings) == 5 and "Trial ID" in headings, headings
    assert all(len(html.unescape(h)) <= 20 for h in headings), f"a narrow table on paper: {headings}"


@pytest.mark.parametrize("page, picture", [("five-year-study", "icon-use"), ("reading-the-numbers", "icon-use"),
                                           ("what-is-scleroderma", "figure-caption")])
def test_pictures_say_how_to_use_them(page, picture, served):
    _, (raw, _) = served[page]
    lines = [html.unescape(re.sub(r"<[^>]+>", "", c)) for c in
             re.findall(rf'<p class="[^"]*{picture}[^"]*">(.*?)</p>', raw, flags=re.S)]
    assert any(line.startswith("How to use this") and "doctor" in line for line in lines), lines


def test_a_quote_the_linter_cut_is_shown_as_its_whole_sentence():
    source = LINTER.library.get("case-report-2016")
    sentence = next(s for s in source.sentences if "activity index was reduced from 9.5" in s.text)
    whole = sentence.text.replace("\n", " ").strip()
    start = whole.index("9.5")
    cut = Evidence(source.stem, "…" + whole[20:140] + "…", sentence.line, start - 20 + 1, start - 20 + 4)
    shown = logic.whole_quote(cut, LINTER.library)
    assert shown.quote == whole and shown.quote[shown.start:shown.end] == "9.5"


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
