"""The pages patients read: every number true to its sources, easy to read, every source used.

If a page or a source drifts, CI fails here.
"""
from pathlib import Path

import pytest
import yaml

from linter import Linter

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "explainers").glob("*.yaml"))
LINTER = Linter(ROOT / "seeds")


@pytest.fixture(scope="module")
def reports():
    return {p.stem: LINTER.lint_file(p) for p in PAGES}


def test_there_are_at_least_six_pages():
    assert len(PAGES) >= 6


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_number_is_supported_without_suppressions(page, reports):
    report = reports[page.stem]
    assert not report.errors, "\n".join(f"{f.line}:{f.column} {f.code} {f.message}" for f in report.errors)
    assert all(c.status == "supported" for c in report.claims)
    assert not (report.page or {}).get("suppress")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_reading_level(page, reports):
    scores = reports[page.stem].readability[0]
    assert scores.label == "page"
    assert scores.flesch_kincaid_grade <= 7
    assert scores.smog <= 9


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_has_what_a_patient_needs(page, reports):
    data = reports[page.stem].page
    for field in ("summary", "glossary", "unknowns", "questions", "last_reviewed", "disclaimer"):
        assert data.get(field), f"{page.name} lacks {field}"
    assert "not medical advice" in data["disclaimer"].lower()
    for key_number in data.get("key_numbers", []):
        assert key_number["count"] <= key_number["total"]


def test_every_seed_is_cited_by_some_page():
    catalog = yaml.safe_load((ROOT / "seeds" / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    cited = {s for p in PAGES for s in yaml.safe_load(p.read_text(encoding="utf-8"))["sources"]}
    for entry in catalog:
        assert {entry["id"], Path(entry["file"]).stem} & cited, f"no page cites {entry['id']}"


def test_seeds_are_the_shared_originals_byte_for_byte():
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not next to this checkout")
    for original in shared.glob("*.txt"):
        assert (ROOT / "seeds" / original.name).read_bytes() == original.read_bytes()


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_terms_are_explained_where_they_first_appear(page, reports):
    assert not [f.message for f in reports[page.stem].findings if f.code == "PL011"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_page_shows_a_chart_or_a_table_whose_numbers_are_checked(page, reports):
    sections = reports[page.stem].page["sections"]
    assert any(s.get("trend") or s.get("table") for s in sections)
    charted = [c for c in reports[page.stem].claims if ".trend." in c.field or ".table." in c.field]
    assert all(c.status == "supported" and c.evidence for c in charted)
