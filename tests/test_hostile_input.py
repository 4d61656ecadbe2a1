"""Hostile and broken input: every file gets a located finding with a code, never a traceback; nothing executes."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linter.api import Linter
from linter.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
LIMITS = SETTINGS["limits"]

HEAD = "title: A page\nsources: [five-year-study]\nsections:\n- heading: Results\n  body: "


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(SEEDS)


def codes(report) -> list[str]:
    return [f.code for f in report.findings]


def only(report, code: str):
    found = [f for f in report.findings if f.code == code]
    assert found, f"expected {code}, got {[(f.code, f.message) for f in report.findings]}"
    return found[0]


# --- unreadable and not-a-page files --------------------------------------------------------------------------

@pytest.mark.parametrize("raw, code", [
    (b"", "PG003"),
    (b"   \n\n  \n", "PG003"),
    (b"# only a comment\n", "PG003"),
    (b"- a\n- b\n", "PG003"),
    (b"just some text\n", "PG003"),
    (b"42\n", "PG003"),
    (b"~\n", "PG003"),
    (b"title: [unclosed\n", "PG002"),
    (b"title: A\n  bad: indent\n", "PG002"),
    (b"---\ntitle: A\n---\ntitle: B\n", "PG002"),
    (b"title: caf\xe9\n", "PG001"),
    (bytes(range(256)) * 4, "PG001"),
    ("title: A\n".encode("utf-16"), "PG001"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PG001"),
])
def test_unusable_files_get_one_located_finding(linter, raw, code):
    report = linter.lint_text(raw, "bad.yaml")
    finding = only(report, code)
    assert finding.severity == "error" and finding.line >= 1 and finding.column >= 1
    assert finding.message
    assert not report.claims


def test_non_utf8_byte_is_located(linter):
    finding = only(linter.lint_text(b"title: A\nsummary: caf\xe9\n", "latin1.yaml"), "PG001")
    assert (finding.line, finding.column) == (2, 13)
    assert "0xe9" in finding.message and "UTF-8" in finding.message


def test_several_documents_are_one_clear_error(linter):
    finding = only(linter.lint_text(HEAD.encode() + b"Text.\n---\ntitle: B\n"), "PG002")
    assert "more than one YAML document" in finding.message
    assert finding.line == 6


@pytest.mark.parametrize("raw, where", [
    (b"title: A\x07\n", (1, 9)),
    (b"title: A\n" + b"#" * 9000 + b"\x00\n", (2, 9001)),  # a NUL after the binary sniffing window
])
def test_control_characters_are_located(linter, raw, where):
    finding = only(linter.lint_text(raw), "PG002")
    assert (finding.line, finding.column) == where
    assert "control character" in finding.message


def test_tabs_get_a_hint(linter):
    finding = only(linter.lint_text(b"title: A\nsections:\n\t- heading: A\n"), "PG002")
    assert (finding.line, finding.column) == (3, 1)
    assert "tabs" in finding.message


def test_tabs_inside_text_are_fine(linter):
    report = linter.lint_text((HEAD + '"The rate was\\t92.7%."\n').encode())
    assert not [c for c in codes(report) if c.startswith("PG")]
    assert [c.text for c in report.claims] == ["92.7%"]


def test_lone_surrogate_escape_is_an_error_not_a_crash(linter):
    finding = only(linter.lint_text(b'title: "\\ud800"\nsources: [five-year-study]\n'), "PG002")
    assert finding.line == 1


# --- nothing executes ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("template", [
    "title: !!python/object/apply:os.system ['touch {marker}']\n",
    "!!python/object/apply:os.system ['touch {marker}']\n",
    "title: !!python/object/apply:subprocess.call [['touch', '{marker}']]\n",
    "title: !!python/object/new:subprocess.Popen [['touch', '{marker}']]\n",
    "title: !!python/name:os.system\n",
    "title: !!python/module:os\n",
    "a: &x !!python/object/apply:os.system ['touch {marker}']\ntitle: *x\n",
])
def test_object_building_tags_never_execute(linter, tmp_path, template):
    marker = tmp_path / "pwned"
    page = tmp_path / "evil.yaml"
    page.write_text(template.format(marker=marker))
    report = linter.lint_file(page)
    assert not marker.exists()
    finding = only(report, "PG002")
    assert "not" in finding.message and finding.line >= 1


@pytest.mark.parametrize("value", ["!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]", "!foo bar"])
def test_other_tags_are_refused(linter, value):
    report = linter.lint_text(f"title: {value}\nsources: [five-year-study]\nsections:\n- heading: A\n  body: B\n")
    assert (only(report, "PG002").line, only(report, "PG002").column) == (1, 8)


# --- limits: bounded time and memory -----------------------------------------------------------------------

def test_billion_laughs_is_a_limit_finding(linter):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    start = time.monotonic()
    report = linter.lint_text("\n".join(lines) + "\n")
    assert time.monotonic() - start < 5
    assert "YAML nodes" in only(report, "PG010").message


@pytest.mark.parametrize("raw", [
    b"[" * 10_000,
    b"[" * 10_000 + b"]" * 10_000,
    b"{a: " * 10_000 + b"1" + b"}" * 10_000,
    "".join("  " * i + "a:\n" for i in range(200)).encode(),
    ("title: A\nsections:\n" + "".join("  " * i + "- \n" for i in range(200))).encode(),
])
def test_deep_nesting_is_a_limit_finding_not_recursion_error(linter, raw):
    report = linter.lint_text(raw)
    finding = only(report, "PG010")
    assert str(LIMITS["max_nesting"]) in finding.message


def test_nesting_within_the_limit_still_reads(linter):
    nested = "[" * 10 + "]" * 10
    report = linter.lint_text(f"title: A\nsources: [five-year-study]\nsections:\n- heading: A\n  body: B\nunknowns: {nested}\n")
    assert "PG010" not in codes(report)
    assert "PG005" in codes(report)  # a list where text belongs


def test_20_mb_file_is_refused_quickly(linter, tmp_path):
    page = tmp_path / "huge.yaml"
    with page.open("wb") as handle:
        handle.write(HEAD.encode())
        handle.write(b"x" * 20_000_000 + b"\n")
    start = time.monotonic()
    finding = only(linter.lint_file(page), "PG010")
    assert time.monotonic() - start < 3
    assert "MB" in finding.message


def test_a_single_1_mb_line_is_refused(linter, monkeypatch):
    monkeypatch.setitem(LIMITS, "max_file_bytes", 2_000_000)  # let the file through, so the line limit decides
    raw = (HEAD + "'" + "word " * 200_000 + "'\n").encode()
    finding = only(linter.lint_text(raw), "PG010")
    assert "line" in finding.message and str(LIMITS["max_line_chars"]) in finding.message


def test_a_1_mb_line_under_default_limits_is_refused_too(linter):
    report = linter.lint_text((HEAD + "'" + "1 " * 500_000 + "'\n").encode())
    assert only(report, "PG010")


def test_10000_numbers_finish_with_a_limit_finding(linter):
    body = " ".join(str(i) for i in range(10_000))
    start = time.monotonic()
    report = linter.lint_text((HEAD + f"'{body}'\n").encode())
    assert time.monotonic() - start < 10
    finding = only(report, "PG010")
    assert str(LIMITS["max_claims_per_page"]) in finding.message


def test_many_numbers_under_the_limit_are_all_checked(linter):
    body = " ".join(f"Item {i} is here." for i in range(60))
    report = linter.lint_text((HEAD + f"'{body}'\n").encode())
    assert "PG010" not in codes(report)
    assert len(report.claims) == 60


def test_absurd_numbers_do_not_overflow(linter):
    body = "Values 1e999999, 1.5e-99999, " + "9" * 400 + ", 10^999999 and 2 x 10^400 and 1" + "0" * 5000 + "."
    report = linter.lint_text((HEAD + f"'{body}'\n").encode())
    assert not [c for c in codes(report) if c.startswith("PG")]


@pytest.mark.parametrize("field, value", [
    ("target_grade", "1" + "0" * 5000),
    ("target_grade", "1.0e999999"),
    ("target_grade", ".nan"),
    ("target_grade", "-.inf"),
])
def test_absurd_yaml_numbers_are_findings(linter, field, value):
    report = linter.lint_text(f"title: A\nsources: [five-year-study]\n{field}: {value}\nsections:\n- heading: A\n  body: B\n")
    bad = [f for f in report.findings if f.code in ("PG002", "PG005")]
    assert bad and bad[0].line == 3


def test_odd_unicode_in_numbers_is_extracted_at_the_right_place(linter):
    body = "Rate ９２.７% here, ٤١ people, 10⁷ cells, 1\u00a0073 and 1\u2009073 and 4\u200b1, \u202bשלום 38 \u202c."
    report = linter.lint_text((HEAD + f'"{body}"\n').encode())
    assert not [c for c in codes(report) if c.startswith("PG")]
    for claim in report.claims:
        assert body[claim.start:claim.end] == claim.text
    texts = [c.text for c in report.claims]
    assert "９２.７%" in texts and "٤١" in texts


# --- sources -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_sources(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sources")
    shutil.copy(SEEDS / "004_a8e050c38ba956b1.txt", folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(b"  \n\n")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02 41 patients" * 10)
    (folder / "latin.txt").write_bytes(b"Caf\xe9: 41 patients took part.\n")
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_text("The secret number is 92.7%.\n")
    (folder / "escape.txt").symlink_to(secret)
    (folder / "sources.yaml").write_text("sources:\n  - id: evil\n    file: ../../etc/passwd\n")
    return folder


def page_citing(source: str) -> str:
    return f"title: A\nsources: ['{source}']\nsections:\n- heading: A\n  body: The secret number is 92.7%.\n"


@pytest.mark.parametrize("source, problem", [
    ("empty", "empty"), ("blank", "empty"), ("binary", "binary"), ("latin", "not UTF-8"),
])
def test_unusable_sources_are_src001_when_cited(hostile_sources, source, problem):
    report = Linter(hostile_sources).lint_text(page_citing(source))
    finding = only(report, "SRC001")
    assert problem in finding.message and source in finding.message
    assert finding.line == 2


@pytest.mark.parametrize("source", [
    "../../etc/passwd", "/etc/passwd", "..", "../seeds/good", "good/../../x", "C:\\Windows\\win.ini", "~/.ssh/id_rsa",
])
def test_source_paths_never_leave_the_folder(hostile_sources, source):
    report = Linter(hostile_sources).lint_text(page_citing(source))
    assert (only(report, "PG009").line, only(report, "PG009").column) == (2, 11)
    assert all(c.status != "supported" for c in report.claims)


def test_symlink_out_of_the_sources_folder_is_never_read(hostile_sources):
    linter = Linter(hostile_sources)
    report = linter.lint_text(page_citing("escape"))
    assert "outside the sources folder" in only(report, "PG009").message
    assert all(c.status != "supported" for c in report.claims)  # the secret's 92.7% is not evidence
    assert "92.7" not in linter.library.get("escape").text


def test_catalog_path_out_of_the_folder_is_not_followed(hostile_sources):
    linter = Linter(hostile_sources)
    assert "PG008" in codes(linter.lint_text(page_citing("evil")))
    assert any("passwd" in p for p in linter.library.problems)


def test_unknown_source_lists_the_known_ones(linter):
    finding = only(linter.lint_text(page_citing("no-such-study")), "PG008")
    assert "no-such-study" in finding.message and "five-year-study" in finding.message


# --- the command line, end to end --------------------------------------------------------------------------

def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "linter", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_cli_reports_every_file_of_a_hostile_mix(tmp_path):
    files = {
        "good.yaml": b"title: Survival\nsources: [five-year-study]\nsections:\n- heading: Survival\n"
                     b"  body: The 5-year survival rate was 92.7%.\n",
        "empty.yaml": b"",
        "invalid.yaml": b"title: [unclosed\n",
        "binary.yaml": bytes(range(256)),
        "latin1.yaml": b"title: caf\xe9\n",
        "list.yaml": b"- a\n- b\n",
        "wrong-types.yaml": b"title: 42\nsources: five\nsections: [1, null]\n",
        "evil.yaml": f"title: !!python/object/apply:os.system ['touch {tmp_path / 'pwned'}']\n".encode(),
        "bomb.yaml": ("a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
            f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("abcdefg", "bcdefgh"))).encode(),
        "deep.yaml": b"[" * 10_000,
        "passwd.yaml": page_citing("../../etc/passwd").encode(),
        "dupes.yaml": b"title: A\ntitle: B\nsources: [five-year-study]\nsections:\n- heading: A\n  body: B\n",
    }
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    paths = [str(tmp_path / name) for name in files]
    result = run_cli("--sources", str(SEEDS), "--format", "json", *paths)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    reports = {Path(r["path"]).name: r for r in json.loads(result.stdout)["files"]}
    assert set(reports) == set(files)
    for name, report in reports.items():
        if name != "good.yaml":
            assert any(f["severity"] == "error" for f in report["findings"]), name
    assert not (tmp_path / "pwned").exists()

    text = run_cli("--sources", str(SEEDS), *paths)
    assert text.returncode == 1 and "Traceback" not in text.stderr
    for name in files:
        if name != "good.yaml":
            assert f"{tmp_path / name}:" in text.stdout, name


def test_cli_missing_sources_folder_is_an_unusable_run(tmp_path):
    page = tmp_path / "p.yaml"
    page.write_text(page_citing("five-year-study"))
    result = run_cli("--sources", str(tmp_path / "no-such-folder"), str(page))
    assert result.returncode == 2
    assert "sources" in result.stderr and "Traceback" not in result.stderr


def test_unreadable_paths_are_pg001(linter, tmp_path):
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    for path in (folder, tmp_path / "missing.yaml"):
        finding = only(linter.lint_file(path), "PG001")
        assert "cannot read" in finding.message


def test_a_crashing_rule_is_a_finding_not_a_traceback(monkeypatch):
    """The safety net: whatever a rule does wrong, the writer gets a located finding and the page fails."""
    from linter import Linter
    from linter.rules import REGISTRY, load_rules

    load_rules()
    rule = REGISTRY["PL001"]

    def broken(ctx):
        raise ValueError("bug")

    monkeypatch.setitem(REGISTRY, "PL001", rule.__class__(**{**rule.__dict__, "check": broken}))
    report = Linter(Path(__file__).resolve().parent.parent / "seeds").lint_text(
        "title: T\nsources: [five-year-study]\nsections:\n- heading: H\n  body: Text.\n")
    crashed = [f for f in report.findings if f.code == "LNT001"]
    assert crashed and "PL001" in crashed[0].message
    assert not report.passed
