"""The app's plain functions: escaping, evidence, reading level, icon arrays, search, discovery and saving."""
from __future__ import annotations

import html
import os
import re
import stat
import string
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from linter.api import Linter
from linter.model import Evidence, Readability
from webapp import access, addresses, logic, saving, search
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
    assert html.unescape(escaped).replace("\u2060", "") == re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("address", ["www.example.com", "https://clinic.example/book", "info@clinic.org",
                                     "clinic-booking.com/now"])
def test_safe_markdown_breaks_addresses_so_no_autolink_forms(address):
    shown = html.unescape(logic.safe_markdown(f"Book at {address} today"))
    assert address not in shown and shown.replace("\u2060", "") == f"Book at {address} today"


def test_safe_markdown_shows_dollars_links_and_tags_literally():
    escaped = logic.safe_markdown("Costs $5 [click](javascript:alert(1)) <script>x</script> **bold**")
    for markup in ("$", "[", "](", "<", "**"):
        assert markup not in escaped
    assert html.unescape(escaped).replace("\u2060", "") == "Costs $5 [click](javascript:alert(1)) <script>x</script> **bold**"


def test_highlighted_quote_marks_only_the_number():
    quote = "The overall 5-year survival rate was 92.7% (38 out of 41 patients)."
    start = quote.index("92.7%")
    marked = logic.highlighted_quote(Evidence("five-year-study", quote, 22, start, start + 5))
    assert marked.count("<mark>") == 1
    assert html.unescape(marked) == "The overall 5-year survival rate was <mark>92.7%</mark> (38 out of 41 patients)."


def test_highlighted_quote_escapes_markup_in_the_source():
    quote = "<b>rate</b> was 92.7%"
    marked = logic.highlighted_quote(Evidence("s", quote, 1, quote.index("92"), len(quote)))
    assert "<b>" not in marked and marked.endswith("<mark>92.7%</mark>")


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

def test_paragraphs_split_on_blank_lines():
    assert logic.paragraphs("One\nline.\n\n  Two.  \n") == ["One line.", "Two."]


def test_key_numbers_skip_impossible_entries():
    page = {"key_numbers": [{"statement": "ok", "count": 3, "total": 4}, {"statement": "bad", "count": 5, "total": 4},
                            {"statement": "zero", "count": 0, "total": 0}, {"statement": "text", "count": "3", "total": 4}]}
    assert [k.statement for k in logic.key_numbers(page)] == ["ok"]


def test_cited_sources_list_each_work_once(linter):
    """Two catalog entries for one paper (the article page and its bibliographic record, one DOI) are one work."""
    page = {"sources": ["five-year-study", "004_a8e050c38ba956b1", "five-year-study-record", "no-such-source"]}
    cited = logic.cited_sources(linter.library, page)
    assert [c.id for c in cited] == ["five-year-study", "no-such-source"]
    assert cited[0].year == "2024" and cited[0].journal == "Clinical Rheumatology"
    assert cited[0].url == "https://doi.org/10.1007/s10067-024-06865-z"
    assert cited[0].title.startswith("Umbilical cord mesenchymal stem cells")
    assert cited[0].trials == ("NCT00962923",)
    assert set(cited[0].copies) >= {"five-year-study", "five-year-study-record", "004_a8e050c38ba956b1"}


def test_trial_ids_link_to_their_registry():
    assert logic.registry_link("NCT02213705") == "https://clinicaltrials.gov/study/NCT02213705"
    assert logic.registry_link("not-a-trial") == ""


def test_best_evidence_is_one_quote_that_writes_the_number_as_the_page_does(linter):
    report = linter.lint_text("title: A\nsources: [five-year-study, five-year-study-record]\nsections:\n- heading: H\n"
                              "  body: The survival rate was 92.7% after 5 years.\n", "p.yaml")
    claim = next(c for c in report.claims if c.text == "92.7%")
    assert len({(e.source, e.line) for e in claim.evidence}) > 1, "the linter found it in several places"
    best = logic.best_evidence(claim, linter.library)
    assert best.quote[best.start:best.end] == "92.7%"
    assert "record" not in str(linter.library.get(best.source).meta.get("kind"))


def test_readable_quote_sets_glued_words_apart_and_keeps_the_mark_on_the_number():
    quote = "MethodsForty-one patients with SSc were followed."
    shown = logic.readable_quote(Evidence("s", quote, 3, quote.index("Forty-one"), quote.index("Forty-one") + 9))
    assert shown.quote.startswith("Methods Forty-one") and shown.quote[shown.start:shown.end] == "Forty-one"


def test_abbreviations_in_a_quote_are_spelled_out_from_the_source(linter):
    terms = dict(logic.abbreviations_in("The mean mRSS of SSc patients fell.", linter.library, "five-year-study"))
    assert "SSc" in terms and "systemic sclerosis" in terms["SSc"].lower()


def test_lint_messages_never_show_server_folders(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLAINERS_DIR", str(tmp_path / "pages"))
    message = f"cannot read {tmp_path}/pages/x.yaml; also /srv/app/secret/notes.txt and 004_a8e050c38ba956b1 line 2"
    cleaned = logic.without_server_paths(message)
    assert str(tmp_path) not in cleaned and "/srv/app" not in cleaned
    assert "explainers/x.yaml" in cleaned and "notes.txt" in cleaned


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


@pytest.mark.parametrize("name", ["../escape", "/etc/passwd", "sub/page", "..", "", "Page", "a b", "home",
                                  "x" * 200, "page\x00", "..\\escape"])
def test_save_page_refuses_names_that_are_not_plain_page_names(tmp_path, name):
    folder = tmp_path / "explainers"
    folder.mkdir()
    with pytest.raises(logic.UnsafePageName):
        saving.save_page(folder, name, "title: x\n")
    assert list(tmp_path.rglob("*.yaml")) == []


def test_save_page_does_not_follow_a_symlink_out_of_the_folder(tmp_path):
    folder = tmp_path / "explainers"
    folder.mkdir()
    target = tmp_path / "elsewhere.yaml"
    target.write_text("keep me\n")
    (folder / "linked.yaml").symlink_to(target)
    with pytest.raises(logic.UnsafePageName):
        saving.save_page(folder, "linked", "title: x\n")
    assert target.read_text() == "keep me\n"


# --- saving: history, file mode, conflicts -----------------------------------------------------

def test_every_save_keeps_the_version_it_replaces(tmp_path):
    path = saving.save_page(tmp_path, "my-page", "title: first")
    assert path == tmp_path / "my-page.yaml" and path.read_text() == "title: first\n"
    assert saving.versions(tmp_path, "my-page") == []
    saving.save_page(tmp_path, "my-page.yaml", "title: second\n")
    saving.save_page(tmp_path, "my-page", "title: third\n")
    assert path.read_text() == "title: third\n"
    assert [v.read() for v in saving.versions(tmp_path, "my-page")] == ["title: first\n", "title: second\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".history", "my-page.yaml"], "no temp or .bak files"
    assert [p.name for p in logic.discover_pages(tmp_path)] == ["my-page"], "versions are never served"


def test_saving_keeps_the_file_mode_and_new_pages_are_readable_by_others(tmp_path):
    path = tmp_path / "shared.yaml"
    path.write_text("title: a\n")
    path.chmod(0o664)
    saving.save_page(tmp_path, "shared", "title: b\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    new = saving.save_page(tmp_path, "brand-new", "title: c\n")
    assert stat.S_IMODE(new.stat().st_mode) == 0o644


def test_a_page_changed_since_it_was_opened_is_not_overwritten(tmp_path):
    path = saving.save_page(tmp_path, "page", "title: mine\n")
    opened = saving.current_digest(path)
    path.write_text("title: someone else's\n")  # another writer saves in between
    with pytest.raises(saving.SaveConflict):
        saving.save_page(tmp_path, "page", "title: my edit\n", expected_digest=opened)
    assert path.read_text() == "title: someone else's\n"
    saving.save_page(tmp_path, "page", "title: my edit\n", expected_digest=saving.current_digest(path))
    assert path.read_text() == "title: my edit\n"


def test_a_new_page_does_not_replace_an_existing_one_with_that_name(tmp_path):
    (tmp_path / "taken.yaml").write_text("title: theirs\n")
    with pytest.raises(saving.SaveConflict):
        saving.save_page(tmp_path, "taken", "title: mine\n", expected_digest="")
    assert (tmp_path / "taken.yaml").read_text() == "title: theirs\n"


def test_versions_are_never_written_through_a_symlinked_history(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    folder = tmp_path / "explainers"
    folder.mkdir()
    (folder / "page.yaml").write_text("title: a\n")
    (folder / ".history").symlink_to(elsewhere)
    with pytest.raises(OSError):
        saving.save_page(folder, "page", "title: b\n")
    assert list(elsewhere.iterdir()) == [] and (folder / "page.yaml").read_text() == "title: a\n"


# --- the doors ---------------------------------------------------------------------------------

def test_writer_mode_only_when_asked():
    assert access.writer_mode({"EXPLAINER_APP_MODE": "writer"})
    assert not access.writer_mode({}) and not access.writer_mode({"EXPLAINER_APP_MODE": "reader"})


def test_passwords_compare_whole_and_a_short_or_missing_secret_is_no_secret():
    secret = "correct horse battery"
    assert access.password_matches(secret, secret)
    assert not access.password_matches("correct horse", secret) and not access.password_matches("", secret)
    assert not access.password_matches(secret, "") and not access.password_matches(None, secret)
    assert access.usable_secret("short") == "" and access.usable_secret(None) == "" and access.usable_secret(42) == ""


def test_the_start_up_check_refuses_without_a_password_file(tmp_path, capsys):
    assert access.main([str(tmp_path / "missing.toml")]) == 1
    assert "writer mode refused to start" in capsys.readouterr().err
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('writer_password = "a long enough password"\n')
    assert access.main([str(tmp_path / "missing.toml"), str(secrets)]) == 0


@pytest.mark.parametrize("path, known", [("/", True), ("/five-year-study", True), ("/five-year-study/", True),
                                         ("/no-such-page", False), ("/a/b", False), ("/five-year-study/x", False),
                                         ("/report", False), ("/_stcore/stream", True), ("/x/_stcore/health", True),
                                         ("/static/js/index.js", True), ("/favicon.png", True)])
def test_addresses_the_site_answers(path, known):
    assert addresses.is_known(path, {"five-year-study", "home", "page-not-found"}) is known


# --- search ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped_index():
    import yaml

    return [search.index_page(p.stem, yaml.safe_load(p.read_text())) for p in sorted((REPO / "explainers").glob("*.yaml"))]


@pytest.mark.parametrize("query, expected", [
    ("RA", {"rheumatoid-arthritis-study", "reading-the-numbers"}),  # a glossary synonym, as a whole word
    ("mRSS", {"five-year-study", "reading-the-numbers", "stem-cell-trials"}),
    ("breathing", {"five-year-study", "two-person-case-report"}),  # the stem: 'breathe', 'breath'
    ("sclerodrma", {"what-is-scleroderma", "five-year-study"}),  # a spelling slip
    ("survival after five years", {"five-year-study"}),  # another name of the same thing ('alive'), '5' for 'five'
])
def test_search_finds_what_people_type(shipped_index, query, expected):
    found = {r.name for r in search.search(shipped_index, query)}
    assert expected <= found


def test_search_matches_whole_words_not_parts_of_words():
    pages = [search.index_page("rates", {"title": "Survival rates", "summary": "The rate was high. Mild cases."}),
             search.index_page("ra", {"title": "Arthritis", "glossary": [{"term": "rheumatoid arthritis",
                                                                         "synonyms": ["RA"], "definition": "x"}]})]
    assert [r.name for r in search.search(pages, "RA")] == ["ra"]
    assert [r.name for r in search.search(pages, "ILD")] == []


def test_search_ranks_title_matches_first_and_marks_the_snippet():
    pages = [search.index_page("body", {"title": "Other", "sections": [{"heading": "A", "body": "Stem cells for the lungs."}]}),
             search.index_page("title", {"title": "Lungs", "sections": [{"heading": "A", "body": "About <b>lungs</b>."}]})]
    results = search.search(pages, "lungs")
    assert [r.name for r in results] == ["title", "body"]
    assert "<mark>lungs</mark>" in results[0].snippet and "&lt;b&gt;" in results[0].snippet
    assert search.search(pages, "the") == [] and search.search(pages, "zebra") == []


def contrast(foreground: str, background: str = "#ffffff") -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_both_kinds_of_people_in_an_icon_array_stand_out_from_the_page():
    """WCAG 1.4.11 asks 3:1 for the parts of a picture needed to read it; axe-core does not measure SVG shapes."""
    from webapp import icon_array

    assert contrast(icon_array.FILLED) >= 4.5
    assert contrast(icon_array.EMPTY_OUTLINE) >= 4.5
    svg = icon_array_svg(5, 8, "5 out of 8")
    assert svg.count(f'stroke="{icon_array.EMPTY_OUTLINE}"') == 2 * 3, "each person not filled in is outlined"


def test_another_name_of_the_same_thing_counts_less_than_the_word_itself():
    pages = [search.index_page("says-alive", {"title": "A", "summary": "Most people were still alive."}),
             search.index_page("says-survival", {"title": "B", "summary": "Survival was high."})]
    results = search.search(pages, "survival")
    assert [r.name for r in results] == ["says-survival", "says-alive"]
    assert results[0].score > results[1].score
