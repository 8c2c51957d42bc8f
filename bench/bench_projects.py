"""Benchmark of 服务项目: 2,000 members, a year with 3,000 needs and ~1,500 projects, 300 volunteer teams.

Run: QT_QPA_PLATFORM=offscreen /work/main/.venv/bin/python bench/bench_projects.py [--members 2000]
Targets (issue 18): the 服务项目 page opens < 0.3 s; `projects stats` < 0.5 s; the pool board of 300 open
projects < 2 s.
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
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app import demo  # noqa: E402
from app.db.database import Database  # noqa: E402
from app.demo.projects import make_projects  # noqa: E402
from app.domain import project_rules as rules  # noqa: E402
from app.services import boards  # noqa: E402
from app.services.projects import pool, stats  # noqa: E402


def timed(label: str, action: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        action()
        times.append(time.perf_counter() - t0)
    print(f"{label}: median {statistics.median(times):.3f} s, max {max(times):.3f} s")
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    args = parser.parse_args()
    today = dt.date.today()
    root = Path(tempfile.mkdtemp(prefix="bench-projects-"))
    db = Database.open(root / "data")
    t0 = time.perf_counter()
    demo.make_demo(db, members=args.members, seed=7, steps=("app.demo.service:demo_service",))
    counts = make_projects(db, random.Random(7), today, needs=3000, teams=300, project_share=0.5)
    print(f"data: {args.members} members, {counts} in {time.perf_counter() - t0:.1f} s")
    rows = pool.list_projects(db)
    live = [r for r in rows if r.status in (rules.OPEN, rules.CLAIMED)]
    print(
        f"projects {len(rows)}, on the pool board {len(live)} (open {sum(r.status == rules.OPEN for r in rows)})"
    )

    from PySide6.QtWidgets import QApplication

    from ui.pages.projects import ProjectsPage

    app = QApplication.instance() or QApplication([])

    def open_page() -> None:
        page = ProjectsPage(db)
        page.resize(1300, 720)
        page.show()
        page.refresh()
        app.processEvents()
        page.close()

    timed("服务项目 page opens (项目库 tab, all projects)", open_page)

    def tab(index: int) -> Callable[[], None]:
        page = ProjectsPage(db)
        page.show()

        def show() -> None:
            page.tabs.setCurrentIndex(index)
            page.refresh()
            app.processEvents()

        return show

    timed("需求 tab", tab(1))
    timed("队伍 tab", tab(2))
    timed("projects stats (service, in process)", lambda: stats.project_stats(db, today.year))
    db.close()
    cli = [sys.executable, "-m", "app", "--data-dir", str(root / "data")]
    timed(
        "projects stats --json (new process)",
        lambda: subprocess.run([*cli, "projects", "stats", "--json"], check=True, capture_output=True),
        runs=3,
    )
    db = Database.open(root / "data")
    out = root / "pool.pdf"
    timed(
        f"pool board of {len(live)} projects (PDF)",
        lambda: boards.render(db, boards.BoardRequest("projects", extra={"sheet": "pool"}), out),
        runs=3,
    )
    db.close()


if __name__ == "__main__":
    main()
