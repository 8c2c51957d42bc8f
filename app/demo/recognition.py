"""Demo data of 评选与考核: a year's 先锋评选 carried to honour, the branch 百分制 scored near the suggestions,
五星级 checks, the secretary's 述职 with its ballots, two posts and a studio, a 1+N unit without a branch, and a
流动党员服务站 whose 主题党日 members from elsewhere attend."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from app.domain import recognition as rules
from app.domain.errors import UserError
from app.services import meetings, organizations, points, recognition, roster
from app.services.store import Database

DEEDS = (
    "带头修路，义务出工三十天",
    "帮扶三户困难家庭脱贫",
    "创办合作社，带动二十户增收",
    "调解邻里纠纷十余起",
    "汛期连续值守堤坝",
    "照顾孤寡老人五年如一日",
    "推广新品种茶叶",
    "组织志愿服务队清理河道",
)
UNITS = ("鑫达五金厂", "丁新农贸市场", "长兴绿源茶业")


def demo_recognition(db: Database, rng: random.Random, today: dt.date) -> dict[str, Any]:
    year = today.year
    active = [m for m in roster.list_members(db) if m.category == "正式党员"]
    if len(active) < 12:
        return {}
    quota = max(3, min(30, len(active) // 20))
    campaign = recognition.create_campaign(db, f"{year} 年度党员服务先锋评选", year, quota)
    # Nominees come from the members the year's points already single out (the top third), as a branch would pick.
    totals = {r.member_id: r.total for r in points.summary(db, year)}
    strong = sorted(active, key=lambda m: -totals.get(m.id, 0))[: max(len(active) // 3, quota * 2)]
    picked = rng.sample(strong, min(len(strong), quota + quota // 2 + 2))
    nominees = []
    for i, m in enumerate(picked):
        by = rng.choice(rules.NOMINATED_BY)
        try:
            n = recognition.nominate(
                db,
                campaign.id,
                m.id,
                rules.DEFAULT_CATEGORIES[i % len(rules.DEFAULT_CATEGORIES)],
                by,
                rng.randint(1, 4) if by != "群众推荐" else rng.randint(8, 40),
                rng.choice(DEEDS),
                recognition.member_evidence(db, m.id, year)[:3],
            )
        except UserError:
            continue
        nominees.append(n)
    passed = []
    announced = today - dt.timedelta(days=20)
    # 审议 at the year's last meeting before the 公示 (from the 组织生活 records), as the committee would
    held = [m for m in meetings.list_meetings(db, year=year, include_withdrawn=False) if m.date < announced]
    meeting = held[0].id if held else None
    for n in nominees:
        ok = rng.random() < 0.85
        try:
            recognition.review(
                db, campaign.id, n.id, ok, meeting, reason="事迹突出，群众公认" if ok else "事迹材料不够具体"
            )
        except UserError:  # 不合格 that year: recorded as not passed, with the reason
            recognition.review(db, campaign.id, n.id, False, meeting, reason="本年度民主评议不合格")
            continue
        if ok:
            passed.append(n)
    votes = {n.id: rng.randint(40, 120) for n in passed}
    recognition.tally(db, campaign.id, votes, invalid_ballots=rng.randint(0, 6))
    chosen = sorted(passed, key=lambda n: -votes[n.id])[:quota]
    recognition.announce(db, campaign.id, [n.id for n in chosen], announced, objection_days=7)
    recognition.honour(db, campaign.id, announced + dt.timedelta(days=8))

    station = _service_station(db, today)

    recognition.set_scheme(db, year)
    rows = recognition.assessment(db, year)
    for r in rows:
        scores = {}
        for item, max_points in rules.PRESET_ITEMS:
            base = max(r.suggested.get(item) or 0.0, max_points * 0.75)
            scores[item] = min(max_points, max(0.0, round(base + rng.uniform(0, 4)) / 1))
        recognition.score(db, year, r.unit_id, scores)

    stars = 0
    for u in [organizations.root(db), *organizations.branches(db)]:
        if u is None:
            continue
        for c in rules.DEFAULT_STAR_CRITERIA:
            met = rng.random() < 0.8
            recognition.set_org_star(
                db, u.id, year, c, met, f"{c}：年度检查记录" if met else "", today - dt.timedelta(days=30)
            )
            if met and rng.random() < 0.7:
                recognition.set_org_star(db, u.id, year, c, True, confirm=True)
                stars += 1

    leaders = [m for m in active if m.party_post][:3] or active[:1]
    for m in leaders:
        report = recognition.add_duty_report(
            db,
            m.id,
            year,
            today - dt.timedelta(days=5),
            "书记" if "书记" in m.party_post else "委员",
            f"{year} 年党建工作述职：抓班子、带队伍、办实事。",
            "述职报告（纸质存档）",
        )
        counts = {}
        for g in rules.DUTY_GROUPS:
            total = rng.randint(10, 40)
            unhappy = rng.randint(0, total // 10)
            basic = rng.randint(0, (total - unhappy) // 4)
            counts[g] = [total - unhappy - basic, basic, unhappy]
        recognition.tally_duty(db, report.id, counts)

    for kind, name, place, offers in (
        ("党员先锋岗", "便民代办岗", "村党群服务中心", "代办医保、社保、证照"),
        ("党员示范岗", "茶园技术示范岗", "东山茶园", "茶叶种植技术指导"),
        ("明星党员工作室", "老娘舅调解工作室", "村文化礼堂", "邻里纠纷调解"),
    ):
        recognition.add_post(db, kind, name, rng.choice(active).id, place=place, offers=offers)

    workers = rng.sample(active, min(len(active), 7))
    for i, m in enumerate(workers):
        recognition.set_work_unit(db, m.id, UNITS[0] if i < 4 else UNITS[1 + i % 2])
    return {
        "先锋评选": len(chosen),
        "支部考核": len(rows),
        "五星级确认项": stars,
        "述职": len(leaders),
        "外来党员参加组织生活": station,
    }


def _service_station(db: Database, today: dt.date) -> int:
    """1+N: a 流动党员服务站 under the top organisation whose 主题党日 the 报到党员 of the people register attend
    (listed, marked 出席, printed on the sign-in sheet, no points). Returns how many came."""
    from app.services import meetings
    from app.services.residents import people

    top = organizations.root(db)
    registered = people.list_people(db, role="报到党员")[:3]
    if top is None or not registered:
        return 0
    station = organizations.add_unit(db, top.id, "工业园区流动党员服务站", "流动党员服务站")
    day = today - dt.timedelta(days=10)
    mid = meetings.add_meeting(
        db,
        meetings.MeetingDraft(
            station, "主题党日", day, "流动党员过组织生活：学习党章", place="工业园党群服务站"
        ),
    )
    meetings.set_attendance(db, mid, {}, people={p.id: ("出席", "") for p in registered})
    return len(registered)
