"""待办: what a clerk keeps in a notebook, computed from the data on demand (nothing stored).

预备党员 whose probation ends within 60 days, dues arrears of 3+ months, members absent from their last two
meetings, 流动党员 not reached for six months, meetings expected this quarter and not yet held, and last
quarter's star rating not yet published."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.db.database import Database
from app.db.models import Member
from app.db.models_evaluations import EvaluationPeriod
from app.domain import routine
from app.domain.member_status import MemberStatus
from app.domain.periods import quarter_of
from app.services import accounts, dues, meetings, mobile_contacts, organizations

PROBATION, ARREARS, ABSENT, MOBILE, MEETINGS, STARS = (
    "转正",
    "欠缴党费",
    "连续缺席",
    "流动党员",
    "会议",
    "星级评定",
)
KINDS = (PROBATION, ARREARS, ABSENT, MOBILE, MEETINGS, STARS)
Named = Callable[[str, str], str]  # (member id, name) → how a to-do names the member


@dataclass(frozen=True)
class TodoItem:
    kind: str
    text: str
    member_id: str | None = None
    due: dt.date | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "member_id": self.member_id,
            "due": self.due.isoformat() if self.due else None,
        }


def _add_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def probation_due(db: Database, today: dt.date, named: Named | None = None) -> list[TodoItem]:
    named = named or _as_is
    with db.session() as s:
        rows = list(
            s.execute(
                select(Member.id, Member.name, Member.joined_on, Member.probation_extension).where(
                    Member.status == MemberStatus.ACTIVE,
                    Member.category == "预备党员",
                    Member.joined_on.is_not(None),
                )
            )
        )
    out = []
    for mid, name, joined, extension in rows:
        if joined is None:
            continue
        ends = _add_year(joined)
        if extension.strip():
            continue  # 延长预备期: its own end date is in words; the clerk keeps it
        if ends <= today + dt.timedelta(days=routine.PROBATION_NOTICE_DAYS):
            late = "（已到期）" if ends < today else ""
            text = f"{named(mid, name)}预备期{ends:%Y-%m-%d}届满，准备转正{late}"
            out.append(TodoItem(PROBATION, text, mid, ends))
    return sorted(out, key=lambda t: t.due or today)


def _as_is(_member_id: str, name: str) -> str:
    return name


def _township_names(db: Database) -> tuple[Named, Callable[[str, str], str]]:
    """How a to-do names a member and a unit: as they are on a village PC; on a township (villages merged from
    their USB packages, app/services/township) with the village after them — “张三（李家村党总支）”,
    “第一党支部（李家村党总支）” — as names repeat across villages. A village's own top unit is named as is."""
    from app.db.models_township import TownshipVillage

    with db.session() as s:
        if s.scalar(select(TownshipVillage.village_id).limit(1)) is None:
            return _as_is, _as_is
        branch_of = dict(s.execute(select(Member.id, Member.branch_id)).all())
    village = organizations.villages(organizations.units(db))

    def member(member_id: str, name: str) -> str:
        found = village.get(branch_of.get(member_id) or "")
        return f"{name}（{found.name}）" if found is not None else name

    def unit(unit_id: str, name: str) -> str:
        found = village.get(unit_id)
        return f"{name}（{found.name}）" if found is not None and found.id != unit_id else name

    return member, unit


def todo(db: Database, today: dt.date | None = None) -> list[TodoItem]:
    today = today or dt.date.today()
    member, unit_named = _township_names(db)
    items = probation_due(db, today, member)
    for a in dues.arrears(db, today=today):
        if len(a.months) >= routine.ARREARS_WARNING_MONTHS:
            text = f"{member(a.member_id, a.name)}{a.flag}，共 {routine.format_fen(a.owed_fen)} 元"
            items.append(TodoItem(ARREARS, text, a.member_id))
    for mid, name in meetings.absent_twice_running(db, today - dt.timedelta(days=366)):
        items.append(TodoItem(ABSENT, f"{member(mid, name)}连续两次无故缺席组织生活，宜谈心谈话", mid))
    for mid, name, last in mobile_contacts.overdue(db, today):
        when = f"上次联系 {last:%Y-%m-%d}" if last else "还没有联系记录"
        items.append(TodoItem(MOBILE, f"流动党员{member(mid, name)}半年没有联系（{when}）", mid))
    units = accounts.visible_unit_ids(db)  # a 书记/党务 or 只读 account: its own subtree's to-dos only
    if units is not None:
        mine = accounts.visible_member_ids(db) or set()
        items = [i for i in items if i.member_id in mine]
    q = quarter_of(today)
    short: dict[str, list[str]] = {}
    for c in meetings.expected_counts(db, q):
        if c.short and (units is None or c.unit_id in units):
            short.setdefault(unit_named(c.unit_id, c.unit), []).append(f"{c.kind}{c.short}次")
    for unit, kinds in short.items():
        items.append(TodoItem(MEETINGS, f"{unit}本季度还有会未开：{'、'.join(kinds)}", None, q.ends_on))
    prev = q.previous()
    with db.session() as s:
        period = s.get(EvaluationPeriod, prev.id)
        status = period.status if period else None
    if status != "closed":
        what = "还没有公示（关闭）" if status else "还没有开展"
        items.append(TodoItem(STARS, f"{prev.label}星级评定{what}", None, prev.ends_on))
    return items
