"""The four boards laid out on pages: header band, footer with the objection period, cards and tables.

Everything is measured in points and scaled by the paper's reading distance (a 120 × 90 cm board is
drawn 2.4× larger than A4). Colours are a deep red and gold that still read as dark grey and light
grey on a black-and-white office printer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby

from app.boards import geometry as g
from app.boards.model import (
    BoardData,
    BoardOptions,
    CommitmentEntry,
    CommitmentItem,
    PointsRow,
    StarCard,
    WuliangSheet,
)
from app.boards.ops import (
    BOLD,
    REGULAR,
    Circle,
    Group,
    Line,
    Op,
    Page,
    Photo,
    Poly,
    Rect,
    Text,
    ellipsize,
    fit_size,
    star_points,
    stars,
    stars_width,
    width,
    wrap,
)

MM = g.MM
RED = "#B3261E"
DARK_RED = "#7F1D1D"
GOLD = "#D4A017"
PALE_GOLD = "#FFF5D6"
INK = "#1F1F1F"
GREY = "#5F6368"
LIGHT = "#E6E1D6"
ZEBRA = "#F4F3F0"
PHOTO_BG = "#ECEFF3"
KEPT = "#2E7D32"
NOT_KEPT = "#C62828"

Progress = Callable[[int, int], None]


@dataclass
class Frame:
    """One page's geometry: paper, margins, the scale and the free area between header and footer."""

    w: float
    h: float
    m: float
    u: float
    header_h: float
    footer_h: float
    hu: float  # scale of the title band: a large board's title is read from across the room

    @property
    def left(self) -> float:
        return self.m

    @property
    def right(self) -> float:
        return self.w - self.m

    @property
    def top(self) -> float:
        return self.h - self.m - self.header_h

    @property
    def bottom(self) -> float:
        return self.m + self.footer_h

    @property
    def inner_w(self) -> float:
        return self.w - 2 * self.m

    @property
    def inner_h(self) -> float:
        return self.top - self.bottom


def make_frame(options: BoardOptions) -> Frame:
    w, h = g.page_size(options.paper, options.orientation)
    u = g.scale(options.paper)
    hu = u * (1.7 if options.paper == "board-120x90" else 1.0)
    header = (13 + (9 if options.subtitle else 4) * u / hu) * MM * hu
    footer = 13 * MM * u
    return Frame(w, h, g.margin(options.paper), u, header, footer, hu)


# --- header and footer ------------------------------------------------------------------------------


def header_ops(f: Frame, o: BoardOptions) -> list[Op]:
    u = f.hu
    band_h = 13 * MM * u
    y0 = f.h - f.m - band_h
    ops: list[Op] = [
        Rect(f.left, y0, f.inner_w, band_h, fill=RED, radius=1.2 * MM * u),
        Line(f.left, y0 - 1.1 * MM * u, f.right, y0 - 1.1 * MM * u, GOLD, 1.4 * u),
    ]
    size = fit_size(o.title, 21 * u, f.inner_w - 40 * MM * u, BOLD, 10 * u)
    ops.append(Text(f.w / 2, y0 + band_h / 2 - size * 0.36, o.title, size, BOLD, "#FFFFFF", "c"))
    # Two gold stars flank the title: decoration that survives greyscale as light shapes on dark.
    half = width(o.title, size, BOLD) / 2
    star = 5.2 * MM * u
    for cx in (f.w / 2 - half - 7 * MM * u, f.w / 2 + half + 7 * MM * u):
        ops.append(Poly(star_points(cx, y0 + band_h / 2 - 0.2 * MM * u, star / 1.81), fill=GOLD))
    if o.subtitle:
        su = f.u
        sub = ellipsize(o.subtitle, 10.5 * su, f.inner_w, REGULAR)
        ops.append(Text(f.w / 2, y0 - 6.6 * MM * su, sub, 10.5 * su, REGULAR, GREY, "c"))
    return ops


def footer_ops(f: Frame, o: BoardOptions, page_no: int, pages: int) -> list[Op]:
    u = f.u
    y_line = f.m + f.footer_h - 2.5 * MM * u
    ops: list[Op] = [Line(f.left, y_line, f.right, y_line, GOLD, 0.8 * u)]
    sign_size = 9.5 * u
    sign_w = max(width(o.organization, sign_size, BOLD), width(o.date_text, sign_size)) + 2 * MM * u
    ops.append(Text(f.right, y_line - 5 * MM * u, o.organization, sign_size, BOLD, INK, "r"))
    ops.append(Text(f.right, y_line - 9.3 * MM * u, o.date_text, sign_size, REGULAR, INK, "r"))
    if o.objection_line:
        size = 9 * u
        lines = wrap(o.objection_line, size, f.inner_w - sign_w - 30 * MM * u, REGULAR, max_lines=2)
        for i, line in enumerate(lines):
            ops.append(
                Text(f.left, y_line - (5 + 4.3 * i) * MM * u, line, size, BOLD if i == 0 else REGULAR, INK)
            )
    if pages > 1:
        ops.append(
            Text(f.w / 2, f.m + 0.5 * MM * u, f"第 {page_no} 页 / 共 {pages} 页", 8.5 * u, REGULAR, GREY, "c")
        )
    return ops


def finish(pages: list[Page], f: Frame, o: BoardOptions) -> list[Page]:
    """Add header and footer now that the number of pages is known."""
    for i, page in enumerate(pages, start=1):
        page.ops[:0] = header_ops(f, o)
        page.ops.extend(footer_ops(f, o, i, len(pages)))
    return pages


# --- shared pieces ----------------------------------------------------------------------------------


def photo_ops(path: str | None, x: float, y: float, w: float, h: float, name: str, u: float) -> list[Op]:
    """The photo, or a neat stand-in: a light box with the surname in a circle (never a broken box)."""
    if path:
        return [Photo(path, x, y, w, h), Rect(x, y, w, h, stroke="#B8B0A0", width=0.4 * u)]
    r = min(w, h) * 0.3
    initial = (name or "？")[0]
    return [
        Rect(x, y, w, h, fill=PHOTO_BG, stroke="#C9CED6", width=0.4 * u),
        Circle(x + w / 2, y + h * 0.55, r, fill="#AEB6C2"),
        Text(x + w / 2, y + h * 0.55 - r * 0.36, initial, r, BOLD, "#FFFFFF", "c"),
        Text(x + w / 2, y + h * 0.12, "暂无照片", min(r * 0.42, 7 * u), REGULAR, "#8A929E", "c"),
    ]


def pill(
    x: float, y: float, text: str, size: float, fill: str | None, color: str, stroke: str | None
) -> tuple[list[Op], float]:
    """A small rounded label with its lower-left corner at (x, y); returns the ops and its width."""
    pad = size * 0.45
    w = width(text, size, BOLD) + 2 * pad
    h = size * 1.45
    return [
        Rect(x, y, w, h, fill=fill, stroke=stroke, width=size * 0.08, radius=h * 0.3),
        Text(x + w / 2, y + h * 0.28, text, size, BOLD, color, "c"),
    ], w


def section_heading(f: Frame, y_top: float, text: str) -> tuple[list[Op], float]:
    u = f.u
    h = 8 * MM * u
    size = 11 * u
    ops: list[Op] = [
        Rect(f.left, y_top - h + 1.2 * MM * u, 1.6 * MM * u, h - 2.4 * MM * u, fill=RED),
        Text(f.left + 3.5 * MM * u, y_top - h / 2 - size * 0.35, text, size, BOLD, DARK_RED),
        Line(f.left, y_top - h + 0.6 * MM * u, f.right, y_top - h + 0.6 * MM * u, LIGHT, 0.6 * u),
    ]
    return ops, h


# --- a flow of equal-width cells in rows, with section headings ------------------------------------

Cell = tuple[float, Callable[[float, float, float], list[Op]]]  # height, draw(x, y_bottom, w)


def flow(
    f: Frame,
    sections: Sequence[tuple[str, Sequence[Cell]]],
    min_cell_w: float,
    gap: float,
    progress: Progress | None = None,
) -> list[Page]:
    """Lay cells left to right, row by row, across pages; a heading never sits alone at a page foot."""
    cols, cell_w = g.grid(f.inner_w, min_cell_w, gap)
    pages: list[Page] = [Page(f.w, f.h)]
    y = f.top - 2 * MM * f.u
    total = sum(len(c) for _, c in sections)
    done = 0
    for title, cells in sections:
        first_row_h = max((h for h, _ in cells[:cols]), default=0.0)
        if title:
            heading_h = 8 * MM * f.u
            if y - heading_h - first_row_h < f.bottom and y < f.top - 2 * MM * f.u:
                pages.append(Page(f.w, f.h))
                y = f.top - 2 * MM * f.u
            ops, h = section_heading(f, y, title)
            pages[-1].ops.extend(ops)
            y -= h + 1.5 * MM * f.u
        for start in range(0, len(cells), cols):
            row = cells[start : start + cols]
            row_h = max(h for h, _ in row)
            if y - row_h < f.bottom and y < f.top - 2 * MM * f.u:
                pages.append(Page(f.w, f.h))
                y = f.top - 2 * MM * f.u
                if title:
                    ops, h = section_heading(f, y, f"{title}（续）")
                    pages[-1].ops.extend(ops)
                    y -= h + 1.5 * MM * f.u
            for i, (h, draw) in enumerate(row):
                pages[-1].ops.extend(draw(f.left + i * (cell_w + gap), y - h, cell_w))
            y -= row_h + gap
            done += len(row)
            if progress:
                progress(done, total)
    return pages


def by_branch(items: Sequence[object], key: Callable[[object], str]) -> list[tuple[str, list[object]]]:
    """Group consecutive items by branch; no headings when the board covers a single branch."""
    groups = [(k, list(v)) for k, v in groupby(items, key=key)]
    if len(groups) <= 1:
        return [("", list(items))]
    return groups


# --- 1. star chart ----------------------------------------------------------------------------------


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
            ribbon, rw = pill(0, 0, "闪光言行之星", 6.3 * u, RED, "#FFE8A3", None)
            ops.append(Group(x + w - rw - 1.2 * MM * u, y + h - 4.3 * MM * u, 1.0, ribbon))
        name_w = tw - (17 * MM * u if hl else 0)
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
        for i, line in enumerate(wrap(reason, 7.4 * u, tw, REGULAR, max_lines=2)):
            ops.append(Text(tx, top - (21.4 + 3.9 * i) * MM * u, line, 7.4 * u, REGULAR, INK))
        return ops

    return h, draw


def star_chart(data: BoardData, progress: Progress | None = None) -> list[Page]:
    o = data.options
    f = make_frame(o)
    cards = [c for c in data.stars if o.include_exempt or not c.exempt]
    if o.layout == "table":
        return finish(star_table(f, o, cards, progress), f, o)
    sections = [
        (title, [star_card(c, o, f.u) for c in group])  # type: ignore[arg-type]
        for title, group in by_branch(cards, lambda c: c.branch)  # type: ignore[attr-defined]
    ]
    pages = flow(f, sections, 60 * MM * f.u, 3 * MM * f.u, progress)
    return finish(pages, f, o)


# --- tables (star chart for large organisations, points ranking) -----------------------------------


@dataclass
class Column:
    title: str
    share: float  # relative width
    align: str = "l"


def table(
    f: Frame,
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    draw_cell: Callable[[int, object, float, float, float, float], list[Op]],
    row_style: Callable[[Sequence[object]], str | None],
    min_band_w: float,
    progress: Progress | None = None,
) -> list[Page]:
    """Rows in bands side by side (two tables on A3 landscape), the column titles repeated on every band."""
    u = f.u
    gap = 6 * MM * u
    bands, band_w = g.grid(f.inner_w, min_band_w, gap)
    row_h = 7.6 * MM * u
    head_h = 8.4 * MM * u
    top = f.top - 2 * MM * u
    per_band = max(1, int((top - f.bottom - head_h) // row_h))
    per_page = per_band * bands
    total_share = sum(c.share for c in columns)
    pages: list[Page] = []
    for page_start in range(0, max(len(rows), 1), per_page):
        page = Page(f.w, f.h)
        pages.append(page)
        for b in range(bands):
            chunk = rows[page_start + b * per_band : page_start + (b + 1) * per_band]
            if not chunk:
                break
            x0 = f.left + b * (band_w + gap)
            page.ops.append(Rect(x0, top - head_h, band_w, head_h, fill=DARK_RED))
            xs = [x0]
            for c in columns:
                xs.append(xs[-1] + band_w * c.share / total_share)
            for i, c in enumerate(columns):
                cw = xs[i + 1] - xs[i]
                page.ops.append(
                    Text(xs[i] + cw / 2, top - head_h / 2 - 3.5 * u, c.title, 9.5 * u, BOLD, "#FFFFFF", "c")
                )
            y = top - head_h
            for n, row in enumerate(chunk):
                y -= row_h
                style = row_style(row)
                fill = style or (ZEBRA if n % 2 else None)
                if fill:
                    page.ops.append(Rect(x0, y, band_w, row_h, fill=fill))
                for i, value in enumerate(row[: len(columns)]):
                    page.ops += draw_cell(i, value, xs[i], y, xs[i + 1] - xs[i], row_h)
                page.ops.append(Line(x0, y, x0 + band_w, y, LIGHT, 0.4 * u))
            page.ops.append(Rect(x0, y, band_w, top - y, stroke="#BFB49C", width=0.6 * u))
        if progress:
            progress(min(page_start + per_page, len(rows)), len(rows))
    return pages


def text_cell(
    value: object,
    x: float,
    y: float,
    w: float,
    h: float,
    u: float,
    align: str = "l",
    font: str = REGULAR,
    color: str = INK,
) -> list[Op]:
    size = 9 * u
    pad = 1.6 * MM * u
    text = ellipsize(str(value), size, w - 2 * pad, font)
    ax = {"l": x + pad, "c": x + w / 2, "r": x + w - pad}[align]
    return [Text(ax, y + h / 2 - size * 0.36, text, size, font, color, align)]  # type: ignore[arg-type]


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


# --- 2. commitment board -----------------------------------------------------------------------------


def commitment_card(e: CommitmentEntry, o: BoardOptions, u: float, max_h: float) -> Cell:
    pad = 2.4 * MM * u
    photo_h = 30 * MM * u
    photo_w = photo_h * 0.75
    size = 8.4 * u
    line_h = 4.1 * MM * u
    kind_size = 6.8 * u

    def layout(w: float) -> list[tuple[CommitmentItem, list[str]]]:
        tw = w - photo_w - 3 * pad - 0.6 * MM * u
        return [(c, wrap(c.content, size, tw, REGULAR, max_lines=3)) for c in e.commitments]

    def height_for(items: list[tuple[CommitmentItem, list[str]]]) -> float:
        text_h = 10.5 * MM * u + sum(4.6 * MM * u + len(lines) * line_h + 1.6 * MM * u for _, lines in items)
        return min(max(photo_h + 2 * pad, text_h + pad), max_h)

    # The card height depends on its width; cells are laid out at the narrowest width they may get.
    ref_items = layout(88 * MM * u)
    h = height_for(ref_items)

    def draw(x: float, y: float, w: float) -> list[Op]:
        ops: list[Op] = [Rect(x, y, w, h, fill="#FFFFFF", stroke="#CFC6B4", width=0.6 * u, radius=2 * MM * u)]
        ops += photo_ops(e.photo_path, x + pad, y + h - pad - photo_h, photo_w, photo_h, e.name, u)
        tx = x + pad + photo_w + pad
        tw = x + w - pad - tx
        top = y + h - pad
        name_size = fit_size(e.name, 12.5 * u, tw * 0.55, BOLD, 8 * u)
        ops.append(
            Text(tx, top - 4.4 * MM * u, ellipsize(e.name, name_size, tw * 0.6, BOLD), name_size, BOLD, INK)
        )
        if e.post_or_branch:
            nw = width(ellipsize(e.name, name_size, tw * 0.6, BOLD), name_size, BOLD)
            ops.append(
                Text(
                    tx + nw + 2 * MM * u,
                    top - 4.4 * MM * u,
                    ellipsize(e.post_or_branch, 7.8 * u, tw - nw - 2 * MM * u),
                    7.8 * u,
                    REGULAR,
                    GREY,
                )
            )
        ops.append(Line(tx, top - 6.6 * MM * u, tx + tw, top - 6.6 * MM * u, GOLD, 0.6 * u))
        cy = top - 8.4 * MM * u
        items = layout(w)
        for n, (c, lines) in enumerate(items):
            need = 4.6 * MM * u + len(lines) * line_h
            if cy - need < y + pad:
                left = len(items) - n
                ops.append(Text(tx, cy - 3 * MM * u, f"……另有{left}项承诺", 7.4 * u, REGULAR, GREY))
                break
            p, pw = pill(tx, cy - 3.6 * MM * u, c.kind or "承诺", kind_size, None, RED, RED)
            ops += p
            if o.year_end:
                if c.kept is True:
                    s, _ = pill(
                        tx + pw + 1.5 * MM * u,
                        cy - 3.6 * MM * u,
                        c.status or "已兑现",
                        kind_size,
                        KEPT,
                        "#FFFFFF",
                        None,
                    )
                    ops += s
                elif c.kept is False:
                    s, _ = pill(
                        tx + pw + 1.5 * MM * u,
                        cy - 3.6 * MM * u,
                        c.status or "未兑现",
                        kind_size,
                        None,
                        NOT_KEPT,
                        NOT_KEPT,
                    )
                    ops += s
                elif c.status:
                    ops.append(
                        Text(tx + pw + 1.5 * MM * u, cy - 3 * MM * u, c.status, kind_size, REGULAR, GREY)
                    )
            cy -= 4.6 * MM * u
            for line in lines:
                ops.append(Text(tx, cy - 3.0 * MM * u, line, size, REGULAR, INK))
                cy -= line_h
            cy -= 1.6 * MM * u
        if not e.commitments:
            ops.append(Text(tx, cy - 3 * MM * u, "（未填写承诺）", size, REGULAR, GREY))
        return ops

    return h, draw


def commitment_board(data: BoardData, progress: Progress | None = None) -> list[Page]:
    o = data.options
    f = make_frame(o)
    max_h = f.inner_h - 14 * MM * f.u
    sections = [
        (title, [commitment_card(e, o, f.u, max_h) for e in group])  # type: ignore[arg-type]
        for title, group in by_branch(data.commitments, lambda e: e.branch)  # type: ignore[attr-defined]
    ]
    return finish(flow(f, sections, 88 * MM * f.u, 3 * MM * f.u, progress), f, o)


# --- 3. 五亮 公示牌 -------------------------------------------------------------------------------------

# One sheet is designed at this size (A4 portrait inside its margins, under the header) and scaled.
SHEET_W = 186 * MM
SHEET_H = 232 * MM


def wuliang_sheet(s: WuliangSheet) -> list[Op]:
    """One member's 五亮 panel in reference coordinates (0, 0)–(SHEET_W, SHEET_H)."""
    w, h = SHEET_W, SHEET_H
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
    for line in wrap(s.post, 13, tw, REGULAR, max_lines=2):
        ops.append(Text(tx, y, line, 13, REGULAR, INK))
        y -= 6.5 * MM
    if s.branch:
        ops.append(Text(tx, y, ellipsize(s.branch, 12, tw), 12, REGULAR, GREY))
        y -= 6.5 * MM
    if s.contact_phone:
        box_y = h - pad - ph
        ops.append(Rect(tx, box_y, tw, 13 * MM, fill=PALE_GOLD, stroke=GOLD, width=0.8, radius=2 * MM))
        ops.append(Text(tx + 4 * MM, box_y + 4.6 * MM, "联系电话", 11, BOLD, DARK_RED))
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
    size = 12.5
    line_h = 6.4 * MM
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
        pages[-1].ops.append(Group(x, y, s, wuliang_sheet(sheet)))
        if progress:
            progress(i + 1, len(data.wuliang))
    return finish(pages, f, o)


# --- 4. points ranking -------------------------------------------------------------------------------


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
        Column("星级", 1.6, "c"),
    ]
    rows = [[r.rank, r.name, r.branch, r.tier, r, r.grade, r.stars] for r in data.points]

    def cell(i: int, value: object, x: float, y: float, w: float, h: float) -> list[Op]:
        if i == 0:
            rank = int(value)  # type: ignore[call-overload]
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
            level = int(value)  # type: ignore[call-overload]
            if level <= 0:
                return text_cell("—", x, y, w, h, u, "c", REGULAR, GREY)
            size = min(3.8 * MM * u, (w - 2 * MM * u) / 5.6)
            return stars(x + (w - stars_width(size)) / 2, y + (h - size) / 2, level, size)
        return text_cell(value, x, y, w, h, u, "c" if i in (1, 3) else "l", BOLD if i == 1 else REGULAR)

    def style(row: Sequence[object]) -> str | None:
        return "#FBE9E7" if row[5] == "不合格" else None

    return finish(table(f, columns, rows, cell, style, 165 * MM * u, progress), f, o)


LAYOUTS: dict[str, Callable[[BoardData, Progress | None], list[Page]]] = {
    "stars": star_chart,
    "commitments": commitment_board,
    "wuliang": wuliang_board,
    "points": points_board,
}


def layout(data: BoardData, progress: Progress | None = None) -> list[Page]:
    return LAYOUTS[data.kind](data, progress)
