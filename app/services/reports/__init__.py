"""Every list out to Excel: a list's records (or a page's table) become one sheet by app.excel.exporter.write_lists.

Two ways in: :func:`export_records` takes the records the CLI prints with --json (plain dicts; internal ids are
left out, nested lists joined, ISO dates made date cells, ID numbers masked unless the list is the roster), and
:func:`export_table` takes headings and display values as a page shows them. Both write atomically and return
how many rows were written. Reading only: nothing in the database changes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from app.boards.charts import Chart, chart_ops, chart_table
from app.domain.id_number import mask_id_number
from app.excel.exporter import ListSheet, write_lists
from app.services import organizations
from app.services.reports.labels import LABELS, SHEET_LABELS
from app.services.store import Database

__all__ = [
    "Chart",
    "ListSheet",
    "chart_ops",
    "chart_records",
    "chart_sheet",
    "chart_table",
    "draw_chart",
    "export_charts",
    "export_records",
    "export_sheets",
    "export_table",
    "record_sheet",
]

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HIDDEN_KEYS = ("pinyin_full", "pinyin_initials", "owed_fen", "photo", "has_id_number")


def _hidden(key: str) -> bool:
    return key == "id" or key.endswith(("_id", "_ids", "_day_unknown")) or key in HIDDEN_KEYS


def cell_value(key: str, value: Any, *, keep_ids: bool = False) -> Any:
    """One record value as a cell: bools 是/否, lists joined with 、, dicts as 键=值, ISO dates as dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Mapping):
        return "，".join(f"{k}={cell_value(str(k), v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "、".join(str(cell_value(key, v)) for v in value)
    if isinstance(value, str):
        if key == "id_number" and value and not keep_ids:
            return mask_id_number(value)
        if ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value
        return value
    if isinstance(value, float):
        return round(value, 1)
    return value


def record_sheet(
    name: str, title: str, records: Sequence[Mapping[str, Any]], *, keep_ids: bool = False
) -> ListSheet:
    """One sheet from records: the columns are the keys in order of first appearance (internal ids left out)."""
    keys: dict[str, None] = {}
    for r in records:
        for k in r:
            if not _hidden(k):
                keys.setdefault(k, None)
    cols = list(keys)
    rows = [[cell_value(k, r.get(k), keep_ids=keep_ids) for k in cols] for r in records]
    own = SHEET_LABELS.get(name, {})
    return ListSheet(name, title, [own.get(k) or LABELS.get(k, k) for k in cols], rows)


def organisation(db: Database) -> str:
    top = organizations.root(db)
    return organizations.organization_name(db) or (top.name if top else "")


def export_sheets(
    db: Database, dest: Path | str, sheets: Sequence[ListSheet], *, today: dt.date | None = None
) -> int:
    """Write ``sheets`` to ``dest``; returns the rows of the first sheet."""
    write_lists(Path(dest), sheets, organisation=organisation(db), on=today or dt.date.today())
    return len(sheets[0].rows) if sheets else 0


def export_records(
    db: Database,
    dest: Path | str,
    title: str,
    records: Sequence[Mapping[str, Any]],
    *,
    keep_ids: bool = False,
    today: dt.date | None = None,
) -> int:
    """Write one list (the records a command prints with --json) as a sheet named ``title``."""
    return export_sheets(db, dest, [record_sheet(title, title, records, keep_ids=keep_ids)], today=today)


def export_table(
    db: Database,
    dest: Path | str,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    today: dt.date | None = None,
) -> int:
    """Write a table as a page shows it (headings and display text) as a sheet named ``title``."""
    table = [[_masked_text(v) for v in row] for row in rows]
    return export_sheets(db, dest, [ListSheet(title, title, list(headers), table)], today=today)


ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")


def _masked_text(value: Any) -> Any:
    """A displayed value; a full ID number (a page that shows one) is masked, like every list but the roster."""
    if isinstance(value, str) and ID_NUMBER.match(value):
        return mask_id_number(value)
    return value


def chart_sheet(chart: Chart) -> ListSheet:
    """A chart's table as a sheet (the statistics page's 导出 Excel and `report … --xlsx`)."""
    headers, rows = chart_table(chart)
    return ListSheet(chart.title, chart.title, headers, rows)


def export_charts(
    db: Database, dest: Path | str, charts: Sequence[Chart], *, today: dt.date | None = None
) -> int:
    """Every chart's table on its own sheet; returns how many sheets."""
    export_sheets(db, dest, [chart_sheet(c) for c in charts], today=today)
    return len(charts)


def chart_records(charts: Sequence[Chart]) -> list[dict[str, Any]]:
    """The charts' figures as records: one per chart and category, a key per series (for --json)."""
    out: list[dict[str, Any]] = []
    for c in charts:
        for i, cat in enumerate(c.categories):
            record: dict[str, Any] = {"chart": c.title, "category": cat, "unit": c.unit}
            record.update(
                {name: int(vals[i]) if vals[i] == int(vals[i]) else vals[i] for name, vals in c.series}
            )
            out.append(record)
    return out


def draw_chart(chart: Chart, x: float, y: float, w: float, h: float, scale: float = 1.0) -> list[Any]:
    """The chart's drawing ops for the screen (the fonts that measure its text made ready first)."""
    from app.boards import ops
    from app.paths import fonts_dir

    ops.use_fonts(fonts_dir())
    return chart_ops(chart, x, y, w, h, scale)
