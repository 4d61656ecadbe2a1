"""The command line: `explainer-lint [PATH ...] [--sources DIR] [--format ...]`. A thin shell over the API.

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 the run itself could not happen (bad arguments,
a broken config or baseline file, a missing sources folder or page path).
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
from dataclasses import replace
from pathlib import Path

from . import baseline as baselines
from .api import Linter, __version__, page_files, refused_report, warm_up
from .cache import Cache, default_dir
from .config import Config, ConfigError, find_config, load_config
from .formats import FORMATTERS
from .model import SEVERITIES, FileReport
from .nlp import PipelineMissing
from .rules import load_rules

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2
DEFAULT_PATHS, DEFAULT_SOURCES, DEFAULT_FORMAT, DEFAULT_FAIL_ON = ("explainers",), "seeds", "text", "error"
PROGRESS_MIN_FILES = 2
PARALLEL_MIN_FILES = 4  # measured: from a handful of pages on, two workers beat one (forking is cheap)


class UsageError(Exception):
    """The run cannot happen; the message says why. Exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="explainer-lint",
        description="Check every number on patient explainer pages against the sources they cite, "
                    "and how easy the pages are to read.",
        epilog="Settings can also live in [tool.explainer-lint] in pyproject.toml or in .explainer-lint.toml "
               "(searched from the current folder upwards); flags override them. "
               "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 the run could not happen.",
    )
    parser.add_argument("paths", nargs="*", help="pages or folders (default: 'paths' from the config, else explainers/)")
    parser.add_argument("--sources", metavar="DIR", help="folder of source documents and their catalog (default: seeds/)")
    parser.add_argument("--format", choices=list(FORMATTERS), help="output format (default: text)")
    parser.add_argument("--fail-on", choices=SEVERITIES,
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--select", metavar="CODES", action="append",
                        help="only report these codes or code prefixes, comma-separated, repeatable (e.g. FC,PG)")
    parser.add_argument("--ignore", metavar="CODES", action="append",
                        help="never report these codes or code prefixes, comma-separated, repeatable (e.g. PG006)")
    parser.add_argument("--config", metavar="FILE", help="read settings from this file instead of searching for one")
    parser.add_argument("--isolated", action="store_true", help="ignore every config file")
    parser.add_argument("--baseline", metavar="FILE", help="report only findings that are not in this baseline file")
    parser.add_argument("--write-baseline", metavar="FILE",
                        help="record today's findings in FILE (then use --baseline FILE) and exit 0")
    parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    parser.add_argument("--jobs", type=int, metavar="N",
                        help=f"lint in N processes (default: one per core when there are {PARALLEL_MIN_FILES}+ pages)")
    parser.add_argument("--cache-dir", metavar="DIR",
                        help="keep page results here between runs, keyed on content, sources, settings and linter "
                             "version, signed with a key kept outside the folder (default: explainer-lint in the "
                             "user's cache folder, e.g. ~/.cache/explainer-lint)")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument("--explain", metavar="CODE", help="print the documentation of a rule and exit")
    parser.add_argument("--list-rules", action="store_true", help="list every rule code and name and exit")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed usage and the problem (or --help / --version)
        return EXIT_UNUSABLE if exc.code else EXIT_OK
    try:
        return _run(args)
    except (UsageError, PipelineMissing) as exc:
        print(f"explainer-lint: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("explainer-lint: interrupted", file=sys.stderr)
        return EXIT_UNUSABLE
    except BrokenPipeError:  # `explainer-lint --explain FC001 | head`: the reader left; that is not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    rules = load_rules()
    if args.list_rules:
        for code, rule in sorted(rules.items()):
            print(f"{code:7}{rule.name:28} {rule.severity:10} {rule.what}")
        return EXIT_OK
    if args.explain:
        rule = rules.get(args.explain.strip().upper())
        if rule is None:
            raise UsageError(f"no rule {args.explain!r}; see --list-rules")
        print(rule.doc())
        return EXIT_OK

    config = _config(args)
    paths = list(args.paths) or list(config.paths) or list(DEFAULT_PATHS)
    sources = Path(args.sources or config.sources or DEFAULT_SOURCES)
    fmt = args.format or config.format or DEFAULT_FORMAT
    fail_on = args.fail_on or config.fail_on or DEFAULT_FAIL_ON
    select = _codes(args.select) if args.select else config.select
    ignore = _codes(args.ignore) if args.ignore else config.ignore
    _check_codes(select, "--select" if args.select else f"'select' in {config.path}")
    _check_codes(ignore, "--ignore" if args.ignore else f"'ignore' in {config.path}")
    baseline_file = args.baseline or (config.baseline if not args.write_baseline else None)

    if not sources.is_dir():
        raise UsageError(f"sources folder '{sources}' does not exist")
    missing = [p for p in paths if not Path(p).exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    listed = page_files(paths)
    files = [p for p, why in listed if not why]
    if not listed:
        raise UsageError(f"no .yaml pages found in {', '.join(paths)}")
    known = None
    if baseline_file and not args.write_baseline:
        try:
            known = baselines.read(baseline_file)
        except baselines.BaselineError as exc:
            raise UsageError(str(exc)) from None

    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1) if len(files) >= PARALLEL_MIN_FILES else 1
    if jobs < 1:
        raise UsageError("--jobs must be at least 1")
    try:
        cache = None if args.no_cache else Cache(args.cache_dir or default_dir())
        linter = Linter(sources, settings={"readability": config.readability} if config.readability else None,
                        cache=cache)
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the sources in '{sources}': {exc}") from None
    for problem in getattr(linter.library, "problems", []):
        print(f"explainer-lint: warning: {sources}/{problem}", file=sys.stderr)

    linted = iter(_lint_all(linter, files, progress=not args.no_progress and sys.stderr.isatty(), jobs=jobs))
    reports = [refused_report(p, why) if why else next(linted) for p, why in listed]
    if cache is not None:
        cache.sweep()
    reports = [replace(r, findings=tuple(f for f in r.findings if selected(f.code, select, ignore))) for r in reports]

    if args.write_baseline:
        try:
            count = baselines.write(reports, args.write_baseline)
        except baselines.BaselineError as exc:
            raise UsageError(str(exc)) from None
        print(f"explainer-lint: wrote {count} finding(s) to baseline {args.write_baseline}", file=sys.stderr)
        return EXIT_OK
    if known is not None:
        reports, hidden = baselines.filter_new(reports, known, baseline_file)
        if hidden:
            print(f"explainer-lint: {hidden} finding(s) already in baseline {baseline_file} not shown", file=sys.stderr)

    sys.stdout.write(FORMATTERS[fmt](reports))
    return EXIT_FINDINGS if failing(reports, fail_on) else EXIT_OK


def _config(args: argparse.Namespace) -> Config:
    try:
        if args.config:
            return load_config(args.config)
        if args.isolated:
            return Config()
        found = find_config(Path.cwd())
        return load_config(found) if found else Config()
    except ConfigError as exc:
        raise UsageError(str(exc)) from None


def _codes(values: list[str]) -> tuple[str, ...]:
    return tuple(code.strip().upper() for value in values for code in value.split(",") if code.strip())


def _check_codes(prefixes: tuple[str, ...], where: str) -> None:
    codes = load_rules()
    for prefix in prefixes:
        if prefix != "ALL" and not any(code.startswith(prefix) for code in codes):
            raise UsageError(f"{where}: '{prefix}' is not a rule code or the start of one; see --list-rules")


def selected(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    """Whether a code is reported. The most specific matching prefix wins: `--select FC001 --ignore FC`
    keeps FC001 only; `--select FC --ignore FC003` keeps every FC code but FC003. No select means ALL."""
    def best(prefixes: tuple[str, ...]) -> int:
        lengths = [0 if p == "ALL" else len(p) for p in prefixes if p == "ALL" or code.startswith(p)]
        return max(lengths, default=-1)

    chosen = best(select) if select else 0
    return chosen >= 0 and chosen > best(ignore)


def failing(reports: list[FileReport], fail_on: str) -> bool:
    """Whether any finding is at or above the `fail_on` severity (error > warning > suggestion)."""
    limit = SEVERITIES.index(fail_on)
    return any(SEVERITIES.index(f.severity) <= limit for r in reports for f in r.findings if f.severity in SEVERITIES)


def _lint_all(linter: Linter, files: list[Path], progress: bool, jobs: int = 1) -> list[FileReport]:
    results = _results(linter, files, jobs)
    if not progress or len(files) < PROGRESS_MIN_FILES:
        return list(results)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    reports = []
    with Progress(TextColumn("linting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=len(files))
        for p, report in zip(files, results):
            bar.update(task, description=str(p))
            reports.append(report)
            bar.advance(task)
    return reports


_WORKER_LINTER: Linter | None = None  # set before the pool forks, so workers share the parsed sources


def _results(linter: Linter, files: list[Path], jobs: int):
    """Reports in file order; with jobs > 1, from forked worker processes that inherit the loaded linter."""
    global _WORKER_LINTER
    if jobs <= 1 or len(files) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (_lint_one(linter, p) for p in files)
        return
    done = {i: r for i, r in ((i, linter.cached(p)) for i, p in enumerate(files)) if r is not None}
    todo = [p for i, p in enumerate(files) if i not in done]
    if len(todo) < PARALLEL_MIN_FILES:  # mostly cached: forking would cost more than it saves
        fresh = (_lint_one(linter, p) for p in todo)
        yield from (done[i] if i in done else next(fresh) for i in range(len(files)))
        return
    warm_up()  # load once in the parent: workers inherit spaCy, the vocabulary and the syllable table
    _WORKER_LINTER = linter
    with multiprocessing.get_context("fork").Pool(min(jobs, len(todo))) as pool:
        fresh = pool.imap(_lint_in_worker, todo, chunksize=max(1, min(16, len(todo) // (jobs * 8))))
        yield from (done[i] if i in done else next(fresh) for i in range(len(files)))  # in order, as they come


def _lint_in_worker(path: Path) -> FileReport:
    return _lint_one(_WORKER_LINTER, path)


def _lint_one(linter: Linter, path: Path) -> FileReport:
    try:
        return linter.lint_file(path)
    except RecursionError:
        raise UsageError(f"{path}: the page is nested too deeply to check") from None
