"""Benchmark of 服务群众: 2,000 members, 6,000 households, a year of ~20,000 visits and ~3,000 requests.

Run: QT_QPA_PLATFORM=offscreen /work/main/.venv/bin/python bench/bench_service.py [--members 2000]
Targets (issue 17): each tab of the 服务群众 page opens < 0.3 s; `service stats` for a year < 0.5 s;
household import of 6,000 rows < 5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app import demo  # noqa: E402
from app.db.database import Database  # noqa: E402
from app.demo.service import demo_service  # noqa: E402
from app.services.residents import household_import, stats  # noqa: E402


def timed(label: str, action: object, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    print(f"{label}: median {statistics.median(times):.3f} s, max {max(times):.3f} s")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    args = parser.parse_args()
    today = dt.date.today()
    root = Path(tempfile.mkdtemp(prefix="bench-service-"))
    db = Database.open(root / "data")
    t0 = time.perf_counter()
    demo.make_demo(db, members=args.members, seed=7, steps=())
    counts = demo_service(db, random.Random(7), today)
    print(f"data: {args.members} members, {counts} in {time.perf_counter() - t0:.1f} s")

    from PySide6.QtWidgets import QApplication

    from ui.pages.service import ServicePage

    app = QApplication.instance() or QApplication([])
    page = ServicePage(db)
    page.resize(1300, 720)
    page.show()
    app.processEvents()
    for index, name in enumerate(("住户与联户", "走访", "求助与建议", "统计")):

        def open_tab(i: int = index) -> None:
            page.tabs.blockSignals(True)
            page.tabs.setCurrentIndex(i)
            page.tabs.blockSignals(False)
            page.refresh()
            app.processEvents()

        timed(f"tab {name} opens", open_tab)
    page.tabs.setCurrentIndex(1)
    page.visits.span.setCurrentIndex(2)
    timed("tab 走访 showing a whole year", lambda: (page.visits.refresh(), app.processEvents()))
    timed("service stats for a year (in process)", lambda: stats.service_stats(db, today.year))
    t0 = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(root / "data"),
            "service",
            "stats",
            "--year",
            str(today.year),
            "--json",
        ],
        capture_output=True,
        check=True,
    )
    print(
        f"`service stats --year --json` as a new process: {time.perf_counter() - t0:.2f} s ({len(done.stdout)} bytes)"
    )

    # Import of 6,000 rows into a fresh village with the same grids.
    sheet = root / "住户.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("住户台账")
    ws.append(["丁新村住户台账"])
    ws.append(["序号", "户主姓名", "家庭住址", "联系电话", "所在网格", "人口数", "重点人群"])
    rng = random.Random(3)
    for i in range(6000):
        ws.append(
            [
                i + 1,
                f"户主{i}",
                f"导入组{i // 100}-{i % 100}号",
                f"139{rng.randrange(10**7, 10**8)}",
                f"第{i % 5 + 1}网格",
                rng.randint(1, 6),
                "空巢老人" if i % 7 == 0 else "",
            ]
        )
    wb.save(sheet)
    fresh = Database.open(root / "fresh")
    demo.make_demo(fresh, members=300, seed=8, steps=())
    t0 = time.perf_counter()
    plan = household_import.plan_household_import(fresh, sheet)
    planned = time.perf_counter() - t0
    written = household_import.apply_household_import(fresh, plan)
    print(
        f"household import of 6,000 rows: preview {planned:.2f} s, preview + write {time.perf_counter() - t0:.2f} s "
        f"({written} written, {plan.count(household_import.ERROR)} errors)"
    )
    db.close()
    fresh.close()


if __name__ == "__main__":
    main()
