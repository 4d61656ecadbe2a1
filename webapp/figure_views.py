"""The parts of an explainer that show rather than tell: section text with its terms explained in place, the
section's chart or table, the glossary as definitions, and the legend under an icon array."""
from __future__ import annotations

import streamlit as st

from . import figures, logic
from .logic import safe_markdown as safe


def figure_style() -> None:
    st.html(figures.STYLE)


def section_text(body: str, terms: list[figures.Term], marked: set[str]) -> None:
    """A section's paragraphs; the first use of each glossary term on the page opens its meaning in place."""
    for paragraph in logic.paragraphs(body):
        # a <div>, not a <p>: a <details> inside a <p> would end the paragraph in the browser's parser
        st.markdown(f'<div class="section-text">{figures.marked_text(paragraph, terms, marked)}</div>',
                    unsafe_allow_html=True)


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
        notes.append(f"Source: {logic.source_info(library, trend.source).short}.")
    if notes:
        st.markdown(f'<p class="figure-caption">{" ".join(safe(n) for n in notes)}</p>', unsafe_allow_html=True)
    st.markdown(figures.trend_table_html(trend), unsafe_allow_html=True)


def comparison(table: figures.Table, library) -> None:
    html = figures.timeline_html(table) if table.kind == "timeline" else figures.table_html(table)
    st.markdown(html, unsafe_allow_html=True)
    notes = [table.caption] if table.caption else []
    names = []
    for source in dict.fromkeys(s for s in table.sources if s):
        names.append(logic.source_info(library, source).short)
    if names:
        notes.append("Source: " + "; ".join(names) + ".")
    if notes:
        st.markdown(f'<p class="figure-caption">{" ".join(safe(n) for n in notes)}</p>', unsafe_allow_html=True)


def glossary_list(page: dict) -> None:
    """Every term with its meaning, as a definition list (it prints as it shows)."""
    terms = figures.glossary_terms(page)
    if not terms:
        return
    st.header("Words explained")
    st.markdown(figures.glossary_html(terms), unsafe_allow_html=True)


def icon_legend(number: logic.KeyNumber, library) -> None:
    """What the picture shows: whose numbers, what a filled and an empty figure mean."""
    study = logic.source_info(library, number.source).short if number.source else ""
    filled = number.filled or "the people the sentence counts"
    empty = number.empty or "the others"
    group = number.group or "people"
    words = f"Each figure is one of the {number.total} {group}"
    words += f" (source: {study})." if study else "."
    st.markdown(figures.icon_legend_html(f"Filled: {filled}", f"Grey: {empty}")
                + f'<p class="figure-caption icon-caption">{safe(words)}</p>', unsafe_allow_html=True)
