"""Charts, tables, timelines, glossary marks and icon-array legends as data and safe HTML (no Streamlit here).

Every piece of page text goes through `logic.escape` before it becomes HTML (shown with st.html: no markdown); the only links made are the app's
own, to a trial's registry page for an id such as NCT00962923.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import altair as alt

from .icon_array import EMPTY, EMPTY_OUTLINE, FILLED
from .logic import dict_list, escape as safe

# Colours on white: the line and the points 6.4:1, text 15:1 (WCAG 2.1 AA asks 3:1 for graphics, 4.5:1 for text).
LINE = FILLED
INK = "#1f2328"
GRID = "#d0d7de"
REGISTRY_ID = re.compile(r"\bNCT\d{8}\b")
REGISTRY_URL = "https://clinicaltrials.gov/study/{}"


# --- trends ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Trend:
    title: str
    label: str
    unit: str
    better: str
    scale: str
    caption: str
    source: str
    points: tuple[tuple[str, float], ...]

    @property
    def axis_title(self) -> str:
        unit = self.unit.strip()
        return f"{self.label} ({unit})" if unit and unit != "%" else (f"{self.label} (%)" if unit else self.label)

    def value_text(self, value: float) -> str:
        text = f"{value:g}"
        return text + ("%" if self.unit.strip() == "%" else "")

    @property
    def direction(self) -> str:
        """The scale explained in a few words: "Lower is better." """
        return {"lower": "Lower is better.", "higher": "Higher is better."}.get(self.better, "")

    def description(self) -> str:
        """The chart in one sentence, for screen readers: title, then each value at its time."""
        values = "; ".join(f"{time}: {self.value_text(value)}" for time, value in self.points)
        return f"{self.title or self.label}. {self.label}, {values}. {self.direction}".strip()


def trend_of(section: dict) -> Trend | None:
    """The section's trend as the app draws it, or None when it has no usable one."""
    raw = section.get("trend") if isinstance(section, dict) else None
    if not isinstance(raw, dict) or not isinstance(raw.get("label"), str):
        return None
    points = tuple((str(p.get("time")).strip(), float(p.get("value"))) for p in dict_list(raw.get("points"))
                   if isinstance(p.get("time"), str) and isinstance(p.get("value"), (int, float))
                   and not isinstance(p.get("value"), bool))
    if len(points) < 2:
        return None

    def text(key: str) -> str:
        value = raw.get(key)
        return value.strip() if isinstance(value, str) else ""

    return Trend(text("title"), text("label"), text("unit"), text("better"), text("scale"), text("caption"),
                 text("source"), points)


def trend_chart(trend: Trend) -> alt.Chart:
    """A line with every point marked and its value written above it; the time points in the page's order on a
    plain x axis, the measure (with its unit) as the y axis title, y from zero so changes are not exaggerated."""
    rows = [{"time": time, "value": value, "label": trend.value_text(value), "order": i}
            for i, (time, value) in enumerate(trend.points)]
    order = [time for time, _ in trend.points]
    top = max(value for _, value in trend.points) * 1.2 or 1
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("time:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelFontSize=13, labelColor=INK,
                                                                 labelLimit=160, domainColor=INK, tickColor=INK)),
        y=alt.Y("value:Q", title=trend.axis_title, scale=alt.Scale(domain=[0, top], nice=False),
                axis=alt.Axis(titleFontSize=13, titleColor=INK, labelColor=INK, labelFontSize=12, gridColor=GRID,
                              domainColor=INK, tickColor=INK, tickCount=5)),
    )
    line = base.mark_line(color=LINE, strokeWidth=3)
    dots = base.mark_point(color=LINE, filled=True, size=90, opacity=1).encode(
        tooltip=[alt.Tooltip("time:N", title="When"), alt.Tooltip("label:N", title=trend.label)])
    labels = base.mark_text(dy=-14, fontSize=14, fontWeight="bold", color=INK).encode(text="label:N")
    title = alt.TitleParams(trend.title or trend.label, subtitle=[trend.direction] if trend.direction else [],
                            anchor="start", fontSize=16, color=INK, subtitleColor=INK, subtitleFontSize=13)
    return (line + dots + labels).properties(title=title, height=280, width="container",
                                             description=trend.description())


def trend_table_html(trend: Trend) -> str:
    """The chart's text alternative: its values as a short table (read by screen readers, printed on paper)."""
    rows = "".join(f'<tr><th scope="row">{safe(time)}</th><td>{safe(trend.value_text(value))}</td></tr>'
                   for time, value in trend.points)
    caption = f"The numbers in the chart: {trend.label}"
    return (f'<table class="chart-values"><caption>{safe(caption)}</caption>'
            f'<thead><tr><th scope="col">When</th><th scope="col">{safe(trend.axis_title)}</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


# --- tables and timelines ----------------------------------------------------------------------

@dataclass(frozen=True)
class Table:
    title: str
    caption: str
    kind: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    sources: tuple[str, ...]


def table_of(section: dict) -> Table | None:
    raw = section.get("table") if isinstance(section, dict) else None
    if not isinstance(raw, dict):
        return None
    columns = tuple(c for c in raw.get("columns") or [] if isinstance(c, str)) if isinstance(raw.get("columns"), list) else ()
    rows, sources = [], []
    for row in dict_list(raw.get("rows")):
        cells = row.get("cells")
        if not isinstance(cells, list) or not cells:
            continue
        rows.append(tuple(_cell(c) for c in cells))
        sources.append(row.get("source") if isinstance(row.get("source"), str) else "")
    if not columns or not rows:
        return None

    def text(key: str) -> str:
        value = raw.get(key)
        return value.strip() if isinstance(value, str) else ""

    return Table(text("title"), text("caption"), text("kind") or "comparison", columns, tuple(rows), tuple(sources))


def _cell(value) -> str:
    if isinstance(value, bool):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value).strip() if value is not None else ""


def linked_text(text: str) -> str:
    """Page text as safe HTML, with trial registry ids linked to their registry pages (the app's own links)."""
    out, pos = [], 0
    for m in REGISTRY_ID.finditer(text):
        out.append(safe_inline(text[pos:m.start()]))
        out.append(f'<a class="registry-id" href="{REGISTRY_URL.format(m.group(0))}" target="_blank" rel="noopener noreferrer" '
                   f'title="The trial\'s page in the public list of trials (opens in a new tab)">{m.group(0)}</a>')
        pos = m.end()
    out.append(safe_inline(text[pos:]))
    return "".join(out)


def safe_inline(text: str) -> str:
    """escape that keeps a space at either end (the piece is joined to others)."""
    if not text:
        return ""
    lead = " " if text[:1].isspace() else ""
    tail = " " if text[-1:].isspace() else ""
    return lead + safe(text) + tail


def table_html(table: Table) -> str:
    """A comparison table: a caption, column headings, the first cell of each row as the row's heading."""
    head = "".join(f'<th scope="col">{safe(c)}</th>' for c in table.columns)
    body = []
    for row in table.rows:
        cells = [f'<th scope="row">{linked_text(row[0])}</th>'] + [f"<td>{linked_text(c)}</td>" for c in row[1:]]
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption = f"<caption>{safe(table.title)}</caption>" if table.title else ""
    return (f'<div class="page-table-wrap"><table class="page-table">{caption}<thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")


def timeline_html(table: Table) -> str:
    """A timeline: the steps in order, each with its first column (when) in bold, then the rest."""
    steps = []
    for i, row in enumerate(table.rows, start=1):
        rest = " ".join(f'<span class="timeline-what">{linked_text(c)}</span>' for c in row[1:])
        steps.append(f'<li><span class="timeline-when">{linked_text(row[0])}</span> {rest}</li>')
    name = "timeline-" + (re.sub(r"[^a-z0-9]+", "-", table.title.lower()).strip("-") or "steps")
    title = f'<p class="timeline-title" id="{name}">{safe(table.title)}</p>' if table.title else ""
    labelled = f' aria-labelledby="{name}"' if table.title else ""
    return f'<div class="timeline">{title}<ol{labelled}>{"".join(steps)}</ol></div>'


# --- glossary terms in the text ----------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    term: str
    definition: str


def glossary_terms(page: dict) -> list[Term]:
    return [Term(g["term"].strip(), g["definition"].strip()) for g in dict_list((page or {}).get("glossary"))
            if isinstance(g.get("term"), str) and isinstance(g.get("definition"), str) and g["term"].strip()]


def _term_pattern(term: str) -> re.Pattern:
    words = r"[\s-]+".join(map(re.escape, term.split()))
    return re.compile(r"(?<![\w-])" + words + r"(?:s|es)?(?![\w-])", re.I)


def marked_text(text: str, terms: list[Term], marked: set[str]) -> str:
    """A paragraph as safe HTML in which the first use on the page of each glossary term (not yet in `marked`)
    opens its definition in place: a <details> the reader can open with a click or the keyboard; on paper the
    definition is printed after the word."""
    spans: list[tuple[int, int, Term]] = []
    for entry in sorted(terms, key=lambda t: -len(t.term)):  # longest first: a longer term owns its words
        if entry.term.lower() in marked:
            continue
        for m in _term_pattern(entry.term).finditer(text):
            if any(a < m.end() and m.start() < b for a, b, _ in spans):
                continue
            spans.append((m.start(), m.end(), entry))
            marked.add(entry.term.lower())
            break
    out, pos = [], 0
    for start, end, entry in sorted(spans, key=lambda s: s[0]):
        out.append(linked_text(text[pos:start]))
        word = safe(text[start:end])
        # paper repeats the meaning after the word only where the text itself does not explain it
        printed = "" if explained_here(text, start, end) else \
            f'<span class="term-print"> ({safe(entry.definition)})</span>'
        out.append(f'<details class="term"><summary title="What does this mean?">{word}</summary>'
                   f'<span class="term-definition" role="note">{safe(entry.definition)}</span></details>{printed}')
        pos = end
    out.append(linked_text(text[pos:]))
    return "".join(out)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])")


def explained_here(text: str, start: int, end: int) -> bool:
    """Does the paragraph explain the term at [start, end) where it stands, by the linter's own test (PL011):
    an apposition, 'X is a ...', 'which means', 'Doctors call this X', or the next sentence?"""
    from linter.rules.glossary_terms import explained_at

    bounds = [0] + [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text) + 1]
    sentences = [text[a:b].rstrip() for a, b in zip(bounds, bounds[1:])]
    for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
        if a <= start < b:
            return explained_at(sentences, i, start - a, end - a)
    return False


def section_text_html(body: str, terms: list[Term], marked: set[str]) -> str:
    """A section's paragraphs as HTML, glossary terms marked at their first use on the page. Each paragraph is a
    <div>, not a <p>: the browser's parser would end a <p> at the <details> of a term."""
    from .logic import paragraphs

    return "".join(f'<div class="section-text">{marked_text(p, terms, marked)}</div>' for p in paragraphs(body))


# --- icon arrays -------------------------------------------------------------------------------

def icon_legend_html(filled: str, empty: str) -> str:
    """What a filled and an empty figure mean, with a swatch of each colour."""
    def item(colour: str, words: str, kind: str) -> str:  # a swatch drawn like the figures: filled, or outlined
        return (f'<li class="legend-{kind}"><svg width="14" height="14" aria-hidden="true" focusable="false">'
                f'<rect x="1" y="1" width="12" height="12" rx="3" fill="{colour}" stroke="{EMPTY_OUTLINE}" '
                f'stroke-width="1.5"/></svg> {safe(words)}</li>')

    return f'<ul class="icon-legend">{item(FILLED, filled, "filled")}{item(EMPTY, empty, "empty")}</ul>'


STYLE = """<style>
details.term { display: inline-block; max-width: 100%; }
details.term > summary { display: inline; cursor: pointer; list-style: none; text-decoration: underline dotted;
  text-underline-offset: 0.2em; text-decoration-thickness: 2px; color: inherit; }
details.term > summary::-webkit-details-marker { display: none; }
details.term > summary::after { content: "?"; display: inline-block; margin-left: 0.2em; width: 1.15em; height: 1.15em;
  line-height: 1.1em; text-align: center; font-size: 0.75em; font-weight: 700; border: 1.5px solid currentColor;
  border-radius: 50%; vertical-align: 0.15em; }
details.term[open] > summary { font-weight: 600; }
.section-text { margin-bottom: 1rem; }
details.term .term-definition { display: block; margin: 0.3em 0 0.6em; padding: 0.4em 0.7em; border-left: 4px solid #1d6a96;
  background: #eef4f8; color: #1f2328; }
.term-print { display: none; }
table.chart-values, table.page-table { border-collapse: collapse; margin: 0.5em 0 1em; }
table.chart-values caption, table.page-table caption { caption-side: top; text-align: left; font-weight: 600;
  color: #1f2328; padding-bottom: 0.3em; }
table.chart-values th, table.chart-values td, table.page-table th, table.page-table td {
  border: 1px solid #8c959f; padding: 0.3em 0.6em; text-align: left; color: #1f2328; vertical-align: top; }
table.page-table thead th, table.chart-values thead th { background: #eef4f8; }
.page-table-wrap { overflow-x: auto; }
.timeline ol { list-style: none; padding-left: 0; border-left: 4px solid #1d6a96; margin-left: 0.5em; }
.timeline li { position: relative; padding: 0 0 0.9em 1.2em; }
.timeline li::before { content: ""; position: absolute; left: -0.55em; top: 0.35em; width: 0.9em; height: 0.9em;
  border-radius: 50%; background: #1d6a96; }
.timeline-when { font-weight: 700; display: block; }
.timeline-title { font-weight: 600; }
ul.icon-legend { list-style: none; padding: 0; margin: 0.3em 0; display: flex; gap: 1.2em; flex-wrap: wrap; }
.figure-caption { color: #1f2328; font-size: 0.95em; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media print {
  details.term > summary::after { content: none; display: none; }
  details.term > summary { text-decoration: none; }
  .term-print { display: inline; }
  details.term .term-definition { display: none; }
}
</style>"""
