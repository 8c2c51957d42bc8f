"""Paper forms a branch fills or signs (积分手册, 民主评议票, 评议结果公示, 公开承诺书, 花名册打印): one document
layout for all of them, fed with plain blocks — a heading, lines of text, a table (with tick boxes where asked),
signature lines and page breaks. The gatherers in app.services.boards.gatherers.forms build the blocks; this
module only draws them, flowing across A4 pages (the table's header repeated after a break)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from app.boards.layouts.common import (
    DARK_RED,
    INK,
    LIGHT,
    MM,
    ZEBRA,
    Frame,
    Progress,
    finish,
    make_frame,
    section_heading,
)
from app.boards.model import BoardData
from app.boards.ops import BOLD, REGULAR, Align, Line, Op, Page, Rect, Text, wrap


@dataclass(frozen=True)
class FormHeading:
    text: str


@dataclass(frozen=True)
class FormText:
    text: str
    bold: bool = False
    size: float = 10.5


@dataclass(frozen=True)
class FormColumn:
    title: str
    share: float
    align: Align = "l"
    box: bool = False  # a tick box in every row (a ballot's choices)


@dataclass(frozen=True)
class FormTable:
    columns: tuple[FormColumn, ...]
    rows: tuple[tuple[str, ...], ...]
    bold_rows: frozenset[int] = frozenset()  # subtotal and total rows


@dataclass(frozen=True)
class FormSignatures:
    labels: tuple[str, ...]  # 党员签名 / 支部书记签名 / 日期…: one line each, two per row


@dataclass(frozen=True)
class FormBreak:
    """The next block starts on a new page (one member per page)."""


Block = FormHeading | FormText | FormTable | FormSignatures | FormBreak


class _Flow:
    def __init__(self, f: Frame) -> None:
        self.f = f
        self.pages: list[Page] = [Page(f.w, f.h)]
        self.y = f.top - 3 * MM

    @property
    def ops(self) -> list[Op]:
        return self.pages[-1].ops

    def new_page(self) -> None:
        self.pages.append(Page(self.f.w, self.f.h))
        self.y = self.f.top - 3 * MM

    def room(self, needed: float) -> bool:
        """Break the page if ``needed`` does not fit below; True when a new page was started."""
        if self.y - needed < self.f.bottom and self.y < self.f.top - 3 * MM:
            self.new_page()
            return True
        return False

    def blank(self) -> bool:
        return self.y >= self.f.top - 3 * MM and not self.ops


def _heading(flow: _Flow, block: FormHeading) -> None:
    flow.room(20 * MM)
    ops, h = section_heading(flow.f, flow.y, block.text)
    flow.ops.extend(ops)
    flow.y -= h + 2 * MM


def _text(flow: _Flow, block: FormText) -> None:
    font = BOLD if block.bold else REGULAR
    lead = block.size * 1.55
    for para in block.text.splitlines() or [""]:
        for line in wrap(para, block.size, flow.f.inner_w, font) or [""]:
            flow.room(lead)
            flow.ops.append(Text(flow.f.left, flow.y - block.size, line, block.size, font, INK))
            flow.y -= lead
    flow.y -= 1.5 * MM


def _table(flow: _Flow, block: FormTable, progress: Progress | None) -> None:
    f = flow.f
    row_h, head_h = 7.4 * MM, 8.2 * MM
    total = sum(c.share for c in block.columns)
    xs = [f.left]
    for c in block.columns:
        xs.append(xs[-1] + f.inner_w * c.share / total)

    def header() -> None:
        flow.ops.append(Rect(f.left, flow.y - head_h, f.inner_w, head_h, fill=DARK_RED))
        for i, c in enumerate(block.columns):
            cx = (xs[i] + xs[i + 1]) / 2
            flow.ops.append(Text(cx, flow.y - head_h / 2 - 3.3, c.title, 9.5, BOLD, "#FFFFFF", "c"))
        flow.y -= head_h

    flow.room(head_h + 2 * row_h)
    header()
    size, pad, lead = 9.0, 1.6 * MM, 4.4 * MM
    for n, row in enumerate(block.rows):
        font = BOLD if n in block.bold_rows else REGULAR
        cells = [
            _lines(str(row[i]), size, xs[i + 1] - xs[i] - 2 * pad, font)
            if i < len(row) and not c.box
            else [""]
            for i, c in enumerate(block.columns)
        ]
        lines = max(len(c) for c in cells)
        h = max(row_h, lines * lead + 3 * MM)
        if flow.room(h):
            header()
        y = flow.y - h
        if n % 2:
            flow.ops.append(Rect(f.left, y, f.inner_w, h, fill=ZEBRA))
        for i, c in enumerate(block.columns):
            w = xs[i + 1] - xs[i]
            if c.box:
                side = 4.2 * MM
                flow.ops.append(
                    Rect(xs[i] + (w - side) / 2, y + (h - side) / 2, side, side, stroke=INK, width=0.7)
                )
                continue
            ax = {"l": xs[i] + pad, "c": xs[i] + w / 2, "r": xs[i] + w - pad}[c.align]
            top = y + h / 2 + (len(cells[i]) - 1) * lead / 2
            for k, line in enumerate(cells[i]):
                flow.ops.append(Text(ax, top - k * lead - size * 0.36, line, size, font, INK, c.align))
        flow.ops.append(Line(f.left, y, f.right, y, LIGHT, 0.4))
        flow.y = y
        if progress and n % 500 == 0:
            progress(n, len(block.rows))
    flow.y -= 3 * MM


def _lines(text: str, size: float, avail: float, font: str) -> list[str]:
    """A cell's lines: no measuring when even full-width characters fit (most cells), else wrapped."""
    if len(text) * size <= avail:
        return [text]
    return wrap(text, size, avail, font, max_lines=4) or [""]


def _signatures(flow: _Flow, block: FormSignatures) -> None:
    f = flow.f
    lead = 13 * MM
    half = f.inner_w / 2
    for start in range(0, len(block.labels), 2):
        flow.room(lead)
        flow.y -= lead
        for j, label in enumerate(block.labels[start : start + 2]):
            x = f.left + j * half
            flow.ops.append(Text(x, flow.y, f"{label}：", 10.5, BOLD, INK))
            flow.ops.append(
                Line(x + 30 * MM, flow.y - 1.2 * MM, x + half - 8 * MM, flow.y - 1.2 * MM, INK, 0.6)
            )
    flow.y -= 4 * MM


def draw_form(data: BoardData, progress: Progress | None = None, landscape: bool = False) -> list[Page]:
    o = dataclasses.replace(data.options, paper="A4", orientation="landscape" if landscape else "portrait")
    flow = _Flow(make_frame(o))
    blocks = [b for b in data.entries if isinstance(b, Block)]
    for i, block in enumerate(blocks):
        if isinstance(block, FormBreak):
            if not flow.blank():
                flow.new_page()
        elif isinstance(block, FormHeading):
            _heading(flow, block)
        elif isinstance(block, FormText):
            _text(flow, block)
        elif isinstance(block, FormTable):
            _table(flow, block, None)
        else:
            _signatures(flow, block)
        if progress and i % 50 == 0:
            progress(i, len(blocks))
    return finish(flow.pages, flow.f, o)


def form_portrait(data: BoardData, progress: Progress | None = None) -> list[Page]:
    """A4 portrait (积分手册, 评议票, 评议结果公示, 承诺书)."""
    return draw_form(data, progress)


def form_landscape(data: BoardData, progress: Progress | None = None) -> list[Page]:
    """A4 landscape (花名册打印: many columns)."""
    return draw_form(data, progress, landscape=True)
