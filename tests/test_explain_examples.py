"""The examples `--explain CODE` prints (and docs/rules.md shows) are real: each example written as

    <a page body, a page field, or a whole page file for PG codes>
      -> CODE message

is linted, and every `-> CODE message` line must be a finding the linter really reports ('…' or '...' stands for
text left out). Examples that cannot be a small page (a 20 MB file, a crashing rule) are descriptive, and listed
here with the reason."""
from __future__ import annotations

import re

import pytest
import yaml

from linter.api import Linter
from linter.rules import load_rules

LINTER = Linter("seeds")
WHOLE_FILE_PREFIXES = ("PG", "SRC")
DESCRIPTIVE = {
    "LNT001": "a rule that crashes; the test suite has none",
    "LNT002": "a page the app stopped at its time limit; the command line has none",
    "PG001": "a file that is not UTF-8 cannot be shown as text",
    "PG010": "a 20 MB file",
    "SRC001": "an empty source file in the sources folder",
    "FC006": "needs a pin, described in one line",
    "FC007": "needs a suppression that no longer matches, described in one line",
    "PL003": "needs a glossary the page never uses, described in one line",
    "PG011": "needs a page with a chart, described in one line",
    "PG012": "needs a page with a table, described in one line",
    "RD002": "a section just under the target grade",
    "RD003": "a short section, described in one line",
}
PAGE_KEYS = {"title", "summary", "sections", "key_numbers", "glossary", "unknowns", "questions", "disclaimer",
             "pins", "suppress", "sources", "target_grade"}


def split_example(example: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(input, [(code, message), ...]) for each block of input lines followed by '  -> ' lines."""
    blocks: list[tuple[list[str], list[tuple[str, str]]]] = []
    for line in example.rstrip("\n").split("\n"):
        if line.startswith("  -> "):
            code, _, message = line[len("  -> "):].partition(" ")
            blocks[-1][1].append((code, message))
        elif not blocks or blocks[-1][1]:
            blocks.append(([line], []))
        else:
            blocks[-1][0].append(line)
    return [("\n".join(text).strip("'"), expected) for text, expected in blocks]


def page_for(code: str, text: str) -> str:
    if code.startswith(WHOLE_FILE_PREFIXES):
        return text + "\n"
    fields = {}
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError:
        loaded = None
    if isinstance(loaded, dict) and set(loaded) <= PAGE_KEYS:
        fields = loaded
    else:
        fields = {"sections": [{"heading": "Details", "body": text}]}
    page = {"title": "Example", "sources": ["five-year-study"], "sections": [{"heading": "Details", "body": "Text."}]}
    page.update(fields)
    return yaml.safe_dump(page, sort_keys=False, allow_unicode=True)


def matches(expected: str, real: str) -> bool:
    parts = [p.strip() for p in re.split(r"…|\.\.\.", expected)]
    if not real.startswith(parts[0]):
        return False
    at = len(parts[0])
    for part in parts[1:]:
        found = real.find(part, at)
        if found < 0:
            return False
        at = found + len(part)
    return True


def runnable():
    for code, rule in sorted(load_rules().items()):
        if code not in DESCRIPTIVE:
            yield pytest.param(code, rule.example, id=code)


@pytest.mark.parametrize("code, example", list(runnable()))
def test_the_example_is_what_the_linter_reports(code, example):
    assert "\n  -> " in "\n" + example, f"{code}: write the example as input, then '  -> CODE message' lines"
    for text, expected in split_example(example):
        assert expected, f"{code}: every input needs its '  -> CODE message' line(s)"
        report = LINTER.lint_text(page_for(code, text), path="example.yaml")
        real = [f"{f.code} {f.message}" for f in report.findings]
        for exp_code, message in expected:
            assert any(r.startswith(exp_code + " ") and matches(message, r[len(exp_code) + 1:]) for r in real), \
                f"{code}: the example says '{exp_code} {message}'; the linter says:\n" + "\n".join(real)


def test_descriptive_examples_are_only_those_listed():
    rules = load_rules()
    assert set(DESCRIPTIVE) <= set(rules)
    for code in DESCRIPTIVE:
        assert "\n  -> " not in "\n" + rules[code].example, f"{code}'s example is runnable now: take it off the list"
