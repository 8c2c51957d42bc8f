"""What every board layout shares: colours, the page frame, header band and footer with the objection
period, photos and labels, a flow of cards with section headings, and tables in bands.

Everything is measured in points and scaled by the paper's reading distance (a 120 × 90 cm board is
drawn 2.4× larger than A4). Colours are a deep red and gold that still read as dark grey and light
grey on a black-and-white office printer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import TypeVar

from app.boards import geometry as g
from app.boards.model import BoardOptions
from app.boards.ops import (
    BOLD,
    REGULAR,
    Align,
    Circle,
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
T = TypeVar("T")


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
        # A long line (a meeting's topic on the sign-in sheet) is set smaller before anything is cut.
        sub_size = fit_size(o.subtitle, 10.5 * su, f.inner_w, REGULAR, 8 * su)
        sub = ellipsize(o.subtitle, sub_size, f.inner_w, REGULAR)
        ops.append(Text(f.w / 2, y0 - 6.6 * MM * su, sub, sub_size, REGULAR, GREY, "c"))
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


def by_branch(items: Sequence[T], key: Callable[[T], str]) -> list[tuple[str, list[T]]]:
    """Group consecutive items by branch; no headings when the board covers a single branch."""
    groups = [(k, list(v)) for k, v in groupby(items, key=key)]
    if len(groups) <= 1:
        return [("", list(items))]
    return groups


# --- tables (star chart for large organisations, points ranking) -----------------------------------


@dataclass
class Column:
    title: str
    share: float  # relative width
    align: Align = "l"


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
    align: Align = "l",
    font: str = REGULAR,
    color: str = INK,
    shrink: bool = False,
) -> list[Op]:
    """One line of a table cell; too long, it is cut with "…" — or with ``shrink`` first set smaller (to 6.5 pt)
    so that a name the sheet must show whole (a 外来党员's home branch) still fits."""
    size = 9 * u
    pad = 1.6 * MM * u
    if shrink:
        size = fit_size(str(value), size, w - 2 * pad, font, 6.5 * u)
    text = ellipsize(str(value), size, w - 2 * pad, font)
    ax = {"l": x + pad, "c": x + w / 2, "r": x + w - pad}[align]
    return [Text(ax, y + h / 2 - size * 0.36, text, size, font, color, align)]
