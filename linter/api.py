"""The public core: lint one page (or many) and get plain data back. No printing, no exits."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from . import factcheck, readability
from .model import Claim, FileReport, Finding, Readability
from .page import Page, parse_page, read_page
from .review import apply_pins, apply_suppressions
from .rules import load_rules
from .settings import SETTINGS
from .sources import OUTSIDE_PROBLEM, Library, Source, load_library, valid_source_id

__version__ = "0.1.0"


@dataclass
class PageContext:
    """What a rule's check function sees."""

    page: Page
    settings: dict
    library: Library
    cited: list[Source]
    claims: tuple[Claim, ...] = ()
    readability: tuple[Readability, ...] = ()
    extra: dict = field(default_factory=dict)


def merged_settings(overrides: dict | None = None) -> dict:
    settings = copy.deepcopy(SETTINGS)
    for section, values in (overrides or {}).items():
        if isinstance(values, dict) and isinstance(settings.get(section), dict):
            settings[section].update(values)
        else:
            settings[section] = values
    return settings


@lru_cache(maxsize=8)
def _library(folder: str, stamp: tuple) -> Library:
    return load_library(folder, SETTINGS["limits"]["max_source_bytes"])


def library_for(folder: str | Path) -> Library:
    """The sources of a folder, read once per process while the folder is unchanged."""
    folder = Path(folder)
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir() if p.is_file()))
    return _library(str(folder.resolve()), stamp)


class Linter:
    """Lints pages against one sources folder. Reuse one instance: sources are read and indexed once."""

    def __init__(self, sources: str | Path = "seeds", settings: dict | None = None):
        self.sources_dir = Path(sources)
        self.settings = merged_settings(settings)
        self.library = library_for(self.sources_dir)
        self.context = factcheck.SourceContext(factcheck.load_vocabulary())
        load_rules()

    def lint_file(self, path: str | Path) -> FileReport:
        return self._lint(read_page(path))

    def lint_text(self, text: str | bytes, path: str = "<page>") -> FileReport:
        raw = text.encode("utf-8") if isinstance(text, str) else text
        return self._lint(parse_page(path, raw))

    def _lint(self, page: Page) -> FileReport:
        if page.data is None:
            return FileReport(page.path, findings=tuple(sorted(page.findings, key=_order)))
        cited = self._cited_sources(page)
        claims = factcheck.run(page, list(cited.values()), self.settings["limits"]["max_claims_per_page"], self.context)
        if len(claims) >= self.settings["limits"]["max_claims_per_page"]:
            page.add("PG010", f"more than {self.settings['limits']['max_claims_per_page']} numbers on one page; "
                     "the rest are not checked", line=1, column=1)
        apply_pins(page, claims, cited)
        claim_findings, by_finding = [], {}
        from .rules import get_rule
        for c in claims:
            code = factcheck.STATUS_CODES.get(c.status)
            if not code:
                continue
            line, column = c.field.position(c.q.start)
            rule = get_rule(code)
            finding = Finding(code, rule.severity, line, column, _claim_message(c), c.field.path, rule.name)
            claim_findings.append(finding)
            by_finding[id(finding)] = c
        ctx = PageContext(page, self._page_settings(page), self.library, list(cited.values()))
        ctx.claims = tuple(factcheck.to_claim(c) for c in claims)
        ctx.readability = readability.page_scores(page, ctx.settings)  # before the rules: RD* checks read it
        findings = list(page.findings) + claim_findings
        for rule in load_rules().values():
            if rule.check is not None:
                findings.extend(rule.check(ctx))
        page.findings = []
        findings = apply_suppressions(page, findings, by_finding) + page.findings
        claims_out = tuple(factcheck.to_claim(c) for c in claims)
        return FileReport(page.path, claims_out, tuple(sorted(findings, key=_order)), ctx.readability, page.data)

    def _page_settings(self, page: Page) -> dict:
        settings = copy.deepcopy(self.settings)
        grade = (page.data or {}).get("target_grade")
        if isinstance(grade, (int, float)) and not isinstance(grade, bool):
            settings["readability"]["target_grade"] = grade
        return settings

    def _cited_sources(self, page: Page) -> dict[str, Source]:
        cited: dict[str, Source] = {}
        ids = page.data.get("sources") if isinstance(page.data, dict) else None
        if not isinstance(ids, list):
            return cited
        for i, source_id in enumerate(ids):
            if not isinstance(source_id, str) or not source_id:
                continue  # already a PG005 finding
            path = f"sources[{i}]"
            if not valid_source_id(source_id):
                page.add("PG009", f"source '{source_id[:80]}' is not a source id: ids name files inside the sources "
                                  "folder, never paths", path)
                continue
            source = self.library.get(source_id) or self.library.get(Path(source_id).stem if source_id.endswith(".txt") else "")
            if source is None:
                known = ", ".join(sorted({s.id for s in self.library.all()})[:8])
                page.add("PG008", f"unknown source '{source_id}' (known: {known})", path)
                continue
            if source.problem == OUTSIDE_PROBLEM:
                page.add("PG009", f"source '{source_id}' {source.problem}; it is never read", path)
                continue
            if source.problem:
                page.add("SRC001", f"source '{source_id}' {source.problem}; its numbers cannot be checked", path)
                continue
            cited[source_id] = source
            for alias in source.ids:
                cited.setdefault(alias, source)
        return cited

    def lint_paths(self, paths: Iterable[str | Path]) -> list[FileReport]:
        return [self.lint_file(p) for p in expand_paths(paths)]


def _claim_message(c: factcheck.PageClaim) -> str:
    text = c.q.text.strip()
    if c.status == "unsupported":
        return f"'{text}' is not stated by the cited sources; {c.note}"
    if c.status == "context_mismatch":
        return f"'{text}': {c.note}"
    if c.status == "out_of_tolerance":
        return f"'{text}' is outside the stated precision; {c.note}"
    return f"'{text}': {c.note}"


def _order(f: Finding):
    return (f.line, f.column, f.code)


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders to their *.yaml / *.yml pages, sorted."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml") and q.is_file()))
        else:
            out.append(p)
    return out


_DEFAULT: dict[str, Linter] = {}


def lint_page(path: str | Path | None = None, *, text: str | bytes | None = None, sources: str | Path = "seeds",
              settings: dict | None = None) -> FileReport:
    """Lint one page, from a file or from text; returns a FileReport (claims, findings, readability, page)."""
    key = f"{Path(sources).resolve()}|{settings!r}"
    linter = _DEFAULT.get(key)
    if linter is None:
        linter = _DEFAULT[key] = Linter(sources, settings)
    if text is not None:
        return linter.lint_text(text, str(path or "<page>"))
    return linter.lint_file(path)
