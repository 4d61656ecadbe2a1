"""Linear time by construction (issue 15): every pattern that meets page or source text, tried on adversarial
input (long runs of digits, commas, dots, spaces, parentheses, 'et al 2020', unclosed brackets ...), finishes
within a bound and grows linearly; and the patterns made linear find exactly what the old ones found on normal
text (property tests against the old patterns, kept in tests/data/)."""
from __future__ import annotations

import importlib
import importlib.util
import random
import re
import runpy
import sys
import time
from pathlib import Path

import pytest
from hypothesis import example, given, settings, strategies as st

import linter
from linter import nlp, numbers, readability, sources, stretches
from linter.rules import plain_language, safety
from linter.settings import data_file

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"

ADVERSARIAL_UNITS = ["1", "1,", "1.", ".", ",", " ", "(", "[", "1 ", "? ", "et al 2020 ", "Ab2020", "(Ab2020",
                     "a. ", "A. ", "of ", "1 of ", "1-", "- ", "1/", "%", "1 in ", "the ", "Hello world. ", "10^", "1e",
                     "Smith, J., ", "1 (1): ", "x", "\n", "-1", "1 1 ", "year ", "A-", "[a](", "a@", "a.", "\t",
                     "interstitial lung disease (ILD) ", "cure ", "respectively ", "٣", "\u00a0"]


def adversarial(size: int) -> dict[str, str]:
    inputs = {u: (u * (size // len(u) + 1))[:size] for u in ADVERSARIAL_UNITS}
    rng = random.Random(15)
    for k in range(6):
        inputs[f"mix {k}"] = "".join(rng.choice(ADVERSARIAL_UNITS) * rng.choice([1, 3, 50])
                                     for _ in range(size))[:size]
    inputs["unclosed citation"] = "The study was cited here (" + ("Ab2020" * size)[:size]
    inputs["spaces between numbers"] = "5 patients" + " " * size + "and 3 patients."
    return inputs


def seconds(fn, *args) -> float:
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def linear(fn, make, small: int = 2_000, factor: int = 8, bound: float = 5.0) -> None:
    """fn(make(n)) grows no faster than linearly (with slack for noise on a shared machine: 3x) and stays under
    `bound` seconds. 8 times the input: linear is 8 times the time, quadratic 64."""
    t_small = min(seconds(fn, make(small)) for _ in range(2))
    t_large = min(seconds(fn, make(small * factor)) for _ in range(2))
    assert t_large < bound, f"{t_large:.2f} s"
    assert t_large < 3 * factor * t_small + 0.05, f"{t_small:.3f} s -> {t_large:.3f} s: not linear"


# --- every module-level pattern ------------------------------------------------------------------------------

MODULES = ["linter.numbers", "linter.sources", "linter.readability", "linter.factcheck", "linter.page_claims",
           "linter.values", "linter.source_context", "linter.language", "linter.stretches",
           "linter.records", "linter.concepts",
           "linter.review", "linter.page", "linter.charts", "linter.rules.plain_language", "linter.rules.safety",
           "linter.rules.glossary_terms", "linter.rules.chart_rules", "linter.rules.factcheck_rules",
           "linter.rules.page_rules"]

# Patterns that never scan text from every position: each is used only as stated, and that use is tested below.
USED_AT_ONE_PLACE = {
    # matched at the starts _NUMBER_STARTS finds, on text whose long digit runs _ABSURD_RUN has masked
    "linter.numbers._PATTERNS[3][1]", "linter.numbers._PATTERNS[4][1]", "linter.numbers._PATTERNS[5][1]",
    "linter.numbers._PATTERNS[6][1]", "linter.numbers._PATTERNS[10][1]", "linter.numbers._NUMBER_STARTS",
    "linter.numbers._LIST_GAP",  # .match on the gap between two numbers
    "linter.numbers._TIME_AFTER",  # .match right after a number
    "linter.numbers._HEDGE_BEFORE", "linter.numbers._GLUED_SHORT_WORD", "linter.numbers._NAME_BEFORE",  # 20-char windows
    "linter.numbers._BOUND_BEFORE_OVER",  # a 12-character window
    "linter.numbers._SCI_WHOLE", "linter.numbers._DIGITS_WHOLE", "linter.numbers._DECIMAL_COMMA",
    "linter.numbers._WORDS_WHOLE",  # .fullmatch on one number's text (parse_number)
    "linter.stretches._CLAUSE_BREAK",  # through clause_breaks()
    "linter.page_claims._WHOLE_GROUP_BASE", "linter.page_claims._PERCENT_BASE",  # .match / .fullmatch at one place
    "linter.page_claims._LIST_JOIN",  # .fullmatch on the gap between two listed numbers
    "linter.page_claims._TIME_RIGHT_AFTER",  # .fullmatch on the gap between a value and a time after it
    "linter.factcheck._RANGE_AFTER",  # .match right after a number
    "linter.factcheck._RANGE_BEFORE",  # .search in the 12 characters before a number
    "linter.page_claims._PRONOUN_ONE_AFTER",  # .match right after a bare 'one'
    "linter.language._HEADING",  # .match at the start of a line
    "linter.language._LABEL",  # .fullmatch on one sentence, which it leaves after 12 letters
    "linter.sources._LIST_GAP",  # .fullmatch on the gap between two values listed before 'respectively'
    "linter.records._VOLUME_OR_PAGES",  # .search in the 20 characters before a number
    "linter.sources._REFERENCE_ENTRY", "linter.sources._JOURNAL_LINE", "linter.sources._SECTION_START",
    "linter.sources._SECTION_END", "linter.sources._CHROME_LINE",  # .match at the start of a line
    # on text plain_language.bounded() has masked (runs of digits, dots and commas of at most 40)
    "linter.rules.plain_language.PERCENT", "linter.rules.plain_language.NATURAL_FREQUENCY",
    "linter.rules.plain_language.RELATIVE", "linter.rules.plain_language.ABSOLUTE",
    "linter.rules.glossary_terms._APPOSITION", "linter.rules.glossary_terms._DEFINED_AFTER",  # .match at a term's end
}


def module_patterns() -> dict[str, re.Pattern]:
    found: dict[str, re.Pattern] = {}

    def collect(name, obj):
        if isinstance(obj, re.Pattern):
            found[name] = obj
        elif isinstance(obj, (list, tuple)):
            for i, item in enumerate(obj):
                collect(f"{name}[{i}]", item)

    for module_name in MODULES:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        for key, value in vars(module).items():
            collect(f"{module_name}.{key}", value)
    found["linter.rules.safety links"] = safety.safety_words()["links"]
    for i, (pattern, _) in enumerate(safety.safety_words()["groups"]):
        found[f"linter.rules.safety groups[{i}]"] = pattern
    return found


PATTERNS = module_patterns()


def test_the_pattern_list_is_complete():
    assert len(PATTERNS) > 60
    assert not USED_AT_ONE_PLACE - set(PATTERNS), "an allow-listed pattern is gone: update the list"


@pytest.mark.parametrize("name", sorted(set(PATTERNS) - USED_AT_ONE_PLACE))
def test_every_pattern_scans_adversarial_text_in_linear_time(name):
    pattern = PATTERNS[name]
    worst = 0.0
    for text in adversarial(20_000).values():
        worst = max(worst, seconds(lambda t: sum(1 for _ in pattern.finditer(t)), text))
    assert worst < 0.5, f"{name}: {worst:.2f} s on 20,000 characters"


@pytest.mark.parametrize("name", sorted(USED_AT_ONE_PLACE))
def test_patterns_used_at_one_place_are_linear_there(name):
    pattern = PATTERNS[name]
    for text in adversarial(20_000).values():
        masked = plain_language.bounded(numbers._ABSURD_RUN.sub(lambda m: "#" * len(m.group(0)), text))
        assert seconds(lambda t: pattern.match(t), masked) < 0.2


# --- the functions that read text, end to end ----------------------------------------------------------------

FUNCTIONS = {
    "find_quantities": lambda t: (numbers._find_quantities.cache_clear(), numbers.find_quantities(t)),
    "source_quantities": lambda t: (numbers._find_quantities.cache_clear(), numbers.source_quantities(t)),
    "source sentences": lambda t: sources.split_sentences(t),
    "source analysis": lambda t: (numbers._find_quantities.cache_clear(), sources.analyse_text(t)),
    "abbreviations": sources.find_abbreviations,
    "citation lines": sources._CITATION_LINE.search,
    "page sentences": lambda t: (nlp._PARSED.clear(), readability.split_sentences(t)),  # parsed, not recalled
    "markdown": readability.strip_markdown,
    "clause breaks": lambda t: stretches.clause_breaks(t, 0, len(t)),
    "safety negation": lambda t: [safety._negated(t, i) for i in range(0, len(t), max(1, len(t) // 200))],
}


@pytest.mark.parametrize("function", list(FUNCTIONS))
def test_text_functions_are_linear_on_adversarial_input(function):
    fn = FUNCTIONS[function]
    for unit in list(adversarial(10).keys()):
        linear(lambda t: fn(t), lambda n, unit=unit: adversarial(n)[unit])


def test_the_red_teams_inputs_finish_quickly():
    cases = [
        (numbers.find_quantities, "9" * 20_000),
        (readability.split_sentences, "." * 40_000),
        (sources.analyse_text, "The study was cited here (" + "Ab2020" * 40),
        (sources.analyse_text, "et al 2020 " * 800),
        (plain_language.PERCENT.search, plain_language.bounded("1" * 20_000)),
    ]
    for fn, text in cases:
        assert seconds(fn, text) < 2.0


# --- the same matches as before, on normal text --------------------------------------------------------------

def _old_readability():
    spec = importlib.util.spec_from_file_location("linter._readability_before", DATA / "readability_before_issue15.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["linter._readability_before"] = module
    spec.loader.exec_module(module)
    return module


OLD_READABILITY = _old_readability()
OLD_SOURCES = runpy.run_path(str(DATA / "sources_patterns_before_issue15.py"))
OLD_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:]\s*(?:(?:and|or|but|while|whereas)\s+)?|\s(?:and|or|but|while|whereas)\s+)",
                              re.I)
OLD_NUMBER_STARTS = re.compile(rf"(?=(?:{numbers._NUM}))", re.I)
OLD_TIME_AFTER = re.compile(r"\s*\S+\s*-?\s*(?:years?|months?|weeks?|days?|decades?)\b", re.I)
OLD_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
NEW_EMAIL = re.compile(next(p for p in data_file("safety_words.yaml")["link_patterns"] if "@" in p), re.I)


def normal_texts() -> list[str]:
    texts = []
    for pattern in ("seeds/*.txt", "explainers/*.yaml", "bench/*.yaml", "docs/*.md", "README.md"):
        for path in sorted(ROOT.glob(pattern)):
            texts += path.read_text(encoding="utf-8").split("\n")
    return texts


NORMAL = normal_texts()
TOKENS = ["Smith", "et al", " ", "(", ")", "2020", "Ab2020", "d'Alembert", "-", "O'Brien", ",", ".", ";", "and", "&",
          "J.", "12", "(3)", ":", "45-67", "doi", "10.1000/x", "Fig.", "No.", "A.", "? ", "!", "…", '"', "Le Blanc K",
          "1.", "\u2019", "x", "van-Gogh", "[1]", "[1, 2]", "[1-3]", "1234567", ".5", "KB", "Beijing 100000", "Hello",
          "world", "e.g.", "\n", "[a](b)", "[", "]", "**", "# ", "- ", "92.7%", "one", "Forty-one", "patients",
          "while", "but", "or", "\t", "a@b.org", "x.y@z", "U.S.", "respectively", "ILD", "www.x.com", "years",
          "5-year", "months", " - ", "day", "NCT01234567", "Phase II", "phase 2", "June 2019", "Sept", "of", "half",
          "third", "quarter", "week", "MB", "http://x.org/a", "Table", "Suppl", "ſupp"]
token_text = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=30).map("".join)


def noise_spans(patterns, text):
    out = []
    for _, pattern, *_ in patterns:
        group = "span" if "span" in pattern.groupindex else 0
        out.append([(m.start(group), m.end(group)) for m in pattern.finditer(text)])
    return out


def same_as_before(text: str) -> None:
    norm = numbers.normalise(text)
    assert noise_spans(sources._NOISE_SPANS, norm) == noise_spans(OLD_SOURCES["_NOISE_SPANS"], norm)
    every_pattern_run = [(s, e, reason) for (reason, *_), spans in zip(sources._NOISE_SPANS,
                                                                       noise_spans(sources._NOISE_SPANS, norm))
                         for s, e in spans if not sources._REGISTRY.fullmatch(norm[s:e].strip())]
    assert sources.noise_spans(norm) == every_pattern_run  # a pattern skipped for want of its literals finds nothing
    assert numbers._scan_quantities(text) == numbers._scan_quantities(text, literals={})  # and so for numbers
    assert bool(sources._CITATION_LINE.search(text)) == bool(OLD_SOURCES["_CITATION_LINE"].search(text))
    for name in ("_REFERENCE_ENTRY", "_JOURNAL_LINE"):
        new, old = getattr(sources, name).match(text), OLD_SOURCES[name].match(text)
        assert (new and new.span()) == (old and old.span())
    assert [m.span() for m in sources._SENT_END.finditer(text)] == [m.span() for m in OLD_SOURCES["_SENT_END"].finditer(text)]
    assert readability.strip_markdown(text) == OLD_READABILITY.strip_markdown(text)
    assert [m.span() for m in stretches.clause_breaks(text, 0, len(text))] == \
        [m.span() for m in OLD_CLAUSE_BREAK.finditer(text)]
    assert [m.start() for m in numbers._NUMBER_STARTS.finditer(norm)] == \
        [m.start() for m in OLD_NUMBER_STARTS.finditer(norm)]
    # the linear pattern reads an address from the start of its run of address characters only, so an address
    # glued to the one before it ('a@b.org..c@d.org') is part of that run: every other address is found the same
    assert [m.span() for m in NEW_EMAIL.finditer(text)] == [
        m.span() for m in OLD_EMAIL.finditer(text) if m.start() == 0 or not re.match(r"[\w.+-]", text[m.start() - 1])]
    for i in range(0, len(text), max(1, len(text) // 20)):
        new, old = numbers._TIME_AFTER.match(text, i), OLD_TIME_AFTER.match(text, i)
        assert (new and new.span()) == (old and old.span())


def test_linear_patterns_find_what_the_old_ones_found_on_the_projects_texts():
    for text in NORMAL:
        same_as_before(text)


@settings(max_examples=400, deadline=None)
@given(token_text)
@example("et al\nBeijing 10000045-67")  # a year and a page range on the line after 'et al': not a citation line
@example("Smith,\nJ., Title 12(3):45")  # an author broken after its comma still is
@example("Of the 41, 38 were alive in June 2019 (phase 2, NCT01234567); half of them by week 4, see Table 2, 3 MB")
def test_linear_patterns_find_what_the_old_ones_found_on_citation_like_text(text):
    same_as_before(text)


@settings(max_examples=200, deadline=None)
@given(token_text, st.integers(0, 40), st.integers(0, 40))
def test_clause_breaks_between_two_places_are_the_old_ones(text, a, b):
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    assert [m.span() for m in stretches.clause_breaks(text, a, b)] == [m.span() for m in OLD_CLAUSE_BREAK.finditer(text, a, b)]


@settings(max_examples=200, deadline=None)
@given(token_text)
def test_page_sentences_hold_every_word_once_in_order_and_never_cross_a_blank_line(text):
    sentences = readability.split_sentences(text)
    clean = readability.strip_markdown(text)
    assert [w for s in sentences for w in s.words] == readability.words(clean)
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:]))
    assert not any(re.search(r"\n[ \t]*\n", text[s.start:s.end]) for s in sentences)
