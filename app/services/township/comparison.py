"""The villages side by side (乡镇汇总's comparison table, `township compare`): for one quarter, per unit under the
township's root — members on the roll, the year's commitments made and kept, the quarter's star distribution, the
year's points grades, meetings held in the quarter and requests resolved in it. Reading only; a handful of
grouped queries for the whole township, whatever its size.

A row belongs to a village through the organisation tree (a member's branch, a meeting's unit); rows with no unit
of their own (requests, team commitments) through the village that sent them (``township_rows``), else through
the member they are assigned to. What belongs to none of the villages counts under （乡镇本级）.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.models import Member, Organization
from app.db.models_commitments import Commitment
from app.db.models_evaluations import StarRating
from app.db.models_routine import Meeting
from app.db.models_service import ServiceRequest
from app.db.models_township import TownshipRow
from app.domain.errors import UserError
from app.domain.member_status import MemberStatus
from app.domain.natural_order import natural_key
from app.domain.periods import parse_quarter, quarter_of
from app.services import points
from app.services.commitments.common import KEPT
from app.services.store import Database

STAR_NAMES = ("五星", "四星", "三星", "二星", "一星", "无星")
GRADE_NAMES = ("优秀", "合格", "基本合格", "不合格", "不评")
OWN = "（乡镇本级）"
TOTAL = "合计"


@dataclass
class VillageFigures:
    unit_id: str | None
    unit: str
    members: int = 0
    commitments_made: int = 0
    commitments_kept: int = 0
    stars: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAR_NAMES, 0))
    grades: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GRADE_NAMES, 0))
    meetings: int = 0
    requests_resolved: int = 0

    @property
    def kept_rate(self) -> float | None:
        return (
            round(100.0 * self.commitments_kept / self.commitments_made, 1) if self.commitments_made else None
        )

    def add(self, other: VillageFigures) -> None:
        self.members += other.members
        self.commitments_made += other.commitments_made
        self.commitments_kept += other.commitments_kept
        self.meetings += other.meetings
        self.requests_resolved += other.requests_resolved
        for name in STAR_NAMES:
            self.stars[name] += other.stars[name]
        for name in GRADE_NAMES:
            self.grades[name] += other.grades[name]


@dataclass(frozen=True)
class Comparison:
    period: str  # the quarter, e.g. 2026Q3
    year: int
    rows: list[VillageFigures]  # the villages in tree order, then （乡镇本级） if anything is counted there
    total: VillageFigures


def default_period(today: dt.date | None = None) -> str:
    """The last finished quarter: the one whose stars a township compares."""
    this = quarter_of(today or dt.date.today())
    return quarter_of(this.starts_on - dt.timedelta(days=1)).id


def _villages(s: Session) -> tuple[str, list[tuple[str, str]], dict[str, str]]:
    """(the root's id, the units under it in order, every unit's village)."""
    orgs = s.execute(
        select(Organization.id, Organization.parent_id, Organization.name, Organization.sort_order)
    ).all()
    roots = [o for o in orgs if o.parent_id is None]
    if len(roots) != 1:
        raise UserError("还没有设置乡镇党委（根组织），无法比较各村。")
    root = roots[0].id
    tops = sorted((o for o in orgs if o.parent_id == root), key=lambda o: (o.sort_order, natural_key(o.name)))
    parent = {o.id: o.parent_id for o in orgs}
    village: dict[str, str] = {root: root}
    for oid in parent:
        walked: list[str] = []
        at: str | None = oid
        while at is not None and at not in village and len(walked) <= len(parent):
            if parent.get(at) == root:
                village[at] = at
                break
            walked.append(at)
            at = parent.get(at)
        top = village.get(at, root) if at is not None else root
        for unit in walked:
            village[unit] = top
    return root, [(o.id, o.name) for o in tops], village


def _senders(s: Session, table: str) -> dict[str, str]:
    """row id → the village that sent it (merged rows only)."""
    return dict(
        s.execute(
            select(TownshipRow.row_id, TownshipRow.village_id).where(TownshipRow.table_name == table)
        ).all()
    )


def compare(db: Database, period: str | None = None, today: dt.date | None = None) -> Comparison:
    from app.services.township.merge import require_whole_tree

    require_whole_tree(db)
    quarter = parse_quarter(period or default_period(today))
    year = quarter.starts_on.year
    with db.session() as s:
        root, tops, village = _villages(s)
        figures = {uid: VillageFigures(uid, name) for uid, name in tops}
        own = VillageFigures(root, OWN)

        def row(unit_id: str | None) -> VillageFigures:
            return figures.get(village.get(unit_id or "", root), own)

        members = s.execute(select(Member.id, Member.branch_id, Member.status)).all()
        home = {m.id: m.branch_id for m in members}
        for m in members:
            if m.status == MemberStatus.ACTIVE:
                row(m.branch_id).members += 1
        made = s.execute(
            select(Commitment.id, Commitment.member_id, Commitment.status).where(
                Commitment.year == year, Commitment.published_on.is_not(None)
            )
        ).all()
        sent = _senders(s, "commitments")
        for cid, member_id, status in made:
            target = row(home.get(member_id)) if member_id else row(sent.get(cid))
            target.commitments_made += 1
            target.commitments_kept += status == KEPT
        ratings = s.execute(
            select(Member.branch_id, StarRating.level, func.count())
            .join(Member, Member.id == StarRating.member_id)
            .where(
                StarRating.period_id == quarter.id,
                StarRating.exempt.is_(False),
                StarRating.level.is_not(None),
            )
            .group_by(Member.branch_id, StarRating.level)
        ).all()
        for branch_id, level, n in ratings:
            row(branch_id).stars[STAR_NAMES[5 - int(level or 0)]] += n
        held = s.execute(
            select(Meeting.unit_id, func.count())
            .where(
                Meeting.date.between(quarter.starts_on, quarter.ends_on),
                Meeting.withdrawn_at.is_(None),
            )
            .group_by(Meeting.unit_id)
        ).all()
        for unit_id, n in held:
            row(unit_id).meetings += n
        resolved = s.execute(
            select(ServiceRequest.id, ServiceRequest.assigned_member_id).where(
                ServiceRequest.resolved_on.between(quarter.starts_on, quarter.ends_on)
            )
        ).all()
        sent = _senders(s, "service_requests")
        for rid, member_id in resolved:
            village_id = sent.get(rid)
            (row(village_id) if village_id else row(home.get(member_id or ""))).requests_resolved += 1
    for graded in _points_summary(db, year):
        row(graded["branch_id"]).grades[graded["grade"] or "不评"] += 1
    rows = [figures[uid] for uid, _name in tops]
    if any(_counted(own)):
        rows.append(own)
    total = VillageFigures(None, TOTAL)
    for r in rows:
        total.add(r)
    return Comparison(quarter.id, year, rows, total)


def _points_summary(db: Database, year: int) -> list[dict[str, Any]]:
    try:
        return [{"branch_id": r.branch_id, "grade": r.grade} for r in points.summary(db, year)]
    except UserError:  # no rules for the year: nobody graded
        return []


def _counted(r: VillageFigures) -> list[int]:
    return [
        r.members,
        r.commitments_made,
        r.meetings,
        r.requests_resolved,
        *r.stars.values(),
        *r.grades.values(),
    ]


HEADINGS: tuple[tuple[str, str], ...] = (
    ("unit", "单位"),
    ("members", "在册党员"),
    ("commitments_made", "承诺（件）"),
    ("commitments_kept", "已兑现"),
    ("kept_rate", "兑现率%"),
    *((f"stars_{n}", n) for n in STAR_NAMES),
    *((f"grade_{n}", f"积分{n}") for n in GRADE_NAMES),
    ("meetings", "召开会议"),
    ("requests_resolved", "办结求助"),
)


def records(comparison: Comparison) -> list[dict[str, Any]]:
    """One flat record per village and the total (the JSON of `township compare`, the table, the Excel sheet)."""
    out = []
    for r in [*comparison.rows, comparison.total]:
        record: dict[str, Any] = {
            "period": comparison.period,
            "unit_id": r.unit_id,
            "unit": r.unit,
            "members": r.members,
            "commitments_made": r.commitments_made,
            "commitments_kept": r.commitments_kept,
            "kept_rate": r.kept_rate,
        }
        record.update({f"stars_{n}": r.stars[n] for n in STAR_NAMES})
        record.update({f"grade_{n}": r.grades[n] for n in GRADE_NAMES})
        record.update({"meetings": r.meetings, "requests_resolved": r.requests_resolved})
        out.append(record)
    return out
