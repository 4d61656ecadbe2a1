"""Plain functions behind the app: finding pages, describing lint results, escaping text, saving safely.

Nothing here imports Streamlit, so every function can be tested on its own.
"""
from __future__ import annotations

import html
import os
import re
import stat
import string
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from linter.model import Claim, Evidence, FileReport, Readability

REPO_ROOT = Path(__file__).resolve().parent.parent

# A page's name is its file stem and its URL path: lowercase words joined by hyphens, nothing else.
PAGE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,80}")  # used with fullmatch: "home\n" is not a name
# URL paths the app uses for itself; a page file with one of these names is not served.
RESERVED_NAMES = frozenset({"home", "writers-report", "writers-editor"})


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


def page_search_text(page: dict) -> str:
    """All reader-visible words of a page, lowercased, for search."""
    if not isinstance(page, dict):
        return ""
    bits = [page.get("title"), page.get("summary")]
    for section in dict_list(page.get("sections")):
        bits += [section.get("heading"), section.get("body")]
    bits += [k.get("statement") for k in dict_list(page.get("key_numbers"))]
    bits += [g.get("term") for g in dict_list(page.get("glossary"))]
    bits += [g.get("definition") for g in dict_list(page.get("glossary"))]
    bits += text_list(page.get("unknowns")) + text_list(page.get("questions"))
    return " ".join(b for b in bits if isinstance(b, str)).lower()


def search_pages(pages: dict[str, dict], query: str) -> list[str]:
    """Names of the pages matching every word of `query`; title matches first, then by name."""
    words = [w for w in re.findall(r"\w+", (query or "").lower())]
    if not words:
        return sorted(pages)
    hits = []
    for name, page in pages.items():
        text = page_search_text(page)
        if all(w in text for w in words):
            title = str((page or {}).get("title", "")).lower()
            hits.append((0 if all(w in title for w in words) else 1, name))
    return [name for _, name in sorted(hits)]


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


_MARKDOWN_SIGNIFICANT = set(string.punctuation)


def safe_markdown(text: str) -> str:
    """Text that Streamlit's markdown shows exactly as written.

    Every ASCII punctuation mark becomes a numeric character reference, so no HTML tag, markdown link,
    emphasis, heading, `$` math or `:color[...]` directive can form; line breaks become spaces.
    """
    return _escape_inline(str(text or "")).strip()


def _escape_inline(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    return "".join(f"&#{ord(ch)};" if ch in _MARKDOWN_SIGNIFICANT else ch for ch in text)


def highlighted_quote(evidence: Evidence) -> str:
    """The quote as safe HTML with the number marked: `… rate is <mark>92.7%</mark> …`."""
    quote = evidence.quote or ""
    start, end = evidence.start, evidence.end
    if not (0 <= start < end <= len(quote)):
        return safe_markdown(quote)
    return (_escape_inline(quote[:start]).lstrip() + "<mark>" + _escape_inline(quote[start:end]) + "</mark>"
            + _escape_inline(quote[end:]).rstrip())


def safe_url(url) -> str:
    """A catalog link fit for an href: only plain http(s) addresses, else ""."""
    if not isinstance(url, str):
        return ""
    url = url.strip()
    if not re.match(r"^https?://[^\s<>\"'`]+$", url):
        return ""
    return html.escape(url, quote=True)


@dataclass(frozen=True)
class SourceInfo:
    """What a reader needs to find a source: its title, who, when, where, and a link."""

    id: str
    title: str
    year: str = ""
    journal: str = ""
    authors: str = ""
    url: str = ""

    @property
    def short(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


def source_info(library, source_id: str) -> SourceInfo:
    """Catalog details of a source id (friendly id or file stem); the bare id when the catalog lacks it."""
    source = library.get(source_id) if library is not None else None
    if source is None:
        return SourceInfo(source_id, source_id)
    meta = source.meta or {}
    authors = meta.get("authors")
    if isinstance(authors, list):
        authors = ", ".join(str(a) for a in authors[:3]) + (" et al." if len(authors) > 3 else "")
    return SourceInfo(
        id=source_id,
        title=str(meta.get("title") or getattr(source, "title", "") or source_id),
        year=str(meta.get("year") or ""),
        journal=str(meta.get("journal") or meta.get("publisher") or ""),
        authors=str(authors or ""),
        url=str(meta.get("url") or ""),
    )


def cited_sources(library, page: dict) -> list[SourceInfo]:
    """The page's sources in citation order, one entry per document (two ids of one file count once)."""
    out, seen = [], set()
    for source_id in text_list((page or {}).get("sources")):
        source = library.get(source_id) if library is not None else None
        info = source_info(library, source_id)
        key = getattr(source, "stem", None) or source_id
        if key in seen:
            continue
        seen.add(key)
        out.append(info)
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


def key_numbers(page: dict) -> list[KeyNumber]:
    out = []
    for item in dict_list((page or {}).get("key_numbers")):
        count, total = item.get("count"), item.get("total")
        if not (isinstance(count, int) and isinstance(total, int)) or isinstance(count, bool) or isinstance(total, bool):
            continue
        if total < 1 or not 0 <= count <= total:
            continue
        words = {k: item[k].strip() for k in ("filled", "empty", "group") if isinstance(item.get(k), str)}
        out.append(KeyNumber(str(item.get("statement") or f"{count} out of {total}"), count, total,
                             str(item.get("source") or ""), **words))
    return out


# --- the writers' report -----------------------------------------------------------------------

def findings_rows(report: FileReport) -> list[dict]:
    return [{"line": f.line, "column": f.column, "code": f.code, "severity": f.severity, "rule": f.name,
             "field": f.field, "message": f.message} for f in report.findings]


def readability_rows(report: FileReport) -> list[dict]:
    return [{"part": r.label, "words": r.words, "sentences": r.sentences, "grade (FK)": r.flesch_kincaid_grade,
             "reading ease": r.flesch_reading_ease, "SMOG": r.smog, "consensus grade": r.consensus,
             "reliable": r.reliable} for r in (report.readability or ())]


def unsupported_rows(report: FileReport) -> list[dict]:
    """Each number the linter could not back, with the nearest candidate it found (the claim's note)."""
    return [{"line": c.line, "column": c.column, "number": c.text, "field": c.field, "status": c.status,
             "nearest candidate": c.note} for c in report.claims if not c.supported]


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


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def _keep_previous(path: Path) -> None:
    """Copy the page's current text to `<page>.yaml.bak` without following links on either name: the page is
    read with O_NOFOLLOW and the copy is a new file put in place by os.replace, which replaces whatever the
    `.bak` name was (a planted link included) and never writes through it."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return
        previous = handle.read()
    backup = backup_path(path)
    bfd, btmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".bak.tmp")
    try:
        with os.fdopen(bfd, "wb") as handle:
            handle.write(previous)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(btmp, backup)
    except BaseException:
        if os.path.exists(btmp):
            os.unlink(btmp)
        raise


def save_page(folder: Path, name: str, text: str) -> Path:
    """Write a page atomically: temp file in the same folder, fsync, previous version kept as `.yaml.bak`,
    then os.replace. Returns the page's path."""
    path = page_path_for(folder, name)
    folder = path.parent
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        _keep_previous(path)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass
    return path
