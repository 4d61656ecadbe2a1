"""The Streamlit app, page by page, through streamlit.testing.v1.AppTest.

Each test points the app at a temporary explainers folder (EXPLAINERS_DIR) holding small pages that cite the
real five-year-study source, so what passes and what is withheld comes from the real linter.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from linter import cli
from webapp import logic, services

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "streamlit_app.py")

GOOD_PAGE = """\
title: How many people lived after stem cells
summary: After 5 years, 92.7% of the people in the study were still alive.
sources: [five-year-study]
last_reviewed: "2026-11-20"
sections:
  - heading: Who was still alive
    body: |-
      After 5 years, 92.7% of the people in the study were still alive.

      This is a small study. It had no comparison group.
key_numbers:
  - statement: 38 out of 41 people were still alive after 5 years.
    count: 38
    total: 41
    source: five-year-study
glossary:
  - term: comparison group
    definition: People who do not get the new treatment, so doctors can compare.
unknowns:
  - We do not know if the stem cells caused this.
questions:
  - Is this treatment right for me?
disclaimer: This page explains research. It is not medical advice.
pins:
  - claim: "92.7%"
    field: sections[0].body
    source: five-year-study
    quote: The overall 5-year survival rate was 92.7%
suppress:
  - code: PL007
    reason: The icon array above gives the natural frequency.
"""

BROKEN_PAGE = GOOD_PAGE.replace("92.7%", "97.2%").replace("How many people lived after stem cells",
                                                             "A page with a wrong number")

INJECTION_PAGE = """\
title: "Costs $5 <script>window.__pwned=1</script>"
summary: "Not a link [click](javascript:alert(1)) and no math $x$ and <img src=x onerror=alert(1)>"
sources: [five-year-study]
sections:
  - heading: "**Bold?** <b>tag</b>"
    body: "After 5 years, 92.7% of the people in the study were still alive. <script>window.__pwned=1</script>"
suppress:
  - code: FC002
    reason: The numbers in the injected markup are test data, not claims.
"""


def shown_text(at: AppTest) -> str:
    """Everything the page shows as text, with character references decoded as a browser would."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [expander.label for expander in at.expander]
    parts += [link.proto.label for link in at.get("page_link")]
    return html.unescape("\n".join(parts))


def raw_markdown(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown) + "\n".join(str(t.value) for t in at.title)


def open_page(at: AppTest, url_path: str) -> AppTest:
    """Open a page by its URL path, as a browser visiting /<url_path> would (AppTest.switch_page only takes
    file pages; st.Page hashes its url_path)."""
    at._page_hash = calc_hash(url_path)
    return at.run()


@pytest.fixture(autouse=True)
def own_lint_cache(tmp_path, monkeypatch) -> Path:
    """Each test's app keeps its lint cache apart (the default is the project's .lint-cache/)."""
    folder = tmp_path / "lint-cache"
    monkeypatch.setenv("LINT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def explainers(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "explainers"
    folder.mkdir()
    (folder / "good-page.yaml").write_text(GOOD_PAGE)
    (folder / "broken-page.yaml").write_text(BROKEN_PAGE)
    monkeypatch.setenv("EXPLAINERS_DIR", str(folder))
    monkeypatch.setenv("SOURCES_DIR", str(REPO / "seeds"))
    return folder


@pytest.fixture
def app(explainers) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    return at


def test_home_lists_passing_pages_with_key_message_and_reading_level(app):
    text = shown_text(app)
    assert "Research explained" in text
    assert "How many people lived after stem cells" in text
    assert "After 5 years, 92.7% of the people in the study were still alive." in text
    assert "A page with a wrong number" not in text, "a page with errors must not be advertised"
    assert "1 more page is being checked" in text
    assert re.search(r"(Easy|Fairly easy|Fairly hard|Hard) to read: about grade \d+", text), "reading level in words"
    links = {link.proto.page: link.proto.label for link in app.get("page_link")}
    assert links == {"good-page": "How many people lived after stem cells"}


def test_home_search_finds_pages_by_their_words(app):
    app.text_input[0].set_value("comparison group").run()
    assert "How many people lived after stem cells" in shown_text(app)
    app.text_input[0].set_value("zebra crossings").run()
    text = shown_text(app)
    assert "No page matches your search" in text
    assert not app.get("page_link")


def test_explainer_page_shows_key_message_numbers_evidence_and_sources(app):
    open_page(app, "good-page")
    assert not app.exception
    text = shown_text(app)
    assert app.title[0].value and html.unescape(app.title[0].value) == "How many people lived after stem cells"
    assert "Key message" in app.info[0].value
    assert "38 out of 41 people were still alive after 5 years." in text
    assert "Each figure is one of the 41 people (source: " in html.unescape(raw_markdown(app))  # icon caption
    assert "Filled: the people the sentence counts" in html.unescape(raw_markdown(app))
    icon_arrays = [m.value for m in app.markdown if 'class="icon-array"' in m.value]
    assert len(icon_arrays) == 1 and 'data-filled="38"' in icon_arrays[0] and 'data-total="41"' in icon_arrays[0]
    assert 'aria-label="38 out of 41 people were still alive after 5 years.' in icon_arrays[0]
    # every number can show its evidence: source sentence, the number marked, source and line
    assert "Where do these numbers come from?" in text
    evidence = [m.value for m in app.markdown if 'class="evidence"' in m.value]
    marked = "\n".join(evidence)
    assert "<mark>92&#46;7&#37;</mark>" in marked
    assert "The overall 5-year survival rate was 92.7%" in html.unescape(marked)
    assert "a 5-year follow-up study (2024), line 22" in html.unescape(marked)
    # words on demand, limits, questions, sources, review date, disclaimer
    assert "<dt>comparison group</dt>" in raw_markdown(app), "the glossary is a list of definitions"
    assert '<details class="term"><summary title="What does this mean?">comparison group</summary>' in raw_markdown(app)
    assert "People who do not get the new treatment, so doctors can compare." in text
    assert "What is not known" in text and "We do not know if the stem cells caused this." in text
    assert "Questions to ask your doctor" in text and "Is this treatment right for me?" in text
    assert "Sources" in text
    assert 'href="https://doi.org/10.1007/s10067-024-06865-z"' in raw_markdown(app)
    assert "Clinical Rheumatology, 2024" in text
    assert "Last reviewed: 2026-11-20" in text
    assert "It is not medical advice." in text


def test_page_with_errors_is_withheld_not_shown_half_right(app):
    open_page(app, "broken-page")
    assert not app.exception
    text = shown_text(app)
    assert "This page is being checked" in text
    assert "97.2%" not in text and "A page with a wrong number" not in app.title[0].value
    assert "Back to all pages" in text


def test_page_text_cannot_inject_html_links_or_math(explainers):
    (explainers / "injection.yaml").write_text(INJECTION_PAGE)
    at = AppTest.from_file(APP, default_timeout=120).run()
    open_page(at, "injection")
    assert not at.exception
    assert "Costs $5 <script>window.__pwned=1</script>" in shown_text(at), "shown literally, as text"
    raw = raw_markdown(at)
    for dangerous in ("<script", "<img", "](javascript", "$x$", "**Bold", "<b>"):
        assert dangerous not in raw


def test_unknown_or_malicious_url_paths_serve_the_home_page(app):
    for path in ("no-such-page", "../../etc/passwd", "..%2F..%2Fseeds%2Fsources"):
        open_page(app, path)
        assert not app.exception
        assert app.title[0].value == "Research explained"


def test_writers_report_shows_findings_nearest_candidates_readability_pins_and_suppressions(app):
    open_page(app, "writers-report")
    assert not app.exception
    text = shown_text(app)
    assert "broken-page: has errors: withheld from readers" in text
    assert "good-page: passes: served to readers" in text
    frames = [df.value for df in app.dataframe]
    findings = [f for f in frames if "code" in f.columns and "message" in f.columns]
    assert any(((f["severity"] == "error") & f["code"].str.startswith("FC") & f["message"].str.contains("97.2%")).any()
               for f in findings), "the wrong number is an error with its code and message"
    nearest = [f for f in frames if "nearest candidate" in f.columns]
    assert any(f["number"].eq("97.2%").any() and f["nearest candidate"].str.contains("92.7%").all() for f in nearest)
    assert any("consensus grade" in f.columns for f in frames), "readability figures"
    assert any("quote" in f.columns and f["quote"].eq("The overall 5-year survival rate was 92.7%").any()
               for f in frames), "pins are visible"
    assert any("reason" in f.columns and f["code"].eq("PL007").any() for f in frames), "suppressions are visible"


def test_live_editor_checks_edits_without_writing_until_saved(app, explainers):
    open_page(app, "writers-editor")
    assert not app.exception
    app.selectbox[0].select("good-page").run()
    assert app.text_area[0].value == GOOD_PAGE
    assert "This page passes" in shown_text(app)

    app.text_area[0].input(GOOD_PAGE.replace("After 5 years, 92.7%", "After 5 years, 97.2%")).run()
    text = shown_text(app)
    assert "error" in text and "readers would see “This page is being checked”" in text
    assert (explainers / "good-page.yaml").read_text() == GOOD_PAGE, "nothing written before Save"

    app.button[0].click().run()
    assert "Saved good-page.yaml. The previous version is kept as good-page.yaml.bak." in shown_text(app)
    assert "97.2%" in (explainers / "good-page.yaml").read_text()
    assert (explainers / "good-page.yaml.bak").read_text() == GOOD_PAGE


def test_live_editor_refuses_names_outside_the_explainers_folder(app, explainers, tmp_path):
    open_page(app, "writers-editor")
    app.text_area[0].input(GOOD_PAGE).run()
    for name in ("../escaped", "/tmp/escaped", "sub/escaped"):
        app.text_input[0].input(name).run()
        app.button[0].click().run()
        assert "is not a page name" in shown_text(app)
    assert not (tmp_path / "escaped.yaml").exists() and not Path("/tmp/escaped.yaml").exists()
    assert sorted(p.name for p in explainers.iterdir()) == ["broken-page.yaml", "good-page.yaml"]


def test_switching_pages_does_not_lint_unchanged_pages_again(app):
    open_page(app, "good-page")
    runs = services.LINT_RUNS["count"]
    for path in ("broken-page", "home", "good-page", "writers-report"):
        open_page(app, path)
    assert services.LINT_RUNS["count"] == runs


def test_pages_the_command_line_checked_are_served_without_linting_them_again(explainers, own_lint_cache,
                                                                              monkeypatch, capsys):
    monkeypatch.chdir(explainers.parent)
    code = cli.main(["--isolated", "--sources", str(REPO / "seeds"), "--cache-dir", str(own_lint_cache),
                     "--format", "json", "explainers"])
    from_the_command_line = {Path(f["path"]).stem: f for f in json.loads(capsys.readouterr().out)["files"]}
    assert code == 1 and set(from_the_command_line) == {"good-page", "broken-page"}
    services.lint_page_file.clear()  # a fresh app process: nothing in Streamlit's memory
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    cache = services.linter_for(str(REPO / "seeds"), str(own_lint_cache), services.sources_state()).cache
    assert (cache.hits, cache.misses) == (2, 0)
    assert "How many people lived after stem cells" in shown_text(at)
    assert "A page with a wrong number" not in shown_text(at)


@pytest.mark.parametrize("page", [p.name for p in logic.discover_pages(REPO / "explainers")])
def test_every_shipped_explainer_renders_or_is_withheld(page, monkeypatch):
    monkeypatch.setenv("EXPLAINERS_DIR", str(REPO / "explainers"))
    monkeypatch.delenv("SOURCES_DIR", raising=False)
    at = AppTest.from_file(APP, default_timeout=120).run()
    open_page(at, page)
    assert not at.exception
    text = shown_text(at)
    if "This page is being checked" in text:
        return
    assert at.title[0].value
    assert "Sources" in text and "not medical advice" in text.lower()


@pytest.mark.parametrize("content", ["title: [unclosed\n", "- just\n- a list\n", "", "\x00\xff binary"])
def test_unreadable_pages_are_withheld_and_reported_to_writers(explainers, content):
    (explainers / "unreadable.yaml").write_text(content)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    open_page(at, "unreadable")
    assert not at.exception and "This page is being checked" in shown_text(at)
    open_page(at, "writers-report")
    assert not at.exception and "unreadable: has errors: withheld from readers" in shown_text(at)


# --- hostile names, planted links and changing sources ----------------------------------------------

def test_a_page_file_named_with_a_trailing_newline_does_no_harm(explainers):
    (explainers / "home\n.yaml").write_text(GOOD_PAGE)
    (explainers / "good-page\n.yaml").write_text(BROKEN_PAGE)
    assert [p.name for p in logic.discover_pages(explainers)] == ["broken-page", "good-page"]
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    for path in ("home", "good-page", "writers-report"):
        open_page(at, path)
        assert not at.exception
    with pytest.raises(logic.UnsafePageName):
        logic.page_path_for(explainers, "home\n")


def test_saving_never_writes_through_a_planted_bak_link(explainers, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (explainers / "good-page.yaml.bak").symlink_to(victim)
    page = explainers / "good-page.yaml"
    before = page.read_text()
    logic.save_page(explainers, "good-page", before.replace("Is this treatment right for me?", "What next?"))
    assert victim.read_text() == "precious"
    backup = explainers / "good-page.yaml.bak"
    assert not backup.is_symlink() and backup.read_text() == before
    assert "What next?" in page.read_text()


def test_saving_never_writes_through_a_page_that_is_a_link(explainers, tmp_path):
    victim = tmp_path / "victim.yaml"
    victim.write_text("precious")
    (explainers / "linked.yaml").symlink_to(victim)
    with pytest.raises(logic.UnsafePageName):
        logic.save_page(explainers, "linked", GOOD_PAGE)
    assert victim.read_text() == "precious"


def test_a_source_edit_is_reflected_by_the_running_app(tmp_path, explainers, monkeypatch):
    import shutil

    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    monkeypatch.setenv("SOURCES_DIR", str(seeds))
    at = AppTest.from_file(APP, default_timeout=120).run()
    open_page(at, "good-page")
    assert "How many people lived after stem cells" in shown_text(at)
    assert "The overall 5-year survival rate was 92.7%" in shown_text(at)
    source = seeds / "004_a8e050c38ba956b1.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("92.7", "81.3"), encoding="utf-8")
    open_page(at, "good-page")  # the same running app, no restart
    assert not at.exception
    assert "This page is being checked" in shown_text(at)
    assert "The overall 5-year survival rate was 92.7%" not in shown_text(at)
