"""The hostile corpus (bench/hostile_bench.py) stays within the stated budget: every case under 5 s of CPU and
1 GB, with no traceback. Slow (a fresh process per case), so it runs once, as CI does."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_hostile_input_lints_within_the_budget():
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "hostile_bench.py"), "--check"], capture_output=True,
                         text=True, timeout=3600)
    over = [line for line in run.stdout.splitlines() if "<--" in line]
    assert run.returncode == 0 and not over, "\n".join(over) or run.stdout[-3000:] + run.stderr[-3000:]
    assert "budget: every case under 5 s CPU and 1000 MB, no traceback: PASS" in run.stdout
