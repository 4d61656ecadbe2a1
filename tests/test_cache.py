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


@pytest.mark.parametrize("garbage", [b"", b"not an entry", b'{"format": 2}\n{}', b"\x80\x05\x95\x10", os.urandom(256)])
def test_a_corrupt_cache_file_is_a_miss_not_a_crash(work, garbage):
    first, _ = lint(work)
    files = [p for p in (work / "cache").rglob("*.json")]
    assert files
    for p in files:
        p.write_bytes(garbage)
    again, cache = lint(work)
    assert again == first
    assert cache.misses == 1


def test_an_entry_stored_under_another_key_is_never_used(work):
    lint(work)
    page_files = list((work / "cache" / "page").rglob("*.json"))
    (work / "pages" / "p.yaml").write_text(PAGE.replace("92.7%", "97.2%"), encoding="utf-8")
    lint(work)
    new = [p for p in (work / "cache" / "page").rglob("*.json") if p not in page_files]
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
    assert list((work / "c" / "page").rglob("*.json"))
    cli.main(argv + ["--cache-dir", str(work / "c")])
    assert capsys.readouterr().out == uncached


# --- a cache that holds data, not code -------------------------------------------------------------

import json
import pickle
import subprocess
import sys

from linter import cache as cache_module
from linter.cache import digest
from linter.model import Claim, Evidence, FileReport

BAD_PAGE = PAGE.replace("92.7%", "97.2%")


def _key(work, linter):
    path = work / "pages" / "p.yaml"
    return digest(linter._cache_base, str(path), path.read_bytes())


class _Boom:
    """Unpickling this runs a command that leaves a marker file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _forged(report: FileReport, quote: str) -> FileReport:
    """The bad page's report with every claim 'supported' by a quote of our own."""
    claims = tuple(Claim(c.field, c.start, c.end, c.text, c.line, c.column, "supported", c.kind,
                         (Evidence("004_a8e050c38ba956b1", quote, 22, 0, len(quote)),)) for c in report.claims)
    return FileReport(report.path, claims, tuple(f for f in report.findings if f.severity != "error"),
                      report.readability, report.page)


def test_a_planted_pickle_never_runs_and_changes_nothing(work):
    (work / "pages" / "p.yaml").write_text(BAD_PAGE, encoding="utf-8")
    first, _ = lint(work)
    marker = work / "ran"
    bomb = pickle.dumps({"format": 1, "key": "x", "value": _Boom(marker)})
    entries = list((work / "cache").rglob("*.json"))
    assert entries
    for entry in entries:
        entry.write_bytes(bomb)
        entry.with_suffix(".pickle").write_bytes(bomb)  # where the old cache kept its entries
    again, cache = lint(work)
    assert not marker.exists()
    assert again == first and cache.misses == 1
    assert status(again, "97.2%") == "unsupported"


def test_a_forged_verdict_without_the_secret_is_a_miss(work):
    (work / "pages" / "p.yaml").write_text(BAD_PAGE, encoding="utf-8")
    first, _ = lint(work)
    assert not first.passed
    linter = Linter(work / "sources", cache=Cache(work / "cache", secret=b"someone else's secret"))
    deps = (("five-year-study", linter._source_state("five-year-study")),)
    forged = _forged(first, "The overall 5-year survival rate was 92.7% (38 out of 41 patients).")
    linter.cache.put("page", _key(work, linter), (deps, forged))  # a well-formed entry, signed with another key
    again, cache = lint(work)
    assert cache.misses == 1 and not again.passed
    assert status(again, "97.2%") == "unsupported"


def test_a_signed_entry_cannot_put_words_in_a_sources_mouth(work):
    """Even an entry carrying the right MAC (say, the secret leaked) may only quote what the source says."""
    (work / "pages" / "p.yaml").write_text(BAD_PAGE, encoding="utf-8")
    first, cache = lint(work)
    linter = Linter(work / "sources", cache=Cache(work / "cache"))
    deps = (("five-year-study", linter._source_state("five-year-study")),)
    forged = _forged(first, "The overall 5-year survival rate was 97.2% (40 out of 41 patients).")
    linter.cache.put("page", _key(work, linter), (deps, forged))
    again, cache = lint(work)
    assert cache.misses == 1
    assert status(again, "97.2%") == "unsupported"
    assert not any("97.2%" in e.quote for c in again.claims for e in c.evidence)


def test_a_signed_entry_that_breaks_the_schema_is_a_miss(work):
    first, _ = lint(work)
    entry = next((work / "cache" / "page").rglob("*.json"))
    header, payload = entry.read_bytes().split(b"\n", 1)
    data = json.loads(payload)
    data["report"]["claims"][0][6] = "trust me"  # no such status
    data["report"]["findings"] = [["PG001", "error", "1", 1, "m", "", ""]]  # a line that is text
    c = Cache(work / "cache")
    raw = json.dumps(data).encode()
    meta = json.loads(header)
    entry.write_bytes(json.dumps({**meta, "size": len(raw), "mac": c._mac("page", meta["key"], raw)}).encode()
                      + b"\n" + raw)
    again, cache = lint(work)
    assert again == first and cache.misses == 1


def test_entries_are_plain_json_and_the_folder_says_it_is_a_cache(work):
    lint(work)
    folder = work / "cache"
    assert (folder / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (folder / ".gitignore").read_text().strip().endswith("*")
    for entry in folder.rglob("*.json"):
        header, payload = entry.read_bytes().split(b"\n", 1)
        assert json.loads(header)["format"] == cache_module.FORMAT
        json.loads(payload)
    assert "92.7%" in next((folder / "page").rglob("*.json")).read_text(encoding="utf-8")


def test_by_default_the_cache_lives_in_the_users_cache_folder_not_the_work_tree(work, monkeypatch, tmp_path):
    monkeypatch.chdir(work)
    (work / ".lint-cache").mkdir()  # a cache committed to the repository is never read
    code = cli.main(["pages", "--sources", "sources", "--isolated", "--format", "json"])
    assert code == 0
    user_cache = Path(os.environ["XDG_CACHE_HOME"]) / "explainer-lint"
    assert list((user_cache / "page").rglob("*.json"))
    assert (user_cache / "CACHEDIR.TAG").is_file() and (user_cache / ".gitignore").is_file()
    assert not list((work / ".lint-cache").iterdir())
    assert not Path(os.environ["XDG_CACHE_HOME"]).resolve().is_relative_to(work.resolve())


def test_a_committed_cache_cannot_make_a_fresh_clone_pass_a_wrong_number(work):
    """The red team's attack: entries (with their key file) committed in the work tree and named by --cache-dir
    on another machine, whose own secret differs: a miss, never a pass, never code."""
    (work / "pages" / "p.yaml").write_text(BAD_PAGE, encoding="utf-8")
    first, _ = lint(work)
    attacker = Cache(work / "cache", secret=b"the attacker's own machine")
    linter = Linter(work / "sources", cache=attacker)
    deps = (("five-year-study", linter._source_state("five-year-study")),)
    attacker.put("page", _key(work, linter), (deps, _forged(first, "The overall 5-year survival rate was 92.7%")))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-m", "linter", str(work / "pages"), "--sources", str(work / "sources"),
                          "--cache-dir", str(work / "cache"), "--isolated"], capture_output=True, text=True, env=env)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "FC001 '97.2%' is not stated by the cited sources" in run.stdout


def test_old_and_large_entries_are_swept(work):
    lint(work)
    folder = work / "cache"
    entries = list(folder.rglob("*.json"))
    old = time_now = __import__("time").time()
    os.utime(entries[0], (old - 40 * 86400, old - 40 * 86400))
    stray = folder / "page" / "ab" / f"{'ab' * 32}.pickle"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"old format")
    c = Cache(folder)
    assert c.sweep(now=time_now) == 2
    assert not entries[0].exists() and not stray.exists()
    assert all(p.exists() for p in entries[1:])
    assert c.sweep(now=time_now) == 0  # at most once a day
    assert c.sweep(now=time_now, max_bytes=0, force=True) == len(entries) - 1
    assert (folder / "CACHEDIR.TAG").exists()


def test_a_folder_the_cache_did_not_make_is_never_swept(tmp_path):
    keep = tmp_path / "mine" / "notes.json"
    keep.parent.mkdir()
    keep.write_text("{}")
    os.utime(keep, (0, 0))
    assert Cache(tmp_path).sweep(force=True) == 0
    assert keep.exists()
