"""Demo step for the routine (组织生活): this year's meetings with attendance, dues with a few arrears, and
contacts with mobile members. The points follow through the same linking the services use, so the ledger
and the sign-in lists agree.

Written in one transaction (not a use case per meeting) because every test village runs it. Absences and
arrears fall only on members well above the pass mark, so the points demo's one flagged member stays the
only one."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select

from app.db.bulk import insert_rows
from app.db.models import Member, new_id, utcnow
from app.db.models_routine import Attendance, DuesPayment, DuesRate, Meeting, MobileContact
from app.domain import routine
from app.domain.periods import Quarter, quarter_of
from app.services import dues, meetings, organizations, points, roster
from app.services.meetings.common import SOURCE, default_list
from app.services.points.routine import Wanted, sync_many
from app.services.store import Database

TOPICS = {
    "主题党日": (
        "重温入党誓词",
        "学习党章",
        "村道环境整治志愿服务",
        "走访慰问困难群众",
        "学习新修订的纪律处分条例",
    ),
    "支部党员大会": ("讨论发展党员", "通报上季度工作", "民主评议准备"),
    "党课": ("书记讲党课：走好新时代群众路线", "党的优良传统"),
    routine.FLASH_MEETING: ("本季度闪光言行交流",),
}
PLACES = ("村党群服务中心", "村文化礼堂", "支部活动室")
WAYS = ("电话", "微信", "上门", "来信")


def _plan(today: dt.date, rng: random.Random) -> list[tuple[str, dt.date]]:
    """(kind, date) of one branch's meetings this year up to today; the current quarter is under way."""
    out = []
    this_q = quarter_of(today)
    for q in range(1, this_q.quarter + 1):
        first = Quarter(today.year, q).starts_on.month
        plan = [("主题党日", dt.date(today.year, first + i, 8)) for i in range(3)]
        plan += [
            ("支部党员大会", dt.date(today.year, first + 1, 15)),
            ("党课", dt.date(today.year, first + 2, 12)),
        ]
        plan += [(routine.FLASH_MEETING, dt.date(today.year, first + 2, 25))]
        for kind, date in plan:
            if date > today or (q == this_q.quarter and kind != "主题党日" and rng.random() < 0.6):
                continue
            out.append((kind, date))
    return out


def demo_routine(db: Database, rng: random.Random, today: dt.date) -> dict[str, Any]:
    year = today.year
    kinds = {k.name: k for k in meetings.meeting_kinds(db)}
    branches = [u for u in organizations.units(db) if u.kind == "党支部"]
    active = roster.list_members(db)
    if len(active) > 3000:  # a town-sized demo (benchmarks): one branch's routine keeps `demo` quick
        branches = branches[:1]
        active = [m for m in active if m.branch_id in {b.id for b in branches}]
    totals = {r.member_id: r.total for b in branches for r in points.summary(db, year, b.id)}
    sturdy = {mid for mid, t in totals.items() if t >= 80}  # may miss a meeting or pay late
    failing = {mid for mid, t in totals.items() if t < 60}  # the points demo's 不合格: they do not come
    absences: dict[str, int] = {}
    wanted_by_meeting: dict[str, list[Wanted]] = {}
    meeting_rows: list[dict[str, Any]] = []
    attendance_rows: list[dict[str, Any]] = []
    now = utcnow()
    with db.session() as s, s.begin():
        joined = dict(s.execute(select(Member.id, Member.joined_on)).all())
        for b in branches:
            plan = _plan(today, rng)
            lists = {k: default_list(s, b.id, kinds[k], today) for k in sorted({kind for kind, _d in plan})}
            for kind, date in plan:
                meeting_id, topic = new_id(), rng.choice(TOPICS[kind])
                meeting_rows.append(
                    {"id": meeting_id, "unit_id": b.id, "kind": kind, "date": date, "time": "09:00",
                     "place": rng.choice(PLACES), "topic": topic, "created_at": now, "created_by": "演示数据",
                     "updated_at": now}
                )  # fmt: skip
                wanted = []
                for i, (info, expected, _why) in enumerate(lists[kind]):
                    if (joined.get(info.id) or date) > date:
                        continue  # not yet a member on the day
                    mark, reason = (routine.PRESENT, "") if expected else ("", "")
                    r = rng.random()
                    if expected and info.id in failing:
                        mark = routine.ABSENT
                    elif expected and r < 0.06:
                        mark, reason = routine.LEAVE, rng.choice(("外出务工", "生病住院", "家中有事"))
                    elif expected and r < 0.09 and info.id in sturdy and absences.get(info.id, 0) < 2:
                        mark = routine.ABSENT
                        absences[info.id] = absences.get(info.id, 0) + 1
                    attendance_rows.append(
                        {"id": new_id(), "meeting_id": meeting_id, "member_id": info.id, "expected": expected,
                         "mark": mark, "reason": reason, "sort_order": i}
                    )  # fmt: skip
                    indicator = routine.points_indicator(kinds[kind], mark) if expected else None
                    if indicator:
                        wanted.append(
                            Wanted(info.id, indicator, date, info.id, f"{kind} {date:%m-%d} {topic}")
                        )
                wanted_by_meeting[meeting_id] = wanted
        insert_rows(s, Meeting, meeting_rows)
        insert_rows(s, Attendance, attendance_rows)
        sync_many(s, "演示数据", SOURCE, wanted_by_meeting, "")
    made = len(meeting_rows)
    # dues: 0.2–20 元 a month from January; most pay each quarter in time, a few are behind
    this_q = quarter_of(today)
    rates, payments = [], []
    now = utcnow()
    for m in active:
        fen = rng.choice((20, 100, 500, 1000, 1500, 2000))
        rates.append(
            {"id": new_id(), "member_id": m.id, "from_month": f"{year}-01", "amount_fen": fen, "basis": "演示数据",
             "created_at": now, "created_by": "演示数据"}
        )  # fmt: skip
        # quarters left unpaid: a few are two quarters behind (3+ months owed), one in fifty three (6+ months)
        r = rng.random() if m.id in sturdy else 1.0
        missing = 3 if r < 0.02 else 2 if r < 0.08 else 0
        for q in range(1, max(1, this_q.quarter + 1 - missing)):
            paid_on = Quarter(year, q).starts_on + dt.timedelta(days=rng.randint(5, 40))
            if paid_on > today:
                continue
            payments.append(
                {"id": new_id(), "member_id": m.id, "paid_on": paid_on, "first_month": f"{year}-{3 * q - 2:02d}",
                 "last_month": f"{year}-{3 * q:02d}", "amount_fen": fen * 3, "receipt": f"DF{year}{q}{rng.randint(1000, 9999)}",
                 "withdrawn_at": None, "withdrawn_reason": "", "created_at": now, "created_by": "演示数据"}
            )  # fmt: skip
    with db.session() as s, s.begin():
        insert_rows(s, DuesRate, rates)
        insert_rows(s, DuesPayment, payments)
    dues.sync_points(db, year, today)
    # 流动党员: most were reached in the last months, a few not for a long while
    contact_rows = [
        {"id": new_id(), "member_id": m.id, "date": today - dt.timedelta(days=rng.randint(10, 150)),
         "way": rng.choice(WAYS), "doing": f"在{m.mobile_destination or '外地'}务工",
         "certificate_no": f"LD{rng.randint(10000, 99999)}", "attends_at": rng.choice(("", "当地流动党员服务站")),
         "note": "", "created_at": now, "created_by": "演示数据"}
        for m in active
        if m.is_mobile and rng.random() >= 0.25
    ]  # fmt: skip
    with db.session() as s, s.begin():
        insert_rows(s, MobileContact, contact_rows)
    return {"meetings": made, "dues_payments": len(payments), "contacts": len(contact_rows)}
