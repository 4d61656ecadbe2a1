"""Hostile-corpus benchmark: every kind of input the red team used, generated at the limits, must lint within the
stated budget (BUDGET below; docs/limits.md states it) with no traceback.

    .venv/bin/python bench/hostile_bench.py              # every case; writes the table into bench/RESULTS.md
    .venv/bin/python bench/hostile_bench.py --check      # every case; exit 1 if one is over budget (CI)
    .venv/bin/python bench/hostile_bench.py --only dots   # the cases whose name contains 'dots'

Each case runs in a fresh child process that first warms the linter up on a plain page (spaCy, vocabulary and
syllable table loaded: start-up is the same for every input and is measured once, separately), then lints the
case: a page, or a sources folder (catalog and sources) read and a page citing it linted, or the command line on
a special file. The child reports the case's wall and CPU seconds and its peak memory (ru_maxrss: the whole
process, start-up included). Nothing here is downloaded; the corpus is generated in a temp folder.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = {"seconds": 5.0, "peak_mb": 1000.0}  # per input within the limits, on 2 cores; start-up not included
SEEDS = ROOT / "seeds"
PAGE_LIMIT = 500_000  # bytes (max_file_bytes)
TOKEN_LIMIT = 20_000  # words and marks in a page's text (max_page_tokens)
_TOKEN = re.compile(r"\w+|[^\w\s]")
SOURCE_LIMIT = 5_000_000  # bytes (max_source_bytes)
HEAD = "title: A page\nsources: [five-year-study]\nsections:\n"
PLAIN = ("After some years, most people in the study were still alive. Their skin got softer and they could move "
         "more easily. The doctors did not see any serious harm from the treatment. ")
WORDS = ["the", "people", "study", "skin", "score", "lung", "year", "were", "alive", "after", "doctors", "treatment"]
FUZZ_UNITS = ["1", "1,", "1.", ".", ",", " ", "(", ")", "[", "]", "1 ", "? ", "et al 2020 ", "Ab2020", "(Ab2020",
              "a. ", "A. ", "of ", "1 of ", "1-", "- ", "1/", "%", "1 in ", "the ", "Hello world. ", "10^", "1e",
              "Smith, J., ", "1 (1): ", "x", "-1", "year ", "1 year ", "respectively ", "ILD ", "IL-6 ", "[a](", "**",
              "# ", "\u00a0", "\u2009", "٣", "92.7% ", "38 out of 41 ", "NCT00000000 ", "doi:10.1000/x ", "…", "“",
              "↑", "Fig. 1 ", "No. 5 ", "approx. ", "e.g. "]


def fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def body_page(body: str, head: str = HEAD) -> str:
    """A page whose one section body is `body`, as a YAML block scalar (every line indented), cut to the size
    limit."""
    lines = body.split("\n")
    page = head + "  - heading: Results\n    body: |-\n" + "".join(f"      {line}\n" for line in lines)
    while len(page.encode("utf-8")) > PAGE_LIMIT - 100:
        page = page[: PAGE_LIMIT - 100 - (len(page.encode("utf-8")) - len(page)) - 64]
        page = page[: page.rfind("\n") + 1] if "\n" in page[-200_001:] else page
    return page


def sized_body_page(unit: str, budget: int = PAGE_LIMIT - 2_000, line: int = 0) -> str:
    """A page as large as the limits allow: its body `unit` repeated up to the byte limit or, before that, up to
    just under the limit on words and marks (max_page_tokens), in lines of `line` characters, if given."""
    return body_page(under_token_limit(unit * (budget // len(unit)), line))


def under_token_limit(text: str, line: int = 0) -> str:
    """`text` cut to just under the limit on words and marks, in lines of `line` characters, if given."""
    while len(_TOKEN.findall(text)) > TOKEN_LIMIT - 500:
        text = text[: len(text) * 9 // 10]
    if line:
        text = "\n".join(text[i:i + line] for i in range(0, len(text), line))
    return text


def fuzz(seed: int, size: int, units=FUZZ_UNITS) -> str:
    rng = random.Random(seed)
    out, n = [], 0
    while n < size:
        unit = rng.choice(units) * rng.choice([1, 1, 1, 2, 5, 50, 500])
        out.append(unit)
        n += len(unit)
    return "".join(out)[:size]


def yaml_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


# --- the corpus ---------------------------------------------------------------------------------------------

def page_cases() -> dict[str, str]:
    paragraphs = "\n\n".join(PLAIN * 3 for _ in range(1000))
    aliased = "t: &t " + yaml_quoted(" ".join(WORDS[i % len(WORDS)] for i in range(7000))) + "\n"
    rng = random.Random(15)
    acronyms = " ".join("".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(rng.randint(2, 5)))
                        for _ in range(60_000))
    glossary = "glossary:\n" + "".join(f"  - term: term{i} word\n    definition: A plain word number {i}.\n"
                                       for i in range(600))
    cases = {
        "page: over the limit on words (plain English at the byte limit)": body_page(paragraphs[:PAGE_LIMIT]),
        "page: over the limit on words ('? ? ?' at the byte limit)": body_page(fill("? ", 190_000)),
        "page: plain English in short paragraphs, at the limits": sized_body_page(PLAIN * 3 + "\n\n"),
        "page: 600 glossary terms and plain English": glossary + sized_body_page(PLAIN, budget=40_000, line=180),
        "page: plain English, one paragraph": sized_body_page(PLAIN, line=180),
        "page: plain English, one line": sized_body_page(PLAIN, line=190_000),
        "page: one 20,000-digit run": body_page("Survival was " + "9" * 20_000 + "% after five years."),
        "page: a 190,000-digit line": body_page("1" * 190_000),
        "page: 40,000 dots": body_page("." * 40_000),
        "page: dots at the limits": sized_body_page(".", line=190_000),
        "page: 40 KB of text aliased by 50 sections": aliased + HEAD + "".join(
            f"  - heading: Part {i}\n    body: *t\n" for i in range(50)),
        "page: '? ? ?' at the limits": sized_body_page("? ", line=190_000),
        "page: commas at the limits": sized_body_page(",", line=190_000),
        "page: '1,1,1' at the limits": sized_body_page("1,", line=190_000),
        "page: '1 1 1' (numbers over the limit)": sized_body_page("1 ", line=190_000),
        "page: spaces inside a quoted line": HEAD + "  - heading: Results\n    body: " +
        yaml_quoted("a" + " " * 190_000 + "b.") + "\n",
        "page: opening parentheses": sized_body_page("(", line=190_000),
        "page: unclosed brackets": sized_body_page("[", line=190_000),
        "page: unclosed markdown links": sized_body_page("[a](", line=190_000),
        "page: 'et al 2020' repeated": sized_body_page("et al 2020 ", budget=490 * 11, line=190_000),
        "page: 'Hello world. ' sentences on one line": sized_body_page("Hello world. ", line=190_000),
        "page: one long word": sized_body_page("a", line=190_000),
        "page: hyphenated capitals": sized_body_page("A-", line=190_000),
        "page: thousands of different acronyms": body_page(under_token_limit(acronyms, 180)),
        "page: jargon on every line": sized_body_page("interstitial lung disease and pulmonary fibrosis. ",
                                                      line=180),
        "page: 490 percentages in one long sentence": sized_body_page("92.7% of " + "people " * 35,
                                                                      budget=490 * 254, line=180),
        "page: percentages without frequencies": sized_body_page("It was 92.7% then. ", budget=490 * 19, line=180),
        "page: nested lists at the nesting limit": "title: A\nsources: [five-year-study]\nsections: " + "[" * 63
        + "]" * 63 + "\n",
        "page: 50,000 YAML nodes": HEAD + "".join(f"  - heading: H{i}\n    body: b\n" for i in range(15_000)),
    }
    for seed in range(4):
        cases[f"page: fuzz {seed}"] = body_page(under_token_limit(fuzz(seed, 150_000).replace("\n", " "), 180))
    wordy = [u for u in FUZZ_UNITS if not any(c.isdigit() for c in u)]
    for seed in range(3):
        cases[f"page: fuzz without digits {seed}"] = body_page(
            under_token_limit(fuzz(seed, 150_000, wordy).replace("\n", " "), 180))
    return cases


CITING_PAGE = HEAD + "  - heading: Results\n    body: After 5 years, 92.7% of the 41 patients were still alive.\n"


def source_cases() -> dict[str, str]:
    prose, n = [], 0
    rng = random.Random(5)
    while n < SOURCE_LIMIT - 1000:
        k = rng.randint(12, 400)
        line = (f"Methods: {k} patients received stem cells in {rng.randint(1998, 2015)}. The overall 5-year survival "
                f"rate was {round(rng.uniform(50, 99), 1)}% ({rng.randint(1, k)} out of {k} patients). Smith et al "
                f"({rng.randint(1990, 2020)}) reported 12.3 (SD = 4.5, n = {k}) at 1, 3 and 5 years, respectively.\n")
        prose.append(line)
        n += len(line)
    size = SOURCE_LIMIT - 1000
    return {
        "source: prose with numbers, just under the limits": under_source_limits("".join(prose)),
        "source: 'Hello world. ', just under the limits": under_source_limits(fill("Hello world. ", size)),
        "source: '1 1 1', just under the limits": under_source_limits(fill("1 ", size)),
        "source: numbers in words, just under the limits": under_source_limits(fill("one two three ", size)),
        "source: '1 1 1' at the limits": fill("1 ", size),
        "source: citation noise 'Ab2020' x 40": "The study was cited here (" + "Ab2020" * 40 + "\n",
        "source: citation noise 'Ab2020' at the limits": "The study was cited here (" + fill("Ab2020", size),
        "source: one line of 'et al 2020' x 800": "et al 2020 " * 800 + "\n",
        "source: 'et al 2020' at the limits": fill("et al 2020 ", size),
        "source: '? ? ?' at the limits": fill("? ", size),
        "source: 'a. ' sentences at the limits": fill("a. ", size),
        "source: 'Hello world. ' at the limits": fill("Hello world. ", size),
        "source: prose with numbers at the limits": "".join(prose)[:size],
        "source: one digit run": fill("1", size),
        "source: dots": fill(".", size),
        "source: commas": fill(",", size),
        "source: '1,1,1'": fill("1,", size),
        "source: spaces between two numbers": "5 patients" + " " * (size - 40) + "and 3 patients.",
        "source: parentheses": fill("(", size),
        "source: unclosed brackets": fill("[1,", size),
        "source: hyphenated capitals": fill("A-", size),
        "source: 'Smith, J., ' repeated": fill("Smith, J., ", size),
        "source: reference list lines": fill("12. Le Blanc K, Smith J. Title. J Med 2020;1:1-2.\n", size),
        "source: 'respectively' lists": fill("13.95, 13.29 and 12.39 at 1, 3 and 5 years, respectively. ", size),
        "source: abbreviations": fill("interstitial lung disease (ILD) ", size),
        "source: fuzz 0": fuzz(100, size),
        "source: fuzz 1": fuzz(101, size),
    }


def under_source_limits(text: str) -> str:
    """`text` cut to just under the limits on a source's numbers and sentences (max_source_numbers and
    max_source_sentences, counted as linter.sources counts them before reading a source)."""
    from linter import sources
    from linter.settings import SETTINGS

    limits = SETTINGS["limits"]
    while (sources._COUNTABLE.subn("", text)[1] > limits["max_source_numbers"] - 100
           or sources._SENTENCE_MARK.subn("", text)[1] + text.count("\n") > limits["max_source_sentences"] - 100):
        text = text[: len(text) * 9 // 10]
    return text


def catalog_cases() -> dict[str, str]:
    def bomb(field: str) -> str:
        lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
        for i in range(8):
            prev, name = chr(97 + i), chr(98 + i)
            lines.append(f"{name}: &{name} [" + ",".join(f"*{prev}" for _ in range(9)) + "]")
        return "\n".join(lines) + f"\nsources:\n  - file: 004_a8e050c38ba956b1.txt\n    {field}: *i\n"

    return {
        "catalog: 20,000-deep nesting": "[" * 20_000 + "]" * 20_000,
        "catalog: alias bomb in an id": bomb("id"),
        "catalog: alias bomb in a title": bomb("title"),
        "catalog: 40 KB title aliased 50 times": "t: &t " + "x" * 40_000 + "\nsources:\n" + "".join(
            f"  - file: f{i}.txt\n    title: *t\n" for i in range(50)),
        "catalog: at the size limit, 10,000 entries": "sources:\n" + "".join(
            f"  - file: f{i}.txt\n    id: source-{i}\n    title: {fill('A title ', 60)}\n" for i in range(10_000)),
        "catalog: over the size limit": "sources:\n  - {file: x.txt, title: " + "y" * 1_100_000 + "}\n",
    }


def write_corpus(folder: Path) -> list[dict]:
    """The corpus on disk; one dict per case: name, kind, page, sources (and what the case needs)."""
    cases = []
    seeds = folder / "seeds"
    shutil.copytree(SEEDS, seeds)
    hostile = folder / "hostile-seeds"  # every hostile source, none cited: they must cost nothing
    shutil.copytree(SEEDS, hostile)
    (folder / "pages").mkdir()
    for i, (name, text) in enumerate(page_cases().items()):
        page = folder / "pages" / f"page-{i:02d}.yaml"
        page.write_text(text, encoding="utf-8")
        cases.append({"name": name, "kind": "page", "page": str(page), "sources": str(seeds)})
    for i, (name, text) in enumerate(source_cases().items()):
        data = text.encode("utf-8")[:SOURCE_LIMIT]
        sources = folder / f"sources-{i:02d}"
        shutil.copytree(SEEDS, sources)
        (sources / "hostile.txt").write_bytes(data)
        (hostile / f"hostile-{i:02d}.txt").write_bytes(data)
        page = sources / "citing.yaml.page"
        page.write_text(CITING_PAGE.replace("[five-year-study]", "[five-year-study, hostile]"), encoding="utf-8")
        cases.append({"name": name, "kind": "source", "page": str(page), "sources": str(sources)})
    page = folder / "citing.yaml"
    page.write_text(CITING_PAGE, encoding="utf-8")
    cases.append({"name": f"sources: all {len(source_cases())} hostile sources in the folder, none cited",
                  "kind": "source", "page": str(page), "sources": str(hostile)})
    for i, (name, text) in enumerate(catalog_cases().items()):
        sources = folder / f"catalog-{i:02d}"
        shutil.copytree(SEEDS, sources)
        (sources / "sources.yaml").write_text(text, encoding="utf-8")
        cases.append({"name": name, "kind": "source", "page": str(page), "sources": str(sources)})
    fifo_dir = folder / "fifo"
    fifo_dir.mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(fifo_dir / "pipe.yaml")
        cases.append({"name": "cli: a FIFO in the pages folder", "kind": "cli", "args": [str(fifo_dir)]})
    if Path("/dev/zero").exists():
        cases.append({"name": "cli: /dev/zero named as a page", "kind": "cli", "args": ["/dev/zero"]})
    links = folder / "links"
    links.mkdir()
    (links / "out.yaml").symlink_to("/etc/passwd")
    (links / "big.yaml").symlink_to(folder / "pages" / "page-00.yaml")
    cases.append({"name": "cli: links out of the pages folder", "kind": "cli", "args": [str(links)]})
    return cases


# --- running one case (in a child process) -------------------------------------------------------------------

def run_case(case: dict) -> dict:
    from linter import cli
    from linter.api import Linter

    warm = Linter(SEEDS)
    warm.lint_text(CITING_PAGE)  # loads spaCy, the vocabulary, the syllable table
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    if case["kind"] == "cli":
        with open(os.devnull, "w") as sink:
            saved = sys.stdout
            sys.stdout = sink
            try:
                code = cli.main([*case["args"], "--sources", str(SEEDS), "--isolated", "--no-cache", "--no-progress"])
            finally:
                sys.stdout = saved
        findings = code
    else:
        linter = Linter(case["sources"]) if case["kind"] == "source" else warm
        report = linter.lint_file(case["page"])
        findings = sorted({f.code for f in report.findings})
    wall, cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"wall": wall, "cpu": cpu, "peak_mb": peak_mb, "result": findings}


def child(case: dict, timeout: float) -> dict:
    start = time.perf_counter()
    try:
        run = subprocess.run([sys.executable, __file__, "--child", json.dumps(case)], capture_output=True, text=True,
                             timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})
    except subprocess.TimeoutExpired:
        return {"name": case["name"], "error": f"no answer in {timeout:.0f} s", "wall": timeout, "cpu": timeout,
                "peak_mb": 0.0}
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if run.returncode != 0 or not lines or "Traceback" in run.stderr:
        return {"name": case["name"], "error": (run.stderr.strip().splitlines() or ["no output"])[-1][:200],
                "wall": time.perf_counter() - start, "cpu": 0.0, "peak_mb": 0.0}
    return {"name": case["name"], **json.loads(lines[-1])}


def startup() -> dict:
    """Start-up of a child process up to a warm linter (every case pays it once, whatever its input)."""
    code = ("import time,resource;t=time.perf_counter();from linter.api import Linter;"
            f"Linter({str(SEEDS)!r}).lint_text({CITING_PAGE!r});"
            "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    seconds, mb = map(float, run.stdout.split())
    return {"wall": seconds, "peak_mb": mb}


def over_budget(result: dict) -> str:
    if result.get("error"):
        return result["error"]
    if result["cpu"] > BUDGET["seconds"]:  # CPU, not wall: other work on a shared machine must not fail the budget
        return f"{result['cpu']:.2f} s CPU"
    if result["peak_mb"] > BUDGET["peak_mb"]:
        return f"{result['peak_mb']:.0f} MB"
    return ""


def table(results: list[dict], start: dict) -> str:
    rows = ["| case | wall s | CPU s | peak MB | result |", "|---|---:|---:|---:|---|"]
    for r in results:
        outcome = r.get("error") or (", ".join(r["result"]) if isinstance(r.get("result"), list) else
                                     f"exit {r.get('result')}") or "no finding"
        rows.append(f"| {r['name']} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['peak_mb']:.0f} | "
                    f"{'OVER BUDGET: ' if over_budget(r) else ''}{outcome} |")
    worst_cpu = max(results, key=lambda r: r["cpu"])
    worst_mem = max(results, key=lambda r: r["peak_mb"])
    return (f"Start-up to a warm linter (paid once per process, whatever the input): {start['wall']:.2f} s, "
            f"{start['peak_mb']:.0f} MB.\n\n" + "\n".join(rows) +
            f"\n\n- worst CPU: {worst_cpu['cpu']:.2f} s ({worst_cpu['name']})\n"
            f"- worst peak memory: {worst_mem['peak_mb']:.0f} MB ({worst_mem['name']})\n"
            f"- budget: every case under {BUDGET['seconds']:.0f} s CPU and {BUDGET['peak_mb']:.0f} MB, no traceback: "
            f"{'PASS' if not any(over_budget(r) for r in results) else 'FAIL'}\n")


def write_results(text: str) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    old = path.read_text(encoding="utf-8")
    marker = "\n## Hostile corpus"
    kept = old.split(marker)[0].rstrip("\n")
    stamp = time.strftime("%Y-%m-%d")
    path.write_text(f"{kept}\n{marker.strip()}\n\nMeasured by `bench/hostile_bench.py` on {os.cpu_count()} cores, "
                    f"{stamp}, Python {sys.version.split()[0]}. Each case: a fresh child process, warmed up on a plain "
                    f"page, then the case alone (wall and CPU seconds of the case; peak memory of the whole process).\n\n"
                    f"{text}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 if a case is over budget; RESULTS.md untouched")
    parser.add_argument("--only", metavar="TEXT", help="only the cases whose name contains TEXT")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        try:
            print(json.dumps(run_case(json.loads(args.child))))
        except BaseException:
            traceback.print_exc()
            return 1
        return 0
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        cases = write_corpus(Path(tmp))
        if args.only:
            cases = [c for c in cases if args.only in c["name"]]
        start = startup()
        results = []
        for case in cases:
            result = child(case, timeout=60)
            problem = over_budget(result)
            print(f"{result['wall']:7.2f} s {result['cpu']:7.2f} CPU {result['peak_mb']:6.0f} MB  {case['name']}"
                  + (f"  <-- {problem}" if problem else ""), flush=True)
            results.append(result)
    report = table(results, start)
    print(report)
    if not args.check and not args.only:
        write_results(report)
    return 1 if any(over_budget(r) for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
