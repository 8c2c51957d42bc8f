"""Benchmark of 评选与考核: 2,000 members in 20 branches.

Not a test. Run: QT_QPA_PLATFORM=offscreen python bench/bench_recognition.py [--members 2000] [--repeat 5]
Targets (issue 19): suggested assessment scores for all branches < 1 s; the 先锋榜 board of 30 pioneers with
photos < 1 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select, update  # noqa: E402

from app import demo  # noqa: E402
from app.db.models import Member  # noqa: E402
from app.services import boards, organizations, recognition  # noqa: E402
from app.services.store import Database  # noqa: E402


def timed(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), max(runs)


def spread_over_branches(db: Database, wanted: int) -> None:
    """The demo village has 4 branches: add branches up to ``wanted`` and deal the members out among them."""
    top = organizations.root(db)
    assert top is not None
    have = [u for u in organizations.units(db) if u.kind == "党支部"]
    for i in range(len(have), wanted):
        organizations.add_unit(db, top.id, f"第{i + 1}联合党支部", "党支部")
    ids = [u.id for u in organizations.units(db) if u.kind == "党支部"]
    with db.session() as s, s.begin():
        members = list(s.scalars(select(Member.id).order_by(Member.id)))
        for n, branch in enumerate(ids):
            chunk = members[n :: len(ids)]
            s.execute(update(Member).where(Member.id.in_(chunk)).values(branch_id=branch, group_id=None))


def thirty_pioneers(db: Database, year: int) -> None:
    c = recognition.create_campaign(db, "基准先锋评选", year, 30)
    active = [m for m in demo_members(db) if m][:30]
    for m in active:
        n = recognition.nominate(
            db, c.id, m, "服务先锋", "支部推荐", 1, "带头修路，义务出工三十天，帮扶三户困难家庭"
        )
        recognition.review(db, c.id, n.id, True)
    recognition.announce(db, c.id, active, dt.date(year, 12, 1))


def demo_members(db: Database) -> list[str]:
    from app.services import roster

    return [r.id for r in roster.list_members(db) if r.category == "正式党员"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--branches", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp()) / "data"
    db = Database.open(root)
    started = time.perf_counter()
    demo.make_demo(db, members=args.members, seed=7)
    spread_over_branches(db, args.branches)
    year = 2021  # a year of its own for the 30 pioneers (the demo's campaign is this year's)
    thirty_pioneers(db, year)
    this = dt.date.today().year
    print(
        f"data: {args.members} members, {args.branches} branches (+ the 党总支), {time.perf_counter() - started:.1f} s"
    )
    median, worst = timed(lambda: recognition.assessment(db, this), args.repeat)
    rows = recognition.assessment(db, this)
    print(f"suggested scores, {len(rows)} branches: median {median:.3f} s, max {worst:.3f} s (target < 1 s)")
    out = root / "pioneers.pdf"
    req = boards.BoardRequest("pioneers", year=year)
    median, worst = timed(lambda: boards.render(db, req, out), args.repeat)
    print(f"先锋榜, 30 pioneers with photos: median {median:.3f} s, max {worst:.3f} s (target < 1 s)")
    db.close()


if __name__ == "__main__":
    main()
