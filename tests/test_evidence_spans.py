"""The evidence the app shows for a number marks exactly that number in the source sentence.

Checked over every claim of every shipped page: the marked span is one whole number as the linter reads it in
the quote (never "8.68" of "18.68" or a comma), and that number states the claim's value.
"""
import re
from pathlib import Path

import pytest

from linter import Linter
from linter.values import value_match
from linter.numbers import find_quantities, source_quantities

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "explainers").glob("*.yaml"))
LINTER = Linter(ROOT / "seeds")


def field_text(page: dict, path: str) -> str:
    """The string at a claim's field path, e.g. 'sections[1].body'."""
    value = page
    for name, index in re.findall(r"(\w+)|\[(\d+)\]", path):
        value = value[int(index)] if index else value[name]
    return value if isinstance(value, str) else f"{value:g}"  # a chart's value: the number as written


def claimed_quantity(report, claim):
    """The claim as the linter read it in its field (with the words around it: 'about one' is a number there)."""
    text = field_text(report.page, claim.field)
    return next(q for q in find_quantities(text) if q.start <= claim.start and claim.end <= q.end)


def quoted_evidence(page: Path):
    report = LINTER.lint_file(page)
    for claim in report.claims:
        for evidence in claim.evidence:
            if evidence.line:  # catalog evidence (a publication year, registry ids) marks no span
                yield claim, claimed_quantity(report, claim), evidence


def states(wanted, marked) -> bool:
    """The marked number states the claim, or one part of a claimed 'N of the M' whose parts the source gives in
    two sentences ('... in 20 patients. 14 patients improved')."""
    if value_match(wanted, marked):
        return True
    return wanted.kind == "fraction" and marked.kind == "number" and marked.value in (wanted.numerator,
                                                                                     wanted.denominator)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_highlight_is_the_claimed_number(page):
    for claim, wanted, evidence in quoted_evidence(page):
        span = evidence.quote[evidence.start:evidence.end]
        at_span = [q for q in source_quantities(evidence.quote) if (q.start, q.end) == (evidence.start, evidence.end)]
        assert at_span, f"{claim.text!r}: the highlight {span!r} is not a whole number in {evidence.quote!r}"
        assert states(wanted, at_span[0]), f"{claim.text!r}: the highlight {span!r} states another value"


def test_the_shipped_pages_have_many_quoted_numbers_to_check():
    assert sum(1 for page in PAGES for _ in quoted_evidence(page)) >= 100


def test_the_second_sentence_on_a_line_is_marked_where_it_says_the_number():
    page = "title: A\nsources: [five-year-study]\nsections:\n- heading: H\n  body: The skin score was 18.68 at the start.\n"
    report = LINTER.lint_text(page)
    evidence = [e for c in report.claims if c.text == "18.68" for e in c.evidence]
    assert evidence and all(e.quote[e.start:e.end] == "18.68" for e in evidence)


def test_one_year_is_not_supported_by_six_months():
    page = ("title: A\nsources: [five-year-study]\nsections:\n- heading: H\n"
            "  body: The skin score went down in the first year.\n")
    report = LINTER.lint_text(page.replace("in the first year", "after 1 year"))
    claim = next(c for c in report.claims if c.text == "1 year")
    assert all("six months" not in e.quote[e.start:e.end] for e in claim.evidence)
