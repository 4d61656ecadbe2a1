"""The public core: lint one page (or many) and get plain data back. No printing, no exits."""
from __future__ import annotations

import copy
import os
from dataclasses import replace
from itertools import islice
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from . import charts, factcheck, page_claims, readability
from .concepts import load_vocabulary
from .page_claims import PageClaim
from .source_context import SourceContext
from .cache import Cache, code_digest, digest, settings_digest
from .model import Claim, Evidence, FileReport, Finding, Readability
from .nlp import parsed_docs
from . import stored as _stored_format  # noqa: F401  (registers the page codec)
from .page import Page, parse_page, read_limited, read_page, special_kind
from .settings import SETTINGS as _DEFAULTS
from .review import apply_pins, apply_suppressions
from .rules import load_rules
from .settings import SETTINGS
from .sources import CATALOG_NAMES, OUTSIDE_PROBLEM, Library, Source, load_library, valid_source_id
from .works import Works

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
    """The sources of a folder, read once per process while the folder is unchanged (a source is analysed only
    when a page cites it). Parsed sources are never taken from the cache: they would be code-free data too, but
    checking them would cost what reading them costs."""
    folder = Path(folder)
    return _library(str(folder.resolve()), folder_stamp(folder))


def folder_stamp(folder: str | Path) -> tuple:
    """Name, change time and size of every entry of a sources folder: changes when any file does."""
    out = []
    try:
        for p in sorted(Path(folder).iterdir()):
            try:
                st = p.stat()
                out.append((p.name, st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino))
            except OSError:
                out.append((p.name, -1, -1, -1, -1))
    except OSError:
        pass
    return tuple(out)


def cached_library(folder: str | Path, cache: Cache | None) -> Library | None:
    """Kept for callers of earlier versions: parsed sources are no longer cached on disk."""
    return None


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
        self.context = SourceContext(None, cache, Works(self.library.works))
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
        return None if raw is None else self._stored(digest(self._cache_base, str(path), raw), str(path))

    def _stored(self, key: str, path: str) -> FileReport | None:
        hit = self.cache.get("page", key)
        if isinstance(hit, tuple) and len(hit) == 2 and isinstance(hit[1], FileReport):
            deps, report = hit
            if report.path == path and all(self._source_state(i) == state for i, state in deps) \
                    and self._evidence_holds(report, {i for i, _ in deps}):
                return report
        return None

    def _evidence_holds(self, report: FileReport, cited: set[str]) -> bool:
        """Every quote of a stored result is in the source it names, one the page cites, as that source reads
        now (a stored entry can never put words in a source's mouth)."""
        allowed = {s.stem for i in cited if (s := self._source(i)) is not None}
        held = self.__dict__.setdefault("_quotes_held", set())  # (source digest, line, quote) found in the source
        for claim in report.claims:
            for ev in claim.evidence:
                source = self.library.get(ev.source)
                if source is None or ev.source not in allowed:
                    return False
                key = (source.digest, ev.line, ev.quote)
                if key not in held:
                    if not quote_in_source(source, ev):
                        return False
                    held.add(key)  # the same quote backs claims on many pages: checked once per source text
        return True

    def _source(self, source_id: str) -> Source | None:
        return self.library.get(source_id) or self.library.get(Path(source_id).stem if source_id.endswith(".txt") else "")

    def lint_file(self, path: str | Path) -> FileReport:
        if self.cache is None:
            return self._lint(read_page(path))
        raw = _read_bytes(path, _DEFAULTS["limits"]["max_file_bytes"])
        if raw is None:
            return self._lint(read_page(path))  # unreadable: the usual finding, never cached
        key = digest(self._cache_base, str(path), raw)
        report = self._stored(key, str(path))
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
        # One spaCy pass per page: the fact-check, the readability scores and the rules find its docs remembered.
        parsed_docs(readability.texts_to_parse(page) + page_claims.texts_to_parse(page, self.context.works))
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
            if c.conflict is not None:
                code = c.conflict.code  # the slot that disagrees: a sub-rule of FC002
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

    def _chart_claims(self, page: Page, cited: dict[str, Source], room: int) -> list[PageClaim]:
        """The numbers of every trend and table, each checked against the source its trend or row names, through
        the same fact-check as the text (its sentences are the ones linter/charts.py makes)."""
        out: list[PageClaim] = []
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
                catalog = next((p for p in self.library.problems if p.startswith(CATALOG_NAMES)), "")
                why = f"; the catalog was not read: {self.library.folder}/{catalog}" if catalog else ""
                page.add("PG008", f"unknown source '{source_id}' (known: {known}){why}", path)
                continue
            if not source.problem:
                source.analysed()  # a source over a limit (numbers, sentences) learns it here
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


def quote_in_source(source: Source, evidence: Evidence) -> bool:
    """Whether a quote is what the source says: its words in the source's text (on its line, when it names one),
    or what the catalog says of the source (its publication year, its registry ids)."""
    quote = evidence.quote
    if evidence.line == 0:
        meta = source.meta
        catalog = {f"year: {meta.get('year')} (catalog: {source.title})",
                   f"registry ids (catalog): {', '.join(meta.get('registry_ids', []) or [])}"}
        return quote in catalog
    words = " ".join(quote.strip("…").split())
    if not words:
        return False
    if words in " ".join(source.line_text(evidence.line).split()):
        return True
    return words in " ".join(source.text.split())  # a pinned quote may run over several lines


def _read_bytes(path: str | Path, limit: int) -> bytes | None:
    """A page's bytes as read_page reads them (at most limit + 1), or None when it cannot be read."""
    try:
        return read_limited(path, limit)
    except OSError:
        return None


def warm_up() -> None:
    """Load what every page needs (spaCy, the vocabulary, the syllable table), e.g. before forking workers."""
    from .nlp import load_nlp

    load_nlp()
    load_vocabulary()
    readability.warm_up()


def _run_check(rule, ctx: PageContext) -> list[Finding]:
    """A rule that crashes on some page is a bug; the writer gets a finding that says so, never a traceback.
    A rule reports at most `max_findings_per_rule` findings per page (the last one says so): each costs a look-up
    of its place in the file, and a hostile page could otherwise ask for hundreds of thousands."""
    limit = ctx.settings["limits"]["max_findings_per_rule"]
    try:
        found = list(islice(rule.check(ctx), limit + 1))
        if len(found) > limit:
            last = found[limit - 1]
            found = found[:limit - 1] + [replace(last, message=f"{last.message} (the first {limit} {rule.code} findings "
                                                                f"on this page; the rest are not listed)")]
        return found
    except Exception as exc:  # noqa: BLE001 - the safety net is the point
        from .rules import get_rule

        internal = get_rule("LNT001")
        return [Finding("LNT001", internal.severity, 1, 1,
                        f"rule {rule.code} ({rule.name}) failed on this page ({type(exc).__name__}); "
                        "the page could not be fully checked; please report this", "", internal.name)]


def _claim_message(c: PageClaim) -> str:
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
    """Files as given; folders to their *.yaml / *.yml pages, sorted (without the ones page_files refuses)."""
    return [p for p, refused in page_files(paths) if not refused]


def page_files(paths: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """Files as given; folders to their *.yaml / *.yml pages, sorted, each with why it is refused ("" = read it).

    A folder is walked without following links to folders, and a page that is a link to a file outside the folder
    named, or a FIFO, device or socket, is refused (never opened)."""
    out: list[tuple[Path, str]] = []
    for p in paths:
        p = Path(p)
        if not p.is_dir():
            out.append((p, ""))
            continue
        root = p.resolve()
        found = []
        for folder, dirs, names in os.walk(p, followlinks=False):
            dirs.sort()
            for name in names:
                if Path(name).suffix in (".yaml", ".yml"):
                    found.append(Path(folder) / name)
        for q in sorted(found):
            try:
                if not q.resolve().is_relative_to(root):
                    out.append((q, f"links to a file outside {p}/; not read"))
                    continue
                kind = special_kind(q.stat().st_mode)
            except (OSError, RuntimeError):  # a dangling or looping link
                out.append((q, "is a link that leads nowhere; not read"))
                continue
            out.append((q, f"is {kind}, not a page file; not read" if kind else ""))
    return out


def refused_report(path: str | Path, why: str) -> FileReport:
    """The report of a page file that is never opened: one PG001 finding saying why."""
    from .rules import get_rule

    rule = get_rule("PG001")
    return FileReport(str(path), findings=(Finding("PG001", rule.severity, 1, 1, f"the file {why}", "", rule.name),))


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
