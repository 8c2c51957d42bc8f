"""Benchmark issue 20 on a 2,000-member demo village: the 统计 page opens (< 0.5 s), the 积分手册 for every member
(< 10 s) and each Excel export (< 2 s). Usage: QT_QPA_PLATFORM=offscreen python bench/bench_reports.py [--members 2000]"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app import demo  # noqa: E402
from app.db.database import Database  # noqa: E402
from app.services import boards, commitments, evaluations, points, reports, review, roster  # noqa: E402
from app.services.residents import requests  # noqa: E402


def timed(label: str, action: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    action()
    seconds = time.perf_counter() - t0
    print(f"{label:<44} {seconds:6.2f} s")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        db = Database.open(out / "data")
        t0 = time.perf_counter()
        demo.make_demo(db, members=args.members, seed=11)
        print(f"demo village of {args.members} members made in {time.perf_counter() - t0:.1f} s")
        year = dt.date.today().year
        period = evaluations.list_periods(db)[0].id

        from PySide6.QtWidgets import QApplication

        from ui.pages.statistics import StatisticsPage

        app = QApplication.instance() or QApplication([])

        def open_page() -> None:
            page = StatisticsPage(db)
            page.resize(1366, 700)
            page.show()
            page.refresh()
            app.processEvents()

        timed("统计 page opened (first)", open_page)
        timed("统计 page opened (again)", open_page)

        def records(rows: list[Any]) -> list[dict[str, Any]]:
            return [r.as_json() for r in rows]

        exports: list[tuple[str, Callable[[], Any]]] = [
            ("积分汇总", lambda: records(points.summary(db, year))),
            ("民主评议表", lambda: records(review.review_list(db, year))),
            ("星级评定", lambda: records(evaluations.ratings(db, period))),
            ("承诺", lambda: records(commitments.list_commitments(db, year))),
            ("求助台账", lambda: records(requests.list_requests(db))),
            ("党员名单", lambda: records(roster.list_members(db))),
        ]
        for name, read in exports:
            timed(
                f"Excel {name} (read + write)",
                lambda n=name, r=read: reports.export_records(db, out / f"{n}.xlsx", n, r()),
            )
        timed(
            f"积分手册 PDF, {args.members} members",
            lambda: boards.render(db, boards.BoardRequest(kind="handbook", year=year), out / "handbook.pdf"),
        )
        timed(
            "季度简报 PDF",
            lambda: boards.render(db, boards.BoardRequest(kind="quarter", period=period), out / "q.pdf"),
        )
        db.close()


if __name__ == "__main__":
    main()
