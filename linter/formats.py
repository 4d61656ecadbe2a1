"""Output formats. Each formatter turns the same FileReports into one string; nothing else formats findings."""
from __future__ import annotations

import json
from dataclasses import asdict
from typing import Callable

from .model import FileReport

JSON_SCHEMA_VERSION = "1.0"


def format_text(reports: list[FileReport]) -> str:
    lines = []
    for report in reports:
        for f in report.findings:
            lines.append(f"{report.path}:{f.line}:{f.column}: {f.code} {f.message}")
    counts = {s: sum(1 for r in reports for f in r.findings if f.severity == s) for s in ("error", "warning", "suggestion")}
    claims = [c for r in reports for c in r.claims]
    supported = sum(1 for c in claims if c.status == "supported")
    lines.append(
        f"{len(reports)} page(s): {counts['error']} error(s), {counts['warning']} warning(s), "
        f"{counts['suggestion']} suggestion(s); {supported} of {len(claims)} number(s) supported by the sources"
    )
    return "\n".join(lines) + "\n"


def report_dict(report: FileReport) -> dict:
    return {
        "path": report.path,
        "claims": [asdict(c) for c in report.claims],
        "findings": [asdict(f) for f in report.findings],
        "readability": [asdict(r) for r in report.readability],
    }


def format_json(reports: list[FileReport]) -> str:
    return json.dumps({"schema_version": JSON_SCHEMA_VERSION, "files": [report_dict(r) for r in reports]},
                      ensure_ascii=False, indent=1) + "\n"


FORMATTERS: dict[str, Callable[[list[FileReport]], str]] = {
    "text": format_text,
    "json": format_json,
}
