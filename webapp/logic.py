"""Plain functions behind the app: finding pages, describing lint results, escaping text, saving safely.

Nothing here imports Streamlit, so every function can be tested on its own.
"""
from __future__ import annotations

import html
import os
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from linter.model import Claim, Evidence, FileReport, Readability

REPO_ROOT = Path(__file__).resolve().parent.parent

# A page's name is its file stem and its URL path: lowercase words joined by hyphens, nothing else.
PAGE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,80}")  # used with fullmatch: "home\n" is not a name
# URL paths the app uses for itself; a page file with one of these names is not served.
RESERVED_NAMES = frozenset({"home", "report", "editor", "writers-report", "writers-editor"})


# --- folders -----------------------------------------------------------------------------------

def explainers_dir() -> Path:
    """The folder of explainer pages: $EXPLAINERS_DIR, else explainers/ next to the app."""
    return Path(os.environ.get("EXPLAINERS_DIR") or REPO_ROOT / "explainers").resolve()


def sources_dir() -> Path:
    """The folder of source documents and their catalog: $SOURCES_DIR, else seeds/ next to the app."""
    return Path(os.environ.get("SOURCES_DIR") or REPO_ROOT / "seeds").resolve()


def cache_dir() -> Path | None:
    """Where page results are kept between runs: $LINT_CACHE_DIR (empty: nowhere), else the command line's
    default in the user's cache folder (never the work tree), so the app reuses what `make lint` checked."""
    configured = os.environ.get("LINT_CACHE_DIR")
    if configured is not None:
        return Path(configured).resolve() if configured.strip() else None
    from linter.cache import default_dir

    return default_dir()


@dataclass(frozen=True)
class PageFile:
    """One explainer page found on disk: its name (= URL path) and where it lives."""

    name: str
    path: Path

    def read(self) -> str:
        return self.path.read_text(encoding="utf-8", errors="replace")


def discover_pages(folder: Path) -> list[PageFile]:
    """The pages in `folder` (not below it), sorted by name.

    Only `<name>.yaml` files whose name is a plain page name and that really live inside the folder are
    pages; this list is the only way a URL can reach a file.
    """
    folder = Path(folder).resolve()
    if not folder.is_dir():
        return []
    pages = []
    for path in sorted(folder.glob("*.yaml")):
        name = path.stem
        if not PAGE_NAME.fullmatch(name) or name in RESERVED_NAMES:
            continue
        try:
            if not path.is_file() or path.resolve().parent != folder:
                continue
        except OSError:
            continue
        pages.append(PageFile(name, path))
    return pages


# --- what a page says --------------------------------------------------------------------------

def page_title(report: FileReport, fallback: str) -> str:
    page = report.page if isinstance(report.page, dict) else {}
    title = page.get("title")
    return title.strip() if isinstance(title, str) and title.strip() else fallback


def text_list(value) -> list[str]:
    """A list of non-empty strings from a page field, ignoring anything else."""
    if not isinstance(value, list):
        return []
    return [v.strip() for v in value if isinstance(v, str) and v.strip()]


def dict_list(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def paragraphs(text: str) -> list[str]:
    """A body's paragraphs (split on blank lines), each joined onto one line."""
    if not isinstance(text, str):
        return []
    parts = re.split(r"\n\s*\n", text.strip())
    return [" ".join(line.strip() for line in part.splitlines() if line.strip()) for part in parts if part.strip()]


# --- readability -------------------------------------------------------------------------------

def reading_level(readability: Iterable[Readability]) -> str:
    """The whole page's reading level in words, e.g. "easy to read: about grade 6"; "" when not scored."""
    scores = list(readability or ())
    if not scores:
        return ""
    page = scores[0]
    if not page.reliable:
        return "too short to give a reading level"
    grade = max(1, round(page.consensus or page.flesch_kincaid_grade))
    if grade <= 6:
        words = "easy to read"
    elif grade <= 8:
        words = "fairly easy to read"
    elif grade <= 10:
        words = "fairly hard to read"
    else:
        words = "hard to read"
    return f"{words}: about grade {grade}"


# --- numbers and their evidence ----------------------------------------------------------------

STATUS_WORDS = {
    "supported": "found in the source",
    "suppressed": "accepted by a reviewer",
    "unsupported": "not found in the cited sources",
    "context_mismatch": "the source states this number about something else",
    "out_of_tolerance": "more precise or different from what the source states",
    "inconsistent": "does not agree with another number on the page",
}


def claims_in(report: FileReport, *fields: str) -> list[Claim]:
    """The claims found in the given fields (a field also covers its parts: "sections[0]" → "sections[0].body")."""
    out = []
    for claim in report.claims:
        if any(claim.field == f or claim.field.startswith(f + ".") or claim.field.startswith(f + "[") for f in fields):
            out.append(claim)
    return out


def claims_elsewhere(report: FileReport) -> list[Claim]:
    """Claims outside the title, summary, sections and key numbers (glossary, unknowns, questions)."""
    main = ("title", "summary", "sections", "key_numbers")
    return [c for c in report.claims if not any(c.field == m or c.field.startswith(m + "[") or c.field.startswith(m + ".")
                                                for m in main)]


def distinct_evidence(claim: Claim, limit: int = 2) -> list[Evidence]:
    seen, out = set(), []
    for ev in claim.evidence:
        key = (ev.source, ev.line, ev.quote)
        if key in seen:
            continue
        seen.add(key)
        out.append(ev)
        if len(out) == limit:
            break
    return out


# Scraped text glues a heading to the next word ("MethodsForty-one"): a lowercase run then a capitalised word.
_GLUED = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z])")
_ABBREVIATION = re.compile(r"\b[A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")


def _debris(quote: str) -> int:
    return len(_GLUED.findall(quote)) + quote.count("…")


def work_key(library, source_id: str) -> str:
    """One key per work: copies of one paper (a catalog entry per scraped page, one DOI) share it."""
    source = library.get(source_id) if library is not None else None
    if source is None:
        return source_id
    meta = source.meta or {}
    doi = str(meta.get("doi") or "").strip().lower()
    url = str(meta.get("url") or "").strip().lower()
    return f"doi:{doi}" if doi else f"url:{url}" if url else f"file:{source.stem}"


def best_evidence(claim: Claim, library=None) -> Evidence | None:
    """The one quote to show for a number: a pinned quote first, then a quote that writes the number as the
    page does, from the fullest copy of the paper, without scraping debris, the shorter the better."""
    quoted = [ev for ev in claim.evidence if ev.quote]
    if not quoted:
        return None

    def rank(item):
        index, ev = item
        marked = ev.quote[ev.start:ev.end] if 0 <= ev.start < ev.end <= len(ev.quote) else ""
        same_words = " ".join(marked.split()).lower() == " ".join(claim.text.split()).lower()
        source = library.get(ev.source) if library is not None else None
        record = "record" in str(((source.meta or {}).get("kind") if source else "") or "")
        return (claim.pinned and index == 0, ev.line > 0, same_words, not record, -_debris(ev.quote),
                -len(ev.quote), -index)

    return max(enumerate(quoted), key=rank)[1]


def readable_quote(evidence: Evidence) -> Evidence:
    """The quote with glued scraped words set apart ("MethodsForty-one" -> "Methods Forty-one"), offsets kept."""
    quote, start, end = evidence.quote, evidence.start, evidence.end
    for m in reversed(list(_GLUED.finditer(quote))):
        i = m.start()
        quote = quote[:i] + " " + quote[i:]
        start += 1 if i <= start else 0
        end += 1 if i < end else 0
    return Evidence(evidence.source, quote, evidence.line, start, end)


def abbreviations_in(quote: str, library, source_id: str) -> list[tuple[str, str]]:
    """Abbreviations in a quote that its source spells out somewhere: [("SSc", "systemic sclerosis"), ...]."""
    source = library.get(source_id) if library is not None else None
    known = getattr(source, "abbreviations", None) or {}
    out = {}
    for m in _ABBREVIATION.finditer(quote or ""):
        meaning = known.get(m.group(0).lower())
        if meaning and m.group(0) not in out:
            out[m.group(0)] = meaning
    return list(out.items())


_MARKDOWN_SIGNIFICANT = set(string.punctuation)


def safe_markdown(text: str) -> str:
    """Text that Streamlit's markdown shows exactly as written (for labels that only take markdown).

    Every ASCII punctuation mark becomes a numeric character reference, so no HTML tag, markdown link,
    emphasis, heading, `$` math or `:color[...]` directive can form; line breaks become spaces. A web or
    e-mail address gets a word joiner after each dot and '@', so the autolinker, which runs after the
    references are decoded, finds no address in it.
    """
    return _escape_inline(_break_addresses(str(text or ""))).strip()


_ADDRESS_PUNCTUATION = re.compile(r"(?<=[\w/])([.@:])(?=[\w/])")


def _break_addresses(text: str) -> str:
    return _ADDRESS_PUNCTUATION.sub("\\1\u2060", text) if re.search(r"[.@:]\w", text) else text


def _escape_inline(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    return "".join(f"&#{ord(ch)};" if ch in _MARKDOWN_SIGNIFICANT else ch for ch in text)


def escape(text) -> str:
    """Page text as HTML text: every tag and entity character escaped, whitespace runs joined. Shown with
    st.html, which applies no markdown, so nothing in it becomes a link, emphasis or math."""
    return html.escape(" ".join(str(text or "").split()), quote=True)


def highlighted_quote(evidence: Evidence) -> str:
    """The quote as safe HTML with the number marked: `… rate is <mark>92.7%</mark> …`."""
    quote = evidence.quote or ""
    start, end = evidence.start, evidence.end
    if not (0 <= start < end <= len(quote)):
        return escape(quote)
    return (html.escape(quote[:start]).lstrip() + "<mark>" + html.escape(quote[start:end]) + "</mark>"
            + html.escape(quote[end:]).rstrip())


def safe_url(url) -> str:
    """A catalog link fit for an href: only plain http(s) addresses, else ""."""
    if not isinstance(url, str):
        return ""
    url = url.strip()
    if not re.match(r"^https?://[^\s<>\"'`]+$", url):
        return ""
    return html.escape(url, quote=True)


REGISTRIES = {  # trial registry id -> its public page
    re.compile(r"^NCT\d{8}$"): "https://clinicaltrials.gov/study/{id}",
    re.compile(r"^ISRCTN\d{8}$"): "https://www.isrctn.com/{id}",
    re.compile(r"^ChiCTR[-\w]{6,20}$"): "https://www.chictr.org.cn/searchprojEN.html?regno={id}",
}


def registry_link(trial_id: str) -> str:
    for pattern, template in REGISTRIES.items():
        if pattern.match(trial_id or ""):
            return template.format(id=trial_id)
    return ""


@dataclass(frozen=True)
class SourceInfo:
    """What a reader needs to find a source: its title, who, when, where, and a link."""

    id: str
    title: str
    year: str = ""
    journal: str = ""
    authors: str = ""
    url: str = ""
    kind: str = ""
    trials: tuple[str, ...] = ()
    copies: tuple[str, ...] = ()  # every catalog id / file stem standing for this work
    site: str = ""  # the publisher's site, when the catalog has no address for the work itself

    @property
    def short(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    @property
    def link(self) -> str:
        return safe_url(self.url)


def source_info(library, source_id: str) -> SourceInfo:
    """Catalog details of a source id (friendly id or file stem); the bare id when the catalog lacks it."""
    source = library.get(source_id) if library is not None else None
    if source is None:
        return SourceInfo(source_id, source_id, copies=(source_id,))
    meta = source.meta or {}
    authors = meta.get("authors")
    if isinstance(authors, list):
        names = [str(a) for a in authors if str(a).strip().lower() not in ("et al", "et al.")]
        authors = ", ".join(names[:3]) + (" et al." if len(authors) > 3 or len(names) < len(authors) else "")
    url = str(meta.get("url") or "")
    if not url and meta.get("doi"):
        url = f"https://doi.org/{meta['doi']}"
    trials = meta.get("registry_ids") if isinstance(meta.get("registry_ids"), list) else []
    return SourceInfo(
        id=source_id,
        title=str(meta.get("title") or getattr(source, "title", "") or source_id),
        year=str(meta.get("year") or ""),
        journal=str(meta.get("journal") or meta.get("publisher") or ""),
        authors=str(authors or ""),
        url=url,
        kind=str(meta.get("kind") or ""),
        trials=tuple(str(t) for t in trials),
        copies=tuple(dict.fromkeys((source_id, *source.ids))),
        site=str(meta.get("site") or ""),
    )


def plain_source_name(library, source_id: str) -> str:
    """How a caption names a source for readers: the catalog's short label of the work the source reports
    ("the five-year Nanjing study (Alip et al, 2024)"), else "the news story “Title” (Publisher)", else the title
    and year. Full titles and links are in the page's list of sources."""
    source = library.get(source_id) if library is not None else None
    meta = (source.meta or {}) if source is not None else {}
    work = str(meta.get("work") or "")
    label = next((w.label for w in getattr(library, "works", ()) or () if w.id == work and w.label), "")
    if label:
        return label
    info = source_info(library, source_id)
    if "news" in info.kind:
        return f"the news story “{info.title}”" + (f" ({info.journal})" if info.journal else "")
    return info.short


def cited_sources(library, page: dict) -> list[SourceInfo]:
    """The page's sources in citation order, one entry per work: catalog entries that are copies of one paper
    (the same DOI or address) are one entry, with the fullest details of the copies."""
    groups: dict[str, list[SourceInfo]] = {}
    for source_id in text_list((page or {}).get("sources")):
        groups.setdefault(work_key(library, source_id), []).append(source_info(library, source_id))
    out = []
    for copies in groups.values():
        best = max(copies, key=lambda i: (bool(i.url), bool(i.year), len(i.authors.split(",")), "record" not in i.kind))
        trials = tuple(dict.fromkeys(t for i in copies for t in i.trials))
        ids = tuple(dict.fromkeys(c for i in copies for c in i.copies))
        out.append(SourceInfo(best.id, best.title, best.year or next((i.year for i in copies if i.year), ""),
                              best.journal or next((i.journal for i in copies if i.journal), ""), best.authors,
                              best.url, best.kind, trials, ids, best.site))
    return out


# --- key numbers -------------------------------------------------------------------------------

@dataclass(frozen=True)
class KeyNumber:
    statement: str
    count: int
    total: int
    source: str = ""
    filled: str = ""  # the legend: what a filled figure means ("alive after 5 years")
    empty: str = ""  # ... and an empty one ("died")
    group: str = ""  # who the figures are ("patients in the 5-year study")
    caption: str = ""  # how the reader can use the picture


def key_numbers(page: dict) -> list[KeyNumber]:
    out = []
    for item in dict_list((page or {}).get("key_numbers")):
        count, total = item.get("count"), item.get("total")
        if not (isinstance(count, int) and isinstance(total, int)) or isinstance(count, bool) or isinstance(total, bool):
            continue
        if total < 1 or not 0 <= count <= total:
            continue
        words = {k: item[k].strip() for k in ("filled", "empty", "group", "caption") if isinstance(item.get(k), str)}
        out.append(KeyNumber(str(item.get("statement") or f"{count} out of {total}"), count, total,
                             str(item.get("source") or ""), **words))
    return out


# --- the writers' report -----------------------------------------------------------------------

_SOURCE_STEM = re.compile(r"\b\d{3}_[0-9a-f]{16}\b")
_ABSOLUTE_PATH = re.compile(r"(?<![\w.])/(?:[^\s/'\"]+/)+([^\s/'\"]*)")


def without_server_paths(message: str) -> str:
    """A message as writers see it in the app: folder paths on the server become the folder's role."""
    for folder, label in ((explainers_dir(), "explainers/"), (sources_dir(), "sources/"), (REPO_ROOT, "")):
        message = message.replace(str(folder) + os.sep, label).replace(str(folder), label.rstrip("/") or ".")
    return _ABSOLUTE_PATH.sub(lambda m: m.group(1) or "(a folder)", message)


def with_source_titles(message: str, library) -> str:
    """Source file stems in a message followed by the source's title: '004_a8e0… (“Umbilical cord …”, 2024)'."""
    if library is None:
        return message

    def titled(m: re.Match) -> str:
        info = source_info(library, m.group(0))
        return m.group(0) if info.title == m.group(0) else f"{m.group(0)} (“{info.title}”{', ' + info.year if info.year else ''})"

    return _SOURCE_STEM.sub(titled, message)


def findings_rows(report: FileReport, library=None) -> list[dict]:
    return [{"line": f.line, "column": f.column, "code": f.code, "severity": f.severity, "rule": f.name,
             "field": f.field, "message": with_source_titles(without_server_paths(f.message), library)}
            for f in report.findings]


def readability_rows(report: FileReport) -> list[dict]:
    return [{"part": r.label, "words": r.words, "sentences": r.sentences, "grade (FK)": r.flesch_kincaid_grade,
             "reading ease": r.flesch_reading_ease, "SMOG": r.smog, "consensus grade": r.consensus,
             "reliable": r.reliable} for r in (report.readability or ())]


def unsupported_rows(report: FileReport, library=None) -> list[dict]:
    """Each number the linter could not back, with the nearest candidate it found (the claim's note)."""
    return [{"line": c.line, "column": c.column, "number": c.text, "field": c.field, "status": c.status,
             "nearest candidate": with_source_titles(without_server_paths(c.note), library)}
            for c in report.claims if not c.supported]


def counts_by_severity(report: FileReport) -> dict[str, int]:
    counts = {"error": 0, "warning": 0, "suggestion": 0}
    for f in report.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


# --- saving ------------------------------------------------------------------------------------

class UnsafePageName(ValueError):
    """The name would put the page somewhere other than directly inside the explainers folder."""


def page_path_for(folder: Path, name: str) -> Path:
    """Where page `name` lives inside `folder`; refuses anything that is not a plain page name."""
    name = (name or "").strip()
    if name.endswith(".yaml"):
        name = name[: -len(".yaml")]
    if not PAGE_NAME.fullmatch(name) or name in RESERVED_NAMES:
        raise UnsafePageName(f"'{name[:60]}' is not a page name: use lowercase letters, digits and hyphens "
                             "(like five-year-study)")
    folder = Path(folder).resolve()
    path = folder / f"{name}.yaml"
    if path.resolve().parent != folder:
        raise UnsafePageName(f"'{name}' would be saved outside {folder.name}/")
    return path


# --- the evidence, each quote whole -------------------------------------------------------------

WHOLE_QUOTE_LIMIT = 700  # a cut quote is printed whole when its sentence is at most this long


def whole_quote(evidence: Evidence, library) -> Evidence:
    """The quote as a whole sentence when the linter cut it to a window ("… reduced from 9.5 … correlates with
    th…"): the evidence view should not show a sentence that stops mid-word. Offsets move with it; unchanged when the
    sentence cannot be found or is very long."""
    quote = evidence.quote or ""
    if not (quote.startswith("…") or quote.endswith("…")) or library is None or evidence.line <= 0:
        return evidence
    source = library.get(evidence.source)
    core = quote.strip("…")
    lead = len(quote) - len(quote.lstrip("…"))
    try:
        sentences = source.sentences if source is not None else []
    except Exception:  # an unreadable source keeps the cut quote
        return evidence
    for sentence in sentences:
        if sentence.line != evidence.line:
            continue
        text = sentence.text.replace("\n", " ").strip()
        at = text.find(core)
        if at < 0 or len(text) > WHOLE_QUOTE_LIMIT:
            continue
        shift = at - lead
        return Evidence(evidence.source, text, evidence.line, evidence.start + shift, evidence.end + shift)
    return evidence
