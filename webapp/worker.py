"""Lint pages and drafts off the server's script threads: in worker processes, each job with a time limit.

One writer's slow draft must never stall other readers. Linting in the script thread did (it holds the GIL for
seconds), so every lint goes to a small pool of worker processes instead. Workers are forked from a forkserver
that has already loaded the linter and spaCy (webapp.preload), so a new worker is ready at once. A job that runs
past the time limit is stopped by ending its worker, which is replaced; the page then gets an LNT002 finding
(withheld, never half-checked). Requests and reports cross a pipe between this app's own processes.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import sys
import threading
import types
from dataclasses import dataclass
from pathlib import Path

from linter.model import FileReport, Finding

TIME_LIMIT_ENV = "APP_LINT_TIME_LIMIT"
DEFAULT_TIME_LIMIT_S = 30.0  # the stated budget is 5 s of CPU per page; this leaves room for a busy machine
WORKERS = 2


def time_limit() -> float:
    try:
        return max(0.1, float(os.environ.get(TIME_LIMIT_ENV, DEFAULT_TIME_LIMIT_S)))
    except ValueError:
        return DEFAULT_TIME_LIMIT_S


@dataclass(frozen=True)
class Job:
    """What to lint: a page file (`text` None) or a draft's text, against a sources folder."""

    path: str
    text: str | None
    sources: str
    cache_dir: str | None
    writable: bool
    secret: bytes | None = None  # the cache's MAC key, as this app process has it
    cwd: str = ""  # a relative page path is read from here (the report names the page as given)


@dataclass(frozen=True)
class Result:
    report: FileReport
    hits: int = 0
    misses: int = 0


def timed_out(job: Job, seconds: float) -> FileReport:
    from linter.rules import get_rule

    rule = get_rule("LNT002")
    return FileReport(job.path, findings=(Finding(
        "LNT002", rule.severity, 1, 1, f"checking this page took longer than {seconds:g} s and was stopped; it is "
        "not shown to readers (split it, or check it with the command line to see why)", "", rule.name),))


def failed(job: Job, why: str) -> FileReport:
    from linter.rules import get_rule

    rule = get_rule("LNT001")
    return FileReport(job.path, findings=(Finding(
        "LNT001", rule.severity, 1, 1, f"the page could not be checked ({why}); please report this", "",
        rule.name),))


# --- in the worker process ----------------------------------------------------------------------------------

_LINTERS: dict = {}


class _ReadOnly:
    """Mixed into the cache for the patient site: entries are read, never written."""

    def put(self, kind, key, value) -> None:
        return None


def _linter_for(job: Job):
    from linter.api import Linter, folder_stamp
    from linter.cache import Cache

    key = (job.sources, job.cache_dir, job.writable, job.secret, folder_stamp(job.sources))
    linter = _LINTERS.get(key)
    if linter is None:
        _LINTERS.clear()  # a changed sources folder: the old linter is never used again
        cache = None
        if job.cache_dir and job.secret:
            kind = Cache if job.writable else type("ReadOnlyCache", (_ReadOnly, Cache), {})
            cache = kind(job.cache_dir, secret=job.secret)
        linter = _LINTERS[key] = Linter(job.sources, cache=cache)
    return linter


def _serve(conn) -> None:
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if job.cwd:
                os.chdir(job.cwd)
            linter = _linter_for(job)
            hits, misses = (linter.cache.hits, linter.cache.misses) if linter.cache else (0, 0)
            report = linter.lint_file(job.path) if job.text is None else linter.lint_text(job.text, job.path)
            if linter.cache:
                hits, misses = linter.cache.hits - hits, linter.cache.misses - misses
            conn.send(Result(report, hits, misses))
        except Exception as exc:  # noqa: BLE001 - the page gets a finding; the worker keeps serving
            conn.send(Result(failed(job, type(exc).__name__)))


# --- in the app ------------------------------------------------------------------------------------------------

_STARTING = threading.Lock()


class LintPool:
    """A few worker processes; `run` hands a job to a free one and waits at most the time limit."""

    def __init__(self, workers: int = WORKERS):
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["webapp.preload"])
        self._idle: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        for _ in range(workers):
            self._idle.put(self._start())

    def _start(self):
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child,), daemon=True, name="explainer-lint worker")
        with _STARTING:
            # A new process would import the main module (under Streamlit: the app's script, which lints pages
            # and starts workers) before it runs: it is given a blank one instead. It needs nothing from it.
            main = sys.modules.get("__main__")
            sys.modules["__main__"] = types.ModuleType("__main__")
            try:
                process.start()
            finally:
                sys.modules["__main__"] = main
        child.close()
        return process, parent

    def run(self, job: Job, seconds: float | None = None) -> Result:
        seconds = time_limit() if seconds is None else seconds
        process, conn = self._idle.get()
        try:
            conn.send(job)
            if conn.poll(seconds):
                result = conn.recv()
                self._idle.put((process, conn))
                return result
            outcome = Result(timed_out(job, seconds))
        except (EOFError, OSError) as exc:
            outcome = Result(failed(job, f"the worker stopped: {type(exc).__name__}"))
        process.kill()  # too slow or gone: end it, and start another in its place
        process.join(5)
        conn.close()
        self._idle.put(self._start())
        return outcome

    def close(self) -> None:
        while True:
            try:
                process, conn = self._idle.get_nowait()
            except queue.Empty:
                return
            process.kill()
            conn.close()


def job_for(path: str | Path, text: str | None, sources: str, cache_dir: str | None, writable: bool,
            secret: bytes | None) -> Job:
    return Job(str(path), text, str(sources), cache_dir, writable, secret, os.getcwd())
