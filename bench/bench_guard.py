"""What the write guard costs a logged-in clerk (issue 21 follow-up: a demotion applies to the next write of any kind).

    python bench/bench_guard.py [--members 60] [--writes 300]

On a demo village (SQLite in a temporary folder), logged in as a 管理员 and as a 书记/党务 of one branch:
- a checked write: ``roster.set_fields`` on one member (one transaction, one ORM flush), median of ``--writes``;
- an unchecked write: a raw ``UPDATE`` on a plain connection (the cursor net), median of ``--writes`` (管理员 only);
- the statements each sends to the database (counted at the cursor), without and with the guard installed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event, text  # noqa: E402

from app import demo  # noqa: E402
from app.db.database import Database  # noqa: E402
from app.services import accounts, organizations, roster  # noqa: E402


def timed(run: Callable[[int], object], writes: int) -> float:
    times = []
    for i in range(writes):
        t0 = time.perf_counter()
        run(i)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def statements(db: Database, run: Callable[[], object]) -> int:
    seen: list[str] = []

    def count(*_args: object) -> None:
        seen.append("x")

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        run()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=60)
    parser.add_argument("--writes", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "data")
        demo.make_demo(db, members=args.members, seed=3)
        branch = next(u for u in organizations.units(db) if u.kind == "党支部")
        member = roster.list_members(db, branch_id=branch.id)[0].id

        def checked(i: int) -> None:
            roster.set_fields(db, member, {"phone": f"139{i:08d}"})

        def raw(i: int) -> None:
            with db.engine.begin() as conn:
                conn.execute(
                    text("UPDATE members SET phone = :p WHERE id = :m"), {"p": f"138{i:08d}", "m": member}
                )

        rows = [("no account", "", "")]
        accounts.create_account(db, "boss", "admin-secret-1", "管理员")
        accounts.login(db, "boss", "admin-secret-1")
        accounts.create_account(db, "zhang", "zhang-secret-2", "书记/党务", branch.id)
        accounts.logout(db)
        rows += [("管理员", "boss", "admin-secret-1"), ("书记/党务", "zhang", "zhang-secret-2")]
        print(f"{'who':<10} {'checked ms':>11} {'stmts':>6} {'raw ms':>8} {'stmts':>6}")
        for label, name, password in rows:
            if name:
                accounts.login(db, name, password)
            t_checked = timed(checked, args.writes)
            n_checked = statements(db, lambda: checked(0))
            if name in ("", "boss"):
                t_raw = f"{timed(raw, args.writes):8.3f}"
                n_raw = f"{statements(db, lambda: raw(0)):6d}"
            else:
                t_raw, n_raw = f"{'refused':>8}", f"{'-':>6}"
            print(f"{label:<10} {t_checked:11.3f} {n_checked:6d} {t_raw} {n_raw}")
            accounts.logout(db)
        db.close()


if __name__ == "__main__":
    main()
