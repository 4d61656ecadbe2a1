"""The JSON output follows its documented contract: docs/json.md and the shipped schema (linter/data/report.schema.json)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from linter import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = str(ROOT / "seeds")
SCHEMA = json.loads((ROOT / "linter" / "data" / "report.schema.json").read_text(encoding="utf-8"))
DOC = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def validator():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    return jsonschema.Draft202012Validator(SCHEMA)


def test_the_output_on_the_shipped_pages_and_on_broken_pages_matches_the_schema(tmp_path, capsys, validator):
    broken = {"empty.yaml": "", "list.yaml": "- a\n", "bad.yaml": "title: [unclosed\n", "binary.yaml": "\x00\x01",
              "typo.yaml": "tilte: A\nsources: [nope]\nsections: 3\n"}
    for name, text in broken.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    code = cli.main(["--isolated", "--no-cache", "--sources", SEEDS, "--format", "json", str(ROOT / "explainers"),
                     str(tmp_path)])
    document = json.loads(capsys.readouterr().out)
    assert code in (0, 1)
    validator.validate(document)
    assert len(document["files"]) >= len(broken) + 1
    assert any(c["evidence"] for f in document["files"] for c in f["claims"])  # the evidence shape is exercised


def test_the_schema_is_strict_enough_to_catch_a_changed_contract(capsys, validator):
    code = cli.main(["--isolated", "--no-cache", "--sources", SEEDS, "--format", "json",
                     str(ROOT / "explainers" / "five-year-study.yaml")])
    good = json.loads(capsys.readouterr().out)
    for breakage in (lambda d: d.pop("schema_version"),
                     lambda d: d["files"][0]["claims"][0].pop("status"),
                     lambda d: d["files"][0]["claims"][0].update(line="9"),
                     lambda d: d["files"][0]["findings"][0].update(severity="info")):
        bad = json.loads(json.dumps(good))
        breakage(bad)
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(bad)


def test_the_documented_example_is_valid_output(validator):
    example = json.loads(re.search(r"```json\n(.*?)```", DOC, re.S).group(1))
    validator.validate(example)


@pytest.mark.parametrize("section, definition", [("files[]", "file"), ("claims[]", "claim"),
                                                 ("findings[]", "finding"), ("readability[]", "readability")])
def test_every_key_of_the_schema_is_documented_and_no_other(section, definition):
    table = DOC.split(f"## `{section}`", 1)[1].split("\n## ", 1)[0]
    documented = {key for row in re.findall(r"^\| (.+?) \|", table, re.M) for key in re.findall(r"`(\w+)`", row)}
    assert documented == set(SCHEMA["$defs"][definition]["properties"])
