"""Charts drawn once as drawing operations: the statistics page paints them with QPainter (ui/board_painter.py),
the PDFs (统计图表, 季度简报) with ReportLab — the board painter's approach, no charting library.

A :class:`Chart` is plain data (categories, one or more series, stacked or side by side); :func:`chart_ops` draws
it as bars with a value axis, labels and a legend in any box; :func:`chart_table` gives the same figures as the
table printed beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.boards.ops import BOLD, REGULAR, Line, Op, Rect, Text, ellipsize, fit_size

PALETTE = ("#B3261E", "#D4A017", "#2E7D32", "#1565C0", "#6A1B9A", "#5F6368", "#EF6C00", "#00838F")
INK = "#1F1F1F"
GREY = "#5F6368"
GRID = "#E6E1D6"


@dataclass(frozen=True)
class Chart:
    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]  # (name, one value per category)
    stacked: bool = False
    unit: str = "人"  # of the values: 人, %, 件…
    first_header: str = "类别"

    @property
    def empty(self) -> bool:
        return not self.categories or not any(any(v for v in vals) for _n, vals in self.series)


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def chart_table(chart: Chart) -> tuple[list[str], list[list[str | float]]]:
    """The chart's figures as a table: one row per category, one column per series (and 合计 when stacked)."""
    headers = [chart.first_header] + [
        f"{name}（{chart.unit}）" if chart.unit else name for name, _ in chart.series
    ]
    several = len(chart.series) > 1 and chart.unit != "%"
    if several:
        headers.append("合计")
    rows: list[list[str | float]] = []
    for i, cat in enumerate(chart.categories):
        values = [vals[i] for _n, vals in chart.series]
        row: list[str | float] = [cat, *values]
        if several:
            row.append(sum(values))
        rows.append(row)
    return headers, rows


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    for m in (1, 2, 2.5, 5, 10):
        if value <= m * step:
            return float(m * step)
    return float(10 * step)


def chart_ops(chart: Chart, x: float, y: float, w: float, h: float, scale: float = 1.0) -> list[Op]:
    """The chart drawn in the box (x, y) — lower-left — w × h, in points."""
    u = scale
    ops: list[Op] = [Rect(x, y, w, h, fill="#FFFFFF", stroke=GRID, width=0.6 * u)]
    title_size = fit_size(chart.title, 11 * u, w - 8 * u, BOLD, 7 * u)
    ops.append(Text(x + 6 * u, y + h - 15 * u, chart.title, title_size, BOLD, INK))
    legend_h = 12 * u if len(chart.series) > 1 else 0.0
    left, right = x + 30 * u, x + w - 8 * u
    bottom, top = y + 26 * u + legend_h, y + h - 26 * u
    if chart.empty or top - bottom < 20 * u:
        ops.append(Text(x + w / 2, y + h / 2, "暂无数据", 10 * u, REGULAR, GREY, "c"))
        return ops
    n = len(chart.categories)
    if chart.stacked:
        peak = max(sum(vals[i] for _n, vals in chart.series) for i in range(n))
    else:
        peak = max(max(vals) for _n, vals in chart.series)
    top_value = 100.0 if chart.unit == "%" else _nice_max(peak)
    for k in range(5):
        v = top_value * k / 4
        gy = bottom + (top - bottom) * k / 4
        ops.append(Line(left, gy, right, gy, GRID, 0.5 * u))
        ops.append(Text(left - 3 * u, gy - 2.5 * u, _number(v), 7 * u, REGULAR, GREY, "r"))
    slot = (right - left) / n
    groups = 1 if chart.stacked else len(chart.series)
    bar_w = min(slot * 0.7 / groups, 46 * u)
    label_size = min(8 * u, max(5 * u, slot / 2.4))
    for i, cat in enumerate(chart.categories):
        x0 = left + i * slot + (slot - bar_w * groups) / 2
        base = bottom
        for s, (_name, vals) in enumerate(chart.series):
            v = vals[i]
            bh = (top - bottom) * v / top_value if top_value else 0.0
            bx = x0 if chart.stacked else x0 + s * bar_w
            if bh > 0:
                ops.append(Rect(bx, base, bar_w, bh, fill=PALETTE[s % len(PALETTE)]))
            if not chart.stacked and v and bar_w > 9 * u:
                ops.append(Text(bx + bar_w / 2, base + bh + 2 * u, _number(v), 6.5 * u, REGULAR, INK, "c"))
            if chart.stacked:
                base += bh
        if chart.stacked and bar_w > 9 * u:
            total = sum(vals[i] for _n, vals in chart.series)
            ops.append(Text(x0 + bar_w / 2, base + 2 * u, _number(total), 6.5 * u, REGULAR, INK, "c"))
        label = ellipsize(cat, label_size, slot - 1 * u, REGULAR)
        ops.append(Text(left + (i + 0.5) * slot, bottom - 10 * u, label, label_size, REGULAR, INK, "c"))
    ops.append(Line(left, bottom, right, bottom, GREY, 0.8 * u))
    if legend_h:
        lx = left
        for s, (name, _vals) in enumerate(chart.series):
            ops.append(Rect(lx, y + 7 * u, 7 * u, 7 * u, fill=PALETTE[s % len(PALETTE)]))
            ops.append(Text(lx + 9 * u, y + 8 * u, name, 7.5 * u, REGULAR, INK))
            lx += 9 * u + len(name) * 7.5 * u + 10 * u
    return ops
