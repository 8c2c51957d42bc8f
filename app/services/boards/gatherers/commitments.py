"""Gatherer of the commitment board (承诺公示): each member's (and team's) commitments of the year."""

from __future__ import annotations

import datetime as dt

from app.boards.model import CommitmentEntry, CommitmentItem
from app.db.database import Database
from app.domain.errors import UserError
from app.services.boards.request import NOTHING, BoardRequest, Gathered, Person, people, scope


def gather(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.services import commitments

    year = req.year or dt.date.today().year
    rows: dict[str, commitments.CommitmentRow] = {}
    for branch_id in req.branch_ids or (None,):
        for r in commitments.list_commitments(db, year, branch_id=branch_id):
            rows.setdefault(r.id, r)
    if not rows:
        raise UserError(f"{NOTHING}：{year}年还没有登记承诺。")
    persons = people(db)
    grouped: dict[str, list[commitments.CommitmentRow]] = {}
    for r in rows.values():  # list order: members by branch and name, then teams
        grouped.setdefault(r.member_id or f"team:{r.team_id}", []).append(r)
    entries = []
    for key, items in grouped.items():
        first = items[0]
        shown = []
        for c in items:
            if c.status == commitments.KEPT:
                kept: bool | None = True
            elif c.status == commitments.FAILED:
                kept = False
            else:
                kept = None
            shown.append(CommitmentItem(c.kind, c.content, c.display_status if req.year_end else "", kept))
        if key.startswith("team:"):
            members = "、".join(first.team_members)
            entries.append(
                CommitmentEntry(
                    name=first.team or "",
                    photo_path=None,
                    commitments=tuple(shown),
                    post_or_branch=f"组团承诺：{members}" if members else "组团承诺",
                    branch="组团承诺",
                    is_team=True,
                )
            )
        else:
            p = persons.get(first.member_id or "", Person("", first.branch, None))
            entries.append(
                CommitmentEntry(
                    name=first.member_name or "",
                    photo_path=p.photo,
                    commitments=tuple(shown),
                    post_or_branch=p.post,
                    branch=first.branch,
                )
            )
    subtitle = f"{req.year or on.year}年度 · {scope(db, req)}" + (" · 年终践诺情况" if req.year_end else "")
    return Gathered(entries, subtitle)
