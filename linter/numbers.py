"""Find numeric expressions in text and turn them into values with intervals.

Used for both sides: the claims on a page and the statements in a source. Pure functions, no spaCy.
Offsets always refer to the original string (normalisation keeps one character per character).
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from .settings import data_file

# --- number words -----------------------------------------------------------------------------
UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_UNIT_RE = "|".join(sorted(UNITS, key=len, reverse=True))
_TENS_RE = "|".join(TENS)
_WORD_NUM = rf"(?:(?:{_TENS_RE})(?:[-\s](?:{_UNIT_RE}))?|{_UNIT_RE}|dozen)"
_WORD_NUMBER = rf"(?:{_WORD_NUM}(?:\s+(?:hundred|thousand)(?:\s+(?:and\s+)?{_WORD_NUM})?)?)"

# thousands ("1,073"), decimals ("92.7"), and decimal commas ("92,7", "18,68": one or two digits after the comma)
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d{1,3},\d{1,2}(?!\d|,\d)|\.\d+|\d+)"
_SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"
_SUP_MAP = {c: str(i) for i, c in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")} | {"⁻": "-"}
_SCI = (rf"(?P<mant>\d+(?:\.\d+)?)\s*[×xX*·]\s*10\s*(?:\^\s*(?P<exp1>[-−]?\d+)|\((?P<exp2>[-−]?\d+)\)|(?P<exp3>[{_SUPERSCRIPT}]+))"
        rf"|(?P<mant2>\d+(?:\.\d+)?)[eE](?P<exp4>[-+]?\d+)(?![\w])")
_SCALE_WORD = r"(?:hundred|thousand|million|billion)"

@dataclass(frozen=True)
class HedgeRule:
    """How a hedge bounds the value it hedges (linter/data/hedges.yaml)."""

    direction: str  # around | above | below
    inclusive: bool = False  # "at least 3" allows 3; "more than 3" does not
    reach: float = 0.2  # how far beyond the number a one-sided hedge still speaks, relative


def _hedge_rules(data: dict) -> dict[str, HedgeRule]:
    rules = {phrase: HedgeRule("around") for phrase in data["around"]}
    for direction in ("above", "below"):
        groups = data[direction]
        for phrase in groups["strict"]:
            rules[phrase] = HedgeRule(direction, False, data["defaults"]["reach"])
        for phrase in groups["inclusive"]:
            rules[phrase] = HedgeRule(direction, True, data["defaults"]["reach"])
        for phrase in groups["a_little"]:
            rules[phrase] = HedgeRule(direction, False, data["a_little"]["reach"])
    return rules


HEDGE_RULES = _hedge_rules(data_file("hedges.yaml"))
HEDGES = {phrase: rule.direction for phrase, rule in HEDGE_RULES.items()}  # phrase -> around | above | below
_HEDGE_RE = "|".join(re.escape(h) for h in sorted(HEDGES, key=len, reverse=True))

TIME_UNITS = {
    "year": 12.0, "yr": 12.0, "month": 1.0, "mo": 1.0, "week": 12 / 52.0, "wk": 12 / 52.0,
    "day": 12 / 365.0, "hour": 12 / 365.0 / 24, "minute": 12 / 365.0 / 24 / 60, "decade": 120.0,
}
_TIME_RE = r"(?:years?|yrs?|months?|mo|weeks?|wks?|days?|hours?|minutes?|decades?)"
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december"]
_MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"

_SCI_PLAIN = re.sub(r"\(\?P<\w+>", "(?:", _SCI)
_NUM = rf"(?:{_SCI_PLAIN}|{_DIGITS}(?:\s*{_SCALE_WORD})?|(?:(?<![A-Za-z])|(?<=[a-z])(?=[A-Z])){_WORD_NUMBER}\b(?:\s+{_SCALE_WORD})?)"


@dataclass(frozen=True, slots=True)  # slots: a large source holds tens of thousands
class Quantity:
    """One numeric statement in a text."""

    start: int
    end: int
    text: str
    value: float  # the number as stated (for a fraction: numerator / denominator * 100 in `percent`)
    kind: str  # percent | fraction | duration | year | date | registry | phase | number
    half_unit: float  # half the unit of the last stated digit (statcheck's precision)
    low: float = -math.inf  # the interval the text commits to (precision and hedge)
    high: float = math.inf
    hedge: str = ""
    unit: str = ""  # time unit for durations, '%' for percents
    numerator: float | None = None
    denominator: float | None = None
    key: str = ""  # exact key for registry ids and trial phases
    value_start: int = -1  # where the number itself starts (after a hedge)
    words: bool = False  # written as words ("forty-one")

    @property
    def percent(self) -> float | None:
        if self.kind == "percent":
            return self.value
        if self.kind == "fraction" and self.denominator:
            return 100.0 * (self.numerator or 0) / self.denominator
        return None

    def shifted(self, by: int) -> "Quantity":
        """The same statement `by` characters further on (a sentence's number placed in its source's text)."""
        return Quantity(self.start + by, self.end + by, self.text, self.value, self.kind, self.half_unit, self.low,
                        self.high, self.hedge, self.unit, self.numerator, self.denominator, self.key,
                        self.value_start + by if self.value_start >= 0 else self.start + by, self.words)

    @property
    def months(self) -> float | None:
        if self.kind == "duration":
            return self.value * TIME_UNITS.get(self.unit, 1.0)
        return None


class _NormalisedCharacters(dict):
    """Character code -> its normalised form, for str.translate; each distinct character is worked out once."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch.isascii():
            out = ch
        elif unicodedata.category(ch) == "Nd":
            out = str(unicodedata.digit(ch, 0))
        elif ch in "\u00a0\u2009\u202f\u2007\u2002\u2003\u2004\u2005\u2006\u2008\u200a":
            out = " "
        elif ch in "\u200b\u200c\u200d\u2060\ufeff":
            out = "\u200b"
        elif ch in "\u2010\u2011\u2012\u2212\ufe63\uff0d":
            out = "-"
        elif ch in "\uff05\u066a":
            out = "%"
        else:
            out = ch
        self[code] = out
        return out


_NORMALISED = _NormalisedCharacters()


def normalise(text: str) -> str:
    """Same length as `text`: other decimal digits to ASCII, odd spaces to spaces, odd dashes to '-'."""
    return text if text.isascii() else text.translate(_NORMALISED)


def word_value(words: str) -> float | None:
    """'forty-one' -> 41, 'two hundred and five' -> 205, 'dozen' -> 12."""
    total, current = 0, 0
    seen = False
    for part in re.split(r"[-\s]+", words.lower()):
        if part in ("and", ""):
            continue
        if part in UNITS:
            current += UNITS[part]
        elif part in TENS:
            current += TENS[part]
        elif part == "dozen":
            current = (current or 1) * 12
        elif part in SCALES:
            scale = SCALES[part]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen = True
    return float(total + current) if seen else None


_SCI_WHOLE = re.compile(_SCI)
_DIGITS_WHOLE = re.compile(rf"({_DIGITS})(?:\s*({_SCALE_WORD}))?", re.I)
_DECIMAL_COMMA = re.compile(r"\d+,\d{1,2}")
_WORDS_WHOLE = re.compile(rf"({_WORD_NUMBER})(?:\s+({_SCALE_WORD}))?", re.I)


def parse_number(text: str) -> tuple[float, float, bool] | None:
    """A number as written -> (value, half unit of precision, written in words). None if not a number."""
    t = normalise(text).strip().replace("\u200b", "")
    m = _SCI_WHOLE.fullmatch(t)
    if m:
        mant = m.group("mant") or m.group("mant2")
        exp = m.group("exp1") or m.group("exp2") or m.group("exp4")
        if m.group("exp3"):
            exp = "".join(_SUP_MAP[c] for c in m.group("exp3"))
        exp = (exp or "0").replace("−", "-")
        try:
            e = int(exp)
        except ValueError:
            return None
        if abs(e) > 300:
            return None
        decimals = len(mant.split(".")[1]) if "." in mant else 0
        value = float(mant) * 10.0 ** e
        if not math.isfinite(value):  # a 30-digit mantissa times 10^300: no number anyone reads
            return None
        return value, 0.5 * 10.0 ** (e - decimals), False
    m = _DIGITS_WHOLE.fullmatch(t)
    if m:
        digits = m.group(1)
        digits = digits.replace(",", ".") if _DECIMAL_COMMA.fullmatch(digits) else digits.replace(",", "")
        if len(digits) > 30:
            return None
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        value = float(digits)
        half = 0.5 * 10.0 ** (-decimals)
        if m.group(2):
            scale = SCALES[m.group(2).lower()]
            value *= scale
            half *= scale
        return value, half, False
    m = _WORDS_WHOLE.fullmatch(t)
    if m:
        value = word_value(m.group(1))
        if value is None:
            return None
        half = 0.5
        if m.group(2):
            value *= SCALES[m.group(2).lower()]
            half *= SCALES[m.group(2).lower()]
        return value, half, True
    return None


def hedge_interval(value: float, half: float, hedge: str) -> tuple[float, float]:
    """The interval [low, high) a stated value commits to: its precision, or the bound its hedge sets.

    "about 93" is what rounds to 93 (92.5 to 93.5); "more than 93" is above 93, up to a reach; "nearly 19" is a
    little below 19; "at least 3" and "up to 20" include their bound."""
    rule = HEDGE_RULES.get(hedge.lower()) if hedge else None
    if rule is None:
        return value - half, value + half
    reach = rule.reach * abs(value)
    edge = _EDGE * max(1.0, abs(value))
    if rule.direction == "above":
        return (value if rule.inclusive else value + edge), value + reach + half
    if rule.direction == "below":
        return value - reach - half, (value + edge if rule.inclusive else value)
    tol = half
    if value == int(value) and value % 10 == 0 and value != 0:
        tol = max(tol, 0.05 * abs(value))  # "about 70%": a round number's last zero may not be a stated digit
    return value - tol, value + tol


_EDGE = 1e-6  # a strict bound excludes the number itself (relative, well above the comparison's slack)


_PATTERNS = [
    ("registry", re.compile(r"\b(?:NCT\d{8}|ISRCTN\d{8}|EudraCT\s*\d{4}-\d{6}-\d{2}|ChiCTR[-\w]{6,20}|ACTRN\d{14})\b")),
    ("phase", re.compile(r"\b[Pp]hase\s*(?P<p1>[1-4]|IV|I{1,3})[ab]?(?:\s*/\s*(?P<p2>[1-4]|IV|I{1,3})[ab]?)?\b")),
    ("date", re.compile(rf"\b(?P<month>{_MONTH_RE})\s+(?:\d{{1,2}},?\s+)?(?P<year>(?:19|20)\d\d)\b")),
    # "Of the 41 people, 38 were alive" / "Out of 8 people with ..., 5 stayed stable": the total comes first, at the
    # head of its clause ("Zhang's trial of 14 patients, one had ..." is not one of 14)
    ("fraction_first", re.compile(
        rf"(?<![\w'’)-]\s)\b(?:out\s+of|of)\s+(?:the\s+|all\s+|these\s+|those\s+)?(?P<den>{_NUM})\b[^,.;:()\d%]{{0,80}},\s*"
        rf"(?:only\s+|just\s+)?(?P<num>{_NUM})\b(?!\s*%|[\d.,]*\s*(?:%|per\s?cent))", re.I)),
    ("fraction", re.compile(
        rf"(?P<num>{_NUM})\s*(?:(?P<sep>out\s+of|of|in)\s+(?:the\s+|all\s+|every\s+|a\s+total\s+of\s+)?(?P<den>{_NUM})(?![\d.,]*\s*%)"
        rf"|/\s*(?P<den2>\d+)(?![\d/.]))", re.I)),
    ("percent", re.compile(rf"(?P<num>{_NUM})\s*(?:%|per\s?cent\b|pct\b)", re.I)),
    ("duration", re.compile(rf"(?P<num>{_NUM})(?:\s*-\s*|\s+)(?P<unit>{_TIME_RE})\b", re.I)),
    ("verbal_fraction", re.compile(
        r"\b(?P<frac>half|(?:a|one)[\s-]+third|two[\s-]+thirds|(?:a|one)[\s-]+quarter|three[\s-]+quarters)\s+of\b",
        re.I)),  # "three-quarters of", "two thirds of"
    ("unit_first", re.compile(rf"\b(?P<unit>years?|months?|weeks?|days?)\s+(?P<num>{_NUM})\b", re.I)),  # "by year 3"
    ("one_unit", re.compile(rf"\b(?P<num>(?:half\s+)?an?)\s+(?P<unit>{_TIME_RE})(?P<plus>\s+and\s+a\s+half)?\b",
                            re.I)),  # "over a year", "half a decade", "a year and a half"
    ("number", re.compile(_NUM, re.I)),
]
# Literals every match of a pattern holds one of (casefolded for a pattern that ignores case): a sentence holding none
# is not scanned with it.
_LITERALS = {
    "registry": ("NCT", "ISRCTN", "EudraCT", "ChiCTR", "ACTRN"),
    "phase": ("hase",),
    "date": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "fraction_first": ("of",),
    "verbal_fraction": ("half", "third", "quarter"),
    "unit_first": ("year", "month", "week", "day"),
}
_IGNORES_CASE = frozenset(kind for kind, pattern in _PATTERNS if pattern.flags & re.I)
# These patterns begin with a number (_NUM), so they can only match where one starts: they are tried at those
# positions alone, found in one pass, instead of scanning the text four more times (most of the time spent
# reading a large source library).
STARTS_WITH_A_NUMBER = frozenset({"fraction", "percent", "duration", "number"})
# A number starts with a digit, a dot or the first letter of a number word: one cheap look at each character
# before the full pattern is tried (on text without numbers this was most of the time spent reading a source).
_NUMBER_FIRST = "".join(sorted({w[0] for w in [*UNITS, *TENS, "dozen"]} | {w[0].upper() for w in [*UNITS, *TENS, "dozen"]}))
_NUMBER_STARTS = re.compile(rf"(?=[\d.{_NUMBER_FIRST}])(?=(?:{_NUM}))", re.I)
_HEDGE_BEFORE = re.compile(rf"(?:^|(?<=[\s(\[,;:]))(?P<hedge>{_HEDGE_RE})\s*$", re.I)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


# Scraped text drops the space between a short word and a number: "survival rate in1 year", "reported by5".
_GLUED_SHORT_WORD = re.compile(r"(?<![A-Za-z0-9])(?:in|at|of|to|by|for|on|from|after|within|over|about)$", re.I)
_NAME_BEFORE = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z0-9]*[A-Z]-$")  # "IL-", "COVID-", "CD-": a name, not a count


def _boundary_ok(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    if before == "-" and _NAME_BEFORE.search(text, max(0, start - 12), start):
        return False  # "IL-10", "COVID-19": the number is part of a name
    after = text[end] if end < len(text) else " "
    if before == "-" and start > 1 and text[start - 2].isalpha() and (
            after.isalpha() or (after == "-" and text[end + 1:end + 2].isalpha())):
        return False  # "EuroQol-5-Dimensions", "EQ-5D": a number inside a hyphenated name
    glued_word = before.islower() and text[start:start + 1].isupper()  # scraped "MethodsForty-one"
    if before.isalpha() and not glued_word and text[start:start + 1].isdigit():
        glued_word = bool(_GLUED_SHORT_WORD.search(text, max(0, start - 8), start))
    if (before.isalnum() or before in "_") and not glued_word:
        return False
    if before == "." and start > 1 and text[start - 2].isdigit():
        return False
    if after.isalnum() and not text[start:end][-1:].isalpha():
        return False
    return True


def _is_pronoun_one(text: str, start: int, end: int) -> bool:
    """'one of them', 'the one', 'no one' are not claims."""
    word = text[start:end].lower()
    if word not in ("one", "a", "an"):
        return False
    after = text[end:end + 12].lower()
    before = text[max(0, start - 6):start].lower()
    if word == "one" and re.match(rf"-(?:{_TIME_RE})\b", after):
        return False  # "the one-year mark": a duration, whatever stands before it
    if re.match(r"\s+(of|another|or|who|that|which|day|way|thing|could|can|may|should|might|is|was)\b", after):
        return True
    if re.search(r"\b(the|no|any|every|each|this|that|some|which|someone|anyone|loved)\s+$", before):
        return True
    if word == "one" and re.search(r"\b(?:in|by|for)\s+$", before) and re.match(r"\s*(?:[,;.)]|and\b|$)", after):
        return False  # "colds in five patients and diarrhoea in one": the count of a list, its noun left out
    if not re.match(r"[\s-]+[a-z]", after):
        return True
    return False


def _hedge_at(text: str, start: int) -> tuple[str, int]:
    window = text[max(0, start - 20):start]
    m = _HEDGE_BEFORE.search(window)
    if not m:
        return "", start
    at = start - (len(window) - m.start("hedge"))
    if m.group("hedge").lower() == "over" and _is_period(text, at, start):
        return "", start
    return m.group("hedge"), at


# "Over five years, the score fell" and "fell over 5 years" name a period; "for over a year" is a bound
_BOUND_BEFORE_OVER = re.compile(r"\b(?:for|after|lasting|lasted|last|in|within|of|took|than|by)\s+$", re.I)
_TIME_AFTER = re.compile(r"\s*+\S+\s*+-?\s*+(?:years?|months?|weeks?|days?|decades?)\b", re.I)  # spaces read once


def _is_period(text: str, hedge_start: int, number_start: int) -> bool:
    return (_TIME_AFTER.match(text, number_start) is not None or text[number_start:number_start + 2].lower() == "a ") \
        and not _BOUND_BEFORE_OVER.search(text[max(0, hedge_start - 12):hedge_start])


_ABSURD_RUN = re.compile(r"[\d.,]{41,}")  # no number anyone reads; left in, the patterns backtrack quadratically


_SINGLE = re.compile(r"\b(?:a\s+)?(single)\s+(?=[a-z])", re.I)


def source_quantities(text: str) -> list[Quantity]:
    """The numbers of a source sentence: find_quantities, plus 'a single dose' as one. (On a page, 'a single
    study cannot prove it' is no claim to check; in a source it states a count a page may give as 'one dose'.)"""
    found = find_quantities(text)
    if "ingle" not in text:
        return found
    taken = [(q.start, q.end) for q in found]
    for m in _SINGLE.finditer(text):
        s, e = m.start(1), m.end(1)
        if not any(a < e and s < b for a, b in taken):
            found.append(Quantity(s, e, text[s:e], 1.0, "number", 0.5, 0.5, 1.5, value_start=s, words=True))
    return sorted(found, key=lambda q: q.start)


def find_quantities(text: str) -> list[Quantity]:
    """Every numeric statement in `text`, left to right, without overlaps; ranges and lists split."""
    return list(_find_quantities(text))


@lru_cache(maxsize=2048)
def _find_quantities(text: str) -> tuple[Quantity, ...]:
    """Cached: page loading counts a page's numbers (limits) and the fact-check reads them again."""
    return tuple(_scan_quantities(text))


def _scan_quantities(text: str, literals: dict[str, tuple[str, ...]] = _LITERALS) -> list[Quantity]:
    norm = _ABSURD_RUN.sub(lambda m: "#" * len(m.group(0)), normalise(text))  # same length: offsets hold
    folded = norm.casefold()
    taken = [False] * (len(norm) + 1)
    found: list[Quantity] = []
    starts = [m.start() for m in _NUMBER_STARTS.finditer(norm)]
    for kind, pattern in _PATTERNS:
        needed = literals.get(kind)
        if needed and not any(word in (folded if kind in _IGNORES_CASE else norm) for word in needed):
            continue
        for m in matches_at(pattern, norm, starts) if kind in STARTS_WITH_A_NUMBER else pattern.finditer(norm):
            s, e = m.start(), m.end()
            if s == e or any(taken[s:e]) or not _boundary_ok(norm, s, e):
                continue
            q = _build(kind, m, norm, text)
            if q is None:
                continue
            for i in range(q.start, q.end):
                taken[i] = True
            found.append(q)
    found.sort(key=lambda q: q.start)
    return _distribute_units(norm, found)


def matches_at(pattern: re.Pattern, text: str, starts: list[int]):
    """What pattern.finditer(text) yields, for a pattern that can only match at one of `starts` (ascending)."""
    end = 0
    for start in starts:
        if start >= end:
            m = pattern.match(text, start)
            if m:
                yield m
                end = m.end()


def _build(kind: str, m: re.Match, norm: str, text: str) -> Quantity | None:
    s, e = m.start(), m.end()
    if kind == "one_unit":  # "a year" is a claim only when hedged ("more than a year", not "once a year");
        value = 0.5 if m.group("num").lower().startswith("half") else 1.5 if m.group("plus") else 1.0
        hedge, hs = _hedge_at(norm, s)
        if not hedge and value == 1.0:  # "half a decade" and "a year and a half" always are
            return None
        half = 0.5 if value == 1.0 else 0.1 * value  # "a year and a half" is 18 months, not 9 to 27
        low, high = hedge_interval(value, half, hedge)
        start = hs if hedge else s
        return Quantity(start, e, text[start:e], value, "duration", half, low, high, hedge,
                        _time_unit(m.group("unit")), value_start=s, words=True)
    if kind == "registry":
        return Quantity(s, e, text[s:e], 0.0, "registry", 0.0, key=re.sub(r"\s+", "", m.group(0).upper()), value_start=s)
    if kind == "phase":
        parts = [p for p in (m.group("p1"), m.group("p2")) if p]
        key = "/".join(str(_ROMAN.get(p.upper(), p)) for p in parts)
        return Quantity(s, e, text[s:e], 0.0, "phase", 0.0, key=f"phase {key}", value_start=s)
    if kind == "date":
        month = m.group("month").lower().rstrip(".")[:3]
        index = next(i for i, name in enumerate(MONTHS) if name.startswith(month))
        year = int(m.group("year"))
        value = year * 12 + index
        return Quantity(s, e, text[s:e], float(value), "date", 0.5, value - 0.5, value + 0.5, value_start=s)
    if kind == "fraction_first":
        return _fraction_first(m, text)
    if kind == "verbal_fraction":
        return _verbal_fraction(m, norm, text)
    raw_num = m.group("num") if kind != "number" else m.group(0)
    num_start = m.start("num") if kind != "number" else s
    parsed = parse_number(raw_num)
    if parsed is None:
        return None
    value, half, words = parsed
    if words and _is_pronoun_one(norm, num_start, num_start + len(raw_num)):
        return None
    if kind == "number" and re.fullmatch(r"\d{4}", raw_num) and 1800 <= value <= 2100:
        kind = "year"
    if kind == "unit_first":  # "year 3", "month six": the third year, a time point like "3 years"
        if re.fullmatch(r"\d{4}", raw_num) or value != int(value):
            return None  # "the year 2017" is a calendar year
        kind = "duration"
    hedge, hs = _hedge_at(norm, num_start)
    start = hs if hedge else s
    if kind == "fraction":
        den_text = m.group("den") or m.group("den2")
        parsed_den = parse_number(den_text)
        if parsed_den is None or parsed_den[0] == 0:
            return None
        den = parsed_den[0]
        sep = (m.group("sep") or "/").lower()
        if value != int(value) or den != int(den):  # "13.8 ± 10.2 in 14 patients" is no fraction
            return _plain(m, norm, text, raw_num, num_start)
        if sep == "in" and (re.fullmatch(r"\d{4}", den_text) or den <= value):  # "just under 14 in 14 patients"
            return _plain(m, norm, text, raw_num, num_start)
        if sep == "of" and (re.fullmatch(r"(19|20)\d\d", den_text) or den_text.lower() in ("one",)):
            return _plain(m, norm, text, raw_num, num_start)
        pct = 100.0 * value / den
        if sep == "in" or den in (10, 100, 1000):
            pct_half = 100.0 * 0.5 / den  # natural frequencies: "7 in 10" is a rounded rate
        else:
            pct_half = 1e-6
        low, high = hedge_interval(pct, pct_half, hedge)
        return Quantity(start, e, text[start:e], value, "fraction", half, low, high, hedge, "",
                        value, den, value_start=num_start, words=words)
    unit = ""
    if kind == "percent":
        unit = "%"
    elif kind == "duration":
        unit = _time_unit(m.group("unit"))
    low, high = hedge_interval(value, half, hedge)
    return Quantity(start, e, text[start:e], value, kind, half, low, high, hedge, unit, value_start=num_start, words=words)


_VERBAL_FRACTIONS = {"half": 50.0, "third": 100 / 3, "thirds": 200 / 3, "quarter": 25.0, "quarters": 75.0}
VERBAL_FRACTION_HALF = 5.0  # "half of them" is a rough share: 45% to 55%
_WIDE_REACH = 0.2  # a one-sided hedge reaching less far than this says "a little" over or under ("nearly")


def _verbal_fraction(m: re.Match, norm: str, text: str) -> Quantity:
    """'about half of', 'two thirds of', 'more than a quarter of': a percentage in words."""
    value = _VERBAL_FRACTIONS[re.split(r"[\s-]+", m.group("frac"))[-1].lower()]
    s, e = m.start("frac"), m.end("frac")
    hedge, hs = _hedge_at(norm, s)
    direction = HEDGES.get(hedge.lower(), "") if hedge else ""
    rule = HEDGE_RULES.get(hedge.lower()) if hedge else None
    if rule is not None and direction in ("above", "below") and rule.reach < _WIDE_REACH:
        low, high = hedge_interval(value, VERBAL_FRACTION_HALF, hedge)  # "nearly three-quarters": a little under
    elif direction == "above":  # "more than half" says only that much: any larger share fits
        low, high = value, 100.0
    elif direction == "below":
        low, high = 0.0, value
    else:
        low, high = hedge_interval(value, VERBAL_FRACTION_HALF, hedge)
    start = hs if hedge else s
    return Quantity(start, e, text[start:e], value, "percent", VERBAL_FRACTION_HALF, low, high, hedge, "%",
                    value_start=s, words=True)


def _fraction_first(m: re.Match, text: str) -> Quantity | None:
    num, den = parse_number(m.group("num")), parse_number(m.group("den"))
    if num is None or den is None or num[0] != int(num[0]) or den[0] != int(den[0]):
        return None
    if not 0 < num[0] <= den[0] or re.fullmatch(r"(19|20)\d\d", m.group("den").strip()):
        return None  # not a part of a whole ("of 2009, 12 ...")
    s, e = m.start(), m.end()
    pct = 100.0 * num[0] / den[0]
    return Quantity(s, e, text[s:e], num[0], "fraction", num[1], pct - 1e-6, pct + 1e-6, "", "", num[0], den[0],
                    value_start=s, words=num[2])


def _plain(m: re.Match, norm: str, text: str, raw_num: str, num_start: int) -> Quantity | None:
    parsed = parse_number(raw_num)
    if parsed is None:
        return None
    value, half, words = parsed
    hedge, hs = _hedge_at(norm, num_start)
    start = hs if hedge else num_start
    end = num_start + len(raw_num)
    kind = "year" if re.fullmatch(r"\d{4}", raw_num) and 1800 <= value <= 2100 else "number"
    low, high = hedge_interval(value, half, hedge)
    return Quantity(start, end, text[start:end], value, kind, half, low, high, hedge, value_start=num_start, words=words)


def _time_unit(word: str) -> str:
    w = word.lower().rstrip("s")
    return {"yr": "year", "mo": "month", "wk": "week"}.get(w, w)


_LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|to\s+|-\s*|–\s*|—\s*)$", re.I)


def _distribute_units(norm: str, found: list[Quantity]) -> list[Quantity]:
    """'1, 3, and 5 years' and '12 and 16 months': the last item's unit applies to the list."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        q, nxt = out[i], out[i + 1]
        if q.kind not in ("number",) or nxt.kind not in ("duration", "percent"):
            continue
        if not _LIST_GAP.match(norm[q.end:nxt.value_start if nxt.value_start >= 0 else nxt.start]):
            continue
        low, high = hedge_interval(q.value, q.half_unit, q.hedge)
        out[i] = replace(q, kind=nxt.kind, unit=nxt.unit, low=low, high=high)
    return out




