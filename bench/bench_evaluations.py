"""Benchmark of the 闪光言行考评: 2,000 members × 8 quarters; grid of one branch, `stars list` of everyone.

Run: QT_QPA_PLATFORM=offscreen /work/venv/bin/python bench/bench_evaluations.py
Targets (issue 5): the grid for a branch opens < 0.3 s; `stars list` for the whole organisation < 0.5 s.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import func, select  # noqa: E402

from app import demo  # noqa: E402
from app.cli import (
    build_parser,  # noqa: E402
    main as cli_main,  # noqa: E402
)
from app.db.database import Database  # noqa: E402
from app.db.models_evaluations import Deed, StarRating
from app.demo import evaluations as demo_evaluations  # noqa: E402
from app.services import evaluations, organizations  # noqa: E402

MEMBERS = 2000
QUARTERS = 8


def best_of(n: int, fn: object) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    # Load every CLI group as the real program does. The suggestion sources (the points' star bands) are
    # named in evaluations.SUGGESTION_SOURCES and imported on use, so their cost is in the figures anyway.
    build_parser()
    print(f"suggestion sources: {len(evaluations.SUGGESTION_SOURCES)}")
    root = Path(tempfile.mkdtemp(prefix="bench-evaluations-"))
    today = dt.date.today()
    t = time.perf_counter()
    db = Database.open(root)
    demo.make_demo(db, members=MEMBERS, seed=7, today=today, steps=())  # the roster; 8 quarters come next
    demo_evaluations.fill_quarters(db, random.Random(7), today, completed=QUARTERS - 1)
    with db.session() as s:
        deeds = s.scalar(select(func.count()).select_from(Deed))
        rated = s.scalar(select(func.count()).select_from(StarRating))
    print(
        f"data: {MEMBERS} members, {QUARTERS} quarters, {deeds} deeds, {rated} ratings "
        f"({time.perf_counter() - t:.1f} s to make)"
    )
    periods = evaluations.list_periods(db)
    current, last = periods[0].id, periods[1].id
    branch = next(u for u in organizations.branches(db) if u.kind == "党支部")
    branch_rows = len(evaluations.ratings(db, current, branch_id=branch.id))

    svc_branch = best_of(5, lambda: evaluations.ratings(db, current, branch_id=branch.id))
    svc_all = best_of(5, lambda: evaluations.ratings(db, last))
    summary_all = best_of(3, lambda: evaluations.summary(db, last))

    from PySide6.QtWidgets import QApplication

    from ui.pages.evaluations import EvaluationPage

    app = QApplication.instance() or QApplication([])
    page = EvaluationPage(db)
    page.refresh()  # as the main window does when the page is first shown
    page.setMinimumSize(1000, 600)  # as inside the main window
    page.resize(1200, 700)
    page.show()
    app.processEvents()
    index = page.branch_combo.findData(branch.id)

    def open_branch() -> None:
        page.branch_combo.setCurrentIndex(0)
        t0 = time.perf_counter()
        page.branch_combo.setCurrentIndex(index)  # reloads the grid, selects a member, fills the panel
        app.processEvents()
        open_times.append(time.perf_counter() - t0)

    open_times: list[float] = []
    for _ in range(5):
        open_branch()
    t0 = time.perf_counter()
    fresh = EvaluationPage(db)
    fresh.refresh()
    fresh.setMinimumSize(1000, 600)
    fresh.show()
    app.processEvents()
    page_cold = time.perf_counter() - t0

    def stars_list() -> None:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert cli_main(["--data-dir", str(root), "stars", "list", "--period", last, "--json"]) == 0

    cli_in_process = best_of(3, stars_list)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(root), "stars", "list", "--period", last, "--json"],
        capture_output=True,
        check=True,
    )
    cli_process = time.perf_counter() - t0
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "app", "--data-dir", str(root), "--version"], capture_output=True)
    bare_process = time.perf_counter() - t0

    print(f"service ratings(), one branch ({branch_rows} members): {svc_branch * 1000:.0f} ms")
    print(f"service ratings(), whole organisation:               {svc_all * 1000:.0f} ms")
    print(f"service summary(), whole organisation:               {summary_all * 1000:.0f} ms")
    print(
        f"GUI: switch the grid to one branch (median of 5):     {statistics.median(open_times) * 1000:.0f} ms"
        f"  (target < 300 ms)"
    )
    print(f"GUI: build the page, all branches, first show:        {page_cold * 1000:.0f} ms")
    print(
        f"CLI stars list --json, whole organisation, in process: {cli_in_process * 1000:.0f} ms"
        f"  (target < 500 ms)"
    )
    print(
        f"CLI stars list --json as a new process:               {cli_process * 1000:.0f} ms"
        f"  ({len(proc.stdout) // 1024} KiB; `--version`, which imports no data layer: {bare_process * 1000:.0f} ms)"
    )
    for w in (page, fresh):
        w.close()
        w.deleteLater()
    app.processEvents()
    db.close()


if __name__ == "__main__":
    main()
