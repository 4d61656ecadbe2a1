"""Codes for pages that cannot be read or do not follow the page format (made by linter/page.py)."""
from __future__ import annotations

from . import register_rule

register_rule(
    "PG001", "unreadable-file", "error",
    what="A file that cannot be read as text: missing, binary, or not UTF-8.",
    why="The linter can only check what it can read; a page saved in another encoding shows garbled text to readers.",
    example="A page saved as Latin-1 with 'é' gives: PG001 the file is not UTF-8 (byte 0xe9); save it as UTF-8",
    fail=(b"title: caf\xe9\n",),
    okay=("title: Caf\u00e9\nsources: [five-year-study]\nsections:\n- heading: A\n  body: Text.\n",),
)
register_rule(
    "PG002", "invalid-yaml", "error",
    what="Text that is not valid YAML, holds several documents, or uses tags that would build objects.",
    why="A page must mean one thing to every tool; tags like !!python/object are never executed.",
    example="title: [unclosed\n  -> PG002 invalid YAML: expected ',' or ']'",
    fail=("title: [unclosed\n", "--- \ntitle: A\n---\ntitle: B\n", "title: !!python/object/apply:os.system ['ls']\n",
          "title: !!binary aGVsbG8=\n", "title: A\x07\n"),
)
register_rule(
    "PG003", "not-a-page", "error",
    what="An empty file, or a file whose top level is not a mapping of fields.",
    why="A page is a mapping with title, sources and sections.",
    example="- just\n- a list\n  -> PG003 the page must be a mapping of fields",
    fail=("", "- a\n- b\n", "just text\n"),
)
register_rule(
    "PG004", "missing-field", "error",
    what="A required field (title, sources, sections; heading and body in a section) is missing.",
    why="Readers need a title and text; the fact-check needs the sources.",
    example="title: A\nsections: [...]\n  -> PG004 missing required field 'sources' in the page",
    fail=("title: A\nsections:\n- heading: H\n  body: B\n",),
)
register_rule(
    "PG005", "wrong-type", "error",
    what="A field holds the wrong kind of value, e.g. a number or list where text belongs.",
    why="The app and the linter read each field as the page format says.",
    example="title: 42\n  -> PG005 title must be text, not a whole number",
    fail=("title: 42\nsources: [five-year-study]\nsections:\n- heading: A\n  body: B\n",),
)
register_rule(
    "PG006", "unknown-field", "warning",
    what="A field the page format does not know, usually a misspelling.",
    why="A misspelt 'sumary' is silently never shown to readers.",
    example="sumary: ...\n  -> PG006 unknown field 'sumary' in the page; did you mean 'summary'?",
    fail=("title: A\nsumary: B\nsources: [five-year-study]\nsections:\n- heading: A\n  body: B\n",),
)
register_rule(
    "PG007", "duplicate-key", "error",
    what="The same key twice in one mapping.",
    why="YAML keeps only the last value, so text the writer wrote is silently lost.",
    example="title: A\ntitle: B\n  -> PG007 duplicate key 'title' (first set on line 1)",
    fail=("title: A\ntitle: B\nsources: [five-year-study]\nsections:\n- heading: A\n  body: B\n",),
)
register_rule(
    "PG008", "unknown-source", "error",
    what="A source id that is neither a friendly id in the catalog nor a file stem in the sources folder.",
    why="Numbers can only be checked against sources the linter can find.",
    example="sources: [no-such-study]\n  -> PG008 unknown source 'no-such-study'",
    fail=("title: A\nsources: [no-such-study]\nsections:\n- heading: A\n  body: Text.\n",),
)
register_rule(
    "PG009", "source-outside-folder", "error",
    what="A source id that names a path outside the sources folder (../, absolute paths, links out).",
    why="A page must never make the linter or the app read other files on the machine.",
    example="sources: [../../etc/passwd]\n  -> PG009 source '../../etc/passwd' is not a source id",
    fail=("title: A\nsources: [../../etc/passwd]\nsections:\n- heading: A\n  body: Text.\n",),
)
register_rule(
    "PG010", "limit-exceeded", "error",
    what="A page over a documented limit: file size, line length, YAML nodes after aliases, nesting, numbers per page.",
    why="Limits keep the linter's time and memory bounded on any input.",
    example="a 20 MB file -> PG010 the file is 20.0 MB; pages are limited to 0.5 MB (limits: docs/limits.md)",
    fail=("title: " + "[" * 100 + "]" * 100 + "\n",
          "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
          "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
          "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"),
)
register_rule(
    "SRC001", "unusable-source", "error",
    what="A cited source file that is empty, binary or not UTF-8.",
    why="Numbers cannot be checked against a source the linter cannot read.",
    example="an empty seeds/x.txt cited by a page -> SRC001 source 'x' is empty",
)
register_rule(
    "LNT002", "check-timed-out", "error",
    what="A page the app stopped checking because it ran past the app's time limit (APP_LINT_TIME_LIMIT, 30 s).",
    why="One slow page must not stall the app for every reader; a page that was not fully checked is not shown.",
    example="-> LNT002 checking this page took longer than 30 s and was stopped; it is not shown to readers",
)
register_rule(
    "LNT001", "rule-failed", "error",
    what="A check that failed with an internal error on this page.",
    why="A page that could not be fully checked must not pass as if it had been; the error is a bug to report.",
    example="-> LNT001 rule PL006 (passive-voice) failed on this page (ValueError); the page could not be fully checked",
)
