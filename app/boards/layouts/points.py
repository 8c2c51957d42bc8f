"""The points ranking (积分公示): a table with medals for the top three, the grade and the 积分星档 (N档)."""

from __future__ import annotations

from collections.abc import Sequence

from app.boards.layouts.common import (
    DARK_RED,
    GOLD,
    GREY,
    INK,
    MM,
    NOT_KEPT,
    Column,
    Progress,
    finish,
    make_frame,
    table,
    text_cell,
)
from app.boards.model import (
    BoardData,
    PointsRow,
)
from app.boards.ops import (
    BOLD,
    REGULAR,
    Circle,
    Op,
    Page,
    Text,
)


def points_board(data: BoardData, progress: Progress | None = None) -> list[Page]:
    o = data.options
    f = make_frame(o)
    u = f.u
    columns = [
        Column("排名", 0.8, "c"),
        Column("姓名", 1.2, "c"),
        Column("支部", 1.8),
        Column("层次", 1.1, "c"),
        Column("总分", 1.0, "c"),
        Column("等次", 1.1, "c"),
        Column("积分星档", 1.6, "c"),
    ]
    rows = [[r.rank, r.name, r.branch, r.tier, r, r.grade, r.stars] for r in data.points]

    def cell(i: int, value: object, x: float, y: float, w: float, h: float) -> list[Op]:
        if i == 0:
            assert isinstance(value, int)
            rank = value
            if rank <= 3:
                r = h * 0.34
                return [
                    Circle(
                        x + w / 2,
                        y + h / 2,
                        r,
                        fill=GOLD if rank == 1 else "#E8D9A8",
                        stroke=DARK_RED,
                        width=0.5 * u,
                    ),
                    Text(x + w / 2, y + h / 2 - r * 0.45, str(rank), r * 1.25, BOLD, DARK_RED, "c"),
                ]
            return text_cell(rank, x, y, w, h, u, "c")
        if i == 4:
            assert isinstance(value, PointsRow)
            return text_cell(f"{value.total:g}", x, y, w, h, u, "c", BOLD)
        if i == 5:
            grade = str(value)
            color = NOT_KEPT if grade == "不合格" else (DARK_RED if grade == "优秀" else INK)
            return text_cell(
                grade, x, y, w, h, u, "c", BOLD if grade in ("优秀", "不合格") else REGULAR, color
            )
        if i == 6:
            assert isinstance(value, int)
            level = value
            if level <= 0:
                return text_cell("—", x, y, w, h, u, "c", REGULAR, GREY)
            # A number with 档, never stars: the board's ★ belong to the quarterly 闪光言行 level.
            return text_cell(f"{level}档", x, y, w, h, u, "c", BOLD, INK)
        return text_cell(value, x, y, w, h, u, "c" if i in (1, 3) else "l", BOLD if i == 1 else REGULAR)

    def style(row: Sequence[object]) -> str | None:
        return "#FBE9E7" if row[5] == "不合格" else None

    return finish(table(f, columns, rows, cell, style, 165 * MM * u, progress), f, o)
