"""Refreshing pages when another client changes data: a revision poll vs PostgreSQL LISTEN/NOTIFY (issue 21).

    python bench/bench_refresh.py [--audit-rows 200000] [--pg-admin-url postgresql+psycopg://user@host:port/postgres]

Fills an audit log (the change counter) with generated rows, then measures
- the poll (app/services/changes.revision: highest audit id + count above a floor) on SQLite, and on
  PostgreSQL when a server is given: median and worst of 500 polls, each in its own session as the GUI does;
- on PostgreSQL, LISTEN/NOTIFY: the time from a writer's NOTIFY + COMMIT until a listening connection has it,
  over 200 notifications.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from app.db.database import Database  # noqa: E402
from app.db.models import AuditEntry  # noqa: E402
from app.services import changes  # noqa: E402


def fill(db: Database, rows: int) -> None:
    batch = [
        {
            "actor": "文书",
            "action": "update",
            "entity": "member",
            "entity_id": f"m{i % 2000}",
            "field": "phone",
        }
        for i in range(5000)
    ]
    with db.engine.begin() as conn:
        for _ in range(rows // len(batch)):
            conn.execute(insert(AuditEntry), batch)


def poll_times(db: Database, runs: int = 500) -> tuple[float, float]:
    seen = changes.revision(db)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        changes.revision(db, seen.floor)
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000, max(times) * 1000


def notify_latency(url: str, runs: int = 200) -> tuple[float, float]:
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    listener = psycopg.connect(plain, autocommit=True)
    writer = psycopg.connect(plain)
    listener.execute("LISTEN pb_changes")
    times = []
    for i in range(runs):
        t0 = time.perf_counter()
        writer.execute("SELECT pg_notify('pb_changes', %s)", (str(i),))
        writer.commit()
        for _note in listener.notifies(timeout=5, stop_after=1):
            times.append(time.perf_counter() - t0)
    listener.close()
    writer.close()
    return statistics.median(times) * 1000, max(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--audit-rows", type=int, default=200_000)
    parser.add_argument("--pg-admin-url", help="a PostgreSQL server (admin URL); a scratch database is made")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "sqlite")
        fill(db, args.audit_rows)
        median, worst = poll_times(db)
        print(f"SQLite, {args.audit_rows:,} audit rows: poll median {median:.3f} ms, worst {worst:.3f} ms")
        db.close()
        if args.pg_admin_url:
            sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "fixtures"))
            import pg_backend

            name = "pb_bench_refresh"
            pg_backend.admin(args.pg_admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            pg_backend.admin(args.pg_admin_url, f'CREATE DATABASE "{name}"')
            url = pg_backend.server_url(args.pg_admin_url, name)
            db = Database.open(Path(tmp) / "pg", url=url)
            fill(db, args.audit_rows)
            median, worst = poll_times(db)
            print(
                f"PostgreSQL, {args.audit_rows:,} audit rows, just written: poll median {median:.3f} ms, worst {worst:.3f} ms"
            )
            with db.engine.connect() as conn:  # what autovacuum does to a table this size within a minute
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM ANALYZE audit_log"
                )
            median, worst = poll_times(db)
            print(
                f"PostgreSQL, after autovacuum's ANALYZE: poll median {median:.3f} ms, worst {worst:.3f} ms"
            )
            db.close()
            median, worst = notify_latency(url)
            print(f"PostgreSQL LISTEN/NOTIFY: delivery median {median:.3f} ms, worst {worst:.3f} ms")
            pg_backend.admin(args.pg_admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
