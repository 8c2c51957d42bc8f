"""The points' say in the quarterly star rating: each member's star band, from the year's points projected to the
whole year. Named by ``evaluations.POINTS_STAR_BANDS`` and imported only when a suggestion is computed."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

from sqlalchemy import Select, case, func, select

from app.db.database import Database
from app.db.models import Member
from app.db.models_points import Indicator, PointEntry
from app.domain import points as rules
from app.services.points.resolver import MEMBER_COLUMNS, MemberInfo, Resolver, base_points_of


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
