"""Fact-check and plain-language linter for patient explainer pages."""
from .api import Linter, PageContext, __version__, lint_page
from .model import Claim, Evidence, FileReport, Finding, Readability

__all__ = ["Claim", "Evidence", "FileReport", "Finding", "Linter", "PageContext", "Readability", "__version__", "lint_page"]
