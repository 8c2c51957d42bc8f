"""闪光言行考评: quarters, deeds, 点评 comments and star ratings, with the rules of DOMAIN.md §1.

Rules enforced here (the domain rules themselves live in app.domain.stars and app.domain.periods):

* A quarter is opened (created) on demand, entries are made while it is open, and it is closed when the
  results are published. A closed quarter is read-only; reopening needs a reason and is audited.
* Only members who were on the roll during the quarter can get deeds or a level.
* No deed, no star: levels 1–5 need at least one (not withdrawn) deed in the quarter.
* Exempt members (只挂牌不参评) have no level. Exemption is automatic for members aged
  ``exempt_age``+ at the quarter's end (70 by default) and, when the settings say so, for 预备党员 and
  mobile members; a branch decision (a level, or an explicit exemption) always overrides the automatic one.
* The suggested level never overwrites a decision: it is computed on reading, never stored.

Points bands can feed the suggestion later without this module importing the points code: append a
function to ``SUGGESTION_SOURCES`` (see its comment).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.bulk import insert_rows
from app.db.database import Database
from app.db.models import (
    Base,
    Deed,
    EvaluationPeriod,
    Member,
    Organization,
    PeriodComment,
    Setting,
    StarRating,
    new_id,
    utcnow,
)
from app.domain import stars
from app.domain.dates import parse_date
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.domain.periods import Quarter, age_on, parse_quarter, quarter_of, was_member_during
from app.services import audit, organizations, photos, settings

OPEN = "open"
CLOSED = "closed"
STATUS_LABELS = {OPEN: "考评中", CLOSED: "已公示"}

# Organisation settings (app.services.settings keys) and their defaults.
SETTING_INCLUDE_PROBATIONARY = "evaluations.include_probationary"
SETTING_INCLUDE_MOBILE = "evaluations.include_mobile"
SETTING_EXEMPT_AGE = "evaluations.exempt_age"  # None: no automatic exemption by age
SETTING_CATEGORIES = "evaluations.deed_categories"
DEFAULT_EXEMPT_AGE = 70

# Extra suggestion sources, e.g. the points ledger's year bands. Each is called as
# ``source(db, period_id, member_ids) -> {member_id: level 0–5}`` (members it knows nothing about are
# simply left out); its level is combined with the deeds suggestion by stars.combine_suggestions (the
# lower wins; no deeds → no suggestion). The points area registers itself with
# ``evaluations.SUGGESTION_SOURCES.append(fn)``; this module never imports it.
SuggestionSource = Callable[[Database, str, Sequence[str]], dict[str, int]]
SUGGESTION_SOURCES: list[SuggestionSource] = []


# --- plain values handed to the CLI and the GUI ------------------------------------------------------


@dataclass(frozen=True)
class PeriodRow:
    id: str
    starts_on: dt.date
    ends_on: dt.date
    status: str
    closed_at: dt.datetime | None
    closed_by: str
    reopen_reason: str

    @property
    def label(self) -> str:
        return parse_quarter(self.id).label

    @property
    def is_open(self) -> bool:
        return self.status == OPEN

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "starts_on": self.starts_on.isoformat(),
            "ends_on": self.ends_on.isoformat(),
        }


@dataclass(frozen=True)
class DeedRow:
    id: str
    member_id: str
    member_name: str
    branch: str
    period: str
    date: dt.date
    text: str
    category: str
    source: str
    photo: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "member_id": self.member_id,
            "member_name": self.member_name,
            "branch": self.branch,
            "period": self.period,
            "date": self.date.isoformat(),
            "text": self.text,
            "category": self.category,
            "source": self.source,
            "photo": self.photo,
        }


@dataclass(slots=True)
class RatingRow:
    """One member in one quarter, as the evaluation grid and `stars list` show it."""

    member_id: str
    member_name: str
    pinyin: str
    branch_id: str
    branch: str
    category: str  # 正式党员 / 预备党员
    is_mobile: bool
    age: int
    period: str
    deeds: int
    serving_deeds: int
    suggested: int | None
    level: int | None  # None: not rated, or exempt
    exempt: bool
    exempt_reason: str
    exempt_automatic: bool  # exempt by the settings (age, category), not by a decision
    reason: str  # for the board
    comment: str  # 点评
    decided_by: str
    decided_at: dt.datetime | None
    previous_level: int | None
    previous_exempt: bool
    member_last_quarter: bool = True  # on the roll during the previous quarter too
    pinyin_full: str = ""
    pinyin_initials: str = ""

    @property
    def rated(self) -> bool:
        return self.level is not None

    @property
    def movement(self) -> str:
        return stars.movement(self.previous_level, self.level)

    def as_json(self) -> dict[str, Any]:
        return {
            "member_id": self.member_id,
            "member_name": self.member_name,
            "branch": self.branch,
            "period": self.period,
            "level": None if self.exempt else self.level,
            "exempt": self.exempt,
            "deeds": self.deeds,
            "previous_level": self.previous_level,
            "reason": self.reason,
            "exempt_reason": self.exempt_reason,
            "suggested": self.suggested,
            "comment": self.comment,
        }


@dataclass(frozen=True)
class MemberRef:
    member_id: str
    name: str
    branch: str
    level: int | None = None
    previous_level: int | None = None


@dataclass
class PeriodSummary:
    period: str
    members: int = 0
    rated: int = 0
    exempt: int = 0
    with_deeds: int = 0
    by_level: dict[int, int] = field(default_factory=dict)
    five_star_of_year: list[MemberRef] = field(default_factory=list)  # 闪光言行之星
    risers: list[MemberRef] = field(default_factory=list)
    without_stars_twice: list[MemberRef] = field(default_factory=list)  # for a talk, not for the board


@dataclass(frozen=True)
class HistoryRow:
    period: str
    label: str
    status: str
    level: int | None
    exempt: bool
    exempt_reason: str
    reason: str
    comment: str
    deeds: list[DeedRow]


@dataclass(frozen=True)
class EvaluationSettings:
    include_probationary: bool
    include_mobile: bool
    exempt_age: int | None
    categories: tuple[str, ...]


# --- settings ------------------------------------------------------------------------------------------


def get_settings(db: Database) -> EvaluationSettings:
    age = settings.get(db, SETTING_EXEMPT_AGE, DEFAULT_EXEMPT_AGE)
    categories = settings.get(db, SETTING_CATEGORIES, None) or list(stars.DEFAULT_CATEGORIES)
    return EvaluationSettings(
        include_probationary=bool(settings.get(db, SETTING_INCLUDE_PROBATIONARY, True)),
        include_mobile=bool(settings.get(db, SETTING_INCLUDE_MOBILE, True)),
        exempt_age=int(age) if age is not None else None,
        categories=tuple(str(c) for c in categories),
    )


def put_settings(db: Database, value: EvaluationSettings) -> None:
    categories = [c.strip() for c in value.categories if c.strip()]
    if not categories:
        raise ValidationError("闪光言行的类别至少要有一个，例如“工作”", field="categories")
    if value.exempt_age is not None and not 50 <= value.exempt_age <= 100:
        raise ValidationError("自动不参评的年龄应在 50 到 100 岁之间，或不设", field="exempt_age")
    values: dict[str, Any] = {
        SETTING_INCLUDE_PROBATIONARY: value.include_probationary,
        SETTING_INCLUDE_MOBILE: value.include_mobile,
        SETTING_EXEMPT_AGE: value.exempt_age,
        SETTING_CATEGORIES: categories,
    }
    with db.session() as s, s.begin():  # all four or none
        for key, v in values.items():
            text = json.dumps(v, ensure_ascii=False)
            row = s.get(Setting, key)
            before = row.value if row else None
            if before == text:
                continue
            if row is None:
                s.add(Setting(key=key, value=text))
            else:
                row.value = text
            audit.record(s, db.actor, "update", "setting", key, key, before, text)


# --- periods -------------------------------------------------------------------------------------------


def _period_row(p: EvaluationPeriod) -> PeriodRow:
    return PeriodRow(p.id, p.starts_on, p.ends_on, p.status, p.closed_at, p.closed_by, p.reopen_reason)


def list_periods(db: Database) -> list[PeriodRow]:
    """All quarters opened so far, newest first."""
    with db.session() as s:
        rows = [_period_row(p) for p in s.scalars(select(EvaluationPeriod))]
    return sorted(rows, key=lambda p: parse_quarter(p.id), reverse=True)


def get_period(db: Database, period: str) -> PeriodRow:
    q = parse_quarter(period)
    with db.session() as s:
        p = s.get(EvaluationPeriod, q.id)
        if p is None:
            raise NotFoundError(f"{q.label}（{q.id}）还没有开始考评，请先开启这个季度")
        return _period_row(p)


def open_period(db: Database, period: str, today: dt.date | None = None) -> PeriodRow:
    """Create a quarter (current or past: past ones record history). Opening an open one is harmless."""
    today = today or dt.date.today()
    q = parse_quarter(period)
    if q.starts_on > today:
        raise ValidationError(f"{q.label}还没有开始，不能提前开启考评", field="period")
    with db.session() as s, s.begin():
        p = s.get(EvaluationPeriod, q.id)
        if p is not None:
            if p.status == CLOSED:
                raise UserError(
                    f"{q.label}已经公示（关闭）。如确需修改，请说明理由后重新打开（periods reopen）"
                )
            return _period_row(p)
        p = EvaluationPeriod(
            id=q.id, starts_on=q.starts_on, ends_on=q.ends_on, status=OPEN, opened_by=db.actor
        )
        s.add(p)
        s.flush()
        audit.record(s, db.actor, "open", "evaluation_period", q.id, "status", None, OPEN)
        return _period_row(p)


def close_period(db: Database, period: str) -> PeriodRow:
    """Publish the quarter: from now on it is read-only."""
    q = parse_quarter(period)
    with db.session() as s, s.begin():
        p = _period_for_change(s, q, allow_closed=True)
        if p.status == CLOSED:
            raise UserError(f"{q.label}已经公示（关闭）过了")
        p.status = CLOSED
        p.closed_at = utcnow()
        p.closed_by = db.actor
        audit.record(s, db.actor, "close", "evaluation_period", q.id, "status", OPEN, CLOSED)
        return _period_row(p)


def reopen_period(db: Database, period: str, reason: str) -> PeriodRow:
    """Deliberately reopen a published quarter; the reason is kept and audited."""
    q = parse_quarter(period)
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError("重新打开已公示的季度必须写明理由（例如“张三的事迹漏登”）", field="reason")
    with db.session() as s, s.begin():
        p = _period_for_change(s, q, allow_closed=True)
        if p.status == OPEN:
            raise UserError(f"{q.label}没有关闭，正在考评中，不需要重新打开")
        p.status = OPEN
        p.reopen_reason = reason
        p.reopened_at = utcnow()
        p.reopened_by = db.actor
        audit.record(s, db.actor, "reopen", "evaluation_period", q.id, "status", CLOSED, OPEN)
        audit.record(s, db.actor, "reopen", "evaluation_period", q.id, "reopen_reason", None, reason)
        return _period_row(p)


def _period_for_change(s: Session, q: Quarter, allow_closed: bool = False) -> EvaluationPeriod:
    p = s.get(EvaluationPeriod, q.id)
    if p is None:
        raise NotFoundError(f"{q.label}（{q.id}）还没有开始考评，请先开启这个季度（periods open {q.id}）")
    if p.status == CLOSED and not allow_closed:
        raise UserError(
            f"{q.label}已经公示（关闭），只能查看，不能修改。"
            f"如确需修改，请说明理由后重新打开（periods reopen {q.id} --reason 理由）"
        )
    return p


def _member_for_change(s: Session, member_id: str, q: Quarter) -> Member:
    m = s.get(Member, member_id)
    if m is None:
        raise NotFoundError(f"找不到编号为“{member_id}”的党员")
    if not was_member_during(q, m.joined_on, m.left_on):
        raise UserError(
            f"{m.name}在{q.label}不在党员名册上（入党或离开的日期不在这个季度内），不能参加这个季度的考评"
        )
    return m


def _deed_count(s: Session, member_id: str, period_id: str) -> int:
    return len(
        list(
            s.scalars(
                select(Deed.id).where(
                    Deed.member_id == member_id, Deed.period_id == period_id, Deed.withdrawn_at.is_(None)
                )
            )
        )
    )


# --- deeds and comments --------------------------------------------------------------------------------


def add_deed(
    db: Database,
    member_id: str,
    period: str,
    text: str,
    *,
    date: dt.date | str | None = None,
    category: str | None = None,
    source: str | None = None,
    photo_file: Path | None = None,
    today: dt.date | None = None,
) -> str:
    """Record a deed (闪光言行), optionally with a photo (shrunk into the photos folder).

    The date defaults to today, or the quarter's last day for past quarters."""
    today = today or dt.date.today()
    q = parse_quarter(period)
    text = (text or "").strip()
    if not text:
        raise ValidationError("请写下闪光言行的内容", field="text")
    conf = get_settings(db)
    category = (category or conf.categories[0]).strip()
    if category not in conf.categories:
        raise ValidationError(f"类别只能是{'、'.join(conf.categories)}，不能是“{category}”", field="category")
    source = (source or stars.SOURCES[0]).strip()
    if source not in stars.SOURCES:
        raise ValidationError(f"来源只能是{'、'.join(stars.SOURCES)}，不能是“{source}”", field="source")
    if date is None or date == "":
        day = today if q.contains(today) else min(q.ends_on, today)
    else:
        parsed = parse_date(date, "日期", "date")
        assert parsed is not None
        day = parsed.value
    if not q.contains(day):
        raise ValidationError(
            f"日期 {day.isoformat()} 不在{q.label}（{q.starts_on.isoformat()} 至 {q.ends_on.isoformat()}）内",
            field="date",
        )
    photo_data: bytes | None = None
    if photo_file is not None:
        try:
            photo_data = Path(photo_file).read_bytes()
        except OSError as exc:
            raise UserError(f"读不了照片文件 {photo_file}：{exc.strerror or exc}") from exc
    with db.session() as s, s.begin():
        _period_for_change(s, q)
        m = _member_for_change(s, member_id, q)
        # Stored only once the quarter and the member are known to be right (a bad image is refused here).
        photo = photos.store_photo(db, photo_data) if photo_data is not None else ""
        deed = Deed(
            id=new_id(),
            member_id=m.id,
            period_id=q.id,
            date=day,
            text=text,
            category=category,
            source=source,
            photo=photo,
            created_by=db.actor,
        )
        s.add(deed)
        audit.record(s, db.actor, "create", "deed", deed.id, "text", None, f"{m.name} {q.id}：{text}")
        return deed.id


def withdraw_deed(db: Database, deed_id: str) -> None:
    """Take back a deed entered by mistake (kept, marked withdrawn). Refused if it would leave stars
    without any deed."""
    with db.session() as s, s.begin():
        deed = s.get(Deed, deed_id)
        if deed is None or deed.withdrawn_at is not None:
            raise NotFoundError("找不到这条闪光言行（可能已经撤回）")
        q = parse_quarter(deed.period_id)
        _period_for_change(s, q)
        rating = s.scalar(
            select(StarRating).where(
                StarRating.member_id == deed.member_id, StarRating.period_id == deed.period_id
            )
        )
        if rating and rating.level and _deed_count(s, deed.member_id, deed.period_id) <= 1:
            raise UserError(
                f"这是这名党员{q.label}唯一的闪光言行，已评 {rating.level} 星；"
                "没有事迹不能评星，请先把星级改为 0 或清除，再撤回"
            )
        deed.withdrawn_at = utcnow()
        deed.withdrawn_by = db.actor
        audit.record(s, db.actor, "withdraw", "deed", deed.id, "text", deed.text, None)


def list_deeds(
    db: Database, period: str | None = None, *, branch_id: str | None = None, member_id: str | None = None
) -> list[DeedRow]:
    stmt = (
        select(Deed, Member.name, Organization.name)
        .join(Member, Deed.member_id == Member.id)
        .join(Organization, Member.branch_id == Organization.id)
        .where(Deed.withdrawn_at.is_(None))
    )
    if period:
        stmt = stmt.where(Deed.period_id == parse_quarter(period).id)
    if member_id:
        stmt = stmt.where(Deed.member_id == member_id)
    if branch_id:
        stmt = stmt.where(Member.branch_id.in_(_unit_and_below(db, branch_id)))
    with db.session() as s:
        rows = [
            DeedRow(
                d.id, d.member_id, name, branch, d.period_id, d.date, d.text, d.category, d.source, d.photo
            )
            for d, name, branch in s.execute(stmt)
        ]
    rows.sort(key=lambda r: (r.period, r.branch, r.member_name, r.date))
    return rows


def set_comment(db: Database, member_id: str, period: str, comment: str) -> None:
    """点评: the branch's comment on the member's deeds this quarter."""
    q = parse_quarter(period)
    comment = (comment or "").strip()
    with db.session() as s, s.begin():
        _period_for_change(s, q)
        _member_for_change(s, member_id, q)
        row = s.scalar(
            select(PeriodComment).where(PeriodComment.member_id == member_id, PeriodComment.period_id == q.id)
        )
        before = row.comment if row else ""
        if before == comment:
            return
        if row is None:
            row = PeriodComment(id=new_id(), member_id=member_id, period_id=q.id)
            s.add(row)
        row.comment = comment
        row.updated_at = utcnow()
        row.updated_by = db.actor
        audit.record(s, db.actor, "update", "period_comment", row.id, "comment", before, comment)


# --- ratings -------------------------------------------------------------------------------------------


def _rating_for_change(s: Session, member_id: str, q: Quarter) -> tuple[StarRating, bool]:
    row = s.scalar(select(StarRating).where(StarRating.member_id == member_id, StarRating.period_id == q.id))
    if row is not None:
        return row, False
    row = StarRating(id=new_id(), member_id=member_id, period_id=q.id, level=None, exempt=False)
    s.add(row)
    return row, True


def set_level(
    db: Database, member_id: str, period: str, level: int | None, reason: str | None = None
) -> None:
    """The branch's decision: a level 0–5, or None to clear it. Levels 1–5 need a deed in the quarter.

    Giving a level to an exempt member ends the exemption (the branch decided to rate them after all).
    ``reason`` (for the board) is left as it is when None.
    """
    q = parse_quarter(period)
    if level is not None and not 0 <= level <= stars.MAX_LEVEL:
        raise ValidationError(f"星级只能是 0 到 {stars.MAX_LEVEL}，不能是 {level}", field="level")
    with db.session() as s, s.begin():
        _period_for_change(s, q)
        m = _member_for_change(s, member_id, q)
        problem = stars.level_problem(level, _deed_count(s, member_id, q.id))
        if problem:
            raise UserError(f"{m.name}{problem}")
        row, created = _rating_for_change(s, member_id, q)
        before_level = None if created else row.level
        if not created and row.exempt:
            audit.record(s, db.actor, "update", "star_rating", row.id, "exempt", True, False)
            row.exempt = False
            row.exempt_reason = ""
        row.level = level
        if reason is not None and reason.strip() != row.reason:
            audit.record(s, db.actor, "update", "star_rating", row.id, "reason", row.reason, reason.strip())
            row.reason = reason.strip()
        row.decided_by = db.actor
        row.decided_at = utcnow()
        audit.record(
            s, db.actor, "rate", "star_rating", row.id, "level", before_level, f"{m.name} {q.id}：{level}"
        )


def set_reason(db: Database, member_id: str, period: str, reason: str) -> None:
    """The short line shown on the board beside the stars (e.g. the best deed)."""
    q = parse_quarter(period)
    reason = (reason or "").strip()
    with db.session() as s, s.begin():
        _period_for_change(s, q)
        _member_for_change(s, member_id, q)
        row, created = _rating_for_change(s, member_id, q)
        if created and not reason:
            s.expunge(row)
            return
        if not created and row.reason == reason:
            return
        before = None if created else row.reason
        audit.record(s, db.actor, "update", "star_rating", row.id, "reason", before, reason)
        row.reason = reason


def set_exempt(db: Database, member_id: str, period: str, exempt: bool = True, reason: str = "") -> None:
    """只挂牌不参评: shown on the board, not rated. ``exempt=False`` records that the branch wants the
    member rated even if the settings would exempt them (e.g. a fit 72-year-old volunteer)."""
    q = parse_quarter(period)
    reason = (reason or "").strip()
    with db.session() as s, s.begin():
        _period_for_change(s, q)
        m = _member_for_change(s, member_id, q)
        row, created = _rating_for_change(s, member_id, q)
        before = None if created else (row.exempt, row.exempt_reason, row.level)
        row.exempt = exempt
        row.exempt_reason = (reason or "支部决定") if exempt else ""
        if exempt:
            row.level = None
        row.decided_by = db.actor
        row.decided_at = utcnow()
        audit.record(
            s,
            db.actor,
            "exempt" if exempt else "unexempt",
            "star_rating",
            row.id,
            "exempt",
            before,
            f"{m.name} {q.id}：{'不参评 ' + row.exempt_reason if exempt else '参评'}",
        )


# --- reading: the grid, summaries, history ------------------------------------------------------------


def _unit_and_below(db: Database, unit_id: str) -> list[str]:
    all_units = organizations.units(db)
    if not any(u.id == unit_id for u in all_units):
        raise NotFoundError("找不到这个组织")
    ids = {unit_id}
    for u in all_units:  # tree order: parents come before their children
        if u.parent_id in ids:
            ids.add(u.id)
    return list(ids)


def _auto_exemption(conf: EvaluationSettings, m_category: str, is_mobile: bool, age: int) -> str:
    if conf.exempt_age is not None and age >= conf.exempt_age:
        return f"{conf.exempt_age}岁以上"
    if not conf.include_probationary and m_category == "预备党员":
        return "预备党员不参评"
    if not conf.include_mobile and is_mobile:
        return "流动党员不参评"
    return ""


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
    conf = get_settings(db)
    unit_ids = _unit_and_below(db, branch_id) if branch_id else None
    order = {u.id: i for i, u in enumerate(organizations.units(db))}
    member_stmt = select(
        Member.id,
        Member.name,
        Member.pinyin_full,
        Member.branch_id,
        Organization.name,
        Member.category,
        Member.is_mobile,
        Member.birth_date,
        Member.joined_on,
        Member.left_on,
        Member.pinyin_initials,
    ).join(Organization, Member.branch_id == Organization.id)
    if unit_ids is not None:
        member_stmt = member_stmt.where(Member.branch_id.in_(unit_ids))
    if member_ids is not None:
        member_stmt = member_stmt.where(Member.id.in_(list(member_ids)))
    member_stmt = member_stmt.where(
        (Member.joined_on.is_(None)) | (Member.joined_on <= q.ends_on),
        (Member.left_on.is_(None)) | (Member.left_on >= q.starts_on),
    )
    with db.session() as s:
        members = list(s.execute(member_stmt))
        wanted = {m[0] for m in members}
        deeds: dict[str, list[stars.DeedKind]] = defaultdict(list)
        for mid, category, source in s.execute(
            select(Deed.member_id, Deed.category, Deed.source).where(
                Deed.period_id == q.id, Deed.withdrawn_at.is_(None)
            )
        ):
            if mid in wanted:
                deeds[mid].append(stars.DeedKind(category, source))
        current: dict[str, StarRating] = {
            r.member_id: r
            for r in s.scalars(select(StarRating).where(StarRating.period_id == q.id))
            if r.member_id in wanted
        }
        previous: dict[str, tuple[int | None, bool]] = {
            mid: (lvl, ex)
            for mid, lvl, ex in s.execute(
                select(StarRating.member_id, StarRating.level, StarRating.exempt).where(
                    StarRating.period_id == prev.id
                )
            )
        }
        comments = {
            mid: c
            for mid, c in s.execute(
                select(PeriodComment.member_id, PeriodComment.comment).where(PeriodComment.period_id == q.id)
            )
        }
    extra: list[dict[str, int]] = []
    for suggestion_source in SUGGESTION_SOURCES if use_sources else ():
        extra.append(suggestion_source(db, q.id, sorted(wanted)))
    rows: list[RatingRow] = []
    for mid, name, pinyin, bid, branch, category, mobile, birth, joined, left, initials in members:
        age = age_on(birth, q.ends_on)
        kinds = deeds.get(mid, [])
        suggestion = stars.combine_suggestions(stars.suggest_from_deeds(kinds), (e.get(mid) for e in extra))
        r = current.get(mid)
        auto = _auto_exemption(conf, category, mobile, age)
        if r is not None and _is_decision(r):
            exempt, exempt_reason, automatic = r.exempt, r.exempt_reason, False
        else:  # no decision yet (a row may hold only the board line): the settings decide
            exempt, exempt_reason, automatic = bool(auto), auto, bool(auto)
        prev_level, prev_exempt = previous.get(mid, (None, False))
        rows.append(
            RatingRow(
                member_id=mid,
                member_name=name,
                pinyin=pinyin,
                pinyin_full=pinyin,
                pinyin_initials=initials,
                branch_id=bid,
                branch=branch,
                category=category,
                is_mobile=mobile,
                age=age,
                period=q.id,
                deeds=len(kinds),
                serving_deeds=sum(1 for k in kinds if k.serves_residents),
                suggested=None if exempt else suggestion,
                level=None if exempt or r is None else r.level,
                exempt=exempt,
                exempt_reason=exempt_reason,
                exempt_automatic=automatic,
                reason=r.reason if r else "",
                comment=comments.get(mid, ""),
                decided_by=r.decided_by if r else "",
                decided_at=r.decided_at if r and r.decided_by else None,
                previous_level=None if prev_exempt else prev_level,
                previous_exempt=prev_exempt,
                member_last_quarter=was_member_during(prev, joined, left),
            )
        )
    rows.sort(key=lambda r: (order.get(r.branch_id, 0), r.pinyin, r.member_name))
    return rows


def _is_decision(r: StarRating) -> bool:
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


# --- demo ------------------------------------------------------------------------------------------------

DEMO_DEEDS: dict[str, tuple[str, ...]] = {
    "工作": (
        "带头完成村道拓宽的政策处理",
        "协助完成人口普查入户登记",
        "牵头整治河道垃圾，连续两周清理",
        "主动承担村集体账目公开的整理工作",
        "组织小组党员学习新修订的党章",
    ),
    "生活": (
        "邻里纠纷中主动调解，双方握手言和",
        "照顾生病的邻居老人一个月",
        "拾到钱包交还失主",
        "带头移风易俗，丧事简办",
    ),
    "服务群众": (
        "帮助独居老人申请高龄补贴",
        "为村民代办医保缴费二十余户",
        "雨夜巡查低洼农户，转移两户老人",
        "帮助农户联系销路，卖出滞销茶叶三百斤",
        "上门为残疾村民办理证件",
    ),
    "志愿服务": (
        "参加防汛抗台志愿值守",
        "参加垃圾分类督导志愿服务",
        "在村卫生室疫苗接种点做志愿者",
        "为留守儿童辅导暑假作业",
        "参加无偿献血",
    ),
    "其他": ("向村里提出修缮文化礼堂的建议被采纳", "捐款资助困难学生"),
}
DEMO_REASONS = {
    5: ("带头服务群众，群众评价好", "防汛值守表现突出", "热心志愿服务"),
    4: ("工作积极，事迹较多", "主动帮助困难群众"),
    3: ("完成本职工作，有闪光点", "积极参加组织生活"),
}


def demo_evaluations(db: Database, rng: random.Random, today: dt.date) -> dict[str, Any]:
    """Four completed quarters (closed) plus the current one (open, half done), obeying the rules.

    Written with bulk inserts: 10,000 members stay well inside the demo's time budget.
    """
    return fill_quarters(db, rng, today, completed=4)


def fill_quarters(db: Database, rng: random.Random, today: dt.date, completed: int) -> dict[str, Any]:
    """``completed`` closed quarters before today's, plus today's quarter open and half entered."""
    current = quarter_of(today)
    quarters = [current]
    for _ in range(completed):
        quarters.insert(0, quarters[0].previous())
    conf = get_settings(db)
    with db.session() as s:
        members = list(
            s.execute(
                select(
                    Member.id,
                    Member.birth_date,
                    Member.joined_on,
                    Member.left_on,
                    Member.category,
                    Member.is_mobile,
                )
            )
        )
    now = utcnow()
    actor = db.actor
    period_rows: list[dict[str, Any]] = []
    deed_rows: list[dict[str, Any]] = []
    rating_rows: list[dict[str, Any]] = []
    comment_rows: list[dict[str, Any]] = []
    # Each member has a temper that persists across quarters, so movement looks like real life.
    temper = {m[0]: rng.random() for m in members}
    categories = [c for c in conf.categories if c in DEMO_DEEDS] or ["其他"]
    for qi, q in enumerate(quarters):
        is_current = q == current
        period_rows.append(
            {
                "id": q.id,
                "starts_on": q.starts_on,
                "ends_on": q.ends_on,
                "status": OPEN if is_current else CLOSED,
                "opened_at": now,
                "opened_by": actor,
                "closed_at": None if is_current else now,
                "closed_by": "" if is_current else actor,
                "reopen_reason": "",
                "reopened_at": None,
                "reopened_by": "",
            }
        )
        last_day = min(q.ends_on, today)
        span = (last_day - q.starts_on).days
        for mid, birth, joined, left, category, mobile in members:
            if not was_member_during(q, joined, left):
                continue
            if _auto_exemption(conf, category, mobile, age_on(birth, q.ends_on)):
                continue  # shown as exempt automatically; nothing to record
            if temper[mid] > 0.985 and not is_current:
                rating_rows.append(  # chosen by the branch: long ill (只挂牌不参评)
                    {
                        "id": _demo_uuid(rng),
                        "member_id": mid,
                        "period_id": q.id,
                        "level": None,
                        "exempt": True,
                        "exempt_reason": "长期患病",
                        "reason": "",
                        "decided_by": actor,
                        "decided_at": now,
                    }
                )
                continue
            t = temper[mid]
            # Drift a little each quarter: some members rise, some fall.
            t = min(1.0, max(0.0, t + rng.uniform(-0.2, 0.2) + 0.03 * qi))
            if is_current and rng.random() < 0.5:
                continue  # the current quarter is being entered: half the members are not done yet
            n = 0 if t < 0.18 else (1 if t < 0.5 else (2 if t < 0.82 else rng.randint(3, 4)))
            kinds: list[stars.DeedKind] = []
            best = ""
            for _ in range(n):
                cat = rng.choice(categories)
                src = rng.choices(stars.SOURCES, (0.6, 0.25, 0.15))[0]
                text = rng.choice(DEMO_DEEDS[cat])
                best = best or text
                kinds.append(stars.DeedKind(cat, src))
                deed_rows.append(
                    {
                        "id": _demo_uuid(rng),
                        "member_id": mid,
                        "period_id": q.id,
                        "date": q.starts_on + dt.timedelta(days=rng.randint(0, max(0, span))),
                        "text": text,
                        "category": cat,
                        "source": src,
                        "photo": "",
                        "created_at": now,
                        "created_by": actor,
                        "withdrawn_at": None,
                        "withdrawn_by": "",
                    }
                )
            suggested = stars.suggest_from_deeds(kinds)
            if is_current and rng.random() < 0.4:
                continue  # deeds recorded, level not decided yet
            if suggested is None:
                level: int | None = 0 if rng.random() < 0.7 else None
            else:
                level = max(1, min(5, suggested + rng.choice((-2, -1, -1, 0, 0, 0))))
            if level is None:
                continue
            rating_rows.append(
                {
                    "id": _demo_uuid(rng),
                    "member_id": mid,
                    "period_id": q.id,
                    "level": level,
                    "exempt": False,
                    "exempt_reason": "",
                    "reason": rng.choice(DEMO_REASONS[level]) if level >= 3 else "",
                    "decided_by": actor,
                    "decided_at": now,
                }
            )
            if n and rng.random() < 0.3:
                comment_rows.append(
                    {
                        "id": _demo_uuid(rng),
                        "member_id": mid,
                        "period_id": q.id,
                        "comment": f"事迹属实。{best}，值得大家学习。",
                        "updated_at": now,
                        "updated_by": actor,
                    }
                )
    with db.session() as s, s.begin():
        # One executemany each: the ORM's bulk path splits rows into many small batches.
        tables = Base.metadata.tables
        insert_rows(s, tables["evaluation_periods"], period_rows)
        for name, rows in (
            ("deeds", deed_rows),
            ("star_ratings", rating_rows),
            ("period_comments", comment_rows),
        ):
            insert_rows(s, tables[name], rows)
        audit.record(s, actor, "demo", "evaluation_period", current.id, "deeds", None, len(deed_rows))
    return {"quarters": len(quarters), "deeds": len(deed_rows), "star_ratings": len(rating_rows)}


def _demo_uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))
