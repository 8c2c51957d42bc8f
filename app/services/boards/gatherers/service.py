"""Gatherers of the 服务群众 boards: 联户公示牌, 网格公示牌 and 为民办事公示 (anonymised resolved requests)."""

from __future__ import annotations

import datetime as dt

from app.boards.layouts.service import GridLine, PairingCard, ServiceItem
from app.db.database import Database
from app.domain.errors import UserError
from app.domain.periods import parse_quarter
from app.services import roster
from app.services.boards.request import NOBODY, NOTHING, BoardRequest, Gathered, people


def _grid(req: BoardRequest) -> str | None:
    return (req.extra.get("unit") or "").strip() or None


def gather_pairing(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.services.residents import common, households

    unit = _grid(req)
    hide = common.get_settings(db).hide_household_names
    by_member: dict[str, list[households.HouseholdRow]] = {}
    for h in households.list_households(db, grid=unit):
        if h.paired_member_id:
            by_member.setdefault(h.paired_member_id, []).append(h)
    if not by_member:
        raise UserError(f"{NOTHING}：{unit or '各网格'}还没有党员联户结对。请先在“服务群众”页结对。")
    persons = people(db)
    members = {m.id: m for m in roster.list_members(db)}
    cards = []
    for member_id, rows in by_member.items():
        m = members.get(member_id)
        if m is None:
            continue
        grids = sorted({r.grid or "未分网格" for r in rows})
        lines = tuple(r.address if hide or not r.head_name else f"{r.address}（{r.head_name}）" for r in rows)
        photo = persons.get(member_id, NOBODY).photo
        cards.append(PairingCard(m.name, photo, m.phone, "、".join(grids), lines))
    cards.sort(key=lambda c: (c.unit, c.name))
    return Gathered(
        cards, f"{unit or '全部网格'} · 党员 {len(cards)} 名联系 {sum(len(c.households) for c in cards)} 户"
    )


def gather_grid(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.services.residents import grids

    tree = grids.grid_tree(db, _grid(req))
    lines: list[GridLine] = []

    def walk(node: grids.CellNode) -> None:
        staff = "；".join(f"{s.role} {s.name} {s.phone}".strip() for s in node.staff)
        lines.append(GridLine(node.level, node.name, staff, node.households))
        for child in node.children:
            walk(child)

    for root in tree:
        walk(root)
    if not lines:
        raise UserError(f"{NOTHING}：还没有网格。请先在“组织与网格”页添加网格。")
    return Gathered(lines, "网格 → 责任区 → 单元格")


def gather_service(db: Database, req: BoardRequest, on: dt.date) -> Gathered:
    from app.services.residents import requests

    if not req.period:
        raise UserError("请选择季度，如 2026Q3")
    q = parse_quarter(req.period)
    unit = _grid(req)
    rows = [
        r
        for r in requests.list_requests(db)
        if r.resolved_on is not None
        and q.starts_on <= r.resolved_on <= q.ends_on
        and r.status in ("办结", "已回访")
        and (unit is None or r.grid == unit)
    ]
    if not rows:
        raise UserError(f"{NOTHING}：{q.label}没有办结的群众求助。")
    rows.sort(key=lambda r: r.resolved_on or on)
    # Anonymised: the category, the grid (never the household or the person), what was done, by whom.
    items = [
        ServiceItem(
            (r.resolved_on or on).strftime("%m-%d"),
            r.category,
            r.grid or "本村",
            r.resolution,
            r.assigned_to or "两委",
        )
        for r in rows
    ]
    return Gathered(items, f"{q.label} · 办结 {len(items)} 件")
