"""Where points meet other areas: kept commitments earn points; the star bands feed the star rating."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, case, func, select

from app.db.database import Database
from app.db.models import (
    Commitment,
    Indicator,
    Member,
    PointEntry,
    TeamMember,
)
from app.domain import points as rules
from app.domain.errors import UserError
from app.domain.member_status import MemberStatus
from app.services.points.ledger import add_entry
from app.services.points.resolver import MEMBER_COLUMNS, MemberInfo, Resolver, base_points_of

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


# --- feeding the quarterly star rating -------------------------------------------------------------------------------


def quarter_star_suggestions(db: Database, period_id: str, member_ids: Sequence[str]) -> dict[str, int]:
    """Star band per member for a quarter (``2026Q3``), the points' say in the star rating's suggestion.

    The bands are for a year's total, so a quarter uses the year's entries up to the quarter's end projected
    to the whole year (each indicator's net × 4 / quarter, held within its cap) on top of the base: a member
    on course for 85 points suggests ★★★ all year, not ★ in spring. Q4 is the plain year total. Members
    without rules that year or in an exempt tier (只挂牌不参评) are left out."""
    try:
        year, quarter = int(period_id[:4]), int(period_id[5])
    except (ValueError, IndexError):
        return {}
    if not 1 <= quarter <= 4:
        return {}
    ends_on = (
        dt.date(year, 12, 31) if quarter == 4 else dt.date(year, quarter * 3 + 1, 1) - dt.timedelta(days=1)
    )
    wanted = set(member_ids)
    with db.session() as s:
        resolver = Resolver(s, year)
        if not resolver.sets:
            return {}
        few = len(wanted) <= 500  # one row re-read on the star page: ask only for those members
        # Core statements on the tables: the rows are plain tuples, nothing for the ORM to load or compile.
        mc = Member.__table__.c
        member_stmt = select(*(mc[c.key] for c in MEMBER_COLUMNS))
        if few:
            member_stmt = member_stmt.where(mc.id.in_(wanted))
        members = [
            info
            for info in (MemberInfo.from_row(r) for r in s.execute(member_stmt) if r[0] in wanted)
            if resolver.rule_set(info.branch_id) is not None
        ]
        bases = base_points_of(s, year, members, resolver)
        projected = {
            mid: int(points)
            for mid, points in s.execute(
                projected_points(year, quarter, ends_on, resolver, wanted if few else None)
            )
            if mid in wanted
        }
    bands: dict[str, list[tuple[int, int]]] = {}
    out: dict[str, int] = {}
    for m in members:
        rs = resolver.rule_set(m.branch_id)
        assert rs is not None
        if resolver.tier(rs, m).is_exempt:
            continue
        if rs.id not in bands:
            bands[rs.id] = [(int(a), int(b)) for a, b in json.loads(rs.star_bands)]
        out[m.id] = rules.stars_for(bases[m.id] + projected.get(m.id, 0), bands[rs.id])
    return out


def projected_points(
    year: int, quarter: int, ends_on: dt.date, resolver: Resolver, member_ids: set[str] | None
) -> Select[str, int]:
    """One aggregate query: per member, the sum over indicators of the year's net points up to ``ends_on``
    projected to the whole year and held within the cap — in SQL what ``rules.totals(0, {indicator:
    rules.round_half_up(net * 4, quarter)}, caps).total`` computes in Python (tests/unit/test_stars_read_path.py
    checks the two agree), so that 10⁴ member × indicator sums are not carried into Python one by one."""
    ec, ic = PointEntry.__table__.c, Indicator.__table__.c
    four_nets = func.sum(ec.points) * 4
    per_indicator = (  # round_half_up(net × 4, quarter): half away from zero, integer division of non-negatives
        select(
            ec.member_id,
            ec.indicator_id,
            case(
                (four_nets < 0, -((-2 * four_nets + quarter) // (2 * quarter))),
                else_=(2 * four_nets + quarter) // (2 * quarter),
            ).label("net"),
        )
        .where(ec.year == year, ec.date <= ends_on)
        .group_by(ec.member_id, ec.indicator_id)
    )
    if member_ids is not None:
        per_indicator = per_indicator.where(ec.member_id.in_(member_ids))
    n = per_indicator.subquery()
    set_ids = [rs.id for rs in resolver.sets.values()]  # the caps of this year's rules (Resolver.indicators)
    at_most = case(
        (n.c.net < ic.annual_cap, n.c.net), else_=ic.annual_cap
    )  # clamp_net: max(-cap, min(cap, net))
    capped = case(
        (ic.annual_cap.is_(None), n.c.net), (at_most > -ic.annual_cap, at_most), else_=-ic.annual_cap
    )
    joined = n.outerjoin(Indicator.__table__, (ic.id == n.c.indicator_id) & ic.rule_set_id.in_(set_ids))
    return select(n.c.member_id, func.sum(capped)).select_from(joined).group_by(n.c.member_id)


def register_star_suggestions() -> None:
    """Make sure the star bands feed the star rating's suggestion as this very function (tests that replace
    ``evaluations.SUGGESTION_SOURCES`` call it to restore the hook). Never needed in normal use: the star
    rating names this source itself and imports it on use, so nothing depends on an import side effect."""
    from app.services import evaluations

    sources = evaluations.SUGGESTION_SOURCES
    if quarter_star_suggestions not in sources:
        sources[:] = [s for s in sources if s != evaluations.POINTS_STAR_BANDS] + [quarter_star_suggestions]
