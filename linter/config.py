"""Project configuration: `[tool.explainer-lint]` in pyproject.toml, or a dedicated `.explainer-lint.toml`.

Pure: reads a file and returns plain data or raises ConfigError with the file (and, for TOML syntax errors,
the line and column). The CLI decides what to do with it; command-line flags override every key here.

    [tool.explainer-lint]
    paths = ["explainers"]
    exclude = ["drafts"]       # globs: a path, a file name or a folder name
    sources = "seeds"
    select = ["FC", "PG"]
    ignore = ["PG006"]
    fail-on = "error"          # error | warning | suggestion
    format = "text"            # text | json | sarif | github
    baseline = "explainer-lint-baseline.json"

    [tool.explainer-lint.readability]
    target_grade = 8
    long_sentence_warning = 20

In `.explainer-lint.toml` the same keys sit at the top level, with a `[readability]` table.
Relative `paths`, `sources` and `baseline` are relative to the folder of the config file.
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .model import SEVERITIES
from .settings import SETTINGS

DEDICATED = ".explainer-lint.toml"
PYPROJECT = "pyproject.toml"
FORMATS = ("text", "json", "sarif", "github")
KEYS = ("paths", "exclude", "sources", "select", "ignore", "fail-on", "format", "baseline", "readability")


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the file it came from; None when there is none
    paths: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    sources: str | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    format: str | None = None
    baseline: str | None = None
    readability: dict = field(default_factory=dict)


def find_config(start: str | Path = ".") -> Path | None:
    """The nearest config file from `start` upwards: `.explainer-lint.toml`, or a pyproject.toml with the table."""
    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        dedicated = candidate / DEDICATED
        if dedicated.is_file():
            return dedicated
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        # A broken pyproject.toml that mentions our table is still ours to report; otherwise not our business.
        try:
            return "[tool.explainer-lint" in pyproject.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return False
    return isinstance(data.get("tool"), dict) and "explainer-lint" in data["tool"]


def load_config(path: str | Path) -> Config:
    """Read one config file. Raises ConfigError for unreadable files, bad TOML, unknown keys or wrong values."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a config file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config file is not UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config file ({exc.strerror})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == PYPROJECT:
        table = data.get("tool", {}).get("explainer-lint") if isinstance(data.get("tool"), dict) else None
        where = "[tool.explainer-lint]"
        if table is None:
            raise ConfigError(f"{path}: has no {where} table")
    else:
        table, where = data, "the top level"
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {where} must be a table of settings")
    return _parse(path, table, where)


def _parse(path: Path, table: dict, where: str) -> Config:
    def fail(message: str) -> ConfigError:
        return ConfigError(f"{path}: {message}")

    unknown = [k for k in table if k not in KEYS]
    if unknown:
        hint = ""
        for k in unknown:
            if k.replace("_", "-") in KEYS:
                hint = f" (did you mean '{k.replace('_', '-')}'?)"
        raise fail(f"unknown key {', '.join(repr(k) for k in unknown)} in {where}{hint}; "
                   f"known keys: {', '.join(KEYS)}")
    base = path.parent

    def relative(value: str) -> str:
        p = Path(value)
        p = p if p.is_absolute() else base / p
        try:  # short, cwd-relative paths read best in reports (and SARIF wants repo-relative ones)
            return os.path.relpath(p)
        except ValueError:  # another drive on Windows
            return str(p)

    paths = table.get("paths", [])
    if isinstance(paths, str):
        paths = [paths]
    if not isinstance(paths, list) or not all(isinstance(p, str) and p for p in paths):
        raise fail("'paths' must be a list of file or folder names")
    exclude = table.get("exclude", [])
    if isinstance(exclude, str):
        exclude = exclude.split(",")
    if not isinstance(exclude, list) or not all(isinstance(p, str) for p in exclude):
        raise fail("'exclude' must be a list of glob patterns, e.g. [\"drafts\", \"*.bak.yaml\"]")
    sources = table.get("sources")
    if sources is not None and (not isinstance(sources, str) or not sources):
        raise fail("'sources' must be a folder name")
    baseline = table.get("baseline")
    if baseline is not None and (not isinstance(baseline, str) or not baseline):
        raise fail("'baseline' must be a file name")
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in SEVERITIES:
        raise fail(f"'fail-on' must be one of {', '.join(SEVERITIES)}, not {fail_on!r}")
    fmt = table.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise fail(f"'format' must be one of {', '.join(FORMATS)}, not {fmt!r}")
    codes = {}
    for key in ("select", "ignore"):
        value = table.get(key, [])
        if isinstance(value, str):
            value = value.split(",")
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(f"'{key}' must be a list of rule codes or prefixes, e.g. [\"FC\", \"PG006\"]")
        codes[key] = tuple(v.strip().upper() for v in value if v.strip())
    readability = table.get("readability", {})
    if not isinstance(readability, dict):
        raise fail("'readability' must be a table, e.g. [tool.explainer-lint.readability]")
    known = SETTINGS.get("readability", {})
    for key, value in readability.items():
        if key not in known:
            raise fail(f"unknown readability setting '{key}'; known: {', '.join(known)}")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise fail(f"readability setting '{key}' must be a non-negative number, not {value!r}")
    return Config(
        path=path,
        paths=tuple(relative(p) for p in paths),
        exclude=tuple(p.strip() for p in exclude if p.strip()),
        sources=relative(sources) if sources else None,
        select=codes["select"],
        ignore=codes["ignore"],
        fail_on=fail_on,
        format=fmt,
        baseline=relative(baseline) if baseline else None,
        readability=dict(readability),
    )


__all__ = ["Config", "ConfigError", "DEDICATED", "FORMATS", "find_config", "load_config"]
