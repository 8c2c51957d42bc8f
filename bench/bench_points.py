"""Benchmark the points ledger: 2,000 members × 40 entries × 3 years; `points summary` for a year (< 0.5 s)
and one member's 积分手册 (< 50 ms). Usage: python bench/bench_points.py [--members 2000] [--entries 40]"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert  # noqa: E402

from app import demo  # noqa: E402
from app.db.database import Database  # noqa: E402
from app.db.models import utcnow
from app.db.models_points import PointEntry
from app.domain import points as rules  # noqa: E402
from app.services import points  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--entries", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "data")
        demo.make_demo(db, members=args.members, seed=7, steps=())  # the roster only: we write our own ledger
        years = (2024, 2025, 2026)
        points.create_preset(db, years[0])
        for y in years[1:]:
            points.copy_rule_set(db, y - 1, y)
        pool = points.candidates(db, years[-1])
        t0 = time.perf_counter()
        now = utcnow()
        for y in years:
            rs = points.rule_sets(db, y)[0]
            uncapped = [i for i in rs.indicators if i.category != "扣减"]
            rows = []
            for c in pool:
                used: dict[str, int] = {}
                for _ in range(args.entries):
                    ind = rng.choice(uncapped)
                    capped = rules.apply_cap(ind.points, 1, ind.annual_cap, used.get(ind.id, 0))
                    pts = capped.points or ind.points  # past the cap: the summary clamps it anyway
                    used[ind.id] = used.get(ind.id, 0) + pts
                    rows.append(
                        {
                            "id": f"{rng.getrandbits(128):032x}",
                            "member_id": c.member_id,
                            "rule_set_id": rs.id,
                            "indicator_id": ind.id,
                            "year": y,
                            "date": dt.date(y, rng.randint(1, 12), rng.randint(1, 28)),
                            "occurrences": 1,
                            "points": pts,
                            "note": "",
                            "recorded_by": "bench",
                            "recorded_at": now,
                            "reverses_entry_id": None,
                            "reason": "",
                            "batch_id": None,
                            "commitment_id": None,
                        }
                    )
            with db.session() as s, s.begin():
                s.execute(insert(PointEntry.__table__), rows)
        print(
            f"ledger written: {len(pool)} members × {args.entries} entries × {len(years)} years in {time.perf_counter() - t0:.1f} s"
        )

        timings = []
        for _ in range(5):
            t = time.perf_counter()
            rows_out = points.summary(db, years[-1])
            timings.append(time.perf_counter() - t)
        print(
            f"points summary --year {years[-1]} ({len(rows_out)} members): median {statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms"
        )

        timings = []
        for c in rng.sample(pool, 30):
            t = time.perf_counter()
            book = points.ledger(db, c.member_id, years[-1])
            timings.append(time.perf_counter() - t)
        print(
            f"积分手册 of one member ({len(book.entries)} entries): median {statistics.median(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms"
        )
        db.close()


if __name__ == "__main__":
    main()
