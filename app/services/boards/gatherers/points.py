"""Gatherer of the points ranking (积分公示): the year's totals, ranked, ties sharing a rank."""

from __future__ import annotations

import datetime as dt

from app.boards.model import PointsRow
from app.db.database import Database
from app.domain.errors import UserError
from app.services.boards.request import NOTHING, BoardRequest, Gathered, scope


def gather(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.services import points

    year = req.year or dt.date.today().year
    found: dict[str, points.SummaryRow] = {}
    for branch_id in req.branch_ids or (None,):
        for r in points.summary(db, year, branch_id):
            found.setdefault(r.member_id, r)
    if not found:
        raise UserError(f"{NOTHING}：{year}年还没有积分记录（或没有积分规则）。")
    ordered = sorted(found.values(), key=lambda r: (-r.total, r.member_name))
    rows: list[PointsRow] = []
    for i, r in enumerate(ordered):
        rank = rows[-1].rank if rows and rows[-1].total == r.total else i + 1
        grade = r.grade if r.grade is not None else ("免评" if r.is_exempt else "不评等次")
        rows.append(PointsRow(rank, r.member_name, r.branch_name, r.tier, r.total, grade, r.star_band))
    return Gathered(rows, f"{req.year or on.year}年度 · {scope(db, req)}")
