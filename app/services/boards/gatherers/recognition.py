"""Gatherers of the 评选与考核 boards: 先锋榜, the pioneer ballot, the branch assessment ranking, 五星级 certificates."""

from __future__ import annotations

import datetime as dt

from app.boards.layouts.recognition import AssessmentLine, Certificate, DutyLine, PioneerCard, PostLine
from app.db.database import Database
from app.domain.dates import format_date_zh
from app.domain.errors import UserError
from app.services.boards.request import NOBODY, NOTHING, BoardRequest, Gathered, people


def gather_pioneers(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.services import recognition

    year = req.year or on.year
    campaigns = [c for c in recognition.list_campaigns(db, year) if c.stage in ("公示", "表彰")]
    if not campaigns:
        raise UserError(f"{NOTHING}：{year}年还没有公示或表彰的先锋评选。")
    c = campaigns[0]
    from app.services import roster

    who = people(db)
    branch_of = {r.id: r.branch_id for r in roster.list_members(db, status="all")} if req.branch_ids else {}
    cards = [
        PioneerCard(
            n.name,
            n.category,
            who.get(n.member_id, NOBODY).branch,
            who.get(n.member_id, NOBODY).photo,
            n.deeds,
            n.votes,
        )
        for n in c.nominees
        if n.selected and (not req.branch_ids or branch_of.get(n.member_id) in req.branch_ids)
    ]
    order = {cat: i for i, cat in enumerate(c.categories)}
    cards.sort(key=lambda x: (order.get(x.category, 99), -(x.votes or 0), x.name))
    if not cards:
        raise UserError(f"{NOTHING}：{c.name}没有入选的先锋。")
    return Gathered(cards, f"{c.name} · 共 {len(cards)} 名")


def gather_ballot(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.services import recognition

    year = req.year or on.year
    campaigns = recognition.list_campaigns(db, year)
    if not campaigns:
        raise UserError(f"{NOTHING}：{year}年还没有先锋评选。")
    c = campaigns[0]
    who = people(db)
    cards = [
        PioneerCard(
            n.name,
            n.category,
            who.get(n.member_id, NOBODY).branch,
            who.get(n.member_id, NOBODY).photo,
            n.deeds,
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
