"""Charts and tables as page data: every number in them is a claim, located at its scalar, checked like text."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from linter.api import Linter
from linter.formats import format_json, format_sarif

ROOT = Path(__file__).resolve().parents[1]

PAGE = """\
title: Skin and trials
sources: [five-year-study, news-stem-cells-scleroderma]
sections:
  - heading: How the skin changed
    body: Doctors use a skin score to measure how thick and tight the skin is. A lower score is better.
    trend:
      title: The average skin score went down
      label: Average skin score
      better: lower
      source: five-year-study
      points:
        - time: Before treatment
          value: 18.68
        - time: After 1 year
          value: 13.95
        - time: After 3 years
          value: 13.29
        - time: After 5 years
          value: 12.39
  - heading: Trials
    body: The news story lists several trials.
    table:
      columns: [Trial, Place, People, Status]
      rows:
        - cells: [NCT00962923, China, 20, Not clear if still going on]
          source: news-stem-cells-scleroderma
        - cells: [NCT02975960, South Korea, up to 7, "Ended in January 2018"]
          source: news-stem-cells-scleroderma
"""


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(ROOT / "seeds")


def claims_by_field(report) -> dict[str, object]:
    return {c.field: c for c in report.claims}


def test_every_chart_and_table_number_is_a_supported_claim_at_its_scalar(linter):
    report = linter.lint_text(PAGE, "page.yaml")
    claims = claims_by_field(report)
    lines = PAGE.split("\n")
    expected = {
        "sections[0].trend.points[0].value": "18.68",
        "sections[0].trend.points[1].time": "1 year",
        "sections[0].trend.points[1].value": "13.95",
        "sections[0].trend.points[2].time": "3 years",
        "sections[0].trend.points[2].value": "13.29",
        "sections[0].trend.points[3].time": "5 years",
        "sections[0].trend.points[3].value": "12.39",
        "sections[1].table.rows[0].cells[0]": "NCT00962923",
        "sections[1].table.rows[0].cells[2]": "20",
        "sections[1].table.rows[1].cells[0]": "NCT02975960",
        "sections[1].table.rows[1].cells[2]": "up to 7",
        "sections[1].table.rows[1].cells[3]": "January 2018",
    }
    for path, text in expected.items():
        claim = claims[path]
        assert claim.text == text
        assert claim.status == "supported", (path, claim.note)
        assert claim.evidence and claim.evidence[0].quote
        # line and column point at the number in the file; start/end are offsets in that scalar
        assert lines[claim.line - 1][claim.column - 1:].startswith(text)
        assert claim.end - claim.start == len(text)
    assert claims["sections[1].table.rows[1].cells[3]"].start == len("Ended in ")
    assert report.passed


def test_chart_claims_are_in_the_json_contract(linter):
    data = json.loads(format_json([linter.lint_text(PAGE, "page.yaml")]))
    claim = next(c for c in data["files"][0]["claims"] if c["field"] == "sections[0].trend.points[1].value")
    assert claim["status"] == "supported" and claim["text"] == "13.95"
    assert (claim["line"], claim["column"], claim["start"], claim["end"]) == (15, 18, 0, 5)
    assert "13.95" in claim["evidence"][0]["quote"] and claim["evidence"][0]["source"] == "004_a8e050c38ba956b1"


@pytest.mark.parametrize("wrong, path, code", [
    ("value: 13.95", "value: 13.59", "FC001"),                       # a mistyped value
    ("After 3 years\n          value: 13.29", "After 2 years\n          value: 13.29", "FC001"),  # wrong time
    ("South Korea, up to 7", "South Korea, up to 9", "FC001"),        # a table cell
])
def test_a_wrong_chart_value_is_an_error_like_a_wrong_number_in_a_sentence(linter, wrong, path, code):
    report = linter.lint_text(PAGE.replace(wrong, path), "page.yaml")
    assert not report.passed
    assert code in {f.code for f in report.errors}
    bad = [c for c in report.claims if c.status != "supported"]
    assert bad and all(".trend." in c.field or ".table." in c.field for c in bad)


def test_a_value_is_checked_against_the_source_its_row_names(linter):
    # 20 patients in China is the news article's; the five-year study says nothing of it
    page = PAGE.replace("China, 20, Not clear if still going on]\n          source: news-stem-cells-scleroderma",
                        "China, 20, Not clear if still going on]\n          source: five-year-study")
    claims = claims_by_field(linter.lint_text(page, "page.yaml"))
    assert claims["sections[1].table.rows[0].cells[2]"].status != "supported"
    assert claims["sections[1].table.rows[1].cells[2]"].status == "supported"


def test_numbers_in_a_label_or_column_heading_are_claimed_once(linter):
    page = PAGE.replace("label: Average skin score", "label: Average skin score over 5 years")
    report = linter.lint_text(page, "page.yaml")
    assert [c.field for c in report.claims if c.field == "sections[0].trend.label"] == ["sections[0].trend.label"]


def test_chart_prose_is_linted_like_text(linter):
    page = PAGE.replace("title: The average skin score went down", "title: The average skin score fell by 97.2%")
    report = linter.lint_text(page, "page.yaml")
    assert any(f.code == "FC001" and f.field == "sections[0].trend.title" for f in report.findings)


def test_a_pin_can_name_a_chart_value(linter):
    page = PAGE.replace("value: 13.95", "value: 13.59") + (
        "pins:\n  - claim: '13.59'\n    field: sections[0].trend.points[1].value\n    source: five-year-study\n"
        "    quote: 'to 13.95 (SD = 8.49, n = 41)'\n")
    report = linter.lint_text(page, "page.yaml")
    assert any(f.code == "FC005" for f in report.findings), "the quote does not state 13.59"


def test_sarif_and_the_exit_code_carry_a_wrong_chart_value(tmp_path):
    path = tmp_path / "page.yaml"
    path.write_text(PAGE.replace("value: 13.95", "value: 13.59"), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "linter", str(path), "--format", "sarif", "--no-cache"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 1, run.stderr
    results = json.loads(run.stdout)["runs"][0]["results"]
    hit = next(r for r in results if r["ruleId"] == "FC001")
    location = hit["locations"][0]
    assert location["logicalLocations"][0]["name"] == "sections[0].trend.points[1].value"
    assert location["physicalLocation"]["region"] == {"startLine": 15, "startColumn": 18}
    assert "13.59" in hit["message"]["text"]


def test_sarif_of_a_passing_chart_page_has_no_fact_check_results(linter):
    results = json.loads(format_sarif([linter.lint_text(PAGE, "page.yaml")]))["runs"][0]["results"]
    assert not [r for r in results if r["ruleId"].startswith("FC")]


@pytest.mark.parametrize("chart", [
    "trend: [1, 2]",
    "trend: {label: Skin, source: five-year-study, points: 7}",
    "trend: {label: Skin, source: five-year-study, points: [{time: {a: b}, value: [1]}, {time: x, value: .nan}]}",
    "table: {columns: [A, B], rows: [{cells: [[1], {x: 2}], source: five-year-study}]}",
    "table: {columns: A, rows: [{cells: 3}]}",
    "table: {columns: [A], rows: [{cells: [\"41\"], source: no-such-source}]}",
])
def test_a_broken_chart_is_a_located_finding_not_a_crash(linter, chart):
    page = ("title: T\nsources: [five-year-study]\nsections:\n  - heading: H\n    body: Some text.\n    "
            + chart + "\n")
    report = linter.lint_text(page, "page.yaml")
    codes = {f.code for f in report.findings}
    assert codes & {"PG005", "PG004", "PG011", "PG012"}, codes
    assert "LNT001" not in codes
    assert all(f.line >= 6 for f in report.findings if f.code.startswith("PG"))
