"""Where points meet the commitments: a kept commitment earns points (the star bands feed the star rating from
``star_bands.py``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.db.database import Database
from app.db.models_commitments import Commitment, TeamMember
from app.db.models_points import PointEntry
from app.domain.errors import UserError
from app.domain.member_status import MemberStatus
from app.services.points.entries import add_entry
from app.services.points.resolver import MEMBER_COLUMNS, MemberInfo, Resolver

# --- commitments → points ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardResult:
    awarded: int
    already: int
    capped: int
    skipped: tuple[str, ...]

    @property
    def message(self) -> str:
        text = f"已为 {self.awarded} 项兑现的承诺记分"
        if self.already:
            text += f"；{self.already} 项以前已记过分"
        if self.capped:
            text += f"；{self.capped} 项因年度上限未记或少记"
        if self.skipped:
            text += f"；{len(self.skipped)} 项未能记分（{self.skipped[0]}…）"
        return text + "。"


def award_kept_commitments(db: Database, year: int) -> AwardResult:
    """Kept commitments of ``year`` earn the indicator marked as the 承诺兑现 award; a team's (组团承诺) earns it
    for each active team member. Idempotent: a commitment that already has an entry for a member (even a
    reversed one — reversing was a decision) is never awarded to that member again."""
    from app.services.commitments import KEPT

    with db.session() as s:
        kept = list(
            s.execute(
                select(
                    Commitment.id,
                    Commitment.member_id,
                    Commitment.team_id,
                    Commitment.kept_on,
                    Commitment.content,
                ).where(Commitment.year == year, Commitment.status == KEPT)
            )
        )
        team_members: dict[str, list[str]] = {}
        for tm_team, tm_member in s.execute(
            select(TeamMember.team_id, TeamMember.member_id).where(TeamMember.active.is_(True))
        ):
            team_members.setdefault(tm_team, []).append(tm_member)
        done: set[tuple[str | None, str]] = set(
            (cid, mid)
            for cid, mid in s.execute(
                select(PointEntry.commitment_id, PointEntry.member_id).where(
                    PointEntry.year == year, PointEntry.commitment_id.is_not(None)
                )
            )
        )
        resolver = Resolver(s, year)
        infos = {r[0]: MemberInfo.from_row(r) for r in s.execute(select(*MEMBER_COLUMNS))}
    from app.services import accounts

    # One transaction per award: refuse the whole run up front if any owner is out of the account's reach.
    accounts.require_members(
        db,
        [o for cid, mid, tid, _k, _c in kept for o in ([mid] if mid else team_members.get(tid or "", []))
         if (cid, o) not in done],
    )  # fmt: skip
    awarded = already = capped = 0
    skipped: list[str] = []
    for cid, member_id, team_id, kept_on, content in kept:
        owners = [member_id] if member_id else team_members.get(team_id or "", [])
        for owner in owners:
            if (cid, owner) in done:
                already += 1
                continue
            m = infos.get(owner)
            if m is None or m.status != MemberStatus.ACTIVE:
                continue
            rs = resolver.rule_set(m.branch_id)
            if rs is None:
                skipped.append(f"{m.name}：{year}年没有积分规则")
                continue
            ind = next(
                (
                    i
                    for i in resolver.indicators.values()
                    if i.rule_set_id == rs.id and i.awards_commitments and i.active
                ),
                None,
            )
            if ind is None:
                skipped.append(f"{m.name}：积分规则里没有标为“承诺兑现记分”的指标")
                continue
            date = kept_on if kept_on and kept_on.year == year else dt.date(year, 12, 31)
            try:
                result = add_entry(
                    db, owner, ind.name, date, 1, f"承诺兑现：{content[:40]}", commitment_id=cid
                )
            except UserError as exc:
                capped += 1
                skipped.append(f"{m.name}：{exc}")
                continue
            awarded += 1
            if result.was_capped:
                capped += 1
    return AwardResult(awarded, already, capped, tuple(skipped))
