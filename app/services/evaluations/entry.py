"""Entering a quarter's star rating: opening and closing quarters, deeds, 点评 comments, levels, exemptions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Member, Organization, new_id, utcnow
from app.db.models_evaluations import Deed, EvaluationPeriod, PeriodComment, StarRating
from app.domain import stars
from app.domain.dates import parse_date
from app.domain.disk_errors import os_error_words
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.domain.periods import Quarter, parse_quarter, was_member_during
from app.services import audit, organizations, photos, versions
from app.services.evaluations.common import CLOSED, OPEN, DeedRow, PeriodRow, get_settings

# --- periods -------------------------------------------------------------------------------------------


def period_row(p: EvaluationPeriod) -> PeriodRow:
    return PeriodRow(p.id, p.starts_on, p.ends_on, p.status, p.closed_at, p.closed_by, p.reopen_reason)


def list_periods(db: Database) -> list[PeriodRow]:
    """All quarters opened so far, newest first."""
    with db.session() as s:
        rows = [period_row(p) for p in s.scalars(select(EvaluationPeriod))]
    return sorted(rows, key=lambda p: parse_quarter(p.id), reverse=True)


def get_period(db: Database, period: str) -> PeriodRow:
    q = parse_quarter(period)
    with db.session() as s:
        p = s.get(EvaluationPeriod, q.id)
        if p is None:
            raise NotFoundError(f"{q.label}（{q.id}）还没有开始考评，请先开启这个季度")
        return period_row(p)


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
                    f"{q.label}已经公示（关闭）。如确需修改，请说明理由后重新打开",
                    cli_hint=f"periods reopen {q.id} --reason 理由",
                )
            return period_row(p)
        p = EvaluationPeriod(
            id=q.id, starts_on=q.starts_on, ends_on=q.ends_on, status=OPEN, opened_by=db.actor
        )
        s.add(p)
        s.flush()
        audit.record(s, db.actor, "open", "evaluation_period", q.id, "status", None, OPEN)
        return period_row(p)


def close_period(db: Database, period: str) -> PeriodRow:
    """Publish the quarter: from now on it is read-only."""
    q = parse_quarter(period)
    with db.session() as s, s.begin():
        p = period_for_change(s, q, allow_closed=True)
        if p.status == CLOSED:
            raise UserError(f"{q.label}已经公示（关闭）过了")
        p.status = CLOSED
        p.closed_at = utcnow()
        p.closed_by = db.actor
        audit.record(s, db.actor, "close", "evaluation_period", q.id, "status", OPEN, CLOSED)
        return period_row(p)


def reopen_period(db: Database, period: str, reason: str) -> PeriodRow:
    """Deliberately reopen a published quarter; the reason is kept and audited."""
    q = parse_quarter(period)
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError("重新打开已公示的季度必须写明理由（例如“张三的事迹漏登”）", field="reason")
    with db.session() as s, s.begin():
        p = period_for_change(s, q, allow_closed=True)
        if p.status == OPEN:
            raise UserError(f"{q.label}没有关闭，正在考评中，不需要重新打开")
        p.status = OPEN
        p.reopen_reason = reason
        p.reopened_at = utcnow()
        p.reopened_by = db.actor
        audit.record(s, db.actor, "reopen", "evaluation_period", q.id, "status", CLOSED, OPEN)
        audit.record(s, db.actor, "reopen", "evaluation_period", q.id, "reopen_reason", None, reason)
        return period_row(p)


def period_for_change(s: Session, q: Quarter, allow_closed: bool = False) -> EvaluationPeriod:
    p = s.get(EvaluationPeriod, q.id)
    if p is None:
        raise NotFoundError(
            f"{q.label}（{q.id}）还没有开始考评，请先开启这个季度", cli_hint=f"periods open {q.id}"
        )
    if p.status == CLOSED and not allow_closed:
        raise UserError(
            f"{q.label}已经公示（关闭），只能查看，不能修改。如确需修改，请说明理由后重新打开",
            cli_hint=f"periods reopen {q.id} --reason 理由",
        )
    return p


def member_for_change(s: Session, member_id: str, q: Quarter) -> Member:
    versions.lock(s, Member, member_id)  # one rating / comment per member and quarter, at the same time too
    m = s.get(Member, member_id)
    if m is None:
        raise NotFoundError(f"找不到编号为“{member_id}”的党员")
    if not was_member_during(q, m.joined_on, m.left_on):
        raise UserError(
            f"{m.name}在{q.label}不在党员名册上（入党或离开的日期不在这个季度内），不能参加这个季度的考评"
        )
    return m


def deed_count(s: Session, member_id: str, period_id: str) -> int:
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


@dataclass(frozen=True)
class DeedFields:
    """A deed's checked fields (quarter, day, text, category, source), ready for ``record_deed``."""

    period: str
    day: dt.date
    text: str
    category: str
    source: str


def check_deed(
    db: Database,
    period: str,
    text: str,
    *,
    date: dt.date | str | None = None,
    category: str | None = None,
    source: str | None = None,
    today: dt.date | None = None,
) -> DeedFields:
    """Check a deed's fields against the settings (reads only). The date defaults to today, or the quarter's
    last day for past quarters."""
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
    return DeedFields(q.id, day, text, category, source)


def record_deed(s: Session, actor: str, member_id: str, fields: DeedFields, photo: str = "") -> str:
    """Write a checked deed inside the caller's transaction (quarter open, member on the roll), with its
    audit row. ``add_deed`` is the use case; links from visits and requests call this in theirs."""
    q = parse_quarter(fields.period)
    period_for_change(s, q)
    m = member_for_change(s, member_id, q)
    deed = Deed(
        id=new_id(),
        member_id=m.id,
        period_id=q.id,
        date=fields.day,
        text=fields.text,
        category=fields.category,
        source=fields.source,
        photo=photo,
        created_by=actor,
    )
    s.add(deed)
    s.flush()
    audit.record(s, actor, "create", "deed", deed.id, "text", None, f"{m.name} {q.id}：{fields.text}")
    return deed.id


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
    fields = check_deed(db, period, text, date=date, category=category, source=source, today=today)
    q = parse_quarter(fields.period)
    photo_data: bytes | None = None
    if photo_file is not None:
        try:
            photo_data = Path(photo_file).read_bytes()
        except OSError as exc:
            raise UserError(f"读不了照片文件 {photo_file}：{os_error_words(exc)}") from exc
    stored: list[str] = []
    with photos.kept_if_saved(db, stored), db.session() as s, s.begin():
        period_for_change(s, q)
        member_for_change(s, member_id, q)
        # Stored only once the quarter and the member are known to be right (a bad image is refused here);
        # removed again if the deed is refused after all (the account's scope is checked at the flush).
        if photo_data is not None:
            stored.append(photos.store_photo(db, photo_data))
        return record_deed(s, db.actor, member_id, fields, stored[0] if stored else "")


def withdraw_deed(db: Database, deed_id: str) -> None:
    """Take back a deed entered by mistake (kept, marked withdrawn). Refused if it would leave stars
    without any deed."""
    with db.session() as s, s.begin():
        record_withdrawal(s, db.actor, deed_id)


def record_withdrawal(s: Session, actor: str, deed_id: str) -> None:
    """``withdraw_deed`` inside the caller's transaction (links withdrawn with their visit or request)."""
    deed = s.get(Deed, deed_id)
    if deed is None or deed.withdrawn_at is not None:
        raise NotFoundError("找不到这条闪光言行（可能已经撤回）")
    q = parse_quarter(deed.period_id)
    period_for_change(s, q)
    rating = s.scalar(
        select(StarRating).where(
            StarRating.member_id == deed.member_id, StarRating.period_id == deed.period_id
        )
    )
    if rating and rating.level and deed_count(s, deed.member_id, deed.period_id) <= 1:
        raise UserError(
            f"这是这名党员{q.label}唯一的闪光言行，已评 {rating.level} 星；"
            "没有事迹不能评星，请先把星级改为 0 或清除，再撤回"
        )
    deed.withdrawn_at = utcnow()
    deed.withdrawn_by = actor
    audit.record(s, actor, "withdraw", "deed", deed.id, "text", deed.text, None)


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
    with db.session() as s:
        if branch_id:
            stmt = stmt.where(Member.branch_id.in_(organizations.unit_and_below(s, branch_id)))
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
        period_for_change(s, q)
        member_for_change(s, member_id, q)
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


def rating_for_change(s: Session, member_id: str, q: Quarter) -> tuple[StarRating, bool]:
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
        period_for_change(s, q)
        m = member_for_change(s, member_id, q)
        problem = stars.level_problem(level, deed_count(s, member_id, q.id))
        if problem:
            raise UserError(f"{m.name}{problem}")
        row, created = rating_for_change(s, member_id, q)
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
        period_for_change(s, q)
        member_for_change(s, member_id, q)
        row, created = rating_for_change(s, member_id, q)
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
        period_for_change(s, q)
        m = member_for_change(s, member_id, q)
        row, created = rating_for_change(s, member_id, q)
        before = None if created else (row.exempt, row.exempt_reason, row.level)
        row.exempt = exempt
        row.exempt_reason = (reason or stars.EXEMPT_BY_DECISION) if exempt else ""
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
