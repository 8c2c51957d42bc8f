"""Public commitments' plain values, status rules and the checks every change goes through."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Member
from app.db.models_commitments import Commitment, CommitmentEvent, Team
from app.domain import pinyin
from app.domain.errors import FieldError, NotFoundError, UserError, ValidationError
from app.domain.member_status import MemberStatus
from app.services import lookup

KINDS = ("依岗承诺", "因事承诺", "具体承诺")
IN_PROGRESS = "承诺中"
KEPT = "已兑现"
FAILED = "未兑现"
POSTPONED = "延期"
STATUSES = (IN_PROGRESS, KEPT, FAILED, POSTPONED)
OVERDUE = "逾期"
NONE = "无承诺"
DRAFT = "未公示"
# What the page and `list --status` filter on: the stored statuses plus the computed ones.
FILTERS = (NONE, DRAFT, IN_PROGRESS, POSTPONED, OVERDUE, KEPT, FAILED)
MAX_CONTENT = 1000

# Common promises offered as text templates in the entry panel (a settings key can replace them later).
TEMPLATES = (
    "带头参加村级环境整治，每月不少于2次",
    "结对帮扶1户困难群众，每季度走访不少于1次",
    "做好垃圾分类宣传，带动身边10户家庭分类投放",
    "调解邻里纠纷，及时向村党组织反映群众诉求",
    "参加治安巡防，每月不少于2次",
    "带头遵守村规民约，移风易俗，红白喜事从简",
    "联系5户群众，每季度走访一次，收集意见建议",
    "参加志愿服务活动，全年不少于6次",
    "按时足额交纳党费，按时参加组织生活",
    "带头学习党的理论，全年撰写学习笔记不少于4篇",
    "关心关爱空巢老人、留守儿童，每月看望1次",
    "带头做好庭院整洁和美丽乡村建设",
)


def is_overdue(status: str, deadline: dt.date | None, today: dt.date) -> bool:
    """Deadline passed and the promise still open (承诺中, or 延期 past its new deadline)."""
    return status in (IN_PROGRESS, POSTPONED) and deadline is not None and deadline < today


def made_on(published_on: dt.date | None, created_at: dt.datetime) -> dt.date:
    """When the commitment was made: the 公示 date, or for a draft the day it was entered."""
    return published_on or created_at.date()


@dataclass
class CommitmentDraft:
    """What the entry panel and the CLI fill in. Exactly one of member_id and team_id."""

    year: int
    kind: str
    content: str
    member_id: str | None = None
    team_id: str | None = None
    deadline: dt.date | None = None
    published_on: dt.date | None = None
    objection_until: dt.date | None = None


@dataclass(frozen=True)
class CommitmentRow:
    id: str
    member_id: str | None
    member_name: str | None
    branch_id: str | None
    branch: str
    team_id: str | None
    team: str | None
    team_members: tuple[str, ...]
    year: int
    kind: str
    content: str
    deadline: dt.date | None
    published_on: dt.date | None
    objection_until: dt.date | None
    status: str
    kept_on: dt.date | None
    note: str
    photo: str
    overdue: bool
    made_on: dt.date
    version: int = 0  # hand it back to edit_commitment (optimistic locking)

    @property
    def is_draft(self) -> bool:
        return self.published_on is None

    @property
    def display_status(self) -> str:
        """One word for lists: 逾期 wins over 承诺中/延期; a draft says 未公示."""
        if self.overdue:
            return OVERDUE
        if self.is_draft and self.status == IN_PROGRESS:
            return DRAFT
        return self.status

    def as_json(self) -> dict[str, Any]:
        def iso(d: dt.date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "id": self.id,
            "member_id": self.member_id,
            "member_name": self.member_name,
            "team": self.team,
            "year": self.year,
            "kind": self.kind,
            "content": self.content,
            "deadline": iso(self.deadline),
            "published_on": iso(self.published_on),
            "status": self.status,
            "kept_on": iso(self.kept_on),
            "note": self.note,
            "overdue": self.overdue,
        }


@dataclass(frozen=True)
class EventRow:
    happened_on: dt.date
    action: str
    status_before: str
    status_after: str
    deadline: dt.date | None
    note: str
    recorded_at: dt.datetime
    recorded_by: str


@dataclass(frozen=True)
class MemberState:
    """One member of a branch for a year, with their commitments, as the page lists them."""

    member_id: str
    name: str
    group: str
    party_post: str
    member_status: str
    commitments: tuple[CommitmentRow, ...]
    pinyin_full: str = ""
    pinyin_initials: str = ""

    def matches(self, query: str) -> bool:
        """Find as the clerk types: pinyin initials (zw → 张伟), full pinyin, or part of the name."""
        return pinyin.matches(
            pinyin.find_key(self.name, self.pinyin_full, self.pinyin_initials), pinyin.normalize_query(query)
        )

    @property
    def state(self) -> str:
        """At a glance: 无承诺 / 未公示 / 承诺中 / 逾期 / 未兑现 / 已兑现."""
        rows = self.commitments
        if not rows:
            return NONE
        if any(c.overdue for c in rows):
            return OVERDUE
        if any(c.status in (IN_PROGRESS, POSTPONED) and not c.is_draft for c in rows):
            return IN_PROGRESS
        if any(c.is_draft and c.status == IN_PROGRESS for c in rows):
            return DRAFT
        if any(c.status == FAILED for c in rows):
            return FAILED
        return KEPT


@dataclass
class StatsRow:
    unit_id: str | None
    unit: str
    members: int = 0  # 在册 members who should commit
    with_commitment: int = 0
    without_commitment: int = 0
    made: int = 0  # published commitments (drafts excluded)
    kept: int = 0
    failed: int = 0
    overdue: int = 0
    in_progress: int = 0
    drafts: int = 0

    @property
    def kept_rate(self) -> float | None:
        return round(100.0 * self.kept / self.made, 1) if self.made else None

    def as_json(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "unit": self.unit,
            "members": self.members,
            "with_commitment": self.with_commitment,
            "without_commitment": self.without_commitment,
            "made": self.made,
            "kept": self.kept,
            "failed": self.failed,
            "overdue": self.overdue,
            "in_progress": self.in_progress,
            "drafts": self.drafts,
            "kept_rate": self.kept_rate,
        }


@dataclass
class Stats:
    year: int
    branches: list[StatsRow]
    teams: StatsRow
    total: StatsRow
    _: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "branches": [b.as_json() for b in self.branches],
            "teams": self.teams.as_json(),
            "total": self.total.as_json(),
        }


# --- validation ----------------------------------------------------------------------------------


def check_draft(s: Session, d: CommitmentDraft, today: dt.date) -> tuple[CommitmentDraft, str]:
    """Normalise and check a draft; returns it and the owner's display name."""
    errors: list[FieldError] = []
    d.content = (d.content or "").strip()
    owner = ""
    if bool(d.member_id) == bool(d.team_id):
        errors.append(FieldError("member", "承诺要么属于一名党员，要么属于一个队伍（组团承诺），请选其一"))
    elif d.member_id:
        m = s.get(Member, d.member_id)
        if m is None:
            raise NotFoundError(f"找不到编号为“{d.member_id}”的党员")
        if m.status != MemberStatus.ACTIVE:
            raise UserError(f"{m.name}已经{m.status}，不在册，不能再登记新的承诺；原有承诺记录保留")
        owner = m.name
    else:
        team = s.get(Team, d.team_id)
        if team is None:
            raise NotFoundError("找不到这个队伍")
        if not team.active:
            raise UserError(f"队伍“{team.name}”已停用，不能登记新的组团承诺")
        owner = team.name
    if not d.content:
        errors.append(FieldError("content", "承诺内容不能为空，请写明承诺做什么"))
    elif len(d.content) > MAX_CONTENT:
        errors.append(
            FieldError("content", f"承诺内容太长（{len(d.content)} 字），请控制在 {MAX_CONTENT} 字以内")
        )
    if d.kind not in KINDS:
        errors.append(FieldError("kind", f"承诺类别只能是{'、'.join(KINDS)}，不能是“{d.kind}”"))
    if not isinstance(d.year, int) or not 2000 <= d.year <= today.year + 1:
        errors.append(FieldError("year", f"年度“{d.year}”不对，应在 2000 到 {today.year + 1} 之间"))
    if d.published_on and isinstance(d.year, int) and not d.year - 1 <= d.published_on.year <= d.year:
        errors.append(FieldError("published_on", f"公示日期 {d.published_on} 不在 {d.year} 年度内"))
    if d.deadline:
        if d.published_on and d.deadline < d.published_on:
            errors.append(FieldError("deadline", "完成期限不能早于公示日期"))
        elif isinstance(d.year, int) and d.deadline < dt.date(max(d.year, 1), 1, 1):
            errors.append(FieldError("deadline", f"完成期限不能早于 {d.year} 年"))
    if d.objection_until:
        if not d.published_on:
            errors.append(FieldError("objection_until", "有公示期就要先填公示日期"))
        elif d.objection_until < d.published_on:
            errors.append(FieldError("objection_until", "公示期截止日不能早于公示日期"))
    if errors:
        raise ValidationError(errors)
    return d, owner


def record_event(
    s: Session,
    actor: str,
    c: Commitment,
    on: dt.date,
    action: str,
    before: str,
    note: str = "",
) -> None:
    s.add(
        CommitmentEvent(
            commitment_id=c.id,
            happened_on=on,
            action=action,
            status_before=before,
            status_after=c.status,
            deadline=c.deadline,
            note=note,
            recorded_by=actor,
        )
    )


def load_commitment(s: Session, commitment_id: str) -> Commitment:
    c = s.get(Commitment, commitment_id)
    if c is None:
        raise NotFoundError(f"找不到编号为“{commitment_id}”的承诺")
    return c


def resolve_commitment_id(db: Database, ref: str) -> str:
    """A commitment's id from the full id or a unique prefix of at least 4 characters (CLI)."""
    return lookup.resolve_id(db, Commitment, ref, "承诺")
