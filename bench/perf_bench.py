"""Speed and memory benchmark: the shipped pages, and 1,000 generated pages against about 1 MB of sources.

    .venv/bin/python bench/perf_bench.py            # full run (1,000 pages), writes bench/RESULTS.md
    .venv/bin/python bench/perf_bench.py --quick    # 100 pages, a smoke check (RESULTS.md untouched)

Every run is a fresh child process of the real CLI (`python -m linter ... --format json`), timed by wall clock,
with its peak memory read from the child's own rusage (ru_maxrss). Generated data lives in a temp folder:
the seeds are copied into a sources folder next to synthetic source files written in the seeds' style, and the
pages are filled from templates with numbers those sources state (some right, some wrong, some rounded).
Not part of the unit test suite; nothing here is downloaded.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"shipped_cold": 3.0, "cold_1000": 60.0, "warm_1000": 2.0, "scaling": 11.0, "peak_mb": 1500.0}

DISEASES = ["systemic sclerosis", "rheumatoid arthritis", "lupus", "interstitial lung disease", "Crohn's disease",
            "multiple sclerosis", "type 1 diabetes", "psoriatic arthritis", "myositis", "vasculitis"]
TREATMENTS = ["umbilical cord stem cells", "mesenchymal stem cells", "bone marrow stem cells", "methotrexate",
              "cyclophosphamide", "rituximab", "tocilizumab", "mycophenolate", "a placebo infusion", "physical therapy"]
PLACES = ["Nanjing", "Beirut", "Boston", "Lyon", "Madrid", "Toronto", "Sydney", "Kyoto", "Oslo", "Pune"]
SCORES = [("modified Rodnan skin score", "mRSS", "skin score"), ("disease activity score", "DAS28", "activity score"),
          ("health assessment questionnaire", "HAQ", "daily-life score"), ("forced vital capacity", "FVC", "breathing score")]
EVENTS = ["fever", "headache", "a rash", "infections", "nausea", "tiredness"]


def synthetic_source(rng: random.Random, n_paragraphs: int) -> tuple[str, list[dict]]:
    """A source in the seeds' style (abstract-like paragraphs, numbers in context, some references) and the
    facts it states, for pages to cite."""
    paragraphs, facts = [], []
    for _ in range(n_paragraphs):
        n = rng.randint(12, 400)
        alive = rng.randint(n // 2, n)
        years = rng.choice([1, 2, 3, 5, 10])
        disease, treatment, place = rng.choice(DISEASES), rng.choice(TREATMENTS), rng.choice(PLACES)
        long, short, plain = rng.choice(SCORES)
        before = round(rng.uniform(10, 40), 2)
        after = round(before - rng.uniform(1, 8), 2)
        events = rng.randint(0, n // 4)
        event = rng.choice(EVENTS)
        y1 = rng.randint(1998, 2015)
        pct = round(100 * alive / n, 1)
        paragraphs.append(
            f"Methods: {n} patients with {disease} received {treatment} at a university hospital in {place} from "
            f"{y1} to {y1 + rng.randint(2, 8)}. Results: The overall {years}-year survival rate was {pct}% "
            f"({alive} out of {n} patients). Following treatment, the mean {long} ({short}) decreased from "
            f"{before} at baseline to {after} at {years} years. {events} patients reported {event} after the "
            f"infusion, which resolved without treatment. No serious adverse events were observed in this cohort "
            f"[{rng.randint(1, 40)}].\n"
            f"Doe J, et al. ({y1 + 1}) Stem cells in {disease}. J Clin Med {rng.randint(1, 30)}({rng.randint(1, 12)}):"
            f"{rng.randint(100, 900)}-{rng.randint(901, 999)}. doi:10.{rng.randint(1000, 9999)}/jcm.{rng.randint(10000, 99999)}\n")
        facts.append(dict(n=n, alive=alive, pct=pct, years=years, disease=disease, treatment=treatment, place=place,
                          plain=plain, short=short, before=before, after=after, events=events, event=event, y1=y1))
    return "\n".join(paragraphs), facts


FILLER = [
    "Doctors use this score to see how a disease changes over time.",
    "A lower score is better.",
    "This page explains what the study found, in plain words.",
    "Talk to your doctor before you change any treatment.",
    "The study did not have a comparison group, so it cannot show that the treatment caused these changes.",
    "Small studies can give results that change when more people are studied.",
    "Side effects are problems caused by a treatment.",
    "Some people in the study also kept taking their usual medicines.",
    "The doctors looked back at old records to find these results.",
    "Ask your care team what these results mean for you.",
]


def claim_sentences(rng: random.Random, f: dict) -> list[str]:
    """Sentences about one fact, with a right, wrong or rounded number (about 1 in 4 wrong)."""
    def maybe_wrong(value, step=1):
        return value + step * rng.choice([1, 2, 3]) if rng.random() < 0.25 else value
    pct = maybe_wrong(f["pct"], 0.5)
    alive = maybe_wrong(f["alive"])
    return [
        f"The study followed {f['n']} patients with {f['disease']} who got {f['treatment']}.",
        f"They were treated in {f['place']} from {f['y1']} onwards.",
        f"After {f['years']} years, {pct}% of patients were still alive.",
        f"This means {alive} out of {f['n']} patients were alive.",
        f"The average {f['plain']} went down from {maybe_wrong(f['before'], 0.5)} to {f['after']}.",
        f"{f['events']} people had {f['event']} after the treatment.",
        f"About {round(f['pct'])}% of people lived for at least {f['years']} years.",
    ]


def make_page(rng: random.Random, source_id: str, facts: list[dict], seed_ids: list[str]) -> str:
    picks = rng.sample(facts, 2)
    sections = []
    for i, f in enumerate(picks):
        body = claim_sentences(rng, f)
        rng.shuffle(body)
        text = []
        for s in body:
            text.append(s)
            text.extend(rng.sample(FILLER, 1))
        sections.append({"heading": f"What study {i + 1} found", "body": " ".join(text)})
    sections.append({"heading": "What this means for you", "body": " ".join(rng.sample(FILLER, 5))})
    data = {
        "title": f"Stem cells for {picks[0]['disease']}: what one study found",
        "summary": f"This page explains a study of {picks[0]['disease']}. " + " ".join(rng.sample(FILLER, 3)),
        "sources": [source_id] + ([rng.choice(seed_ids)] if rng.random() < 0.3 else []),
        "target_grade": 8,
        "sections": sections,
        "glossary": [{"term": "survival rate", "definition": "How many people were still alive after some time."},
                     {"term": picks[0]["plain"], "definition": "A number doctors use to measure the disease."}],
    }
    return yaml.safe_dump(data, sort_keys=False, width=100)


def generate(folder: Path, pages: int, source_bytes: int = 1_000_000, n_sources: int = 20, seed: int = 8) -> dict:
    """Sources folder (seeds + synthetic, about `source_bytes` in all) and `pages` pages under `folder`."""
    rng = random.Random(seed)
    src, out = folder / "sources", folder / "pages"
    shutil.copytree(ROOT / "seeds", src)
    out.mkdir()
    catalog = yaml.safe_load((src / "sources.yaml").read_text(encoding="utf-8"))
    seed_ids = [e["id"] for e in catalog["sources"]]
    per_source = max(1, (source_bytes - sum(p.stat().st_size for p in src.iterdir())) // n_sources)
    all_facts = {}
    for i in range(n_sources):
        text, facts = "", []
        while len(text.encode()) < per_source:
            more, more_facts = synthetic_source(rng, 20)
            text += "\n" + more
            facts += more_facts
        name = f"synthetic-{i:03}"
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
        catalog["sources"].append({"id": name, "file": f"{name}.txt", "title": f"Synthetic study collection {i}",
                                   "year": 2020})
        all_facts[name] = facts
    (src / "sources.yaml").write_text(yaml.safe_dump(catalog, sort_keys=False), encoding="utf-8")
    names = sorted(all_facts)
    words = 0
    for p in range(pages):
        name = names[p % len(names)]
        text = make_page(rng, name, all_facts[name], seed_ids)
        words += len(text.split())
        (out / f"page-{p:04}.yaml").write_text(text, encoding="utf-8")
    return {"sources": src, "pages": out, "words": words,
            "source_bytes": sum(p.stat().st_size for p in src.iterdir())}


def run_measured(argv: list[str], cwd: Path = ROOT) -> dict:
    """Run one child process: wall and CPU seconds, and its own peak RSS from os.wait4 (ru_maxrss is KB on Linux)."""
    start = time.perf_counter()
    out_f, err_f = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=out_f, stderr=err_f)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    out_f.seek(0), err_f.seek(0)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024,
            "rc": proc.returncode, "out": out_f.read(), "err": err_f.read().decode(errors="replace")}


def lint(python: str, paths: list[str], sources: Path, cache: Path | None) -> dict:
    argv = [python, "-m", "linter", *paths, "--sources", str(sources), "--format", "json", "--no-progress",
            "--isolated"]
    argv += ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    r = run_measured(argv)
    if r["rc"] not in (0, 1):
        sys.exit(f"linter failed ({r['rc']}): {r['err'][-2000:]}")
    return r


def median_run(run, times: int = 3) -> dict:
    """Short runs are at the mercy of a shared machine's noise: the median of three, each a fresh process."""
    runs = sorted((run() for _ in range(times)), key=lambda r: r["wall"])
    return runs[len(runs) // 2]


FLOOR = """
import sys, time, yaml
from pathlib import Path
from linter.nlp import load_nlp
nlp = load_nlp()  # the same components the linter runs
texts = []
for p in sorted(Path(sys.argv[1]).glob("*.yaml")):
    data = yaml.load(p.read_text(), Loader=yaml.CSafeLoader)
    texts += [data["title"], data["summary"]] + [s["heading"] + ". " + s["body"] for s in data["sections"]]
for doc in nlp.pipe(texts, batch_size=64):
    pass
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="100 pages only; do not write RESULTS.md")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--python", default=str(ROOT / ".venv/bin/python"))
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    args = parser.parse_args()
    big = 100 if args.quick else args.pages
    tmp = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="perf-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    rows, checks = [], []
    try:
        lint(args.python, [str(ROOT / "explainers")], ROOT / "seeds", None)  # compiles .pyc files, as an install does
        shipped = median_run(lambda: lint(args.python, [str(ROOT / "explainers")], ROOT / "seeds", None))
        rows.append(("shipped pages (6), cold process, no cache", shipped, None))
        checks.append(("shipped pages cold ≤ 3 s", shipped["wall"] <= TARGETS["shipped_cold"]))

        small_dir, big_dir = tmp / "small", tmp / "big"
        for d in (small_dir, big_dir):
            if d.exists():
                shutil.rmtree(d)
            d.mkdir()
        small = generate(small_dir, 100)
        gen = generate(big_dir, big) if big != 100 else small
        cache = tmp / "cache"
        shutil.rmtree(cache, ignore_errors=True)

        r100 = lint(args.python, [str(small["pages"])], small["sources"], None)
        rows.append((f"100 pages, {small['source_bytes'] / 1e6:.2f} MB sources, cold, no cache", r100, small))
        if big != 100:
            rbig = lint(args.python, [str(gen["pages"])], gen["sources"], None)
            rows.append((f"{big} pages, cold, no cache", rbig, gen))
        else:
            rbig = r100
        fill = lint(args.python, [str(gen["pages"])], gen["sources"], cache)
        rows.append((f"{big} pages, cold, filling the cache", fill, gen))
        warm = median_run(lambda: lint(args.python, [str(gen["pages"])], gen["sources"], cache))
        rows.append((f"{big} pages again, nothing changed (warm cache)", warm, gen))
        if json.loads(warm["out"]) != json.loads(rbig["out"]):
            sys.exit("the cached run's output differs from the uncached run's")
        floor = run_measured([args.python, "-c", FLOOR, str(gen["pages"])])
        if floor["rc"] != 0:
            sys.exit(floor["err"])
        rows.append((f"floor: bare spaCy pass over the same {big} pages' text", floor, gen))

        checks.append((f"{big} pages cold ≤ 60 s", rbig["wall"] <= TARGETS["cold_1000"]))
        checks.append((f"{big} pages warm ≤ 2 s", warm["wall"] <= TARGETS["warm_1000"]))
        if big != 100:
            checks.append((f"{big} pages ≤ 11× the time of 100", rbig["wall"] <= TARGETS["scaling"] * r100["wall"]))
        checks.append((f"peak memory ≤ 1.5 GB", max(r["peak_mb"] for _, r, _ in rows) <= TARGETS["peak_mb"]))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    lines = ["| run | wall s | CPU s | peak MB | pages/s | words/s |", "|---|---:|---:|---:|---:|---:|"]
    for label, r, g in rows:
        n = int(label.split()[0]) if label[0].isdigit() else (big if g else 6)
        words = g["words"] * n // (big if g is gen else 100) if g else 5940
        lines.append(f"| {label} | {r['wall']:.2f} | {r['cpu']:.2f} | {r['peak_mb']:.0f} | {n / r['wall']:.0f} | "
                     f"{words / r['wall']:.0f} |")
    ratio = rbig["wall"] / floor["wall"]
    table = "\n".join(lines)
    summary = [f"linter / bare spaCy (cold, {big} pages): {ratio:.1f}×"]
    if big != 100:
        summary.append(f"scaling: {big} pages took {rbig['wall'] / r100['wall']:.1f}× the time of 100")
    summary += [f"{'PASS' if ok else 'MISS'}  {name}" for name, ok in checks]
    print(table)
    print("\n".join(summary))
    if not args.quick:
        header = (f"# Benchmark results\n\nMeasured by `bench/perf_bench.py` on {os.cpu_count()} cores, "
                  f"{time.strftime('%Y-%m-%d')}, Python {sys.version.split()[0]}. Wall and CPU seconds of a fresh "
                  "child process of the CLI; peak MB is that child's ru_maxrss. Generated pages: about 400 words, "
                  "15 claims each; sources: the seeds plus synthetic sources, "
                  f"{gen['source_bytes'] / 1e6:.2f} MB in all.\n\n")
        results = ROOT / "bench" / "RESULTS.md"
        # Sections other tools or reviewers keep in the file ("## ..." after the speed table) stay as they are.
        kept = results.read_text(encoding="utf-8") if results.exists() else ""
        kept = kept[kept.index("\n## "):] if "\n## " in kept else ""
        results.write_text(header + table + "\n\n" + "\n".join(f"- {s}" for s in summary) + "\n" + kept,
                           encoding="utf-8")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
