"""The patient site's pages. Each function reads like the page it draws; the work happens in logic.py,
search.py and services.py.

Page text is shown with `st.html` after `logic.escape`: no markdown runs on it, so YAML can never add HTML,
scripts, links (not even a bare address: there is no autolinker), emphasis or maths to what readers see.
Links between pages are plain `<a href>` in the app's own navigation (Streamlit's sidebar navigation
renders page titles as markdown and its list markup fails the accessibility audit).
"""
from __future__ import annotations

from typing import Callable

import streamlit as st

from . import figure_views, figures, logic, search, services
from .icon_array import icon_array_svg
from .logic import escape

SITE_NAME = "Research explained"
DEFAULT_DISCLAIMER = "This page explains research. It is not medical advice. Talk to your doctor about your own care."
HOME_HREF = "./"

# Page names the router serves, set by streamlit_app.py (one assignment, so a concurrent session never sees a
# half-filled dict). Explainer links are built only from these names, never from a URL.
LINKS: dict = {}

STYLE = """<style>
:root { --ink: #1f2328; --muted: #4a535c; --link: #145a80; --line: #c9d1d9; --soft: #f3f6f9; --mark: #fff1a8; }
.reader { color: var(--ink); font-size: 1.05rem; line-height: 1.6; }
.reader h1 { font-size: 2.1rem; line-height: 1.25; margin: 0 0 .4rem; padding: 0; font-weight: 700; }
.reader h2 { font-size: 1.45rem; margin: 1.4rem 0 .5rem; padding: 0; font-weight: 650; }
.reader h3 { font-size: 1.15rem; margin: 1rem 0 .3rem; padding: 0; }
.reader p { margin: 0 0 .8rem; }
.reader a { color: var(--link); text-decoration: underline; }
.reader .facts, .reader .note { color: var(--muted); font-size: .95rem; }
.reader .key-message { background: #e8f1f8; border-left: 5px solid var(--link); padding: .8rem 1rem; border-radius: 4px; }
.reader .key-message h2 { margin-top: 0; font-size: 1.1rem; }
.reader .disclaimer { background: #fff7e0; border-left: 5px solid #8a5a00; padding: .8rem 1rem; border-radius: 4px; }
.reader .evidence-link { font-weight: 600; margin-top: 1.2rem; }
.reader .evidence-item { border-top: 1px solid var(--line); padding-top: .6rem; margin-top: .6rem; }
.reader .evidence-item:first-of-type { border-top: none; }
.reader blockquote { margin: .3rem 0; padding: .2rem .8rem; border-left: 4px solid var(--line); color: var(--ink); }
.reader mark { background: var(--mark); color: var(--ink); padding: 0 .15em; font-weight: 700; }
.reader .card { display: block; border: 1px solid var(--line); border-radius: 8px; padding: .9rem 1rem;
  margin: 0 0 .8rem; color: var(--ink); text-decoration: none; }
.reader .card:hover, .reader .card:focus { border-color: var(--link); background: var(--soft); }
.reader .card:focus { outline: 3px solid var(--link); outline-offset: 2px; }
.reader .card-title { display: block; font-size: 1.3rem; font-weight: 700; color: var(--link); text-decoration: underline; }
.reader .card-summary { display: block; margin: .3rem 0; }
.reader .card-level, .reader .snippet { display: block; color: var(--muted); font-size: .95rem; }
.reader ul.plain, .reader ol.sources { padding-left: 1.4rem; }
.reader dl.glossary dt { font-weight: 700; margin-top: .5rem; }
.reader dl.glossary dd { margin: 0 0 .3rem 1rem; }
nav.site ul { list-style: none; padding: 0; margin: 0; }
nav.site li { margin: 0 0 .5rem; }
nav.site a { color: #145a80; text-decoration: underline; font-size: 1rem; line-height: 1.35; }
nav.site a[aria-current="page"] { font-weight: 700; text-decoration: none; color: #1f2328; }
.print-only { display: none; }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stTextInput"],
  [data-testid="stPopover"], .no-print, header, footer { display: none !important; }
  .print-only { display: block !important; }
  .reader .answer-space { display: block !important; height: 2.2em; border-bottom: 1px solid #8c959f; }
  .reader .answer-space.own { height: 6em; }
  .reader .evidence-item { break-inside: avoid; }
  .reader a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; word-break: break-all; }
  .reader a.registry-id::after { content: none; }  /* a trial id is its own address on paper: no long link */
  .reader .card { break-inside: avoid; }
}
</style>"""


def use_links(links: dict) -> None:
    global LINKS
    LINKS = dict(links)


def page_style() -> None:
    """The site's own CSS (no page text in it), and that of charts, tables and terms explained in place."""
    st.html(STYLE + figures.STYLE)


def show(html_text: str) -> None:
    """App-built HTML (page text in it already escaped) in the reader's styles."""
    st.html(f'<div class="reader">{html_text}</div>')


def set_tab_title(title: str = "") -> None:
    st.set_page_config(page_title=f"{title} · {SITE_NAME}" if title else SITE_NAME)


def page_href(name: str) -> str:
    return f"./{name}"


def site_navigation(current: str, titles: dict[str, str]) -> None:
    """The sidebar: a plain list of links, page titles as plain text."""
    items = [("home", HOME_HREF, "All pages")] + [(n, page_href(n), t) for n, t in titles.items()]
    links = "".join(f'<li><a href="{href}"{" aria-current=page" if name == current else ""}>{escape(title)}</a></li>'
                     for name, href, title in items)
    with st.sidebar:
        st.html(f'<nav class="site" aria-label="Pages"><ul>{links}</ul></nav>')


def link_home() -> None:
    show(f'<p class="no-print"><a href="{HOME_HREF}">Back to all pages</a></p>')


# --- the home page -----------------------------------------------------------------------------

def home() -> None:
    if not services.is_home_address():
        page_not_found()
        return
    set_tab_title()
    show(f"<h1>{SITE_NAME}</h1><p>Plain-language pages about scleroderma research. Every number on these pages has "
         "been checked against the research it comes from.</p>")
    served = services.served_reports()
    if "search" not in st.session_state:  # an address with ?q= (a shared link, or Back) opens with its search
        st.session_state.search = st.query_params.get("q", "")[:200]
    query = st.text_input("Search the pages", key="search", max_chars=200,
                          placeholder="for example: survival, skin score, RA, breathing")
    if query.strip():
        st.query_params["q"] = query  # in the address, so Back and a shared link keep the search
    elif "q" in st.query_params:
        del st.query_params["q"]
    if query.strip():
        results = search.search(services.search_index(), query)
        search_results(query, results, served)
    else:
        show("".join(page_card(name, report) for name, report in served.items()))
    withheld = len(services.reports()) - len(served)
    if withheld:
        show(f'<p class="note">{withheld} more page{"s are" if withheld != 1 else " is"} being checked and will appear '
             "here when every number is confirmed.</p>")


def search_results(query: str, results: list, served: dict) -> None:
    results = [r for r in results if r.name in served and r.name in LINKS]
    if not results:
        show(f'<p role="status">No page matches “{escape(query)}”. Try fewer or simpler words.</p>')
        return
    count = f'{len(results)} page{"s" if len(results) != 1 else ""} found for “{escape(query)}”'
    show(f'<p role="status">{count}</p>' + "".join(page_card(r.name, served[r.name], r.snippet) for r in results))


def page_card(name: str, report, snippet: str = "") -> str:
    """A whole-card link: title (looks like a link), key message, reading level, and the search snippet."""
    if name not in LINKS:
        return ""
    page = report.page if isinstance(report.page, dict) else {}
    summary = page.get("summary") if isinstance(page.get("summary"), str) else ""
    level = logic.reading_level(report.readability)
    return (f'<a class="card" href="{page_href(name)}"><span class="card-title">{escape(logic.page_title(report, name))}'
            f'</span>' + (f'<span class="card-summary">{escape(summary)}</span>' if summary else "")
            + (f'<span class="snippet">{snippet}</span>' if snippet else "")
            + (f'<span class="card-level">{escape(level.capitalize())}</span>' if level else "") + "</a>")


# --- one explainer -----------------------------------------------------------------------------

def explainer_page(name: str) -> Callable[[], None]:
    """The page function serving explainer `name` (a name discovered on disk, never one taken from a URL)."""

    def show_explainer() -> None:
        page = next((p for p in services.pages() if p.name == name), None)
        if page is None:
            page_not_found()
            return
        report = services.report_for(page)
        if not report.passed or not isinstance(report.page, dict):
            being_checked()
            return
        if st.query_params.get("view") == EVIDENCE_VIEW:
            evidence_view(report, services.library(), name)
            return
        set_tab_title(logic.page_title(report, name))
        render_explainer(report, services.library(), name=name)
        link_home()

    show_explainer.__name__ = f"show_{name.replace('-', '_')}"
    return show_explainer


def page_not_found() -> None:
    set_tab_title("Page not found")
    show(f'<h1>Page not found</h1><p>We could not find a page at this address. It may have moved, or the address '
         f'may have a typing mistake.</p><p><a href="{HOME_HREF}">Go to all pages</a></p>')


def being_checked() -> None:
    set_tab_title("This page is being checked")
    show("<h1>This page is being checked</h1><p>We check every number on our pages against the research it comes "
         "from. This page has not passed that check yet, so we are not showing it. Please come back later.</p>")
    link_home()


EVIDENCE_VIEW = "evidence"  # ?view=evidence: the research sentences behind a page's numbers, for doctors
EVIDENCE_LINK = "See the research sentences behind each number (written for doctors)"


def evidence_href(name: str) -> str:
    return f"{page_href(name)}?view={EVIDENCE_VIEW}"


def render_explainer(report, library, writer: bool = False, name: str = "") -> None:
    """An explainer page as readers see it: key message first, then the story, then what to ask and where
    it comes from. The research sentences behind the numbers are a separate view (`evidence_view`), reached
    by one link at the end; writers see them below the preview, with the source lines."""
    page = report.page
    facts = [logic.reading_level(report.readability).capitalize()]
    if isinstance(page.get("last_reviewed"), str):
        facts.append(f"Last reviewed {page['last_reviewed']}")
    show(f"<h1>{escape(logic.page_title(report, 'Untitled page'))}</h1>"
         + (f'<p class="facts">{escape(" · ".join(f for f in facts if f))}</p>' if any(facts) else ""))

    summary = page.get("summary")
    if isinstance(summary, str) and summary.strip():
        show(f'<section class="key-message" aria-label="Key message"><h2>Key message</h2><p>{escape(summary)}</p>'
             "</section>")

    numbers = logic.key_numbers(page)
    if numbers:
        show("<h2>The key numbers</h2>")
        for number in numbers:
            key_number(number, library)

    terms, marked = figures.glossary_terms(page), set()  # each term is explained in place at its first use
    for i, section in enumerate(logic.dict_list(page.get("sections"))):
        heading = str(section.get("heading") or "")
        show(f"<h2>{escape(heading)}</h2>" + figures.section_text_html(section.get("body", ""), terms, marked))
        figure_views.section_figures(section, library, i)

    glossary(page)
    show(bullet_list("What is not known", logic.text_list(page.get("unknowns")))
         + questions_to_ask(logic.text_list(page.get("questions"))))
    sources(library, page)
    if writer:
        show(evidence_parts(report, library, writer=True, level=2))
    elif name and report.claims:
        show(evidence_pointer(name))
    disclaimer = page.get("disclaimer") if isinstance(page.get("disclaimer"), str) else DEFAULT_DISCLAIMER
    reviewed = (f'<p class="facts">Last reviewed: {escape(page["last_reviewed"])}</p>'
                if isinstance(page.get("last_reviewed"), str) else "")
    show(f'<hr>{reviewed}<p class="disclaimer" role="note">{escape(disclaimer)}</p>')


PRINTED_EVIDENCE_LINE = ("Every number on this page was checked against the research listed under Sources. The "
                         "research sentences behind each number are in the app, at this page's address followed by "
                         "?view=evidence")


def evidence_pointer(name: str) -> str:
    """On screen, one link to the evidence view; on paper, a line saying where to find it."""
    return (f'<p class="evidence-link no-print"><a href="{evidence_href(name)}">{escape(EVIDENCE_LINK)}</a></p>'
            f'<p class="evidence-note print-only">{escape(PRINTED_EVIDENCE_LINE)}'
            f' (<span class="evidence-address">/{escape(name)}?view={EVIDENCE_VIEW}</span>).</p>')


def evidence_view(report, library, name: str) -> None:
    """The separate view for the research behind a page: each number with its quote and source, part by part."""
    title = logic.page_title(report, name)
    set_tab_title(f"Research sentences: {title}")
    show(f'<p class="no-print"><a href="{page_href(name)}">Back to the page “{escape(title)}”</a></p>'
         f"<h1>The research sentences behind “{escape(title)}”</h1>"
         "<p>Every number on the page was checked against the research it comes from. Here is each number with the "
         "sentence from the research that backs it. These sentences were written for doctors, so they use medical "
         "words and short forms.</p>" + evidence_parts(report, library))
    sources(library, report.page)
    show(f'<p class="no-print"><a href="{page_href(name)}">Back to the page “{escape(title)}”</a></p>')


def evidence_parts(report, library, writer: bool = False, level: int = 2) -> str:
    """Each part of the page with numbers, and for each of its numbers the one best quote and its source."""
    page = report.page if isinstance(report.page, dict) else {}
    parts = [("the key message", logic.claims_in(report, "title", "summary")),
             ("the key numbers", logic.claims_in(report, "key_numbers"))]
    parts += [(f"“{section.get('heading') or ''}”", logic.claims_in(report, f"sections[{i}]"))
              for i, section in enumerate(logic.dict_list(page.get("sections")))]
    parts.append(("the lists at the end of the page", logic.claims_elsewhere(report)))
    out = []
    for where, claims in parts:
        items = evidence_items(claims, library, writer)
        if items:
            out.append(f'<section class="evidence-part" aria-label="{escape(where)}">'
                       f"<h{level + 1}>Numbers in {escape(where)}</h{level + 1}>{''.join(items)}</section>")
    if not out:
        return ""
    heading = f"<h{level}>Where the numbers come from</h{level}>" if writer else ""
    return f'<div class="evidence">{heading}{"".join(out)}</div>'


def key_number(number: logic.KeyNumber, library) -> None:
    with st.container(border=True):  # one box per number: on a phone each picture stays with its sentence
        picture, words = st.columns([3, 2], vertical_alignment="center")
        with picture:
            st.markdown(icon_array_svg(number.count, number.total, number.statement), unsafe_allow_html=True)
        with words:
            show(f"<p><strong>{escape(number.statement)}</strong></p>" + figure_views.icon_legend(number, library))


def evidence_items(claims, library, writer: bool = False) -> list[str]:
    """For each number: the one best quote, from one copy of the paper, introduced in plain words, with a link
    to the paper (writers also get the file and line)."""
    items = []
    for claim in claims:
        status = logic.STATUS_WORDS.get(claim.status, claim.status)
        evidence = logic.best_evidence(claim, library)
        head = f"<p><strong>{escape(claim.text)}</strong>"
        if evidence is None:
            note = f": {escape(status)}." + (f" {escape(claim.note)}" if claim.note and writer else "")
            items.append(f'<div class="evidence-item">{head}{note}</p></div>')
            continue
        info = logic.source_info(library, evidence.source)
        if evidence.line <= 0:  # catalog evidence: a publication year or a registry id
            items.append(f'<div class="evidence-item">{head}: from the details of {source_name(info)}.</p></div>')
            continue
        shown = logic.readable_quote(logic.whole_quote(evidence, library))
        pinned = " The writers pinned this number to this sentence." if claim.pinned else ""
        terms = logic.abbreviations_in(shown.quote, library, evidence.source)
        explained = ("<p class='note'>In this sentence: " + "; ".join(
            f"{escape(short)} means {escape(meaning)}" for short, meaning in terms) + ".</p>") if terms else ""
        line = (f"<p class='note'>Source file {escape(evidence.source)}, line {int(evidence.line)}.</p>"
                if writer else "")
        items.append(f'<div class="evidence-item">{head}: {source_name(info)} says:{escape(pinned)}</p>'
                     f'<blockquote class="evidence-quote">{logic.highlighted_quote(shown)}</blockquote>'
                     f"{explained}{line}</div>")
    return items


def source_name(info: logic.SourceInfo) -> str:
    """'the study “Title” (2024)', linked to the paper when the catalog has an address."""
    what = "the news article" if "news" in info.kind else "the study"
    title = f"“{escape(info.title)}”" + (f" ({escape(info.year)})" if info.year else "")
    link = info.link
    return f'{what} <a href="{link}" rel="noopener noreferrer">{title}</a>' if link else f"{what} {title}"


def glossary(page: dict) -> None:
    terms = [g for g in logic.dict_list(page.get("glossary")) if isinstance(g.get("term"), str)
             and isinstance(g.get("definition"), str)]
    if not terms:
        return
    show("<h2>Words explained</h2><p class='note no-print'>Choose a word to see what it means.</p>")
    with st.container(horizontal=True):
        for i, entry in enumerate(terms):
            with st.popover(logic.safe_markdown(entry["term"]), key=f"glossary-{i}"):
                show(f"<p><strong>{escape(entry['term'])}</strong>: {escape(entry['definition'])}</p>")
    # on paper there is nothing to click: the whole list is printed
    show('<dl class="glossary print-only">' + "".join(
        f"<dt>{escape(e['term'])}</dt><dd>{escape(e['definition'])}</dd>" for e in terms) + "</dl>")


def bullet_list(heading: str, items: list[str]) -> str:
    if not items:
        return ""
    return f"<h2>{escape(heading)}</h2><ul class='plain'>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


VISIT_STEPS = (
    ("Before your visit", ("Read the questions below. Tick the ones that matter to you.",
                           "Add any questions of your own.",
                           "Print this page, or write the questions down, and take them with you.")),
    ("At your visit", ("Ask your questions. Start with the one that matters most to you.",
                       "Write down the answers, or ask someone you trust to come and take notes.",
                       "If an answer is not clear, ask your doctor to explain it another way.")),
)


def questions_to_ask(questions: list[str]) -> str:
    """The questions as a tool for a visit: numbered steps for using them, then the questions with room on
    paper for the answers, and room for the reader's own questions."""
    if not questions:
        return ""
    steps, first = [], 1
    for when, actions in VISIT_STEPS:  # numbered on from one list to the next: steps 1 to 6
        items = "".join(f"<li>{escape(action)}</li>" for action in actions)
        steps.append(f"<h3>{escape(when)}</h3><ol class='visit-steps' start='{first}'>{items}</ol>")
        first += len(actions)
    asked = "".join(f"<li>{escape(q)}<span class='answer-space print-only' aria-hidden='true'></span></li>"
                    for q in questions)
    own = ("<p class='print-only'><strong>My own questions:</strong></p>"
           "<div class='answer-space own print-only' aria-hidden='true'></div>")
    return (f"<h2>Questions to ask your doctor</h2>{''.join(steps)}<h3>The questions</h3>"
            f"<ul class='plain questions'>{asked}</ul>{own}")


def sources(library, page: dict) -> None:
    cited = logic.cited_sources(library, page)
    if not cited:
        return
    lines = []
    for info in cited:
        title = escape(info.title)
        link = info.link
        title_html = f'<a href="{link}" rel="noopener noreferrer">{title}</a>' if link else title
        details = [escape(bit) for bit in (info.authors,) if bit]
        site = logic.safe_url(info.site)
        if info.journal:
            details.append(f'<a href="{site}" rel="noopener noreferrer">{escape(info.journal)}</a>' if site and not link
                           else escape(info.journal))
        details.append(escape(info.year) if info.year else "date not given")
        trials = ", ".join(
            f'<a class="registry-id" href="{logic.safe_url(logic.registry_link(t))}" rel="noopener noreferrer">{escape(t)}</a>'
            if logic.registry_link(t) else escape(t) for t in info.trials)
        lines.append(f"<li>{title_html}. {', '.join(details)}."
                     + (f" Trial registration: {trials}." if trials else "") + "</li>")
    show('<h2>Sources</h2><ol class="sources">' + "".join(lines) + "</ol>")
