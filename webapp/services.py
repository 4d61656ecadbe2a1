"""The linter behind Streamlit's caches: one Linter per process, one lint per distinct page text."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from linter.api import Linter, folder_stamp
from linter.cache import Cache
from linter.model import FileReport

from . import logic

# How many times a page text was actually linted in this process (cache misses); the app's tests use it to
# show that switching pages does not lint unchanged pages again.
LINT_RUNS = {"count": 0}


@st.cache_resource(show_spinner=False, max_entries=2)
def linter_for(sources: str, cache_dir: str | None = None, sources_state: tuple = ()) -> Linter:
    """The linter for a sources folder as it is now (`sources_state`: a new one when any source or the catalog
    changes), built once per process. With a cache folder, page results are shared with the command line (keyed
    on content), so after a restart, or once CI has linted the pages, unchanged pages are not linted again."""
    return Linter(sources, cache=Cache(cache_dir) if cache_dir else None)


def sources_state() -> tuple:
    """What the sources folder holds now (names, sizes, change times): part of every lint's key, so an edited
    source re-checks the pages without a restart."""
    return folder_stamp(sources_folder())


def _linter() -> Linter:
    folder = logic.cache_dir()
    return linter_for(sources_folder(), str(folder) if folder else None, sources_state())


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
