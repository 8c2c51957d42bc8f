"""The star chart (星级评定公示): photo cards with vector stars, or a compact table for large organisations."""

from __future__ import annotations

from collections.abc import Sequence

from app.boards.layouts.common import (
    GOLD,
    GREY,
    INK,
    MM,
    PALE_GOLD,
    RED,
    Cell,
    Column,
    Frame,
    Progress,
    by_branch,
    finish,
    flow,
    make_frame,
    photo_ops,
    pill,
    table,
    text_cell,
)
from app.boards.model import (
    BoardData,
    BoardOptions,
    StarCard,
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
    stars,
    stars_width,
    wrap,
)

REASON_PT = 9.0


def star_card(c: StarCard, o: BoardOptions, u: float) -> Cell:
    h = 33 * MM * u

    def draw(x: float, y: float, w: float) -> list[Op]:
        hl = c.highlight and o.highlight_five_star and not c.exempt
        pad = 2.4 * MM * u
        ops: list[Op] = [
            Rect(
                x,
                y,
                w,
                h,
                fill=PALE_GOLD if hl else "#FFFFFF",
                stroke=GOLD if hl else "#CFC6B4",
                width=(1.6 if hl else 0.6) * u,
                radius=2 * MM * u,
            )
        ]
        ph = h - 2 * pad
        pw = ph * 0.75
        ops += photo_ops(c.photo_path, x + pad, y + pad, pw, ph, c.name, u)
        tx = x + pad + pw + 2.6 * MM * u
        tw = x + w - pad - tx
        top = y + h - pad
        if hl:
            # ≥ 7.5 pt: the badge must read from a step back on an A3 sheet on the wall.
            ribbon, rw = pill(0, 0, "闪光言行之星", 7.5 * u, RED, "#FFE8A3", None)
            ops.append(Group(x + w - rw - 1.2 * MM * u, y + h - 4.3 * MM * u, 1.0, ribbon))
        name_w = tw - (20 * MM * u if hl else 0)
        size = fit_size(c.name, 13 * u, name_w, BOLD, 9 * u)
        ops.append(Text(tx, top - 4.6 * MM * u, ellipsize(c.name, size, name_w, BOLD), size, BOLD, INK))
        ops.append(
            Text(tx, top - 9.3 * MM * u, ellipsize(c.post_or_branch, 7.8 * u, tw), 7.8 * u, REGULAR, GREY)
        )
        star_h = 4.4 * MM * u
        star_y = top - 15.6 * MM * u
        if c.exempt:
            p, _ = pill(tx, star_y, "免评", 7.5 * u, None, GREY, "#9E9E9E")
            ops += p
            reason = c.reason or "只挂牌不参评"
        else:
            ops += stars(tx, star_y, c.level, min(star_h, tw / 5.8))
            reason = c.reason or ("暂无闪光点" if c.level == 0 else "")
        if c.badge:  # 先锋评选's honour, bottom right, clear of the stars and the reason's first line
            ribbon, rw = pill(0, 0, c.badge, 7 * u, "#FFFFFF", RED, RED)
            ops.append(Group(x + w - rw - pad, y + pad, 1.0, ribbon))
        # The reason at 9 pt (A4/A3), the smallest size the readers on a wall asked for.
        for i, line in enumerate(wrap(reason, REASON_PT * u, tw, REGULAR, max_lines=1 if c.badge else 2)):
            ops.append(Text(tx, top - (21.0 + 4.0 * i) * MM * u, line, REASON_PT * u, REGULAR, INK))
        return ops

    return h, draw


def star_chart(data: BoardData, progress: Progress | None = None) -> list[Page]:
    o = data.options
    f = make_frame(o)
    cards = [c for c in data.stars if o.include_exempt or not c.exempt]
    if o.layout == "table":
        return finish(star_table(f, o, cards, progress), f, o)
    sections = [
        (title, [star_card(c, o, f.u) for c in group])
        for title, group in by_branch(cards, lambda c: c.branch)
    ]
    pages = flow(f, sections, 60 * MM * f.u, 3 * MM * f.u, progress)
    return finish(pages, f, o)


def star_table(f: Frame, o: BoardOptions, cards: Sequence[StarCard], progress: Progress | None) -> list[Page]:
    u = f.u
    columns = [
        Column("序号", 0.7, "c"),
        Column("姓名", 1.1, "c"),
        Column("职务/支部", 1.8),
        Column("星级", 1.5, "c"),
        Column("闪光点", 3.9),
    ]
    rows = [[i, c.name, c.post_or_branch, c, c.reason] for i, c in enumerate(cards, start=1)]

    def cell(i: int, value: object, x: float, y: float, w: float, h: float) -> list[Op]:
        if i == 3:
            c = value
            assert isinstance(c, StarCard)
            if c.exempt:
                return text_cell("免评", x, y, w, h, u, "c", BOLD, GREY)
            size = min(4 * MM * u, (w - 2 * MM * u) / 5.6)
            return stars(x + (w - stars_width(size)) / 2, y + (h - size) / 2, c.level, size)
        if i == 1:
            return text_cell(value, x, y, w, h, u, "c", BOLD)
        if i == 4 and not value:
            return []
        return text_cell(value, x, y, w, h, u, "c" if i == 0 else "l")

    def style(row: Sequence[object]) -> str | None:
        c = row[3]
        assert isinstance(c, StarCard)
        return PALE_GOLD if c.highlight and o.highlight_five_star and not c.exempt else None

    return table(f, columns, rows, cell, style, 175 * MM * u, progress)
