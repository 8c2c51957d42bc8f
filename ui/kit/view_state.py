"""What a clerk sees in a page and keeps across a reload (issue 21: pages follow other clerks' changes).

``keep_view_state(page)`` wraps a page's ``refresh()``: before it, every list, table and tree on show
remembers which rows are selected (by the row's id — ``ROW_ROLE`` rows of ui/kit/records.py, an item's
``UserRole`` data — or else its text) and where it is scrolled; after it, a selection the page's own refresh
did not keep is chosen again and the scroll positions are put back (now, and once more after Qt has laid
the new rows out).

``typed_input(page)``: a text field on show holds something the clerk typed and did not save (Qt's
``isModified`` — set by typing, cleared by ``setText``/``setPlainText``); a page does not reload under it.
``settle_input(page)``: what was typed has been saved (ui/kit/page.py ``attempt`` calls it after a service
call succeeded), so the fields are plain again.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ui.kit.records import ROW_ROLE

# A table of 10,000 members is searched for its selected row in well under 0.1 s; larger ones are left as
# the page's own refresh left them.
_MAX_SEARCH = 50_000


@dataclass
class _Scrolled:
    area: QAbstractScrollArea
    vertical: int
    horizontal: int
    selected: list[Hashable] = field(default_factory=list)
    current: Hashable | None = None


def _key(model: QAbstractItemModel, index: QModelIndex) -> Hashable | None:
    """Who a row is, independent of where it is: its record's id, its item data, or its text."""
    first = index.siblingAtColumn(0)
    row = model.data(first, ROW_ROLE)
    for value in (getattr(row, "id", None), getattr(row, "member_id", None)):
        if value is not None:
            return ("id", str(value))
    data = model.data(first, Qt.ItemDataRole.UserRole)
    if data is not None and isinstance(data, (str, int)):
        return ("data", data)
    text = model.data(first, Qt.ItemDataRole.DisplayRole)
    parent = first.parent()
    path: list[str] = []
    while parent.isValid():
        path.append(str(model.data(parent.siblingAtColumn(0), Qt.ItemDataRole.DisplayRole)))
        parent = parent.parent()
    return ("text", tuple(reversed(path)), str(text)) if text is not None else None


def _rows(model: QAbstractItemModel, parent: QModelIndex = QModelIndex()) -> Iterator[QModelIndex]:
    for r in range(model.rowCount(parent)):
        index = model.index(r, 0, parent)
        yield index
        if model.rowCount(index) > 0:
            yield from _rows(model, index)


def _remember(area: QAbstractScrollArea) -> _Scrolled:
    state = _Scrolled(area, area.verticalScrollBar().value(), area.horizontalScrollBar().value())
    if isinstance(area, QAbstractItemView) and area.model() is not None and area.selectionModel() is not None:
        model = area.model()
        rows = area.selectionModel().selectedRows() or [
            i for i in area.selectionModel().selectedIndexes() if i.column() == 0
        ]
        state.selected = [k for k in (_key(model, i) for i in rows) if k is not None]
        current = area.currentIndex()
        state.current = _key(model, current) if current.isValid() else None
    return state


def _reselect(view: QAbstractItemView, state: _Scrolled) -> None:
    model, chosen = view.model(), view.selectionModel()
    if model is None or chosen is None or (not state.selected and state.current is None):
        return
    now = {_key(model, i) for i in (chosen.selectedRows() or chosen.selectedIndexes())}
    current_now = _key(model, view.currentIndex()) if view.currentIndex().isValid() else None
    if set(state.selected) <= now and current_now == state.current:
        return  # the page's own refresh kept it
    wanted, found, current = set(state.selected), [], None
    for n, index in enumerate(_rows(model)):
        if n > _MAX_SEARCH:
            return
        key = _key(model, index)
        if key in wanted:
            found.append(index)
        if key == state.current:
            current = index
    Flag = QItemSelectionModel.SelectionFlag
    rows = (
        Flag.Rows
        if view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
        else Flag.NoUpdate
    )
    if current is not None:  # the current row first: a page loads its details on currentChanged
        chosen.setCurrentIndex(current, (Flag.ClearAndSelect | rows) if found else Flag.NoUpdate)
    elif found:
        chosen.setCurrentIndex(found[0], Flag.ClearAndSelect | rows)
    for index in found:
        chosen.select(index, Flag.Select | rows)


def _scroll_back(state: _Scrolled) -> None:
    if not shiboken6.isValid(state.area):
        return
    if isinstance(state.area, QAbstractItemView):
        state.area.doItemsLayout()  # the new rows' scroll range, now rather than at the next paint
    state.area.verticalScrollBar().setValue(state.vertical)
    state.area.horizontalScrollBar().setValue(state.horizontal)


def _on_show(root: QWidget) -> list[QAbstractScrollArea]:
    return [
        a
        for a in root.findChildren(QAbstractScrollArea)
        if a.isVisible() and not isinstance(a, QHeaderView)  # a header follows its view
    ]


@contextmanager
def keep_view_state(root: QWidget) -> Iterator[None]:
    """Selection and scroll positions of every list on show in ``root`` survive what runs inside."""
    states = [_remember(a) for a in _on_show(root)]
    yield
    for state in states:
        if not shiboken6.isValid(state.area) or not state.area.isVisible():
            continue
        if isinstance(state.area, QAbstractItemView):
            _reselect(state.area, state)
        _scroll_back(state)

    def later() -> None:  # a scroll area whose contents were replaced learns its new size at the next layout
        for state in states:
            if shiboken6.isValid(state.area) and state.area.isVisible():
                _scroll_back(state)

    QTimer.singleShot(0, later)


def _text_fields(root: QWidget) -> Iterator[QWidget]:
    from ui.kit.header import FindBox  # its text is kept by the page's refresh (and header imports page)

    for w in root.findChildren(QWidget):
        if isinstance(w, (QLineEdit, QPlainTextEdit, QTextEdit)) and not isinstance(w, FindBox):
            parent = w.parentWidget()
            if isinstance(parent, (QAbstractSpinBox, QComboBox)):
                continue  # a chooser's text, not typed input
            yield w


def typed_input(root: QWidget) -> bool:
    """Some field on show holds text the clerk typed and has not saved."""
    for w in _text_fields(root):
        if (
            not w.isVisibleTo(root) or not w.isEnabled()
        ):  # on show within the page, also while another page is
            continue
        if isinstance(w, QLineEdit):
            typed = not w.isReadOnly() and w.isModified() and bool(w.text().strip())
        else:
            assert isinstance(w, (QPlainTextEdit, QTextEdit))
            typed = not w.isReadOnly() and w.document().isModified() and bool(w.toPlainText().strip())
        if typed:
            return True
    return False


def settle_input(root: QWidget) -> None:
    """The typed text has been saved: the fields no longer count as unsaved input."""
    for w in _text_fields(root):
        if isinstance(w, QLineEdit):
            w.setModified(False)
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            w.document().setModified(False)
