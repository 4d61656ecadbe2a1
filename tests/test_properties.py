"""Property-based tests of number parsing and claim extraction (hypothesis): no input crashes them, every span
indexes the original text, and numbers written the usual ways read back as the value they state."""
from __future__ import annotations

import math

from hypothesis import example, given, settings, strategies as st

from linter import numbers
from linter.numbers import TENS, UNITS, find_quantities, normalise, parse_number, word_value

FAST = settings(max_examples=200, deadline=None)

# Characters that make number extraction interesting: digits of other scripts, superscripts, odd spaces,
# zero-width and bidi marks, separators, signs, and the words the patterns look for.
_NUMBERISH = st.sampled_from(
    list("0123456789.,%/-–−×x^()~<>≤≥ ") + ["\u00a0", "\u2009", "\u202f", "\u200b", "\u200d", "\ufeff", "\u202b",
                                           "\u202c", "\u200f", "１", "２", "７", "％", "．", "٤", "١", "٫", "٪",
                                           "⁷", "⁻", "¹", "½", "e", "E", "10", "\n", "\t"]
    + [" one ", " forty-one ", " hundred ", " million ", " of ", " in ", " out of ", " years", " months", " about ",
       " less than ", " phase II ", " NCT00962923 ", " March 2020 ", "per cent", " dozen "]
)
numberish_text = st.lists(_NUMBERISH, max_size=60).map("".join)
any_text = st.text(max_size=200)


def check_spans(text: str) -> None:
    found = find_quantities(text)
    previous_end = 0
    for q in found:
        assert 0 <= q.start < q.end <= len(text), (q, text)
        assert text[q.start:q.end] == q.text
        assert q.start <= q.value_start < q.end or q.value_start == -1
        assert q.start >= previous_end, f"overlapping quantities in {text!r}: {found}"
        previous_end = q.end
        assert not math.isnan(q.value)
        assert q.low <= q.high or math.isnan(q.low)


@FAST
@given(any_text)
def test_find_quantities_never_raises_and_spans_index_the_original(text):
    check_spans(text)


@FAST
@given(numberish_text)
@example("Rate ９２.７% and ٤١ people, 10⁷ cells, 1\u00a0073 and 4\u200b1 \u202bשלום 38\u202c")
@example("about " + "9" * 30 + " x 10^300 cells")
@example("9" * 30 + "e300 of 10")
@example("1" + "0" * 400)
@example("1e999999 and 10^-99999")
def test_find_quantities_on_number_like_text(text):
    check_spans(text)


@FAST
@given(st.one_of(numberish_text, any_text))
@example("x12 of 41, 5-10 years, forty-one per cent, 1,073 and 92.7%")
@example("MethodsForty-one of 41 patients; 10 x 10^6/kg; twenty one-year-olds")
def test_patterns_that_begin_with_a_number_find_what_a_full_scan_finds(text):
    norm = normalise(text)
    starts = [m.start() for m in numbers._NUMBER_STARTS.finditer(norm)]
    patterns = dict(numbers._PATTERNS)
    for kind in numbers.STARTS_WITH_A_NUMBER:
        assert patterns[kind].pattern.startswith((numbers._NUM, f"(?P<num>{numbers._NUM})"))
        assert [m.span() for m in numbers.matches_at(patterns[kind], norm, starts)] == \
            [m.span() for m in patterns[kind].finditer(norm)], kind


@FAST
@given(numberish_text)
def test_parse_number_never_raises(text):
    parsed = parse_number(text)
    if parsed is not None:
        value, half, _ = parsed
        assert not math.isnan(value) and half >= 0


@FAST
@given(any_text)
def test_normalise_keeps_one_character_per_character(text):
    assert len(normalise(text)) == len(text)


@FAST
@given(st.integers(min_value=0, max_value=10**15))
def test_integers_with_thousands_separators_round_trip(n):
    for written in (f"{n:,}", str(n)):
        value, half, words = parse_number(written)
        assert value == n and half == 0.5 and not words
        found = find_quantities(f"There were {written} people.")
        assert len(found) == 1 and found[0].value == n and found[0].text == written


@FAST
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=4))
def test_decimals_round_trip_with_their_precision(units, decimals):
    x = units / 10 ** decimals
    written = f"{x:,.{decimals}f}"
    value, half, _ = parse_number(written)
    assert math.isclose(value, x, rel_tol=1e-12, abs_tol=1e-12)
    assert math.isclose(half, 0.5 * 10 ** -decimals)
    found = find_quantities(f"The rate was {written}% overall.")
    assert len(found) == 1 and found[0].kind == "percent"
    assert math.isclose(found[0].value, x, rel_tol=1e-12, abs_tol=1e-12)
    assert found[0].low <= x <= found[0].high


def english(n: int) -> str:
    names = {v: k for k, v in UNITS.items()} | {v: k for k, v in TENS.items()}
    if n in names:
        return names[n]
    return f"{names[n - n % 10]}-{names[n % 10]}"


@given(st.integers(min_value=0, max_value=99), st.sampled_from(["lower", "title", "upper"]))
@settings(max_examples=200, deadline=None)
def test_number_words_0_to_99(n, case):
    words = getattr(english(n), case)()
    assert word_value(words) == n
    assert word_value(words.replace("-", " ")) == n
    value, half, is_words = parse_number(words)
    assert value == n and is_words


def test_every_number_word_0_to_99_reads_in_a_sentence():
    for n in range(2, 100):  # 'zero' and 'one' alone are often not claims ("no one", "one of them")
        found = find_quantities(f"We saw {english(n)} patients.")
        assert [q.value for q in found] == [n], english(n)
