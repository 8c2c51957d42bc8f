"""服务群众 boards: 联户公示牌 (pairing cards with photo, phone and households by address), 网格公示牌
(网格 → 责任区 → 单元格 with the people who answer for them) and 为民办事公示 (a quarter's resolved requests,
anonymised). Entries are the dataclasses below, filled by app.services.boards.gatherers.service."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.boards.layouts.common import (
    DARK_RED,
    GREY,
    INK,
    MM,
    Cell,
    Column,
    Progress,
    finish,
    flow,
    make_frame,
    photo_ops,
    table,
    text_cell,
)
from app.boards.model import BoardData
from app.boards.ops import BOLD, REGULAR, Op, Page, Rect, Text, wrap


@dataclass(frozen=True)
class PairingCard:
    name: str
    photo_path: str | None
    phone: str  # the pairing member's contact: public by nature on this board ("" to print none)
    unit: str  # grid (section heading)
    households: tuple[str, ...]  # addresses (and head names unless hidden by the setting)


@dataclass(frozen=True)
class GridLine:
    level: str  # 网格 / 责任区 / 单元格
    name: str
    staff: str  # "负责人 张三 13800000000；协管员 李四 …"
    households: int


@dataclass(frozen=True)
class ServiceItem:
    resolved_on: str
    category: str
    place: str  # grid or unit, never the household
    done: str  # what was done
    by: str  # member, team or committee


def pairing_board(data: BoardData, progress: Progress | None = None) -> list[Page]:
    o = data.options
    f = make_frame(o)
    u = f.u
    cards: list[PairingCard] = list(data.entries)
    cell_w_min = 88 * MM * u
    photo_w, photo_h = 22 * MM * u, 29 * MM * u
    size = 8.5 * u

    def cell(card: PairingCard) -> Cell:
        lines = max(1, len(card.households))
        h = max(photo_h + 4 * MM * u, 15 * MM * u + lines * size * 1.45)

        def draw(x: float, y: float, w: float) -> list[Op]:
            ops: list[Op] = [Rect(x, y, w, h, stroke="#BFB49C", width=0.5 * u, fill="#FFFDF8")]
            ops += photo_ops(
                card.photo_path, x + 2 * MM * u, y + h - photo_h - 2 * MM * u, photo_w, photo_h, card.name, u
            )
            tx = x + photo_w + 5 * MM * u
            top = y + h - 7 * MM * u
            ops.append(Text(tx, top, card.name, 12 * u, BOLD, DARK_RED))
            if card.phone:
                ops.append(Text(tx, top - 5.5 * MM * u, f"电话：{card.phone}", size, REGULAR, INK))
            yy = top - 11 * MM * u
            ops.append(Text(tx, yy, f"联系 {len(card.households)} 户：", size, BOLD, GREY))
            for line in card.households:
                yy -= size * 1.45
                for part in wrap(line, size, x + w - tx - 2 * MM * u, REGULAR, 1):
                    ops.append(Text(tx, yy, part, size, REGULAR, INK))
            return ops

        return h, draw

    sections: dict[str, list[Cell]] = {}
    for card in cards:
        sections.setdefault(card.unit, []).append(cell(card))
    return finish(flow(f, list(sections.items()), cell_w_min, 4 * MM * u, progress), f, o)


def grid_board(data: BoardData, progress: Progress | None = None) -> list[Page]:
    o = data.options
    f = make_frame(o)
    u = f.u
    lines: list[GridLine] = list(data.entries)
    columns = [
        Column("层级", 0.8, "c"),
        Column("名称", 1.6),
        Column("住户", 0.7, "c"),
        Column("负责人员与电话", 4.2),
    ]
    rows = [[g.level, g, g.households, g.staff] for g in lines]

    def cell(i: int, value: object, x: float, y: float, w: float, h: float) -> list[Op]:
        if i == 1:
            assert isinstance(value, GridLine)
            indent = {"网格": 0, "责任区": 3, "单元格": 6}.get(value.level, 0) * MM * u
            font = BOLD if value.level == "网格" else REGULAR
            return text_cell(
                value.name, x + indent, y, w - indent, h, u, "l", font, DARK_RED if not indent else INK
            )
        return text_cell(value, x, y, w, h, u, "c" if i in (0, 2) else "l")

    def style(row: Sequence[object]) -> str | None:
        return "#FBEFE3" if row[0] == "网格" else None

    return finish(table(f, columns, rows, cell, style, 170 * MM * u, progress), f, o)


def service_board(data: BoardData, progress: Progress | None = None) -> list[Page]:
    o = data.options
    f = make_frame(o)
    u = f.u
    items: list[ServiceItem] = list(data.entries)
    columns = [
        Column("办结日期", 1.0, "c"),
        Column("类别", 0.9, "c"),
        Column("地点", 1.1, "c"),
        Column("办理情况", 3.4),
        Column("办理人", 1.2, "c"),
    ]
    rows = [[i.resolved_on, i.category, i.place, i.done, i.by] for i in items]

    def cell(i: int, value: object, x: float, y: float, w: float, h: float) -> list[Op]:
        return text_cell(value, x, y, w, h, u, "l" if i == 3 else "c")

    return finish(table(f, columns, rows, cell, lambda _r: None, 170 * MM * u, progress), f, o)
