"""Gatherers of the 评选与考核 boards: 先锋榜, the pioneer ballot and 公示 notice, the branch assessment ranking,
五星级 certificates, posts, the 述职 results and the blank 述职 ballot."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from app.boards.layouts.recognition import AssessmentLine, Certificate, DutyLine, PioneerCard, PostLine
from app.boards.layouts.recognition_sheets import DutyBallot, NoticeRow, PioneerNotice
from app.db.database import Database
from app.domain.dates import format_date_zh
from app.domain.errors import UserError
from app.services.boards.request import NOBODY, NOTHING, BoardRequest, Gathered, people


def gather_pioneers(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    year = req.year or on.year
    c = _campaign(
        db,
        req,
        year,
        lambda c: c.stage in ("公示", "表彰"),
        f"{NOTHING}：{year}年还没有公示或表彰的先锋评选。",
        "还在“{stage}”阶段，公示或表彰后才能印先锋榜",
    )
    from app.services import roster

    who = people(db)
    branch_of = {r.id: r.branch_id for r in roster.list_members(db, status="all")} if req.branch_ids else {}
    cards = [
        PioneerCard(
            n.name,
            n.category,
            who.get(n.member_id, NOBODY).branch,
            who.get(n.member_id, NOBODY).photo,
            deed_line(n),
            n.votes,
        )
        for n in c.nominees
        if n.selected and (not req.branch_ids or branch_of.get(n.member_id) in req.branch_ids)
    ]
    order = {cat: i for i, cat in enumerate(c.categories)}
    cards.sort(key=lambda x: (order.get(x.category, 99), -(x.votes or 0), x.name))
    if not cards:
        raise UserError(f"{NOTHING}：{c.name}没有入选的先锋。")
    if c.honoured_on:
        when = f"{format_date_zh(c.honoured_on)}表彰"
    else:
        assert c.announced_on is not None and c.objection_until is not None
        when = f"公示期：{format_date_zh(c.announced_on)}至{format_date_zh(c.objection_until)}"
    return Gathered(cards, f"{c.name} · 共 {len(cards)} 名 · {when}")


def deed_line(n: Any) -> str:
    """The nominee's line of deeds; without one, the first deed or project of the evidence (its date dropped), so
    the ballot, the 公示 and the 先锋榜 never print an empty line."""
    if n.deeds:
        return str(n.deeds)
    for e in n.evidence:
        if e.get("kind") in ("闪光言行", "服务项目", "为民办事"):
            return str(e.get("text", "")).split(" ", 1)[-1]
    return ""


def _campaign(
    db: Database, req: BoardRequest, year: int, ready: Callable[[Any], bool], nothing: str, not_yet: str
) -> Any:
    """The campaign the request names (extra["campaign"]: the one on the page's screen, the CLI's --campaign),
    else the year's first one that is ready to print. A named one that is not ready is refused with its stage
    (``not_yet`` is formatted with ``stage``); the CLI settles which campaign when the year has several."""
    from app.services import recognition

    wanted = req.extra.get("campaign", "")
    if wanted:
        c = recognition.resolve_campaign(db, wanted, year)
        if not ready(c):
            raise UserError(f"{NOTHING}：评选“{c.name}”" + not_yet.format(stage=c.stage) + "。")
        return c
    campaigns = [c for c in recognition.list_campaigns(db, year) if ready(c)]
    if not campaigns:
        raise UserError(nothing)
    return campaigns[0]


def gather_ballot(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    year = req.year or on.year
    c = _campaign(db, req, year, lambda c: True, f"{NOTHING}：{year}年还没有先锋评选。", "")
    who = people(db)
    cards = [
        PioneerCard(
            n.name,
            n.category,
            who.get(n.member_id, NOBODY).branch,
            who.get(n.member_id, NOBODY).photo,
            deed_line(n),
        )
        for n in c.nominees
        if n.review == "通过"
    ]
    if not cards:
        raise UserError(f"{NOTHING}：{c.name}还没有通过审议的候选人。")
    return Gathered(
        cards, f"{c.name} · 候选人 {len(cards)} 名，限选 {c.quota} 名；在“同意”框内打“√”，超过名额为废票"
    )


def gather_assessment(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.services import recognition

    year = req.year or on.year
    rows = [r for r in recognition.assessment(db, year) if not req.branch_ids or r.unit_id in req.branch_ids]
    if not any(r.total is not None for r in rows):
        raise UserError(f"{NOTHING}：{year}年各支部还没有打完分。")
    lines = [
        AssessmentLine(r.rank, r.unit, tuple(r.items.items()), r.total, r.band, r.consequence) for r in rows
    ]
    return Gathered(lines, f"{year}年度党支部工作考核（百分制）")


def gather_certificates(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.services import organizations, preferences, recognition

    year = req.year or on.year
    issuer = preferences.load(db).board_issuer or organizations.organization_name(db)
    rows = [
        r
        for r in recognition.list_org_stars(db, year)
        if r.confirmed_stars > 0 and (not req.branch_ids or r.unit_id in req.branch_ids)
    ]
    if not rows:
        raise UserError(f"{NOTHING}：{year}年还没有经上级确认的星级组织。")
    certs = [
        Certificate(
            r.unit,
            year,
            r.confirmed_stars,
            tuple(k for k, v in r.criteria.items() if v["met"] and v["confirmed"]),
            issuer,
            format_date_zh(on),
        )
        for r in rows
    ]
    return Gathered(certs, "")


def gather_posts(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.services import recognition

    posts = recognition.list_posts(db)
    if not posts:
        raise UserError(f"{NOTHING}：还没有设立党员先锋岗、示范岗或工作室。")
    lines = [PostLine(p.kind, p.name, p.member or p.team, p.place, p.offers) for p in posts]
    return Gathered(lines, "党员先锋岗 · 党员示范岗 · 明星党员工作室")


def gather_duty(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.domain import recognition as rules
    from app.services import recognition

    year = req.year or on.year
    reports = recognition.list_duty_reports(db, year)
    if not reports:
        raise UserError(f"{NOTHING}：{year}年还没有登记述职。")

    def pct(v: float | None) -> str:
        return "" if v is None else f"{v}%"

    lines = [
        DutyLine(r.name, r.role, tuple((g, pct(r.rates.get(g))) for g in rules.DUTY_GROUPS), pct(r.overall))
        for r in reports
    ]
    return Gathered(lines, f"{year}年度 · 满意率 =（满意 + 基本满意）÷ 有效票")


def gather_duty_ballot(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    """The blank 测评票: one per group, listing everyone who reports that year (registered with `report-duty add`)."""
    from app.domain import recognition as rules
    from app.services import recognition

    year = req.year or on.year
    reports = recognition.list_duty_reports(db, year)
    if not reports:
        raise UserError(f"{NOTHING}：{year}年还没有登记述职（先在“述职测评”里登记述职人）。")
    who = tuple((r.name, r.role) for r in sorted(reports, key=lambda r: (r.role != "书记", r.date, r.name)))
    ballots = [DutyBallot(g, who, rules.DUTY_ANSWERS) for g in rules.DUTY_GROUPS]
    return Gathered(ballots, "")


def gather_pioneer_notice(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    """The 公示 of the year's campaign once announced: the candidates passing to 公示 with their deeds, the
    objection period the campaign recorded, and where to object (the issuer, its phone)."""
    from app.services import organizations, preferences

    year = req.year or on.year
    c = _campaign(
        db,
        req,
        year,
        lambda c: bool(c.announced_on and c.objection_until),
        f"{NOTHING}：{year}年的先锋评选还没有公示（先在“先锋评选”里点“公示…”）。",
        "还在“{stage}”阶段，没有公示（先在“先锋评选”里点“公示…”）",
    )
    who = people(db)
    chosen = sorted(
        (n for n in c.nominees if n.selected),
        key=lambda n: ({cat: i for i, cat in enumerate(c.categories)}.get(n.category, 99), -(n.votes or 0)),
    )
    rows = tuple(
        NoticeRow(n.name, n.category, who.get(n.member_id, NOBODY).branch, n.votes, deed_line(n))
        for n in chosen
    )
    prefs = preferences.load(db)
    org = prefs.board_issuer or organizations.organization_name(db) or "村党组织"
    phone = f"（联系电话：{prefs.board_contact_phone}）" if prefs.board_contact_phone else ""
    quota = f"名额 {c.quota} 名" + (f"，超出名额的理由：{c.over_quota_reason}" if c.over_quota_reason else "")
    intro = (
        f"经基层推荐、党组织审议和公开投票，{c.name}拟确定以下 {len(rows)} 名同志为先锋人选（{quota}）。"
        "现予以公示，接受党员和群众监督。"
    )
    end = c.objection_until
    assert c.announced_on is not None and end is not None
    end_text = f"{end.month}月{end.day}日" if end.year == c.announced_on.year else format_date_zh(end)
    period = f"公示时间：{format_date_zh(c.announced_on)}至{end_text}。"
    where = (
        f"公示期间，如对公示对象有异议，请以书面、电话或当面的方式向{org}反映{phone}。"
        "反映情况要实事求是，以真实姓名反映的优先核实；公示期满无异议的，予以表彰。"
    )
    return Gathered([PioneerNotice(intro, rows, period, where)], f"{c.name} · 拟表彰 {len(rows)} 名")
