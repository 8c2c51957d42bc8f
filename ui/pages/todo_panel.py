"""The 待办 panel on the first page: what a clerk keeps in a notebook (转正 due, dues arrears, members absent
twice running, 流动党员 not reached for six months, meetings not yet held, the star rating not published).

Collapsible; recomputed each time the page is shown. Double-clicking a member's line selects them on the
roster. One line in ui/pages/roster.py puts it there."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QToolButton, QVBoxLayout, QWidget

from app.services import reminders
from app.services.store import Database

COLORS = {
    reminders.PROBATION: "#1b5e20",
    reminders.ARREARS: "#c62828",
    reminders.ABSENT: "#c62828",
    reminders.MOBILE: "#8a5a00",
    reminders.MEETINGS: "#5f6368",
    reminders.STARS: "#a61b1b",
}


class TodoPanel(QWidget):
    def __init__(self, page: QWidget, db: Database | None = None) -> None:
        super().__init__(page)
        self.page = page
        self.db: Database = db if db is not None else page.db  # type: ignore[attr-defined]
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setChecked(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        self.toggle.setStyleSheet("QToolButton { border: none; font-weight: bold; color: #a61b1b; }")
        self.items = QListWidget()
        self.items.setMaximumHeight(110)
        self.items.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.toggle)
        layout.addWidget(self.items)
        self.toggle.toggled.connect(self._toggled)
        self.items.itemDoubleClicked.connect(self._open)
        self.toggle.setText("待办")

    def reload(self) -> None:
        todo = reminders.todo(self.db)
        self.items.clear()
        for t in todo:
            item = QListWidgetItem(f"【{t.kind}】{t.text}", self.items)
            item.setData(Qt.ItemDataRole.UserRole, t.member_id)
            color = COLORS.get(t.kind)
            if color:
                item.setForeground(QColor(color))
        self.toggle.setText(f"待办（{len(todo)}）" if todo else "待办：没有要办的事")
        self.items.setVisible(self.toggle.isChecked() and bool(todo))

    def follow_change(self) -> None:
        """Another clerk changed something (ui/kit/page.py Page.follow_change)."""
        self.reload()

    def _toggled(self, open_: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if open_ else Qt.ArrowType.RightArrow)
        self.items.setVisible(open_ and self.items.count() > 0)

    def _open(self, item: QListWidgetItem) -> None:
        member_id = item.data(Qt.ItemDataRole.UserRole)
        select = getattr(self.page, "select_member", None)
        if member_id and select is not None:
            select(member_id)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        QTimer.singleShot(0, self.reload)  # after the roster has painted: ~0.3 s at 2,000 members
