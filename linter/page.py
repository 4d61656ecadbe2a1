"""Read one page file into data plus the text fields to lint, each able to say where it is in the file.

Nothing here raises on bad input: every problem becomes a located Finding (codes PG0xx).
"""
from __future__ import annotations

import json
import math
import os
import re
import stat
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .model import Finding
from .numbers import find_quantities
from .settings import SETTINGS

# Which string fields of a page are prose, and so linted for numbers and readability.
TEXT_FIELD_PATTERNS = (
    r"title", r"summary", r"disclaimer",
    r"sections\[\d+\]\.(heading|body)",
    r"key_numbers\[\d+\]\.(statement|filled|empty|group|caption)",
    r"glossary\[\d+\]\.(term|definition)",
    r"unknowns\[\d+\]", r"questions\[\d+\]",
    r"sections\[\d+\]\.trend\.(title|caption|scale)",  # a chart's own words (its numbers: linter/charts.py)
    r"sections\[\d+\]\.table\.(title|caption)",
)
_TEXT_FIELD_RE = re.compile("^(?:" + "|".join(TEXT_FIELD_PATTERNS) + ")$")


@dataclass
class TextField:
    """One prose string of the page and where it stands in the file."""

    path: str
    text: str
    line: int  # 1-based start of the scalar
    column: int
    raw: str = ""  # the scalar as written in the file
    raw_index: int = 0  # where `raw` starts in the file
    file_text: str = field(default="", repr=False)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) in the file of the character at `offset` in `text`."""
        offset = max(0, min(offset, len(self.text)))
        match = re.match(r"\S+", self.text[offset:])
        token = match.group(0) if match else ""
        index = None
        if token:
            nth = self.text.count(token, 0, offset) if token else 0
            pos = -1
            for _ in range(nth + 1):
                pos = self.raw.find(token, pos + 1)
                if pos < 0:
                    break
            if pos >= 0:
                index = self.raw_index + pos
        if index is None:
            return self.line, self.column
        line = self.file_text.count("\n", 0, index) + 1
        column = index - (self.file_text.rfind("\n", 0, index) + 1) + 1
        return line, column


@dataclass
class Page:
    path: str
    data: dict | None = None
    fields: list[TextField] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    text: str = ""
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # every node path -> (line, col)
    key_positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # a mapping entry's path -> its key
    charts: list = field(default_factory=list)  # charts.ChartGroup: trends and tables, as sentences to check

    def where(self, path: str) -> tuple[int, int]:
        """Best position for a field path: the node itself, or its closest parent."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", path)
        return 1, 1

    def add(self, code: str, message: str, path: str = "", line: int | None = None, column: int | None = None,
            severity: str | None = None) -> None:
        from .rules import get_rule

        rule = get_rule(code)
        if line is None:
            line, column = self.where(path)
        self.findings.append(Finding(code, severity or rule.severity, line, column or 1, message, path, rule.name))


@lru_cache(maxsize=1)
def page_schema() -> dict:
    return json.loads(resources.files("linter").joinpath("data/page.schema.json").read_text(encoding="utf-8"))


class _Limit(Exception):
    """A page over a limit (or otherwise unusable): message, where, and the code to report."""

    def __init__(self, message: str, mark: Any = None, code: str = "PG010"):
        super().__init__(message)
        self.line = mark.line + 1 if mark is not None else 1
        self.column = mark.column + 1 if mark is not None else 1
        self.code = code


class _PageLoader(yaml.SafeLoader):
    """SafeLoader that builds only what a page holds: text, numbers, booleans, lists and mappings.

    Dates stay text (as written: nothing the user wrote is changed), and tags that build other things
    (!!binary, !!set, !!omap, !!pairs, !!python/...) are refused with a located error. Never executes anything.
    """

    def construct_yaml_int(self, node):  # "9" * 5000 hits Python's int-string limit: a located error, not ValueError
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            raise yaml.constructor.ConstructorError(
                None, None, f"the number {node.value[:20]}... is too long ({len(node.value)} digits)", node.start_mark)

    def construct_yaml_float(self, node):
        try:
            return super().construct_yaml_float(node)
        except (ValueError, OverflowError):
            raise yaml.constructor.ConstructorError(None, None, f"'{node.value[:40]}' is not a number", node.start_mark)

    def _refuse(self, node):
        raise yaml.constructor.ConstructorError(
            None, None, f"the tag '{node.tag}' is not allowed", node.start_mark)


_PageLoader.add_constructor("tag:yaml.org,2002:int", _PageLoader.construct_yaml_int)
_PageLoader.add_constructor("tag:yaml.org,2002:float", _PageLoader.construct_yaml_float)
_PageLoader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)
for _tag in ("binary", "set", "omap", "pairs"):
    _PageLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _PageLoader._refuse)

# Scanning and composing in libyaml when PyYAML has it (about 10x faster); building the data always goes through
# _PageLoader's safe constructors.
_SCANNER = getattr(yaml, "CSafeLoader", _PageLoader)
_START_EVENTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_END_EVENTS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _compose(text: str) -> yaml.Node | None:
    """Check limits, then compose; fast in libyaml, but a broken page is read again by the pure-Python parser,
    whose messages (and hints, e.g. for tabs) are the ones writers get."""
    try:
        _check_events(text, _SCANNER)
        return yaml.compose(text, Loader=_SCANNER)
    except yaml.YAMLError:
        if _SCANNER is _PageLoader:
            raise
    _check_events(text, yaml.SafeLoader)
    return yaml.compose(text, Loader=_PageLoader)


def _check_events(text: str, loader=yaml.SafeLoader) -> None:
    """Walk the YAML events (the parser keeps an explicit stack, no recursion) to stop deep nesting and huge
    node counts before the recursive composer sees them: 10,000 nested '[' is a finding, not a RecursionError."""
    limits = SETTINGS["limits"]
    depth = events = 0
    for event in yaml.parse(text, Loader=loader):
        events += 1
        if events > 2 * limits["max_yaml_nodes"]:
            raise _Limit(f"the page has more than {limits['max_yaml_nodes']} YAML nodes", event.start_mark)
        if isinstance(event, _START_EVENTS):
            depth += 1
            if depth > limits["max_nesting"]:
                raise _Limit(f"the page nests deeper than {limits['max_nesting']} levels of lists and mappings",
                             event.start_mark)
        elif isinstance(event, _END_EVENTS):
            depth -= 1


_SURROGATE = re.compile("[\ud800-\udfff]")


def _walk_nodes(node: yaml.Node, path: str, page: Page, budget: list[int], depth: int = 0) -> None:
    """Record positions, find duplicate keys, and stop alias bombs and deep nesting."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _Limit(f"the page expands to more than {SETTINGS['limits']['max_yaml_nodes']} YAML nodes (alias bomb?)")
    if depth > SETTINGS["limits"]["max_nesting"]:
        raise _Limit(f"the page nests deeper than {SETTINGS['limits']['max_nesting']} levels")
    page.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.ScalarNode) and len(budget) > 1:
        budget[1] -= len(node.value)  # text reached through an alias counts each time it is reached
        if budget[1] < 0:
            raise _Limit(f"the page's text expands to more than {SETTINGS['limits']['max_file_bytes']} characters "
                         "(aliases repeat the text they point to)", node.start_mark)
    if isinstance(node, yaml.ScalarNode) and _SURROGATE.search(node.value):
        bad = _SURROGATE.search(node.value).group(0)
        raise _Limit(f"invalid YAML: the escape for \\u{ord(bad):04x} is half of a character pair, not text",
                     node.start_mark, "PG002")
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                _walk_nodes(value, path, page, budget, depth + 1)
                continue
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            if name in seen:
                first = seen[name].start_mark.line + 1
                page.add("PG007", f"duplicate key '{name}' (first set on line {first}); the later value wins",
                         line=key.start_mark.line + 1, column=key.start_mark.column + 1)
            seen[name] = key
            child = f"{path}.{name}" if path else name
            page.key_positions.setdefault(child, (key.start_mark.line + 1, key.start_mark.column + 1))
            _walk_nodes(value, child, page, budget, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk_nodes(item, f"{path}[{i}]", page, budget, depth + 1)


def _collect_text_fields(node: yaml.Node, path: str, page: Page, out: list[TextField]) -> None:
    if isinstance(node, yaml.ScalarNode):
        if _TEXT_FIELD_RE.match(path) and node.tag == "tag:yaml.org,2002:str":
            start, end = node.start_mark, node.end_mark
            out.append(TextField(path, node.value, start.line + 1, start.column + 1,
                                 page.text[start.index:end.index], start.index, page.text))
    elif isinstance(node, yaml.MappingNode):
        # After construction merge keys are flattened into node.value (merged pairs first); as in the data,
        # the last value of a key wins, so an overridden merged value is not linted as if it were shown.
        last = {key.value: value for key, value in node.value
                if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge"}
        for name, value in last.items():
            _collect_text_fields(value, f"{path}.{name}" if path else str(name), page, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _collect_text_fields(item, f"{path}[{i}]", page, out)


def _decode(raw: bytes, page: Page) -> str | None:
    if b"\x00" in raw[:8192]:
        page.add("PG001", "this is a binary file, not a YAML page", line=1, column=1)
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        page.add("PG001", f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line=line, column=column)
        return None


def _line_col(text: str, index: int) -> tuple[int, int]:
    index = max(0, min(index, len(text)))
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _json_path(parts: Any) -> str:
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def parse_page(path: str, raw: bytes) -> Page:
    """Parse page bytes. Always returns a Page; problems are in page.findings."""
    page = Page(path)
    limits = SETTINGS["limits"]
    if len(raw) > limits["max_file_bytes"]:
        page.add("PG010", f"the file is {len(raw) / 1e6:.1f} MB; pages are limited to {limits['max_file_bytes'] / 1e6:.1f} MB",
                 line=1, column=1)
        return page
    text = _decode(raw, page)
    if text is None:
        return page
    page.text = text
    if not text.strip():
        page.add("PG003", "the file is empty; a page needs title, sources and sections", line=1, column=1)
        return page
    longest = max((len(line) for line in text.split("\n")), default=0)
    if longest > limits["max_line_chars"]:
        page.add("PG010", f"a line is {longest} characters long; lines are limited to {limits['max_line_chars']}",
                 line=1, column=1)
        return page
    try:
        node = _compose(text)
    except _Limit as exc:
        page.add(exc.code, str(exc), line=exc.line, column=exc.column)
        return page
    except yaml.reader.ReaderError as exc:  # a control character or NUL: locate it
        line, column = _line_col(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        page.add("PG002", f"invalid YAML: the file holds the control character U+{code:04X}, which YAML does not "
                          "allow; delete it", line=line, column=column)
        return page
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        if "expected a single document" in str(exc):
            problem = "the file holds more than one YAML document; a page is one document"
        elif "'\\t'" in problem:
            problem += " (YAML does not allow tabs for indentation or after a key; use spaces)"
        page.add("PG002", f"invalid YAML: {problem}", line=line, column=col)
        return page
    except RecursionError:
        page.add("PG010", "the page nests too deeply to read", line=1, column=1)
        return page
    except yaml.YAMLError as exc:
        page.add("PG002", f"invalid YAML: {type(exc).__name__}", line=1, column=1)
        return page
    if node is None:
        page.add("PG003", "the file is empty; a page needs title, sources and sections", line=1, column=1)
        return page
    try:
        _walk_nodes(node, "", page, [limits["max_yaml_nodes"], limits["max_file_bytes"]])
    except _Limit as exc:
        page.add(exc.code, str(exc), line=exc.line, column=exc.column)
        return page
    except RecursionError:
        page.add("PG010", "the page nests too deeply to read", line=1, column=1)
        return page
    try:
        data = _PageLoader(text).construct_document(node)  # fresh loader: only safe tags, nothing executes
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        page.add("PG002", f"unsupported YAML: {exc.problem}; pages hold only plain text, numbers and lists",
                 line=mark.line + 1 if mark else 1, column=mark.column + 1 if mark else 1)
        return page
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as exc:
        page.add("PG002", f"unsupported YAML: {type(exc).__name__}", line=1, column=1)
        return page
    if not isinstance(data, dict):
        page.add("PG003", f"the page must be a mapping of fields (title, sources, sections), not {_kind(data)}",
                 line=1, column=1)
        return page
    schema_ok = True
    validator = _validator()
    errors = sorted(validator.iter_errors(_jsonable(data)), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        schema_ok = False
        where = _json_path(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            for extra in _extra_keys(error):  # one finding at each misspelt key, where the writer must look
                key_path = f"{where}.{extra}" if where else extra
                line, column = page.key_positions.get(key_path, page.where(where))
                page.add("PG006", f"unknown field '{extra}' in {where or 'the page'}{_did_you_mean(extra, error)}",
                         path=key_path, line=line, column=column)
            continue
        page.add(*_schema_finding(error, where), path=where)
    _drop_invalid(data, errors)
    page.data = data
    if schema_ok or isinstance(data.get("sections"), list):
        fields: list[TextField] = []
        _collect_text_fields(node, "", page, fields)
        page.fields = fields
        from .charts import chart_groups  # charts builds on TextField, defined here

        page.charts = chart_groups(node, text)
        _check_text_size(page, limits["max_page_tokens"])
        _check_number_count(page, limits["max_claims_per_page"])
    return page


def load_limited_yaml(path: str, raw: bytes, max_bytes: int) -> tuple[Any, list[Finding]]:
    """Data from YAML that is not a page (the source catalog), under the page limits: size, line length,
    nesting, nodes and text after aliases, safe tags only. Returns (data, []) or (None, [located finding])."""
    page = Page(path)
    if len(raw) > max_bytes:
        page.add("PG010", f"the file is larger than {max_bytes // 1000} KB; it is not read", line=1, column=1)
        return None, page.findings
    text = _decode(raw, page)
    if text is None:
        return None, page.findings
    page.text = text
    limits = SETTINGS["limits"]
    if max((len(line) for line in text.split("\n")), default=0) > limits["max_line_chars"]:
        page.add("PG010", f"a line is longer than {limits['max_line_chars']} characters", line=1, column=1)
        return None, page.findings
    try:
        node = _compose(text)
        if node is None:
            return None, []
        _walk_nodes(node, "", page, [limits["max_yaml_nodes"], limits["max_file_bytes"]])
        data = _PageLoader(text).construct_document(node)
    except _Limit as exc:
        page.add(exc.code, str(exc), line=exc.line, column=exc.column)
        return None, [f for f in page.findings if f.code != "PG007"]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        page.add("PG002", f"invalid YAML: {exc.problem or exc}", line=mark.line + 1 if mark else 1,
                 column=mark.column + 1 if mark else 1)
        return None, [f for f in page.findings if f.code != "PG007"]
    except (yaml.YAMLError, RecursionError, ValueError, TypeError, OverflowError) as exc:
        page.add("PG002", f"invalid YAML: {type(exc).__name__}", line=1, column=1)
        return None, [f for f in page.findings if f.code != "PG007"]
    return data, [f for f in page.findings if f.code != "PG007"]


def _drop_invalid(data: dict, errors: list) -> None:
    """Rules read page.data as the page format says: a value already reported as wrongly typed (or out of
    range) is taken out of the data they see, so no rule trips over it. The file itself is never touched.
    Keys are removed; a wrongly typed list item becomes an empty value of the right type (indices stay)."""
    empty = {"object": dict, "array": list, "string": str}
    for error in sorted(errors, key=lambda e: len(e.absolute_path), reverse=True):
        path = list(error.absolute_path)
        if not path or error.validator in ("required", "additionalProperties"):
            continue
        parent: Any = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            last = path[-1]
            if isinstance(parent, dict) and last in parent:
                del parent[last]
            elif isinstance(parent, list) and error.validator == "type" and 0 <= last < len(parent):
                wanted = error.validator_value[0] if isinstance(error.validator_value, list) else error.validator_value
                parent[last] = empty.get(wanted, str)()
        except (KeyError, IndexError, TypeError):
            continue  # inside a value already taken out


_TOKEN = re.compile(r"\w+|[^\w\s]")


def _check_text_size(page: Page, limit: int) -> None:
    """More words and marks than the language pipeline may parse in bounded time: one finding, and the page is
    neither fact-checked nor scored (a few thousand words is a long patient page)."""
    total = 0
    for f in page.fields + [d for group in page.charts for d in group.fields]:
        for _ in _TOKEN.finditer(f.text):
            total += 1
            if total > limit:
                page.add("PG010", f"the page's text has more than {limit} words and punctuation marks; split it "
                                  "into smaller pages (it is not checked)", line=1, column=1)
                page.fields, page.charts = [], []
                return


def _check_number_count(page: Page, limit: int) -> None:
    """More numbers than the documented limit: one finding, and the page is not fact-checked (bounded time)."""
    total = 0
    for f in page.fields + [d for group in page.charts for d in group.fields]:
        total += len(find_quantities(f.text))
        if total > limit:
            page.add("PG010", f"the page states more than {limit} numbers; split it into smaller pages "
                              "(its numbers are not checked)", line=1, column=1)
            page.fields, page.charts = [], []
            return


def _kind(value: Any) -> str:
    """What a YAML value is, in the words of a page writer."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, _NonFinite):
        value = value.value
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} (not a finite number)"
    names = {str: "text", int: "a whole number", float: "a number", list: "a list", dict: "a mapping"}
    return names.get(type(value), type(value).__name__)


def _jsonable(value: Any) -> Any:
    """Dates and other YAML scalars as JSON Schema sees them (so a bare date is a wrong type, not a crash)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return _NonFinite(value)  # .nan / .inf: no type, range or comparison accepts it
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


class _NonFinite:
    """A .nan or .inf in a page: JSON Schema sees neither a number nor text, so it is reported, not compared."""

    def __init__(self, value: float):
        self.value = value


@lru_cache(maxsize=1)
def _validator():
    import jsonschema  # imported on first parse: a run served from the cache never needs it

    return jsonschema.Draft202012Validator(page_schema())


def _extra_keys(error) -> list[str]:
    allowed = set(error.schema.get("properties", {}))
    return [str(k) for k in error.instance if str(k) not in allowed]


def _did_you_mean(extra: str, error) -> str:
    import difflib

    close = difflib.get_close_matches(extra, list(error.schema.get("properties", {})), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else " (check the spelling)"


def _schema_finding(error, where: str) -> tuple[str, str]:
    field_name = where or "the page"
    if error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        return "PG004", f"missing required field '{missing[0] if missing else error.message}' in {field_name}"
    if error.validator == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message)
        return "PG006", f"unknown field {', '.join(repr(e) for e in extra)} in {field_name} (check the spelling)"
    if error.validator == "type":
        wanted = error.validator_value
        return "PG005", f"{field_name} must be {_a(wanted)}, not {_kind(error.instance)}"
    return "PG005", f"{field_name}: {error.message}"


def _a(kind: Any) -> str:
    names = {"string": "text", "array": "a list", "object": "a mapping", "integer": "a whole number", "number": "a number"}
    if isinstance(kind, list):
        return " or ".join(names.get(k, k) for k in kind)
    return names.get(kind, str(kind))


class NotAPageFile(OSError):
    """A path that is not a regular file (a FIFO, a device, a socket, a folder): never read."""


_SPECIAL = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
            (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def special_kind(mode: int) -> str:
    """What a non-regular file is, in words ("" for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    return next((words for test, words in _SPECIAL if test(mode)), "not a regular file")


def read_limited(path: str | Path, limit: int) -> bytes:
    """At most limit + 1 bytes of a regular file. Opening never blocks (a FIFO) and a device is never read:
    either raises NotAPageFile."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        kind = special_kind(os.fstat(fd).st_mode)
        if kind:
            raise NotAPageFile(f"{kind}, not a page file; not read")
        return handle.read(limit + 1)


def read_page(path: str | Path) -> Page:
    path = Path(path)
    try:
        raw = read_limited(path, SETTINGS["limits"]["max_file_bytes"])
    except NotAPageFile as exc:
        page = Page(str(path))
        page.add("PG001", f"cannot read the file: it is {exc}", line=1, column=1)
        return page
    except OSError as exc:
        page = Page(str(path))
        page.add("PG001", f"cannot read the file: {exc.strerror or exc}", line=1, column=1)
        return page
    return parse_page(str(path), raw)
