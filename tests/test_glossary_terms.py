"""PL011: a glossary term is explained where the running text first uses it."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from linter.api import Linter

ROOT = Path(__file__).resolve().parents[1]
LINTER = Linter(ROOT / "seeds")
GLOSSARY = [{"term": "systemic sclerosis", "definition": "The form of scleroderma that can harm organs."},
            {"term": "stem cells", "definition": "Cells that can grow into other kinds of cells."},
            {"term": "umbilical cord stem cells", "definition": "Stem cells from an umbilical cord."}]


def pl011(summary: str | None, body: str, heading: str = "Details") -> list:
    page = {"title": "Systemic sclerosis and stem cells", "sources": ["five-year-study"],
            "sections": [{"heading": heading, "body": body}], "glossary": GLOSSARY}
    if summary:
        page["summary"] = summary
    text = yaml.safe_dump(page, sort_keys=False, width=1000)
    report = LINTER.lint_text(text, "page.yaml")
    found = [f for f in report.findings if f.code == "PL011"]
    for f in found:  # every finding points at the term in the file
        term = f.message.split("'")[1]
        assert text.split("\n")[f.line - 1][f.column - 1:].lower().startswith(term.lower())
    return found


EXPLAINED = ("Some people have systemic sclerosis, the form of scleroderma that can harm organs. "
             "Stem cells are cells that can grow into other kinds of cells. "
             "Umbilical cord stem cells, which come from the cord of a newborn baby, were used.")


def test_terms_explained_at_first_use_pass_and_the_title_does_not_count():
    assert pl011(None, EXPLAINED, heading="What stem cells did") == []


def test_a_summary_that_uses_a_term_before_the_body_explains_it_is_flagged_at_the_summary():
    found = pl011("The study gave stem cells to people with systemic sclerosis. It went well. This is why we wrote "
                  "this page.", EXPLAINED)
    assert {f.field for f in found} == {"summary"}
    assert {f.message.split("'")[1] for f in found} == {"stem cells", "systemic sclerosis"}


@pytest.mark.parametrize("body", [
    "Some patients had systemic sclerosis (the form that harms organs).",
    "Some patients had systemic sclerosis: the form that harms organs.",
    "Some patients had the form of scleroderma that harms organs. Doctors call this systemic sclerosis.",
    "Some patients had systemic sclerosis. This is the form of scleroderma that harms organs.",
    "Systemic sclerosis is a form of scleroderma that harms organs.",
])
def test_ways_of_explaining_a_term(body):
    assert not [f for f in pl011(None, body + " " + EXPLAINED) if "systemic sclerosis" in f.message.lower()]


def test_a_term_inside_a_longer_term_is_not_its_first_use():
    body = ("Umbilical cord stem cells, which come from the cord of a newborn baby, were used. "
            "The stem cells helped. Their skin got softer.")
    found = pl011(None, body)
    assert [f.message.split("'")[1] for f in found] == ["stem cells"]
    assert found[0].column > 1
