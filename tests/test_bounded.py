"""Bounded under attack (issue 15): the catalog gets the page's limits, aliases count the text they repeat, and
a source no page cites is never analysed. Times here are loose bounds that catch a quadratic or exponential
slide; the stated budget is measured by bench/hostile_bench.py."""
from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linter import sources as sources_module
from linter.api import Linter

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
PAGE = """title: Survival after stem cells
sources: [five-year-study]
sections:
  - heading: Results
    body: After 5 years, 92.7% of the 41 patients were still alive.
"""


def _bomb(leaf: str) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(8):
        prev, name = chr(97 + i), chr(98 + i)
        lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
    return "\n".join(lines) + "\nsources:\n  - file: 004_a8e050c38ba956b1.txt\n    id: five-year-study\n" \
        f"    {leaf}: *i\n"


CATALOGS = {
    "deep nesting": "[" * 20000 + "]" * 20000,
    "alias bomb in an id": _bomb("id").replace("    id: five-year-study\n", ""),
    "alias bomb in a title": _bomb("title"),
    "text aliased 50 times": "t: &t " + "x" * 40000 + "\nsources:\n" + "".join(
        f"  - file: f{i}.txt\n    title: *t\n" for i in range(50)),
    "over the size limit": "sources:\n" + "  - {file: x.txt, title: " + "y" * 1_100_000 + "}\n",
    "object-building tag": "sources: !!python/object/apply:os.system ['touch /tmp/pwned-by-catalog']\n",
}


@pytest.fixture
def work(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "sources")
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "p.yaml").write_text(PAGE, encoding="utf-8")
    return tmp_path


def run_cli(*args, timeout=60):
    start = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "linter", *map(str, args), "--isolated", "--no-cache"],
                         capture_output=True, text=True, timeout=timeout, env=_env())
    return run, time.perf_counter() - start


def _env():
    import os
    return {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.mark.parametrize("name", list(CATALOGS))
def test_a_hostile_catalog_is_a_located_warning_never_a_traceback(work, name):
    (work / "sources" / "sources.yaml").write_text(CATALOGS[name], encoding="utf-8")
    run, seconds = run_cli(work / "pages", "--sources", work / "sources")
    assert "Traceback" not in run.stderr and "Error" not in run.stderr.replace("PG0", "")
    assert run.returncode == 1  # the page's friendly id is unknown without the catalog
    assert f"{work / 'sources'}/sources.yaml:" in run.stderr and ": PG0" in run.stderr
    assert "the catalog was not read" in run.stdout
    assert seconds < 20
    assert not Path("/tmp/pwned-by-catalog").exists()


def test_a_catalog_that_links_out_of_the_sources_folder_is_not_read(work, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("sources:\n  - file: 004_a8e050c38ba956b1.txt\n    id: five-year-study\n")
    catalog = work / "sources" / "sources.yaml"
    catalog.unlink()
    catalog.symlink_to(outside)
    run, _ = run_cli(work / "pages", "--sources", work / "sources")
    assert "sources.yaml:1:1: PG009 the catalog links outside the sources folder" in run.stderr
    assert "unknown source 'five-year-study'" in run.stdout


def test_aliases_count_the_text_they_repeat_against_the_page_limit(work):
    text = "word " * 8000  # 40 KB
    page = f"t: &t {text}\ntitle: A page\nsources: [five-year-study]\nsections:\n" + "".join(
        f"  - heading: Part {i}\n    body: *t\n" for i in range(50))
    (work / "pages" / "p.yaml").write_text(page.replace("t: &t", "summary: &t"), encoding="utf-8")
    start = time.perf_counter()
    report = Linter(work / "sources").lint_file(work / "pages" / "p.yaml")
    assert time.perf_counter() - start < 10
    assert [f.code for f in report.findings] == ["PG010"]
    assert "expands to more than 500000 characters" in report.findings[0].message


def test_aliases_within_the_limit_still_read(work):
    page = PAGE + "glossary:\n  - term: stem cells\n    definition: &d Cells that can become other cells.\n" \
        "  - term: stem cell\n    definition: *d\n"
    (work / "pages" / "p.yaml").write_text(page, encoding="utf-8")
    report = Linter(work / "sources").lint_file(work / "pages" / "p.yaml")
    assert not any(f.code == "PG010" for f in report.findings)


def test_a_source_no_page_cites_is_never_analysed(work, monkeypatch):
    hostile = "The study was cited here (" + "Ab2020" * 40 + "\n" + "1 " * 2_000_000
    (work / "sources" / "zz_uncited.txt").write_text(hostile, encoding="utf-8")
    analysed = []
    real = sources_module.analyse_text
    monkeypatch.setattr(sources_module, "analyse_text", lambda text: analysed.append(len(text)) or real(text))
    start = time.perf_counter()
    report = Linter(work / "sources").lint_file(work / "pages" / "p.yaml")
    assert time.perf_counter() - start < 10
    assert report.passed
    assert analysed and len(hostile) not in analysed  # the cited source was analysed, the hostile one never
