"""Editors find the page schema: yaml-language-server (the YAML extension of VS Code, Neovim's yamlls), driven over
stdio, flags a misspelt field with the repository's shipped editor setting (.vscode/settings.json), and with the
documented modeline; with neither it says nothing, which is what the setting and the modeline are for.

yaml-language-server comes from the npm registry, pinned in tests/editor/package-lock.json (`make test` installs it)."""
from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "tests" / "editor" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
TYPO = "tilte: A\nsources: [five-year-study]\nsections:\n  - heading: H\n    body: Text.\n"

pytestmark = pytest.mark.skipif(not SERVER.exists() or shutil.which("node") is None,
                                reason="yaml-language-server is not installed (make test installs it with npm)")


def vscode_schemas() -> dict:
    """The shipped setting as VS Code applies it: schema paths are relative to the workspace folder."""
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    return {(ROOT / path).resolve().as_uri(): globs for path, globs in settings["yaml.schemas"].items()}


async def _diagnostics(uri: str, text: str, schemas: dict) -> list[str]:
    client = LanguageClient("test-editor", "1")
    published: asyncio.Queue = asyncio.Queue()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def _on_diagnostics(params: types.PublishDiagnosticsParams):
        published.put_nowait(params)

    @client.feature(types.WORKSPACE_CONFIGURATION)
    def _configuration(params: types.ConfigurationParams):
        return [{"schemas": schemas, "validate": True} if item.section == "yaml" else None for item in params.items]

    await client.start_io("node", str(SERVER), "--stdio")
    try:
        await asyncio.wait_for(client.initialize_async(types.InitializeParams(
            capabilities=types.ClientCapabilities(workspace=types.WorkspaceClientCapabilities(configuration=True)),
            root_uri=ROOT.as_uri(), workspace_folders=[types.WorkspaceFolder(ROOT.as_uri(), "explainer-lint")])), 60)
        client.initialized(types.InitializedParams())
        client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
            settings={"yaml": {"schemas": schemas, "validate": True}}))
        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "yaml", 1, text)))
        while True:
            params = await asyncio.wait_for(published.get(), 60)
            if params.uri == uri:
                return [d.message for d in params.diagnostics]
    finally:
        try:
            await asyncio.wait_for(client.shutdown_async(None), 20)
            client.exit(None)
        finally:
            await client.stop()


def test_the_shipped_editor_setting_flags_a_misspelt_field_in_a_page():
    messages = asyncio.run(_diagnostics((ROOT / "explainers" / "draft.yaml").as_uri(), TYPO, vscode_schemas()))
    assert "Property tilte is not allowed." in messages
    assert any("title" in m for m in messages)


def test_the_documented_modeline_works_without_any_setting(tmp_path):
    schema = subprocess.run([sys.executable, "-m", "linter", "schema"], capture_output=True, text=True, timeout=60,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}).stdout.strip()
    text = f"# yaml-language-server: $schema={schema}\n" + TYPO
    messages = asyncio.run(_diagnostics((tmp_path / "page.yaml").as_uri(), text, {}))
    assert "Property tilte is not allowed." in messages


def test_without_the_setting_or_a_modeline_the_editor_says_nothing(tmp_path):
    messages = asyncio.run(_diagnostics((tmp_path / "page.yaml").as_uri(), TYPO, {}))
    assert not any("tilte" in m for m in messages)
