"""Promises, instructions and addresses in page text (SF001, SF002), beyond each rule's own examples."""
from pathlib import Path

import pytest

from linter import Linter, cli

ROOT = Path(__file__).resolve().parent.parent
CURE_PAGE = """\
title: Stem cells for scleroderma
sources: [five-year-study]
sections:
  - heading: What the study found
    body: Stem cells cure scleroderma. Stop your other medicines.
"""


def codes(report, code):
    return [f for f in report.findings if f.code == code]


def test_the_cure_page_fails_the_command_line(tmp_path, capsys):
    page = tmp_path / "cure.yaml"
    page.write_text(CURE_PAGE)
    assert cli.main(["--isolated", "--no-cache", "--sources", str(ROOT / "seeds"), str(page)]) == 1
    out = capsys.readouterr().out
    assert "cure.yaml:5:22: error: SF001 'cure' promises an outcome" in out
    assert "cure.yaml:5:40: error: SF001 'Stop your other medicines' tells the reader what to do" in out


@pytest.fixture(scope="module")
def promising_source(tmp_path_factory) -> Linter:
    folder = tmp_path_factory.mktemp("seeds")
    (folder / "trial.txt").write_text("Results\nThe authors wrote that the new drug may cure the disease in some "
                                      "patients. 12 of 20 patients improved.\n")
    return Linter(folder)


PINNED = """\
title: A new drug
sources: [trial]
sections:
  - heading: What the authors hope
    body: The authors think the drug may cure the disease in some people.
pins:
  - claim: cure
    source: trial
    quote: {quote}
"""


def test_a_promise_pinned_to_a_quote_that_says_it_passes(promising_source):
    report = promising_source.lint_text(PINNED.format(quote="the new drug may cure the disease in some patients"))
    assert not codes(report, "SF001") and not codes(report, "FC005") and not codes(report, "FC006")


@pytest.mark.parametrize("quote, problem", [
    ("the new drug may heal the disease", "the pin's quote is not in trial"),
    ("12 of 20 patients improved", "the pin's quote does not say 'cure'"),
])
def test_a_pin_that_does_not_back_the_promise_leaves_it_flagged_and_says_why(promising_source, quote, problem):
    report = promising_source.lint_text(PINNED.format(quote=quote))
    [finding] = codes(report, "SF001")
    assert problem in finding.message and finding.severity == "error"


def test_a_wording_pin_that_matches_nothing_is_a_warning(promising_source):
    page = PINNED.format(quote="the new drug may cure the disease in some patients").replace("may cure", "may help")
    report = promising_source.lint_text(page)
    assert [f.field for f in codes(report, "FC006")] == ["pins[0]"]


def test_an_address_in_a_disclaimer_is_a_warning(promising_source):
    page = PINNED.format(quote="x").split("pins:")[0] + "disclaimer: Book a visit at www.stemcell-clinic.example.com/book\n"
    [finding] = codes(promising_source.lint_text(page), "SF002")
    assert finding.severity == "warning" and finding.field == "disclaimer"
    assert "'www.stemcell-clinic.example.com/book' is a web address" in finding.message


def test_shipped_pages_make_no_promises_and_hold_no_addresses():
    linter = Linter(ROOT / "seeds")
    for page in sorted((ROOT / "explainers").glob("*.yaml")):
        report = linter.lint_file(page)
        assert not codes(report, "SF001") and not codes(report, "SF002"), page.name
