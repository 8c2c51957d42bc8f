"""Changing commitments: entry, edits, keeping (践诺), postponing, publishing, copying forward a year."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Insert, Table, insert, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Base, Member, new_id, utcnow
from app.db.models_commitments import Commitment, CommitmentEvent, Team
from app.domain.errors import UserError, ValidationError
from app.domain.member_status import MemberStatus
from app.services import audit, organizations, versions
from app.services.commitments.common import (
    FAILED,
    IN_PROGRESS,
    KEPT,
    KINDS,
    POSTPONED,
    CommitmentDraft,
    check_draft,
    load_commitment,
    made_on,
    record_event,
)

# --- writing ---------------------------------------------------------------------------------------


def add_commitment(db: Database, draft: CommitmentDraft, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    with db.session() as s, s.begin():
        return record_commitment(s, db.actor, draft, today)


def record_commitment(
    s: Session, actor: str, draft: CommitmentDraft, today: dt.date, *, linked: bool = False
) -> str:
    """``add_commitment`` inside the caller's transaction (a project's claim writes its 认领承诺 in its own).
    ``linked``: the commitment belongs to a record of its own (a project's claim), so the same wording twice a
    year is not a clerk's double entry — a team may claim two projects of one title, or claim one again after
    handing it back."""
    owner_model, owner_id = (Member, draft.member_id) if draft.member_id else (Team, draft.team_id)
    if owner_id:
        versions.lock(s, owner_model, owner_id)  # the "same content once a year" check below holds
    d, _owner = check_draft(s, draft, today)
    same = select(Commitment.id).where(
        Commitment.year == d.year,
        Commitment.content == d.content,
        Commitment.member_id == d.member_id if d.member_id else Commitment.team_id == d.team_id,
    )
    if not linked and s.scalar(same):
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
    audit.record(s, actor, "create", "commitment", c.id, "content", None, d.content)
    record_event(s, actor, c, d.published_on or today, "承诺", "", "公示" if d.published_on else "草稿")
    return c.id


def edit_commitment(
    db: Database,
    commitment_id: str,
    draft: CommitmentDraft,
    today: dt.date | None = None,
    version: int | None = None,
) -> int:
    """Change kind, text, dates of a commitment (owner and year stay). Returns the number of fields changed.
    ``version``: the one the editor loaded (a stale one is refused); None saves over the current one."""
    today = today or dt.date.today()
    with db.session() as s, s.begin():
        versions.claim(
            s, Commitment, commitment_id, version, "commitment", f"找不到编号为“{commitment_id}”的承诺"
        )
        c = load_commitment(s, commitment_id)
        draft.member_id, draft.team_id, draft.year = c.member_id, c.team_id, c.year
        if c.member_id:
            # A member who left keeps their record; correcting its text is still allowed.
            m = s.get(Member, c.member_id)
            if m is not None and m.status != MemberStatus.ACTIVE:
                draft.member_id = None
                draft.team_id = None
                d = _check_fields_only(draft, today)
            else:
                d, _ = check_draft(s, draft, today)
        else:
            d, _ = check_draft(s, draft, today)
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
            record_event(s, db.actor, c, today, "修改", c.status, f"修改了 {changed} 项")
        else:
            versions.release(s, Commitment, commitment_id)
        return changed


def _changing(s: Session, commitment_id: str) -> Commitment:
    """The commitment for a step (践诺, 未践诺, 延期, 公示…), its row locked and its version bumped first, so
    the status checked after this is the current one and an open editor elsewhere sees the change."""
    versions.claim(s, Commitment, commitment_id, None, "commitment", f"找不到编号为“{commitment_id}”的承诺")
    return load_commitment(s, commitment_id)


def _check_fields_only(d: CommitmentDraft, today: dt.date) -> CommitmentDraft:
    d.content = (d.content or "").strip()
    if not d.content:
        raise ValidationError("承诺内容不能为空，请写明承诺做什么", field="content")
    if d.kind not in KINDS:
        raise ValidationError(f"承诺类别只能是{'、'.join(KINDS)}", field="kind")
    if d.deadline and d.published_on and d.deadline < d.published_on:
        raise ValidationError("完成期限不能早于公示日期", field="deadline")
    return d


def _keepable(c: Commitment, on: dt.date) -> None:
    made = made_on(c.published_on, c.created_at)
    if on < made:
        raise ValidationError(f"兑现日期 {on} 早于承诺公示日期 {made}，请核对", field="date")
    if c.status == KEPT:
        raise UserError(f"这项承诺已在 {c.kept_on} 登记为已兑现")


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
    if photo is not None:  # checked before the photo is stored (read only), and again below where it counts
        with db.session() as s:
            _keepable(load_commitment(s, commitment_id), on)
    from app.services.photos import kept_if_saved, store_photo_files

    stored = store_photo_files(db, [photo] if photo is not None else [])
    photo_name = stored[0] if stored else ""
    with kept_if_saved(db, stored), db.session() as s, s.begin():
        c = _changing(s, commitment_id)
        _keepable(c, on)
        before = c.status
        audit.record(s, db.actor, "keep", "commitment", c.id, "status", before, KEPT)
        audit.record(s, db.actor, "keep", "commitment", c.id, "kept_on", c.kept_on, on)
        audit.record(s, db.actor, "keep", "commitment", c.id, "note", c.note, note)
        if photo_name:
            audit.record(s, db.actor, "keep", "commitment", c.id, "photo", c.photo, photo_name)
            c.photo = photo_name
        c.status, c.kept_on, c.note = KEPT, on, note
        c.updated_at = utcnow()
        record_event(s, db.actor, c, on, "兑现", before, note)


def fail(db: Database, commitment_id: str, on: dt.date | None = None, note: str = "") -> None:
    """未兑现: the year is over (or the matter fell through) and the promise was not kept."""
    on = on or dt.date.today()
    with db.session() as s, s.begin():
        c = _changing(s, commitment_id)
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
        record_event(s, db.actor, c, on, "未兑现", before, note.strip())


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
        c = _changing(s, commitment_id)
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
        record_event(s, db.actor, c, today, "延期", before, note.strip())


def reopen(db: Database, commitment_id: str, note: str = "", today: dt.date | None = None) -> None:
    """Undo a 兑现/未兑现 recorded by mistake: back to 承诺中; the history keeps both steps."""
    today = today or dt.date.today()
    with db.session() as s, s.begin():
        c = _changing(s, commitment_id)
        if c.status in (IN_PROGRESS, POSTPONED):
            raise UserError("这项承诺本来就在进行中")
        before = c.status
        audit.record(s, db.actor, "reopen", "commitment", c.id, "status", before, IN_PROGRESS)
        audit.record(s, db.actor, "reopen", "commitment", c.id, "kept_on", c.kept_on, None)
        c.status, c.kept_on = IN_PROGRESS, None
        c.updated_at = utcnow()
        record_event(s, db.actor, c, today, "撤销", before, note.strip() or "撤销误登记")


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
            record_event(s, db.actor, c, on, "公示", c.status)
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
            if c.member_id and (member_status != MemberStatus.ACTIVE or c.member_id in have_member):
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


def _core_insert(model: type[Base]) -> Insert:
    """A Core INSERT on the model's table: one executemany even where some values are None."""
    return insert(cast(Table, model.__table__))
