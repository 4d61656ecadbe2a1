"""The linter behind Streamlit's caches: one Linter per process, one lint per distinct page text."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from linter.api import Linter, folder_stamp
from linter.cache import Cache
from linter.model import FileReport

from . import access, logic, search

# How many times a page text was actually linted in this process (cache misses); the app's tests use it to
# show that switching pages does not lint unchanged pages again.
LINT_RUNS = {"count": 0}


class ReadOnlyCache(Cache):
    """The command line's cache, read but never written: the patient site writes no file (not even the cache's
    key: without one already made by `make lint` or CI, the site simply lints in memory)."""

    def __init__(self, folder: str | Path):
        super().__init__(folder, secret=b"unused")
        self.secret = existing_cache_secret()

    def put(self, kind: str, key: str, value) -> None:
        return None


def existing_cache_secret() -> bytes | None:
    import hashlib
    import os

    from linter import cache as lint_cache

    configured = os.environ.get(lint_cache.SECRET_ENV)
    if configured:
        return hashlib.sha256(configured.encode("utf-8", "surrogatepass")).digest()
    try:
        return lint_cache._read_secret(lint_cache._user_dir("data") / "cache-secret")
    except OSError:
        return None


@st.cache_resource(show_spinner=False, max_entries=4)
def linter_for(sources: str, cache_dir: str | None = None, sources_state: tuple = (), writable: bool = True) -> Linter:
    """The linter for a sources folder as it is now (`sources_state`: a new one when any source or the catalog
    changes), built once per process. With a cache folder, page results are shared with the command line (keyed
    on content), so after a restart, or once CI has linted the pages, unchanged pages are not linted again.
    The patient site (not `writable`) only reads that cache."""
    if not cache_dir:
        return Linter(sources, cache=None)
    return Linter(sources, cache=Cache(cache_dir) if writable else ReadOnlyCache(cache_dir))


def sources_state() -> tuple:
    """What the sources folder holds now (names, sizes, change times): part of every lint's key, so an edited
    source re-checks the pages without a restart."""
    return folder_stamp(sources_folder())


def _linter() -> Linter:
    folder = logic.cache_dir()
    return linter_for(sources_folder(), str(folder) if folder else None, sources_state(), access.writer_mode())


@st.cache_data(show_spinner="Checking the numbers against the sources…", max_entries=512)
def lint_yaml(text: str, path: str, sources: str, state: tuple = ()) -> FileReport:
    """The lint report of a draft page text (the live editor); cached in memory by the text itself."""
    LINT_RUNS["count"] += 1
    return _linter().lint_text(text, path)


@st.cache_data(show_spinner="Checking the numbers against the sources…", max_entries=4096)
def lint_page_file(path: str, text: str, sources: str, state: tuple = ()) -> FileReport:
    """The lint report of a page file whose content is `text` (the key: an edited file is linted again); through
    the linter's on-disk cache, shared with the command line."""
    LINT_RUNS["count"] += 1
    return _linter().lint_file(path)


def sources_folder() -> str:
    return str(logic.sources_dir())


def library():
    return _linter().library


def pages() -> list[logic.PageFile]:
    return logic.discover_pages(logic.explainers_dir())


def report_for(page: logic.PageFile) -> FileReport:
    try:
        text = page.read()
    except OSError:
        text = ""
    return lint_page_file(_as_the_command_line_names_it(page.path), text, sources_folder(), sources_state())


def _as_the_command_line_names_it(path: Path) -> str:
    """'explainers/x.yaml' when the app runs from the project folder, as `make lint` names it there (the cache key
    includes the path the report shows); else the full path."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def reports() -> dict[str, FileReport]:
    """Every discovered page's report, by page name."""
    return {page.name: report_for(page) for page in pages()}


def served_reports() -> dict[str, FileReport]:
    """The pages readers get: those that pass the linter, by name."""
    return {name: r for name, r in reports().items() if r.passed and isinstance(r.page, dict)}


@st.cache_data(show_spinner=False, max_entries=64)
def _search_index(pages: tuple[tuple[str, str], ...]) -> list[search.PageIndex]:
    import yaml

    out = []
    for name, text in pages:
        try:
            page = yaml.safe_load(text)
        except yaml.YAMLError:
            continue
        out.append(search.index_page(name, page if isinstance(page, dict) else {}))
    return out


def search_index() -> list[search.PageIndex]:
    """The served pages' search index, rebuilt only when a served page's text changes."""
    served = served_reports()
    texts = []
    for page in pages():
        if page.name in served:
            try:
                texts.append((page.name, page.read()))
            except OSError:
                continue
    return _search_index(tuple(texts))


HOME_PATHS = frozenset({"", "home"})


def is_home_address() -> bool:
    """Is the browser at the site's home address? (Streamlit runs the default page for any unknown address.)"""
    url = st.context.url
    if not url:
        return True
    from urllib.parse import urlsplit

    path = urlsplit(url).path.strip("/")
    return path in HOME_PATHS
