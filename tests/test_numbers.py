"""Number parsing and claim extraction: every form a writer uses, as tables."""
import math

import pytest

from linter.numbers import find_quantities, hedge_interval, parse_number, word_value


@pytest.mark.parametrize("text, value, half", [
    ("92.7", 92.7, 0.05),
    ("1,073", 1073, 0.5),
    ("92,7", 92.7, 0.05),  # a decimal comma
    ("18,68", 18.68, 0.005),
    ("41", 41, 0.5),
    ("forty-one", 41, 0.5),
    ("Forty one", 41, 0.5),
    ("two hundred and five", 205, 0.5),
    ("40 million", 40_000_000, 500_000),
    ("4×10(7)", 40_000_000, 5_000_000),
    ("4 × 10^7", 40_000_000, 5_000_000),
    ("4e7", 40_000_000, 5_000_000),
    ("4×10⁷", 40_000_000, 5_000_000),
    ("９２.７", 92.7, 0.05),  # full-width digits
])
def test_parse_number(text, value, half):
    parsed = parse_number(text)
    assert parsed is not None
    assert parsed[0] == pytest.approx(value)
    assert parsed[1] == pytest.approx(half)


@pytest.mark.parametrize("text", ["a", "one of them", "1e999999", "9" * 400, ""])
def test_not_numbers_or_absurd_do_not_crash(text):
    result = parse_number(text)
    assert result is None or math.isfinite(result[0])


@pytest.mark.parametrize("words, value", [("ten", 10), ("twelve", 12), ("ninety-nine", 99), ("dozen", 12)])
def test_word_value(words, value):
    assert word_value(words) == value


@pytest.mark.parametrize("text, expected", [
    ("After 5 years, 92.7% were alive.", [("5 years", "duration"), ("92.7%", "percent")]),
    ("38 out of 41 people", [("38 out of 41", "fraction")]),
    ("5 of the 8 people", [("5 of the 8", "fraction")]),
    ("about 7 in 10 people", [("about 7 in 10", "fraction")]),
    ("38/41", [("38/41", "fraction")]),
    ("between 2009 and 2017", [("2009", "year"), ("2017", "year")]),
    ("aged 18–65 years", [("18", "duration"), ("65 years", "duration")]),
    ("at 1, 3, and 5 years", [("1", "duration"), ("3", "duration"), ("5 years", "duration")]),
    ("after 12 and 16 months", [("12", "duration"), ("16 months", "duration")]),
    ("a 5-year follow-up", [("5-year", "duration")]),
    ("six months later", [("six months", "duration")]),
    ("completed in June 2019", [("June 2019", "date")]),
    ("trial NCT00962923", [("NCT00962923", "registry")]),
    ("an open-label Phase 1/2 trial", [("Phase 1/2", "phase")]),
    ("20.1 ± 3.1", [("20.1", "number"), ("3.1", "number")]),
    ("nearly 93 percent", [("nearly 93 percent", "percent")]),
    ("more than 1 year", [("more than 1 year", "duration")]),
    ("up to seven patients", [("up to seven", "number")]),
    ("MethodsForty-one patients", [("Forty-one", "number")]),  # scraped text glues words
    ("survival rate in1 year after infusion", [("1 year", "duration")]),
    ("mRNA1 and H1N1 and pin1", []),
    ("one of them and a patient", []),  # pronouns and articles are not claims
    ("40 million stem cells", [("40 million", "number")]),
    ("at the one-year mark", [("one-year", "duration")]),
    ("about half of them, more than two thirds of cases", [("about half", "percent"), ("more than two thirds", "percent")]),
    ("by year 3, and at month six, in the year 2017", [("year 3", "duration"), ("month six", "duration"), ("2017", "year")]),
    ("better for more than a year, checked once a year", [("more than a year", "duration")]),
    ("half a decade later", [("half a decade", "duration")]),
    ("after a year and a half", [("a year and a half", "duration")]),
    ("IL-10, IL-4 and COVID-19", []),  # a number joined to a capitalised name is part of the name
    ("EQ-5D-5L EuroQol-5-Dimensions-5-Level", []),
    ("type-2 patients, a 5-year-old", [("2", "number"), ("5-year", "duration")]),
])
def test_find_quantities(text, expected):
    assert [(q.text, q.kind) for q in find_quantities(text)] == expected


def test_a_single_dose_is_one_in_a_source_but_no_claim_on_a_page():
    from linter.numbers import source_quantities

    text = "Patients got a single dose of the cells."
    assert find_quantities(text) == []
    assert [(q.text, q.value) for q in source_quantities(text)] == [("single", 1.0)]


def test_offsets_index_the_original_text():
    text = "Résumé: ９２.７% of 41\u00a0people, 1\u2009073 in all."
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("value, half, hedge, inside, outside", [
    (92.7, 0.05, "", [92.7, 92.66], [92.6, 92.75]),        # statcheck: 92.7 is [92.65, 92.75)
    (93, 0.5, "about", [92.7, 93.4], [90.0, 93.6, 96.0]),  # "about N" rounds to N at N's precision
    (70, 0.5, "about", [67.0, 72.0], [64.0, 76.0]),        # a round number: 5% either way
    (98, 0.5, "about", [97.6, 98.4], [92.7, 97.0]),        # "about 98%" is not 92.7%
    (90, 0.5, "more than", [92.7, 100.0], [89.0, 120.0]),  # one-sided, but not unbounded
    (20, 0.5, "up to", [20, 17], [21, 9]),
    (93, 0.5, "nearly", [92.7], [93.0, 94.0]),           # a little below, never the number itself
    (93, 0.5, "more than", [93.5], [92.7, 93.0]),        # "more than 93%" is not 92.7%
    (19, 0.5, "just over", [19.4, 20.5], [18.68, 19.0, 22.0]),  # a little above
    (3, 0.5, "at least", [3.0, 3.2], [2.9]),              # inclusive bounds allow the number
    (14, 0.5, "just under", [13.8], [14.0, 14.2, 12.0]),
    (2, 0.5, "about", [1.6, 2.4], [1.33, 3.0]),            # "about 2 years" is not 16 months
    (6, 0.5, "about", [5.8], [5.0, 7.0]),
])
def test_hedge_intervals(value, half, hedge, inside, outside):
    low, high = hedge_interval(value, half, hedge)
    for v in inside:
        assert low <= v < high, (v, low, high)
    for v in outside:
        assert not (low <= v < high), (v, low, high)
