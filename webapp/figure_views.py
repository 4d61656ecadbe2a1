"""The parts of an explainer that show rather than tell: the section's chart or table (or timeline) and the
legend under an icon array. The HTML is built (and escaped) in webapp/figures.py."""
from __future__ import annotations

import streamlit as st

from . import figures, logic
from .logic import escape


def _show(html_text: str) -> None:
    st.html(f'<div class="reader">{html_text}</div>')


def section_figures(section: dict, library, index: int) -> None:
    """The section's trend chart and its table (or timeline), each with a caption that names its source."""
    trend = figures.trend_of(section)
    if trend is not None:
        with st.container(key=f"figure-{index}-trend"):
            trend_chart(trend, library)
    table = figures.table_of(section)
    if table is not None:
        with st.container(key=f"figure-{index}-table"):
            comparison(table, library)


def trend_chart(trend: figures.Trend, library) -> None:
    """The chart, what it means and where it comes from, then its values as a table."""
    st.altair_chart(figures.trend_chart(trend), width="stretch")  # its description is the accessible name
    notes = [n for n in (trend.scale, trend.caption) if n]
    if trend.source:
        notes.append(f"Source: {logic.plain_source_name(library, trend.source)}.")
    caption = f'<p class="figure-caption">{" ".join(escape(n) for n in notes)}</p>' if notes else ""
    _show(caption + figures.trend_table_html(trend))


def comparison(table: figures.Table, library) -> None:
    html = figures.timeline_html(table) if table.kind == "timeline" else figures.table_html(table)
    notes = [table.caption] if table.caption else []
    names = [logic.plain_source_name(library, s) for s in dict.fromkeys(s for s in table.sources if s)]
    if names:
        notes.append("Source: " + "; ".join(names) + ".")
    _show(html + (f'<p class="figure-caption">{" ".join(escape(n) for n in notes)}</p>' if notes else ""))


def icon_legend(number: logic.KeyNumber, library) -> str:
    """What the picture shows, as HTML: what a filled and an empty figure mean, and whose numbers they are."""
    study = logic.plain_source_name(library, number.source) if number.source else ""
    filled = number.filled or "the people the sentence counts"
    empty = number.empty or "the others"
    group = number.group or "people"
    words = f"Each figure is one of the {number.total} {group}"
    words += f" (source: {study})." if study else "."
    return (figures.icon_legend_html(f"Filled in: {filled}", f"Not filled in: {empty}")
            + f'<p class="figure-caption icon-caption">{escape(words)}</p>'
            + (f'<p class="figure-caption icon-use">{escape(number.caption)}</p>' if number.caption else ""))
