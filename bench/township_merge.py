"""Benchmark (issue 21): 35 village packages of 50 members with a year of data merged into an empty township
database, then merged again (nothing changed). Targets: < 10 s and < 5 s.

    python bench/township_merge.py                      # SQLite township database
    python bench/township_merge.py --database-url URL   # an empty PostgreSQL database
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.demo.township import make_village_packages  # noqa: E402
from app.services import organizations, township  # noqa: E402
from app.services.store import Database  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url")
    parser.add_argument("--villages", type=int, default=35)
    parser.add_argument("--members", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        packages = make_village_packages(Path(tmp) / "pk", args.villages, members=args.members)
        print(f"made {len(packages)} packages in {time.perf_counter() - started:.1f} s")
        db = Database.open(Path(tmp) / "town", url=args.database_url)
        organizations.set_up(db, "仓前镇党委", "党委")
        for label in ("first merge", "re-merge (unchanged)"):
            started = time.perf_counter()
            rows = 0
            for _path, report in township.import_packages(db, [(p, None) for p in packages]):
                assert isinstance(report, township.MergeReport), report
                assert report.refused_reason is None, report.refused_reason
                rows += sum(report.added.values()) + sum(report.updated.values())
            print(f"{label}: {time.perf_counter() - started:.1f} s, {rows} rows added/updated")
        db.close()


if __name__ == "__main__":
    main()
