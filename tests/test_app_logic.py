"""The app's plain functions: escaping, evidence, reading level, icon arrays, search, discovery and saving."""
from __future__ import annotations

import html
import os
import re
import string
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from linter.api import Linter
from linter.model import Evidence, Readability
from webapp import logic
from webapp.icon_array import icon_array_svg, natural_frequency

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def linter():
    return Linter(REPO / "seeds")


# --- escaping ----------------------------------------------------------------------------------

@given(st.text())
def test_safe_markdown_leaves_no_markup_characters(text):
    escaped = logic.safe_markdown(text)
    without_references = re.sub(r"&#\d+;", "", escaped)
    assert not set(without_references) & set(string.punctuation)
    assert html.unescape(escaped) == re.sub(r"\s+", " ", text).strip()


def test_safe_markdown_shows_dollars_links_and_tags_literally():
    escaped = logic.safe_markdown("Costs $5 [click](javascript:alert(1)) <script>x</script> **bold**")
    for markup in ("$", "[", "](", "<", "**"):
        assert markup not in escaped
    assert html.unescape(escaped) == "Costs $5 [click](javascript:alert(1)) <script>x</script> **bold**"


def test_highlighted_quote_marks_only_the_number():
    quote = "The overall 5-year survival rate was 92.7% (38 out of 41 patients)."
    start = quote.index("92.7%")
    marked = logic.highlighted_quote(Evidence("five-year-study", quote, 22, start, start + 5))
    assert marked.count("<mark>") == 1
    assert html.unescape(marked) == "The overall 5-year survival rate was <mark>92.7%</mark> (38 out of 41 patients)."


def test_highlighted_quote_escapes_markup_in_the_source():
    quote = "<b>rate</b> was 92.7%"
    marked = logic.highlighted_quote(Evidence("s", quote, 1, quote.index("92"), len(quote)))
    assert "<b>" not in marked and marked.endswith("<mark>92&#46;7&#37;</mark>")


def test_highlighted_quote_without_a_valid_span_is_plain_text():
    assert "<mark>" not in logic.highlighted_quote(Evidence("s", "short", 1, 3, 99))


def test_only_plain_web_links_are_kept():
    assert logic.safe_url("https://doi.org/10.1007/s10067-024-06865-z") == "https://doi.org/10.1007/s10067-024-06865-z"
    for bad in ("javascript:alert(1)", "data:text/html,x", 'https://x.org/"onmouseover="x', None, ""):
        assert logic.safe_url(bad) == ""


# --- readability in words ----------------------------------------------------------------------

@pytest.mark.parametrize("grade, words", [(5.6, "easy to read: about grade 6"), (7.4, "fairly easy to read: about grade 7"),
                                          (9.8, "fairly hard to read: about grade 10"), (12.2, "hard to read: about grade 12")])
def test_reading_level_in_words(grade, words):
    page = Readability("page", 300, 30, grade, 70.0, grade, grade)
    assert logic.reading_level([page]) == words


def test_reading_level_when_not_scored_or_unreliable():
    assert logic.reading_level(()) == ""
    assert logic.reading_level([Readability("page", 10, 1, 3, 90, 3, 3, reliable=False)]) == "too short to give a reading level"


# --- icon arrays -------------------------------------------------------------------------------

def test_icon_array_draws_every_person_and_fills_the_count():
    svg = icon_array_svg(38, 41, "38 out of 41 people were alive.")
    assert svg.count("<circle") == 41
    assert svg.count('fill="#1d6a96"') == 2 * 38  # head and body of each filled person
    assert 'height="150"' in svg, "41 people make 5 rows of 10"
    assert 'role="img"' in svg and 'aria-label="38 out of 41 people were alive. (picture: 38 out of 41' in svg


def test_icon_array_label_is_escaped():
    svg = icon_array_svg(1, 2, '"><script>alert(1)</script>')
    assert "<script>" not in svg and "&quot;&gt;&lt;script&gt;" in svg


def test_large_totals_become_out_of_100():
    freq = natural_frequency(1234, 5000)
    assert (freq.count, freq.total, freq.words) == (25, 100, "about 25 out of 100")
    assert icon_array_svg(1234, 5000, "x").count("<circle") == 100


# --- page content ------------------------------------------------------------------------------

def test_search_matches_all_words_and_ranks_title_hits_first():
    pages = {
        "lungs": {"title": "Lungs and stem cells", "summary": "About the lungs."},
        "skin": {"title": "Skin scores", "sections": [{"heading": "x", "body": "The lungs and the skin score."}]},
        "other": {"title": "Something else"},
    }
    assert logic.search_pages(pages, "lungs") == ["lungs", "skin"]
    assert logic.search_pages(pages, "skin lungs") == ["skin"]
    assert logic.search_pages(pages, "") == ["lungs", "other", "skin"]
    assert logic.search_pages(pages, "zebra") == []


def test_paragraphs_split_on_blank_lines():
    assert logic.paragraphs("One\nline.\n\n  Two.  \n") == ["One line.", "Two."]


def test_key_numbers_skip_impossible_entries():
    page = {"key_numbers": [{"statement": "ok", "count": 3, "total": 4}, {"statement": "bad", "count": 5, "total": 4},
                            {"statement": "zero", "count": 0, "total": 0}, {"statement": "text", "count": "3", "total": 4}]}
    assert [k.statement for k in logic.key_numbers(page)] == ["ok"]


def test_cited_sources_come_from_the_catalog_one_per_document(linter):
    page = {"sources": ["five-year-study", "004_a8e050c38ba956b1", "five-year-study-record", "no-such-source"]}
    cited = logic.cited_sources(linter.library, page)
    assert [c.id for c in cited] == ["five-year-study", "five-year-study-record", "no-such-source"]
    assert cited[0].year == "2024" and cited[0].journal == "Clinical Rheumatology"
    assert cited[0].url == "https://doi.org/10.1007/s10067-024-06865-z"
    assert cited[0].title.startswith("Umbilical cord mesenchymal stem cells")


def test_claims_are_grouped_by_where_they_appear(linter):
    report = linter.lint_text(
        "title: Survival\nsummary: After 5 years, 92.7% of the people in the study were still alive.\n"
        "sources: [five-year-study]\nsections:\n  - heading: Alive\n    body: After 5 years, 97.2% of the people in "
        "the study were still alive.\nquestions: [\"What happens after 5 years?\"]\n", "p.yaml")
    assert {c.text for c in logic.claims_in(report, "summary")} >= {"92.7%"}
    assert {c.text for c in logic.claims_in(report, "sections[0]")} >= {"97.2%"}
    assert all(c.field.startswith("questions") for c in logic.claims_elsewhere(report))
    unsupported = {r["number"]: r for r in logic.unsupported_rows(report)}
    assert "92.7%" not in unsupported
    assert "92.7%" in unsupported["97.2%"]["nearest candidate"], "the nearest candidate the linter found"


# --- discovery and saving ----------------------------------------------------------------------

def test_only_plain_named_yaml_files_in_the_folder_are_pages(tmp_path):
    for name in ("good-page.yaml", "Bad Name.yaml", "home.yaml", "notes.txt", "old.yaml.bak", ".hidden.yaml"):
        (tmp_path / name).write_text("title: x\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deeper.yaml").write_text("title: x\n")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.yaml"
    outside.write_text("title: secret\n")
    (tmp_path / "linked.yaml").symlink_to(outside)
    assert [p.name for p in logic.discover_pages(tmp_path)] == ["good-page"]
    assert logic.discover_pages(tmp_path / "missing") == []


def test_folders_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLAINERS_DIR", str(tmp_path))
    monkeypatch.setenv("SOURCES_DIR", str(tmp_path / "seeds"))
    assert logic.explainers_dir() == tmp_path.resolve()
    assert logic.sources_dir() == (tmp_path / "seeds").resolve()
    monkeypatch.delenv("EXPLAINERS_DIR")
    assert logic.explainers_dir() == REPO / "explainers"


def test_save_page_writes_atomically_and_keeps_the_previous_version(tmp_path):
    path = logic.save_page(tmp_path, "my-page", "title: first")
    assert path == tmp_path / "my-page.yaml" and path.read_text() == "title: first\n"
    assert not (tmp_path / "my-page.yaml.bak").exists()
    logic.save_page(tmp_path, "my-page.yaml", "title: second\n")
    assert path.read_text() == "title: second\n"
    assert (tmp_path / "my-page.yaml.bak").read_text() == "title: first\n"
    assert sorted(os.listdir(tmp_path)) == ["my-page.yaml", "my-page.yaml.bak"], "no temp files left behind"


@pytest.mark.parametrize("name", ["../escape", "/etc/passwd", "sub/page", "..", "", "Page", "a b", "home",
                                  "x" * 200, "page\x00", "..\\escape"])
def test_save_page_refuses_names_that_are_not_plain_page_names(tmp_path, name):
    folder = tmp_path / "explainers"
    folder.mkdir()
    with pytest.raises(logic.UnsafePageName):
        logic.save_page(folder, name, "title: x\n")
    assert list(tmp_path.rglob("*.yaml")) == []


def test_save_page_does_not_follow_a_symlink_out_of_the_folder(tmp_path):
    folder = tmp_path / "explainers"
    folder.mkdir()
    target = tmp_path / "elsewhere.yaml"
    target.write_text("keep me\n")
    (folder / "linked.yaml").symlink_to(target)
    with pytest.raises(logic.UnsafePageName):
        logic.save_page(folder, "linked", "title: x\n")
    assert target.read_text() == "keep me\n"
