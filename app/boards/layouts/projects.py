"""服务项目 boards: 项目认领公示 (the pool: open projects to claim, claimed ones with claimant and deadline),
项目完成公示 (a quarter's completed projects with before/after photo and satisfaction) and the monthly
项目进度公开 sheet. Entries are the dataclasses below, filled by app.services.boards.gatherers.projects; the
sheet drawn follows the entries' type (one board kind `projects` with its `--kind pool|done|progress`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.boards import geometry as g
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
class PoolLine:
    title: str
    category: str
    size: str
    status: str  # 待认领 / 已认领
    claimant: str  # "" while open
    deadline: str
    overdue: bool


@dataclass(frozen=True)
class DoneCard:
    title: str
    category: str
    claimant: str
    completed_on: str
    done: str
    served: int
    satisfaction: str
    before_photo: str | None
    after_photo: str | None


@dataclass(frozen=True)
class ProgressLine:
    title: str
    claimant: str
    deadline: str
    latest: str  # the month's progress notes, newest first
    state: str  # 进行中 / 逾期 / 本月无进展
    photos: tuple[str, ...] = ()  # the month's progress photos (files), newest first


PHOTOS_PER_PROJECT = 3  # on the monthly sheet; the project card keeps them all


def projects_board(data: BoardData, progress: Progress | None = None) -> list[Page]:
    entries = list(data.entries)
    if entries and isinstance(entries[0], DoneCard):
        return _done(data, entries, progress)
    if entries and isinstance(entries[0], ProgressLine):
        return _progress(data, entries, progress)
    return _pool(data, entries, progress)


def _pool(data: BoardData, lines: Sequence[PoolLine], progress: Progress | None) -> list[Page]:
    o = data.options
    f = make_frame(o)
    u = f.u
    columns = [
        Column("项目", 3.4),
        Column("类别", 1.1, "c"),
        Column("规模", 1.0, "c"),
        Column("状态", 0.9, "c"),
        Column("认领人", 1.5, "c"),
        Column("完成期限", 1.1, "c"),
    ]
    rows = [
        [
            p.title,
            p.category,
            p.size,
            p.status,
            p.claimant or "欢迎认领",
            p.deadline + ("（逾期）" if p.overdue else ""),
        ]
        for p in lines
    ]

    def cell(i: int, value: object, x: float, y: float, w: float, h: float) -> list[Op]:
        if i == 4 and value == "欢迎认领":
            return text_cell(value, x, y, w, h, u, "c", BOLD, DARK_RED)
        if i == 5 and "逾期" in str(value):
            return text_cell(value, x, y, w, h, u, "c", BOLD, DARK_RED)
        return text_cell(value, x, y, w, h, u, "l" if i == 0 else "c")

    def style(row: Sequence[object]) -> str | None:
        return "#FBEFE3" if row[3] == "待认领" else None

    return finish(table(f, columns, rows, cell, style, 180 * MM * u, progress), f, o)


def _progress(data: BoardData, lines: Sequence[ProgressLine], progress: Progress | None) -> list[Page]:
    o = data.options
    f = make_frame(o)
    u = f.u
    columns = [
        Column("项目", 2.4),
        Column("认领人", 1.3, "c"),
        Column("完成期限", 1.0, "c"),
        Column("本月进展", 4.0),
        Column("状态", 1.0, "c"),
    ]
    rows = [[p.title, p.claimant, p.deadline, p.latest or "—", p.state] for p in lines]

    def cell(i: int, value: object, x: float, y: float, w: float, h: float) -> list[Op]:
        color = DARK_RED if i == 4 and value != "进行中" else INK
        return text_cell(value, x, y, w, h, u, "l" if i in (0, 3) else "c", REGULAR, color)

    pages = table(f, columns, rows, cell, lambda _r: None, 200 * MM * u, progress)
    shots = [(p, path) for p in lines for path in p.photos[:PHOTOS_PER_PROJECT]]
    if shots:
        min_w, gap = 55 * MM * u, 4 * MM * u
        _cols, cell_w = g.grid(f.inner_w, min_w, gap)
        cells = [_shot(p, path, cell_w, u) for p, path in shots]
        pages += flow(f, [("本月进度照片", cells)], min_w, gap)
    return finish(pages, f, o)


def _shot(line: ProgressLine, path: str, cell_w: float, u: float) -> Cell:
    """One progress photo (4:3) with the project and its claimant under it."""
    size = 8 * u
    caption = 2.9 * size

    def draw(x: float, y: float, w: float) -> list[Op]:
        ops = photo_ops(path, x, y + caption, w, w * 0.75, line.claimant, u)
        for dy, text, font, color in ((1.6, line.title, BOLD, INK), (0.3, line.claimant, REGULAR, GREY)):
            for part in wrap(text, size, w, font, 1):
                ops.append(Text(x, y + dy * size, part, size, font, color))
        return ops

    return cell_w * 0.75 + caption, draw


def _done(data: BoardData, cards: Sequence[DoneCard], progress: Progress | None) -> list[Page]:
    o = data.options
    f = make_frame(o)
    u = f.u
    photo_w, photo_h = 30 * MM * u, 22.5 * MM * u
    size = 8.5 * u

    def cell(card: DoneCard) -> Cell:
        h = photo_h + 30 * MM * u

        def draw(x: float, y: float, w: float) -> list[Op]:
            ops: list[Op] = [Rect(x, y, w, h, stroke="#BFB49C", width=0.5 * u, fill="#FFFDF8")]
            top = y + h - 7 * MM * u
            for part in wrap(card.title, 11 * u, w - 4 * MM * u, BOLD, 1):
                ops.append(Text(x + 2 * MM * u, top, part, 11 * u, BOLD, DARK_RED))
            ops.append(
                Text(
                    x + 2 * MM * u,
                    top - 5.5 * MM * u,
                    f"{card.category} · {card.claimant} · {card.completed_on}完成 · 服务 {card.served} 人",
                    size,
                    REGULAR,
                    GREY,
                )
            )
            py = y + 14 * MM * u
            ops += photo_ops(card.before_photo, x + 2 * MM * u, py, photo_w, photo_h, "前", u)
            ops += photo_ops(card.after_photo, x + 4 * MM * u + photo_w, py, photo_w, photo_h, "后", u)
            ops.append(
                Text(x + 2 * MM * u + photo_w / 2, py - 4 * MM * u, "服务前", 7.5 * u, REGULAR, GREY, "c")
            )
            ops.append(
                Text(x + 4 * MM * u + photo_w * 1.5, py - 4 * MM * u, "服务后", 7.5 * u, REGULAR, GREY, "c")
            )
            tx = x + 7 * MM * u + 2 * photo_w
            yy = py + photo_h - size
            for part in wrap(card.done, size, x + w - tx - 2 * MM * u, REGULAR, 5):
                ops.append(Text(tx, yy, part, size, REGULAR, INK))
                yy -= size * 1.45
            ops.append(Text(tx, py, f"群众满意度：{card.satisfaction or '待验收'}", size, BOLD, DARK_RED))
            return ops

        return h, draw

    return finish(flow(f, [("", [cell(c) for c in cards])], 120 * MM * u, 4 * MM * u, progress), f, o)
