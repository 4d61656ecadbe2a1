"""Plain, frozen result types. Everything the linter finds is one of these; formatting happens at the edge."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SEVERITIES = ("error", "warning", "suggestion")


@dataclass(frozen=True)
class Evidence:
    """Where a source states a number: the source id, the quoted sentence and its 1-based line."""

    source: str
    quote: str
    line: int
    start: int = 0  # offset of the number inside `quote`, for highlighting
    end: int = 0


@dataclass(frozen=True)
class Claim:
    """One numeric claim found in a text field of a page, with its verdict."""

    field: str  # e.g. "sections[0].body"
    start: int  # character offsets in that field's string, end exclusive
    end: int
    text: str
    line: int  # 1-based position in the YAML file
    column: int
    status: str  # supported | unsupported | context_mismatch | out_of_tolerance | inconsistent | suppressed
    kind: str = "number"  # percent, fraction, count, year, duration, date, registry_id, ...
    evidence: tuple[Evidence, ...] = ()
    note: str = ""  # why it is not supported, with the nearest candidate
    pinned: bool = False

    @property
    def supported(self) -> bool:
        return self.status in ("supported", "suppressed")


@dataclass(frozen=True)
class Finding:
    """One problem at one place in one file."""

    code: str
    severity: str
    line: int
    column: int
    message: str
    field: str = ""
    name: str = ""  # the rule's name, e.g. "unsupported-number"


@dataclass(frozen=True)
class Readability:
    """Readability scores of one unit of text (a page or a section)."""

    label: str
    words: int
    sentences: int
    flesch_kincaid_grade: float
    flesch_reading_ease: float
    smog: float
    consensus: float
    reliable: bool = True


@dataclass(frozen=True)
class FileReport:
    """Everything the linter learned about one page."""

    path: str
    claims: tuple[Claim, ...] = ()
    findings: tuple[Finding, ...] = ()
    readability: tuple[Readability, ...] = ()  # first the whole page, then one per section
    page: Any = None  # the parsed page (a dict) when it could be read, for the app

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "error")

    @property
    def passed(self) -> bool:
        return not self.errors



__all__ = ["Claim", "Evidence", "Finding", "FileReport", "Readability", "SEVERITIES"]
