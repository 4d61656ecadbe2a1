"""Charts and tables as page data: every number in them is a claim, checked like a number in a sentence.

A section may carry a `trend` (one measure at several time points) and a `table` (rows of short text and
numbers). The fact-check reads sentences, so each trend point and each table row is read as one sentence
made of the writer's own words ("Average skin score, After 1 year: 13.95."; "Trial: MANUS; Place: the
Netherlands; People: up to 20."), and each number found in it is located back at the YAML scalar it came
from: field path (`sections[2].trend.points[1].value`), offsets in that scalar, line and column.

Nothing here judges a number; `linter.factcheck.run` does, exactly as for prose.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import yaml

from . import factcheck
from .model import Claim
from .page import TextField

# Prose parts of a chart: linted for numbers, readability and plain language like any other text.
CHART_TEXT_PATTERNS = (
    r"sections\[\d+\]\.trend\.(title|caption|scale)",
    r"sections\[\d+\]\.table\.(title|caption)",
)
_SECTION_CHART = re.compile(r"^sections\[(\d+)\]\.(trend|table)$")


@dataclass
class Segment:
    """One scalar of the chart inside the sentence made for it."""

    start: int  # offsets in the made sentence, end exclusive
    end: int
    scalar: TextField  # the scalar as written (its path, text, position in the file)
    claimed: bool  # numbers here are claims of this sentence (a label's numbers are claimed once, not per row)


@dataclass
class DataField(TextField):
    """A sentence made from one trend point or one table row; positions map back to the scalars."""

    segments: list[Segment] = field(default_factory=list)
    source: str = ""  # the source id the point or row names

    def segment_at(self, offset: int) -> Segment | None:
        return next((s for s in self.segments if s.start <= offset < s.end), None)

    def position(self, offset: int) -> tuple[int, int]:
        seg = self.segment_at(offset)
        if seg is None:
            return self.line, self.column
        return seg.scalar.position(offset - seg.start)

    def locate(self, start: int, end: int) -> tuple[str, int, int]:
        """(field path, start, end) of the span [start, end) in the scalar it lies in."""
        seg = self.segment_at(start)
        if seg is None:
            return self.path, start, end
        return seg.scalar.path, start - seg.start, min(end, seg.end) - seg.start

    def claims_at(self, offset: int) -> bool:
        seg = self.segment_at(offset)
        return seg is not None and seg.claimed


@dataclass
class ChartGroup:
    """The sentences of one trend or one table, and the source each row names."""

    path: str  # sections[i].trend or sections[i].table
    kind: str  # trend | table
    fields: list[DataField]


def _scalar(node: yaml.Node, path: str, file_text: str) -> TextField | None:
    if not isinstance(node, yaml.ScalarNode) or node.tag not in (
            "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        return None
    start, end = node.start_mark, node.end_mark
    return TextField(path, node.value, start.line + 1, start.column + 1, file_text[start.index:end.index],
                     start.index, file_text)


def _mapping(node) -> dict[str, yaml.Node]:
    """A mapping node's values by key (the last value of a repeated key wins, as in the data)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): v for k, v in node.value if isinstance(k, yaml.ScalarNode)
            and k.tag != "tag:yaml.org,2002:merge"}


def _items(node) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


class _Sentence:
    """Builds one made sentence from scalars and glue text."""

    def __init__(self, path: str, file_text: str):
        self.path, self.file_text = path, file_text
        self.text = ""
        self.segments: list[Segment] = []

    def glue(self, text: str) -> None:
        self.text += text

    def add(self, scalar: TextField | None, claimed: bool = True) -> bool:
        if scalar is None or not scalar.text.strip():
            return False
        start = len(self.text)
        self.text += scalar.text
        self.segments.append(Segment(start, len(self.text), scalar, claimed))
        return True

    def field(self, source: str) -> DataField:
        first = self.segments[0].scalar if self.segments else None
        line, column = (first.line, first.column) if first else (1, 1)
        return DataField(self.path, self.text, line, column, "", 0, self.file_text,
                         segments=self.segments, source=source)


def _text(node) -> str:
    return node.value.strip() if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str) else ""


def trend_fields(node: yaml.Node, path: str, file_text: str) -> list[DataField]:
    """One sentence per point: '<label>, <time>: <value> <unit>.' (label and unit claimed at the first point)."""
    parts = _mapping(node)
    source = _text(parts.get("source"))
    out = []
    for j, point_node in enumerate(_items(parts.get("points"))):
        point = _mapping(point_node)
        here = f"{path}.points[{j}]"
        s = _Sentence(here, file_text)
        s.add(_scalar(parts.get("label"), f"{path}.label", file_text), claimed=j == 0)
        s.glue(", ")
        s.add(_scalar(point.get("time"), f"{here}.time", file_text))
        s.glue(": ")
        if not s.add(_scalar(point.get("value"), f"{here}.value", file_text)):
            continue
        unit = _scalar(parts.get("unit"), f"{path}.unit", file_text)
        if unit is not None and unit.text.strip():
            s.glue("" if unit.text.strip().startswith("%") else " ")
            s.add(unit, claimed=j == 0)
        s.glue(".")
        out.append(s.field(source))
    return out


def table_fields(node: yaml.Node, path: str, file_text: str) -> list[DataField]:
    """One sentence per row: '<column>: <cell>; <column>: <cell>.' (column names claimed in the first row)."""
    parts = _mapping(node)
    columns = _items(parts.get("columns"))
    out = []
    for j, row_node in enumerate(_items(parts.get("rows"))):
        row = _mapping(row_node)
        here = f"{path}.rows[{j}]"
        s = _Sentence(here, file_text)
        for k, cell_node in enumerate(_items(row.get("cells"))):
            cell = _scalar(cell_node, f"{here}.cells[{k}]", file_text)
            if cell is None or not cell.text.strip():
                continue
            if s.segments:
                s.glue("; ")
            if k < len(columns) and s.add(_scalar(columns[k], f"{path}.columns[{k}]", file_text), claimed=j == 0):
                s.glue(": ")
            s.add(cell)
        if s.segments:
            s.glue(".")
            out.append(s.field(_text(row.get("source"))))
    return out


def chart_groups(root: yaml.Node, file_text: str) -> list[ChartGroup]:
    """Every trend and table on the page, as made sentences."""
    groups = []
    for i, section in enumerate(_items(_mapping(root).get("sections"))):
        parts = _mapping(section)
        for kind, build in (("trend", trend_fields), ("table", table_fields)):
            if kind in parts:
                path = f"sections[{i}].{kind}"
                fields = build(parts[kind], path, file_text)
                if fields:
                    groups.append(ChartGroup(path, kind, fields))
    return groups


def chart_sources(data: dict) -> list[tuple[str, str]]:
    """(field path, source id) of every trend and table row that names a source."""
    out = []
    sections = data.get("sections") if isinstance(data, dict) else None
    for i, section in enumerate(sections if isinstance(sections, list) else []):
        if not isinstance(section, dict):
            continue
        trend = section.get("trend")
        if isinstance(trend, dict) and isinstance(trend.get("source"), str):
            out.append((f"sections[{i}].trend.source", trend["source"]))
        table = section.get("table")
        rows = table.get("rows") if isinstance(table, dict) else None
        for j, row in enumerate(rows if isinstance(rows, list) else []):
            if isinstance(row, dict) and isinstance(row.get("source"), str):
                out.append((f"sections[{i}].table.rows[{j}].source", row["source"]))
    return out


def claim_path(c) -> str:
    """The field path a fact-check claim belongs to: the chart scalar for a chart's number, else its text field."""
    return c.field.locate(c.q.start, c.q.end)[0] if isinstance(c.field, DataField) else c.field.path


def to_claim(c) -> Claim:
    """factcheck.to_claim, with a chart number's field path and offsets those of the scalar it was written in."""
    claim = factcheck.to_claim(c)
    if isinstance(c.field, DataField):
        path, start, end = c.field.locate(c.q.start, c.q.end)
        claim = replace(claim, field=path, start=start, end=end)
    return claim


__all__ = ["CHART_TEXT_PATTERNS", "ChartGroup", "DataField", "Segment", "chart_groups", "chart_sources", "claim_path", "to_claim",
           "table_fields", "trend_fields"]
