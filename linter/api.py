"""The public core: lint one page (or many) and get plain data back. No printing, no exits."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from . import charts, factcheck, readability
from .cache import Cache, code_digest, digest, settings_digest
from .model import Claim, FileReport, Finding, Readability
from .page import Page, parse_page, read_page
from .settings import SETTINGS as _DEFAULTS
from .review import apply_pins, apply_suppressions
from .rules import load_rules
from .settings import SETTINGS
from .works import Works
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


def library_for(folder: str | Path, cache: Cache | None = None) -> Library:
    """The sources of a folder, read once per process while the folder is unchanged; with a cache, parsed once
    per content of the folder (every file's bytes) and linter version."""
    folder = Path(folder)
    if cache is not None:
        library = cached_library(folder, cache)
        if library is None:
            library = library_for(folder)
            cache.put("library", _folder_digest(folder), library)
        return library
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir() if p.is_file()))
    return _library(str(folder.resolve()), stamp)


def cached_library(folder: str | Path, cache: Cache | None) -> Library | None:
    """The parsed sources of a folder as the cache holds them for its current content, if it does."""
    if cache is None:
        return None
    library = cache.get("library", _folder_digest(Path(folder)))
    return library if isinstance(library, Library) else None


def _folder_digest(folder: Path) -> str:
    """Every file directly in a sources folder, by name and bytes (links out of the folder by name only)."""
    root = folder.resolve()
    parts: list[str | bytes] = [code_digest(), str(_DEFAULTS["limits"]["max_source_bytes"])]
    for p in sorted(folder.iterdir()):
        if not p.is_file():
            continue
        parts.append(p.name)
        try:
            parts.append(p.read_bytes() if p.resolve().is_relative_to(root) else b"<outside>")
        except OSError as exc:
            parts.append(f"<unreadable {exc.errno}>")
    return digest(*parts)


class Linter:
    """Lints pages against one sources folder. Reuse one instance: sources are read and indexed once.

    With a `cache` (linter.cache.Cache), page results and parsed sources are kept between runs, keyed on content.
    A `library` already read from `sources` (e.g. by another process) is used as it is.
    """

    def __init__(self, sources: str | Path = "seeds", settings: dict | None = None, cache: Cache | None = None,
                 library: Library | None = None):
        self.sources_dir = Path(sources)
        self.settings = merged_settings(settings)
        self.cache = cache
        self.library = library if library is not None else library_for(self.sources_dir, cache)
        self.context = factcheck.SourceContext(factcheck.load_vocabulary(), cache, Works(self.library.works))
        load_rules()
        self._cache_base = self._base_key() if cache is not None else ""

    def _base_key(self) -> str:
        """What every page's result depends on besides its own bytes and its cited sources' content."""
        catalog = b""
        if self.library.catalog_path:
            try:
                catalog = Path(self.library.catalog_path).read_bytes()
            except OSError:
                catalog = b"<unreadable>"
        shape = sorted((key, s.id, s.stem, s.problem) for key, s in self.library.by_id.items())
        return digest(code_digest(), settings_digest(self.settings), catalog, repr(shape))

    def _source_state(self, source_id: str) -> str:
        source = self.library.get(source_id) or self.library.get(Path(source_id).stem if source_id.endswith(".txt") else "")
        return f"{source.digest}|{source.problem}" if source is not None else ""

    def cached(self, path: str | Path) -> FileReport | None:
        """The stored result of this page, if nothing it depends on has changed (None without a cache)."""
        if self.cache is None:
            return None
        raw = _read_bytes(path, _DEFAULTS["limits"]["max_file_bytes"])
        return None if raw is None else self._stored(digest(self._cache_base, str(path), raw))

    def _stored(self, key: str) -> FileReport | None:
        hit = self.cache.get("page", key)
        if isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[1], FileReport):
            deps, report = hit
            if all(self._source_state(i) == state for i, state in deps):
                return report
        return None

    def lint_file(self, path: str | Path) -> FileReport:
        if self.cache is None:
            return self._lint(read_page(path))
        raw = _read_bytes(path, _DEFAULTS["limits"]["max_file_bytes"])
        if raw is None:
            return self._lint(read_page(path))  # unreadable: the usual finding, never cached
        key = digest(self._cache_base, str(path), raw)
        report = self._stored(key)
        if report is not None:
            self.cache.hits += 1
            return report
        self.cache.misses += 1
        report = self._lint(parse_page(str(path), raw))
        ids = report.page.get("sources") if isinstance(report.page, dict) else None
        deps = tuple((i, self._source_state(i)) for i in (ids if isinstance(ids, list) else []) if isinstance(i, str))
        self.cache.put("page", key, (deps, report))
        return report

    def lint_text(self, text: str | bytes, path: str = "<page>") -> FileReport:
        raw = text.encode("utf-8") if isinstance(text, str) else text
        return self._lint(parse_page(path, raw))

    def _lint(self, page: Page) -> FileReport:
        if page.data is None:
            return FileReport(page.path, findings=tuple(sorted(page.findings, key=_order)))
        cited = self._cited_sources(page)
        claims = factcheck.run(page, list(cited.values()), self.settings["limits"]["max_claims_per_page"], self.context)
        claims += self._chart_claims(page, cited, self.settings["limits"]["max_claims_per_page"] - len(claims))
        if len(claims) >= self.settings["limits"]["max_claims_per_page"]:
            page.add("PG010", f"{self.settings['limits']['max_claims_per_page']} or more numbers on one page; "
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
            finding = Finding(code, rule.severity, line, column, _claim_message(c), charts.claim_path(c), rule.name)
            claim_findings.append(finding)
            by_finding[id(finding)] = c
        ctx = PageContext(page, self._page_settings(page), self.library, list(cited.values()))
        ctx.claims = tuple(charts.to_claim(c) for c in claims)
        ctx.readability = readability.page_scores(page, ctx.settings)  # before the rules: RD* checks read it
        findings = list(page.findings) + claim_findings
        for rule in load_rules().values():
            if rule.check is not None:
                findings.extend(_run_check(rule, ctx))
        page.findings = []
        findings = apply_suppressions(page, findings, by_finding) + page.findings
        claims_out = tuple(charts.to_claim(c) for c in claims)
        return FileReport(page.path, claims_out, tuple(sorted(findings, key=_order)), ctx.readability, page.data)

    def _chart_claims(self, page: Page, cited: dict[str, Source], room: int) -> list[factcheck.PageClaim]:
        """The numbers of every trend and table, each checked against the source its trend or row names, through
        the same fact-check as the text (its sentences are the ones linter/charts.py makes)."""
        out: list[factcheck.PageClaim] = []
        for group in page.charts:
            by_source: dict[str, list] = {}
            for f in group.fields:
                by_source.setdefault(f.source, []).append(f)
            for source_id, fields in by_source.items():
                if room - len(out) <= 0:
                    return out
                source = cited.get(source_id)
                sources = [source] if source is not None else []  # a source the page does not cite: PG011
                part = Page(page.path, data=page.data, fields=fields, text=page.text)
                found = factcheck.run(part, sources, room - len(out), self.context)
                out.extend(c for c in found if c.field.claims_at(c.q.start))
        return out

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


def _read_bytes(path: str | Path, limit: int) -> bytes | None:
    """A page's bytes as read_page reads them (at most limit + 1), or None when it cannot be read."""
    try:
        with Path(path).open("rb") as handle:
            return handle.read(limit + 1)
    except OSError:
        return None


def warm_up() -> None:
    """Load what every page needs (spaCy, the vocabulary, the syllable table), e.g. before forking workers."""
    from .nlp import load_nlp

    load_nlp()
    factcheck.load_vocabulary()
    readability.warm_up()


def _run_check(rule, ctx: PageContext) -> list[Finding]:
    """A rule that crashes on some page is a bug; the writer gets a finding that says so, never a traceback."""
    try:
        return list(rule.check(ctx))
    except Exception as exc:  # noqa: BLE001 - the safety net is the point
        from .rules import get_rule

        internal = get_rule("LNT001")
        return [Finding("LNT001", internal.severity, 1, 1,
                        f"rule {rule.code} ({rule.name}) failed on this page ({type(exc).__name__}); "
                        "the page could not be fully checked; please report this", "", internal.name)]


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
