"""Demo step for the points area: last year's and this year's rules, a ledger that obeys them (bulk insert),
last year's democratic review, and exactly one member flagged by the two-years-不合格 rule."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from app.db.bulk import insert_rows
from app.db.models import utcnow
from app.db.models_points import PointEntry, Review
from app.demo.ids import seeded_uuid
from app.domain import points as rules
from app.services import audit, points
from app.services.store import Database

# indicator → (months with a branch activity or None for any day, typical occurrences at full diligence)
MEETINGS = {"集中学习": (2, 4, 6, 8, 10, 12), "三会一课": (3, 6, 9, 12), "主题党日": (1, 4, 7, 10)}
ATTENDING_TIERS = ("骨干类", "普通类")


class _Book:
    """One member's year being written: applies the caps exactly as the services do."""

    def __init__(
        self,
        year: int,
        member_id: str,
        indicators: dict[str, points.IndicatorRow],
        last_day: dt.date,
        sink: Any,
    ) -> None:
        self.year, self.member_id, self.indicators, self.last_day, self.sink = (
            year,
            member_id,
            indicators,
            last_day,
            sink,
        )
        self.used: dict[str, int] = {}

    def add(self, name: str, date: dt.date, note: str = "", batch: str | None = None, times: int = 1) -> int:
        i = self.indicators[name]
        if date > self.last_day or times < 1:
            return 0
        capped = rules.apply_cap(i.points, times, i.annual_cap, self.used.get(i.id, 0))
        if capped.points == 0:
            return 0
        self.used[i.id] = self.used.get(i.id, 0) + capped.points
        self.sink(self.year, self.member_id, i, date, capped.points, note, batch, times)
        return capped.points


def demo_points(db: Database, rng: random.Random, today: dt.date) -> dict[str, Any]:
    last, this = today.year - 1, today.year
    rs_last = points.create_preset(db, last)
    rs_this = points.copy_rule_set(db, last, this)
    sets = {last: points.get_rule_set(db, rs_last), this: points.get_rule_set(db, rs_this)}
    pool = points.candidates(db, this)
    by_member = {c.member_id: c for c in pool}
    eligible = [c for c in pool if c.tier == "普通类" and c.category == "正式党员"]
    target = rng.choice(eligible).member_id if eligible else None
    branch_days: dict[tuple[str, str, int, int], tuple[dt.date, str]] = {}
    now = utcnow()
    actor = db.actor
    rows: list[dict[str, Any]] = []
    # A big demo records each activity kind once a year as a summed entry (as a clerk copying paper 手册
    # at year end would), so 10,000 members stay a few seconds; a village-sized one has one entry per event.
    coarse = len(pool) > 2000

    def entry(
        year: int,
        member_id: str,
        ind: points.IndicatorRow,
        date: dt.date,
        pts: int,
        note: str,
        batch: str | None,
        times: int,
    ) -> None:
        rows.append(
            {
                "id": seeded_uuid(rng),
                "member_id": member_id,
                "rule_set_id": sets[year].id,
                "indicator_id": ind.id,
                "year": year,
                "date": date,
                "occurrences": times,
                "points": pts,
                "note": note,
                "recorded_by": actor,
                "recorded_at": now,
                "reverses_entry_id": None,
                "reason": "",
                "batch_id": batch,
                "commitment_id": None,
            }
        )

    for year in (last, this):
        rs = sets[year]
        ind = {i.name: i for i in rs.indicators}
        last_day = dt.date(year, 12, 31) if year < this else today
        for c in pool:
            book = _Book(year, c.member_id, ind, last_day, entry)
            add = book.add
            is_target = c.member_id == target
            diligence = 0.15 if is_target else min(1.0, max(0.2, rng.gauss(0.7, 0.2)))
            positive = 0

            attends = c.tier in ATTENDING_TIERS
            for name, months in MEETINGS.items():
                attended: list[int] = []
                for month in months:
                    key = (c.branch_name, name, year, month)
                    if key not in branch_days:
                        branch_days[key] = (dt.date(year, month, rng.randint(3, 25)), seeded_uuid(rng))
                    date, batch = branch_days[key]
                    if date <= last_day and rng.random() < (diligence if attends else diligence * 0.4):
                        attended.append(month)
                        if not coarse:
                            positive += add(name, date, f"{month}月{name}", batch)
                if coarse and attended:
                    months_text = "、".join(f"{m}月" for m in attended)
                    date = branch_days[(c.branch_name, name, year, attended[-1])][0]
                    positive += add(name, date, f"{months_text}{name}（汇总录入）", None, len(attended))
            notes = int(diligence * 8 * rng.uniform(0.5, 1.2))
            if coarse:
                positive += add(
                    "学习笔记", dt.date(year, 6, 30), f"学习笔记 {notes} 篇（汇总录入）", None, notes
                )
            else:
                for _ in range(notes):
                    positive += add(
                        "学习笔记", dt.date(year, rng.randint(1, 12), rng.randint(1, 28)), "学习笔记一篇"
                    )
            paid = [q for q in range(4) if rng.random() < 0.9 + diligence * 0.1 and not is_target]
            paid = [q for q in paid if dt.date(year, q * 3 + 1, 10) <= last_day]
            if coarse and paid:
                positive += add(
                    "按时交纳党费", dt.date(year, paid[-1] * 3 + 1, 10), "按季交纳党费", None, len(paid)
                )
            elif not coarse:
                for quarter in paid:
                    positive += add(
                        "按时交纳党费", dt.date(year, quarter * 3 + 1, 10), f"第{quarter + 1}季度党费"
                    )
            if rng.random() < diligence * 0.8:
                positive += add(
                    "志愿服务", dt.date(year, rng.randint(1, 12), rng.randint(1, 28)), "村道保洁志愿服务"
                )
            if rng.random() < diligence * 0.6:
                positive += add(
                    "联系走访群众", dt.date(year, rng.randint(1, 12), rng.randint(1, 28)), "走访联系户"
                )
            if rng.random() < 0.03 * diligence:
                positive += add("受到表彰", dt.date(year, rng.randint(1, 11), 20), "镇级优秀共产党员")
            if is_target:
                # clearly under 60 (不合格) both years, whatever the few points earned
                taken = 0
                for date, name, note in (
                    (dt.date(year, 1, 8), "违反村规民约", "违规搭建，经劝导未整改"),
                    (dt.date(year, 1, 9), "违反村规民约", "违规搭建，限期未拆除"),
                    (dt.date(year, 1, 10), "无故缺席组织生活", "1月组织生活无故缺席"),
                    (dt.date(year, 1, 11), "无故缺席组织生活", "1月主题党日无故缺席"),
                    (dt.date(year, 1, 12), "无故缺席组织生活", "集中学习无故缺席"),
                    (dt.date(year, 1, 13), "无故缺席组织生活", "三会一课无故缺席"),
                ):
                    if positive - taken >= -5:
                        taken -= add(name, min(date, last_day), note)
            elif attends and positive >= 10 and rng.random() < 0.08:
                # never enough to fall under 60: only the flagged member fails two years running
                add("无故缺席组织生活", dt.date(year, rng.randint(2, 11), 1), "无故缺席组织生活")
    rows.sort(key=lambda r: r["id"])  # primary-key order: the cheapest way into the b-tree
    with db.session() as s, s.begin():
        insert_rows(s, PointEntry, rows)
        audit.record(s, actor, "demo", "point_entry", rs_this, "entries", None, len(rows))

    # last year's democratic review, by the rules: 优秀 at most 1/3 per branch, 预备党员 not graded
    summary_last = points.summary(db, last)
    graded_in: dict[str, int] = {}
    for r in summary_last:
        if r.graded:
            graded_in[r.branch_id] = graded_in.get(r.branch_id, 0) + 1
    excellent_in: dict[str, int] = {}
    reviews: list[dict[str, Any]] = []
    decided_at = dt.datetime(last, 12, 28, 15, 0)
    for r in summary_last:  # by rank
        if not r.graded:
            continue
        grade = r.grade
        if grade == "优秀":
            if excellent_in.get(r.branch_id, 0) >= rules.excellent_limit(graded_in[r.branch_id]):
                grade = "合格"
            else:
                excellent_in[r.branch_id] = excellent_in.get(r.branch_id, 0) + 1
        voters = rng.randint(25, 45)
        lean = {"优秀": (0.7, 0.28, 0.02), "合格": (0.25, 0.7, 0.05), "基本合格": (0.05, 0.55, 0.35)}.get(
            grade or "", (0.0, 0.2, 0.4)
        )
        ex = int(voters * lean[0])
        ok = int(voters * lean[1])
        basic = int(voters * lean[2])
        reviews.append(
            {
                "id": seeded_uuid(rng),
                "member_id": r.member_id,
                "year": last,
                "votes_excellent": ex,
                "votes_qualified": ok,
                "votes_basic": basic,
                "votes_unqualified": voters - ex - ok - basic,
                "decided_grade": grade,
                "decided_by": actor,
                "decided_at": decided_at,
            }
        )
    with db.session() as s, s.begin():
        insert_rows(s, Review, reviews)
    flagged_name = by_member[target].name if target else ""
    return {"point_entries": len(rows), "reviews": len(reviews), "flagged": flagged_name}
