"""The statistics on paper: 统计图表 (each chart with its table beside it, three to an A4 page) and the one-page
季度简报 for the township (the quarter's figures, then its charts in a grid). Charts are app.boards.charts ops."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from app.boards.charts import Chart, chart_ops, chart_table
from app.boards.layouts.common import INK, LIGHT, MM, ZEBRA, Progress, finish, make_frame, text_cell
from app.boards.model import BoardData
from app.boards.ops import BOLD, REGULAR, Line, Op, Page, Rect, Text, ellipsize, wrap


@dataclass(frozen=True)
class Figures:
    """The headline sentences printed above the charts."""

    lines: tuple[str, ...]


def _charts(data: BoardData) -> list[Chart]:
    return [e for e in data.entries if isinstance(e, Chart)]


def table_ops(chart: Chart, x: float, y: float, w: float, h: float) -> list[Op]:
    """The chart's table in the box (x, y, w, h): header row, then a row per category (as many as fit)."""
    headers, rows = chart_table(chart)
    row_h = min(6.2 * MM, h / max(len(rows) + 1, 1))
    col_w = [w * 0.34] + [w * 0.66 / max(len(headers) - 1, 1)] * (len(headers) - 1)
    ops: list[Op] = []
    top = y + h
    cx = x
    for i, head in enumerate(headers):
        ops.append(Rect(cx, top - row_h, col_w[i], row_h, fill="#7F1D1D"))
        label = ellipsize(head, 7, col_w[i] - 2, BOLD)
        ops.append(Text(cx + col_w[i] / 2, top - row_h / 2 - 2.4, label, 7, BOLD, "#FFFFFF", "c"))
        cx += col_w[i]
    ry = top - row_h
    for n, row in enumerate(rows):
        if ry - row_h < y:
            break
        ry -= row_h
        if n % 2:
            ops.append(Rect(x, ry, w, row_h, fill=ZEBRA))
        cx = x
        for i, value in enumerate(row):
            text = f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
            ops += text_cell(text, cx, ry, col_w[i], row_h, 0.8, "l" if i == 0 else "r")
            cx += col_w[i]
        ops.append(Line(x, ry, x + w, ry, LIGHT, 0.4))
    return ops


def statistics_report(data: BoardData, progress: Progress | None = None) -> list[Page]:
    """Every chart with its table beside it, three to an A4 portrait page."""
    o = dataclasses.replace(data.options, paper="A4", orientation="portrait")
    f = make_frame(o)
    charts = _charts(data)
    pages: list[Page] = []
    slot = (f.inner_h - 6 * MM) / 3
    for i, chart in enumerate(charts):
        if i % 3 == 0:
            pages.append(Page(f.w, f.h))
        y = f.top - 3 * MM - (i % 3 + 1) * slot
        cw = f.inner_w * 0.58
        pages[-1].ops += chart_ops(chart, f.left, y + 3 * MM, cw, slot - 6 * MM)
        pages[-1].ops += table_ops(
            chart, f.left + cw + 4 * MM, y + 3 * MM, f.inner_w - cw - 4 * MM, slot - 6 * MM
        )
        if progress:
            progress(i + 1, len(charts))
    return finish(pages or [Page(f.w, f.h)], f, o)


def quarter_brief(data: BoardData, progress: Progress | None = None) -> list[Page]:
    """One A4 sheet: the figures, then the charts two by two."""
    o = dataclasses.replace(data.options, paper="A4", orientation="portrait")
    f = make_frame(o)
    page = Page(f.w, f.h)
    y = f.top - 3 * MM
    size, lead = 9.5, 5.2 * MM
    for block in data.entries:
        if isinstance(block, Figures):
            for line in block.lines:
                for part in wrap(line, size, f.inner_w - 4 * MM, REGULAR):
                    page.ops.append(Text(f.left + 2 * MM, y - size, part, size, REGULAR, INK))
                    y -= lead
    y -= 2 * MM
    charts = _charts(data)
    rows = (len(charts) + 1) // 2
    gap = 3 * MM
    cell_w = (f.inner_w - gap) / 2
    cell_h = (y - f.bottom - gap * (rows - 1)) / max(rows, 1)
    for i, chart in enumerate(charts):
        cx = f.left + (i % 2) * (cell_w + gap)
        cy = y - (i // 2 + 1) * cell_h - (i // 2) * gap
        page.ops += chart_ops(chart, cx, cy, cell_w, cell_h, 0.85)
    if progress:
        progress(1, 1)
    return finish([page], f, o)
