"""Benchmark (issue 21): what a township clerk waits for, on SQLite and (with --database-url) on PostgreSQL.

    QT_QPA_PLATFORM=offscreen python bench/township_views.py [--database-url postgresql+psycopg://…/emptydb]

- 乡镇汇总's comparison table (`township compare`) over 35 merged villages of 50 members: target < 1 s;
- the star board (公示栏 星级) of the whole township, 1,750 members, A3 PDF: target < 6 s;
- the roster page (花名册) with 10,000 members, first rows shown: PostgreSQL on localhost ≤ 1.5× SQLite. The
  10,000-member demo is made in SQLite and restored onto the server with `backup restore` (COPY, one transaction).
The server database given must be empty; it is used for the township first, then replaced by the 10,000 roster.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.demo.township import make_village_packages  # noqa: E402
from app.services import backup, boards, evaluations, organizations, township  # noqa: E402
from app.services.store import Database  # noqa: E402


def best(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def township_views(db: Database, packages: list[Path], out: Path, label: str) -> None:
    organizations.set_up(db, "仓前镇党委", "党委")
    for package in packages:
        township.import_package(db, package)
    seconds = best(3, lambda: township.compare(db))
    print(
        f"[{label}] comparison table, {len(packages)} villages: {seconds:.3f} s (best of 3)  [target < 1 s]"
    )
    # The quarter with the most members rated (the demo's current quarter is still being rated).
    period = max(
        (p.id for p in evaluations.list_periods(db)),
        key=lambda pid: sum(1 for r in evaluations.ratings(db, pid) if r.level is not None),
    )
    req = boards.BoardRequest("stars", period=period, paper="A3")
    started = time.perf_counter()
    pages = boards.render(db, req, out / f"stars-{label}.pdf")
    cards = len(boards.build(db, req).stars)
    print(
        f"[{label}] star board of the township ({cards} members, {pages} A3 pages): "
        f"{time.perf_counter() - started:.2f} s  [target < 6 s]"
    )


def roster_first_rows(db: Database) -> float:
    from PySide6.QtWidgets import QApplication

    from ui.pages.roster import RosterPage

    def show() -> None:
        page = RosterPage(db)
        page.resize(1200, 700)
        page.show()
        page.refresh()
        QApplication.processEvents()
        assert page.model.rowCount() > 0
        page.close()
        page.deleteLater()

    return best(3, show)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--villages", type=int, default=35)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--roster", type=int, default=10_000)
    args = parser.parse_args()
    from ui.main import make_application

    app = make_application(["bench"])  # noqa: F841  (the roster page needs it)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        packages = make_village_packages(work / "pk", args.villages, members=args.members)
        db = Database.open(work / "town-sqlite")
        township_views(db, packages, work, "SQLite")
        db.close()
        if args.database_url:
            db = Database.open(work / "town-server", url=args.database_url)
            township_views(db, packages, work, "PostgreSQL")
            db.close()
        folder = work / "roster"
        subprocess.run(
            [sys.executable, "-m", "app", "--data-dir", str(folder), "demo", "--members", str(args.roster)],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        db = Database.open(folder)
        sqlite_seconds = roster_first_rows(db)
        print(f"[SQLite] roster page, {args.roster} members, first rows: {sqlite_seconds:.3f} s (best of 3)")
        if args.database_url:
            (work / "usb").mkdir()
            made = backup.create(db, work / "usb").path
            db.close()
            server = Database.open(work / "roster-server", url=args.database_url)
            started = time.perf_counter()
            server = backup.restore(server, made, safety_backup=False).db
            print(f"[PostgreSQL] backup restore onto the server: {time.perf_counter() - started:.2f} s")
            server_seconds = roster_first_rows(server)
            print(
                f"[PostgreSQL] roster page, {args.roster} members, first rows: {server_seconds:.3f} s (best of 3), "
                f"{server_seconds / sqlite_seconds:.2f}× SQLite  [target ≤ 1.5×]"
            )
            server.close()
        else:
            db.close()


if __name__ == "__main__":
    main()
