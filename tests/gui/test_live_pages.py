"""Every page follows another clerk's change (issue 21): two Database objects on one database, a change
through one, and the main window on the other reloads the page on show after the poll — keeping the
selected row and the scroll position of every list, on every tab; typed input that is not saved holds the
reload back until it is saved or cleared."""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import TypeVar

import pytest
import shiboken6
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from app.services import roster
from app.services.store import Database
from ui.kit.page import Page
from ui.kit.view_state import _key
from ui.main_window import PAGES, MainWindow, page_title

WAIT_MS = 8000


@pytest.fixture
def other(demo_copy: Database) -> Iterator[Database]:
    """A second client on the same database: another clerk's PC."""
    db = Database.open(demo_copy.data_dir.root, actor="李文书")
    yield db
    db.close()


@pytest.fixture
def window(qtbot: QtBot, demo_copy: Database, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setenv("PIONEER_BOARD_REFRESH_MS", "60")
    w = MainWindow(demo_copy)
    qtbot.addWidget(w)
    w.resize(1280, 720)
    w.show()
    qtbot.waitExposed(w)
    return w


class Followed:
    """Counts the page's follow_change() calls (the reload after another client's change)."""

    def __init__(self, page: Page) -> None:
        self.count = 0
        original = page.follow_change

        def counted() -> None:
            original()
            self.count += 1

        page.follow_change = counted  # type: ignore[method-assign]


P = TypeVar("P", bound=Page)


def _open(window: MainWindow, page_class: type[P]) -> P:
    """Go to the page of ``page_class`` in the navigation, as the clerk would; that page."""
    window.nav.setCurrentRow(next(i for i, s in enumerate(PAGES) if f":{page_class.__name__} " in s))
    page = window.current_page()
    assert isinstance(page, page_class)
    return page


def _lists_on_show(page: QWidget) -> list[QAbstractItemView]:
    return [
        v
        for v in page.findChildren(QAbstractItemView)
        if v.isVisible()
        and not isinstance(v, QHeaderView)
        and v.model() is not None
        and v.model().rowCount() >= 3
    ]


def _choose(view: QAbstractItemView) -> None:
    """Select the third row and scroll half-way."""
    view.setCurrentIndex(view.model().index(2, 0))
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)


def _selected(view: QAbstractItemView) -> Hashable | None:
    index = view.currentIndex()
    return _key(view.model(), index) if index.isValid() else None


def _tab_states(page: Page) -> Iterator[str]:
    """Each tab of the page in front in turn (a page without tabs: once)."""
    tabs = page.findChildren(QTabWidget)
    outer = next((t for t in tabs if t.parent() is page or t.parentWidget() is page), None)
    if outer is None:
        yield ""
        return
    for i in range(outer.count()):
        outer.setCurrentIndex(i)
        yield outer.tabText(i)


def _another_change(other: Database, n: int) -> None:
    member = roster.list_members(other)[n]
    roster.set_fields(other, member.id, {"手机号码": f"1391234{n:04d}"})


@pytest.mark.parametrize("spec", PAGES, ids=[page_title(s) for s in PAGES])
def test_page_follows_keeping_selection_and_scroll(
    qtbot: QtBot, window: MainWindow, other: Database, spec: str
) -> None:
    index = PAGES.index(spec)
    window.nav.setCurrentRow(index)
    page = window.current_page()
    assert page is not None and page.live_refresh
    followed = Followed(page)
    n = 0
    for tab in _tab_states(page):
        qtbot.wait(10)
        for view in _lists_on_show(page):
            _choose(view)  # choosing in one list may load another (a meeting's attendance): look afterwards
        chosen = [(v, _selected(v), v.verticalScrollBar().value()) for v in _lists_on_show(page)]
        before = followed.count
        n += 1
        _another_change(other, n)
        qtbot.waitUntil(lambda b=before: followed.count > b, timeout=WAIT_MS)  # type: ignore[misc]
        for view, key, scrolled in chosen:
            if not shiboken6.isValid(view) or not view.isVisible():
                continue  # the reload replaced it (a chart's table)
            assert _selected(view) == key, (tab, view.objectName() or type(view).__name__, followed.count)
            assert view.verticalScrollBar().value() == scrolled, (tab, type(view).__name__)


def test_the_todo_panel_follows(qtbot: QtBot, window: MainWindow, other: Database) -> None:
    from app.services import reminders
    from ui.pages.todo_panel import TodoPanel

    panel = window.current_page().findChild(TodoPanel)  # type: ignore[union-attr]
    assert panel is not None
    reloads: list[int] = []
    reload = panel.reload
    panel.reload = lambda: (reloads.append(1), reload())[1]  # type: ignore[method-assign]
    qtbot.wait(200)
    reloads.clear()
    _another_change(other, 3)
    qtbot.waitUntil(lambda: bool(reloads), timeout=WAIT_MS)
    assert panel.items.count() == len(reminders.todo(other)) or not panel.items.isVisible()


def test_unsaved_attendance_holds_the_reload_back(qtbot: QtBot, window: MainWindow, other: Database) -> None:
    from ui.pages.meetings import MeetingsPage

    page = _open(window, MeetingsPage)
    _find_a_quarter_with_meetings(page)
    editor = page.editor
    assert editor.detail is not None and not editor.unsaved_edits()
    followed = Followed(page)
    row = next(i for i, m in enumerate(editor.model.rows) if m.expected)
    editor.view.cycle(row)  # the clerk marks someone: not saved yet
    mark = editor.model.rows[row].mark
    assert editor.unsaved_edits()
    _another_change(other, 1)
    qtbot.wait(600)  # many polls
    assert followed.count == 0 and editor.model.rows[row].mark == mark
    editor.save_attendance.click()  # saved: the change (and the save) are followed now
    qtbot.waitUntil(lambda: followed.count > 0, timeout=WAIT_MS)
    assert editor.model.rows[row].mark == mark and not editor.unsaved_edits()


def test_typed_text_holds_the_reload_back(qtbot: QtBot, window: MainWindow, other: Database) -> None:
    from ui.pages.meetings import MeetingsPage

    page = _open(window, MeetingsPage)
    _find_a_quarter_with_meetings(page)
    editor = page.editor
    editor.inner.setCurrentIndex(1)
    followed = Followed(page)
    editor.topic.setFocus()
    qtbot.keyClicks(editor.topic, " bu ji")  # (QTest types Latin letters only)
    page.view.setFocus()  # the cursor left the field; the text is still not saved
    assert page.unsaved_input()
    _another_change(other, 2)
    qtbot.wait(600)
    assert followed.count == 0 and editor.topic.text().endswith(" bu ji")
    editor.save_details.click()  # saved: now the page follows, and shows what was saved
    qtbot.waitUntil(lambda: followed.count > 0, timeout=WAIT_MS)
    assert editor.topic.text().endswith(" bu ji") and not page.unsaved_input()


def _find_a_quarter_with_meetings(page: QWidget) -> None:
    for i in range(page.quarter.count()):  # type: ignore[attr-defined]
        page.quarter.setCurrentIndex(i)  # type: ignore[attr-defined]
        if page.model.rowCount(QModelIndex()) and page.editor.save_attendance.isEnabled():  # type: ignore[attr-defined]
            return
    pytest.skip("the demo has no meeting this year")


def test_a_households_change_shows_and_the_row_stays(
    qtbot: QtBot, window: MainWindow, other: Database
) -> None:
    """服务群众 → 住户与联户: another clerk tags a household; this clerk's chosen row and scroll stay put."""
    import dataclasses

    from app.services.residents import households
    from ui.pages.service import ServicePage

    page = _open(window, ServicePage)
    tab = page.tabs.currentWidget()
    view, model = tab.view, tab.view.model()  # type: ignore[attr-defined]
    view.setCurrentIndex(model.index(40, 0))
    view.scrollTo(model.index(40, 0))
    chosen, scrolled = _selected(view), view.verticalScrollBar().value()
    assert scrolled > 0
    changed = _key(model, model.index(41, 0))
    assert changed is not None
    household_id = str(changed[1])
    draft = households.draft_of(other, household_id)
    households.update_household(other, household_id, dataclasses.replace(draft, tags=["困难户", "空巢老人"]))
    row = 41
    qtbot.waitUntil(
        lambda: "空巢老人" in _row_text(model, row) and "困难户" in _row_text(model, row), timeout=WAIT_MS
    )
    assert _selected(view) == chosen and view.verticalScrollBar().value() == scrolled


def _row_text(model: object, row: int) -> str:
    m = model  # a QAbstractItemModel
    return " ".join(str(m.index(row, c).data()) for c in range(m.columnCount()))  # type: ignore[attr-defined]


def test_an_empty_field_with_the_cursor_does_not_hold_back(
    qtbot: QtBot, window: MainWindow, other: Database
) -> None:
    """After 添加事迹 the cursor stays in the emptied field: nothing typed, so the page follows."""
    from ui.pages.evaluations import EvaluationPage

    page = _open(window, EvaluationPage)
    followed = Followed(page)
    page.panel.deed_text.setFocus()
    qtbot.waitUntil(page.panel.deed_text.hasFocus, timeout=WAIT_MS)
    _another_change(other, 4)
    qtbot.waitUntil(lambda: followed.count > 0, timeout=WAIT_MS)
    qtbot.keyClicks(page.panel.deed_text, "x")  # now something is typed: the next change waits
    _another_change(other, 5)
    qtbot.wait(600)
    assert followed.count == 1


def test_the_boards_preview_follows_keeping_a_typed_title(
    qtbot: QtBot, window: MainWindow, other: Database
) -> None:
    """公示栏: a typed title is a choice for the preview, not unsaved data; the page's refresh keeps it."""
    from ui.pages.boards import BoardsPage

    page = _open(window, BoardsPage)
    followed = Followed(page)
    page.title_edit.setFocus()
    page.title_edit.selectAll()
    qtbot.keyClicks(page.title_edit, "Board 2026")
    page.kind.setFocus()  # the cursor left the title
    _another_change(other, 6)
    qtbot.waitUntil(lambda: followed.count > 0, timeout=WAIT_MS)
    assert page.title_edit.text() == "Board 2026"
