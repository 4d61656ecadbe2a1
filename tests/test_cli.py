"""The command line as CI and editors use it: exit codes, --fail-on, select/ignore, config files, baselines."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linter import cli
from linter.model import FileReport, Finding

ROOT = Path(__file__).resolve().parent.parent
SEEDS = str(ROOT / "seeds")

WRONG = "After 5 years, 97.2% of the people in the study were still alive."
RIGHT = "After 5 years, 92.7% of the people in the study were still alive."
NEW_WRONG = "Exactly 81.4% of them said their skin felt softer."


def page(body: str, extra: str = "") -> str:
    return f"title: Survival\n{extra}sources: [five-year-study]\nsections:\n- heading: After five years\n  body: {body}\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main([*args])
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code, out, err = run(capsys, "--format", "json", "--isolated", "--sources", SEEDS, *args)
    assert code in (0, 1), err
    return code, json.loads(out)


def findings(document: dict) -> list[dict]:
    return [f for file in document["files"] for f in file["findings"]]


# --- exit codes ---------------------------------------------------------------------------------------------

def test_wrong_number_fails_and_names_its_code(tmp_path, capsys):
    path = write(tmp_path, "p.yaml", page(WRONG))
    code, out, _ = run(capsys, "--isolated", "--sources", SEEDS, str(path))
    assert code == 1
    fc = [line for line in out.splitlines() if "'97.2%'" in line and ": FC" in line]
    assert len(fc) == 1
    assert fc[0].startswith(f"{path}:5:") and ": FC00" in fc[0]
    assert out.splitlines()[-1].startswith("1 page(s):")


def test_right_number_passes(tmp_path, capsys):
    path = write(tmp_path, "p.yaml", page(RIGHT))
    code, document = run_json(capsys, "--select", "FC", str(path))
    assert code == 0 and findings(document) == []
    assert any(c["text"] == "92.7%" and c["status"] == "supported" for c in document["files"][0]["claims"])


def test_fail_on_decides_the_exit_code(tmp_path, capsys):
    # a page whose only selected finding is a warning (PG006: a misspelt field)
    path = write(tmp_path, "p.yaml", page(RIGHT, extra="sumary: oops\n"))
    common = ("--isolated", "--sources", SEEDS, "--select", "PG006", str(path))
    assert run(capsys, *common)[0] == 0  # default: only errors fail
    assert run(capsys, "--fail-on", "error", *common)[0] == 0
    assert run(capsys, "--fail-on", "warning", *common)[0] == 1
    assert run(capsys, "--fail-on", "suggestion", *common)[0] == 1
    clean = write(tmp_path, "clean.yaml", page(RIGHT))
    assert run(capsys, "--isolated", "--sources", SEEDS, "--select", "PG006", "--fail-on", "suggestion", str(clean))[0] == 0


def test_fail_on_suggestion_fails_on_a_suggestion(tmp_path, capsys):
    path = write(tmp_path, "p.yaml", page(RIGHT))
    _, document = run_json(capsys, str(path))
    suggestions = sorted({f["code"] for f in findings(document) if f["severity"] == "suggestion"})
    if not suggestions:
        pytest.skip("no rule makes a suggestion on this page")
    common = ("--isolated", "--sources", SEEDS, "--select", suggestions[0], str(path))
    assert run(capsys, "--fail-on", "warning", *common)[0] == 0
    assert run(capsys, "--fail-on", "suggestion", *common)[0] == 1


def test_failing_counts_suggestions_only_at_the_lowest_level():
    report = FileReport("p.yaml", findings=(Finding("XX001", "suggestion", 1, 1, "shorter words"),))
    assert not cli.failing([report], "error")
    assert not cli.failing([report], "warning")
    assert cli.failing([report], "suggestion")


@pytest.mark.parametrize("args, message", [
    (["--format", "yaml"], "invalid choice"),
    (["--fail-on", "fatal"], "invalid choice"),
    (["--no-such-flag"], "unrecognized arguments"),
])
def test_bad_arguments_exit_2_with_usage(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2
    assert message in err and "usage:" in err
    assert "Traceback" not in err + out


def test_missing_sources_folder_and_missing_paths_exit_2(tmp_path, capsys):
    path = write(tmp_path, "p.yaml", page(WRONG))
    code, _, err = run(capsys, "--isolated", "--sources", str(tmp_path / "nowhere"), str(path))
    assert code == 2 and "sources folder" in err and "nowhere" in err
    code, _, err = run(capsys, "--isolated", "--sources", SEEDS, str(tmp_path / "missing.yaml"))
    assert code == 2 and "missing.yaml" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "--isolated", "--sources", SEEDS, str(empty))
    assert code == 2 and "no .yaml pages" in err


def test_malformed_page_is_a_finding_not_a_failed_run(tmp_path, capsys):
    path = write(tmp_path, "bad.yaml", "title: [unclosed\n")
    code, document = run_json(capsys, str(path))
    assert code == 1
    assert [f["code"] for f in findings(document)] == ["PG002"]


# --- rules --------------------------------------------------------------------------------------------------

def test_explain_prints_the_rule_doc(capsys):
    code, out, _ = run(capsys, "--explain", "fc001")
    assert code == 0
    assert out.startswith("FC001 unsupported-number (error)")
    assert "Why:" in out and "Example:" in out


def test_explain_unknown_code_exits_2(capsys):
    code, out, err = run(capsys, "--explain", "ZZ999")
    assert code == 2
    assert "ZZ999" in err and "--list-rules" in err and out == ""


def test_list_rules_lists_every_code_once(capsys):
    from linter.rules import load_rules
    code, out, _ = run(capsys, "--list-rules")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert sorted(listed) == sorted(load_rules())


# --- select / ignore ----------------------------------------------------------------------------------------

def test_select_and_ignore_by_code_and_prefix(tmp_path, capsys):
    path = write(tmp_path, "p.yaml", page(WRONG, extra="sumary: oops\n"))
    _, everything = run_json(capsys, str(path))
    codes = {f["code"] for f in findings(everything)}
    fc = {c for c in codes if c.startswith("FC")}
    assert "PG006" in codes and fc

    _, only_pg = run_json(capsys, "--select", "PG", str(path))
    assert {f["code"] for f in findings(only_pg)} == {c for c in codes if c.startswith("PG")}

    _, no_fc = run_json(capsys, "--ignore", "FC", str(path))
    assert {f["code"] for f in findings(no_fc)} == codes - fc

    # comma-separated and repeatable; the most specific prefix wins
    code, mixed = run_json(capsys, "--select", "FC,PG", "--ignore", "PG006", str(path))
    assert {f["code"] for f in findings(mixed)} == {c for c in codes if c[:2] in ("FC", "PG")} - {"PG006"}
    assert code == 1
    code, warn_only = run_json(capsys, "--select", "FC", "--select", "PG006", "--ignore", "FC", str(path))
    assert {f["code"] for f in findings(warn_only)} == {"PG006"}
    assert code == 0  # only a warning left

    # ignoring does not hide the numbers: the claims stay in the JSON for tools
    assert no_fc["files"][0]["claims"] == everything["files"][0]["claims"]


def test_select_rejects_codes_that_do_not_exist(tmp_path, capsys):
    path = write(tmp_path, "p.yaml", page(WRONG))
    code, _, err = run(capsys, "--isolated", "--sources", SEEDS, "--select", "QQ", str(path))
    assert code == 2 and "'QQ'" in err


def test_selected_most_specific_prefix_wins():
    assert cli.selected("FC001", (), ())
    assert not cli.selected("FC001", ("PG",), ())
    assert cli.selected("FC001", ("FC001",), ("FC",))
    assert not cli.selected("FC003", ("FC",), ("FC003",))
    assert cli.selected("FC002", ("FC",), ("FC003",))


# --- config files -------------------------------------------------------------------------------------------

def project(tmp_path: Path, table: str, name: str = "pyproject.toml") -> Path:
    write(tmp_path, name, table)
    write(tmp_path, "pages/wrong.yaml", page(WRONG, extra="sumary: oops\n"))
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    return sub


def test_pyproject_config_is_found_from_a_subfolder(tmp_path, capsys, monkeypatch):
    sub = project(tmp_path, f"""[project]\nname = "x"\n
[tool.explainer-lint]
paths = ["pages"]
sources = {json.dumps(SEEDS)}
format = "json"
select = ["FC", "PG"]
ignore = ["FC"]
fail-on = "warning"
""")
    monkeypatch.chdir(sub)
    code, out, err = run(capsys)
    document = json.loads(out)
    assert [Path(f["path"]).name for f in document["files"]] == ["wrong.yaml"]
    assert {f["code"] for f in findings(document)} == {"PG006"}
    assert code == 1  # fail-on = warning from the config

    # flags override the config
    code, out, _ = run(capsys, "--format", "text", "--fail-on", "error")
    assert code == 0
    assert "PG006" in out and not out.lstrip().startswith("{")


def test_dedicated_config_file_and_config_flag(tmp_path, capsys, monkeypatch):
    project(tmp_path, f'paths = ["pages"]\nsources = {json.dumps(SEEDS)}\nselect = "PG"\n', name=".explainer-lint.toml")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--format", "json")
    assert {f["code"] for f in findings(json.loads(out))} == {"PG006"}
    assert code == 0

    # --config names a file; --isolated ignores them all
    other = write(tmp_path, "other.toml", f'paths = ["pages"]\nsources = {json.dumps(SEEDS)}\nselect = ["FC"]\n')
    code, out, _ = run(capsys, "--config", str(other), "--format", "json")
    assert {f["code"][:2] for f in findings(json.loads(out))} == {"FC"} and code == 1
    code, _, err = run(capsys, "--isolated")
    assert code == 2 and "'seeds'" in err  # back to the default sources folder, which this folder lacks


@pytest.mark.parametrize("text, message", [
    ("[tool.explainer-lint\npaths = 1\n", "invalid TOML"),
    ('[tool.explainer-lint]\nfail_on = "warning"\n', "did you mean 'fail-on'"),
    ('[tool.explainer-lint]\nformat = "xml"\n', "'format' must be one of"),
    ('[tool.explainer-lint]\npaths = "pages"\nselect = [1]\n', "'select' must be a list"),
    ('[tool.explainer-lint.readability]\ntarget_grade = "easy"\n', "target_grade"),
    ('[tool.explainer-lint.readability]\ngrade_target = 6\n', "unknown readability setting 'grade_target'"),
])
def test_broken_config_is_a_clear_error(tmp_path, capsys, monkeypatch, text, message):
    project(tmp_path, text)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys)
    assert code == 2
    assert "pyproject.toml" in err and message in err
    assert "Traceback" not in err and out == ""


def test_missing_config_flag_file_exits_2(tmp_path, capsys):
    code, _, err = run(capsys, "--config", str(tmp_path / "nope.toml"))
    assert code == 2 and "nope.toml" in err and "not found" in err


def test_readability_settings_reach_the_linter(tmp_path, capsys, monkeypatch):
    # the page's one section is short; how short is "too short to score" comes from the config
    project(tmp_path, f"""[tool.explainer-lint]
paths = ["pages"]
sources = {json.dumps(SEEDS)}
format = "json"
[tool.explainer-lint.readability]
min_words_to_score = 45
""")
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(capsys)
    configured = [f["message"] for f in findings(json.loads(out))]
    _, out, _ = run(capsys, "--isolated", "--sources", SEEDS, "--format", "json", "pages")
    default = [f["message"] for f in findings(json.loads(out))]
    assert any("under 45" in m for m in configured)
    assert not any("under 45" in m for m in default)


# --- baselines ----------------------------------------------------------------------------------------------

def test_baseline_round_trip_reports_only_new_findings(tmp_path, capsys):
    path = write(tmp_path, "p.yaml", page(WRONG, extra="sumary: oops\n"))
    baseline = tmp_path / "baseline.json"
    code, out, err = run(capsys, "--isolated", "--sources", SEEDS, "--select", "FC,PG", "--write-baseline",
                         str(baseline), str(path))
    assert code == 0 and baseline.is_file() and "baseline" in err
    before = run_json(capsys, "--select", "FC,PG", str(path))[1]
    assert {f["code"][:2] for f in findings(before)} == {"FC", "PG"}

    code, again = run_json(capsys, "--select", "FC,PG", "--baseline", str(baseline), str(path))
    assert code == 0 and findings(again) == []

    # move everything down two lines and add one new wrong number: only that one is new
    moved = page(f"{WRONG} {NEW_WRONG}", extra="summary: >-\n  A short summary\n  of this page.\nsumary: oops\n")
    path.write_text(moved, encoding="utf-8")
    code, after = run_json(capsys, "--select", "FC,PG", "--baseline", str(baseline), str(path))
    new = findings(after)
    assert code == 1
    assert len(new) == 1 and "81.4%" in new[0]["message"] and new[0]["code"].startswith("FC")

    # the same wrong number twice is one old finding and one new one
    path.write_text(page(f"{WRONG} Again, 97.2% of the people in the study were still alive."), encoding="utf-8")
    _, twice = run_json(capsys, "--select", "FC,PG", "--baseline", str(baseline), str(path))
    assert len([f for f in findings(twice) if "97.2%" in f["message"]]) == 1


def test_baseline_keys_survive_running_from_another_folder(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, "pages/p.yaml", page(WRONG))
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "--isolated", "--sources", SEEDS, "--select", "FC", "--write-baseline", "b.json",
               "pages/p.yaml")[0] == 0
    monkeypatch.chdir(tmp_path / "pages")
    code, document = run_json(capsys, "--select", "FC", "--baseline", "../b.json", "p.yaml")
    assert code == 0 and findings(document) == []
    assert json.loads((tmp_path / "b.json").read_text())["findings"][0]["path"] == "pages/p.yaml"
    assert path.is_file()


@pytest.mark.parametrize("content, message", [
    (None, "not found"),
    ("{not json", "not valid JSON"),
    ('{"findings": 3}', "not an explainer-lint baseline"),
])
def test_broken_baseline_exits_2(tmp_path, capsys, content, message):
    path = write(tmp_path, "p.yaml", page(WRONG))
    baseline = tmp_path / "b.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "--isolated", "--sources", SEEDS, "--baseline", str(baseline), str(path))
    assert code == 2 and "b.json" in err and message in err


# --- progress and the module entry ---------------------------------------------------------------------------

def test_no_progress_output_when_stderr_is_not_a_terminal(tmp_path, capsys):
    for i in range(3):
        write(tmp_path, f"pages/p{i}.yaml", page(WRONG))
    code, out, err = run(capsys, "--isolated", "--sources", SEEDS, "--format", "json", str(tmp_path / "pages"))
    assert code == 1
    assert err == ""
    assert len(json.loads(out)["files"]) == 3


def test_python_dash_m_linter_runs_the_cli(tmp_path):
    path = write(tmp_path, "p.yaml", page(WRONG))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "linter", "--isolated", "--sources", SEEDS, "--format", "json",
                           str(path)], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert proc.returncode == 1, proc.stderr
    document = json.loads(proc.stdout)
    assert any(f["severity"] == "error" and f["code"].startswith("FC") for f in document["files"][0]["findings"])
    assert "Traceback" not in proc.stderr


# --- parallel runs ------------------------------------------------------------------------------------------
def five_pages(tmp_path: Path) -> Path:
    for i, body in enumerate([WRONG, RIGHT, NEW_WRONG, RIGHT, WRONG]):
        write(tmp_path, f"pages/p{i}.yaml", page(body))
    return tmp_path / "pages"


def test_parallel_run_reports_exactly_what_a_serial_run_does(tmp_path, capsys):
    pages = five_pages(tmp_path)
    code, serial = run_json(capsys, "--no-cache", "--jobs", "1", str(pages))
    assert code == 1 and len(serial["files"]) == 5
    assert run_json(capsys, "--no-cache", "--jobs", "2", str(pages)) == (code, serial)


def test_a_run_with_every_page_cached_does_not_load_the_language_model(tmp_path, capsys, monkeypatch):
    pages, cache = five_pages(tmp_path), str(tmp_path / "cache")
    first = run_json(capsys, "--cache-dir", cache, "--jobs", "2", str(pages))

    def no_loading():
        raise AssertionError("spaCy was loaded although every page was cached")

    monkeypatch.setattr(cli, "warm_up", no_loading)
    assert run_json(capsys, "--cache-dir", cache, "--jobs", "2", str(pages)) == first


def test_unreadable_sources_in_a_parallel_run_exit_2_with_the_reason(tmp_path, capsys, monkeypatch):
    import linter.api

    def unreadable(folder, max_bytes=0):
        raise PermissionError(13, "Permission denied", str(folder))

    monkeypatch.setattr(linter.api, "load_library", unreadable)
    linter.api._library.cache_clear()
    code, _, err = run(capsys, "--isolated", "--no-cache", "--jobs", "2", "--sources", SEEDS, str(five_pages(tmp_path)))
    linter.api._library.cache_clear()
    assert code == 2 and "cannot read the sources" in err and "Permission denied" in err


# --- special files and links out of the folder ------------------------------------------------------

def test_folder_mode_never_follows_links_out_of_the_folder(tmp_path, capsys):
    secret = tmp_path / "outside" / "secret.yaml"
    secret.parent.mkdir()
    secret.write_text("title: The secret text 12345\n")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "leak.yaml").symlink_to(secret)
    (pages / "sub").symlink_to(secret.parent, target_is_directory=True)
    code = cli.main([str(pages), "--sources", str(ROOT / "seeds"), "--isolated", "--no-cache"])
    out = capsys.readouterr().out
    assert code == 1
    assert "leak.yaml:1:1: error: PG001 the file links to a file outside" in out
    assert "secret" not in out.replace(str(pages), "")  # neither the text nor the linked folder's page
    assert "12345" not in out


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_special_files_are_skipped_with_a_finding_never_read(tmp_path, capsys, kind):
    pages = tmp_path / "pages"
    pages.mkdir()
    if kind == "fifo":
        target = pages / "pipe.yaml"
        os.mkfifo(target)  # nobody ever writes to it: reading it would hang
        args = [str(pages)]
    else:
        target = Path("/dev/zero")  # endless: reading it whole would exhaust memory
        args = [str(target)]
    code = cli.main(args + ["--sources", str(ROOT / "seeds"), "--isolated", "--no-cache"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"{target}:1:1: error: PG001" in out
    assert ("FIFO" if kind == "fifo" else "character device") in out
