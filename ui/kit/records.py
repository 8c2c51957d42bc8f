"""The one table model base: plain service rows (dataclasses) shown through a list of column specs."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

Index = QModelIndex | QPersistentModelIndex
# Points: the text (Noto Sans SC 10 pt is ~19 high) and a little air; ten rows fit at 150 % on 1366×768.
ROW_HEIGHT = 24
ROW_ROLE = Qt.ItemDataRole.UserRole + 99  # the row itself, on every cell (low numbers are left to models)
T = TypeVar("T")


@dataclass(frozen=True)
class Column(Generic[T]):
    """How one column shows a row: its text and, optionally, tooltip, colours, alignment and editing."""

    header: str
    text: Callable[[T], str]
    numeric: bool = False  # right-aligned
    tooltip: Callable[[T], str] | None = None
    color: Callable[[T], str | None] | None = None  # text colour
    background: Callable[[T], str | None] | None = None
    edit_value: Callable[[T], Any] | None = None  # set: the cell is editable (EditRole value)
    can_edit: Callable[[T], bool] | None = None
    centered: bool = False


class RecordModel(QAbstractTableModel, Generic[T]):
    """Rows are plain dataclasses from the services; ``on_edit(row, column, value) -> bool`` saves an edit.

    ``roles`` adds data roles answered on every cell from the row (an id, a state…), for views and delegates.
    """

    def __init__(
        self,
        columns: Sequence[Column[T]],
        parent: QWidget | None = None,
        roles: Mapping[int, Callable[[T], Any]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[T] = []
        self.roles: dict[int, Callable[[T], Any]] = dict(roles or {})
        self.on_edit: Callable[[T, int, Any], bool] | None = None

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def replace_row(self, row_index: int, row: T) -> None:
        if 0 <= row_index < len(self.rows):
            self.rows[row_index] = row
            self.dataChanged.emit(self.index(row_index, 0), self.index(row_index, len(self.columns) - 1))

    def row_at(self, row_index: int) -> T | None:
        return self.rows[row_index] if 0 <= row_index < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.columns)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
                return self.columns[section].header
            if orientation == Qt.Orientation.Vertical and 0 <= section < len(self.rows):
                return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            not index.isValid()
            or not 0 <= index.row() < len(self.rows)
            or not 0 <= index.column() < len(self.columns)
        ):
            return None
        row = self.rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == Qt.ItemDataRole.EditRole:
            return col.edit_value(row) if col.edit_value else col.text(row)
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip:
            return col.tooltip(row) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col.numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if col.centered:
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col.color:
            c = col.color(row)
            return QBrush(QColor(c)) if c else None
        if role == Qt.ItemDataRole.BackgroundRole and col.background:
            c = col.background(row)
            return QBrush(QColor(c)) if c else None
        if role in self.roles:  # before ROW_ROLE: a model may give that number a meaning of its own
            return self.roles[role](row)
        if role == ROW_ROLE:
            return row
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if 0 <= index.column() < len(self.columns) and 0 <= index.row() < len(self.rows):
            col = self.columns[index.column()]
            if col.edit_value and (col.can_edit is None or col.can_edit(self.rows[index.row()])):
                base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.on_edit is None:
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        return self.on_edit(self.rows[index.row()], index.column(), value)


def table_view(model: QAbstractTableModel, *, stretch: int | None = None, fit: bool = True) -> QTableView:
    """A read-only, row-selecting table the way every page shows one (compact rows, no row numbers).

    ``fit``: columns size to their contents; ``stretch``: that column takes the spare width.
    """
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    if fit:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class ElidedTips(QStyledItemDelegate):
    """A cell cut with "…" (its column too narrow) shows its whole text as a tooltip, unless the model gives one."""

    def helpEvent(  # noqa: N802 - Qt's name
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        if (
            event.type() == QEvent.Type.ToolTip
            and index.isValid()
            and not index.data(Qt.ItemDataRole.ToolTipRole)
        ):
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            if text and option.fontMetrics.horizontalAdvance(text) > option.rect.width() - 8:
                QToolTip.showText(event.globalPos(), text, view)
                return True
        return super().helpEvent(event, view, option, index)


def fit_width(
    view: QTableView,
    stretch: int,
    samples: dict[int, str] | None = None,
    drop: Sequence[int] = (),
    min_chars: int = 6,
) -> None:
    """The table fits its width and never scrolls sideways (a 1366-px screen at 150 % is ~900 points wide).

    Column ``stretch`` (the descriptive text) takes what the others leave; a cell too long for its column is cut
    with "…" and shows its whole text as a tooltip. Columns in ``samples`` are as wide as that sample text (or
    their heading), measured in the view's font, so they follow the scaling. While the view is too narrow to give
    ``stretch`` ``min_chars`` characters, the columns in ``drop`` are hidden, in that order (``stretch`` itself
    may be one); "导出 Excel" still writes them.
    """
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    for col, sample in (samples or {}).items():
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(col, sample_width(view, col, sample))
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    if not isinstance(view.itemDelegate(), ElidedTips):  # called again when a page changes its columns
        view.setItemDelegate(ElidedTips(view))
    if drop:
        view.viewport().installEventFilter(_DropWhenNarrow(view, stretch, list(drop), min_chars))


# View property: the columns fit_width hid for room (exports still include them).
ROOM_HIDDEN = "hidden_for_room"


class _DropWhenNarrow(QObject):
    """Hides ``drop`` columns, in order, while the stretch column would get less than ``min_chars`` characters."""

    def __init__(self, view: QTableView, stretch: int, drop: list[int], min_chars: int) -> None:
        super().__init__(view)
        self.view, self.stretch, self.drop, self.min_chars = view, stretch, drop, min_chars
        self.widths: dict[int, int] = {}  # a drop column's width while shown (a hidden one reports 0)
        self.remember_widths()

    def remember_widths(self) -> None:
        for col in self.drop:
            if col != self.stretch and not self.view.isColumnHidden(col) and self.view.columnWidth(col) > 0:
                self.widths[col] = self.view.columnWidth(col)

    def width_of(self, col: int) -> int:
        known = self.widths.get(col)
        return known if known is not None else self.view.horizontalHeader().sectionSizeHint(col)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.arrange()
        return False

    def arrange(self) -> None:
        view = self.view
        self.remember_widths()
        off = hidden_anyway(view)
        shown = set(view.property(CLERK_SHOWN) or ())
        droppable = [c for c in self.drop if c not in off and c not in shown]
        for col in range(view.model().columnCount()):  # first: a shown column reports its width again
            if col not in self.drop or col in shown:
                view.setColumnHidden(col, col in off)
        need = view.fontMetrics().horizontalAdvance("中" * self.min_chars) + 20
        fixed = sum(
            view.columnWidth(c)
            for c in range(view.model().columnCount())
            if c != self.stretch and c not in droppable and not view.isColumnHidden(c)
        )
        fixed += sum(self.width_of(c) for c in droppable if c != self.stretch)
        hidden: list[int] = []
        for col in droppable:
            if view.viewport().width() - fixed >= need:
                break
            hidden.append(col)
            if col == self.stretch:
                need = 0
            else:
                fixed -= self.width_of(col)
        for col in self.drop:
            view.setColumnHidden(col, col in hidden or col in off)
        gone = self.stretch in hidden or self.stretch in off
        view.horizontalHeader().setStretchLastSection(gone)  # no gap at the right
        view.setProperty(ROOM_HIDDEN, hidden)


# View property: the columns a page hides for its own reasons (fit_width keeps to them).
PAGE_HIDDEN = "hidden_by_page"


# View properties: the columns the clerk chose to hide / to show (ui/kit/columns.py); a page's own hiding wins
# over the clerk's choice, and the clerk's choice over hiding for room.
CLERK_HIDDEN = "hidden_by_clerk"
CLERK_SHOWN = "shown_by_clerk"


def hidden_anyway(view: QTableView) -> set[int]:
    """Columns hidden whatever the room: by the page (:func:`hide_column`) or by the clerk's choice."""
    return set(view.property(PAGE_HIDDEN) or ()) | set(view.property(CLERK_HIDDEN) or ())


def rearrange(view: QTableView) -> None:
    """Show and hide columns again after the page's or the clerk's choice changed (and share out the width)."""
    fitter = view.findChild(_DropWhenNarrow)
    if isinstance(fitter, _DropWhenNarrow):
        fitter.arrange()
        return
    off = hidden_anyway(view)
    for col in range(view.model().columnCount()):
        view.setColumnHidden(col, col in off)


def hide_column(view: QTableView, col: int, hidden: bool) -> None:
    """Hide or show a column for the page's own reason (a filter leaves it nothing to say); a view set up with
    :func:`fit_width` keeps to it and shares the width out again."""
    cols = set(view.property(PAGE_HIDDEN) or ())
    cols = cols | {col} if hidden else cols - {col}
    view.setProperty(PAGE_HIDDEN, sorted(cols))
    view.setColumnHidden(col, hidden)
    rearrange(view)


def sample_width(view: QTableView, col: int, sample: str) -> int:
    """Width for a column holding ``sample`` (or its heading, when that is wider), padding included."""
    model: QAbstractItemModel = view.model()
    heading = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
    text = view.fontMetrics().horizontalAdvance(sample)
    head = view.horizontalHeader().fontMetrics().horizontalAdvance(heading)
    return max(text, head) + 20
