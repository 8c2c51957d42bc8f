"""Empty states: a table with no rows says what to do next ("还没有党员：点“新增党员”或“导入 Excel”"), or
"没有找到…" when a search or filter hides everything."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel

Text = str | Callable[[], str]


class EmptyHint(QLabel):
    """A grey line centred over a view's viewport, shown while its model has no rows."""

    def __init__(self, view: QAbstractItemView, text: Text) -> None:
        viewport = view.viewport()
        super().__init__(viewport)
        self.view = view
        self.text_for = text
        self.setObjectName("emptyHint")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setStyleSheet("color: #777; font-size: 15px; background: transparent;")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        viewport.installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update_hint)
        self.update_hint()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(12, 0, max(parent.width() - 24, 0), min(parent.height(), 140))

    def update_hint(self, *_args: object) -> None:
        empty = self.view.model().rowCount() == 0
        if empty:
            self.setText(self.text_for() if callable(self.text_for) else self.text_for)
            self._place()
        self.setVisible(empty and bool(self.text()))


def show_when_empty(view: QAbstractItemView, text: Text) -> EmptyHint:
    """Say ``text`` (or what ``text()`` returns at that moment) over ``view`` whenever it has no rows."""
    return EmptyHint(view, text)
