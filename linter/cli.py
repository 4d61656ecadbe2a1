"""The command line: `explainer-lint [PATH ...] [--sources DIR] [--format ...]`. A thin shell over the API.

    explainer-lint server        the language server, over stdio (linter/server.py)
    explainer-lint schema        print the path of the page format's JSON Schema (`schema report`: the JSON output's)
    explainer-lint rules-doc     print docs/rules.md, generated from the rule registry

Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 the run itself could not happen (bad arguments,
a broken config or baseline file, a missing sources folder or page path).
"""
from __future__ import annotations

import argparse
import fnmatch
import multiprocessing
import os
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from . import baseline as baselines, links
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
               "Exit codes: 0 clean, 1 findings at or above --fail-on, 2 the run could not happen. "
               "Also: 'explainer-lint server' (the language server, over stdio), 'explainer-lint schema [page|report]' "
               "(where the JSON Schemas are), 'explainer-lint rules-doc' (docs/rules.md).",
    )
    parser.add_argument("paths", nargs="*",
                        help="pages or folders (default: 'paths' from the config, else explainers/); "
                             "'-' reads one page from standard input")
    parser.add_argument("--sources", metavar="DIR", help="folder of source documents and their catalog (default: seeds/)")
    parser.add_argument("--format", choices=list(FORMATTERS), help="output format (default: text)")
    parser.add_argument("--fail-on", choices=SEVERITIES,
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--select", metavar="CODES", action="append",
                        help="only report these codes or code prefixes, comma-separated, repeatable (e.g. FC,PG)")
    parser.add_argument("--ignore", metavar="CODES", action="append",
                        help="never report these codes or code prefixes, comma-separated, repeatable (e.g. PG006)")
    parser.add_argument("--exclude", metavar="PATTERNS", action="append",
                        help="skip pages matching these globs, comma-separated, repeatable; a pattern matches the "
                             "path, the file name or any folder name (e.g. drafts,*.bak.yaml)")
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="with '-': the page's file name, used in the report and to find the config")
    parser.add_argument("--output-file", "-o", metavar="FILE",
                        help="write the report to FILE instead of standard output (written whole, atomically)")
    parser.add_argument("--watch", action="store_true",
                        help="lint, then lint again whenever a page, a source or the config changes (Ctrl-C stops)")
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


SUBCOMMANDS = ("server", "schema", "rules-doc")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:  # a page named like a subcommand: ./server
        return _subcommand(argv[0], argv[1:])
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


def _subcommand(name: str, rest: list[str]) -> int:
    if name == "schema":
        schemas = {"page": "page.schema.json", "report": "report.schema.json"}
        if len(rest) > 1 or (rest and rest[0] not in schemas):
            print("usage: explainer-lint schema [page|report]   (prints the path of the page format's JSON Schema, "
                  "or of the --format json output's)", file=sys.stderr)
            return EXIT_UNUSABLE
        from importlib import resources

        print(Path(str(resources.files("linter").joinpath(f"data/{schemas[rest[0] if rest else 'page']}"))).resolve())
        return EXIT_OK
    if name == "rules-doc":
        from .rules import rules_markdown

        sys.stdout.write(rules_markdown())
        return EXIT_OK
    from .server import main as serve

    return serve(rest)


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

    if args.stdin_filename and args.paths != ["-"]:
        raise UsageError("--stdin-filename needs '-' as the only path")
    if "-" in args.paths and (len(args.paths) > 1 or args.watch):
        raise UsageError("'-' (standard input) must be the only path, and cannot be watched")
    if args.watch and (args.write_baseline or args.output_file):
        raise UsageError("--watch cannot be combined with --write-baseline or --output-file")
    config = _config(args)
    run = _settings(args, config)
    if args.watch:
        return _watch(run)
    if args.paths == ["-"]:
        reports = [_lint_stdin(run, args.stdin_filename)]
    else:
        linter = _make_linter(run)
        linted = iter(_lint_all(linter, run.files, progress=not args.no_progress and sys.stderr.isatty(),
                                jobs=run.jobs))
        reports = [refused_report(p, why) if why else next(linted) for p, why in run.listed]
        if linter.cache is not None:
            linter.cache.sweep()
    reports = [replace(r, findings=tuple(f for f in r.findings if selected(f.code, run.select, run.ignore)))
               for r in reports]

    if args.write_baseline:
        try:
            count = baselines.write(reports, args.write_baseline)
        except baselines.BaselineError as exc:
            raise UsageError(str(exc)) from None
        print(f"explainer-lint: wrote {count} finding(s) to baseline {args.write_baseline}", file=sys.stderr)
        return EXIT_OK
    if run.known is not None:
        reports, hidden = baselines.filter_new(reports, run.known, run.baseline_file)
        if hidden:
            print(f"explainer-lint: {hidden} finding(s) already in baseline {run.baseline_file} not shown",
                  file=sys.stderr)

    _write(render(reports, run.format), args.output_file)
    return EXIT_FINDINGS if failing(reports, run.fail_on) else EXIT_OK


class _Run:
    """Everything one run decided from the flags and the config, before any page is read."""

    def __init__(self, **values):
        self.__dict__.update(values)

    @property
    def listed(self) -> list[tuple[Path, str]]:
        """Every page file to report on, with why it is refused ("" = lint it), --exclude applied."""
        listed = [(p, why) for p, why in page_files(self.paths) if not excluded(p, self.exclude)]
        if not listed:
            raise UsageError(f"no .yaml pages found in {', '.join(self.paths)}")
        return listed

    @property
    def files(self) -> list[Path]:
        return [p for p, why in self.listed if not why]


def _settings(args: argparse.Namespace, config: Config) -> _Run:
    paths = list(args.paths) or list(config.paths) or list(DEFAULT_PATHS)
    sources = Path(args.sources or config.sources or DEFAULT_SOURCES)
    select = _codes(args.select) if args.select else config.select
    ignore = _codes(args.ignore) if args.ignore else config.ignore
    _check_codes(select, "--select" if args.select else f"'select' in {config.path}")
    _check_codes(ignore, "--ignore" if args.ignore else f"'ignore' in {config.path}")
    baseline_file = args.baseline or (config.baseline if not args.write_baseline else None)

    if not sources.is_dir():
        raise UsageError(f"sources folder '{sources}' does not exist")
    missing = [p for p in paths if p != "-" and not Path(p).exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    known = None
    if baseline_file and not args.write_baseline:
        try:
            known = baselines.read(baseline_file)
        except baselines.BaselineError as exc:
            raise UsageError(str(exc)) from None
    run = _Run(paths=paths, sources=sources, format=args.format or config.format or DEFAULT_FORMAT,
               fail_on=args.fail_on or config.fail_on or DEFAULT_FAIL_ON, select=select, ignore=ignore,
               exclude=_patterns(args.exclude) if args.exclude else config.exclude, baseline_file=baseline_file,
               known=known, config=config, cache_dir=None if args.no_cache else (args.cache_dir or default_dir()),
               jobs=1, progress=False)
    if paths != ["-"]:
        files = run.files
        run.jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1) if len(files) >= PARALLEL_MIN_FILES else 1
        if run.jobs < 1:
            raise UsageError("--jobs must be at least 1")
    return run


def _make_linter(run: _Run) -> Linter:
    try:
        cache = Cache(run.cache_dir) if run.cache_dir else None
        linter = Linter(run.sources, settings={"readability": run.config.readability} if run.config.readability else None,
                        cache=cache)
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read the sources in '{run.sources}': {exc}") from None
    for problem in getattr(linter.library, "problems", []):
        print(f"explainer-lint: warning: {run.sources}/{problem}", file=sys.stderr)
    return linter


def _lint_stdin(run: _Run, name: str | None) -> FileReport:
    """One page from standard input, reported under --stdin-filename (never cached: it has no file)."""
    raw = sys.stdin.buffer.read(_page_limit() + 1)
    run.cache_dir = None
    linter = _make_linter(run)
    try:
        return linter.lint_text(raw, name or "<stdin>")
    except RecursionError:
        raise UsageError(f"{name or '<stdin>'}: the page is nested too deeply to check") from None


def _page_limit() -> int:
    from .settings import SETTINGS

    return SETTINGS["limits"]["max_file_bytes"]


def render(reports: list[FileReport], fmt: str) -> str:
    """The report in one format. SARIF and GitHub annotations name files relative to the repository root, so
    code scanning and pull requests point at the right file wherever the command ran; text keeps the paths as
    given (relative to where you are, for terminals and editors)."""
    if fmt in ("sarif", "github"):
        root = links.repo_root()
        reports = [replace(r, path=links.relative_to_root(r.path, root)) for r in reports]
    return FORMATTERS[fmt](reports)


def _write(text: str, output_file: str | None) -> None:
    if not output_file:
        sys.stdout.write(text)
        return
    target = Path(output_file)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent if str(target.parent) else ".")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        raise UsageError(f"cannot write {output_file}: {exc.strerror or exc}") from None


WATCH_INTERVAL = 0.5  # seconds between looks at the files: cheap (stat only), quick enough for a writer


def _watch(run: _Run) -> int:
    """Lint, then again after every change to a page, a source or the config, until interrupted. The sources are
    read again only when they changed; pages whose content and sources did not change come from the cache."""
    def snapshot() -> dict:
        watched = [*(p for p, _ in _watched_pages(run)), *(p for p in run.sources.iterdir() if p.is_file())]
        if run.config.path:
            watched.append(Path(run.config.path))
        state = {}
        for p in watched:
            try:
                st = p.stat()
                state[str(p)] = (st.st_mtime_ns, st.st_size)
            except OSError:
                state[str(p)] = None
        return state

    try:
        _watch_loop(run, snapshot)
    except KeyboardInterrupt:
        pass
    return EXIT_OK


def _watch_loop(run: _Run, snapshot) -> None:
    linter, sources_state = None, None
    seen = None
    while True:
        state = snapshot()
        if state != seen:
            seen = state
            current_sources = {k: v for k, v in state.items() if Path(k).parent == run.sources}
            if linter is None or current_sources != sources_state:
                linter, sources_state = _make_linter(run), current_sources
            listed = _watched_pages(run)
            reports = [refused_report(p, why) if why else _lint_one(linter, p) for p, why in listed]
            reports = [replace(r, findings=tuple(f for f in r.findings if selected(f.code, run.select, run.ignore)))
                       for r in reports]
            if run.known is not None:
                reports, _ = baselines.filter_new(reports, run.known, run.baseline_file)
            sys.stdout.write(f"[{time.strftime('%H:%M:%S')}] explainer-lint: linted {len(listed)} page(s)\n")
            sys.stdout.write(render(reports, run.format))
            sys.stdout.write("watching for changes (Ctrl-C to stop)\n")
            sys.stdout.flush()
        time.sleep(WATCH_INTERVAL)


def _watched_pages(run: _Run) -> list[tuple[Path, str]]:
    """The pages to watch now (a folder may gain or lose pages while watched)."""
    return [(p, why) for p, why in page_files([p for p in run.paths if Path(p).exists()]) if not excluded(p, run.exclude)]


def _patterns(values: list[str]) -> tuple[str, ...]:
    return tuple(v.strip() for value in values for v in value.split(",") if v.strip())


def excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    """Whether a page matches an --exclude glob: the whole path, the file name, or any folder on its way."""
    posix = path.as_posix()
    return any(fnmatch.fnmatch(posix, pat) or fnmatch.fnmatch(path.name, pat)
               or any(fnmatch.fnmatch(part, pat) for part in path.parts[:-1]) for pat in patterns)


def _config(args: argparse.Namespace) -> Config:
    try:
        if args.config:
            return load_config(args.config)
        if args.isolated:
            return Config()
        start = Path(args.stdin_filename).parent if args.stdin_filename else Path.cwd()  # a page's own project
        found = find_config(start if start.is_dir() else Path.cwd())
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
