"""Gatherer of the star chart (星级评定公示): the quarter's ratings, with the deeds as the reasons.

Who is on the board (the rule from the practice: no deeds, no stars; the board shows the rated): members rated
1–5 stars, and those 只挂牌不参评 when the branch lists them. 0-star members are off the board unless the
branch ticks it (``extra["zero_stars"] == "yes"``) — the no-star list is for a talk, not for the wall.
Unrated members are never on it; the subtitle says who is, and :func:`left_out` says how many are not.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.boards.model import StarCard
from app.db.database import Database
from app.domain.errors import UserError, ValidationError
from app.services.boards.request import NOTHING, BoardRequest, Gathered, Person, people, period_label, scope

ZERO_STARS = "zero_stars"  # req.extra key: "yes" puts 0-star members on the board too


def _rows(db: Database, req: BoardRequest) -> list[Any]:
    from app.services import evaluations

    if not req.period:
        raise ValidationError("请选择考评季度，例如 2026Q3", field="period")
    rows: dict[str, evaluations.RatingRow] = {}
    for branch_id in req.branch_ids or (None,):
        # The board prints decisions, not suggestions: no suggestion sources (the points ledger is not read).
        for r in evaluations.ratings(db, req.period, branch_id=branch_id, use_sources=False):
            rows.setdefault(r.member_id, r)
    return list(rows.values())


def _on_board(r: Any, req: BoardRequest) -> bool:
    if r.exempt:
        return req.include_exempt
    if r.level is None:
        return False
    return r.level > 0 or req.extra.get(ZERO_STARS) == "yes"


def left_out(db: Database, req: BoardRequest) -> tuple[int, int]:
    """(unrated, 0-star members left off) in the board's scope: what the publish and preview say."""
    rows = _rows(db, req)
    unrated = sum(1 for r in rows if r.level is None and not r.exempt)
    zero = sum(1 for r in rows if r.level == 0 and not r.exempt and not _on_board(r, req))
    return unrated, zero


def gather(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.services import evaluations, organizations

    rows = _rows(db, req)
    decided = [r for r in rows if _on_board(r, req)]
    if not any(r.level is not None for r in decided):
        raise UserError(f"{NOTHING}：{period_label(req)}还没有评定星级。请先在“星级评定”里评星再打印。")
    deeds: dict[str, str] = {}
    for d in evaluations.list_deeds(db, req.period):
        deeds.setdefault(d.member_id, d.text)
    persons = people(db)
    honours = _badges(db, {r.member_id for r in decided})
    branch_names = organizations.shown_names(db)  # a township's many 第一党支部 as 第1村党总支/第一党支部
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
                branch=branch_names.get(r.branch_id, r.branch),
                badge=honours.get(r.member_id, ""),
            )
        )
    # Within a branch: five stars first, then four…; 只挂牌不参评 last (the branches keep their order).
    branch_order = {b: i for i, b in enumerate(dict.fromkeys(c.branch for c in cards))}
    cards.sort(key=lambda c: (branch_order[c.branch], c.exempt, -c.level))
    counts = {n: sum(1 for c in cards if c.level == n and not c.exempt) for n in range(0, 6)}
    parts = [f"{'五四三二一零'[5 - n]}星{counts[n]}人" for n in range(5, -1, -1) if counts[n]]
    rated = sum(counts.values())
    # Says who is on the board: not "全体党员" when the unrated are left off.
    who = f"{scope(db, req)}中已评星的 {rated} 人"
    subtitle = " · ".join(x for x in (period_label(req), who, "，".join(parts)) if x)
    return Gathered(cards, subtitle)


def _badges(db: Database, member_ids: set[str]) -> dict[str, str]:
    """The newest 先锋 honour of each member, for the card's ribbon."""
    from app.services.honours import badges  # not the whole 评选与考核 package

    return {mid: found[0].title for mid, found in badges(db, member_ids).items() if found}
