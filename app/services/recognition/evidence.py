"""What the program already knows about a branch's year (the assessment's suggestions) and a member's (nominee
evidence). Every figure comes with its evidence line; grouped queries keep 20 branches × 2,000 members fast."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Member
from app.db.models_commitments import Commitment, Team
from app.db.models_evaluations import Deed, StarRating
from app.db.models_points import PointEntry
from app.db.models_projects import Project
from app.db.models_routine import Attendance, DuesPayment, Meeting
from app.db.models_service import ServiceRequest
from app.domain import project_rules, routine
from app.domain.member_status import MemberStatus
from app.services import meetings, organizations
from app.services.recognition.common import branch_of_unit

RESOLVED = ("办结", "已回访")
SATISFIED = ("满意", "基本满意")


@dataclass(frozen=True)
class Measure:
    fraction: float | None  # None: nothing to measure (no suggestion from it)
    evidence: str


def _ratio(done: int, of: int, what: str) -> Measure:
    if of == 0:
        return Measure(None, f"{what}：无数据")
    return Measure(done / of, f"{what}：{done}/{of}（{round(100 * done / of)}%）")


def _expected_meetings(db: Database, year: int) -> tuple[Counter[str], Counter[str]]:
    """Per unit: the meetings expected in the year's quarters, and those held against them — each kind counted
    up to what it expects in its quarter (ten 主题党日 do not make up for a missing 支委会)."""
    expected: Counter[str] = Counter()
    held: Counter[str] = Counter()
    units = organizations.units(db)  # once for the four quarters
    for q in range(1, 5):
        for k in meetings.expected_counts(db, routine_quarter(year, q), units=units):
            expected[k.unit_id] += k.expected
            held[k.unit_id] += min(k.held, k.expected)
    return expected, held


def routine_quarter(year: int, q: int) -> Any:
    from app.domain.periods import Quarter

    return Quarter(year, q)


def _projects_completed(db: Database, year: int) -> tuple[dict[str, int], str]:
    """Projects completed per unit of their claimant (issue 18's ledger); re-keyed to branches by the caller."""
    from app.services.projects import stats as project_stats

    return project_stats.completed_by_unit(db, year), "项目：来自服务项目台账（认领人所在支部，队伍按队长）"


def branch_measures(
    db: Database, year: int, branch_ids: list[str], *, only_these: bool = False
) -> dict[str, dict[str, Measure]]:
    """For each branch: 会议, 出勤, 党费, 承诺, 星级, 求助, 满意度, 项目 — each a fraction with its evidence.

    ``only_these``: read only these branches' members' records (scoring one branch), not the whole roster's."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    expected, held_as_expected = _expected_meetings(db, year)
    by_unit, projects_note = _projects_completed(db, year)
    with db.session() as s:
        to_branch = branch_of_unit(s)
        projects: Counter[str] = Counter()
        for unit_id, n in by_unit.items():
            projects[to_branch.get(unit_id, unit_id)] += n
        roster = select(Member.id, Member.branch_id).where(Member.status == MemberStatus.ACTIVE)
        wanted_units: set[str] | None = None
        if only_these:  # the members and meetings counting under these branches (a 党小组's under its branch)
            wanted_units = set(branch_ids) | {u for u, b in to_branch.items() if b in branch_ids}
            roster = roster.where(Member.branch_id.in_(wanted_units))
        members = {mid: to_branch.get(bid, bid) for mid, bid in s.execute(roster)}
        ids = roster.with_only_columns(Member.id)

        def narrow(column: Any) -> list[Any]:  # a member column kept to those members (only_these), or as is
            return [column.in_(ids)] if only_these else []

        size = Counter(members.values())
        held: Counter[str] = Counter()
        exp_by_branch: Counter[str] = Counter()
        for uid, n in held_as_expected.items():
            held[to_branch.get(uid, uid)] += n
        for uid, n in expected.items():
            exp_by_branch[to_branch.get(uid, uid)] += n
        present, marked = _attendance(s, start, end, to_branch, wanted_units)
        paid = {
            mid
            for (mid,) in s.execute(
                select(DuesPayment.member_id)
                .where(
                    DuesPayment.paid_on.between(start, end),
                    DuesPayment.withdrawn_at.is_(None),
                    *narrow(DuesPayment.member_id),
                )
                .distinct()
            )
        }
        kept, promised = Counter[str](), Counter[str]()
        for mid, status in s.execute(
            select(Commitment.member_id, Commitment.status).where(
                Commitment.year == year,
                Commitment.member_id.is_not(None),
                Commitment.published_on.is_not(None),
                *narrow(Commitment.member_id),
            )
        ):
            b = members.get(mid or "")
            if b:
                promised[b] += 1
                kept[b] += status == "已兑现"
        rated = {
            mid
            for (mid,) in s.execute(
                select(StarRating.member_id)
                .where(
                    StarRating.period_id.startswith(str(year)),
                    StarRating.level.is_not(None),
                    *narrow(StarRating.member_id),
                )
                .distinct()
            )
        }
        resolved, assigned, happy, asked = Counter[str](), Counter[str](), Counter[str](), Counter[str]()
        for mid, status, satisfaction in s.execute(
            select(
                ServiceRequest.assigned_member_id, ServiceRequest.status, ServiceRequest.satisfaction
            ).where(
                ServiceRequest.raised_on.between(start, end),
                ServiceRequest.withdrawn_at.is_(None),
                ServiceRequest.assigned_member_id.is_not(None),
                *narrow(ServiceRequest.assigned_member_id),
            )
        ):
            b = members.get(mid or "")
            if b:
                assigned[b] += 1
                resolved[b] += status in RESOLVED
                if satisfaction:
                    asked[b] += 1
                    happy[b] += satisfaction in SATISFIED
    paid_by = Counter(b for mid, b in members.items() if mid in paid)
    rated_by = Counter(b for mid, b in members.items() if mid in rated)
    out: dict[str, dict[str, Measure]] = {}
    for b in branch_ids:
        done = projects.get(b, 0)
        out[b] = {
            "会议": _ratio(min(held[b], exp_by_branch[b]), exp_by_branch[b], "应开会议已开"),
            "出勤": _ratio(present[b], marked[b], "组织生活出勤"),
            "党费": _ratio(paid_by[b], size[b], "本年交过党费的党员"),
            "承诺": _ratio(kept[b], promised[b], "公开承诺已践诺"),
            "星级": _ratio(rated_by[b], size[b], "参加星级评定的党员"),
            "求助": _ratio(resolved[b], assigned[b], "交办的求助已办结"),
            "满意度": _ratio(happy[b], asked[b], "回访满意"),
            "项目": Measure(min(done, 3) / 3 if done else None, f"{projects_note}：完成 {done} 个"),
        }
    return out


def _attendance(
    s: Session, start: dt.date, end: dt.date, to_branch: dict[str, str], units: set[str] | None = None
) -> tuple[Counter[str], Counter[str]]:
    present, marked = Counter[str](), Counter[str]()
    for uid, mark, n in s.execute(
        select(Meeting.unit_id, Attendance.mark, func.count())
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(
            Meeting.date.between(start, end),
            Meeting.withdrawn_at.is_(None),
            Attendance.expected.is_(True),
            Attendance.mark != "",
            *([Meeting.unit_id.in_(units)] if units is not None else []),
        )
        .group_by(Meeting.unit_id, Attendance.mark)
    ):
        b = to_branch.get(uid, uid)
        marked[b] += n
        present[b] += n if mark == routine.PRESENT else 0
    return present, marked


def member_evidence(db: Database, member_id: str, year: int) -> list[dict[str, str]]:
    """The records that can support a nomination: the year's deeds, resolved requests, completed service projects
    (claimed by the member or a team they lead) and points total."""
    with db.session() as s:
        out = [
            {"kind": "闪光言行", "id": d.id, "text": f"{d.date} {d.text}"}
            for d in s.scalars(
                select(Deed)
                .where(
                    Deed.member_id == member_id,
                    Deed.period_id.startswith(str(year)),
                    Deed.withdrawn_at.is_(None),
                )
                .order_by(Deed.date)
            )
        ]
        out += [
            {"kind": "为民办事", "id": r.id, "text": f"{r.resolved_on} {r.text[:40]}"}
            for r in s.scalars(
                select(ServiceRequest).where(
                    ServiceRequest.assigned_member_id == member_id,
                    ServiceRequest.status.in_(RESOLVED),
                    ServiceRequest.withdrawn_at.is_(None),
                    ServiceRequest.raised_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
                )
            )
        ]
        led = select(Team.id).where(Team.leader_id == member_id)
        out += [
            {"kind": "服务项目", "id": p.id, "text": f"{p.completed_on} 完成“{p.title}”"}
            for p in s.scalars(
                select(Project)
                .where(
                    ((Project.claimant_kind == project_rules.MEMBER) & (Project.claimant_id == member_id))
                    | ((Project.claimant_kind == project_rules.TEAM) & Project.claimant_id.in_(led)),
                    Project.status.in_((project_rules.DONE, project_rules.JUDGED)),
                    Project.completed_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)),
                )
                .order_by(Project.completed_on)
            )
        ]
        total = s.scalar(
            select(func.coalesce(func.sum(PointEntry.points), 0)).where(
                PointEntry.member_id == member_id, PointEntry.year == year
            )
        )
        out.append({"kind": "积分", "id": "", "text": f"{year} 年积分 {total} 分"})
        return out
