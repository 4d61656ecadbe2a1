"""The app's pages. Each function reads like the page it draws; the work happens in logic.py and services.py.

Every piece of page text goes through `safe` (or `logic.highlighted_quote`) before Streamlit sees it, so a
page's YAML can never add HTML, scripts, links or math to what readers see.
"""
from __future__ import annotations

from typing import Callable

import pandas as pd
import streamlit as st

from . import figure_views, logic, services
from .icon_array import icon_array_svg
from .logic import safe_markdown as safe

DEFAULT_DISCLAIMER = "This page explains research. It is not medical advice. Talk to your doctor about your own care."
EVIDENCE_LABEL = "Where do these numbers come from?"

# st.Page objects by page name, set by the router so pages can link to each other.
LINKS: dict = {}


def use_links(links: dict) -> None:
    """Remember the router's pages (one assignment, so a concurrent session never sees a half-filled dict)."""
    global LINKS
    LINKS = dict(links)


STYLE = """<style>
.evidence-source { font-size: 0.85em; opacity: 0.75; margin-top: -0.5em; }
.evidence mark { padding: 0 0.15em; }
</style>"""


def page_style() -> None:
    """A few quiet styles for the evidence boxes (the app's own CSS, no page text in it)."""
    st.html(STYLE)


def link_home() -> None:
    if "home" in LINKS:
        st.page_link(LINKS["home"], label="Back to all pages", icon=":material/home:")


# --- for readers -------------------------------------------------------------------------------

def home() -> None:
    st.title("Research explained")
    st.markdown("Plain-language pages about scleroderma research. Every number on these pages has been checked "
                "against the research it comes from.")
    reports = services.reports()
    shown = {name: r.page for name, r in reports.items() if r.passed and isinstance(r.page, dict)}
    query = st.text_input("Search the pages", placeholder="for example: survival, skin score, lungs")
    matches = logic.search_pages(shown, query)
    if query and not matches:
        st.info("No page matches your search. Try fewer or simpler words.")
    if query and matches:
        st.caption(f"{len(matches)} page{'s' if len(matches) != 1 else ''} found")
    for name in matches:
        if name in LINKS:
            page_card(name, reports[name])
    withheld = len(reports) - len(shown)
    if withheld:
        st.caption(f"{withheld} more page{'s are' if withheld != 1 else ' is'} being checked and will appear here "
                   "when every number is confirmed.")


def page_card(name: str, report) -> None:
    with st.container(border=True):
        st.page_link(LINKS[name], label=safe(logic.page_title(report, name)), icon=":material/article:")
        summary = report.page.get("summary")
        if isinstance(summary, str) and summary.strip():
            st.markdown(safe(summary))
        level = logic.reading_level(report.readability)
        if level:
            st.caption(safe(level.capitalize()))


def explainer_page(name: str) -> Callable[[], None]:
    """The page function serving explainer `name` (a name discovered on disk, never one taken from a URL)."""

    def show_explainer() -> None:
        page = next((p for p in services.pages() if p.name == name), None)
        if page is None:
            page_gone()
            return
        report = services.report_for(page)
        if not report.passed or not isinstance(report.page, dict):
            being_checked()
            return
        render_explainer(report, services.library())
        link_home()

    show_explainer.__name__ = f"show_{name.replace('-', '_')}"
    return show_explainer


def page_gone() -> None:
    st.title("Page not found")
    st.info("This page does not exist (any more). You can find all pages on the home page.")
    link_home()


def being_checked() -> None:
    st.title("This page is being checked")
    st.info("We check every number on our pages against the research it comes from. This page has not passed "
            "that check yet, so we are not showing it. Please come back later.")
    link_home()


def render_explainer(report, library) -> None:
    """An explainer page as readers see it: key message first, then the story, then what to ask and where
    it comes from. Every number can show its evidence."""
    page = report.page
    figure_views.figure_style()
    st.title(safe(logic.page_title(report, "Untitled page")))
    facts = [logic.reading_level(report.readability).capitalize()]
    if isinstance(page.get("last_reviewed"), str):
        facts.append(f"Last reviewed {page['last_reviewed']}")
    if any(facts):
        st.caption(safe(" · ".join(f for f in facts if f)))

    summary = page.get("summary")
    if isinstance(summary, str) and summary.strip():
        st.info("**Key message**  \n" + safe(summary), icon=":material/lightbulb:")
    evidence_box(logic.claims_in(report, "title", "summary"), library)

    numbers = logic.key_numbers(page)
    if numbers:
        st.header("The key numbers")
        for number in numbers:
            key_number(number, library)
        evidence_box(logic.claims_in(report, "key_numbers"), library)

    terms, marked = figure_views.figures.glossary_terms(page), set()
    for i, section in enumerate(logic.dict_list(page.get("sections"))):
        st.header(safe(section.get("heading", "")))
        figure_views.section_text(section.get("body", ""), terms, marked)
        figure_views.section_figures(section, library, i)
        evidence_box(logic.claims_in(report, f"sections[{i}]"), library)

    figure_views.glossary_list(page)
    bullet_list("What is not known", logic.text_list(page.get("unknowns")))
    bullet_list("Questions to ask your doctor", logic.text_list(page.get("questions")))
    evidence_box(logic.claims_elsewhere(report), library, "Where do the other numbers come from?")
    sources(library, page)
    st.divider()
    if isinstance(page.get("last_reviewed"), str):
        st.caption(safe(f"Last reviewed: {page['last_reviewed']}"))
    disclaimer = page.get("disclaimer") if isinstance(page.get("disclaimer"), str) else DEFAULT_DISCLAIMER
    st.warning(safe(disclaimer), icon=":material/medical_information:")


def key_number(number: logic.KeyNumber, library) -> None:
    picture, words = st.columns([3, 2], vertical_alignment="center")
    with picture:
        st.markdown(icon_array_svg(number.count, number.total, number.statement), unsafe_allow_html=True)
    with words:
        st.markdown(f"**{safe(number.statement)}**")
        figure_views.icon_legend(number, library)


def evidence_box(claims, library, label: str = EVIDENCE_LABEL) -> None:
    """An expander listing each number with the source sentence that states it, the number highlighted."""
    if not claims:
        return
    with st.expander(label, icon=":material/fact_check:"):
        for claim in claims:
            parts = [f"<p><strong>{safe(claim.text)}</strong>: {safe(logic.STATUS_WORDS.get(claim.status, claim.status))}"
                     + (" (pinned to this quote by the writers)" if claim.pinned else "") + "</p>"]
            for ev in logic.distinct_evidence(claim):
                info = logic.source_info(library, ev.source)
                parts.append(f'<blockquote class="evidence-quote">{logic.highlighted_quote(ev)}</blockquote>'
                             f'<p class="evidence-source">{safe(info.short)}, line {int(ev.line)}</p>')
            if not claim.evidence and claim.note:
                parts.append(f"<p>{safe(claim.note)}</p>")
            st.markdown('<div class="evidence">' + "".join(parts) + "</div>", unsafe_allow_html=True)


def bullet_list(heading: str, items: list[str]) -> None:
    if not items:
        return
    st.header(heading)
    st.markdown("\n".join(f"- {safe(item)}" for item in items))


def sources(library, page: dict) -> None:
    cited = logic.cited_sources(library, page)
    if not cited:
        return
    st.header("Sources")
    lines = []
    for info in cited:
        title = safe(info.title)
        url = logic.safe_url(info.url)
        title_html = f'<a href="{url}" target="_blank" rel="noopener noreferrer">{title}</a>' if url else title
        details = ", ".join(safe(bit) for bit in (info.authors, info.journal, info.year) if bit)
        lines.append(f"<li>{title_html}" + (f". {details}" if details else "") + "</li>")
    st.markdown('<ol class="sources">' + "".join(lines) + "</ol>", unsafe_allow_html=True)


# --- for writers -------------------------------------------------------------------------------

def lint_report() -> None:
    st.title("Lint report")
    st.caption(safe(f"Pages in {logic.explainers_dir()}, checked against the sources in {logic.sources_dir()}."))
    reports = services.reports()
    served = sum(1 for r in reports.values() if r.passed)
    total, ok, held = st.columns(3)
    total.metric("Pages", len(reports))
    ok.metric("Served to readers", served)
    held.metric("Withheld", len(reports) - served)
    for name, report in reports.items():
        status = "passes: served to readers" if report.passed else "has errors: withheld from readers"
        with st.expander(f"{safe(name)}: {status}", expanded=not report.passed,
                         icon=":material/check_circle:" if report.passed else ":material/error:"):
            writer_report(report)


def writer_report(report) -> None:
    """Findings, readability, numbers without support, pins and suppressions of one page."""
    counts = logic.counts_by_severity(report)
    errors, warnings, suggestions, level = st.columns(4)
    errors.metric("Errors", counts["error"])
    warnings.metric("Warnings", counts["warning"])
    suggestions.metric("Suggestions", counts["suggestion"])
    level.metric("Reading level", f"{report.readability[0].consensus:.1f}" if report.readability else "n/a")
    st.subheader("Findings")
    table(logic.findings_rows(report), "No findings.")
    st.subheader("Readability")
    table(logic.readability_rows(report), "Not scored.")
    st.subheader("Numbers without support")
    table(logic.unsupported_rows(report), "Every number is backed by a cited source.")
    page = report.page if isinstance(report.page, dict) else {}
    st.subheader("Pins and suppressions")
    pins, suppress = logic.dict_list(page.get("pins")), logic.dict_list(page.get("suppress"))
    table([{k: str(v) for k, v in p.items()} for p in pins], "No pins.")
    table([{k: str(v) for k, v in s.items()} for s in suppress], "No suppressions.")


def table(rows: list[dict], empty: str) -> None:
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    else:
        st.caption(empty)


NEW_PAGE = "(a new page)"


def live_editor() -> None:
    st.title("Live editor")
    st.caption("Edit a page and see the findings and the page update as you go. Nothing is written to disk "
               "until you press Save.")
    names = [p.name for p in services.pages()]
    st.selectbox("Start from", [NEW_PAGE] + names, key="editor_source", on_change=load_into_editor)
    if "editor_text" not in st.session_state:
        st.session_state.editor_text = ""
    text = st.text_area("Page YAML", key="editor_text", height=420,
                        placeholder="title: ...\nsources: [five-year-study]\nsections:\n  - heading: ...\n    body: ...")
    if not text.strip():
        st.info("Paste a page or choose one to start from.")
        return
    name = st.session_state.get("editor_name") or "new-page"
    report = services.lint_yaml(text, f"{name}.yaml (unsaved)", services.sources_folder(), services.sources_state())
    if report.passed:
        st.success("This page passes: readers would see it.", icon=":material/check_circle:")
    else:
        st.error(f"This page has {len(report.errors)} error(s): readers would see “This page is being checked”.",
                 icon=":material/error:")
    findings_tab, preview_tab = st.tabs(["Findings", "Preview"])
    with findings_tab:
        writer_report(report)
    with preview_tab:
        if isinstance(report.page, dict):
            render_explainer(report, services.library())
        else:
            st.caption("The page cannot be read yet; see the findings.")
    save_box(text, report.passed)


def load_into_editor() -> None:
    choice = st.session_state.editor_source
    page = next((p for p in services.pages() if p.name == choice), None)
    st.session_state.editor_text = page.read() if page else ""
    st.session_state.editor_name = page.name if page else ""


def save_box(text: str, passes: bool) -> None:
    st.subheader("Save")
    name = st.text_input("Page name (the file name and web address)", key="editor_name",
                         placeholder="for example: five-year-study")
    if st.button("Save to the explainers folder", type="primary", icon=":material/save:"):
        try:
            path = logic.save_page(logic.explainers_dir(), name, text)
        except logic.UnsafePageName as problem:
            st.error(safe(str(problem)))
        except OSError as problem:
            st.error(safe(f"Could not save: {problem}"))
        else:
            backup = logic.backup_path(path)
            kept = f" The previous version is kept as {backup.name}." if backup.exists() else ""
            held = "" if passes else " Readers will see “This page is being checked” until the errors are fixed."
            st.success(safe(f"Saved {path.name}.{kept}{held}"))
