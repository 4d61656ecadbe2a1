"""The app lints off its script threads (issue 15): in worker processes with a time limit, so one writer's slow
draft neither stalls other readers nor gets shown half-checked."""
from __future__ import annotations

import html
import shutil
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from webapp import services, worker

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "streamlit_app.py")
PLAIN = ("After some years, most people in the study were still alive. Their skin got softer and they could move "
         "more easily. The doctors did not see any serious harm from the treatment. ")
GOOD_PAGE = """title: How many people lived after stem cells
sources: [five-year-study]
sections:
  - heading: Who was still alive
    body: After 5 years, 92.7% of the people in the study were still alive. This is a small study with no
      comparison group, so we cannot say the treatment caused it. Ask your doctor what it means for you.
suppress:
  - code: PL007
    reason: the next sentence gives the natural frequency in the full page
"""


def heavy_draft(paragraphs: int = 180, sources: str = "five-year-study") -> str:
    """A draft near the page limits: thousands of words for spaCy and every rule (seconds of work)."""
    body = "\n\n".join(PLAIN * 3 for _ in range(paragraphs))
    return f"title: A long draft\nsources: [{sources}]\nsections:\n  - heading: Results\n    body: |-\n" + \
        "".join(f"      {line}\n" for line in body.split("\n"))


def big_source() -> str:
    """Prose with about 45,000 numbers: a source just under the limits, seconds to read."""
    lines = [f"Methods: {k % 300 + 12} patients received stem cells in {1998 + k % 20}. The overall 5-year survival "
             f"rate was {50 + k % 49}.{k % 10}% ({k % 12 + 1} out of {k % 300 + 12} patients).\n" for k in range(5000)]
    return "".join(lines)


@pytest.fixture(scope="module")
def pool():
    pool = worker.LintPool(2)
    yield pool
    pool.close()


def job(text: str | None, path: str = "draft.yaml") -> worker.Job:
    return worker.job_for(path, text, str(REPO / "seeds"), None, True, None)


def test_a_worker_lints_a_draft_as_the_linter_does(pool):
    from linter.api import Linter

    result = pool.run(job(GOOD_PAGE))
    assert result.report == Linter(REPO / "seeds").lint_text(GOOD_PAGE, "draft.yaml")
    assert result.report.passed


def test_a_draft_past_the_time_limit_is_stopped_and_withheld(pool):
    start = time.perf_counter()
    result = pool.run(job(heavy_draft()), seconds=0.2)
    assert time.perf_counter() - start < 5
    assert [f.code for f in result.report.findings] == ["LNT002"]
    assert not result.report.passed
    assert "took longer than 0.2 s" in result.report.findings[0].message
    assert pool.run(job(GOOD_PAGE)).report.passed  # the stopped worker was replaced: the pool still serves


@pytest.fixture
def explainers(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "explainers"
    folder.mkdir()
    (folder / "good-page.yaml").write_text(GOOD_PAGE)
    monkeypatch.setenv("EXPLAINERS_DIR", str(folder))
    monkeypatch.setenv("SOURCES_DIR", str(REPO / "seeds"))
    monkeypatch.setenv("LINT_CACHE_DIR", str(tmp_path / "cache"))
    return folder


def test_the_app_answers_other_sessions_while_a_pathological_draft_is_linted(explainers, tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    (seeds / "big.txt").write_text(big_source(), encoding="utf-8")
    monkeypatch.setenv("SOURCES_DIR", str(seeds))
    AppTest.from_file(APP, default_timeout=120).run()  # the readers' pages are linted once, up front
    heavy = heavy_draft(sources="five-year-study, big")
    done = threading.Event()
    writer = threading.Thread(target=lambda: (services.lint_yaml(heavy, "draft.yaml (unsaved)",
                                                                 services.sources_folder(), services.sources_state()),
                                              done.set()))
    writer.start()
    time.sleep(0.5)  # the draft is now being linted in a worker
    start = time.perf_counter()
    reader = AppTest.from_file(APP, default_timeout=120).run()
    answered = time.perf_counter() - start
    still_linting = not done.is_set()
    writer.join(120)
    assert not reader.exception
    shown = html.unescape("\n".join([h.proto.body for h in reader.get("html")] + [str(m.value) for m in reader.markdown]))
    assert "How many people lived after stem cells" in shown, "the other reader got the home page and its pages"
    assert still_linting, "the draft finished first: it was too light to show anything"
    assert answered < 10, f"another reader waited {answered:.1f} s"


def test_workers_see_a_changed_source(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "seeds", seeds)
    pool = worker.LintPool(1)
    try:
        page_job = worker.job_for("draft.yaml", GOOD_PAGE, str(seeds), None, True, None)
        assert pool.run(page_job).report.passed
        source = seeds / "004_a8e050c38ba956b1.txt"
        text = source.read_text(encoding="utf-8")
        for old, new in (("92.7", "81.3"), ("38 out of 41", "30 out of 41"), ("38/41", "30/41")):
            text = text.replace(old, new)
        source.write_text(text, encoding="utf-8")
        assert not pool.run(page_job).report.passed
    finally:
        pool.close()
