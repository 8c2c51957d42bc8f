"""Public commitments (公开承诺) and their keeping (践诺): entry, keeping, statistics, copy forward, demo.

Overdue is computed at read time from the deadline and the status, never stored: it changes with the calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Insert, Table, insert, select
from sqlalchemy.orm import Session, aliased

from app.db.database import Database
from app.db.models import (
    Base,
    Commitment,
    CommitmentEvent,
    Member,
    Organization,
    Team,
    TeamMember,
    new_id,
    utcnow,
)
from app.domain.errors import FieldError, NotFoundError, UserError, ValidationError
from app.services import audit, lookup, organizations

ACTIVE = "在册"
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
        query = "".join(query.split()).lower()
        if not query:
            return True
        if query.isascii():
            return self.pinyin_initials.startswith(query) or query in self.pinyin_full
        return query in self.name

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


def _check_draft(s: Session, d: CommitmentDraft, today: dt.date) -> tuple[CommitmentDraft, str]:
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
        if m.status != ACTIVE:
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


def _event(
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


def _get(s: Session, commitment_id: str) -> Commitment:
    c = s.get(Commitment, commitment_id)
    if c is None:
        raise NotFoundError(f"找不到编号为“{commitment_id}”的承诺")
    return c


def resolve_commitment_id(db: Database, ref: str) -> str:
    """A commitment's id from the full id or a unique prefix of at least 4 characters (CLI)."""
    return lookup.resolve_id(db, Commitment, ref, "承诺")


# --- writing ---------------------------------------------------------------------------------------


def add_commitment(db: Database, draft: CommitmentDraft, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    with db.session() as s, s.begin():
        d, _owner = _check_draft(s, draft, today)
        same = select(Commitment.id).where(
            Commitment.year == d.year,
            Commitment.content == d.content,
            Commitment.member_id == d.member_id if d.member_id else Commitment.team_id == d.team_id,
        )
        if s.scalar(same):
            raise UserError(f"{d.year} 年已经登记过同样内容的承诺，不用重复登记")
        c = Commitment(
            member_id=d.member_id,
            team_id=d.team_id,
            year=d.year,
            kind=d.kind,
            content=d.content,
            deadline=d.deadline,
            published_on=d.published_on,
            objection_until=d.objection_until,
            status=IN_PROGRESS,
            note="",
            photo="",
        )
        s.add(c)
        s.flush()
        audit.record(s, db.actor, "create", "commitment", c.id, "content", None, d.content)
        _event(s, db.actor, c, d.published_on or today, "承诺", "", "公示" if d.published_on else "草稿")
        return c.id


def edit_commitment(
    db: Database, commitment_id: str, draft: CommitmentDraft, today: dt.date | None = None
) -> int:
    """Change kind, text, dates of a commitment (owner and year stay). Returns the number of fields changed."""
    today = today or dt.date.today()
    with db.session() as s, s.begin():
        c = _get(s, commitment_id)
        draft.member_id, draft.team_id, draft.year = c.member_id, c.team_id, c.year
        if c.member_id:
            # A member who left keeps their record; correcting its text is still allowed.
            m = s.get(Member, c.member_id)
            if m is not None and m.status != ACTIVE:
                draft.member_id = None
                draft.team_id = None
                d = _check_fields_only(draft, today)
            else:
                d, _ = _check_draft(s, draft, today)
        else:
            d, _ = _check_draft(s, draft, today)
        if c.kept_on and c.kept_on < made_on(d.published_on, c.created_at):
            raise ValidationError("公示日期不能晚于已登记的兑现日期", field="published_on")
        changed = 0
        for key in ("kind", "content", "deadline", "published_on", "objection_until"):
            new = getattr(d, key)
            if getattr(c, key) != new:
                audit.record(s, db.actor, "update", "commitment", c.id, key, getattr(c, key), new)
                setattr(c, key, new)
                changed += 1
        if changed:
            c.updated_at = utcnow()
            _event(s, db.actor, c, today, "修改", c.status, f"修改了 {changed} 项")
        return changed


def _check_fields_only(d: CommitmentDraft, today: dt.date) -> CommitmentDraft:
    d.content = (d.content or "").strip()
    if not d.content:
        raise ValidationError("承诺内容不能为空，请写明承诺做什么", field="content")
    if d.kind not in KINDS:
        raise ValidationError(f"承诺类别只能是{'、'.join(KINDS)}", field="kind")
    if d.deadline and d.published_on and d.deadline < d.published_on:
        raise ValidationError("完成期限不能早于公示日期", field="deadline")
    return d


def keep(
    db: Database,
    commitment_id: str,
    on: dt.date,
    note: str,
    photo: Path | None = None,
    today: dt.date | None = None,
) -> None:
    """践诺: the commitment was kept on ``on``; ``note`` says what was done (evidence)."""
    today = today or dt.date.today()
    note = (note or "").strip()
    if not note:
        raise ValidationError("请写践诺情况：做了什么、帮了谁、结果如何", field="note")
    if on > today:
        raise ValidationError(f"兑现日期 {on} 不能晚于今天", field="date")
    with db.session() as s:
        c = _get(s, commitment_id)
        made = made_on(c.published_on, c.created_at)
        if on < made:
            raise ValidationError(f"兑现日期 {on} 早于承诺公示日期 {made}，请核对", field="date")
        if c.status == KEPT:
            raise UserError(f"这项承诺已在 {c.kept_on} 登记为已兑现")
    photo_name = ""
    if photo is not None:
        from app.services.photos import store_photo

        try:
            photo_name = store_photo(db, photo.read_bytes())
        except OSError as exc:
            raise UserError(f"读不了照片文件：{exc.strerror or exc}") from exc
    with db.session() as s, s.begin():
        c = _get(s, commitment_id)
        before = c.status
        audit.record(s, db.actor, "keep", "commitment", c.id, "status", before, KEPT)
        audit.record(s, db.actor, "keep", "commitment", c.id, "kept_on", c.kept_on, on)
        audit.record(s, db.actor, "keep", "commitment", c.id, "note", c.note, note)
        if photo_name:
            audit.record(s, db.actor, "keep", "commitment", c.id, "photo", c.photo, photo_name)
            c.photo = photo_name
        c.status, c.kept_on, c.note = KEPT, on, note
        c.updated_at = utcnow()
        _event(s, db.actor, c, on, "兑现", before, note)


def fail(db: Database, commitment_id: str, on: dt.date | None = None, note: str = "") -> None:
    """未兑现: the year is over (or the matter fell through) and the promise was not kept."""
    on = on or dt.date.today()
    with db.session() as s, s.begin():
        c = _get(s, commitment_id)
        if c.status not in (IN_PROGRESS, POSTPONED):
            raise UserError(f"这项承诺已经是“{c.status}”，不能再登记为未兑现")
        if on < made_on(c.published_on, c.created_at):
            raise ValidationError("日期不能早于承诺公示日期", field="date")
        before = c.status
        audit.record(s, db.actor, "fail", "commitment", c.id, "status", before, FAILED)
        if note.strip():
            audit.record(s, db.actor, "fail", "commitment", c.id, "note", c.note, note.strip())
            c.note = note.strip()
        c.status = FAILED
        c.updated_at = utcnow()
        _event(s, db.actor, c, on, "未兑现", before, note.strip())


def postpone(
    db: Database,
    commitment_id: str,
    new_deadline: dt.date,
    note: str = "",
    today: dt.date | None = None,
) -> None:
    """延期: a new deadline; overdue again only once that passes."""
    today = today or dt.date.today()
    with db.session() as s, s.begin():
        c = _get(s, commitment_id)
        if c.status not in (IN_PROGRESS, POSTPONED):
            raise UserError(f"这项承诺已经是“{c.status}”，不能延期")
        if new_deadline < today:
            raise ValidationError(
                f"新的完成期限 {new_deadline} 已经过去，请填今天以后的日期", field="deadline"
            )
        if c.deadline and new_deadline <= c.deadline:
            raise ValidationError(f"新的完成期限要晚于原期限 {c.deadline}", field="deadline")
        before = c.status
        audit.record(s, db.actor, "postpone", "commitment", c.id, "deadline", c.deadline, new_deadline)
        audit.record(s, db.actor, "postpone", "commitment", c.id, "status", before, POSTPONED)
        c.status, c.deadline = POSTPONED, new_deadline
        c.updated_at = utcnow()
        _event(s, db.actor, c, today, "延期", before, note.strip())


def reopen(db: Database, commitment_id: str, note: str = "", today: dt.date | None = None) -> None:
    """Undo a 兑现/未兑现 recorded by mistake: back to 承诺中; the history keeps both steps."""
    today = today or dt.date.today()
    with db.session() as s, s.begin():
        c = _get(s, commitment_id)
        if c.status in (IN_PROGRESS, POSTPONED):
            raise UserError("这项承诺本来就在进行中")
        before = c.status
        audit.record(s, db.actor, "reopen", "commitment", c.id, "status", before, IN_PROGRESS)
        audit.record(s, db.actor, "reopen", "commitment", c.id, "kept_on", c.kept_on, None)
        c.status, c.kept_on = IN_PROGRESS, None
        c.updated_at = utcnow()
        _event(s, db.actor, c, today, "撤销", before, note.strip() or "撤销误登记")


def publish(
    db: Database, year: int, on: dt.date, branch_id: str | None = None, objection_until: dt.date | None = None
) -> int:
    """Make the drafts of a year (e.g. copied from last year) public on ``on``. Returns how many."""
    if objection_until and objection_until < on:
        raise ValidationError("公示期截止日不能早于公示日期", field="objection_until")
    with db.session() as s, s.begin():
        stmt = select(Commitment).where(Commitment.year == year, Commitment.published_on.is_(None))
        if branch_id:
            ids = organizations.unit_and_below(s, branch_id)
            stmt = stmt.join(Member, Member.id == Commitment.member_id).where(Member.branch_id.in_(ids))
        n = 0
        for c in s.scalars(stmt):
            audit.record(s, db.actor, "publish", "commitment", c.id, "published_on", None, on)
            c.published_on, c.objection_until = on, objection_until
            if c.deadline and c.deadline < on:
                c.deadline = None
            _event(s, db.actor, c, on, "公示", c.status)
            n += 1
        return n


def copy_forward(db: Database, from_year: int, to_year: int, today: dt.date | None = None) -> int:
    """Last year's commitments as drafts (承诺中, not yet 公示) for the new year. Returns how many copied.

    Skips members who left, and members (or teams) that already have a commitment in the new year.
    """
    today = today or dt.date.today()
    if to_year <= from_year:
        raise ValidationError("只能复制到以后的年度", field="to")
    if not 2000 <= to_year <= today.year + 1:
        raise ValidationError(f"年度“{to_year}”不对，应在 2000 到 {today.year + 1} 之间", field="to")
    shift = to_year - from_year
    with db.session() as s, s.begin():
        have_member = set(
            s.scalars(
                select(Commitment.member_id).where(
                    Commitment.year == to_year, Commitment.member_id.is_not(None)
                )
            )
        )
        have_team = set(
            s.scalars(
                select(Commitment.team_id).where(Commitment.year == to_year, Commitment.team_id.is_not(None))
            )
        )
        source = s.execute(
            select(Commitment, Member.status, Team.active)
            .outerjoin(Member, Member.id == Commitment.member_id)
            .outerjoin(Team, Team.id == Commitment.team_id)
            .where(Commitment.year == from_year)
            .order_by(Commitment.created_at)
        ).all()
        rows: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        now = utcnow()
        for c, member_status, team_active in source:
            if c.member_id and (member_status != ACTIVE or c.member_id in have_member):
                continue
            if c.team_id and (not team_active or c.team_id in have_team):
                continue
            deadline = None
            if c.deadline:
                try:
                    deadline = c.deadline.replace(year=c.deadline.year + shift)
                except ValueError:  # 29 February
                    deadline = c.deadline.replace(year=c.deadline.year + shift, day=28)
            cid = new_id()
            rows.append(
                {
                    "id": cid,
                    "member_id": c.member_id,
                    "team_id": c.team_id,
                    "year": to_year,
                    "kind": c.kind,
                    "content": c.content,
                    "deadline": deadline,
                    "published_on": None,
                    "objection_until": None,
                    "status": IN_PROGRESS,
                    "kept_on": None,
                    "note": "",
                    "photo": "",
                    "created_at": now,
                    "updated_at": now,
                }
            )
            events.append(
                {
                    "id": new_id(),
                    "commitment_id": cid,
                    "happened_on": today,
                    "action": "承诺",
                    "status_before": "",
                    "status_after": IN_PROGRESS,
                    "deadline": deadline,
                    "note": f"从 {from_year} 年复制（草稿）",
                    "recorded_at": now,
                    "recorded_by": db.actor,
                }
            )
        if rows:
            s.execute(_core_insert(Commitment), rows)
            s.execute(_core_insert(CommitmentEvent), events)
            for r in rows:
                audit.record(s, db.actor, "copy", "commitment", r["id"], "year", from_year, to_year)
        return len(rows)


# --- reading ---------------------------------------------------------------------------------------


def _team_members(s: Session, team_ids: set[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    if not team_ids:
        return {}
    for team_id, name in s.execute(
        select(TeamMember.team_id, Member.name)
        .join(Member, Member.id == TeamMember.member_id)
        .where(TeamMember.team_id.in_(team_ids), TeamMember.active.is_(True))
        .order_by(TeamMember.role != "队长", Member.pinyin_full)
    ):
        out.setdefault(team_id, []).append(name)
    return {k: tuple(v) for k, v in out.items()}


_ROW_COLUMNS = (
    Commitment.id,
    Commitment.member_id,
    Commitment.team_id,
    Commitment.year,
    Commitment.kind,
    Commitment.content,
    Commitment.deadline,
    Commitment.published_on,
    Commitment.objection_until,
    Commitment.status,
    Commitment.kept_on,
    Commitment.note,
    Commitment.photo,
    Commitment.created_at,
)


def _query_rows(s: Session, conditions: list[Any], today: dt.date) -> list[CommitmentRow]:
    """Rows for the commitments matching ``conditions`` (columns, not ORM objects: the page loads thousands)."""
    branch = aliased(Organization)
    stmt = (
        select(*_ROW_COLUMNS, Member.name, Member.branch_id, branch.name, Team.name)
        .outerjoin(Member, Member.id == Commitment.member_id)
        .outerjoin(branch, branch.id == Member.branch_id)
        .outerjoin(Team, Team.id == Commitment.team_id)
        .where(*conditions)
    )
    result = s.execute(stmt).all()
    members = _team_members(s, {r[2] for r in result if r[2]})
    out = []
    for (
        cid,
        member_id,
        team_id,
        year,
        kind,
        content,
        deadline,
        published_on,
        objection_until,
        status,
        kept_on,
        note,
        photo,
        created_at,
        member_name,
        branch_id,
        branch_name,
        team_name,
    ) in result:
        out.append(
            CommitmentRow(
                id=cid,
                member_id=member_id,
                member_name=member_name,
                branch_id=branch_id,
                branch=branch_name or "",
                team_id=team_id,
                team=team_name,
                team_members=members.get(team_id or "", ()),
                year=year,
                kind=kind,
                content=content,
                deadline=deadline,
                published_on=published_on,
                objection_until=objection_until,
                status=status,
                kept_on=kept_on,
                note=note,
                photo=photo,
                overdue=published_on is not None and is_overdue(status, deadline, today),
                made_on=made_on(published_on, created_at),
            )
        )
    return out


def _matches_filter(row: CommitmentRow, status: str) -> bool:
    if status == OVERDUE:
        return row.overdue
    if status == DRAFT:
        return row.is_draft
    return row.status == status


def list_commitments(
    db: Database,
    year: int,
    *,
    branch_id: str | None = None,
    status: str | None = None,
    member_id: str | None = None,
    teams: bool = True,
    today: dt.date | None = None,
) -> list[CommitmentRow]:
    """Commitments of a year: members' (by branch, then name) and teams'. With a branch, members' only."""
    today = today or dt.date.today()
    if status and status not in FILTERS[1:]:
        raise ValidationError(f"状态只能是{'、'.join(FILTERS[1:])}，不能是“{status}”", field="status")
    conditions: list[Any] = [Commitment.year == year]
    if member_id:
        conditions.append(Commitment.member_id == member_id)
    elif branch_id:
        with db.session() as s:
            conditions.append(Member.branch_id.in_(organizations.unit_and_below(s, branch_id)))
    elif not teams:
        conditions.append(Commitment.member_id.is_not(None))
    order = {u.id: i for i, u in enumerate(organizations.units(db))}
    with db.session() as s:
        rows = _query_rows(s, conditions, today)
    if status:
        rows = [r for r in rows if _matches_filter(r, status)]
    rows.sort(
        key=lambda r: (
            r.team is not None,
            order.get(r.branch_id or "", 0),
            r.member_name or r.team or "",
            r.made_on,
        )
    )
    return rows


def get_commitment(db: Database, commitment_id: str, today: dt.date | None = None) -> CommitmentRow:
    today = today or dt.date.today()
    with db.session() as s:
        rows = _query_rows(s, [Commitment.id == commitment_id], today)
    if not rows:
        raise NotFoundError(f"找不到编号为“{commitment_id}”的承诺")
    return rows[0]


def history(db: Database, commitment_id: str) -> list[EventRow]:
    with db.session() as s:
        _get(s, commitment_id)
        return [
            EventRow(
                e.happened_on,
                e.action,
                e.status_before,
                e.status_after,
                e.deadline,
                e.note,
                e.recorded_at,
                e.recorded_by,
            )
            for e in s.scalars(
                select(CommitmentEvent)
                .where(CommitmentEvent.commitment_id == commitment_id)
                .order_by(CommitmentEvent.recorded_at, CommitmentEvent.happened_on)
            )
        ]


def member_states(
    db: Database, year: int, branch_id: str | None = None, today: dt.date | None = None
) -> list[MemberState]:
    """The page's list: every 在册 member of the branch, plus members who left but committed that year."""
    today = today or dt.date.today()
    group = aliased(Organization)
    with db.session() as s:
        mstmt = select(
            Member.id,
            Member.name,
            group.name,
            Member.party_post,
            Member.status,
            Member.pinyin_full,
            Member.pinyin_initials,
        ).outerjoin(group, group.id == Member.group_id)
        conditions: list[Any] = [Commitment.year == year, Commitment.member_id.is_not(None)]
        if branch_id:
            ids = organizations.unit_and_below(s, branch_id)
            mstmt = mstmt.where(Member.branch_id.in_(ids))
            conditions.append(Member.branch_id.in_(ids))
        members = s.execute(mstmt).all()
        rows = _query_rows(s, conditions, today)
    by_member: dict[str, list[CommitmentRow]] = {}
    for r in rows:
        by_member.setdefault(r.member_id or "", []).append(r)
    out = []
    for member_id, name, group_name, post, status, pinyin, initials in sorted(
        members, key=lambda m: (m.status != ACTIVE, m.pinyin_full, m.name)
    ):
        mine = by_member.get(member_id, [])
        if status != ACTIVE and not mine:
            continue
        mine.sort(key=lambda r: r.made_on)
        out.append(
            MemberState(member_id, name, group_name or "", post, status, tuple(mine), pinyin, initials)
        )
    return out


def stats(db: Database, year: int, today: dt.date | None = None) -> Stats:
    """Per branch and in total: who should commit, who did, made, kept, overdue, kept rate."""
    today = today or dt.date.today()
    units = [u for u in organizations.units(db) if u.kind != "党小组"]
    rows: dict[str, StatsRow] = {u.id: StatsRow(u.id, u.name) for u in units}
    teams = StatsRow(None, "组团承诺")
    total = StatsRow(None, "合计")
    with db.session() as s:
        member_rows = s.execute(select(Member.id, Member.branch_id, Member.status)).all()
        commitment_rows = s.execute(
            select(
                Commitment.member_id,
                Commitment.team_id,
                Commitment.status,
                Commitment.deadline,
                Commitment.published_on,
            ).where(Commitment.year == year)
        ).all()
    branch_of = {m.id: m.branch_id for m in member_rows}
    active = {m.id for m in member_rows if m.status == ACTIVE}
    committed: set[str] = set()
    for member_id, _team_id, status, deadline, published_on in commitment_rows:
        if member_id:
            row = rows.get(branch_of.get(member_id, ""))
            if row is None:
                row = rows.setdefault(
                    branch_of.get(member_id, ""), StatsRow(branch_of.get(member_id), "（未知支部）")
                )
        else:
            row = teams
        for target in (row, total):
            if published_on is None:
                target.drafts += 1
                continue
            target.made += 1
            if status == KEPT:
                target.kept += 1
            elif status == FAILED:
                target.failed += 1
            else:
                target.in_progress += 1
                if is_overdue(status, deadline, today):
                    target.overdue += 1
        if member_id and published_on is not None:
            committed.add(member_id)
    for member_id in active:
        row = rows.setdefault(branch_of[member_id], StatsRow(branch_of[member_id], "（未知支部）"))
        row.members += 1
        total.members += 1
        if member_id in committed:
            row.with_commitment += 1
            total.with_commitment += 1
        else:
            row.without_commitment += 1
            total.without_commitment += 1
    branches = [r for r in rows.values() if r.members or r.made or r.drafts]
    return Stats(year, branches, teams, total)


def years(db: Database, today: dt.date | None = None) -> list[int]:
    """Years that have commitments, plus this year and next, newest first."""
    today = today or dt.date.today()
    with db.session() as s:
        found = set(s.scalars(select(Commitment.year).distinct()))
    found |= {today.year, today.year + 1}
    return sorted(found, reverse=True)


def _core_insert(model: type[Base]) -> Insert:
    """A Core INSERT on the model's table: one executemany even where some values are None."""
    return insert(cast(Table, model.__table__))
