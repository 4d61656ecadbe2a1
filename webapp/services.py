"""The linter behind Streamlit's caches: one Linter per process, one lint per distinct page text."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from linter.api import Linter
from linter.model import FileReport

from . import logic

# How many times a page text was actually linted in this process (cache misses); the app's tests use it to
# show that switching pages does not lint unchanged pages again.
LINT_RUNS = {"count": 0}


@st.cache_resource(show_spinner=False)
def linter_for(sources: str) -> Linter:
    """The linter for a sources folder, built once per process."""
    return Linter(sources)


@st.cache_data(show_spinner="Checking the numbers against the sources…", max_entries=512)
def lint_yaml(text: str, path: str, sources: str) -> FileReport:
    """The lint report of one page text; cached by the text itself, so unchanged pages are never re-linted."""
    LINT_RUNS["count"] += 1
    return linter_for(sources).lint_text(text, path)


def sources_folder() -> str:
    return str(logic.sources_dir())


def library():
    return linter_for(sources_folder()).library


def pages() -> list[logic.PageFile]:
    return logic.discover_pages(logic.explainers_dir())


def report_for(page: logic.PageFile) -> FileReport:
    try:
        text = page.read()
    except OSError:
        text = ""
    return lint_yaml(text, str(Path(logic.explainers_dir().name) / page.path.name), sources_folder())


def reports() -> dict[str, FileReport]:
    """Every discovered page's report, by page name."""
    return {page.name: report_for(page) for page in pages()}
