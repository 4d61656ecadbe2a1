"""The language server, driven over stdio as an editor drives it: open a page with a wrong number, get the
diagnostic (severity, code, rule link, source quote), ask for the quick fix, apply it, and see the page pass."""
from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
TIMEOUT = 180  # the first lint loads spaCy; on a busy machine that takes a while

PAGE = """title: Stem cells for a skin disease after five years
sources: [five-year-study]
sections:
  - heading: How many people were alive
    body: After 5 years, about 98% of the people in the study were still alive.
"""


def _offset(text: str, position: types.Position) -> int:
    lines = text.split("\n")
    return sum(len(x) + 1 for x in lines[:position.line]) + position.character  # ASCII pages: UTF-16 == chars


def apply(text: str, edits: list[types.TextEdit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:_offset(text, edit.range.start)] + edit.new_text + text[_offset(text, edit.range.end):]
    return text


class Session:
    def __init__(self, client: LanguageClient, published: asyncio.Queue):
        self.client, self.published = client, published

    async def diagnostics(self, uri: str, version: int | None = None) -> types.PublishDiagnosticsParams:
        while True:
            params = await asyncio.wait_for(self.published.get(), TIMEOUT)
            if params.uri == uri and (version is None or params.version == version):
                return params

    def change(self, uri: str, version: int, text: str) -> None:
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(version=version, uri=uri),
            [types.TextDocumentContentChangeWholeDocument(text=text)]))

    async def fixes(self, uri: str, diagnostic: types.Diagnostic) -> list[types.CodeAction]:
        return await asyncio.wait_for(self.client.text_document_code_action_async(types.CodeActionParams(
            types.TextDocumentIdentifier(uri), diagnostic.range, types.CodeActionContext([diagnostic]))), TIMEOUT)


async def _run(body, tmp_path: Path, options: dict | None = None):
    client = LanguageClient("test-editor", "1")
    published: asyncio.Queue = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _on_diagnostics(params: types.PublishDiagnosticsParams):
        published.put_nowait(params)

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("EXPLAINER_LINT_DOCS_URL", None)
    await client.start_io(sys.executable, "-m", "linter", "server", cwd=str(tmp_path), env=env)
    try:
        await asyncio.wait_for(client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(), root_uri=tmp_path.as_uri(),
            initialization_options={"sources": str(SEEDS), "debounce": 0.3, **(options or {})})), TIMEOUT)
        client.initialized(types.InitializedParams())
        return await body(Session(client, published))
    finally:
        try:
            await asyncio.wait_for(client.shutdown_async(None), 30)
            client.exit(None)
        finally:
            await client.stop()


def test_a_wrong_number_gets_a_located_diagnostic_and_a_quick_fix_that_clears_it(tmp_path):
    page = tmp_path / "five-years.yaml"
    page.write_text(PAGE)
    uri = page.as_uri()

    async def body(s: Session):
        s.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=PAGE)))
        published = await s.diagnostics(uri, 1)
        fc003 = [d for d in published.diagnostics if d.code == "FC003"]
        assert len(fc003) == 1, [(d.code, d.message) for d in published.diagnostics]
        d = fc003[0]
        assert d.severity == types.DiagnosticSeverity.Error and d.source == "explainer-lint"
        line = PAGE.split("\n")[4]
        assert (d.range.start.line, d.range.start.character) == (4, line.index("about 98%"))
        assert d.range.end.character == line.index("about 98%") + len("about 98%")
        assert d.code_description is not None and d.code_description.href.endswith("docs/rules.md#fc003")
        # the source sentence, at its line in the source file
        quote = d.related_information[0]
        assert quote.location.uri.endswith("/seeds/004_a8e050c38ba956b1.txt")
        assert quote.location.range.start.line == 21
        assert "92.7% (38 out of 41 patients)" in quote.message
        # suggestions are information, not errors
        pl = [x for x in published.diagnostics if x.code == "PL006" or x.code == "PL007"]
        assert all(x.severity == types.DiagnosticSeverity.Information for x in pl)

        actions = await s.fixes(uri, d)
        assert [a.title for a in actions] == ["Use the value the source states: 92.7%"]
        fixed = apply(PAGE, actions[0].edit.changes[uri])
        assert "After 5 years, 92.7% of the people" in fixed
        assert page.read_text() == PAGE  # nothing is written: the writer applies fixes in the editor
        s.change(uri, 2, fixed)
        published = await s.diagnostics(uri, 2)
        assert not [x for x in published.diagnostics if x.severity == types.DiagnosticSeverity.Error]

        # the natural frequency the evidence gives, as a quick fix for PL007
        pl007 = next(x for x in published.diagnostics if x.code == "PL007")
        actions = await s.fixes(uri, pl007)
        assert [a.title for a in actions] == ["Add the natural frequency: (38 out of 41 people)"]
        fixed2 = apply(fixed, actions[0].edit.changes[uri])
        assert "92.7% (38 out of 41 people) of the people" in fixed2
        s.change(uri, 3, fixed2)
        published = await s.diagnostics(uri, 3)
        assert not [x for x in published.diagnostics if x.code in ("PL007", "FC001", "FC002", "FC003", "FC004")]

        # the server offers no fix where none is certain: an unsupported number has none
        wrong = fixed2.replace("92.7% (38 out of 41 people)", "61.3%")
        s.change(uri, 4, wrong)
        published = await s.diagnostics(uri, 4)
        fc001 = next(x for x in published.diagnostics if x.code == "FC001")
        assert not await s.fixes(uri, fc001)

        s.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
        assert list((await s.diagnostics(uri)).diagnostics) == []

    asyncio.run(_run(body, tmp_path))


def test_changes_are_debounced_and_only_the_latest_text_is_reported(tmp_path):
    page = tmp_path / "typing.yaml"
    page.write_text(PAGE)
    uri = page.as_uri()

    async def body(s: Session):
        s.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=PAGE)))
        await s.diagnostics(uri, 1)
        for version, value in ((2, "about 9"), (3, "about 90"), (4, "92.7%")):  # typed faster than the debounce
            s.change(uri, version, PAGE.replace("about 98%", value))
        published = await s.diagnostics(uri)
        assert published.version == 4  # versions 2 and 3 were never linted
        assert not [d for d in published.diagnostics if d.code.startswith("FC")]

    asyncio.run(_run(body, tmp_path, {"debounce": 1.0}))


def test_the_server_finds_the_config_and_the_sources_of_the_page_itself(tmp_path):
    project = tmp_path / "project"
    (project / "pages").mkdir(parents=True)
    (project / "library").symlink_to(SEEDS, target_is_directory=True)
    (project / ".explainer-lint.toml").write_text('sources = "library"\nignore = ["PL", "RD"]\n')
    page = project / "pages" / "a.yaml"
    page.write_text(PAGE.replace("about 98%", "97.2%"))
    uri = page.as_uri()

    async def body(s: Session):
        s.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=page.read_text())))
        published = await s.diagnostics(uri, 1)
        codes = {d.code for d in published.diagnostics}
        assert "FC001" in codes and not any(c.startswith(("PL", "RD")) for c in codes)

    asyncio.run(_run(body, tmp_path, {"sources": None}))
