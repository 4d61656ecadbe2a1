"""The linter as a user installs it: a wheel built from this checkout, installed into a fresh virtual environment
without the app's dependencies, lints a page; the build gives no warnings; the metadata has ranges, not pins.

Nothing is downloaded: the wheel is built without build isolation, and the fresh environment gets the linter's
dependencies (and only those: the closure of the wheel's own Requires-Dist) from this suite's environment, linked
in through a .pth file, as pip would have installed them."""
from __future__ import annotations

import email
import json
import re
import shutil
import subprocess
import sys
import venv
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
APP_ONLY = {"streamlit", "pandas", "pyarrow", "altair"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> tuple[Path, str]:
    work = tmp_path_factory.mktemp("build")
    src = work / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "linter", src / "linter", ignore=shutil.ignore_patterns("__pycache__"))
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                           "-w", str(work / "dist"), str(src)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    [built] = (work / "dist").glob("explainer_lint-*.whl")
    return built, done.stdout + done.stderr


def _requires(wheel_path: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel_path) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        meta = email.message_from_bytes(archive.read(name))
    return [Requirement(r) for r in meta.get_all("Requires-Dist") or []]


def test_the_build_gives_no_warnings_and_ships_the_data(wheel):
    path, log = wheel
    assert not re.search(r"warn", log, re.I), log
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    for data in ("linter/data/page.schema.json", "linter/data/report.schema.json", "linter/data/settings.yaml",
                 "linter/data/jargon.yaml", "linter/rules/plain_language.py", "linter/server.py"):
        assert data in names
    assert not any(n.startswith(("webapp/", "streamlit_app")) for n in names)


def test_the_metadata_has_ranges_and_keeps_the_app_in_an_extra(wheel):
    requires = _requires(wheel[0])
    base = [r for r in requires if not r.marker]
    assert base and all("==" not in str(r.specifier) for r in requires), [str(r) for r in requires]
    assert not {canonicalize_name(r.name) for r in base} & APP_ONLY
    app = {canonicalize_name(r.name) for r in requires if r.marker and r.marker.evaluate({"extra": "app"})}
    assert {"streamlit", "pandas"} <= app


def _closure(requires: list[Requirement]) -> set[str]:
    """Every distribution the requirements need, transitively, as installed in this environment."""
    env = {**default_environment(), "extra": ""}
    todo, seen = [r for r in requires if not r.marker or r.marker.evaluate(env)], set()
    while todo:
        req = todo.pop()
        name = canonicalize_name(req.name)
        if name in seen:
            continue
        seen.add(name)
        dist = metadata.distribution(req.name)
        todo += [r for r in map(Requirement, dist.requires or []) if not r.marker or r.marker.evaluate(env)]
    return seen


def test_a_fresh_environment_without_streamlit_lints_a_page(wheel, tmp_path):
    fresh = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(fresh)
    python = fresh / "bin" / "python"
    clean = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}  # no PYTHONPATH: nothing of this checkout leaks in
    installed = subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel[0])],
                               capture_output=True, text=True, timeout=600, env=clean)
    assert installed.returncode == 0 and "Successfully installed explainer-lint" in installed.stdout, \
        installed.stdout + installed.stderr

    closure = _closure(_requires(wheel[0]))
    assert not closure & APP_ONLY, closure & APP_ONLY
    deps = tmp_path / "deps"
    deps.mkdir()
    for name in closure:
        dist = metadata.distribution(name)
        site = Path(dist.locate_file(""))
        for top in {Path(f).parts[0] for f in dist.files or [] if not str(f).startswith("..")}:
            target = deps / top
            if (site / top).exists() and not target.exists() and not top.endswith(".pth"):
                target.symlink_to(site / top)
    [site_packages] = fresh.glob("lib/python*/site-packages")
    (site_packages / "linter-deps.pth").write_text(str(deps) + "\n")

    page = tmp_path / "page.yaml"
    page.write_text("title: Survival\nsources: [five-year-study]\nsections:\n- heading: After five years\n"
                    "  body: After 5 years, 97.2% of the people in the study were still alive.\n", encoding="utf-8")
    run = subprocess.run([str(fresh / "bin" / "explainer-lint"), "--isolated", "--no-cache", "--sources",
                          str(ROOT / "seeds"), str(page)], capture_output=True, text=True, timeout=600, cwd=tmp_path,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert run.returncode == 1, run.stdout + run.stderr
    assert "error: FC001 '97.2%' is not stated by the cited sources" in run.stdout
    where = subprocess.run([str(python), "-c", "import linter, sys; print(linter.__file__)\n"
                            "try:\n import streamlit\nexcept ImportError: print('no streamlit')\n"
                            "try:\n import pandas\nexcept ImportError: print('no pandas')"],
                           capture_output=True, text=True, timeout=120, cwd=tmp_path, env={"PATH": "/usr/bin:/bin"})
    assert str(fresh) in where.stdout.splitlines()[0]  # the installed wheel, not this checkout
    assert "no streamlit" in where.stdout and "no pandas" in where.stdout

    schema = subprocess.run([str(fresh / "bin" / "explainer-lint"), "schema"], capture_output=True, text=True,
                            timeout=120, env={"PATH": "/usr/bin:/bin"})
    assert schema.stdout.startswith(str(fresh)) and Path(schema.stdout.strip()).is_file()

    # the language server starts from the light install and answers an editor's handshake
    def message(payload: str) -> bytes:
        return f"Content-Length: {len(payload.encode())}\r\n\r\n{payload}".encode()
    handshake = (message('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}')
                 + message('{"jsonrpc":"2.0","method":"initialized","params":{}}')
                 + message('{"jsonrpc":"2.0","id":2,"method":"shutdown"}')
                 + message('{"jsonrpc":"2.0","method":"exit"}'))
    served = subprocess.run([str(fresh / "bin" / "explainer-lint"), "server"], input=handshake, capture_output=True,
                            timeout=120, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    replies = {r.get("id"): r for r in map(json.loads, re.split(rb"Content-Length: \d+\r\n(?:[^\r\n]+\r\n)*\r\n",
                                                             served.stdout)[1:])}
    assert replies[1]["result"]["serverInfo"]["name"] == "explainer-lint", served.stderr
    assert replies[1]["result"]["capabilities"]["codeActionProvider"]
    assert "result" in replies[2] and served.returncode == 0  # shutdown answered, then a clean exit
