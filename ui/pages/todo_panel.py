"""The 待办 panel on the first page: what a clerk keeps in a notebook (转正 due, dues arrears, members absent
twice running, 流动党员 not reached for six months, meetings not yet held, the star rating not published).

Collapsible; recomputed each time the page is shown — off the GUI thread, once the page (the roster's rows) is on the
screen: ~0.3 s at 2,000 members that neither the rows nor the first keystrokes wait for. Double-clicking a member's
line selects them on the roster. One line in ui/pages/roster.py puts it there."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QToolButton, QVBoxLayout, QWidget

from ui.startup import on_first_paint

if TYPE_CHECKING:
    from app.services.reminders import TodoItem
    from app.services.store import Database

log = logging.getLogger(__name__)


def colors() -> dict[str, str]:
    """The colour of each kind of line (app.services.reminders is imported with the first reload, after the rows)."""
    from app.services import reminders

    return {
        reminders.PROBATION: "#1b5e20",
        reminders.ARREARS: "#c62828",
        reminders.ABSENT: "#c62828",
        reminders.MOBILE: "#8a5a00",
        reminders.MEETINGS: "#5f6368",
        reminders.STARS: "#a61b1b",
    }


# Below this screen height (points; 1366×768 at 125 % and more) the list starts closed: the table keeps the room.
ROOMY_SCREEN = 700


class TodoPanel(QWidget):
    """``toggle`` (待办（N）) opens and closes the list; a page may place it in its own header row
    (``toggle_here=False``). On a short screen the list starts closed, until the clerk opens it."""

    def __init__(self, page: QWidget, db: Database | None = None, toggle_here: bool = True) -> None:
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
        if toggle_here:
            layout.addWidget(self.toggle)
        layout.addWidget(self.items)
        screen = page.screen()
        if screen is not None and screen.availableGeometry().height() < ROOMY_SCREEN:
            self.toggle.setChecked(False)
            self._toggled(False)
        self.toggle.toggled.connect(self._toggled)
        self.items.itemDoubleClicked.connect(self._open)
        self.toggle.setText("待办")
        self._reload_pending = False

    def reload(self) -> None:
        """Read the 待办 now (on this thread)."""
        from app.services import reminders

        self.show_items(reminders.todo(self.db))

    def reload_in_background(self) -> None:
        """Read the 待办 off the GUI thread; the list fills in when it is read (not if the panel is gone by then)."""
        from app.services import reminders
        from ui import workers

        db = self.db
        job = workers.Job(lambda _progress, _cancelled: reminders.todo(db))
        # Bound methods: Qt drops the delivery if the panel is gone before the job ends.
        job.signals.done.connect(self.show_items)
        job.signals.failed.connect(self._not_read)
        workers.start(job)

    def _not_read(self, message: str, _user_error: bool) -> None:
        self._reload_pending = False
        log.warning("待办 not read: %s", message)
        self.toggle.setText("待办（暂时读不出来，稍后再打开这一页试试）")

    def show_items(self, todo: list[TodoItem]) -> None:
        self._reload_pending = False
        kind_colors = colors()
        self.items.clear()
        for t in todo:
            item = QListWidgetItem(f"【{t.kind}】{t.text}", self.items)
            item.setData(Qt.ItemDataRole.UserRole, t.member_id)
            color = kind_colors.get(t.kind)
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
        if not self._reload_pending:  # once the page (the roster's rows) is on the screen, off the GUI thread
            self._reload_pending = True
            # on_first_paint calls back from the event loop's next round after the paint; one more round lets what
            # the paint queued (PIONEER_BOARD_QUIT_AFTER=ready among it) go first.
            on_first_paint(self.page, lambda: QTimer.singleShot(0, self.reload_in_background))
