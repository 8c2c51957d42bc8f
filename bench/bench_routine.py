"""Benchmark of the routine (组织生活): 2,000 members, a year of meetings (≈150) and dues.

Not a test. Run: QT_QPA_PLATFORM=offscreen python bench/bench_routine.py [--members 2000] [--repeat 5]
Targets (issue 16): the 组织生活 page for a quarter opens < 0.3 s; saving attendance for 80 members (with its
points entries) < 0.3 s; the dues register of a year < 1 s.
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

from app import demo  # noqa: E402
from app.db.database import Database  # noqa: E402
from app.domain import routine  # noqa: E402
from app.domain.periods import Quarter  # noqa: E402
from app.services import boards, dues, meetings, organizations  # noqa: E402


def timed(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), max(runs)


def top_up_meetings(db: Database, year: int, wanted: int) -> None:
    """The demo holds the branches' meetings; 党小组会 fill the year up to about ``wanted``."""
    groups = [u for u in organizations.units(db) if u.kind == "党小组"]
    have = len(meetings.list_meetings(db, year=year))
    month = 1
    while have < wanted and month <= 12:
        for g in groups:
            day = dt.date(year, month, 20)
            if have >= wanted or day > dt.date.today():
                break
            mid = meetings.add_meeting(db, meetings.MeetingDraft(g.id, "党小组会", day, "学习交流"))
            meetings.set_attendance(db, mid, {}, all_present=True)
            have += 1
        month += 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--data", type=Path, help="keep the generated data here (reused when it exists)")
    args = parser.parse_args()
    root = args.data or Path(tempfile.mkdtemp()) / "data"
    fresh = not (root / "pioneer-board.sqlite3").exists()
    db = Database.open(root)
    started = time.perf_counter()
    year = dt.date.today().year
    if fresh:
        demo.make_demo(db, members=args.members, seed=1)
        top_up_meetings(db, year, 150)
    print(
        f"data: {args.members} members, {len(meetings.list_meetings(db, year=year))} meetings in {year}, "
        f"{len(dues.payments(db, year=year))} dues payments ({time.perf_counter() - started:.1f} s to make)"
    )

    from PySide6.QtWidgets import QApplication

    from ui.pages.meetings import MeetingsPage

    app = QApplication.instance() or QApplication([])
    q = Quarter(year, 2)

    def open_page() -> None:
        """What the clerk waits for: the page built and shown on a quarter (the list, the quarter's summary
        and the first meeting's tick list)."""
        page = MeetingsPage(db)
        for combo, value in ((page.year, page.year.findData(q.year)), (page.quarter, q.quarter - 1)):
            combo.blockSignals(True)
            combo.setCurrentIndex(value)
            combo.blockSignals(False)
        page.refresh()
        app.processEvents()
        page.deleteLater()

    med, worst = timed(open_page, args.repeat)
    print(
        f"组织生活 page, one quarter (whole organisation): median {med:.3f} s, max {worst:.3f} s (target < 0.3 s)"
    )

    # attendance for 80 members: the biggest branch's 主题党日, everyone's mark flipped each run
    branch = max((u for u in organizations.units(db) if u.kind == "党支部"), key=lambda u: u.active_members)
    mid = meetings.add_meeting(db, meetings.MeetingDraft(branch.id, "主题党日", dt.date(year, 6, 18), "基准"))
    people = [a.member_id for a in meetings.get_meeting(db, mid).attendees][:80]
    flip = [routine.PRESENT]

    def save() -> None:
        flip[0] = routine.ABSENT if flip[0] == routine.PRESENT else routine.PRESENT
        meetings.set_attendance(db, mid, {p: (flip[0], "") for p in people})

    med, worst = timed(save, args.repeat)
    print(
        f"save attendance, {len(people)} members, all entries reversed and re-written: "
        f"median {med:.3f} s, max {worst:.3f} s (target < 0.3 s)"
    )

    med, worst = timed(lambda: dues.register(db, year), args.repeat)
    print(f"dues register of {year} (whole organisation), data: median {med:.3f} s, max {worst:.3f} s")
    out = root.parent
    med, worst = timed(lambda: dues.export_register(db, year, None, out / "dues.xlsx"), args.repeat)
    print(f"  … as Excel: median {med:.3f} s, max {worst:.3f} s (target < 1 s)")
    req = boards.BoardRequest("dues", year=year)
    med, worst = timed(lambda: boards.render(db, req, out / "dues.pdf"), args.repeat)
    print(f"  … as PDF: median {med:.3f} s, max {worst:.3f} s (target < 1 s)")
    med, worst = timed(lambda: dues.arrears(db), args.repeat)
    print(f"dues arrears: median {med:.3f} s, max {worst:.3f} s")
    from app.services import reminders

    med, worst = timed(lambda: reminders.todo(db), args.repeat)
    print(f"待办 (todo): median {med:.3f} s, max {worst:.3f} s")
    db.close()


if __name__ == "__main__":
    main()
