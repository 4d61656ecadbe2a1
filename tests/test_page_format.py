"""The page format as users write it: positions of claims in the file, YAML features, wrong fields."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from linter.api import Linter
from linter.formats import format_json

ROOT = Path(__file__).resolve().parents[1]

PAGE = [
    "title: Survival was 92.7%",
    'summary: "In 41 patients"',
    "disclaimer: 'After 5 years'",
    "sources: [five-year-study]",
    "sections:",
    "- heading: Block",
    "  body: |",
    "    First line.",
    "    The rate was 92.7% here.",
    "- heading: Folded",
    "  body: >-",
    "    Folded text with",
    "    38 out of 41 patients.",
    "",
]
EXPECTED = {  # claim text -> (line, column) of its first character in the file
    "92.7%": [(1, 21), (9, 18)],
    "41": [(2, 14)],
    "5 years": [(3, 20)],
    "38 out of 41": [(13, 5)],
}


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(ROOT / "seeds")


@pytest.mark.parametrize("newline, bom", [("\n", ""), ("\r\n", ""), ("\r\n", "\ufeff"), ("\n", "\ufeff")])
def test_claim_positions_in_json_point_at_the_number(linter, tmp_path, newline, bom):
    text = bom + newline.join(PAGE)
    page = tmp_path / "page.yaml"
    page.write_bytes(text.encode("utf-8"))
    data = json.loads(format_json([linter.lint_file(page)]))
    claims = data["files"][0]["claims"]
    got: dict[str, list] = {}
    for claim in claims:
        got.setdefault(claim["text"], []).append((claim["line"], claim["column"]))
    assert got == EXPECTED
    lines = text.lstrip("\ufeff").split(newline)
    for claim in claims:
        assert lines[claim["line"] - 1][claim["column"] - 1:].startswith(claim["text"].split()[0])
    assert not [f for f in data["files"][0]["findings"] if f["code"].startswith("PG")]


def test_findings_on_claims_point_at_the_number(linter):
    report = linter.lint_text("\n".join(PAGE[:9] + ["    But 77.7% is made up.", ""]))
    made_up = [f for f in report.findings if "77.7%" in f.message]
    assert made_up and (made_up[0].line, made_up[0].column) == (10, 9)


def test_repeated_number_positions_point_at_each_occurrence(linter):
    report = linter.lint_text("title: A\nsources: [five-year-study]\nsections:\n- heading: A\n"
                              "  body: 'In 41 of them, and 41 again, and 41 once more.'\n")
    assert [(c.line, c.column) for c in report.claims] == [(5, 13), (5, 29), (5, 43)]


def test_merge_keys_work_and_positions_point_at_the_written_text(linter):
    text = ("title: A\nsources: [five-year-study]\nsections:\n"
            "- &first\n  heading: Survival\n  body: The rate was 92.7%.\n"
            "- <<: *first\n  heading: Again\n")
    report = linter.lint_text(text)
    assert not [f for f in report.findings if f.code.startswith("PG")]
    assert report.page["sections"][1] == {"heading": "Again", "body": "The rate was 92.7%."}
    bodies = [c for c in report.claims if c.field.endswith("body")]
    assert [(c.field, c.line, c.column) for c in bodies] == [
        ("sections[0].body", 6, 22), ("sections[1].body", 6, 22)]


def test_overridden_merged_values_are_not_linted(linter):
    text = ("title: A\nsources: [five-year-study]\nsections:\n"
            "- &first\n  heading: Survival in 1999\n  body: The rate was 92.7%.\n"
            "- <<: *first\n  heading: Again\n")
    report = linter.lint_text(text)
    assert [c.field for c in report.claims if c.text == "1999"] == ["sections[0].heading"]


def test_duplicate_keys_are_findings_at_the_second_key(linter):
    report = linter.lint_text("title: A\nsources: [five-year-study]\nsections:\n- heading: A\n  body: B\n"
                              "  body: C\ntitle: D\n")
    dupes = [(f.line, f.column) for f in report.findings if f.code == "PG007"]
    assert dupes == [(6, 3), (7, 1)]
    assert all("first set on line" in f.message for f in report.findings if f.code == "PG007")


@pytest.mark.parametrize("text, code, where, words", [
    ("title: 42\nsources: [five-year-study]\nsections:\n- heading: A\n  body: B\n", "PG005", (1, 8), "title must be text"),
    ("title:\nsources: [five-year-study]\nsections:\n- heading: A\n  body: B\n", "PG005", (1, 7), "null"),
    ("title: [a, b]\nsources: [five-year-study]\nsections:\n- heading: A\n  body: B\n", "PG005", (1, 8), "a list"),
    ("title: A\nsources: five-year-study\nsections:\n- heading: A\n  body: B\n", "PG005", (2, 10), "sources must be a list"),
    ("title: A\nsources: [1, null]\nsections:\n- heading: A\n  body: B\n", "PG005", (2, 11), "sources[0]"),
    ("title: A\nsources: [five-year-study]\nsections: [1, x]\n", "PG005", (3, 12), "sections[0] must be a mapping"),
    ("title: A\nsources: [five-year-study]\nsections:\n- heading: A\n  body: 92.7\n", "PG005", (5, 9), "body must be text"),
    ("title: A\nsections:\n- heading: A\n  body: B\n", "PG004", (1, 1), "'sources'"),
    ("title: A\nsources: [five-year-study]\nsections:\n- heading: A\n", "PG004", (4, 3), "'body'"),
    ("title: A\nsumary: B\nsources: [five-year-study]\nsections:\n- heading: A\n  body: B\n", "PG006", (2, 1), "'sumary'"),  # at the misspelt key
    ("title: A\nsources: [five-year-study]\ntarget_grade: .nan\nsections:\n- heading: A\n  body: B\n", "PG005", (3, 15), "finite"),
    ("title: A\nsources: [five-year-study]\nglossary: [{term: 5, definition: [x], synonyms: 3}]\n"
     "key_numbers: [{statement: 5, count: x, total: 0}, 3]\nsections:\n- heading: A\n  body: B\n", "PG005", (3, 19), "term"),
])
def test_missing_and_wrongly_typed_fields(linter, text, code, where, words):
    report = linter.lint_text(text, "page.yaml")
    found = [f for f in report.findings if f.code == code]
    assert found, [(f.code, f.message) for f in report.findings]
    assert (found[0].line, found[0].column) == where
    assert words in found[0].message


def test_dates_stay_text_as_written(linter):
    report = linter.lint_text("title: A\nsources: [five-year-study]\nlast_reviewed: 2026-01-31\n"
                              "sections:\n- heading: A\n  body: B\n")
    assert not [f for f in report.findings if f.code.startswith("PG")]
    assert report.page["last_reviewed"] == "2026-01-31"


def test_impossible_date_is_kept_as_written_not_a_crash(linter):
    report = linter.lint_text("title: A\nsources: [five-year-study]\nlast_reviewed: 2026-13-45\n"
                              "sections:\n- heading: A\n  body: B\n")
    assert not [f for f in report.findings if f.code in ("PG001", "PG002", "PG003")]
    assert report.page["last_reviewed"] == "2026-13-45"


def test_every_shipped_explainer_reads_without_format_errors(linter):
    for page in sorted((ROOT / "explainers").glob("*.yaml")):
        report = linter.lint_file(page)
        assert not [f for f in report.findings if f.code in ("PG001", "PG002", "PG003", "PG010")], page.name
        assert report.page is not None


def test_an_unknown_field_is_reported_at_the_misspelt_key_with_the_field_it_probably_means(linter):
    text = ("title: A\nsources: [five-year-study]\nsections:\n  - heading: H\n    body: Text.\n"
            "    bdy: More text.\nkey_numbers:\n  - statement: 38 out of 41 people\n    cuont: 38\n")
    report = linter.lint_text(text, "page.yaml")
    unknown = {(f.line, f.column, f.message) for f in report.findings if f.code == "PG006"}
    assert unknown == {(6, 5, "unknown field 'bdy' in sections[0]; did you mean 'body'?"),
                       (9, 5, "unknown field 'cuont' in key_numbers[0]; did you mean 'count'?")}
