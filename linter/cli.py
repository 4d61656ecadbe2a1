"""The command line: `python -m linter [PATH ...] [--sources DIR] [--format ...]`. A thin shell over the API."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .api import Linter, __version__, expand_paths
from .formats import FORMATTERS
from .rules import load_rules

EXIT_OK, EXIT_FINDINGS, EXIT_UNUSABLE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="explainer-lint",
        description="Check every number on patient explainer pages against the sources they cite, and how easy the pages are to read.",
    )
    parser.add_argument("paths", nargs="*", default=["explainers"], help="pages or folders (default: explainers/)")
    parser.add_argument("--sources", default="seeds", help="folder of source documents and their catalog (default: seeds/)")
    parser.add_argument("--format", choices=sorted(FORMATTERS), default="text", help="output format (default: text)")
    parser.add_argument("--explain", metavar="CODE", help="print the documentation of a rule and exit")
    parser.add_argument("--list-rules", action="store_true", help="list every rule code and name")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser



def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return EXIT_UNUSABLE if exc.code else EXIT_OK
    rules = load_rules()
    if args.list_rules:
        for code, rule in sorted(rules.items()):
            print(f"{code}  {rule.name:28} {rule.severity:10} {rule.what}")
        return EXIT_OK
    if args.explain:
        rule = rules.get(args.explain.upper())
        if rule is None:
            print(f"explainer-lint: no rule {args.explain!r}; see --list-rules", file=sys.stderr)
            return EXIT_UNUSABLE
        print(rule.doc())
        return EXIT_OK
    sources = Path(args.sources)
    if not sources.is_dir():
        print(f"explainer-lint: sources folder '{sources}' does not exist", file=sys.stderr)
        return EXIT_UNUSABLE
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        print(f"explainer-lint: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return EXIT_UNUSABLE
    files = expand_paths(args.paths)
    if not files:
        print(f"explainer-lint: no .yaml pages found in {', '.join(args.paths)}", file=sys.stderr)
        return EXIT_UNUSABLE
    linter = Linter(sources)
    reports = [linter.lint_file(p) for p in files]
    sys.stdout.write(FORMATTERS[args.format](reports))
    return EXIT_FINDINGS if any(r.errors for r in reports) else EXIT_OK
