"""How a page's result is kept in the cache: plain JSON data, decoded by a strict schema (anything else is a miss)."""
from __future__ import annotations

import json
import math

from .cache import Miss, codec, need, need_list
from .model import SEVERITIES, Claim, Evidence, FileReport, Finding, Readability

STATUSES = frozenset({"supported", "unsupported", "context_mismatch", "out_of_tolerance", "inconsistent", "suppressed"})


def _int(value) -> int:
    return need(value, int)


def _str(value) -> str:
    return need(value, str)


def _float(value) -> float:
    value = float(need(value, (int, float)))
    if not math.isfinite(value):
        raise Miss("not finite")
    return value


def _fields(data, names: tuple[str, ...]) -> list:
    data = need(data, list)
    if len(data) != len(names):
        raise Miss("shape")
    return data


def _evidence(data) -> Evidence:
    source, quote, line, start, end = _fields(data, ("source", "quote", "line", "start", "end"))
    return Evidence(_str(source), _str(quote), _int(line), _int(start), _int(end))


def _claim(data) -> Claim:
    fld, start, end, text, line, column, status, kind, evidence, note, pinned = _fields(data, tuple("x" * 11))
    if status not in STATUSES:
        raise Miss("status")
    return Claim(_str(fld), _int(start), _int(end), _str(text), _int(line), _int(column), status, _str(kind),
                 tuple(need_list(evidence, _evidence)), _str(note), need(pinned, bool))


def _finding(data) -> Finding:
    code, severity, line, column, message, fld, name = _fields(data, tuple("x" * 7))
    if severity not in SEVERITIES:
        raise Miss("severity")
    return Finding(_str(code), severity, _int(line), _int(column), _str(message), _str(fld), _str(name))


def _readability(data) -> Readability:
    label, words, sentences, fk, fre, smog, consensus, reliable = _fields(data, tuple("x" * 8))
    return Readability(_str(label), _int(words), _int(sentences), _float(fk), _float(fre), _float(smog),
                       _float(consensus), need(reliable, bool))


def encode_report(report: FileReport) -> dict:
    page = report.page
    if page is not None and json.loads(json.dumps(page, allow_nan=False)) != page:
        raise ValueError("the page data is not plain JSON data")  # e.g. a number as a key: not stored
    return {
        "path": report.path,
        "claims": [[c.field, c.start, c.end, c.text, c.line, c.column, c.status, c.kind,
                    [[e.source, e.quote, e.line, e.start, e.end] for e in c.evidence], c.note, c.pinned]
                   for c in report.claims],
        "findings": [[f.code, f.severity, f.line, f.column, f.message, f.field, f.name] for f in report.findings],
        "readability": [[r.label, r.words, r.sentences, r.flesch_kincaid_grade, r.flesch_reading_ease, r.smog,
                         r.consensus, r.reliable] for r in report.readability],
        "page": page,
    }


def decode_report(data) -> FileReport:
    data = need(data, dict)
    if set(data) != {"path", "claims", "findings", "readability", "page"}:
        raise Miss("keys")
    page = data["page"]
    if page is not None:
        need(page, dict)
    return FileReport(_str(data["path"]), tuple(need_list(data["claims"], _claim)),
                      tuple(need_list(data["findings"], _finding)),
                      tuple(need_list(data["readability"], _readability)), page)


def _encode_page_entry(value) -> dict:
    deps, report = value
    return {"deps": [[str(i), str(state)] for i, state in deps], "report": encode_report(report)}


def _decode_page_entry(data):
    data = need(data, dict)
    if set(data) != {"deps", "report"}:
        raise Miss("keys")

    def dep(row):
        row = need(row, list)
        if len(row) != 2:
            raise Miss("dep")
        return _str(row[0]), _str(row[1])

    return tuple(need_list(data["deps"], dep)), decode_report(data["report"])


codec("page", _encode_page_entry, _decode_page_entry)
