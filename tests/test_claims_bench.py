"""The fact-check's verdicts on the benchmark case sets, scored by the shared scorer: CI fails if a change makes
the linter miss a wrong number or flag a right one beyond the bar (every wrong number flagged, at most 5% of
right ones)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "bench"
CASE_SETS = [SHARED / "claims-dev.yaml", *sorted((ROOT / "bench").glob("claims-*.yaml"))]
# A held-out set that does not meet the bar yet is held to what it measured, so it can only get better.
# claims-holdout2: 31 of 33 wrong numbers flagged. Missed: a share read across a flattened table (k55) and
# three rounds of plasma exchange moved from one study to another in a news article that covers both (k67).
# claims-holdout4: 26 of 28, and 8 of 105 right numbers flagged. Missed: the arthritis study's 172 given to
# "skin hardening" (p58, p64); flagged: plain paraphrases whose only shared words are generic, "one of the two",
# and a wrong "6 of the 8" whose right "8" the scorer counts apart.
# claims-holdout6: 21 of 23. Missed: the group's total given as the number with colds (r42), and the cohort
# size given as the number still alive (r44).
FLOORS = {"claims-holdout2": (0.93, 0.05), "claims-holdout4": (0.92, 0.08), "claims-holdout6": (0.91, 0.05)}


@pytest.mark.parametrize("cases", CASE_SETS, ids=lambda p: p.stem)
def test_case_set_passes_the_shared_scorer(cases):
    if not (SHARED / "claims_bench.py").is_file():
        pytest.skip("../shared/bench is not next to this checkout")
    floors = FLOORS.get(cases.stem)
    bars = ["--min-detect", str(floors[0]), "--max-false-alarm", str(floors[1])] if floors else []
    done = subprocess.run([sys.executable, str(SHARED / "claims_bench.py"), str(cases), "--python", sys.executable,
                           "-v", *bars], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
