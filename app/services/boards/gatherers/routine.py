"""Gatherers of the routine's sheets: a meeting's sign-in sheet and record, a unit's dues register of a year."""

from __future__ import annotations

import datetime as dt

from app.boards.layouts.routine import DuesLine, MeetingSheet, SignRow
from app.db.database import Database
from app.domain import routine
from app.domain.dates import format_date_zh
from app.domain.errors import UserError, ValidationError
from app.services import dues, meetings, organizations, photos
from app.services.boards.request import NOTHING, BoardRequest, Gathered


def _groups(db: Database) -> dict[str, str]:
    """Member id → the 党小组 (or branch) name printed beside the name."""
    from app.services import roster

    return {r.id: r.group or r.branch for r in roster.list_members(db, status="all")}


def gather_meeting(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    if not req.meeting_id:
        raise ValidationError("请选一次会议", field="meeting")
    d = meetings.get_meeting(db, req.meeting_id)
    if d.row.status == routine.WITHDRAWN:
        raise UserError(f"{NOTHING}：这次会议已撤回")
    units = _groups(db)
    expected = [a for a in d.attendees if a.expected]
    apart = [a for a in d.attendees if not a.expected]
    when = f"{format_date_zh(d.row.date)} {d.row.time}".strip()
    sheet = MeetingSheet(
        unit=d.row.unit,
        kind=d.row.kind,
        when=when,
        place=d.row.place,
        topic=d.row.topic,
        host=d.host,
        recorder=d.recorder,
        expected=tuple(
            SignRow(i, a.name, units.get(a.member_id, "")) for i, a in enumerate(expected, start=1)
        ),
        apart=tuple(
            SignRow(len(expected) + i, a.name, units.get(a.member_id, ""), "另列")
            for i, a in enumerate(apart, start=1)
        )
        # 1+N: members from elsewhere sign too, with their own organisation; they are not counted.
        + tuple(
            SignRow(len(d.attendees) + i, p.name, p.organization, "外来党员")
            for i, p in enumerate(d.people, start=1)
        ),
        present=tuple(a.name for a in d.attendees if a.mark == routine.PRESENT)
        + tuple(f"{p.name}（外来）" for p in d.people if p.mark == routine.PRESENT),
        leave=tuple(
            f"{a.name}（{a.reason}）" if a.reason else a.name for a in d.attendees if a.mark == routine.LEAVE
        )
        + tuple(
            f"{p.name}（外来{'，' + p.reason if p.reason else ''}）"
            for p in d.people
            if p.mark == routine.LEAVE
        ),
        absent=tuple(a.name for a in d.attendees if a.mark == routine.ABSENT)
        + tuple(f"{p.name}（外来）" for p in d.people if p.mark == routine.ABSENT),
        guests=tuple(g for g in d.draft.guests.splitlines() if g.strip()),
        minutes=d.draft.minutes,
        resolutions=d.draft.resolutions,
        photos=tuple(str(p) for p in (photos.photo_path(db, n) for n in d.photos) if p is not None),
    )
    place = f" · {d.row.place}" if d.row.place else ""
    subtitle = f"{d.row.unit} · {d.row.kind} · {when}{place} · 主题：{d.row.topic}"
    return Gathered([sheet], subtitle)


def gather_dues(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    year = req.year or on.year
    unit_id = req.branch_ids[0] if req.branch_ids else None
    reg = dues.register(db, year, unit_id)
    if not reg.rows:
        raise UserError(f"{NOTHING}：{year}年{reg.unit}还没有党费记录。")
    lines = []
    for n, r in enumerate(reg.rows, start=1):
        cells = tuple(
            routine.format_fen(paid) if paid is not None else ("未交" if owed else "")
            for paid, owed in zip(r.months, r.owed, strict=True)
        )
        rate = routine.format_fen(r.rate_fen) if r.rate_fen is not None else ""
        lines.append(DuesLine(n, r.name, r.unit, rate, cells, routine.format_fen(r.total)))
    totals = tuple(routine.format_fen(t) for t in reg.month_totals)
    lines.append(DuesLine(0, "合计", "", "", totals, routine.format_fen(reg.total), is_total=True))
    names = {u.id: u.name for u in organizations.units(db)}
    scope = names.get(unit_id or "", "") or "全体党员"
    return Gathered(lines, f"{year}年度 · {scope} · 单位：元")
