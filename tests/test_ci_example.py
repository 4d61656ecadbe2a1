"""The CI example (docs/ci-example.yml) is a valid workflow with pinned actions that zizmor finds nothing wrong
with, and its SARIF step uploads nothing when the run could not happen."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "ci-example.yml"
BIN = Path(sys.executable).parent


def workflow() -> dict:
    return yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))


def steps() -> list[dict]:
    return workflow()["jobs"]["lint"]["steps"]


def test_the_example_is_a_valid_workflow():
    proc = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(EXAMPLE)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_zizmor_finds_nothing(tmp_path):
    proc = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", str(EXAMPLE)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_action_is_pinned_to_a_commit():
    uses = [s["uses"] for s in steps() if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", u) for u in uses), uses


def test_the_environment_and_the_lint_cache_are_cached():
    cached = [s["with"]["path"] for s in steps() if s.get("uses", "").startswith("actions/cache@")]
    assert cached == [".venv", ".lint-cache"]
    lint_runs = [s["run"] for s in steps() if "explainer-lint " in s.get("run", "")]
    assert len(lint_runs) == 2 and all("--cache-dir .lint-cache" in run for run in lint_runs)


def _run_step(name: str, cwd: Path, bin_dir: Path) -> subprocess.CompletedProcess:
    """A step's script as the runner runs it (bash -e -o pipefail), with explainer-lint on PATH."""
    script = next(s["run"] for s in steps() if s.get("name") == name)
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd,
                          capture_output=True, text=True, timeout=600,
                          env={**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "PYTHONPATH": str(ROOT)})


def test_the_sarif_step_passes_on_findings_and_stops_before_upload_when_the_run_cannot_happen(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "explainer-lint").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m linter "$@"\n')
    (bin_dir / "explainer-lint").chmod(0o755)
    names = [s.get("name") for s in steps()]
    assert names.index("Lint to SARIF") < names.index("Upload SARIF")
    upload = next(s for s in steps() if s.get("name") == "Upload SARIF")
    assert "if" not in upload  # runs only when every step before it succeeded

    project = tmp_path / "project"
    (project / "explainers").mkdir(parents=True)
    shutil.copytree(ROOT / "seeds", project / "seeds")
    (project / "explainers" / "a.yaml").write_text(
        "title: Survival\nsources: [five-year-study]\nsections:\n- heading: After five years\n"
        "  body: After 5 years, 97.2% of the people in the study were still alive.\n", encoding="utf-8")
    with_findings = _run_step("Lint to SARIF", project, bin_dir)
    assert with_findings.returncode == 0, with_findings.stderr  # exit 1 is the gate's business
    assert '"ruleId": "FC001"' in (project / "explainer-lint.sarif").read_text(encoding="utf-8")

    (project / "explainer-lint.sarif").unlink()
    shutil.rmtree(project / "seeds")  # the run cannot happen: exit 2
    broken = _run_step("Lint to SARIF", project, bin_dir)
    assert broken.returncode != 0 and "sources folder" in broken.stderr  # the step, and so the job, fails
    assert not (project / "explainer-lint.sarif").exists()
