"""Every registered rule's own `okay` / `fail` examples: the rule's code must be absent / present."""
from __future__ import annotations

import pytest
import yaml

from linter.api import Linter
from linter.rules import load_rules

LINTER = Linter("seeds")  # one instance: sources are read and indexed once
WHOLE_FILE_PREFIXES = ("PG", "SRC")  # their examples are whole page files


def page_text(code: str, example) -> str | bytes:
    """The page file an example stands for."""
    if code.startswith(WHOLE_FILE_PREFIXES):
        return example
    fields = {"body": example} if isinstance(example, str) else dict(example)
    page = {"title": "Example", "sources": fields.pop("sources", ["five-year-study"]),
            "sections": [{"heading": "Details", "body": fields.pop("body")}]}
    page.update(fields)
    return yaml.safe_dump(page, sort_keys=False, allow_unicode=True)


def cases():
    for code, rule in sorted(load_rules().items()):
        for kind in ("okay", "fail"):
            for i, example in enumerate(getattr(rule, kind)):
                case = f"{code}-{kind}-{i}"
                yield pytest.param(code, kind, example, id=case)


@pytest.mark.parametrize("code, kind, example", list(cases()))
def test_rule_example(code, kind, example):
    report = LINTER.lint_text(page_text(code, example), path="example.yaml")
    codes = {f.code for f in report.findings}
    if kind == "fail":  # a sub-rule's code (FC0021) is its parent's finding too (FC002)
        assert code in codes or any(c.startswith(code) for c in codes), f"{code} should flag this example; got {sorted(codes)}"
    else:
        assert code not in codes, f"{code} should not flag this example: {[f.message for f in report.findings if f.code == code]}"


def test_every_check_has_examples_both_ways():
    for code, rule in load_rules().items():
        if rule.check is not None:
            assert rule.okay and rule.fail, f"{code} needs passing and failing examples"
