"""Benchmark: the demo village step by step in one process (not a test) — where `demo --members N` spends its time.

Run: python bench/bench_demo_steps.py [--members 10000] [--seed 1]

Generated as `demo` does it (app/demo/at_once.py): a scratch database with the scratch pragmas, the garbage
collector resting; each of DEMO_STEPS timed with time.process_time (CPU) and perf_counter (wall). The roster line
is make_demo's own work before the steps. The whole command, as a process: bench/bench_roster_cli.py.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from app.db.database import Database
    from app.demo import village
    from app.demo.at_once import scratch_engine

    times: dict[str, tuple[float, float]] = {}

    def timed(name: str, step: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
        def run(*a: Any) -> dict[str, Any]:
            cpu, wall = time.process_time(), time.perf_counter()
            out = step(*a)
            times[name] = (time.process_time() - cpu, time.perf_counter() - wall)
            return out

        return run

    for spec in village.DEMO_STEPS:
        module_name, name = spec.split(":")
        module = importlib.import_module(module_name)
        setattr(module, name, timed(name, getattr(module, name)))

    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "data")
        scratch_engine(db.engine)
        gc.disable()
        cpu, wall = time.process_time(), time.perf_counter()
        summary = village.make_demo(db, members=args.members, seed=args.seed)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        gc.enable()
        db.close()
    load = os.getloadavg()[0]
    print(f"demo village of {args.members} members in one process (load average {load:.2f}):")
    print(f"  {'step':<22}{'CPU (s)':>9}{'wall (s)':>10}")
    roster_cpu = cpu - sum(c for c, _w in times.values())
    roster_wall = wall - sum(w for _c, w in times.values())
    print(f"  {'roster':<22}{roster_cpu:>9.2f}{roster_wall:>10.2f}")
    for name, (c, w) in times.items():
        print(f"  {name:<22}{c:>9.2f}{w:>10.2f}")
    print(f"  {'total':<22}{cpu:>9.2f}{wall:>10.2f}")
    print("  " + ", ".join(f"{k} {v}" for k, v in summary.items()))


if __name__ == "__main__":
    main()
