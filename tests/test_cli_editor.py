"""The command line as writers' editors and scripts use it: stdin, --output-file, --exclude, --watch, severities in
the text format, `schema` and `rules-doc`."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from linter import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = str(ROOT / "seeds")
WRONG = "After 5 years, 97.2% of the people in the study were still alive."
RIGHT = "After 5 years, 92.7% of the people in the study were still alive."
TEXT_LINE = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|suggestion): "
                       r"(?P<code>[A-Z]+\d+) (?P<message>.+)$")


def page(body: str) -> str:
    return f"title: Survival\nsources: [five-year-study]\nsections:\n- heading: After five years\n  body: {body}\n"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main([*args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_lines_carry_the_severity_so_a_problem_matcher_can_tell_errors_from_suggestions(tmp_path, capsys):
    path = tmp_path / "p.yaml"
    path.write_text(page(WRONG), encoding="utf-8")
    code, out, _ = run(capsys, "--isolated", "--no-cache", "--sources", SEEDS, str(path))
    lines = out.splitlines()[:-1]
    parsed = [TEXT_LINE.match(line) for line in lines]
    assert code == 1 and lines and all(parsed), lines
    by_code = {m["code"]: m["severity"] for m in parsed}
    assert by_code["FC001"] == "error" and by_code["PL007"] == "suggestion"
    # the problem matcher documented in docs/ci.md reads these lines
    matcher = json.loads(re.search(r"```json\n(.*?)```", (ROOT / "docs" / "ci.md").read_text(), re.S).group(1))
    pattern = re.compile(matcher["pattern"]["regexp"])
    m = pattern.match(lines[0])
    assert m and m.group(matcher["pattern"]["severity"]) in ("error", "warning", "suggestion")
    assert m.group(matcher["pattern"]["code"]).startswith(("FC", "PL", "RD", "PG"))


def test_stdin_is_linted_under_the_name_the_editor_gives(capsys, monkeypatch, tmp_path):
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page(WRONG).encode())))
    code, out, err = run(capsys, "--isolated", "--sources", SEEDS, "--stdin-filename", "explainers/new.yaml", "-")
    assert code == 1, err
    assert "\nexplainers/new.yaml:5:24: error: FC001 '97.2%'" in out
    assert all(line.startswith("explainers/new.yaml:") for line in out.splitlines()[:-1])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page(RIGHT).encode())))
    code, out, _ = run(capsys, "--isolated", "--sources", SEEDS, "--select", "FC", "-")
    assert code == 0 and "0 error(s)" in out and "<stdin>" not in out  # no finding names the page


def test_stdin_from_a_real_pipe(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "linter", "--isolated", "--sources", SEEDS, "--format", "json",
                           "--stdin-filename", "draft.yaml", "-"], input=page(WRONG).encode(), capture_output=True,
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert proc.returncode == 1, proc.stderr
    document = json.loads(proc.stdout)
    assert document["files"][0]["path"] == "draft.yaml"
    assert any(f["code"] == "FC001" for f in document["files"][0]["findings"])


def test_stdin_mistakes_are_usage_errors(capsys):
    assert run(capsys, "--isolated", "--sources", SEEDS, "-", "explainers")[0] == 2
    assert run(capsys, "--isolated", "--sources", SEEDS, "--stdin-filename", "a.yaml", "explainers")[0] == 2


def test_output_file_gets_the_whole_report_and_stdout_stays_empty(tmp_path, capsys):
    path = tmp_path / "p.yaml"
    path.write_text(page(WRONG), encoding="utf-8")
    target = tmp_path / "out" / "report.sarif"
    target.parent.mkdir()
    code, out, _ = run(capsys, "--isolated", "--no-cache", "--sources", SEEDS, "--format", "sarif", "-o", str(target),
                       str(path))
    assert code == 1 and out == ""
    document = json.loads(target.read_text(encoding="utf-8"))
    assert document["runs"][0]["results"]
    assert [p.name for p in target.parent.iterdir()] == ["report.sarif"]  # no temporary file left behind
    assert run(capsys, "--isolated", "--sources", SEEDS, "-o", str(tmp_path / "missing" / "r.txt"), str(path))[0] == 2


def test_exclude_skips_pages_by_glob_from_the_flag_and_the_config(tmp_path, capsys):
    pages = tmp_path / "pages"
    (pages / "drafts").mkdir(parents=True)
    for name in ("a.yaml", "b.bak.yaml", "drafts/c.yaml"):
        (pages / name).write_text(page(RIGHT), encoding="utf-8")
    def linted(*args):
        code, out, err = run(capsys, "--no-cache", "--sources", SEEDS, "--format", "json", *args, str(pages))
        assert code in (0, 1), err
        return sorted(Path(f["path"]).relative_to(pages).as_posix() for f in json.loads(out)["files"])
    assert linted("--isolated") == ["a.yaml", "b.bak.yaml", "drafts/c.yaml"]
    assert linted("--isolated", "--exclude", "drafts,*.bak.yaml") == ["a.yaml"]
    assert linted("--isolated", "--exclude", "drafts", "--exclude", "*.bak.yaml") == ["a.yaml"]
    config = tmp_path / ".explainer-lint.toml"
    config.write_text('exclude = ["drafts"]\n', encoding="utf-8")
    assert linted("--config", str(config)) == ["a.yaml", "b.bak.yaml"]
    assert run(capsys, "--isolated", "--sources", SEEDS, "--exclude", "*", str(pages))[0] == 2  # nothing left


def test_schema_prints_the_path_of_the_page_schema(capsys):
    code, out, _ = run(capsys, "schema")
    path = Path(out.strip())
    assert code == 0 and path.is_absolute() and path.name == "page.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == "urn:explainer-lint:schema:page:v1"


def test_the_editor_setting_points_yaml_language_server_at_the_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    [(schema, globs)] = settings["yaml.schemas"].items()
    assert (ROOT / schema).resolve() == (ROOT / "linter" / "data" / "page.schema.json").resolve()
    assert "explainers/*.yaml" in globs


def test_rules_doc_is_up_to_date_with_the_registry(capsys):
    """docs/rules.md is generated; a rule changed without regenerating it fails here (like ruff's docs check)."""
    code, out, _ = run(capsys, "rules-doc")
    assert code == 0
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == out, \
        "docs/rules.md is stale: run `explainer-lint rules-doc > docs/rules.md`"


def broken_source(text: str) -> str:
    """The five-year study with its survival figures changed: 92.7% (38 out of 41) becomes 82.7% (34 out of 41)."""
    return text.replace("92.7%", "82.7%").replace("38 out of 41", "34 out of 41").replace("(38/41)", "(34/41)")


def _ctrl_c_as_in_a_terminal() -> None:
    """A test run started in the background (`make test &`) ignores SIGINT, and so would the watch it starts: Python
    then never turns Ctrl-C into KeyboardInterrupt. The watch gets Ctrl-C as a writer's terminal gives it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _save(path: Path, text: str) -> None:
    """Save as editors do, to a temporary file renamed over the old one: the watch never sees a half-written file
    (a truncated page or source would be linted as it stands, and the test would read that run's output). The
    temporary file is made outside the watched folders."""
    tmp = path.parent.parent / (path.name + ".saving")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _read_until(proc, marker: str, deadline: float) -> str:
    seen = ""
    while marker not in seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"no {marker!r} in watch output:\n{seen}")
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"watch ended early:\n{seen}{proc.stderr.read()}")
        seen += line
    return seen


def test_watch_lints_again_when_a_page_or_a_source_changes(tmp_path):
    pages, sources = tmp_path / "pages", tmp_path / "sources"
    pages.mkdir()
    sources.mkdir()
    for p in Path(SEEDS).iterdir():
        (sources / p.name).write_bytes(p.read_bytes())
    path = pages / "p.yaml"
    path.write_text(page(RIGHT), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "linter", "--isolated", "--no-cache", "--sources", str(sources),
                             "--select", "FC", "--watch", str(pages)], cwd=tmp_path, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            preexec_fn=_ctrl_c_as_in_a_terminal)
    try:
        deadline = time.monotonic() + 300
        first = _read_until(proc, "watching for changes", deadline)
        assert "0 error(s)" in first
        time.sleep(1.1)  # a new mtime, whatever the file system's resolution
        _save(path, page(WRONG))
        second = _read_until(proc, "watching for changes", deadline)
        assert "FC001 '97.2%'" in second
        time.sleep(1.1)
        _save(path, page(RIGHT))
        assert "0 error(s)" in _read_until(proc, "watching for changes", deadline)
        time.sleep(1.1)
        source = sources / "004_a8e050c38ba956b1.txt"  # a source edit alone breaks the page's number
        _save(source, broken_source(source.read_text(encoding="utf-8")))
        assert "FC001 '92.7%'" in _read_until(proc, "watching for changes", deadline)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            assert proc.wait(timeout=60) == 0  # Ctrl-C ends a watch cleanly (a loaded CI machine is slow)
        finally:
            proc.kill()
            proc.stdout.close()
            proc.stderr.close()
