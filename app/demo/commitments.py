"""Demo teams, commitments (last year's and this year's, most kept, some overdue) and 五亮 profiles."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select

from app.db.bulk import insert_rows
from app.db.models import Member, new_id, utcnow
from app.db.models_commitments import Commitment, CommitmentEvent, Team, TeamMember, WuliangProfile
from app.demo.ids import seeded_uuid
from app.domain.member_status import MemberStatus
from app.services import commitments
from app.services.store import Database

_TEAM_DEMO = (
    ("两委班子", "两委班子", "村务决策、重大事项"),
    ("党员队伍", "党员队伍", "先锋示范"),
    ("居民组长队伍", "居民组长", "各村民小组"),
    ("居民代表队伍", "居民代表", "民主议事"),
    ("企业家队伍", "企业家队伍", "村内企业"),
    ("财务监督小组", "财务监督小组", "村级财务"),
    ("矛盾纠纷协调志愿服务队", "志愿服务队", "矛盾纠纷协调"),
    ("治安巡防志愿服务队", "志愿服务队", "治安巡防"),
    ("政策宣传志愿服务队", "志愿服务队", "政策宣传、文体活动"),
)
_POST_COMMITMENTS = (
    "认真履行{post}职责，带头落实支部各项决议",
    "带领班子成员每季度走访困难群众一次",
)
_TEAM_COMMITMENTS = (
    ("治安巡防志愿服务队", "每周开展两次夜间巡防，确保全年村内无重大治安案件"),
    ("矛盾纠纷协调志愿服务队", "全年调解邻里纠纷，做到小事不出组、大事不出村"),
    ("两委班子", "全年完成村道硬化和路灯安装两件实事"),
)
_KEPT_NOTES = (
    "已完成，群众认可",
    "全年参加{n}次，有签到记录",
    "已走访{n}户，收集意见建议{n}条",
    "按期完成，经支部核实",
)


def demo_commitments(db: Database, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Teams, last year's and this year's commitments (most kept, some overdue, some none), 五亮 profiles."""
    with db.session() as s:
        members = s.execute(
            select(
                Member.id, Member.name, Member.party_post, Member.status, Member.job, Member.branch_id
            ).order_by(Member.pinyin_full, Member.id)
        ).all()
    active = [m for m in members if m.status == MemberStatus.ACTIVE]
    if not active:
        return {"teams": 0, "commitments": 0, "wuliang": 0}
    now = utcnow()
    teams: list[dict[str, Any]] = []
    team_members: list[dict[str, Any]] = []
    pool = active[:]
    rng.shuffle(pool)
    cursor = 0
    posts = [m for m in active if m.party_post]
    for i, (name, kind, area) in enumerate(_TEAM_DEMO):
        size = 5 if kind == "两委班子" else rng.randint(4, 9)
        chosen = posts[:size] if kind == "两委班子" and posts else pool[cursor : cursor + size]
        if kind != "两委班子":
            cursor = (cursor + size) % max(1, len(pool) - 10)
        if not chosen:
            continue
        team_id = seeded_uuid(rng)
        teams.append(
            {
                "id": team_id,
                "name": name,
                "kind": kind,
                "area": area,
                "leader_id": chosen[0].id,
                "active": True,
                "sort_order": i,
                "note": "",
                "created_at": now,
            }
        )
        for j, m in enumerate(dict.fromkeys(chosen)):
            team_members.append(
                {
                    "id": seeded_uuid(rng),
                    "team_id": team_id,
                    "member_id": m.id,
                    "role": "队长" if j == 0 else "队员",
                    "active": True,
                    "joined_at": now,
                }
            )

    rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []

    def add(owner: dict[str, Any], year: int, kind: str, content: str, current: bool) -> None:
        # rng.random() arithmetic rather than randint/choice: this runs ~2 × members times in the demo.
        r = rng.random()
        published = dt.date(year, 2 + int(r * 2), 1 + int(r * 997) % 28)
        if published > today:
            published = today
        r = rng.random()
        deadline = dt.date(year, (6, 9, 12)[int(r * 3)], 30 if int(r * 1000) % 2 else 15)
        if current:
            roll = rng.random()
            if deadline < today:
                status = (
                    commitments.KEPT
                    if roll < 0.8
                    else (commitments.IN_PROGRESS if roll < 0.93 else commitments.POSTPONED)
                )
            else:
                status = commitments.KEPT if roll < 0.3 else commitments.IN_PROGRESS
            if status == commitments.POSTPONED:
                deadline = deadline + dt.timedelta(days=rng.choice((20, 45, 200)))
        else:
            status = commitments.KEPT if rng.random() < 0.9 else commitments.FAILED
        kept_on = None
        note = ""
        if status == commitments.KEPT:
            latest = min(deadline, today)
            r = rng.random()
            kept_on = published + dt.timedelta(days=int(r * max(0, (latest - published).days)))
            note = _KEPT_NOTES[int(r * 1000) % len(_KEPT_NOTES)].format(n=2 + int(r * 10000) % 11)
        cid = seeded_uuid(rng)
        rows.append(
            owner
            | {
                "id": cid,
                "year": year,
                "kind": kind,
                "content": content,
                "deadline": deadline,
                "published_on": published,
                "objection_until": published + dt.timedelta(days=7),
                "status": status,
                "kept_on": kept_on,
                "note": note,
                "photo": "",
                "created_at": now,
                "updated_at": now,
            }
        )
        events.append(
            {
                "id": new_id(),
                "commitment_id": cid,
                "happened_on": published,
                "action": "承诺",
                "status_before": "",
                "status_after": commitments.IN_PROGRESS,
                "deadline": deadline,
                "note": "公示",
                "recorded_at": now,
                "recorded_by": db.actor,
            }
        )
        if status != commitments.IN_PROGRESS:
            events.append(
                {
                    "id": new_id(),
                    "commitment_id": cid,
                    "happened_on": kept_on or min(deadline, today),
                    "action": {
                        commitments.KEPT: "兑现",
                        commitments.FAILED: "未兑现",
                        commitments.POSTPONED: "延期",
                    }[status],
                    "status_before": commitments.IN_PROGRESS,
                    "status_after": status,
                    "deadline": deadline,
                    "note": note,
                    "recorded_at": now,
                    "recorded_by": db.actor,
                }
            )

    for year, share in ((today.year - 1, 0.9), (today.year, 0.85)):
        for m in members:
            if m.status != MemberStatus.ACTIVE and year == today.year:
                continue
            if rng.random() > share:
                continue
            owner = {"member_id": m.id, "team_id": None}
            current = year == today.year
            if m.party_post:
                add(owner, year, "依岗承诺", _POST_COMMITMENTS[0].format(post=m.party_post), current)
            r = rng.random()
            kind = "因事承诺" if r < 0.33 else "具体承诺"
            add(owner, year, kind, commitments.TEMPLATES[int(r * 1000) % len(commitments.TEMPLATES)], current)
    team_ids = {t["name"]: t["id"] for t in teams}
    for team_name, content in _TEAM_COMMITMENTS:
        if team_name in team_ids:
            add({"member_id": None, "team_id": team_ids[team_name]}, today.year, "因事承诺", content, True)

    profiles: list[dict[str, Any]] = []
    profiled = [m for m in active if m.party_post] + rng.sample(
        active, min(len(active), max(3, len(active) // 10))
    )
    for m in dict.fromkeys(profiled):
        profiles.append(
            {
                "member_id": m.id,
                "post": "党员示范岗"
                if m.party_post
                else rng.choice(("党员先锋岗", "党员示范岗", "党员责任区")),
                "area": rng.choice(("丁家桥片", "新塘湾片", "后漾里片", "村委会周边", "西圩头片")),
                "duties": f"{m.party_post}：" + "联系群众、政策宣传、矛盾调解"
                if m.party_post
                else "联系群众、收集诉求、环境监督",
                "services": rng.choice(
                    ("代办代跑、政策咨询", "邻里调解、环境整治", "关爱老人、帮扶困难户", "垃圾分类指导")
                ),
                "contact_phone": "",
                "show_phone": rng.random() < 0.9,
                "updated_at": now,
            }
        )

    # One executemany per table (the ORM bulk path splits the batch wherever the set of non-None keys
    # changes — 1,000+ statements for a 2,000-member demo).
    with db.session() as s, s.begin():
        insert_rows(s, Team, teams)
        insert_rows(s, TeamMember, team_members)
        insert_rows(s, Commitment, rows)
        insert_rows(s, CommitmentEvent, events)
        insert_rows(s, WuliangProfile, profiles)
    return {"teams": len(teams), "commitments": len(rows), "wuliang": len(profiles)}
