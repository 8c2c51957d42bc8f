"""Year-end: the democratic review (民主评议) tallies, the grade the branch decides, rule warnings, and the
two-years-不合格 flag (组织处置).

The 1/3 rule is checked per branch (民主评议 is held by the 支部): 优秀 may go to at most floor(n / 3) of the
n members of that branch who are graded (正式党员, not in an exempt tier). A decision that breaks a rule is
stored anyway — the branch decides — and every listing shows the warning next to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Member, utcnow
from app.db.models_points import Review
from app.domain import points as rules
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.services import audit, points, versions


@dataclass(frozen=True)
class ReviewRow:
    member_id: str
    member_name: str
    branch_name: str
    branch_id: str
    star_band: int
    category: str
    tier: str
    total: int
    rank: int
    points_grade: str | None  # from the bands; None: not graded
    ballots: dict[str, int]
    decided_grade: str | None
    final_grade: str | None  # decided, else the points grade
    warnings: tuple[str, ...]
    decided_by: str
    decided_at: dt.datetime | None
    pinyin_full: str = ""
    pinyin_initials: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "member_name": self.member_name,
            "branch": self.branch_name,
            "category": self.category,
            "tier": self.tier,
            "total": self.total,
            "star_band": self.star_band,
            "rank": self.rank,
            "points_grade": self.points_grade,
            "ballots": self.ballots,
            "decided_grade": self.decided_grade,
            "final_grade": self.final_grade,
            "warnings": list(self.warnings),
            "decided_by": self.decided_by,
            "decided_at": self.decided_at.isoformat(timespec="seconds") if self.decided_at else None,
        }


@dataclass(frozen=True)
class FlagRow:
    member_id: str
    member_name: str
    branch_name: str
    year: int
    previous_grade: str
    grade: str
    total: int
    previous_total: int | None

    def as_json(self) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "member_name": self.member_name,
            "branch": self.branch_name,
            "year": self.year,
            "previous_grade": self.previous_grade,
            "grade": self.grade,
            "total": self.total,
            "previous_total": self.previous_total,
            "action": "组织处置（限期整改、劝退或除名）",
        }


def _ballots(r: Review | None) -> dict[str, int]:
    if r is None:
        return dict.fromkeys(rules.GRADES, 0)
    return {
        "优秀": r.votes_excellent,
        "合格": r.votes_qualified,
        "基本合格": r.votes_basic,
        "不合格": r.votes_unqualified,
    }


def review_list(db: Database, year: int, branch_id: str | None = None) -> list[ReviewRow]:
    """Every member under the year's rules with points grade, ballots, decided grade and warnings (by rank)."""
    rows = points.summary(db, year, branch_id)
    with db.session() as s:
        reviews = {r.member_id: r for r in s.scalars(select(Review).where(Review.year == year))}
    graded_in: dict[str, int] = {}
    excellent_in: dict[str, int] = {}
    for r in rows:
        if r.graded:
            graded_in[r.branch_id] = graded_in.get(r.branch_id, 0) + 1
            rv = reviews.get(r.member_id)
            if rv is not None and rv.decided_grade == "优秀":
                excellent_in[r.branch_id] = excellent_in.get(r.branch_id, 0) + 1
    position: dict[str, int] = {}  # place among the branch's 优秀, by rank (rows come ranked)
    seen: dict[str, int] = {}
    for r in rows:
        rv = reviews.get(r.member_id)
        if r.graded and rv is not None and rv.decided_grade == "优秀":
            seen[r.branch_id] = seen.get(r.branch_id, 0) + 1
            position[r.member_id] = seen[r.branch_id]
    out: list[ReviewRow] = []
    for r in rows:
        rv = reviews.get(r.member_id)
        ballots = _ballots(rv)
        decided = rv.decided_grade if rv is not None and r.graded else None
        warnings = rules.decision_warnings(
            decided,
            ballots=ballots,
            points_grade=r.grade,
            excellent_in_scope=excellent_in.get(r.branch_id, 0),
            graded_in_scope=graded_in.get(r.branch_id, 0),
            excellent_position=position.get(r.member_id),
        )
        out.append(
            ReviewRow(
                member_id=r.member_id,
                member_name=r.member_name,
                branch_name=r.branch_name,
                branch_id=r.branch_id,
                star_band=r.star_band,
                category=r.category,
                tier=r.tier,
                total=r.total,
                rank=r.rank,
                points_grade=r.grade,
                ballots=ballots,
                decided_grade=decided,
                final_grade=decided or r.grade,
                warnings=tuple(warnings),
                decided_by=rv.decided_by if rv else "",
                decided_at=rv.decided_at if rv else None,
                pinyin_full=r.pinyin_full,
                pinyin_initials=r.pinyin_initials,
            )
        )
    return out


def set_review(
    db: Database,
    member_id: str,
    year: int,
    ballots: Mapping[str, int] | None = None,
    grade: str | None = None,
    *,
    clear_grade: bool = False,
) -> ReviewRow:
    """Store the ballot tally (from the paper ballots) and/or the grade the branch decided.
    Refused: grading a 预备党员 or a member of an exempt tier (只挂牌不参评), a grade not among the four."""
    if grade is not None and grade not in rules.GRADES:
        raise ValidationError(f"等次只能是{'、'.join(rules.GRADES)}", field="grade")
    if ballots is not None and any(v < 0 for v in ballots.values()):
        raise ValidationError("票数不能是负数", field="ballots")
    with db.session() as s:
        member = s.get(Member, member_id)
        if member is None:
            raise NotFoundError(f"找不到党员（编号 {member_id}）")
        branch_id = member.branch_id
    mine = next((r for r in points.summary(db, year, branch_id) if r.member_id == member_id), None)
    if mine is None:
        raise UserError(f"{member.name}不在{year}年的积分规则范围内（或已不在册），无法评议")
    if grade is not None and mine.category == rules.PROBATIONARY:
        raise UserError(f"{member.name}是预备党员：预备党员参加民主评议，但不评定等次。没有记录")
    if grade is not None and mine.is_exempt:
        raise UserError(f"{member.name}属于“{mine.tier}”（只挂牌不参评），不评定等次。没有记录")
    with db.session() as s, s.begin():
        versions.lock(s, Member, member_id)  # one review per member and year, two clerks at once too
        rv = s.scalar(select(Review).where(Review.member_id == member_id, Review.year == year))
        if rv is None:
            rv = Review(member_id=member_id, year=year, decided_by="")
            s.add(rv)
            s.flush()
            audit.record(s, db.actor, "create", "review", rv.id, "year", None, year)
        if ballots is not None:
            before = _ballots(rv) if rv.decided_by or any(_ballots(rv).values()) else None
            rv.votes_excellent = ballots.get("优秀", 0)
            rv.votes_qualified = ballots.get("合格", 0)
            rv.votes_basic = ballots.get("基本合格", 0)
            rv.votes_unqualified = ballots.get("不合格", 0)
            audit.record(s, db.actor, "update", "review", rv.id, "ballots", before, dict(ballots))
        if grade is not None or clear_grade:
            audit.record(s, db.actor, "update", "review", rv.id, "decided_grade", rv.decided_grade, grade)
            rv.decided_grade = grade
            rv.decided_by = db.actor if grade else ""
            rv.decided_at = utcnow() if grade else None
    return next(r for r in review_list(db, year, branch_id) if r.member_id == member_id)


def final_grades(db: Database, year: int) -> dict[str, tuple[str | None, int]]:
    """member id → (final grade, total) for a year: the decided grade if any, else the points grade."""
    return {r.member_id: (r.final_grade, r.total) for r in review_list(db, year)}


def flagged(db: Database, year: int, current: list[ReviewRow] | None = None) -> list[FlagRow]:
    """连续两年不合格: 不合格 in ``year`` and in the year before → 组织处置 (限期整改、劝退或除名).
    ``current``: this year's review list when the caller already has it (saves recomputing it)."""
    if current is None:
        current = review_list(db, year)
    previous = final_grades(db, year - 1)
    out: list[FlagRow] = []
    for r in current:
        prev_grade, prev_total = previous.get(r.member_id, (None, None))
        if rules.flagged_two_years(prev_grade, r.final_grade):
            assert prev_grade is not None and r.final_grade is not None
            out.append(
                FlagRow(
                    r.member_id,
                    r.member_name,
                    r.branch_name,
                    year,
                    prev_grade,
                    r.final_grade,
                    r.total,
                    prev_total,
                )
            )
    return out


def prefill_decisions(db: Database, year: int, branch_id: str | None = None) -> int:
    """Fill every undecided grade from the points grade, giving 优秀 by rank only up to floor(n/3) per branch
    (the rest of the points-优秀 get 合格). Decided grades are left alone. Returns how many were filled."""
    rows = review_list(db, year, branch_id)
    branch_of = {r.member_id: r.branch_id for r in rows}
    graded_in: dict[str, int] = {}
    excellent_in: dict[str, int] = {}
    for r in rows:
        if r.points_grade is not None:
            b = branch_of[r.member_id]
            graded_in[b] = graded_in.get(b, 0) + 1
            if r.decided_grade == "优秀":
                excellent_in[b] = excellent_in.get(b, 0) + 1
    filled = 0
    now = utcnow()
    with db.session() as s, s.begin():
        existing = {rv.member_id: rv for rv in s.scalars(select(Review).where(Review.year == year))}
        for r in sorted(rows, key=lambda r: r.rank):
            if r.points_grade is None or r.decided_grade is not None:
                continue
            b = branch_of[r.member_id]
            grade = r.points_grade
            if grade == "优秀":
                if excellent_in.get(b, 0) >= rules.excellent_limit(graded_in[b]):
                    grade = "合格"
                else:
                    excellent_in[b] = excellent_in.get(b, 0) + 1
            rv = existing.get(r.member_id)
            if rv is None:
                rv = Review(member_id=r.member_id, year=year)
                s.add(rv)
                s.flush()
            rv.decided_grade = grade
            rv.decided_by = db.actor
            rv.decided_at = now
            audit.record(s, db.actor, "update", "review", rv.id, "decided_grade", None, grade)
            filled += 1
    return filled
