"""Every output format, made from the same FileReports: text, json (the bench contract), sarif, github."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from linter import cli
from linter.api import Linter
from linter.formats import FORMATTERS, format_github, format_json, format_sarif, format_text
from linter.model import FileReport, Finding
from linter.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# The full official schema (OASIS sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json, errata01), draft-04.
SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0-schema.json").read_text(encoding="utf-8"))
PAGE = (
    "title: Survival\nsumary: oops\nsources: [five-year-study]\nsections:\n- heading: After five years\n"
    "  body: After 5 years, 97.2% of the people in the study were still alive.\n"
)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> list[FileReport]:
    folder = tmp_path_factory.mktemp("pages")
    (folder / "wrong.yaml").write_text(PAGE, encoding="utf-8")
    (folder / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    linter = Linter(SEEDS)
    out = [linter.lint_file(folder / "wrong.yaml"), linter.lint_file(folder / "broken.yaml")]
    severities = {f.severity for r in out for f in r.findings}
    assert {"error", "warning"} <= severities  # the page gives findings of several severities
    return out


def all_findings(reports):
    return [(r, f) for r in reports for f in r.findings]


def test_every_format_is_registered_and_the_cli_offers_it():
    assert set(FORMATTERS) == {"text", "json", "sarif", "github"}
    parser = cli.build_parser()
    choices = next(a.choices for a in parser._actions if a.dest == "format")
    assert set(choices) == set(FORMATTERS)


# --- text -----------------------------------------------------------------------------------------------------

def test_text_is_one_line_per_finding_then_a_summary(reports):
    lines = format_text(reports).splitlines()
    pairs = all_findings(reports)
    assert len(lines) == len(pairs) + 1
    for line, (report, f) in zip(lines, pairs):
        assert line == f"{report.path}:{f.line}:{f.column}: {f.severity}: {f.code} {f.message}"
    errors = sum(1 for _, f in pairs if f.severity == "error")
    assert lines[-1].startswith(f"2 page(s): {errors} error(s), ")


# --- json -----------------------------------------------------------------------------------------------------

def test_json_keeps_the_bench_contract(reports):
    document = json.loads(format_json(reports))
    assert document["schema_version"]
    assert [f["path"] for f in document["files"]] == [r.path for r in reports]
    wrong = document["files"][0]
    assert wrong["claims"], "the page states numbers"
    for claim in wrong["claims"]:
        assert {"field", "start", "end", "text", "line", "column", "status", "evidence"} <= set(claim)
        for evidence in claim["evidence"]:
            assert {"source", "quote", "line"} <= set(evidence)
    assert any(c["text"] == "97.2%" and c["status"] != "supported" for c in wrong["claims"])
    for file, report in zip(document["files"], reports):
        assert len(file["findings"]) == len(report.findings)
        for finding in file["findings"]:
            assert {"code", "severity", "line", "column", "message"} <= set(finding)


# --- sarif ----------------------------------------------------------------------------------------------------

def test_sarif_is_valid_and_has_one_result_per_finding(reports):
    document = json.loads(format_sarif(reports))
    jsonschema.validate(document, SARIF_SCHEMA)
    assert document["version"] == "2.1.0"
    run = document["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "explainer-lint" and driver["version"]
    assert re.match(r"^(https|file)://\S+$", driver["informationUri"]) and "example.invalid" not in driver["informationUri"]
    pairs = all_findings(reports)
    assert len(run["results"]) == len(pairs)
    levels = {"error": "error", "warning": "warning", "suggestion": "note"}
    for result, (report, f) in zip(run["results"], pairs):
        assert result["ruleId"] == f.code
        assert driver["rules"][result["ruleIndex"]]["id"] == f.code
        assert result["level"] == levels[f.severity]
        assert f.code in result["message"]["text"] and f.message in result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["region"] == {"startLine": f.line, "startColumn": f.column}
        assert Path(location["artifactLocation"]["uri"].removeprefix("file://")) == Path(report.path)


def test_sarif_rules_carry_the_rule_docs(reports):
    driver = json.loads(format_sarif(reports))["runs"][0]["tool"]["driver"]
    registry = load_rules()
    assert sorted(r["id"] for r in driver["rules"]) == sorted(registry)
    levels = {"error": "error", "warning": "warning", "suggestion": "note"}
    for rule in driver["rules"]:
        known = registry[rule["id"]]
        assert rule["name"] == known.name
        assert rule["shortDescription"]["text"] == known.what
        assert known.why in rule["fullDescription"]["text"]
        assert rule["help"]["text"] == known.doc()
        assert rule["defaultConfiguration"]["level"] == levels[known.severity]
        assert rule["helpUri"].endswith(f"docs/rules.md#{known.code.lower()}")


def test_help_links_point_at_the_rule_docs_of_the_commit_on_github(reports, monkeypatch):
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "team/pages")
    monkeypatch.setenv("GITHUB_SHA", "0123abc")
    driver = json.loads(format_sarif(reports))["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://github.com/team/pages"
    fc001 = next(r for r in driver["rules"] if r["id"] == "FC001")
    assert fc001["helpUri"] == "https://github.com/team/pages/blob/0123abc/docs/rules.md#fc001"
    monkeypatch.setenv("EXPLAINER_LINT_DOCS_URL", "https://docs.example.org/lint/rules.html")
    fc001 = next(r for r in json.loads(format_sarif(reports))["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "FC001")
    assert fc001["helpUri"] == "https://docs.example.org/lint/rules.html#fc001"


def test_every_rule_link_has_its_section_in_the_rule_docs(reports):
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in json.loads(format_sarif(reports))["runs"][0]["tool"]["driver"]["rules"]:
        anchor = rule["helpUri"].rpartition("#")[2]
        assert f"\n## {anchor.upper()}\n" in doc


def test_sarif_relative_paths_are_repo_relative():
    report = FileReport("explainers/a page.yaml", findings=(Finding("FC001", "error", 3, 7, "'5%' is not stated"),))
    document = json.loads(format_sarif([report]))
    jsonschema.validate(document, SARIF_SCHEMA)
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert location == {"uri": "explainers/a page.yaml", "uriBaseId": "%SRCROOT%"}


def test_sarif_schema_rejects_what_code_scanning_rejects():
    """The schema is not a rubber stamp: missing driver names, bad levels and zero lines fail."""
    good = json.loads(format_sarif([FileReport("a.yaml", findings=(Finding("FC001", "error", 1, 1, "m"),))]))
    jsonschema.validate(good, SARIF_SCHEMA)
    for breakage in (
        lambda d: d["runs"][0]["tool"]["driver"].pop("name"),
        lambda d: d["runs"][0]["results"][0].update(level="fatal"),
        lambda d: d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(startLine=0),
        lambda d: d.update(version="2.0.0"),
        lambda d: d["runs"][0]["results"][0].update(unknownProperty=1),
        lambda d: d["runs"][0]["tool"]["driver"]["rules"][0].update(helpUri=5),
    ):
        bad = json.loads(json.dumps(good))
        breakage(bad)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, SARIF_SCHEMA)


def test_sarif_from_the_cli_is_pure_json(tmp_path, capsys):
    path = tmp_path / "p.yaml"
    path.write_text(PAGE, encoding="utf-8")
    code = cli.main(["--isolated", "--sources", str(SEEDS), "--format", "sarif", str(path)])
    out, err = capsys.readouterr()
    assert code == 1 and err == ""
    document = json.loads(out)
    jsonschema.validate(document, SARIF_SCHEMA)
    assert any(r["level"] == "error" and r["ruleId"].startswith("FC") for r in document["runs"][0]["results"])


def test_sarif_and_annotations_name_files_from_the_repository_root_wherever_the_command_runs(tmp_path, capsys,
                                                                                              monkeypatch):
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)  # what marks a repository root
    (repo / "explainers").mkdir()
    (repo / "explainers" / "five.yaml").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(repo / "explainers")
    base = ["--isolated", "--no-cache", "--sources", str(SEEDS), "."]

    assert cli.main([*base, "--format", "sarif"]) == 1
    document = json.loads(capsys.readouterr().out)
    jsonschema.validate(document, SARIF_SCHEMA)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in document["runs"][0]["results"]}
    assert uris == {"explainers/five.yaml"}
    assert document["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"

    assert cli.main([*base, "--format", "github"]) == 1
    annotations = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert annotations and all("file=explainers/five.yaml," in line for line in annotations)

    assert cli.main([*base, "--format", "text"]) == 1  # text stays relative to where you are: editors jump to it
    assert capsys.readouterr().out.startswith("five.yaml:")


# --- github ---------------------------------------------------------------------------------------------------

ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,:]+),line=(\d+),col=(\d+),title=([A-Z]+\d+)::(.+)$")


def test_github_annotations_one_per_finding(reports):
    lines = format_github(reports).splitlines()
    pairs = all_findings(reports)
    assert len(lines) == len(pairs) + 1 and not lines[-1].startswith("::")
    commands = {"error": "error", "warning": "warning", "suggestion": "notice"}
    for line, (report, f) in zip(lines, pairs):
        match = ANNOTATION.match(line)
        assert match, line
        command, file, row, col, title, message = match.groups()
        assert command == commands[f.severity]
        assert (file, int(row), int(col), title) == (report.path, f.line, f.column, f.code)
        assert message.startswith(f.code + " ")


def test_github_escapes_what_would_break_a_workflow_command():
    report = FileReport("pages/a,b:c.yaml", findings=(
        Finding("PL006", "suggestion", 2, 5, "50% of\nreaders: skip"),
        Finding("PG006", "warning", 1, 1, "unknown field"),
    ))
    lines = format_github([report]).splitlines()
    assert lines[0] == "::notice file=pages/a%2Cb%3Ac.yaml,line=2,col=5,title=PL006::PL006 50%25 of%0Areaders: skip"
    assert lines[1].startswith("::warning file=pages/a%2Cb%3Ac.yaml,line=1,col=1,title=PG006::")


def test_formats_agree_on_the_findings(reports):
    """Every format reports the same findings, in the same order, at the same places."""
    text = [tuple(re.match(r"^.*:(\d+):(\d+): (?:error|warning|suggestion): (\S+) ", line).groups())
            for line in format_text(reports).splitlines()[:-1]]
    sarif = [(str(r["locations"][0]["physicalLocation"]["region"]["startLine"]),
              str(r["locations"][0]["physicalLocation"]["region"]["startColumn"]), r["ruleId"])
             for r in json.loads(format_sarif(reports))["runs"][0]["results"]]
    github = [ANNOTATION.match(line).group(3, 4, 5) for line in format_github(reports).splitlines()[:-1]]
    as_json = [(str(f["line"]), str(f["column"]), f["code"])
               for file in json.loads(format_json(reports))["files"] for f in file["findings"]]
    assert text == sarif == github == as_json
    assert len(text) == len(all_findings(reports)) > 0

