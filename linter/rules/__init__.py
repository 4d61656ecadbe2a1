"""The rule registry: every finding the linter can emit has a code, a name and a doc, side by side.

A rule module defines its checks with the `rule` decorator; registering a new module is one line in
`RULE_MODULES`. Examples (`okay` / `fail`) are run by tests/test_rule_examples.py.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

RULE_MODULES = (
    "linter.rules.page_rules",
    "linter.rules.factcheck_rules",
    "linter.rules.plain_language",
    "linter.rules.chart_rules",
    "linter.rules.glossary_terms",
    "linter.rules.safety",
)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    what: str
    why: str
    example: str
    okay: tuple[Any, ...] = ()  # page bodies (str) or page dicts that must not trigger the rule
    fail: tuple[Any, ...] = ()  # ... that must trigger it
    check: Callable[..., Iterable[Any]] | None = field(default=None, compare=False)

    def doc(self) -> str:
        return (
            f"{self.code} {self.name} ({self.severity})\n\n"
            f"What it flags: {self.what}\n\nWhy: {self.why}\n\nExample:\n{self.example}\n"
        )


REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: str, *, what: str, why: str, example: str,
         okay: tuple = (), fail: tuple = ()) -> Callable:
    """Register a rule. Decorates its check function, or use `register_rule` for engine-made codes."""

    def decorate(check: Callable | None) -> Callable | None:
        if code in REGISTRY:
            raise ValueError(f"duplicate rule code {code}")
        REGISTRY[code] = Rule(code, name, severity, what, why, example, tuple(okay), tuple(fail), check)
        return check

    return decorate


def register_rule(code: str, name: str, severity: str, **docs: Any) -> None:
    """Register a code whose findings are made by an engine (fact-check, page loading), not a check."""
    rule(code, name, severity, **docs)(None)


def load_rules() -> dict[str, Rule]:
    for module in RULE_MODULES:
        importlib.import_module(module)
    return REGISTRY


def get_rule(code: str) -> Rule:
    load_rules()
    return REGISTRY[code]
