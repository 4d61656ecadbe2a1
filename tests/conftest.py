"""Every test runs with its own user cache and data folders, so no test reads or writes the real ones."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _own_user_folders(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.delenv("EXPLAINER_LINT_CACHE_SECRET", raising=False)
