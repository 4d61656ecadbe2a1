"""Output formats. Each formatter turns the same FileReports into one string; nothing else formats findings.

- text:   `path:line:col: severity: CODE message`, then a one-line summary (for people and problem matchers)
- json:   the contract in docs/json.md (for tools)
- sarif:  SARIF 2.1.0, for GitHub code scanning and editors
- github: GitHub Actions workflow commands (`::error file=...::...`), annotations on pull requests
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from . import links
from .api import __version__
from .baseline import fingerprint
from .model import SEVERITIES, FileReport, Finding
from .rules import Rule, load_rules

JSON_SCHEMA_VERSION = "1.0"
TOOL_NAME = links.TOOL_NAME
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}
GITHUB_COMMANDS = {"error": "error", "warning": "warning", "suggestion": "notice"}


def summary(reports: list[FileReport]) -> str:
    counts = {s: sum(1 for r in reports for f in r.findings if f.severity == s) for s in SEVERITIES}
    claims = [c for r in reports for c in r.claims]
    supported = sum(1 for c in claims if c.status == "supported")
    return (
        f"{len(reports)} page(s): {counts['error']} error(s), {counts['warning']} warning(s), "
        f"{counts['suggestion']} suggestion(s); {supported} of {len(claims)} number(s) supported by the sources"
    )


def format_text(reports: list[FileReport]) -> str:
    lines = []
    for report in reports:
        for f in report.findings:
            lines.append(f"{report.path}:{f.line}:{f.column}: {f.severity}: {f.code} {f.message}")
    lines.append(summary(reports))
    return "\n".join(lines) + "\n"


def _plain(obj) -> dict:
    """A flat result as a dict, fields in their declared order (dataclasses.asdict deep-copies every field and
    is slow on thousands of pages)."""
    return dict(obj.__dict__)


def _claim_dict(claim) -> dict:
    out = _plain(claim)
    out["evidence"] = [_plain(e) for e in claim.evidence]
    return out


def report_dict(report: FileReport) -> dict:
    return {
        "path": report.path,
        "claims": [_claim_dict(c) for c in report.claims],
        "findings": [_plain(f) for f in report.findings],
        "readability": [_plain(r) for r in report.readability],
    }


def format_json(reports: list[FileReport]) -> str:
    # Compact: json's C encoder only runs without indent, and CI output for thousands of pages is large.
    return json.dumps({"schema_version": JSON_SCHEMA_VERSION, "files": [report_dict(r) for r in reports]},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


# --- SARIF 2.1.0 -----------------------------------------------------------------------------------------

def _sarif_rule(rule: Rule, root: Path) -> dict:
    help_uri = links.rule_url(rule.code, root)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.what},
        "fullDescription": {"text": f"{rule.what} {rule.why}".strip()},
        "help": {"text": rule.doc()},
        **({"helpUri": help_uri} if help_uri else {}),
        "defaultConfiguration": {"level": SARIF_LEVELS.get(rule.severity, "warning")},
        "properties": {"severity": rule.severity},
    }


def _artifact(path: str) -> dict:
    p = Path(path)
    if p.is_absolute():
        return {"uri": p.as_uri()}
    return {"uri": p.as_posix(), "uriBaseId": "%SRCROOT%"}


def format_sarif(reports: list[FileReport]) -> str:
    """Paths in `reports` should be relative to the repository root (the CLI makes them so): results name them
    against %SRCROOT%, which `originalUriBaseIds` sets to that root."""
    root = links.repo_root()
    registry = load_rules()
    rules = [_sarif_rule(rule, root) for _, rule in sorted(registry.items())]
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for report in reports:
        for f in report.findings:
            if f.code not in index:  # a code nobody registered: still report it, with a minimal rule
                index[f.code] = len(rules)
                rules.append({"id": f.code, "name": f.name or f.code, "shortDescription": {"text": f.code},
                              "defaultConfiguration": {"level": SARIF_LEVELS.get(f.severity, "warning")}})
            results.append({
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": SARIF_LEVELS.get(f.severity, "warning"),
                "message": {"text": f"{f.code} {f.message}"},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": _artifact(report.path),
                        "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
                    },
                    **({"logicalLocations": [{"name": f.field, "kind": "member"}]} if f.field else {}),
                }],
                "partialFingerprints": {"explainerLint/v1": fingerprint(report, f)},
            })
    info = links.information_url(root)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": TOOL_NAME,
                "version": __version__,
                "semanticVersion": __version__,
                **({"informationUri": info} if info else {}),
                "rules": rules,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


# --- GitHub Actions workflow commands ---------------------------------------------------------------------

def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(path: str, f: Finding) -> str:
    command = GITHUB_COMMANDS.get(f.severity, "warning")
    props = f"file={_escape_property(Path(path).as_posix())},line={max(f.line, 1)},col={max(f.column, 1)}," \
            f"title={_escape_property(f.code)}"
    return f"::{command} {props}::{_escape_data(f'{f.code} {f.message}')}"


def format_github(reports: list[FileReport]) -> str:
    lines = [github_annotation(report.path, f) for report in reports for f in report.findings]
    lines.append(summary(reports))
    return "\n".join(lines) + "\n"


FORMATTERS: dict[str, Callable[[list[FileReport]], str]] = {
    "text": format_text,
    "json": format_json,
    "sarif": format_sarif,
    "github": format_github,
}
