"""Benchmark: 2,000 members × 3 years of commitments — the 公开承诺 page for one branch and year, and stats.

Run: QT_QPA_PLATFORM=offscreen /work/venv/bin/python bench/bench_commitments.py [--members 2000]
Targets (issue 4): page opens < 0.3 s; `commitments stats` < 0.5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app import demo  # noqa: E402
from app.db.database import Database  # noqa: E402
from app.db.models import new_id
from app.db.models_commitments import Commitment
from app.services import commitments, organizations, settings  # noqa: E402


def third_year(db: Database, year: int) -> int:
    """Demo makes last year and this year; add the year before last as a copy of last year, all kept."""
    with db.session() as s:
        rows = [
            {c.name: getattr(row, c.key) for c in Commitment.__table__.columns}
            for row in s.scalars(select(Commitment).where(Commitment.year == year + 1))
        ]
    for r in rows:
        r["id"] = new_id()
        r["year"] = year
        for key in ("deadline", "published_on", "objection_until", "kept_on"):
            if r[key]:
                r[key] = r[key].replace(year=year, day=min(r[key].day, 28))
    with db.session() as s, s.begin():
        s.execute(insert(Commitment), rows)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    args = parser.parse_args()
    today = dt.date.today()
    root = Path(tempfile.mkdtemp(prefix="bench-commitments-"))
    db = Database.open(root)
    t0 = time.perf_counter()
    demo.make_demo(db, members=args.members, seed=7)
    extra = third_year(db, today.year - 2)
    print(f"demo {args.members} members + third year ({extra} commitments): {time.perf_counter() - t0:.2f} s")
    total = sum(
        len(commitments.list_commitments(db, y)) for y in (today.year - 2, today.year - 1, today.year)
    )
    print(f"commitments in 3 years: {total}")

    from ui.main import make_application
    from ui.pages.commitments import CommitmentsPage

    app = make_application()
    branch = organizations.branches(db)[1]
    settings.put(db, "commitments.last_branch", branch.id)  # the page opens on the clerk's last branch
    t0 = time.perf_counter()
    page = CommitmentsPage(db)
    page.setMinimumSize(1000, 600)
    page.resize(1300, 720)
    page.refresh()
    page.show()
    app.processEvents()
    opened = time.perf_counter() - t0
    assert page.branch_id == branch.id
    print(
        f"page for {branch.name} ({page.model.rowCount()} members), year {page.year}: opened in {opened:.3f} s"
    )
    t0 = time.perf_counter()
    page.branch_combo.setCurrentIndex(0)
    app.processEvents()
    print(
        f"switch to the whole organisation ({page.model.rowCount()} members): {time.perf_counter() - t0:.3f} s"
    )
    t0 = time.perf_counter()
    page.year_combo.setCurrentIndex(page.year_combo.findData(today.year - 1))
    app.processEvents()
    print(f"switch year: {time.perf_counter() - t0:.3f} s")

    runs = []
    for _ in range(5):
        t0 = time.perf_counter()
        result = commitments.stats(db, today.year)
        runs.append(time.perf_counter() - t0)
    print(
        f"stats service (best of 5): {min(runs):.3f} s — {result.total.made} made, {result.total.kept} kept"
    )
    db.close()
    t0 = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--data-dir",
            str(root),
            "commitments",
            "stats",
            "--year",
            str(today.year),
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    print(
        f"`commitments stats --json` as a command (process start included): {time.perf_counter() - t0:.2f} s"
    )
    assert done.returncode == 0, done.stderr


if __name__ == "__main__":
    main()
