"""The base of every page: its title in the navigation, refresh on show, and one way to call a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from app.domain.disk_errors import is_file_problem
from app.domain.errors import UserError
from app.services import organizations
from app.services.store import Database
from ui import messages
from ui.kit.columns import choosable_tables  # every table of every page: the 显示的列 menu
from ui.kit.view_state import keep_view_state, settle_input, typed_input

T = TypeVar("T")


Show = Callable[[str], None]

# A page's margins (points): slim, so a 1366×768 screen at 150 % (~450 points high) keeps its rows for the table.
PAGE_MARGINS = (12, 6, 12, 4)
TOLD_FOR_MS = 15000  # how long Page.tell's word stays: long enough to look down and read it


def attempt(parent: QWidget | None, action: Callable[[], T], show: Show | None = None) -> T | None:
    """Run a service call; a refusal (UserError) is shown as a warning in Chinese and None comes back.

    ``show``: where a page shows refusals in place (a message line) instead of a warning box.
    A file the system refuses (disk_errors.is_file_problem: the stick pulled out, a full disk, a name too long)
    is a refusal too, always in a box. Programming errors are not caught here: they reach the apology dialog.
    """
    try:
        done = action()
    except UserError as exc:
        if show is not None:
            show(str(exc))
        else:
            messages.warn(parent, str(exc))
        return None
    except OSError as exc:
        if not is_file_problem(exc):
            raise
        messages.file_problem(parent, exc)
        return None
    _settle_page_of(parent)
    return done


def _settle_page_of(widget: QWidget | None) -> None:
    """A page's service call succeeded: what was typed on the page has been handled (not unsaved input any
    more, ui/kit/view_state.py). A call from a dialog leaves the page's fields as they are."""
    while widget is not None and not isinstance(widget, QDialog):
        if isinstance(widget, Page):
            settle_input(widget)
            return
        widget = widget.parentWidget()


def attempt_ok(parent: QWidget | None, action: Callable[[], object], show: Show | None = None) -> bool:
    """Like :func:`attempt`, for calls that return nothing: True when the service did it, False if it refused."""
    done = attempt(parent, lambda: (action(), True)[1], show)
    return done is not None


def tell(widget: QWidget, text: str) -> None:
    """A short word that something was done (已保存…), at the foot of the window for a while: for a save
    whose result is not plain to see where the clerk looks (the form moves on, the points are on another page).
    It never widens the page, however long (a label beside the buttons pushed them off a 150 % screen)."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, TOLD_FOR_MS)


class Page(QWidget):
    """Base for pages: ``title`` shows in the navigation; ``refresh`` runs each time the page is shown."""

    title = ""
    # The page on show reloads when another client changes the database (ui/kit/live.py): follow_change()
    # runs refresh() keeping the selection, scroll positions and typed input. False: only on each visit.
    live_refresh = True

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        choosable_tables(self, self.db, type(self).__name__)
        super().showEvent(event)
        # and the tables the first refresh builds (show_page refreshes right after showing)
        QTimer.singleShot(0, self, lambda: choosable_tables(self, self.db, type(self).__name__))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        # A word-wrapped label makes the layout answer height-for-width from *preferred* heights, and the
        # page's scroll area then scrolls although everything fits; a page is fine at its minimum height.
        return False

    def attempt(self, action: Callable[[], T], show: Show | None = None) -> T | None:
        """Run a service call from this page; a refusal is shown as a warning and None comes back."""
        return attempt(self, action, show)

    def attempt_ok(self, action: Callable[[], object], show: Show | None = None) -> bool:
        """Run a service call that returns nothing; False (after the warning) if it was refused."""
        return attempt_ok(self, action, show)

    def tell(self, text: str) -> None:
        """A short word that something was done, at the foot of the window: see :func:`tell`."""
        tell(self, text)

    @staticmethod
    def heading(text: str) -> QLabel:
        """The page's title in the program's red, the same on every page."""
        label = QLabel(text)
        label.setStyleSheet("font-size: 20px; font-weight: bold; color: #a61b1b;")
        return label

    def fill_branch_combo(self, combo: QComboBox) -> None:
        """ "全部支部" then every unit below the top (groups aside), keeping the clerk's choice. In a township a
        village (a unit right under the top) is chosen as a whole, its branches as "第1村党总支/第一支部"; a logged-in
        account with a unit sees its own subtree only."""
        from app.services.accounts import visible_unit_ids

        chosen = combo.currentData()
        combo.clear()
        scope = visible_unit_ids(self.db)
        if scope is None:
            combo.addItem("全部支部", None)
        all_units = organizations.units(self.db)
        names = organizations.qualified_names(all_units)
        for unit in all_units:
            if unit.parent_id is not None and unit.kind != "党小组" and (scope is None or unit.id in scope):
                combo.addItem(names[unit.id], unit.id)
        combo.setCurrentIndex(max(0, combo.findData(chosen)))

    def refresh(self) -> None:
        """Reload from the services (data may have changed on another page)."""

    def unsaved_input(self) -> bool:
        """The clerk has typed or marked something not saved yet: another client's change waits (the page
        does not reload under it). Pages with an editor of their own add to this."""
        return typed_input(self)

    def follow_change(self) -> None:
        """Another client changed the database: reload what is on show, as the clerk left it — the selected
        rows, the scroll positions; parts with a ``follow_change()`` of their own (the 待办 panel) too."""
        with keep_view_state(self):
            self.refresh()
            for part in self.findChildren(QWidget):
                follow = getattr(part, "follow_change", None)
                if callable(follow) and part.isVisible() and not isinstance(part, Page):
                    follow()

    def shutdown(self) -> None:
        """The window is closing."""


def snug_tabs(tabs: QTabWidget, heading: QWidget | None = None) -> None:
    """Tabs that leave their contents the room (a 1366×768 screen at 150 % is ~450 points high): no frame round
    the pane, slim margins inside each tab, and — given — the page's heading at the left of the tab bar instead
    of on a line of its own. Call it once the tabs are added."""
    tabs.setDocumentMode(True)
    if heading is not None:
        heading.setContentsMargins(0, 0, 12, 0)
        tabs.setCornerWidget(heading, Qt.Corner.TopLeftCorner)
    for index in range(tabs.count()):
        widget = tabs.widget(index)
        layout = widget.layout() if widget is not None else None
        if layout is not None:
            layout.setContentsMargins(0, 4, 0, 0)
            layout.setSpacing(4)


class TabbedPage(Page):
    """A page of tabs under its heading; only the tab in front loads its data (when shown, and on each visit).
    A tab is any widget; its ``refresh()``, if it has one, reloads it."""

    def __init__(self, db: Database, heading: str, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        self.tabs = QTabWidget()
        self.heading_label = self.heading(heading)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())

    def add_tabs(self, *tabs: tuple[QWidget, str]) -> None:
        self.tabs.blockSignals(
            True
        )  # adding the first tab makes it current: no refresh before the page shows
        for widget, label in tabs:
            self.tabs.addTab(widget, label)
        snug_tabs(self.tabs, self.heading_label)
        self.tabs.blockSignals(False)

    def refresh(self) -> None:
        refresh = getattr(self.tabs.currentWidget(), "refresh", None)
        if refresh is not None:
            refresh()
