"""Demo step of 服务项目: a year of needs, projects in every state, volunteer teams with a 队长 and every active
member in at least one service team (almost: a few are left out so the page has someone to list), and some
报到党员 from the people register claiming small projects. ``make_projects`` takes the sizes (benchmarks).
Above 2,000 members, a 2,000-member village's needs (app/demo/scale.py); the teams still take every member."""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.db.bulk import insert_rows
from app.db.models import Member, utcnow
from app.db.models_commitments import Team, TeamMember
from app.db.models_projects import Need, Project, ProjectEvent
from app.db.models_service import Household, Person
from app.demo.ids import seeded_uuid
from app.demo.scale import service_volume
from app.domain import project_rules as rules
from app.domain.member_status import MemberStatus
from app.domain.pinyin import name_pinyin
from app.services import audit
from app.services.store import Database

SMALL_NEEDS = (  # (text, category)
    ("给独居老人买一副轮椅", "敬老助残"),
    ("帮留守儿童买一个书包", "扶贫帮困"),
    ("修好楼道里坏了的路灯", "便民利民"),
    ("陪空巢老人去医院复查", "敬老助残"),
    ("帮残疾人家庭申请低保", "扶贫帮困"),
    ("教老人用智能手机挂号", "便民利民"),
    ("修理漏水的自来水管", "便民利民"),
    ("给困难户送一袋大米", "扶贫帮困"),
)
COLLECTIVE_NEEDS = (
    ("清理村口河道垃圾", "环境整治"),
    ("组织暑期留守儿童托管班", "其他"),
    ("整治三组房前屋后环境", "环境整治"),
    ("开展反诈骗政策宣讲", "政策理论宣传"),
    ("重阳节敬老慰问空巢老人", "敬老助残"),
    ("调解两组之间的灌溉用水纠纷", "矛盾纠纷协调"),
    ("夜间治安巡逻", "治安维稳"),
    ("办一场村民广场舞比赛", "文体活动"),
)
TEAM_AREAS = ("环境整治", "敬老助残", "治安巡防", "政策宣传", "文体活动", "扶贫帮困")
ORGANIZATIONS = ("县税务局党支部", "县人民医院第二党支部", "镇中心小学党支部", "县供电公司党支部")
REGISTERED_NAMES = ("沈立新", "陆晓红", "朱建平", "钱佳怡", "杨振宇", "许文静", "何志刚", "吕丽萍")


def demo_projects(db: Database, rng: random.Random, today: dt.date) -> dict[str, Any]:
    with db.session() as s:
        members = s.scalar(select(Member.id).where(Member.status == MemberStatus.ACTIVE).limit(1))
    if members is None:
        return {"needs": 0, "projects": 0}
    return make_projects(db, rng, today)


def make_projects(
    db: Database,
    rng: random.Random,
    today: dt.date,
    needs: int | None = None,
    teams: int | None = None,
    project_share: float = 0.55,
) -> dict[str, Any]:
    now = utcnow()
    with db.session() as s:
        member_ids = list(
            s.scalars(select(Member.id).where(Member.status == MemberStatus.ACTIVE).order_by(Member.id))
        )
        households = list(s.scalars(select(Household.id).order_by(Household.id)))
        team_count = s.scalar(select(Team.sort_order).order_by(Team.sort_order.desc()).limit(1)) or 0
    n_needs = needs if needs is not None else max(30, service_volume(len(member_ids)) // 2)
    n_teams = teams if teams is not None else max(3, len(member_ids) // 40)

    # Volunteer teams with a 队长; every member in one, but a few (the page lists them as in no team).
    team_rows, team_members, team_ids = [], [], []
    rng.shuffle(shuffled := list(member_ids))
    left_out = set(shuffled[: max(1, len(shuffled) // 50)])
    joining = [m for m in shuffled if m not in left_out]
    for i in range(n_teams):
        tid = seeded_uuid(rng)
        chunk = joining[i::n_teams]
        if not chunk:
            break
        area = TEAM_AREAS[i % len(TEAM_AREAS)]
        leader = chunk[0] if i % 25 != 24 else None  # one team in 25 still waits for its 队长
        team_rows.append(
            {
                "id": tid,
                "name": f"{area}志愿服务{i + 1}队",
                "kind": "志愿服务队",
                "area": area,
                "leader_id": leader,
                "active": True,
                "sort_order": team_count + 1 + i,
                "note": "",
                "created_at": now,
            }
        )
        for m in chunk:
            team_members.append(
                {
                    "id": seeded_uuid(rng),
                    "team_id": tid,
                    "member_id": m,
                    "role": "队长" if m == leader else "队员",
                    "active": True,
                }
            )
        if leader:
            team_ids.append(tid)

    registered = []
    for i, name in enumerate(REGISTERED_NAMES[: max(3, min(8, len(member_ids) // 25))]):
        full, initials = name_pinyin(name)
        registered.append(
            {
                "id": seeded_uuid(rng),
                "name": name,
                "phone": f"139{rng.randrange(10**7, 10**8)}",
                "roles": json.dumps(["报到党员"], ensure_ascii=False),
                "organization": ORGANIZATIONS[i % len(ORGANIZATIONS)],
                "pinyin_full": full,
                "pinyin_initials": initials,
                "created_at": now,
                "updated_at": now,
            }
        )

    need_rows: list[dict[str, Any]] = []
    project_rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []

    def event(
        pid: str, day: dt.date, action: str, text: str = "", claimant: tuple[str, str | None] = ("", None)
    ) -> None:
        events.append(
            {
                "id": seeded_uuid(rng),
                "project_id": pid,
                "date": day,
                "action": action,
                "text": text,
                "photo": "",
                "claimant_kind": claimant[0],
                "claimant_id": claimant[1],
                "recorded_at": now,
                "recorded_by": db.actor,
            }
        )

    plans: list[Claim] = []
    pending: list[dict[str, Any]] = []
    for i in range(n_needs):
        collective = rng.random() < 0.3
        raised = today - dt.timedelta(days=rng.randrange(0, 360))
        text, category = rng.choice(COLLECTIVE_NEEDS if collective else SMALL_NEEDS)
        need: dict[str, Any] = {
            "id": seeded_uuid(rng),
            "category": category,
            "size": rules.COLLECTIVE if collective else rules.SMALL,
            "text": text,
            "household_id": rng.choice(households) if households and not collective else None,
            "person_id": None,
            "group_name": "" if not collective else rng.choice(("空巢老人", "留守儿童", "全组居民", "")),
            "raised_how": rng.choice(rules.RAISED_HOW[:4]),
            "request_id": None,
            "raised_on": raised,
            "wanted_by": raised + dt.timedelta(days=rng.choice((14, 30, 60))),
            "effort": rng.choice(("", "2人半天", "300元", "一周")),
            "project_id": None,
            "created_at": now,
            "created_by": db.actor,
        }
        need_rows.append(need)
        if rng.random() < project_share or i < 10:
            pending.append(need)

    latest = {id(n) for n in sorted(pending, key=lambda n: n["raised_on"])[-2:]}
    for need in pending:
        pid = seeded_uuid(rng)
        need["project_id"] = pid
        raised_on: dt.date = need["raised_on"]
        set_on = min(today, raised_on + dt.timedelta(days=rng.randrange(1, 10)))
        deadline = set_on + dt.timedelta(days=rng.choice((20, 30, 45, 60, 90)))
        roll = rng.random()
        status = (
            rules.DRAFT if roll < 0.05 else rules.WITHDRAWN if roll < 0.09 else rules.OPEN if roll < 0.25
            else rules.CLAIMED if roll < 0.5 else rules.DONE if roll < 0.65 else rules.JUDGED
        )  # fmt: skip
        if id(need) in latest:
            status = rules.DRAFT  # the committee's latest, set but not yet published: every state on show
        row: dict[str, Any] = {
            "id": pid,
            "title": need["text"],
            "category": need["category"],
            "size": need["size"],
            "goal": f"{need['text']}，按期完成并请群众评价",
            "measure": "群众满意、有照片记录",
            "deadline": deadline,
            "unit": "",
            "status": status,
            "published_on": None if status == rules.DRAFT else set_on,
            "claimant_kind": "",
            "claimant_id": None,
            "claimed_on": None,
            "commitment_id": None,
            "done_text": "",
            "completed_on": None,
            "people_served": 0,
            "satisfaction": "",
            "evaluated_on": None,
            "before_photo": "",
            "after_photo": "",
            "withdrawn_reason": "需求已由家属解决" if status == rules.WITHDRAWN else "",
            "created_at": now,
            "updated_at": now,
        }
        event(pid, set_on, "立项", row["goal"])
        if status != rules.DRAFT:
            event(pid, set_on, "公示")
        if status == rules.OPEN and deadline < today and rng.random() < 0.8:
            row["deadline"] = deadline = today + dt.timedelta(days=rng.randrange(5, 60))
        if status in (rules.CLAIMED, rules.DONE, rules.JUDGED):
            if need["size"] == rules.COLLECTIVE and team_ids:
                claimant: tuple[str, str] = (rules.TEAM, rng.choice(team_ids))
            elif registered and rng.random() < 0.15:
                claimant = (rules.PERSON, str(rng.choice(registered)["id"]))
            else:
                claimant = (rules.MEMBER, rng.choice(member_ids))
            row["status"] = rules.OPEN  # published; claimed below through the real claim path
            if not (need["size"] == rules.COLLECTIVE and claimant[0] != rules.TEAM):
                claimed_on = min(today, set_on + dt.timedelta(days=rng.randrange(1, 8)))
                if status == rules.CLAIMED and deadline < today and rng.random() < 0.8:
                    deadline = today + dt.timedelta(days=rng.randrange(5, 60))  # most are on time
                    row["deadline"] = deadline
                plan = Claim(pid, claimant, claimed_on)
                day = claimed_on + dt.timedelta(days=30)
                while day < min(today, deadline) and status == rules.CLAIMED:
                    plan.progress.append((day, rng.choice(("已上门了解情况", "完成了一半", "正在协调材料"))))
                    day += dt.timedelta(days=30)
                if status in (rules.DONE, rules.JUDGED):
                    plan.done_on = min(today, claimed_on + dt.timedelta(days=rng.randrange(3, 40)))
                    plan.done_text = f"{need['text']}，已办好"
                    small = need["size"] == rules.SMALL
                    plan.served = rng.randrange(1, 4) if small else rng.randrange(10, 80)
                    if status == rules.JUDGED:
                        plan.satisfaction = rng.choices(rules.SATISFACTION, (80, 17, 3))[0]
                plans.append(plan)
        if status == rules.WITHDRAWN:
            event(pid, set_on, "撤回", row["withdrawn_reason"])
        project_rows.append(row)

    with db.session() as s, s.begin():
        insert_rows(s, Team, team_rows)
        insert_rows(s, TeamMember, team_members)
        insert_rows(s, Person, registered)
        insert_rows(s, Project, project_rows)
        insert_rows(s, Need, need_rows)
        insert_rows(s, ProjectEvent, events)
        audit.record(s, db.actor, "demo", "project", "demo", "projects", None, len(project_rows))
    commitments = _claim(db, plans, today)
    return {
        "needs": len(need_rows),
        "projects": len(project_rows),
        "service_teams": len(team_rows),
        "claim_commitments": commitments,
    }


@dataclass
class Claim:
    """A demo claim to make through the service (认领 → monthly progress → 完成 → 验收), in date order."""

    project_id: str
    claimant: tuple[str, str]
    claimed_on: dt.date
    progress: list[tuple[dt.date, str]] = field(default_factory=list)
    done_on: dt.date | None = None
    done_text: str = ""
    served: int = 0
    satisfaction: str = ""


def _claim(db: Database, plans: list[Claim], today: dt.date) -> int:
    """Every claim through the real path, so each member or team claim publishes its linked 因事承诺 (on the
    commitment board) and completion keeps it (a member's also gets the deed and 志愿服务 points); returns the
    number of claim commitments."""
    from app.services.projects import claims

    made = 0
    for plan in sorted(plans, key=lambda p: p.claimed_on):
        kind, claimant_id = plan.claimant
        if claims.claim(db, plan.project_id, kind, claimant_id, plan.claimed_on):
            made += 1
        for day, text in plan.progress:
            claims.add_progress(db, plan.project_id, text, day)
        if plan.done_on:
            # A member's completion offers the deed and the points as the clerk would take them; a team's would
            # write one of each for every member of the team (dozens), so the demo keeps only its commitment.
            credit = kind == rules.MEMBER
            claims.complete(
                db,
                plan.project_id,
                plan.done_text,
                plan.done_on,
                people_served=plan.served,
                deed=credit,
                indicator=rules.DEED_INDICATOR if credit else None,
                today=today,
            )
            if plan.satisfaction:
                claims.evaluate(db, plan.project_id, plan.satisfaction, on=plan.done_on)
    return made
