"""Issue 15: the star grid read with Core statements on the tables gives what the mapped rows say, and the star
board draws its honour ribbons without importing the whole 评选与考核 package."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from app.db.models_evaluations import PeriodComment, StarRating
from app.services import evaluations, points, recognition
from app.services.evaluations.grid import is_decision
from app.services.store import Database

ROOT = Path(__file__).resolve().parents[2]


def test_the_grid_reads_the_decisions_as_the_mapped_rows_hold_them(demo_copy: Database) -> None:
    periods = [p.id for p in evaluations.list_periods(demo_copy)]
    assert periods
    checked = 0
    for period in periods:
        rows = {r.member_id: r for r in evaluations.ratings(demo_copy, period)}
        with demo_copy.session() as s:
            mapped = {
                r.member_id: r for r in s.scalars(select(StarRating).where(StarRating.period_id == period))
            }
            comments = {
                c.member_id: c.comment
                for c in s.scalars(select(PeriodComment).where(PeriodComment.period_id == period))
            }
        for mid, row in rows.items():
            r = mapped.get(mid)
            assert row.comment == comments.get(mid, "")
            assert row.reason == (r.reason if r else "")
            assert row.decided_by == (r.decided_by if r else "")
            assert row.decided_at == (r.decided_at if r and r.decided_by else None)
            if r is not None and is_decision(r):
                checked += 1
                assert (row.exempt, row.exempt_reason, row.exempt_automatic) == (
                    r.exempt,
                    r.exempt_reason,
                    False,
                )
                assert row.level == (None if r.exempt else r.level)
    assert checked > 10  # the demo has decided quarters


def test_stars_list_json_is_the_grid(demo_copy: Database, capsys) -> None:
    from app.cli import main

    period = evaluations.list_periods(demo_copy)[0].id
    expected = [r.as_json() for r in evaluations.ratings(demo_copy, period)]
    capsys.readouterr()
    root = str(demo_copy.data_dir.root)
    demo_copy.close()
    assert main(["--data-dir", root, "stars", "list", "--period", period, "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(expected, ensure_ascii=False))


def test_the_star_bands_with_and_without_a_member_list_agree(demo_copy: Database) -> None:
    period = evaluations.list_periods(demo_copy)[0].id
    everyone = [r.member_id for r in evaluations.ratings(demo_copy, period, use_sources=False)]
    whole = points.quarter_star_suggestions(demo_copy, period, everyone)
    assert whole
    # the few-members path (a re-read row) asks the database for those members only: same bands
    for mid in everyone[:5]:
        assert points.quarter_star_suggestions(demo_copy, period, [mid]) == {
            k: v for k, v in whole.items() if k == mid
        }


def test_the_honour_lookup_stands_apart_from_the_recognition_package() -> None:
    assert recognition.badges is __import__("app.services.honours", fromlist=["badges"]).badges
    code = (
        "import sys; from app.services.boards.gatherers import stars;"
        "from app.services.honours import badges;"
        "print(sorted(m for m in sys.modules if m.startswith('app.services.recognition')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_theprojected_points_in_sql_are_the_domain_rules(demo_copy: Database) -> None:
    """The one aggregate query of the star bands against rules.round_half_up / rules.totals over the ledger."""
    import datetime as dt

    from app.db.models_points import PointEntry
    from app.domain import points as rules
    from app.services.points.resolver import Resolver
    from app.services.points.star_bands import projected_points

    years = {e.year for e in _entries(demo_copy)}
    assert years
    compared = 0
    for year in sorted(years):
        for quarter in (1, 2, 3, 4):
            ends_on = (
                dt.date(year, 12, 31) if quarter == 4 else dt.date(year, quarter * 3 + 1, 1) - dt.timedelta(1)
            )
            with demo_copy.session() as s:
                resolver = Resolver(s, year)
                if not resolver.sets:
                    continue
                got = {
                    m: int(v) for m, v in s.execute(projected_points(year, quarter, ends_on, resolver, None))
                }
                nets: dict[str, dict[str, int]] = {}
                for e in s.scalars(
                    select(PointEntry).where(PointEntry.year == year, PointEntry.date <= ends_on)
                ):
                    per = nets.setdefault(e.member_id, {})
                    per[e.indicator_id] = per.get(e.indicator_id, 0) + e.points
                caps = {i.id: i.annual_cap for i in resolver.indicators.values()}
            expected = {
                mid: rules.totals(
                    0, {i: rules.round_half_up(n * 4, quarter) for i, n in per.items()}, caps
                ).total
                for mid, per in nets.items()
            }
            assert got == expected
            compared += len(expected)
    assert compared > 100


def _entries(db: Database) -> list:  # type: ignore[type-arg]
    from app.db.models_points import PointEntry

    with db.session() as s:
        return list(s.scalars(select(PointEntry)))
