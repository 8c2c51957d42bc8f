"""Lists of a whole year that no page keeps in one table: every member's points entries (the ledger of a year)
and the star list of a year (the four quarters side by side). Records as the CLI prints them with --json."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.db.models_evaluations import StarRating
from app.db.models_points import Indicator, PointEntry
from app.services import points, roster
from app.services.store import Database


@dataclass(frozen=True)
class YearEntry:
    date: dt.date
    indicator_name: str
    points: int
    note: str
    reverses_entry_id: str | None
    reversed_by: str | None

    @property
    def mark(self) -> str:
        return "（冲销）" if self.reverses_entry_id else ("（已冲销）" if self.reversed_by else "")


def year_entries(db: Database, year: int) -> dict[str, list[YearEntry]]:
    """Every member's points entries of the year in date order, in one query."""
    with db.session() as s:
        names = {i: n for i, n in s.execute(select(Indicator.id, Indicator.name)).all()}
        rows = s.execute(
            select(
                PointEntry.id,
                PointEntry.member_id,
                PointEntry.date,
                PointEntry.indicator_id,
                PointEntry.points,
                PointEntry.note,
                PointEntry.reverses_entry_id,
            )
            .where(PointEntry.year == year)
            .order_by(PointEntry.member_id, PointEntry.date, PointEntry.recorded_at)
        ).all()
    reversed_by = {r.reverses_entry_id: r.id for r in rows if r.reverses_entry_id}
    out: dict[str, list[YearEntry]] = defaultdict(list)
    for r in rows:
        name = names.get(r.indicator_id, "（已删除的指标）")
        out[r.member_id].append(
            YearEntry(r.date, name, r.points, r.note, r.reverses_entry_id, reversed_by.get(r.id))
        )
    return out


def points_ledger_records(db: Database, year: int, branch_id: str | None = None) -> list[dict[str, Any]]:
    """The points ledger of a year: one record per entry, members in the summary's order (by rank)."""
    entries = year_entries(db, year)
    out: list[dict[str, Any]] = []
    for r in points.summary(db, year, branch_id):
        for e in entries.get(r.member_id, []):
            out.append(
                {
                    "member_id": r.member_id,
                    "member_name": r.member_name,
                    "branch": r.branch_name,
                    "date": e.date.isoformat(),
                    "indicator": e.indicator_name,
                    "points": e.points,
                    "note": f"{e.note}{e.mark}",
                }
            )
    return out


def star_year_records(db: Database, year: int, branch_id: str | None = None) -> list[dict[str, Any]]:
    """The star list of a year: each member on the roll with the level of each quarter (免评, or blank)."""
    quarters = [f"{year}Q{q}" for q in range(1, 5)]
    with db.session() as s:
        rows = s.execute(
            select(StarRating.member_id, StarRating.period_id, StarRating.level, StarRating.exempt).where(
                StarRating.period_id.in_(quarters)
            )
        ).all()
    levels: dict[str, dict[str, str]] = defaultdict(dict)
    for member_id, period_id, level, exempt in rows:
        levels[member_id][period_id] = "免评" if exempt else ("" if level is None else f"{level}星")
    out: list[dict[str, Any]] = []
    for m in roster.list_members(db, branch_id=branch_id, status="active"):
        mine = levels.get(m.id, {})
        record: dict[str, Any] = {"member_id": m.id, "name": m.name, "branch": m.branch}
        record.update({f"{q[-1]}季度": mine.get(q, "") for q in quarters})
        record["five_stars"] = sum(1 for v in mine.values() if v == "5星")
        out.append(record)
    return out
