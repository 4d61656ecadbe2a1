"""The pre-commit hook, run by pre-commit itself in a scratch repository: a commit that changes only a source and
breaks a page's number is blocked; a harmless source edit passes. The hook's definition is the shipped one
(.pre-commit-hooks.yaml); only how it is installed differs (the suite's environment instead of a fresh one, so
nothing is downloaded)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PAGE = "five-year-study.yaml"
SOURCES = ("004_a8e050c38ba956b1.txt", "001_75a2d2f3668363fe.txt")  # the article and its record: both state 92.7%


def shipped_hook() -> dict:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return hook


def test_the_shipped_hook_is_a_valid_manifest_that_watches_sources_and_pins_python():
    proc = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    hook = shipped_hook()
    import re
    files = re.compile(hook["files"])
    assert files.search("explainers/a.yaml") and files.search("seeds/004_x.txt") and files.search("seeds/sources.yaml")
    assert not files.search("README.md")
    assert hook["language"] == "python" and re.fullmatch(r"python3\.\d+", hook["language_version"])
    assert hook["pass_filenames"] is False  # a source change must re-check the pages, not lint the source as a page


def _git(repo: Path, *args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, timeout=600)


def test_a_commit_that_breaks_a_page_through_its_source_is_blocked(tmp_path):
    repo = tmp_path / "pages-repo"
    (repo / "explainers").mkdir(parents=True)
    shutil.copy(ROOT / "explainers" / PAGE, repo / "explainers" / PAGE)
    shutil.copytree(ROOT / "seeds", repo / "seeds")
    hook = {k: v for k, v in shipped_hook().items() if k != "language_version"}
    hook.update(language="unsupported", entry=f"{sys.executable} -m linter")  # this suite's install of the linter
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": [hook]}]}))
    (repo / ".gitignore").write_text(".lint-cache/\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
           "GIT_AUTHOR_NAME": "Writer", "GIT_AUTHOR_EMAIL": "writer@example.org",
           "GIT_COMMITTER_NAME": "Writer", "GIT_COMMITTER_EMAIL": "writer@example.org", "GIT_CONFIG_GLOBAL": os.devnull}
    assert _git(repo, "init", "-q", env=env).returncode == 0
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install"], cwd=repo, env=env,
                               capture_output=True, text=True, timeout=120)
    assert installed.returncode == 0, installed.stdout + installed.stderr

    _git(repo, "add", "-A", env=env)
    first = _git(repo, "commit", "-q", "-m", "pages and sources", env=env)
    assert first.returncode == 0, first.stdout + first.stderr  # the shipped page passes

    originals = {name: (repo / "seeds" / name).read_text(encoding="utf-8") for name in SOURCES}
    for name, text in originals.items():  # a corrected figure: 92.7% (38 out of 41) becomes 82.7% (34 out of 41)
        broken = text.replace("92.7%", "82.7%").replace("38 out of 41", "34 out of 41").replace("(38/41)", "(34/41)")
        (repo / "seeds" / name).write_text(broken, encoding="utf-8")
    _git(repo, "add", "seeds", env=env)
    blocked = _git(repo, "commit", "-m", "update the source", env=env)
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode != 0, output
    assert f"explainers/{PAGE}:" in output and "error: FC001" in output
    assert _git(repo, "rev-list", "--count", "HEAD", env=env).stdout.strip() == "1"  # nothing was committed

    for name, text in originals.items():
        (repo / "seeds" / name).write_text(text + "\nA note added when the source was archived.\n", encoding="utf-8")
    _git(repo, "add", "seeds", env=env)
    allowed = _git(repo, "commit", "-m", "archive note", env=env)
    assert allowed.returncode == 0, allowed.stdout + allowed.stderr
    assert "explainer-lint" in allowed.stdout + allowed.stderr and "Passed" in allowed.stdout + allowed.stderr
