"""The 五亮 公示牌: one member's panel (亮身份、亮区域、亮职责、亮承诺、亮服务), several to a sheet on large paper."""

from __future__ import annotations

from app.boards.layouts.common import (
    DARK_RED,
    GOLD,
    GREY,
    INK,
    LIGHT,
    MM,
    PALE_GOLD,
    RED,
    ZEBRA,
    Progress,
    finish,
    make_frame,
    photo_ops,
    pill,
)
from app.boards.model import (
    BoardData,
    WuliangSheet,
)
from app.boards.ops import (
    BOLD,
    REGULAR,
    Group,
    Op,
    Page,
    Rect,
    Text,
    ellipsize,
    fit_size,
    wrap,
)

# One sheet is designed at this size (A4 portrait inside its margins, under the header) and scaled.
SHEET_W = 186 * MM
SHEET_H = 232 * MM
# The smallest printed size of the text a reader must read (duties, commitments, the post): four panels on A3
# shrink the sheet to ~0.72, which would print 12.5 pt as 9 pt; below that the text grows instead.
MIN_PRINTED_PT = 9.3
LINE_MM_PER_PT = 6.4 / 12.5  # line spacing of the 亮 blocks, as a share of the text size


def wuliang_sheet(s: WuliangSheet, scale: float = 1.0) -> list[Op]:
    """One member's 五亮 panel in reference coordinates (0, 0)–(SHEET_W, SHEET_H), to be drawn at ``scale``."""
    w, h = SHEET_W, SHEET_H

    def readable(size: float) -> float:
        return max(size, MIN_PRINTED_PT / scale)

    ops: list[Op] = [
        Rect(0, 0, w, h, fill="#FFFFFF", stroke=GOLD, width=2.2, radius=3 * MM),
        Rect(2 * MM, 2 * MM, w - 4 * MM, h - 4 * MM, stroke=RED, width=0.6, radius=2 * MM),
    ]
    pad = 7 * MM
    ph, pw = 62 * MM, 46.5 * MM
    ops += photo_ops(s.photo_path, pad, h - pad - ph, pw, ph, s.name, 1.0)
    tx = pad + pw + 8 * MM
    tw = w - pad - tx
    top = h - pad
    p, _ = pill(tx, top - 6 * MM, "亮身份", 10, RED, "#FFFFFF", None)
    ops += p
    size = fit_size(s.name, 30, tw, BOLD, 16)
    ops.append(Text(tx, top - 20 * MM, s.name, size, BOLD, INK))
    y = top - 29 * MM
    post_size, branch_size = readable(13), readable(12)
    for line in wrap(s.post, post_size, tw, REGULAR, max_lines=2):
        ops.append(Text(tx, y, line, post_size, REGULAR, INK))
        y -= post_size * 0.5 * MM
    if s.branch:
        ops.append(Text(tx, y, ellipsize(s.branch, branch_size, tw), branch_size, REGULAR, GREY))
    if s.contact_phone:
        box_y = h - pad - ph
        ops.append(Rect(tx, box_y, tw, 13 * MM, fill=PALE_GOLD, stroke=GOLD, width=0.8, radius=2 * MM))
        ops.append(Text(tx + 4 * MM, box_y + 4.6 * MM, "联系电话", readable(11), BOLD, DARK_RED))
        ops.append(
            Text(
                tx + tw - 4 * MM,
                box_y + 4.0 * MM,
                s.contact_phone,
                fit_size(s.contact_phone, 19, tw - 30 * MM, BOLD),
                BOLD,
                INK,
                "r",
            )
        )
    # The other four 亮: a red label on the left, the text on the right; space shared by need.
    blocks = [
        ("亮区域", [s.area] if s.area else []),
        ("亮职责", [s.duties] if s.duties else []),
        ("亮承诺", list(s.commitments)),
        ("亮服务", list(s.services)),
    ]
    label_w = 24 * MM
    text_w = w - 2 * pad - label_w - 5 * MM
    size = readable(12.5)
    line_h = size * LINE_MM_PER_PT * MM
    wrapped = [
        [wrap(("· " if len(items) > 1 else "") + t, size, text_w, REGULAR) for t in items]
        for _, items in blocks
    ]
    avail = h - pad - ph - 6 * MM - pad
    gap = 3 * MM
    min_h = 14 * MM
    need = [max(min_h, sum(len(x) for x in ls) * line_h + 6 * MM) for ls in wrapped]
    room = avail - gap * (len(blocks) - 1)
    if sum(need) > room:  # too much text: every block keeps its minimum, the rest shares what is left
        extra = max(0.0, room - min_h * len(blocks))
        over = [n - min_h for n in need]
        need = [min_h + extra * ov / (sum(over) or 1) for ov in over]
    else:
        spare = (room - sum(need)) / len(need)
        need = [n + spare for n in need]
    y = h - pad - ph - 6 * MM
    for (label, items), lines_per_item, bh in zip(blocks, wrapped, need, strict=True):
        y -= bh
        ops.append(Rect(pad, y, label_w, bh, fill=RED, radius=1.5 * MM))
        ops.append(Text(pad + label_w / 2, y + bh / 2 - 4.2, label, 13, BOLD, "#FFFFFF", "c"))
        ops.append(Rect(pad + label_w, y, w - 2 * pad - label_w, bh, fill=ZEBRA, stroke=LIGHT, width=0.5))
        max_lines = max(1, int((bh - 4 * MM) // line_h))
        flat = [ln for item in lines_per_item for ln in item]
        if not flat:
            flat = ["（未填写）"]
        if len(flat) > max_lines:
            flat = flat[:max_lines]
            flat[-1] = ellipsize(flat[-1] + "…", size, text_w)
        ty = y + bh / 2 + (len(flat) * line_h) / 2 - 4.6 * MM
        for line in flat:
            ops.append(Text(pad + label_w + 4 * MM, ty, line, size, REGULAR, INK if items else GREY))
            ty -= line_h
        y -= gap
    return ops


def wuliang_board(data: BoardData, progress: Progress | None = None) -> list[Page]:
    o = data.options
    f = make_frame(o)
    gap = 6 * MM * f.u
    # The arrangement that covers most of the paper with panels no smaller than ~A5 and no larger than
    # needed: two per A3 landscape, four per A3 portrait, one per A4, a dozen or so on a large board.
    board = o.paper == "board-120x90"
    min_scale = 1.0 if board else 0.7
    max_scale = 1.6 if board else 1.2
    best = (1, 1, min(f.inner_w / SHEET_W, (f.inner_h - 2 * MM) / SHEET_H))
    best_use = 0.0
    for cols in range(1, 12):
        for rows in range(1, 8):
            cw = (f.inner_w - gap * (cols - 1)) / cols
            ch = (f.inner_h - 2 * MM - gap * (rows - 1)) / rows
            s = min(cw / SHEET_W, ch / SHEET_H)
            use = cols * rows * min(s, max_scale) ** 2
            if s >= min_scale and use > best_use + 1e-9:
                best, best_use = (cols, rows, s), use
    cols, rows, s = best
    cell_w = (f.inner_w - gap * (cols - 1)) / cols
    cell_h = (f.inner_h - 2 * MM - gap * (rows - 1)) / rows
    per_page = cols * rows
    pages: list[Page] = []
    for i, sheet in enumerate(data.wuliang):
        if i % per_page == 0:
            pages.append(Page(f.w, f.h))
        k = i % per_page
        r, c = divmod(k, cols)
        x = f.left + c * (cell_w + gap) + (cell_w - SHEET_W * s) / 2
        y = f.top - 2 * MM - r * (cell_h + gap) - (cell_h + SHEET_H * s) / 2
        pages[-1].ops.append(Group(x, y, s, wuliang_sheet(sheet, s)))
        if progress:
            progress(i + 1, len(data.wuliang))
    return finish(pages, f, o)
