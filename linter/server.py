"""`explainer-lint server`: a language server (LSP over stdio) that lints the open page as the writer types.

- Lints a page when it is opened or saved, and after each change once the writer pauses (`debounce`, 0.3 s).
- Each finding is a diagnostic with its severity, its code (linked to the rule's section in docs/rules.md when
  a link is known, see linter/links.py) and, for a fact-check finding, the source sentence as related
  information, pointing at the line of the source file.
- Quick fixes are offered only where the fix is certain, and the linter checks each one before offering it
  (it lints the page with the fix applied; the fix must clear its finding and add no error):
  an out-of-tolerance number is replaced by the value the source states (FC003), and a percentage gets the
  natural frequency its own evidence gives ('92.7%' -> '92.7% (38 out of 41 people)', PL007).
  Nothing is changed unless the writer applies a fix.

Settings come from the page's config file (found from the page's folder upwards), as on the command line;
the sources folder is the config's `sources`, else the nearest `seeds/` from the page's folder upwards.
Initialization options may set `sources` (a folder) and `debounce` (seconds).
"""
from __future__ import annotations

import asyncio
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from . import links
from .api import Linter, __version__
from .config import Config, ConfigError, find_config, load_config
from .model import Claim, FileReport, Finding

DEBOUNCE_SECONDS = 0.3
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "suggestion": types.DiagnosticSeverity.Information}
_SOURCE_REF = re.compile(r"\b([\w.-]+) line (\d+)\)?")
_SOURCE_SAYS = re.compile(r"source says ([^\s:,;]+)")
_FRACTION = re.compile(r"^(\d[\d,]*)\s*(?:out of|of|/|in)\s*(\d[\d,]*)$")


@dataclass
class Linted:
    """The last lint of one open document."""

    version: int | None
    text: str
    report: FileReport
    linter: Linter


class PageServer(LanguageServer):
    def __init__(self):
        super().__init__("explainer-lint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.debounce = DEBOUNCE_SECONDS
        self.sources_override: str | None = None
        self.pending: dict[str, asyncio.Task] = {}
        self.linted: dict[str, Linted] = {}
        self.linters: dict[str, tuple[tuple, Linter]] = {}
        self.worker = ThreadPoolExecutor(max_workers=1)  # one lint at a time: the linter is not thread-safe


server = PageServer()


# --- linting ------------------------------------------------------------------------------------

def _path_of(uri: str) -> Path:
    parsed = urlparse(uri)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else Path(uri)


def _config_for(page: Path) -> Config:
    try:
        found = find_config(page.parent if page.parent.is_dir() else Path.cwd())
        return load_config(found) if found else Config()
    except ConfigError:
        return Config()  # the command line reports a broken config; the editor still lints with defaults


def _sources_for(ls: PageServer, page: Path, config: Config) -> Path | None:
    if ls.sources_override:
        return Path(ls.sources_override)
    if config.sources:
        return Path(config.sources)
    for folder in page.resolve().parents:
        if (folder / "seeds").is_dir():
            return folder / "seeds"
    return None


def _linter_for(ls: PageServer, sources: Path, config: Config) -> Linter:
    """One linter per sources folder, made again when a source file changes (the sources are read once)."""
    key = f"{sources.resolve()}|{config.readability!r}"
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sources.iterdir() if p.is_file()))
    known = ls.linters.get(key)
    if known is None or known[0] != stamp:
        settings = {"readability": config.readability} if config.readability else None
        known = ls.linters[key] = (stamp, Linter(sources, settings))
    return known[1]


def lint_document(ls: PageServer, uri: str, text: str) -> tuple[FileReport, Linter] | None:
    page = _path_of(uri)
    config = _config_for(page)
    sources = _sources_for(ls, page, config)
    if sources is None or not sources.is_dir():
        return None
    linter = _linter_for(ls, sources, config)
    report = linter.lint_text(text, str(page))
    from .cli import selected

    findings = tuple(f for f in report.findings if selected(f.code, config.select, config.ignore))
    return FileReport(report.path, report.claims, findings, report.readability, report.page), linter


# --- diagnostics --------------------------------------------------------------------------------

def _utf16(line: str, column: int) -> int:
    """A 1-based column in characters as LSP's 0-based UTF-16 offset."""
    return len(line[:max(column - 1, 0)].encode("utf-16-le")) // 2


def _claim_at(report: FileReport, f: Finding) -> Claim | None:
    return next((c for c in report.claims if c.field == f.field and c.line == f.line and c.column == f.column), None)


def _span(text_lines: list[str], f: Finding, report: FileReport) -> types.Range:
    """The finding's range: its number when it is about one, else the word at its position."""
    index = max(f.line - 1, 0)
    line = text_lines[index] if index < len(text_lines) else ""
    start = max(f.column - 1, 0)
    claim = _claim_at(report, f)
    if claim is not None and line[start:start + len(claim.text)] == claim.text:
        end = start + len(claim.text)
    else:
        quoted = re.match(r"'([^']+)'", f.message)
        word = quoted.group(1) if quoted and line[start:start + len(quoted.group(1))] == quoted.group(1) else None
        end = start + len(word) if word else (re.match(r"\S*", line[start:]).end() + start)
        end = max(end, start + 1) if line else start
    return types.Range(types.Position(index, _utf16(line, start + 1)), types.Position(index, _utf16(line, end + 1)))


def _related(f: Finding, claim: Claim | None, linter: Linter) -> list[types.DiagnosticRelatedInformation]:
    """The source sentences behind a fact-check finding: its evidence, else the source line its message names."""
    refs: list[tuple[str, int, str]] = []
    if claim is not None:
        refs += [(e.source, e.line, e.quote) for e in claim.evidence]
    if not refs:
        refs += [(m.group(1), int(m.group(2)), "") for m in _SOURCE_REF.finditer(f.message)]
    out = []
    for source_id, line, quote in refs[:3]:
        source = linter.library.get(source_id)
        if source is None or not source.path:
            continue
        lines = source.text.splitlines()
        text = quote or (lines[line - 1].strip() if 0 < line <= len(lines) else "")
        location = types.Location(Path(source.path).resolve().as_uri(),
                                  types.Range(types.Position(max(line - 1, 0), 0), types.Position(max(line - 1, 0), 0)))
        out.append(types.DiagnosticRelatedInformation(location, f"{source.id} line {line}: {text[:300]}"))
    return out


def diagnostics(report: FileReport, text: str, linter: Linter) -> list[types.Diagnostic]:
    lines = text.split("\n")
    root = links.repo_root(Path(report.path).parent if report.path else None)
    out = []
    for f in report.findings:
        href = links.rule_url(f.code, root)
        related = _related(f, _claim_at(report, f), linter) if f.code.startswith("FC") else []
        out.append(types.Diagnostic(
            range=_span(lines, f, report),
            message=f.message,
            severity=SEVERITY.get(f.severity, types.DiagnosticSeverity.Warning),
            code=f.code,
            code_description=types.CodeDescription(href) if href else None,
            source="explainer-lint",
            related_information=related or None,
            data={"field": f.field, "line": f.line, "column": f.column},
        ))
    return out


# --- quick fixes --------------------------------------------------------------------------------

def _offset(text: str, line: int, column: int) -> int:
    """A 1-based (line, column in characters) as an offset into text."""
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[:line - 1]) + column - 1


def _agrees(percent_text: str, count: int, total: int) -> bool:
    """Whether 'N out of M' states the percentage to its written precision (92.7% is [92.65, 92.75))."""
    number = percent_text.rstrip("%").strip()
    decimals = len(number.partition(".")[2])
    half = 0.5 * 10 ** -decimals
    return total > 0 and abs(count / total * 100 - float(number)) <= half + 1e-9


def _frequency_from_evidence(claim: Claim) -> tuple[int, int] | None:
    """'N out of M' from the claim's own evidence: a fraction its source states in the same sentence, and that
    gives the same percentage."""
    for e in claim.evidence:
        fragment = e.quote[e.start:e.end].strip() if e.end > e.start else ""
        m = _FRACTION.match(fragment)
        if m:
            count, total = int(m.group(1).replace(",", "")), int(m.group(2).replace(",", ""))
            if count <= total and _agrees(claim.text, count, total):
                return count, total
    return None


def candidate_fixes(report: FileReport, text: str, f: Finding) -> list[tuple[str, int, int, str]]:
    """(title, start offset, end offset, replacement) for a finding, before they are checked."""
    claim = _claim_at(report, f)
    start = _offset(text, f.line, f.column)
    if f.code == "FC003" and claim is not None and text[start:start + len(claim.text)] == claim.text:
        said = _SOURCE_SAYS.search(f.message)
        if said:
            value = said.group(1).rstrip(".")
            return [(f"Use the value the source states: {value}", start, start + len(claim.text), value)]
    if f.code == "PL007":
        percent = re.match(r"\d[\d.,]*\s?%", text[start:])
        supported = next((c for c in report.claims if c.line == f.line and c.column == f.column
                          and c.status == "supported" and c.kind == "percent"), None)
        if percent and supported is not None:
            found = _frequency_from_evidence(supported)
            if found:
                phrase = f" ({found[0]} out of {found[1]} people)"
                end = start + percent.end()
                return [(f"Add the natural frequency:{phrase}", end, end, phrase)]
    return []


def checked_fixes(report: FileReport, text: str, f: Finding, linter: Linter) -> list[tuple[str, int, int, str]]:
    """The candidate fixes that the linter confirms: with the fix applied, the finding is gone and no new error
    appears (a fix may leave style advice, e.g. a sentence that now holds one number too many)."""
    from collections import Counter

    def errors(findings) -> Counter:
        return Counter((g.code, g.field) for g in findings if g.severity == "error")

    out = []
    for title, start, end, replacement in candidate_fixes(report, text, f):
        fixed = linter.lint_text(text[:start] + replacement + text[end:], report.path)
        cleared = not any(g.code == f.code and g.line == f.line and g.column == f.column for g in fixed.findings)
        if cleared and not errors(fixed.findings) - errors(g for g in report.findings if g is not f):
            out.append((title, start, end, replacement))
    return out


def _position(text: str, offset: int) -> types.Position:
    before = text[:offset]
    line = before.count("\n")
    line_text = before[before.rfind("\n") + 1:]
    return types.Position(line, len(line_text.encode("utf-16-le")) // 2)


# --- the protocol -------------------------------------------------------------------------------

@server.feature(types.INITIALIZE)
def _initialize(ls: PageServer, params: types.InitializeParams) -> None:
    options = params.initialization_options or {}
    if isinstance(options, dict):
        if isinstance(options.get("sources"), str):
            ls.sources_override = options["sources"]
        if isinstance(options.get("debounce"), (int, float)) and options["debounce"] >= 0:
            ls.debounce = float(options["debounce"])


def _publish(ls: PageServer, uri: str, version: int | None, text: str,
             result: tuple[FileReport, Linter] | None) -> None:
    if result is None:
        ls.window_log_message(types.LogMessageParams(
            types.MessageType.Warning, f"explainer-lint: no sources folder for {uri}; set 'sources' in the config"))
        return
    if uri not in ls.workspace.text_documents or ls.workspace.get_text_document(uri).version != version:
        return  # closed, or the writer typed on: a newer lint is on its way
    report, linter = result
    ls.linted[uri] = Linted(version, text, report, linter)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, diagnostics(report, text, linter), version))


async def _lint_later(ls: PageServer, uri: str, delay: float) -> None:
    """Lint after `delay` seconds unless a newer change cancels this first. The lint runs in a worker thread,
    so the server keeps answering; results are published from the event loop."""
    await asyncio.sleep(delay)
    document = ls.workspace.get_text_document(uri)
    version, text = document.version, document.source
    try:
        result = await asyncio.get_running_loop().run_in_executor(ls.worker, lint_document, ls, uri, text)
    except Exception as exc:  # noqa: BLE001 - the editor gets a message, the server stays up
        ls.window_log_message(types.LogMessageParams(types.MessageType.Error, f"explainer-lint failed on {uri}: {exc!r}"))
        return
    _publish(ls, uri, version, text, result)


def _schedule(ls: PageServer, uri: str, delay: float) -> None:
    previous = ls.pending.pop(uri, None)
    if previous is not None:
        previous.cancel()
    ls.pending[uri] = asyncio.ensure_future(_lint_later(ls, uri, delay))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def _did_open(ls: PageServer, params: types.DidOpenTextDocumentParams) -> None:
    _schedule(ls, params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def _did_change(ls: PageServer, params: types.DidChangeTextDocumentParams) -> None:
    _schedule(ls, params.text_document.uri, ls.debounce)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def _did_save(ls: PageServer, params: types.DidSaveTextDocumentParams) -> None:
    _schedule(ls, params.text_document.uri, 0)  # a source may have changed too


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def _did_close(ls: PageServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    task = ls.pending.pop(uri, None)
    if task is not None:
        task.cancel()
    ls.linted.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
async def _code_action(ls: PageServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    linted = ls.linted.get(params.text_document.uri)
    if linted is None:
        return []
    wanted = {(d.data or {}).get("line") for d in params.context.diagnostics if isinstance(d.data, dict)}
    first, last = params.range.start.line + 1, params.range.end.line + 1
    findings = [f for f in linted.report.findings if f.line in wanted or first <= f.line <= last]
    loop = asyncio.get_running_loop()
    actions = []
    for f in findings:
        fixes = await loop.run_in_executor(ls.worker, checked_fixes, linted.report, linted.text, f, linted.linter)
        for title, start, end, replacement in fixes:
            edit = types.TextEdit(types.Range(_position(linted.text, start), _position(linted.text, end)), replacement)
            actions.append(types.CodeAction(
                title=title, kind=types.CodeActionKind.QuickFix, is_preferred=True,
                diagnostics=[d for d in params.context.diagnostics if d.code == f.code
                             and isinstance(d.data, dict) and d.data.get("line") == f.line
                             and d.data.get("column") == f.column] or None,
                edit=types.WorkspaceEdit(changes={params.text_document.uri: [edit]})))
    return actions


def main(argv: list[str] | None = None) -> int:
    """Serve over stdio. Anything printed by mistake goes to stderr, never into the protocol stream."""
    if argv and argv not in (["--stdio"],):
        print("usage: explainer-lint server [--stdio]   (a language server over standard input and output)",
              file=sys.stderr)
        return 2
    protocol_out = sys.stdout.buffer
    sys.stdout = sys.stderr
    server.start_io(sys.stdin.buffer, protocol_out)
    return 0


__all__ = ["candidate_fixes", "checked_fixes", "diagnostics", "lint_document", "main", "server"]
