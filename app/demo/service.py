"""Demo step for 服务群众: about three households per member (heads in the people register), grid levels with
staff, 联户 pairings within the target, a year of visits and requests in every state of the flow (bulk insert).
Above 2,000 members, made for 2,000 of them (app/demo/scale.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from typing import Any

from sqlalchemy import select

from app.db.bulk import insert_rows
from app.db.models import Grid, Member, utcnow
from app.db.models_service import (
    GridCell,
    GridStaff,
    Household,
    Pairing,
    Person,
    RequestEvent,
    ServiceRequest,
    Visit,
    VisitMember,
    VisitTarget,
)
from app.demo.ids import seeded_uuid
from app.demo.scale import service_members
from app.demo.village import FEMALE_CHARS, GROUP_PLACES, MALE_CHARS, SURNAMES
from app.domain import service_rules as rules
from app.domain.member_status import MemberStatus
from app.domain.pinyin import name_pinyin
from app.services import audit
from app.services.store import Database

FINDINGS = (
    "老人身体尚可，子女在外地",
    "反映村道路灯不亮",
    "家中屋顶漏雨",
    "询问医保缴费政策",
    "孩子就业有困难",
    "邻里之间因排水有矛盾",
    "家里一切正常，宣传了垃圾分类",
    "希望增加公交班次",
)
REQUESTS = {
    "矛盾纠纷": ("邻居占用过道堆放杂物", "宅基地边界有争议"),
    "生活困难": ("独居老人需要代买药品", "家中老人行动不便需要帮助"),
    "环境卫生": ("河道有垃圾漂浮", "垃圾桶满了没人清运"),
    "基础设施": ("路灯坏了", "村道有坑洼", "自来水水压低"),
    "政策咨询": ("咨询低保申请", "咨询养老保险补缴"),
    "就业": ("希望介绍附近的工作", "想参加技能培训"),
    "其他": ("建议增设健身器材", "建议开办老年食堂"),
}
RESOLUTIONS = (
    "已协调解决",
    "已联系相关部门处理完毕",
    "党员上门帮助办好",
    "已维修完成",
    "已解释政策并协助办理",
)


def _name(rng: random.Random) -> str:
    chars = MALE_CHARS if rng.random() < 0.5 else FEMALE_CHARS
    return rng.choice(SURNAMES) + rng.choice(chars) + (rng.choice(chars) if rng.random() < 0.7 else "")


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def demo_service(db: Database, rng: random.Random, today: dt.date) -> dict[str, Any]:
    now = utcnow()
    with db.session() as s:
        grid_ids = list(s.scalars(select(Grid.id).order_by(Grid.name)))
        members = [
            (mid, gid)
            for mid, gid in s.execute(
                select(Member.id, Member.grid_id)
                .where(Member.status == MemberStatus.ACTIVE)
                .order_by(Member.id)
            )
        ]
    members = service_members(members)  # a town-sized demo: a 2,000-member village's service work
    people: list[dict[str, Any]] = []
    households: list[dict[str, Any]] = []
    cells: list[dict[str, Any]] = []
    staff: list[dict[str, Any]] = []

    def person(name: str, roles: list[str], grid_id: str | None, **extra: Any) -> str:
        full, initials = name_pinyin(name)
        pid = seeded_uuid(rng)
        people.append(
            {
                "id": pid,
                "name": name,
                "phone": f"13{rng.randrange(10**8, 10**9)}",
                "grid_id": grid_id,
                "roles": json.dumps(roles, ensure_ascii=False),
                "pinyin_full": full,
                "pinyin_initials": initials,
                "created_at": now,
                "updated_at": now,
                # insert_rows wants the same keys in every row
                "address": extra.get("address", ""),
                "household_id": extra.get("household_id"),
                "post": extra.get("post", ""),
            }
        )
        return pid

    cells_of: dict[str, list[str]] = {}
    for g_index, gid in enumerate(grid_ids):
        staff.append(
            {
                "id": seeded_uuid(rng),
                "grid_id": gid,
                "cell_id": None,
                "role": "负责人",
                "member_id": rng.choice(members)[0],
                "person_id": None,
            }
        )
        person(_name(rng), ["社区工作者"], gid, post="社区工作者")
        for z in range(2):
            zone = seeded_uuid(rng)
            cells.append(
                {
                    "id": zone,
                    "grid_id": gid,
                    "parent_id": None,
                    "level": "责任区",
                    "name": f"第{z + 1}责任区",
                    "sort_order": z * 10,
                }
            )
            warden = person(_name(rng), ["责任区协管员"], gid)
            staff.append(
                {
                    "id": seeded_uuid(rng),
                    "grid_id": gid,
                    "cell_id": zone,
                    "role": "协管员",
                    "member_id": None,
                    "person_id": warden,
                }
            )
            for u in range(2):
                unit = seeded_uuid(rng)
                n = g_index * 4 + z * 2 + u
                place = GROUP_PLACES[n % len(GROUP_PLACES)] + ("" if n < len(GROUP_PLACES) else "新村")
                cells.append(
                    {
                        "id": unit,
                        "grid_id": gid,
                        "parent_id": zone,
                        "level": "单元格",
                        "name": place,
                        "sort_order": z * 10 + u + 1,
                    }
                )
                contact = person(_name(rng), ["单元联络员", "居民"], gid)
                staff.append(
                    {
                        "id": seeded_uuid(rng),
                        "grid_id": gid,
                        "cell_id": unit,
                        "role": "联络员",
                        "member_id": None,
                        "person_id": contact,
                    }
                )
                cells_of.setdefault(gid, []).append(unit)
    cell_grid = {c["id"]: c["grid_id"] for c in cells}
    cell_name = {c["id"]: c["name"] for c in cells}
    numbers: dict[str | None, int] = {}

    tags = list(rules.DEFAULT_HOUSEHOLD_TAGS)
    for i in range(3 * len(members)):
        home_grid = grid_ids[i % len(grid_ids)] if grid_ids else None
        home_cell = rng.choice(cells_of[home_grid]) if home_grid in cells_of else None
        hid = seeded_uuid(rng)
        head = _name(rng)
        numbers[home_cell] = numbers.get(home_cell, 0) + 1
        address = f"{cell_name.get(home_cell or '', '村')}{numbers[home_cell]}号"
        head_id = person(head, ["居民"], home_grid, address=address, household_id=hid)
        registered = people[-1]  # the head, just registered by person(): its pinyin is worked out once
        full, initials = registered["pinyin_full"], registered["pinyin_initials"]
        households.append(
            {
                "id": hid,
                "address": address,
                "head_person_id": head_id,
                "head_name": head,
                "phone": people[-1]["phone"],
                "grid_id": cell_grid.get(home_cell or "", home_grid),
                "cell_id": home_cell,
                "tags": json.dumps(rng.sample(tags, 1) if rng.random() < 0.25 else [], ensure_ascii=False),
                "size": rng.randint(1, 6),
                "pinyin_full": full,
                "pinyin_initials": initials,
                "created_at": now,
                "updated_at": now,
            }
        )

    # Pairings: each member up to 3 households of their own grid first; ~10% of households stay unpaired.
    start = dt.date(today.year - 1, 1, 1)
    pairings: list[dict[str, Any]] = []
    paired: dict[str, list[str]] = {}
    pool = list(households)
    rng.shuffle(pool)
    for h in pool[: int(len(pool) * 0.9)]:
        mid = members[len(pairings) % len(members)][0]
        pairings.append(
            {
                "id": seeded_uuid(rng),
                "household_id": h["id"],
                "member_id": mid,
                "person_id": None,
                "starts_on": start,
                "ends_on": None,
                "created_at": now,
            }
        )
        paired.setdefault(mid, []).append(h["id"])

    # A year of visits (~10 per member) to their paired households.
    year_ago = today - dt.timedelta(days=365)
    visits: list[dict[str, Any]] = []
    v_members: list[dict[str, Any]] = []
    v_targets: list[dict[str, Any]] = []
    for mid, hids in paired.items():
        for _ in range(10):
            vid = seeded_uuid(rng)
            visits.append(
                {
                    "id": vid,
                    "date": _day(rng, year_ago, today),
                    "way": rng.choice(rules.VISIT_WAYS),
                    "text": rng.choice(FINDINGS),
                    "created_at": now,
                    "created_by": db.actor,
                }
            )
            v_members.append({"id": seeded_uuid(rng), "visit_id": vid, "member_id": mid})
            v_targets.append(
                {"id": seeded_uuid(rng), "visit_id": vid, "household_id": rng.choice(hids), "person_id": None}
            )

    # Requests (~1.5 per member) in every state: 回访 satisfied / re-opened, 办结, 办理中, 受理 (some overdue), 撤销.
    reqs: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    h_by_id = {h["id"]: h for h in households}
    for i in range(max(12, len(members) * 3 // 2)):
        h = h_by_id[rng.choice(pool)["id"]]
        category = rng.choice(list(REQUESTS))
        raised = _day(rng, year_ago, today - dt.timedelta(days=1))
        rid = seeded_uuid(rng)
        kind = "建议" if category == "其他" else "求助"
        urgency = rng.choice(("一般", "一般", "一般", "紧急", "特急"))
        r = {
            "id": rid,
            "kind": kind,
            "raised_on": raised,
            "household_id": h["id"],
            "person_id": None,
            "channel": rng.choice(rules.CHANNELS),
            "category": category,
            "urgency": urgency,
            "text": rng.choice(REQUESTS[category]),
            "grid_id": h["grid_id"],
            "visit_id": None,
            "status": rules.RECEIVED,
            "assigned_member_id": None,
            "assigned_team_id": None,
            "assigned_committee": False,
            "resolved_on": None,
            "resolution": "",
            "satisfaction": "",
            "revisited_on": None,
            "reopened": 0,
            "adopted": False,
            "created_at": now,
            "created_by": db.actor,
            "withdrawn_at": None,
            "withdrawn_by": "",
        }

        def event(day: dt.date, action: str, note: str = "", rid: str = rid) -> None:
            events.append(
                {
                    "id": seeded_uuid(rng),
                    "request_id": rid,
                    "date": min(day, today),
                    "action": action,
                    "note": note,
                    "recorded_at": now,
                    "recorded_by": db.actor,
                }
            )

        event(raised, rules.RECEIVED, r["text"])
        fate = i % 10 if (today - raised).days > 30 else rng.choice((6, 7, 8))
        if fate in (6, 7, 8) and (today - raised).days > 30 and i % 4:
            fate = rng.choice((0, 1, 2, 3))  # old requests are mostly finished; a few stay open and overdue
        if fate == 9 and i % 20 == 9:
            r["status"] = rules.WITHDRAWN
            event(raised, "撤销", "重复登记")
        elif fate != 8:
            r["assigned_member_id"] = rng.choice(members)[0]
            r["status"] = rules.IN_PROGRESS
            event(raised + dt.timedelta(days=1), "指派", "交党员办理")
            if fate <= 5:
                done = min(today, raised + dt.timedelta(days=rng.randint(1, 12)))
                r.update(
                    status=rules.RESOLVED,
                    resolved_on=done,
                    resolution=rng.choice(RESOLUTIONS),
                    adopted=kind == "建议",
                )
                event(done, "办结", r["resolution"])
                if fate <= 4 and done + dt.timedelta(days=3) <= today:
                    revisit = done + dt.timedelta(days=3)
                    unhappy = fate == 4
                    r.update(
                        satisfaction="不满意" if unhappy else rng.choice(("满意", "满意", "基本满意")),
                        revisited_on=revisit,
                    )
                    event(revisit, "回访", r["satisfaction"])
                    if unhappy:
                        r.update(status=rules.IN_PROGRESS, reopened=1, resolved_on=None)
                        event(revisit, "重办", "群众不满意，重新办理")
                    else:
                        r["status"] = rules.REVISITED
            else:
                event(raised + dt.timedelta(days=2), "进展", "正在协调")
        reqs.append(r)

    with db.session() as s, s.begin():
        insert_rows(s, Person, people)
        insert_rows(s, GridCell, [c for c in cells if c["parent_id"] is None])
        insert_rows(s, GridCell, [c for c in cells if c["parent_id"] is not None])
        insert_rows(s, GridStaff, staff)
        insert_rows(s, Household, households)
        insert_rows(s, Pairing, pairings)
        insert_rows(s, Visit, visits)
        insert_rows(s, VisitMember, v_members)
        insert_rows(s, VisitTarget, v_targets)
        insert_rows(s, ServiceRequest, reqs)
        insert_rows(s, RequestEvent, events)
        audit.record(s, db.actor, "demo", "household", "demo", "households", None, len(households))
    # The demo village pairs about three households per member: its target says so (the default is 5–10).
    from app.services.residents import common

    common.save_settings(db, dataclasses.replace(common.get_settings(db), pairing_target=(2, 5)))
    return {
        "households": len(households),
        "pairings": len(pairings),
        "visits": len(visits),
        "requests": len(reqs),
    }
