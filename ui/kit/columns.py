"""显示的列: the clerk chooses the columns of a page's table, from a right-click on its heading row.

Every table on a page gets it (:func:`choosable_tables`, called by ``Page`` when it first shows): a checkbox per
column — the first (the name) always stays — and 恢复默认. The choice is kept by heading in the preferences
(``preferences.remember_columns``, a setting per table) and comes back after a restart. A column the clerk shows
stays even when the window is narrow (it wins over :func:`ui.kit.records.fit_width` hiding it for room); a
column the page hides for its own reason (a filter leaves it nothing to say) stays hidden. "导出 Excel" still
writes every column.
"""

from __future__ import annotations

from contextlib import suppress

import shiboken6
from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtWidgets import QMenu, QTableView, QWidget

from app.domain.errors import UserError
from app.services import preferences
from app.services.store import Database
from ui.kit.records import CLERK_HIDDEN, CLERK_SHOWN, PAGE_HIDDEN, rearrange

MENU_TITLE = "显示的列"
RESET = "恢复默认"


class ColumnChooser(QObject):
    """The header menu of one table and the clerk's choice for it, stored under ``key``."""

    def __init__(self, view: QTableView, db: Database, key: str) -> None:
        super().__init__(view)
        self.view, self.db, self.key = view, db, key
        try:
            self.choice = preferences.chosen_columns(db, key)
        except UserError:  # an unreadable setting: the page's own layout
            self.choice = {}
        header = view.horizontalHeader()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.show_menu)
        model = view.model()
        # bound methods: Qt drops them with the chooser (a QTableWidget's model outlives its view a moment)
        model.modelReset.connect(self.apply)
        model.headerDataChanged.connect(self.apply)
        model.columnsInserted.connect(self.apply)
        self.apply()

    def headings(self) -> list[str]:
        model = self.view.model()
        return [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]

    def apply(self, *_changed: object) -> None:
        """Put the clerk's choice on the view (columns named by heading; the first is never hidden)."""
        if not shiboken6.isValid(self.view):
            return
        heads = self.headings()
        hidden = [c for c, h in enumerate(heads) if c > 0 and self.choice.get(h) is False]
        shown = [c for c, h in enumerate(heads) if self.choice.get(h) is True]
        self.view.setProperty(CLERK_HIDDEN, hidden)
        self.view.setProperty(CLERK_SHOWN, shown)
        rearrange(self.view)

    def menu(self) -> QMenu:
        menu = QMenu(MENU_TITLE, self.view)
        menu.setObjectName("column_chooser")
        title = menu.addAction(MENU_TITLE)
        title.setEnabled(False)
        page_hidden = set(self.view.property(PAGE_HIDDEN) or ())
        for col, heading in enumerate(self.headings()):
            action = menu.addAction(heading or f"第{col + 1}列")
            action.setCheckable(True)
            action.setChecked(not self.view.isColumnHidden(col))
            if col == 0:
                action.setEnabled(False)  # the name: a row without it says nothing
                action.setToolTip("第一列总是显示")
            elif col in page_hidden:
                action.setEnabled(False)  # the page's filter leaves it nothing to show
            action.toggled.connect(lambda on, h=heading: self.choose(h, on))
        menu.addSeparator()
        reset = menu.addAction(RESET)
        reset.setEnabled(bool(self.choice))
        reset.triggered.connect(self.reset)
        menu.setToolTipsVisible(True)
        return menu

    def show_menu(self, at: QPoint) -> None:
        self.menu().popup(self.view.horizontalHeader().mapToGlobal(at))

    def choose(self, heading: str, shown: bool) -> None:
        """The clerk shows (or hides) the column ``heading``; remembered at once."""
        self.choice = {**self.choice, heading: shown}
        self._store()

    def reset(self) -> None:
        """恢复默认: the page's own layout (room-hiding included) again, and nothing remembered."""
        self.choice = {}
        self._store()

    def _store(self) -> None:
        self.apply()
        with suppress(UserError):  # a read-only or busy database: the choice holds for this session
            preferences.remember_columns(self.db, self.key, self.choice)


def choosable_tables(page: QWidget, db: Database, name: str) -> None:
    """Give every table in ``page`` that has none yet its 显示的列 menu; ``name`` (the page's) keys the choices,
    with the table's object name or its place among the page's tables."""
    views = page.findChildren(QTableView)
    for n, view in enumerate(views):
        if view.model() is None or view.findChild(ColumnChooser) is not None:
            continue
        ColumnChooser(view, db, f"{name}.{view.objectName() or n}")


def chooser_of(view: QTableView) -> ColumnChooser | None:
    found = view.findChild(ColumnChooser)
    return found if isinstance(found, ColumnChooser) else None
