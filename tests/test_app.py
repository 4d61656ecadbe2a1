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
from webapp import logic, saving, services

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
    """Everything the page shows as text: HTML tags dropped and character references decoded, as a browser would."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [re.sub(r"<[^>]+>", " ", h.proto.body) for h in at.get("html")]
    parts += [expander.label for expander in at.expander]
    parts += [link.proto.label for link in at.get("page_link")]
    return re.sub(r"[ \t]+", " ", html.unescape("\n".join(parts)))


def raw_html(at: AppTest) -> str:
    """The HTML and markdown the app sends to the browser (before the browser decodes anything)."""
    return "\n".join([h.proto.body for h in at.get("html")] + [str(m.value) for m in at.markdown]
                     + [str(t.value) for t in at.title])


def links(at: AppTest) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]*)"', raw_html(at))


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


def folder_state(*folders: Path) -> dict:
    """Every file under the folders with its size and modification time: what 'nothing was written' compares."""
    return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for f in folders for p in f.rglob("*") if p.is_file()}


# --- the patient site --------------------------------------------------------------------------

def test_home_lists_passing_pages_as_whole_card_links(app):
    text = shown_text(app)
    assert "Research explained" in text
    assert "How many people lived after stem cells" in text
    assert "After 5 years, 92.7% of the people in the study were still alive." in text
    assert "A page with a wrong number" not in text, "a page with errors must not be advertised"
    assert "1 more page is being checked" in text
    assert re.search(r"(Easy|Fairly easy|Fairly hard|Hard) to read: about grade \d+", text), "reading level in words"
    cards = re.findall(r'<a class="card" href="([^"]+)">', raw_html(app))
    assert cards == ["./good-page"]


def test_the_sidebar_lists_plain_titles_of_served_pages_only(explainers):
    (explainers / "good-page.yaml").write_text(GOOD_PAGE.replace("How many people lived after stem cells",
                                                                 "Lived **after** $x$ :red[stem] cells"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    nav = next(h.proto.body for h in at.get("html") if 'nav class="site"' in h.proto.body)
    assert ">Lived **after** $x$ :red[stem] cells</a>" in nav
    assert "broken-page" not in nav and "writers" not in nav.lower()


def test_search_finds_pages_by_their_words_and_keeps_the_query_in_the_address(app):
    app.text_input[0].set_value("comparison group").run()
    assert "How many people lived after stem cells" in shown_text(app)
    assert app.query_params["q"] in ("comparison group", ["comparison group"])
    assert "<mark>comparison</mark>" in raw_html(app), "a snippet with the words marked"
    app.text_input[0].set_value("zebra crossings").run()
    text = shown_text(app)
    assert "No page matches “zebra crossings”" in text
    assert '<a class="card"' not in raw_html(app)


def test_a_search_address_opens_with_its_results(explainers):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["q"] = "comparison"
    at.run()
    assert at.text_input[0].value == "comparison"
    assert "1 page found for “comparison”" in shown_text(at)


def test_explainer_page_shows_key_message_numbers_and_one_link_to_the_evidence(app):
    open_page(app, "good-page")
    assert not app.exception
    text = shown_text(app)
    raw = raw_html(app)
    assert "<h1>How many people lived after stem cells</h1>" in raw
    assert "Key message" in text
    assert "38 out of 41 people were still alive after 5 years." in text
    assert "Each figure is one of the 41 people (source: " in text  # the icon array's caption and legend
    assert "Filled in: the people the sentence counts" in text and "Not filled in: the others" in text
    icon_arrays = [m.value for m in app.markdown if 'class="icon-array"' in m.value]
    assert len(icon_arrays) == 1 and 'data-filled="38"' in icon_arrays[0] and 'data-total="41"' in icon_arrays[0]
    # the research sentences are not on the reading page, on screen or on paper: one link at the end opens them
    assert "The overall 5-year survival rate" not in text and "<blockquote" not in raw and "<mark>92.7%" not in raw
    assert "Where do the numbers" not in text
    assert '<a href="./good-page?view=evidence">See the research sentences behind each number (written for doctors)</a>' \
        in raw
    assert "research sentences behind each number are in the app" in text, "paper says where to find them"
    assert text.index("See the research sentences") > text.index("Sources")
    # words on demand, limits, questions, sources, review date, disclaimer
    assert [p.type for p in app.get("popover")] == ["popover"]
    assert '<details class="term"><summary title="What does this mean?">comparison group</summary>' in raw, \
        "a glossary term is explained where the text uses it"
    assert "People who do not get the new treatment, so doctors can compare." in text
    assert "What is not known" in text and "We do not know if the stem cells caused this." in text
    assert "Questions to ask your doctor" in text and "Is this treatment right for me?" in text
    assert "Sources" in text and "Clinical Rheumatology, 2024" in text
    assert 'href="https://doi.org/10.1007/s10067-024-06865-z"' in raw
    assert 'href="https://clinicaltrials.gov/study/NCT00962923"' in raw, "trial ids link to the registry"
    assert "Last reviewed: 2026-11-20" in text
    assert "It is not medical advice." in text


def test_the_evidence_view_shows_each_number_with_its_quote_and_source(app):
    app.query_params["view"] = "evidence"
    open_page(app, "good-page")
    assert not app.exception
    text = shown_text(app)
    raw = raw_html(app)
    assert "The research sentences behind “How many people lived after stem cells”" in text
    assert "written for doctors" in text
    assert "Numbers in “Who was still alive”" in text and "Numbers in the key message" in text
    assert "The overall 5-year survival rate was <mark>92.7%</mark>" in raw
    assert re.search(r'the study <a href="https://doi.org/10.1007/s10067-024-06865-z"[^>]*>“Umbilical cord', raw)
    assert "line 22" not in raw and "004_a8e050c38ba956b1" not in raw, "no file lines for readers"
    items = re.findall(r'<div class="evidence-item"><p><strong>([^<]+)</strong>', raw)
    assert "92.7%" in items and "38 out of 41" in items
    assert raw.count("<blockquote") <= len(items), "one quote per number"
    assert "Sources" in text and "Clinical Rheumatology, 2024" in text
    assert '<a href="./good-page">Back to the page “How many people lived after stem cells”</a>' in raw
    assert "Questions to ask your doctor" not in text, "the evidence view is not the reading page"


def test_the_evidence_view_of_a_withheld_page_shows_no_numbers(app):
    app.query_params["view"] = "evidence"
    open_page(app, "broken-page")
    assert "This page is being checked" in shown_text(app) and "<blockquote" not in raw_html(app)


def test_copies_of_one_paper_are_one_source(explainers):
    (explainers / "good-page.yaml").write_text(GOOD_PAGE.replace("sources: [five-year-study]",
                                                                 "sources: [five-year-study, five-year-study-record]"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    open_page(at, "good-page")
    sources = re.search(r'<ol class="sources">(.*?)</ol>', raw_html(at), flags=re.S).group(1)
    assert sources.count("<li>") == 1


def test_page_with_errors_is_withheld_not_shown_half_right(app):
    open_page(app, "broken-page")
    assert not app.exception
    text = shown_text(app)
    assert "This page is being checked" in text
    assert "97.2%" not in text and "A page with a wrong number" not in text
    assert "Back to all pages" in text


def test_page_text_cannot_inject_html_links_or_math(explainers):
    (explainers / "injection.yaml").write_text(INJECTION_PAGE)
    at = AppTest.from_file(APP, default_timeout=120).run()
    open_page(at, "injection")
    assert not at.exception
    assert "Costs $5 <script>window.__pwned=1</script>" in shown_text(at), "shown literally, as text"
    raw = raw_html(at)
    for dangerous in ("<script", "<img", "<b>"):
        assert dangerous not in raw
    assert not [href for href in links(at) if "javascript" in href]
    assert not [m for m in at.markdown if "$x$" in m.value or "**Bold" in m.value], "no page text goes through markdown"


ADDRESS_PAGE = GOOD_PAGE.replace("Is this treatment right for me?", "Is this treatment right for me? See www.example-clinic.com") \
    .replace("disclaimer: This page explains research. It is not medical advice.",
             "disclaimer: This page explains research. Book at https://clinic.example/book or mail book@clinic.example")


def test_addresses_in_page_text_never_become_links(explainers):
    (explainers / "good-page.yaml").write_text(ADDRESS_PAGE)
    at = AppTest.from_file(APP, default_timeout=120).run()
    open_page(at, "good-page")
    assert not at.exception
    text = shown_text(at)
    assert "www.example-clinic.com" in text and "https://clinic.example/book" in text
    assert not [href for href in links(at) if "clinic.example" in href or "example-clinic" in href]
    assert not [m for m in at.markdown if "clinic.example" in m.value], "page text never reaches the markdown autolinker"


def test_unknown_addresses_show_a_plain_not_found_page(app):
    open_page(app, "page-not-found")
    assert not app.exception
    text = shown_text(app)
    assert "Page not found" in text and "Go to all pages" in text and "./" in links(app)
    for path in ("no-such-page", "../../etc/passwd", "..%2F..%2Fseeds%2Fsources"):
        open_page(app, path)  # the server redirects these (tests/e2e); the app itself never fails on them
        assert not app.exception and "<h1>" in raw_html(app)


def test_readers_cannot_reach_writer_pages_or_write_a_file(app, explainers, own_lint_cache):
    before = folder_state(explainers, own_lint_cache.parent)
    for path in ("report", "editor", "writers-report", "writers-editor"):
        open_page(app, path)
        assert not app.exception
        text = shown_text(app)
        assert "Lint report" not in text and "Editor" not in text and "Save" not in text
        assert not app.text_area and not app.get("dataframe")
    open_page(app, "good-page")
    assert "How many people lived after stem cells" in shown_text(app)
    assert folder_state(explainers, own_lint_cache.parent) == before, "the patient site writes nothing, not even a cache"


# --- the writers' workspace --------------------------------------------------------------------

PASSWORD = "a long writers' password"


@pytest.fixture
def writer_mode(explainers, monkeypatch):
    monkeypatch.setenv("EXPLAINER_APP_MODE", "writer")
    return explainers


def writer_app(password: str | None = PASSWORD) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if password is not None:
        at.secrets["writer_password"] = password
    return at.run()


def sign_in(at: AppTest, password: str = PASSWORD) -> AppTest:
    at.text_input(key="writer_password_typed").set_value(password)
    at.button[0].click()
    at.run()
    assert not at.exception
    return at


def test_writer_mode_without_a_password_refuses_to_start(writer_mode):
    at = writer_app(password=None)
    assert not at.exception
    text = shown_text(at)
    assert "Writer mode refused to start" in text and "secrets.toml" in text
    assert not at.text_input and not at.get("dataframe")


def test_writer_mode_with_a_too_short_password_refuses_to_start(writer_mode):
    assert "Writer mode refused to start" in shown_text(writer_app(password="short"))


def test_writer_mode_asks_for_the_password_and_signs_out(writer_mode):
    at = writer_app()
    assert "Sign in" in shown_text(at) and "Lint report" not in shown_text(at)
    sign_in(at, "not the password at all")
    assert "That password is not right." in shown_text(at) and not at.get("dataframe")
    sign_in(at)
    assert not at.exception
    assert "Lint report" in shown_text(at) and at.get("dataframe")
    at.button(key="sign_out").click().run()
    assert not at.exception
    assert "Sign in" in shown_text(at) and not at.get("dataframe")


def test_writers_report_shows_findings_nearest_candidates_readability_pins_and_suppressions(writer_mode):
    at = sign_in(writer_app())
    text = shown_text(at)
    assert "broken-page: has errors: withheld from readers" in text
    assert "good-page: passes: served to readers" in text
    frames = [df.value for df in at.dataframe]
    findings = [f for f in frames if "code" in f.columns and "message" in f.columns]
    assert any(((f["severity"] == "error") & f["code"].str.startswith("FC") & f["message"].str.contains("97.2%")).any()
               for f in findings), "the wrong number is an error with its code and message"
    nearest = [f for f in frames if "nearest candidate" in f.columns]
    assert any(f["number"].eq("97.2%").any() and f["nearest candidate"].str.contains("92.7%").all() for f in nearest)
    assert any(f["nearest candidate"].str.contains("“Umbilical cord").any() for f in nearest), "the source's title"
    assert any("consensus grade" in f.columns for f in frames), "readability figures"
    assert any("quote" in f.columns and f["quote"].eq("The overall 5-year survival rate was 92.7%").any()
               for f in frames), "pins are visible"
    assert any("reason" in f.columns and f["code"].eq("PL007").any() for f in frames), "suppressions are visible"
    everything = text + "".join(f.to_csv() for f in frames)
    assert str(writer_mode) not in everything and str(REPO) not in everything, "no server paths"


def open_in_editor(at: AppTest, name: str) -> AppTest:
    open_page(at, "editor")
    at.selectbox(key="editor_source").set_value(name).run()
    at.run()
    assert not at.exception
    return at


def test_the_editor_lints_the_draft_and_shows_errors_first(writer_mode):
    at = open_in_editor(sign_in(writer_app()), "broken-page")
    assert not at.exception
    assert at.session_state["draft"]["text"] == BROKEN_PAGE
    panel = next(h.proto.body for h in at.get("html") if "Findings (" in h.proto.body)
    first = re.search(r'<li class="finding (\w+)">(.*?)</li>', panel)
    assert first.group(1) == "error" and "97.2%" in html.unescape(first.group(2))
    assert "“Umbilical cord" in html.unescape(panel), "the source's title, not only its file name"


def test_unsaved_text_survives_moving_to_another_page(writer_mode):
    at = open_in_editor(sign_in(writer_app()), "good-page")
    at.session_state["draft"]["text"] = GOOD_PAGE + "\n# my unsaved note\n"
    open_page(at, "report")
    open_page(at, "editor")
    assert at.session_state["draft"]["text"].endswith("# my unsaved note\n")
    assert (writer_mode / "good-page.yaml").read_text() == GOOD_PAGE, "nothing saved without asking"


def test_saving_a_served_page_asks_first_and_keeps_the_old_version(writer_mode):
    at = open_in_editor(sign_in(writer_app()), "good-page")
    edited = GOOD_PAGE.replace("This is a small study.", "This was a small study.")
    at.session_state["draft"]["text"] = edited
    at.run()
    save = next(b for b in at.button if "Save" in b.label)
    assert save.disabled, "a served page needs the confirmation first"
    assert "is on the patient site now" in shown_text(at)
    next(c for c in at.checkbox if c.label.startswith("Yes, replace")).check().run()
    next(b for b in at.button if "Save" in b.label).click().run()
    assert not at.exception
    assert "Saved good-page.yaml" in shown_text(at)
    assert (writer_mode / "good-page.yaml").read_text() == edited
    assert [v.read() for v in saving.versions(writer_mode, "good-page")] == [GOOD_PAGE]


def test_saving_over_someone_elses_newer_version_is_refused(writer_mode):
    at = open_in_editor(sign_in(writer_app()), "broken-page")
    at.session_state["draft"]["text"] = BROKEN_PAGE + "\n# mine\n"
    (writer_mode / "broken-page.yaml").write_text(BROKEN_PAGE + "\n# theirs\n")
    at.run()
    next(b for b in at.button if "Save" in b.label).click().run()
    assert not at.exception
    assert "was changed on disk after you opened it" in shown_text(at)
    assert (writer_mode / "broken-page.yaml").read_text().endswith("# theirs\n")


# --- every page, every input -------------------------------------------------------------------

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
    cache = services.linter_for(str(REPO / "seeds"), str(own_lint_cache), services.sources_state(), False).cache
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
    assert "<h1>" in raw_html(at)
    assert "Sources" in text and "not medical advice" in text.lower()


@pytest.mark.parametrize("content", ["title: [unclosed\n", "- just\n- a list\n", "", "\x00\xff binary"])
def test_unreadable_pages_are_withheld_and_reported_to_writers(explainers, content, monkeypatch):
    (explainers / "unreadable.yaml").write_text(content)
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    open_page(at, "unreadable")
    assert not at.exception and "This page is being checked" in shown_text(at)
    monkeypatch.setenv("EXPLAINER_APP_MODE", "writer")
    at = sign_in(writer_app())
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


def test_saving_never_writes_through_a_planted_history_link(explainers, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (explainers / ".history").symlink_to(victim)
    page = explainers / "good-page.yaml"
    before = page.read_text()
    with pytest.raises(OSError):
        saving.save_page(explainers, "good-page", before.replace("Is this treatment right for me?", "What next?"))
    assert list(victim.iterdir()) == [] and page.read_text() == before


def test_saving_never_writes_through_a_planted_bak_link(explainers, tmp_path):
    """The red team's attack on the old save: a `<page>.yaml.bak` link to a file elsewhere. Saving keeps versions
    in the app's own history and never touches that name."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    (explainers / "good-page.yaml.bak").symlink_to(victim)
    page = explainers / "good-page.yaml"
    before = page.read_text()
    saving.save_page(explainers, "good-page", before.replace("Is this treatment right for me?", "What next?"))
    assert victim.read_text() == "precious"
    assert (explainers / "good-page.yaml.bak").is_symlink()
    assert "What next?" in page.read_text()
    assert [v.path.read_text() for v in saving.versions(explainers, "good-page")] == [before]


def test_saving_never_writes_through_a_page_that_is_a_link(explainers, tmp_path):
    victim = tmp_path / "victim.yaml"
    victim.write_text("precious")
    (explainers / "linked.yaml").symlink_to(victim)
    with pytest.raises(logic.UnsafePageName):
        saving.save_page(explainers, "linked", GOOD_PAGE)
    assert victim.read_text() == "precious"


def test_a_source_edit_is_reflected_by_the_running_app(tmp_path, explainers, monkeypatch):
    import shutil

    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    monkeypatch.setenv("SOURCES_DIR", str(seeds))
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.query_params["view"] = "evidence"  # the quote behind the number
    open_page(at, "good-page")
    assert "How many people lived after stem cells" in shown_text(at)
    assert "The overall 5-year survival rate was 92.7%" in shown_text(at)
    source = seeds / "004_a8e050c38ba956b1.txt"
    source.write_text(source.read_text(encoding="utf-8").replace("92.7", "81.3"), encoding="utf-8")
    open_page(at, "good-page")  # the same running app, no restart
    assert not at.exception
    assert "This page is being checked" in shown_text(at)
    assert "The overall 5-year survival rate was 92.7%" not in shown_text(at)


def test_a_news_source_names_its_site_and_says_it_has_no_date_and_links_every_trial(explainers):
    (explainers / "good-page.yaml").write_text(GOOD_PAGE.replace(
        "sources: [five-year-study]", "sources: [five-year-study, news-stem-cells-scleroderma]"))
    at = AppTest.from_file(APP, default_timeout=120).run()
    open_page(at, "good-page")
    assert not at.exception and "This page is being checked" not in shown_text(at)
    sources = re.search(r'<ol class="sources">(.*?)</ol>', raw_html(at), flags=re.S).group(1)
    news = [item for item in sources.split("<li>") if "Mesenchymal Stem Cells" in item][0]
    assert '<a href="https://sclerodermanews.com/"' in news and "Scleroderma News" in news
    assert "date not given" in news
    for trial in ("NCT00962923", "NCT02213705", "NCT03211793", "NCT02975960"):
        assert f'href="https://clinicaltrials.gov/study/{trial}"' in news


def test_an_earlier_version_opens_in_the_editor_without_being_saved(writer_mode):
    saving.save_page(writer_mode, "good-page", GOOD_PAGE.replace("Is this treatment right for me?", "What next?"))
    at = open_in_editor(sign_in(writer_app()), "good-page")
    assert "Earlier versions of good-page (1)" in shown_text(at)
    next(b for b in at.button if b.label == "Open in the editor").click().run()
    assert not at.exception
    assert at.session_state["draft"]["text"] == GOOD_PAGE, "the version before the last save"
    assert "What next?" in (writer_mode / "good-page.yaml").read_text(), "opening a version writes nothing"


def test_opening_another_page_asks_before_unsaved_changes_are_dropped(writer_mode):
    at = open_in_editor(sign_in(writer_app()), "good-page")
    at.session_state["draft"]["text"] = GOOD_PAGE + "\n# my unsaved note\n"
    at.selectbox(key="editor_source").set_value("broken-page").run()
    assert not at.exception
    assert "Your changes are not saved." in shown_text(at)
    assert at.session_state["draft"]["text"].endswith("# my unsaved note\n")
    next(b for b in at.button if b.label == "Keep editing").click().run()
    assert not at.exception and at.selectbox(key="editor_source").value == "good-page"
    assert at.session_state["draft"]["text"].endswith("# my unsaved note\n")
    at.selectbox(key="editor_source").set_value("broken-page").run()
    next(b for b in at.button if b.label == "Open it, discard my changes").click().run()
    at.run()
    assert not at.exception and at.session_state["draft"]["text"] == BROKEN_PAGE
