"""Baselines: record today's findings so that CI only fails on new ones.

A finding is keyed by its page (relative to the baseline file), code, field and a fingerprint of what it is
about: the claim's text for a number finding, otherwise the message with line numbers blanked. Line and column
are not part of the key, so moving text up or down a page does not make old findings "new". Keys are counted:
a baseline with one FC001 for '97.2%' hides one such finding, and a second copy of the same wrong number is new.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from .model import FileReport, Finding

BASELINE_VERSION = 1
_LINE_REF = re.compile(r"\blines? \d+(?:[-–]\d+)?")


class BaselineError(ValueError):
    """A baseline file that cannot be read or written; the message names the file."""


def subject(report: FileReport, finding: Finding) -> str:
    """What a finding is about, independent of where on the page it sits."""
    for claim in report.claims:
        if claim.field == finding.field and (claim.line, claim.column) == (finding.line, finding.column) \
                and not claim.supported:
            return "claim:" + " ".join(claim.text.split())
    return "message:" + _LINE_REF.sub("line N", " ".join(finding.message.split()))


def fingerprint(report: FileReport, finding: Finding) -> str:
    """A short stable hash of the finding's code, field and subject (no path, no line numbers)."""
    text = "\x1f".join((finding.code, finding.field, subject(report, finding)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _page_key(path: str, root: Path) -> str:
    try:
        return Path(os.path.relpath(Path(path).resolve(), root)).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).resolve().as_posix()


def _key(report: FileReport, finding: Finding, root: Path) -> tuple[str, str, str, str]:
    return (_page_key(report.path, root), finding.code, finding.field, fingerprint(report, finding))


def build(reports: list[FileReport], baseline_path: str | Path) -> dict:
    """The baseline document (JSON-ready) for these reports, with paths relative to the baseline's folder."""
    root = Path(baseline_path).resolve().parent
    entries = Counter()
    messages: dict[tuple, str] = {}
    for report in reports:
        for finding in report.findings:
            key = _key(report, finding, root)
            entries[key] += 1
            messages.setdefault(key, finding.message)
    return {
        "tool": "explainer-lint",
        "version": BASELINE_VERSION,
        "findings": [
            {"path": k[0], "code": k[1], "field": k[2], "fingerprint": k[3], "count": n, "message": messages[k]}
            for k, n in sorted(entries.items())
        ],
    }


def write(reports: list[FileReport], baseline_path: str | Path) -> int:
    """Write a baseline; returns how many findings it holds."""
    document = build(reports, baseline_path)
    try:
        Path(baseline_path).write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise BaselineError(f"{baseline_path}: cannot write the baseline ({exc.strerror})") from None
    return sum(e["count"] for e in document["findings"])


def read(baseline_path: str | Path) -> Counter:
    """The counted keys of a baseline file. Raises BaselineError for a missing or malformed file."""
    path = Path(baseline_path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: cannot read the baseline ({exc})") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(f"{path}:{exc.lineno}:{exc.colno}: the baseline is not valid JSON ({exc.msg})") from None
    if not isinstance(document, dict) or not isinstance(document.get("findings"), list):
        raise BaselineError(f"{path}: not an explainer-lint baseline (expected an object with a 'findings' list)")
    if document.get("version") != BASELINE_VERSION:
        raise BaselineError(f"{path}: baseline version {document.get('version')!r} is not supported "
                            f"(expected {BASELINE_VERSION}); write it again with --write-baseline")
    keys: Counter = Counter()
    for i, entry in enumerate(document["findings"]):
        try:
            key = (str(entry["path"]), str(entry["code"]), str(entry["field"]), str(entry["fingerprint"]))
            count = int(entry.get("count", 1))
        except (TypeError, KeyError, ValueError):
            raise BaselineError(f"{path}: entry {i} needs path, code, field and fingerprint") from None
        keys[key] += max(count, 0)
    return keys


def filter_new(reports: list[FileReport], known: Counter, baseline_path: str | Path) -> tuple[list[FileReport], int]:
    """Reports holding only findings not in the baseline, and how many findings the baseline hid."""
    root = Path(baseline_path).resolve().parent
    remaining = Counter(known)
    hidden = 0
    out = []
    for report in reports:
        kept = []
        for finding in report.findings:
            key = _key(report, finding, root)
            if remaining[key] > 0:
                remaining[key] -= 1
                hidden += 1
            else:
                kept.append(finding)
        out.append(replace(report, findings=tuple(kept)))
    return out, hidden


__all__ = ["BaselineError", "build", "filter_new", "fingerprint", "read", "write"]
