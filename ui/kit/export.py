""" "导出 Excel…" on every page that shows a list: what the table shows (its filters, its columns) goes out as is.

One helper for every page: :func:`export_button` makes the button, :func:`export_view` asks where to save, reads
the visible rows and columns of the view as displayed, writes them through app.services.reports (the one list
writer: title row, frozen header, text cells, atomic save) and offers 打开文件 / 打开所在文件夹.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir, Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QTableView, QWidget

from app.services import reports
from app.services.store import Database
from ui import messages
from ui.kit.page import attempt
from ui.kit.records import CLERK_HIDDEN, ROOM_HIDDEN

XLSX_FILTER = "Excel 表格 (*.xlsx);;所有文件 (*)"
Title = str | Callable[[], str]
View = QTableView | Callable[[], QTableView]


def view_table(view: QTableView) -> tuple[list[str], list[list[Any]]]:
    """The headings and display text of the rows and columns ``view`` has: a column hidden for room or by the
    clerk's 显示的列 is written too; one the page hides (its filter leaves it nothing to say) is left out."""
    model = view.model()
    written = set(view.property(ROOM_HIDDEN) or ()) | set(view.property(CLERK_HIDDEN) or ())
    cols = [c for c in range(model.columnCount()) if not view.isColumnHidden(c) or c in written]
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in cols]
    rows: list[list[Any]] = []
    for r in range(model.rowCount()):
        if view.isRowHidden(r):
            continue
        rows.append([_display(model.data(model.index(r, c))) for c in cols])
    return headers, rows


def _display(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, int | float | str):
        return value
    return str(value)


def ask_path(parent: QWidget, title: str) -> str:
    """Where to save (the test suite replaces this); "" when the clerk cancels."""
    start = str(Path(QDir.homePath()) / f"{title}.xlsx")
    path, _ = QFileDialog.getSaveFileName(parent, "导出 Excel", start, XLSX_FILTER)
    return path


def export_view(parent: QWidget, db: Database, view: View, title: Title) -> Path | None:
    """Ask for a file and write what ``view`` shows to it; the saved path, or None (cancelled or refused)."""
    name = title() if callable(title) else title
    table = view if isinstance(view, QTableView) else view()
    chosen = ask_path(parent, _safe_file_name(name))
    if not chosen:
        return None
    dest = Path(chosen if chosen.lower().endswith(".xlsx") else chosen + ".xlsx")
    headers, rows = view_table(table)
    n = attempt(parent, lambda: reports.export_table(db, dest, name, headers, rows))
    if n is None:
        return None
    messages.saved(parent, f"已导出“{name}”{n} 行到\n{dest}", dest)
    return dest


def export_button(
    parent: QWidget, db: Database, view: View, title: Title, text: str = "导出 Excel…"
) -> QPushButton:
    """The page's "导出 Excel…" button for ``view`` (or a function giving the view, when it is built later);
    ``title`` (or a function giving it, for the current filters) names the sheet and the suggested file."""
    button = QPushButton(text)
    button.setToolTip("把表格里现在显示的内容（按当前的筛选）导出为 Excel 文件")
    button.clicked.connect(lambda: export_view(parent, db, view, title))
    return button


def _safe_file_name(text: str) -> str:
    return "".join("_" if ch in '\\/:*?"<>|' else ch for ch in text).strip() or "导出"
