"""The result cache never returns a stale result, and a broken cache never breaks a run."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from linter import api, cli
from linter.api import Linter
from linter.cache import Cache

ROOT = Path(__file__).resolve().parent.parent
PAGE = """title: Survival after stem cells
sources: [five-year-study]
sections:
  - heading: Results
    body: After 5 years, 92.7% of the 41 patients were still alive.
"""


@pytest.fixture
def work(tmp_path):
    shutil.copytree(ROOT / "seeds", tmp_path / "sources")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.yaml").write_text(PAGE, encoding="utf-8")
    return tmp_path


def lint(work, settings=None):
    cache = Cache(work / "cache")
    report = Linter(work / "sources", settings, cache=cache).lint_file(work / "pages" / "p.yaml")
    return report, cache


def status(report, text):
    return next(c.status for c in report.claims if c.text.strip() == text)


def test_unchanged_page_comes_from_the_cache_with_the_same_result(work):
    first, cache = lint(work)
    assert (cache.hits, cache.misses) == (0, 1)
    again, cache = lint(work)
    assert (cache.hits, cache.misses) == (1, 0)
    assert again == first
    assert status(again, "92.7%") == "supported"


def test_an_edited_page_is_checked_again(work):
    lint(work)
    (work / "pages" / "p.yaml").write_text(PAGE.replace("92.7%", "97.2%"), encoding="utf-8")
    report, cache = lint(work)
    assert cache.misses == 1
    assert status(report, "97.2%") == "unsupported"


def test_an_edited_cited_source_is_read_again(work):
    assert status(lint(work)[0], "92.7%") == "supported"
    path = work / "sources" / "004_a8e050c38ba956b1.txt"
    text = path.read_text(encoding="utf-8")
    for old, new in (("92.7", "81.3"), ("38 out of 41", "30 out of 41"), ("38/41", "30/41")):
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    report, cache = lint(work)
    assert cache.misses == 1
    assert status(report, "92.7%") != "supported"


def test_an_edited_source_the_page_does_not_cite_keeps_the_page_cached(work):
    lint(work)
    path = work / "sources" / "003_69cf397a29246897.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more sentence with 12 patients.\n", encoding="utf-8")
    _, cache = lint(work)
    assert cache.hits == 1


def test_a_catalog_change_is_seen(work):
    lint(work)
    catalog = work / "sources" / "sources.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("id: five-year-study\n", "id: renamed-study\n"),
                       encoding="utf-8")
    report, cache = lint(work)
    assert cache.misses == 1
    assert any(f.code == "PG008" and "five-year-study" in f.message for f in report.findings)


def test_changed_settings_are_a_different_result(work):
    easy, _ = lint(work)
    assert any("under 30" in f.message for f in easy.findings)
    changed, cache = lint(work, {"readability": {"min_words_to_score": 5}})
    assert cache.misses == 1
    assert not any("under 30" in f.message for f in changed.findings)


def test_a_new_linter_version_does_not_reuse_old_results(work, monkeypatch):
    lint(work)
    monkeypatch.setattr(api, "code_digest", lambda: "a-later-version")
    _, cache = lint(work)
    assert (cache.hits, cache.misses) == (0, 1)


@pytest.mark.parametrize("garbage", [b"", b"not a pickle", b"\x80\x05\x95\x10", os.urandom(256)])
def test_a_corrupt_cache_file_is_a_miss_not_a_crash(work, garbage):
    first, _ = lint(work)
    files = [p for p in (work / "cache").rglob("*.pickle")]
    assert files
    for p in files:
        p.write_bytes(garbage)
    again, cache = lint(work)
    assert again == first
    assert cache.misses == 1


def test_an_entry_stored_under_another_key_is_never_used(work):
    lint(work)
    page_files = list((work / "cache" / "page").rglob("*.pickle"))
    (work / "pages" / "p.yaml").write_text(PAGE.replace("92.7%", "97.2%"), encoding="utf-8")
    lint(work)
    new = [p for p in (work / "cache" / "page").rglob("*.pickle") if p not in page_files]
    shutil.copy(page_files[0], new[0])  # the old page's result where the new page's should be
    report, cache = lint(work)
    assert cache.misses == 1
    assert status(report, "97.2%") == "unsupported"


def test_writes_leave_no_temporary_files_and_an_unwritable_folder_is_harmless(work):
    lint(work)
    assert not [p for p in (work / "cache").rglob("*") if p.name.startswith(".tmp-")]
    blocker = work / "blocked"
    blocker.write_text("a file where the cache folder should be")
    report = Linter(work / "sources", cache=Cache(blocker)).lint_file(work / "pages" / "p.yaml")
    assert status(report, "92.7%") == "supported"


def test_cli_cache_dir_and_no_cache(work, capsys):
    argv = [str(work / "pages"), "--sources", str(work / "sources"), "--format", "json", "--isolated"]
    assert cli.main(argv + ["--no-cache", "--cache-dir", str(work / "unused")]) in (0, 1)
    uncached = capsys.readouterr().out
    assert not (work / "unused").exists()
    cli.main(argv + ["--cache-dir", str(work / "c")])
    assert capsys.readouterr().out == uncached
    assert list((work / "c" / "page").rglob("*.pickle"))
    cli.main(argv + ["--cache-dir", str(work / "c")])
    assert capsys.readouterr().out == uncached
