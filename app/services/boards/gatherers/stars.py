"""Gatherer of the star chart (星级评定公示): the quarter's ratings, with the deeds as the reasons."""

from __future__ import annotations

import datetime as dt

from app.boards.model import StarCard
from app.db.database import Database
from app.domain.errors import UserError, ValidationError
from app.services.boards.request import NOTHING, BoardRequest, Gathered, Person, people, period_label, scope


def gather(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.services import evaluations

    if not req.period:
        raise ValidationError("请选择考评季度，例如 2026Q3", field="period")
    rows: dict[str, evaluations.RatingRow] = {}
    for branch_id in req.branch_ids or (None,):
        # The board prints decisions, not suggestions: no suggestion sources (the points ledger is not read).
        for r in evaluations.ratings(db, req.period, branch_id=branch_id, use_sources=False):
            rows.setdefault(r.member_id, r)
    decided = [r for r in rows.values() if r.level is not None or r.exempt]
    if not any(r.level is not None for r in decided):
        raise UserError(f"{NOTHING}：{period_label(req)}还没有评定星级。请先在“星级评定”里评星再打印。")
    deeds: dict[str, str] = {}
    for d in evaluations.list_deeds(db, req.period):
        deeds.setdefault(d.member_id, d.text)
    persons = people(db)
    cards = []
    for r in decided:
        p = persons.get(r.member_id, Person("", r.branch, None))
        if r.exempt:
            # The exemption's reason may be about health or age: the public board says only this.
            reason = "只挂牌不参评"
        else:
            reason = r.reason or deeds.get(r.member_id, "")
        cards.append(
            StarCard(
                name=r.member_name,
                # The branch is already the section heading (or the subtitle): say what the member is.
                post_or_branch=p.post or r.category or "党员",
                photo_path=p.photo,
                level=r.level or 0,
                reason=reason,
                exempt=r.exempt,
                highlight=r.level == 5 and not r.exempt,
                branch=r.branch,
            )
        )
    counts = {n: sum(1 for c in cards if c.level == n and not c.exempt) for n in range(1, 6)}
    parts = [f"{'五四三二一'[5 - n]}星{counts[n]}人" for n in range(5, 0, -1) if counts[n]]
    subtitle = " · ".join(x for x in (period_label(req), scope(db, req), "，".join(parts)) if x)
    return Gathered(cards, subtitle)
