"""Demo quarters of the 闪光言行考评: closed quarters with deeds, levels and 点评, the current one half done."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select

from app.db.bulk import insert_rows
from app.db.models import Base, Member, utcnow
from app.demo.ids import seeded_uuid
from app.domain import stars
from app.domain.periods import age_on, quarter_of, was_member_during
from app.services import audit, evaluations
from app.services.evaluations import auto_exemption
from app.services.store import Database

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
    conf = evaluations.get_settings(db)
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
                "status": evaluations.OPEN if is_current else evaluations.CLOSED,
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
            if auto_exemption(conf, category, mobile, age_on(birth, q.ends_on)):
                continue  # shown as exempt automatically; nothing to record
            if temper[mid] > 0.985 and not is_current:
                rating_rows.append(  # chosen by the branch: long ill (只挂牌不参评)
                    {
                        "id": seeded_uuid(rng),
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
                        "id": seeded_uuid(rng),
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
                    "id": seeded_uuid(rng),
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
                        "id": seeded_uuid(rng),
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
