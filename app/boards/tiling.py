"""A large board printed on ordinary A4/A3 sheets: each sheet shows a window of the board at full size,
with crop marks, a dashed glue line where the next sheet overlaps, and where the sheet goes."""

from __future__ import annotations

from app.boards import geometry as g
from app.boards.ops import BOLD, REGULAR, Circle, Embed, Line, Op, Page, Rect, Text, ellipsize

MM = g.MM
MARK = "#000000"


def sheet_marks(t: g.Tile, caption: str, index: int, count: int) -> list[Op]:
    x0, y0 = t.dest_x, t.dest_y
    x1, y1 = x0 + t.src_w, y0 + t.src_h
    gap, length = 1.5 * MM, 6.5 * MM
    ops: list[Op] = []
    # Crop marks just outside each corner of the printed window: cut here, then lay onto the neighbour.
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            ops.append(Line(x + sx * gap, y, x + sx * (gap + length), y, MARK, 0.3))
            ops.append(Line(x, y + sy * gap, x, y + sy * (gap + length), MARK, 0.3))
    # Registration targets at the middle of each edge, in the white border.
    for cx, cy in (
        ((x0 + x1) / 2, y1 + 5 * MM),
        ((x0 + x1) / 2, y0 - 5 * MM),
        (x0 - 5 * MM, (y0 + y1) / 2),
        (x1 + 5 * MM, (y0 + y1) / 2),
    ):
        ops.append(Circle(cx, cy, 1.6 * MM, stroke=MARK, width=0.3))
        ops.append(Line(cx - 2.6 * MM, cy, cx + 2.6 * MM, cy, MARK, 0.3))
        ops.append(Line(cx, cy - 2.6 * MM, cx, cy + 2.6 * MM, MARK, 0.3))
    # The glue strip: the next sheet covers everything beyond the dashed line.
    if t.overlap_right:
        x = x1 - t.overlap_right
        ops.append(Line(x, y0, x, y1, "#777777", 0.5, (3, 2)))
        ops.append(Line(x, y1 + gap, x, y1 + gap + length, MARK, 0.3))
    if t.overlap_bottom:
        y = y0 + t.overlap_bottom
        ops.append(Line(x0, y, x1, y, "#777777", 0.5, (3, 2)))
        ops.append(Line(x0 - gap, y, x0 - gap - length, y, MARK, 0.3))
    size = 7.0
    label = f"{t.label}（共{t.rows}行×{t.cols}列）  第 {index} 张 / 共 {count} 张  {caption}"
    ops.append(Text(x0, 3.6 * MM, ellipsize(label, size, t.sheet_w * 0.62, BOLD), size, BOLD, MARK))
    hint = "沿角线剪去白边，盖住相邻一张的虚线以外部分粘贴"
    ops.append(Text(x1, 3.6 * MM, hint, 6.0, REGULAR, "#555555", "r"))
    # A small map of the whole board with this sheet filled in.
    cell = min(2.2 * MM, 6.0 * MM / t.rows, 40 * MM / t.cols)
    mx = x1 - cell * t.cols
    my = t.sheet_h - 2.2 * MM - cell * t.rows
    for r in range(t.rows):
        for c in range(t.cols):
            here = (r + 1, c + 1) == (t.row, t.col)
            ops.append(
                Rect(
                    mx + c * cell,
                    my + (t.rows - 1 - r) * cell,
                    cell,
                    cell,
                    fill="#000000" if here else None,
                    stroke=MARK,
                    width=0.25,
                )
            )
    return ops


def tile_pages(pages: list[Page], sheet: str, caption: str) -> list[Page]:
    """Sheets for every page of the board; page i of the board is referenced, not copied."""
    out: list[Page] = []
    plans = [g.tile_layout(p.width, p.height, sheet) for p in pages]
    count = sum(len(p) for p in plans)
    n = 0
    for i, tiles in enumerate(plans):
        for t in tiles:
            n += 1
            board = f"{caption}（第{i + 1}块）" if len(pages) > 1 else caption
            sheet_page = Page(t.sheet_w, t.sheet_h)
            sheet_page.ops.append(
                Embed(i, t.dest_x - t.src_x, t.dest_y - t.src_y, (t.dest_x, t.dest_y, t.src_w, t.src_h))
            )
            sheet_page.ops += sheet_marks(t, board, n, count)
            out.append(sheet_page)
    return out
