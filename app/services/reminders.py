"""待办: what a clerk keeps in a notebook, computed from the data on demand (nothing stored).

预备党员 whose probation ends within 60 days, dues arrears of 3+ months, members absent from their last two
meetings, 流动党员 not reached for six months, meetings expected this quarter and not yet held, and last
quarter's star rating not yet published."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.db.database import Database
from app.db.models import EvaluationPeriod, Member
from app.domain import routine
from app.domain.member_status import MemberStatus
from app.domain.periods import quarter_of
from app.services import accounts, dues, meetings, mobile_contacts

PROBATION, ARREARS, ABSENT, MOBILE, MEETINGS, STARS = (
    "转正",
    "欠缴党费",
    "连续缺席",
    "流动党员",
    "会议",
    "星级评定",
)
KINDS = (PROBATION, ARREARS, ABSENT, MOBILE, MEETINGS, STARS)


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


def probation_due(db: Database, today: dt.date) -> list[TodoItem]:
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
            out.append(TodoItem(PROBATION, f"{name}预备期{ends:%Y-%m-%d}届满，准备转正{late}", mid, ends))
    return sorted(out, key=lambda t: t.due or today)


def todo(db: Database, today: dt.date | None = None) -> list[TodoItem]:
    today = today or dt.date.today()
    items = probation_due(db, today)
    for a in dues.arrears(db, today=today):
        if len(a.months) >= routine.ARREARS_WARNING_MONTHS:
            items.append(
                TodoItem(ARREARS, f"{a.name}{a.flag}，共 {routine.format_fen(a.owed_fen)} 元", a.member_id)
            )
    for mid, name in meetings.absent_twice_running(db, today - dt.timedelta(days=366)):
        items.append(TodoItem(ABSENT, f"{name}连续两次无故缺席组织生活，宜谈心谈话", mid))
    for mid, name, last in mobile_contacts.overdue(db, today):
        when = f"上次联系 {last:%Y-%m-%d}" if last else "还没有联系记录"
        items.append(TodoItem(MOBILE, f"流动党员{name}半年没有联系（{when}）", mid))
    units = accounts.visible_unit_ids(db)  # a 书记/党务 or 只读 account: its own subtree's to-dos only
    if units is not None:
        mine = accounts.visible_member_ids(db) or set()
        items = [i for i in items if i.member_id in mine]
    q = quarter_of(today)
    short: dict[str, list[str]] = {}
    for c in meetings.expected_counts(db, q):
        if c.short and (units is None or c.unit_id in units):
            short.setdefault(c.unit, []).append(f"{c.kind}{c.short}次")
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
