"""Benchmark: demo village generation and roster listing at 300 / 2,000 / 10,000 members (not a test).

Run: python bench/bench_roster_cli.py [--sizes 300,2000,10000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="300,2000,10000")
    args = parser.parse_args()
    print(f"{'members':>8} {'demo (s)':>9} {'roster list --json (s)':>23} {'check (s)':>10}")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            data = str(Path(tmp) / "data")
            base = [sys.executable, "-m", "app", "--data-dir", data]
            demo = timed([*base, "demo", "--members", str(size)])
            listing = timed([*base, "roster", "list", "--json"])
            check = timed([*base, "check"])
            print(f"{size:>8} {demo:>9.2f} {listing:>23.2f} {check:>10.2f}")


if __name__ == "__main__":
    main()
