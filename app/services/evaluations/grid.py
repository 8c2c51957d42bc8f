"""Reading the star rating: the evaluation grid with suggestions, a quarter's summary, a member's history."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Member, Organization
from app.db.models_evaluations import Deed, EvaluationPeriod, PeriodComment, StarRating
from app.domain import stars
from app.domain.errors import NotFoundError
from app.domain.periods import Quarter, age_on, parse_quarter, quarter_of, was_member_during
from app.services import organizations
from app.services.evaluations.common import (
    DeedRow,
    HistoryRow,
    MemberRef,
    PeriodSummary,
    RatingRow,
    SuggestionSource,
    auto_exemption,
    get_settings,
    suggestion_source,
)
from app.services.evaluations.entry import list_deeds

# --- reading: the grid, summaries, history ------------------------------------------------------------


def _suggestion_sources() -> Sequence[SuggestionSource | str]:
    """``evaluations.SUGGESTION_SOURCES``, read through the package: that is where callers and tests look."""
    from app.services import evaluations

    return evaluations.SUGGESTION_SOURCES


def ratings(
    db: Database,
    period: str,
    *,
    branch_id: str | None = None,
    member_ids: Sequence[str] | None = None,
    use_sources: bool = True,
) -> list[RatingRow]:
    """Everyone who was a member during the quarter (of the branch and the units below it), with deeds,
    suggestion, decision, exemption and last quarter's level — the evaluation grid.

    ``use_sources=False`` leaves out SUGGESTION_SOURCES (the deeds suggestion only): for re-reading one
    row after a change that cannot move the other sources, e.g. a level or a comment."""
    q = parse_quarter(period)
    prev = q.previous()
    if member_ids is None:  # an account with a unit rates its own subtree
        from app.services.accounts import scoped_unit

        branch_id = scoped_unit(db, branch_id, "查看这个组织的星级评定")
    conf = get_settings(db)
    order = {u.id: i for i, u in enumerate(organizations.units(db))}
    # Core statements on the tables (no ORM entities): nothing to map or load per row, and the compiled
    # statements are cheaper to build — this is the read path of `stars list` and the grid.
    m, o, d, r, c = (
        Member.__table__.c,
        Organization.__table__.c,
        Deed.__table__.c,
        StarRating.__table__.c,
        PeriodComment.__table__.c,
    )
    member_stmt = select(
        m.id,
        m.name,
        m.pinyin_full,
        m.pinyin_initials,
        m.branch_id,
        o.name,
        m.category,
        m.is_mobile,
        m.birth_date,
        m.joined_on,
        m.left_on,
    ).join_from(Member.__table__, Organization.__table__, m.branch_id == o.id)
    if member_ids is not None:
        member_stmt = member_stmt.where(m.id.in_(list(member_ids)))
    member_stmt = member_stmt.where(
        (m.joined_on.is_(None)) | (m.joined_on <= q.ends_on),
        (m.left_on.is_(None)) | (m.left_on >= q.starts_on),
    )
    with db.session() as s:
        if branch_id:
            member_stmt = member_stmt.where(m.branch_id.in_(organizations.unit_and_below(s, branch_id)))
        members = list(s.execute(member_stmt))
        wanted = {row[0] for row in members}
        deeds: dict[str, list[stars.DeedKind]] = defaultdict(list)
        for mid, category, source in s.execute(
            select(d.member_id, d.category, d.source).where(d.period_id == q.id, d.withdrawn_at.is_(None))
        ):
            if mid in wanted:
                deeds[mid].append(stars.DeedKind(category, source))
        current: dict[str, Decision] = {
            row.member_id: Decision(*row[1:])
            for row in s.execute(
                select(
                    r.member_id,
                    r.level,
                    r.exempt,
                    r.exempt_reason,
                    r.reason,
                    r.decided_by,
                    r.decided_at,
                ).where(r.period_id == q.id)
            )
            if row.member_id in wanted
        }
        previous: dict[str, tuple[int | None, bool]] = {
            mid: (lvl, ex)
            for mid, lvl, ex in s.execute(
                select(r.member_id, r.level, r.exempt).where(r.period_id == prev.id)
            )
        }
        comments = {
            mid: text for mid, text in s.execute(select(c.member_id, c.comment).where(c.period_id == q.id))
        }
    extra: list[dict[str, int]] = []
    for named in _suggestion_sources() if use_sources else ():
        extra.append(suggestion_source(named)(db, q.id, sorted(wanted)))
    rows: list[RatingRow] = []
    ends_on = q.ends_on  # a property computed on each call: once, not per member
    for (
        mid,
        name,
        pinyin_full,
        pinyin_initials,
        bid,
        branch,
        category,
        mobile,
        birth,
        joined,
        left,
    ) in members:
        age = age_on(birth, ends_on)
        kinds = deeds.get(mid, [])
        suggestion = stars.combine_suggestions(stars.suggest_from_deeds(kinds), (e.get(mid) for e in extra))
        dec = current.get(mid)
        auto = auto_exemption(conf, category, mobile, age)
        if dec is not None and is_decision(dec):
            exempt, exempt_reason, automatic = dec.exempt, dec.exempt_reason, False
        else:  # no decision yet (a row may hold only the board line): the settings decide
            exempt, exempt_reason, automatic = bool(auto), auto, bool(auto)
        prev_level, prev_exempt = previous.get(mid, (None, False))
        rows.append(
            RatingRow(
                member_id=mid,
                member_name=name,
                pinyin_full=pinyin_full,
                pinyin_initials=pinyin_initials,
                branch_id=bid,
                branch=branch,
                category=category,
                is_mobile=mobile,
                age=age,
                period=q.id,
                deeds=len(kinds),
                serving_deeds=sum(1 for k in kinds if k.serves_residents),
                suggested=None if exempt else suggestion,
                level=None if exempt or dec is None else dec.level,
                exempt=exempt,
                exempt_reason=exempt_reason,
                exempt_automatic=automatic,
                reason=dec.reason if dec else "",
                comment=comments.get(mid, ""),
                decided_by=dec.decided_by if dec else "",
                decided_at=dec.decided_at if dec and dec.decided_by else None,
                previous_level=None if prev_exempt else prev_level,
                previous_exempt=prev_exempt,
                member_last_quarter=was_member_during(prev, joined, left),
            )
        )
    rows.sort(key=lambda r: (order.get(r.branch_id, 0), r.pinyin_full, r.member_name))
    return rows


class Decision(NamedTuple):
    """The branch's decision columns of a star_ratings row, as the grid reads them."""

    level: int | None
    exempt: bool
    exempt_reason: str
    reason: str
    decided_by: str
    decided_at: dt.datetime | None


def is_decision(r: StarRating | Decision) -> bool:
    """A level, an exemption, or "rate this member after all" (set_exempt(..., False), which records a
    decider) overrides automatic exemption; a row holding only the board line does not."""
    return r.exempt or r.level is not None or bool(r.decided_by)


def member_rating(db: Database, member_id: str, period: str, use_sources: bool = True) -> RatingRow:
    rows = ratings(db, period, member_ids=[member_id], use_sources=use_sources)
    if not rows:
        q = parse_quarter(period)
        raise NotFoundError(f"这名党员在{q.label}不在党员名册上")
    return rows[0]


def summary(db: Database, period: str, rows: Sequence[RatingRow] | None = None) -> PeriodSummary:
    """Counts, 闪光言行之星 of the year, risers, and members without stars two quarters running.

    * 闪光言行之星: five stars in any quarter of the year so far (Q1 … this quarter).
    * Without stars: level 0, or no level and no deed (not exempt); "two running" needs the same last
      quarter. Unrated members with deeds are still being decided and are not counted.
    """
    q = parse_quarter(period)
    rows = list(rows) if rows is not None else ratings(db, period)
    out = PeriodSummary(period=q.id, members=len(rows))
    ids = {r.member_id for r in rows}
    year_ids = [x.id for x in q.quarters_of_year_so_far()]
    with db.session() as s:
        five = {
            mid
            for (mid,) in s.execute(
                select(StarRating.member_id).where(
                    StarRating.period_id.in_(year_ids), StarRating.level == 5, StarRating.exempt.is_(False)
                )
            )
        }
        prev_deeds = {
            mid
            for (mid,) in s.execute(
                select(Deed.member_id).where(Deed.period_id == q.previous().id, Deed.withdrawn_at.is_(None))
            )
        }
        prev_period = s.get(EvaluationPeriod, q.previous().id) is not None
    for r in rows:
        ref = MemberRef(r.member_id, r.member_name, r.branch, r.level, r.previous_level)
        if r.exempt:
            out.exempt += 1
            continue
        if r.deeds:
            out.with_deeds += 1
        if r.level is not None:
            out.rated += 1
            out.by_level[r.level] = out.by_level.get(r.level, 0) + 1
        if r.member_id in five and r.member_id in ids:
            out.five_star_of_year.append(ref)
        if r.level is not None and r.previous_level is not None and r.level > r.previous_level:
            out.risers.append(ref)
        no_star_now = r.level == 0 or (r.level is None and r.deeds == 0)
        no_star_before = r.previous_level == 0 or (
            r.previous_level is None and not r.previous_exempt and r.member_id not in prev_deeds
        )
        if prev_period and r.member_last_quarter and no_star_now and no_star_before:
            out.without_stars_twice.append(ref)
    return out


def member_history(db: Database, member_id: str) -> list[HistoryRow]:
    """A member's quarters (newest first): level or exemption, board line, 点评 and deeds."""
    with db.session() as s:
        m = s.get(Member, member_id)
        if m is None:
            raise NotFoundError(f"找不到编号为“{member_id}”的党员")
        periods = {p.id: p for p in s.scalars(select(EvaluationPeriod))}
        rating_rows = {
            r.period_id: r for r in s.scalars(select(StarRating).where(StarRating.member_id == member_id))
        }
        comment_rows = {
            c.period_id: c.comment
            for c in s.scalars(select(PeriodComment).where(PeriodComment.member_id == member_id))
        }
    deeds_by_period: dict[str, list[DeedRow]] = defaultdict(list)
    for d in list_deeds(db, member_id=member_id):
        deeds_by_period[d.period].append(d)
    out: list[HistoryRow] = []
    for pid in sorted(periods, key=parse_quarter, reverse=True):
        q = parse_quarter(pid)
        if not was_member_during(q, m.joined_on, m.left_on):
            continue
        r = rating_rows.get(pid)
        out.append(
            HistoryRow(
                period=pid,
                label=q.label,
                status=periods[pid].status,
                level=r.level if r and not r.exempt else None,
                exempt=bool(r and r.exempt),
                exempt_reason=r.exempt_reason if r else "",
                reason=r.reason if r else "",
                comment=comment_rows.get(pid, ""),
                deeds=sorted(deeds_by_period.get(pid, []), key=lambda d: d.date),
            )
        )
    return out


def current_quarter(today: dt.date | None = None) -> Quarter:
    return quarter_of(today or dt.date.today())
