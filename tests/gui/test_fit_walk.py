"""What a clerk tripped over at 125 % and 150 % scaling (and at 100 %), each checked so it cannot come back: the
星级评定 message line, the 需求 table, the 组团承诺 list, the member editor's 党籍信息 tab, and sideways-scrolling
lists on every page and tab. The fit test proper (every dialog and page fits) is test_dialogs_fit.py; its fake
1366×768 screen and the program's font are used here too."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QScrollArea, QTableView, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services import roster
from tests.gui.test_dialogs_fit import SCALES, TITLE_BAR, maximised
from ui.main_window import MainWindow

pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.usefixtures("bundled_font")]


def _go(window: MainWindow, title: str) -> QWidget:
    window.nav.setCurrentRow(next(r for r in range(window.nav.count()) if window.nav.item(r).text() == title))
    for _ in range(5):
        QApplication.processEvents()
    page = window.current_page()
    assert page is not None
    return page


def _fits_sideways(view: QAbstractItemView) -> bool:
    """No sideways scrolling, and (a table) no column cut off at the right edge behind a hidden scroll bar."""
    if isinstance(view, QTableView) and view.horizontalHeader().length() > view.viewport().width():
        return False
    return view.horizontalScrollBar().maximum() == 0


def _column(view: QAbstractItemView, heading: str) -> int:
    model = view.model()
    return next(
        c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == heading
    )


def _chars(view: QWidget, n: int) -> int:
    return view.fontMetrics().horizontalAdvance("中" * n)


def test_stars_page_message_line_takes_room_only_with_a_message(
    qtbot: QtBot, demo_copy: Database, fake_screen: Callable[[float], QRect]
) -> None:
    from ui.pages.evaluations import EvaluationPage

    window = maximised(qtbot, demo_copy, fake_screen(1.5))
    page = _go(window, "星级评定")
    assert isinstance(page, EvaluationPage)
    assert page.message.isHidden(), "an empty message line takes a line of the 768-px screen"
    table_height = page.table.height()
    page.say("蔡东堃：评为 4 星")
    QApplication.processEvents()
    assert page.message.isVisible() and page.table.height() < table_height  # the table gives up the line
    page.say("")
    QApplication.processEvents()
    assert page.message.isHidden()
    window.shutdown()


@pytest.mark.parametrize("scale", SCALES)
def test_needs_text_column_takes_the_width(
    qtbot: QtBot, demo_copy: Database, fake_screen: Callable[[float], QRect], scale: float
) -> None:
    from ui.pages.projects import ProjectsPage

    window = maximised(qtbot, demo_copy, fake_screen(scale))
    page = _go(window, "服务项目")
    assert isinstance(page, ProjectsPage)
    page.tabs.setCurrentWidget(page.needs)
    for which in range(page.needs.open_only.count()):  # 待立项 and 全部 (which shows the 状态 column)
        page.needs.open_only.setCurrentIndex(which)
        QApplication.processEvents()
        view = page.needs.view
        assert _fits_sideways(view), f"需求 scrolls sideways at {scale:.0%}"
        width = view.columnWidth(_column(view, "需求"))
        assert width >= _chars(view, 12), f"需求 is {width} wide at {scale:.0%}: its text is cut"
    window.shutdown()


@pytest.mark.parametrize("scale", SCALES)
def test_team_commitments_fit_the_dialog(
    qtbot: QtBot, demo_copy: Database, fake_screen: Callable[[float], QRect], scale: float
) -> None:
    from app.services import commitments, teams
    from ui.dialogs.teams_dialog import TeamsDialog

    fake_screen(scale)
    year = dt.date.today().year
    with_most = max(
        teams.list_teams(demo_copy),
        key=lambda t: sum(c.team_id == t.id for c in commitments.list_commitments(demo_copy, year)),
    )
    d = TeamsDialog(demo_copy, year)
    qtbot.addWidget(d)
    d.reload(with_most.id)
    d.show()
    QApplication.processEvents()
    view = d.commitment_list
    assert view.model().rowCount() > 0
    assert _fits_sideways(view), f"组团承诺 scrolls sideways at {scale:.0%}"
    assert isinstance(view, QTableView), "组团承诺: a table whose 承诺内容 column takes the spare width"
    content = view.columnWidth(_column(view, "承诺内容"))
    assert content >= _chars(view, 10), f"承诺内容 is {content} wide at {scale:.0%}"
    rows = view.viewport().height() // view.verticalHeader().defaultSectionSize()
    assert rows >= 3, f"only {rows} rows of 组团承诺 show"
    d.close()


@pytest.mark.parametrize("scale", SCALES)
def test_party_tab_of_the_member_editor_fits_at_100_percent(
    qtbot: QtBot, demo_copy: Database, fake_screen: Callable[[float], QRect], scale: float
) -> None:
    from ui.dialogs.member_editor import MemberEditor

    screen = fake_screen(scale)
    d = MemberEditor(demo_copy, roster.list_members(demo_copy)[0].id)
    qtbot.addWidget(d)
    d.show()
    d.tabs.setCurrentIndex(1)
    QApplication.processEvents()
    assert d.tabs.tabText(1) == "党籍信息"
    area = d.tabs.widget(1)
    assert isinstance(area, QScrollArea)
    assert d.height() + TITLE_BAR <= screen.height()
    if scale == 1.0:
        assert area.verticalScrollBar().maximum() == 0, "党籍信息 scrolls at 100 % on a 1366×768 screen"
    assert d.summary.isHidden(), "an empty error summary takes room above 保存"
    top_left = d.save_button.mapTo(d, QPoint(0, 0))
    assert d.rect().contains(QRect(top_left, d.save_button.size()))
    d.close()


# Lists that may scroll sideways on purpose (none now: the roster hides lesser columns for room).
SIDEWAYS_ALLOWED: set[str] = set()


@pytest.mark.parametrize("scale", SCALES)
def test_no_list_scrolls_sideways(
    qtbot: QtBot, demo_copy: Database, fake_screen: Callable[[float], QRect], scale: float
) -> None:
    window = maximised(qtbot, demo_copy, fake_screen(scale))
    wide: list[str] = []
    for row in range(window.nav.count()):
        title = window.nav.item(row).text()
        if window.nav.item(row).isHidden():
            continue
        page = _go(window, title)
        tabs = [page.tabs] if isinstance(getattr(page, "tabs", None), QTabWidget) else []
        for index in range(tabs[0].count()) if tabs else [0]:
            if tabs:
                tabs[0].setCurrentIndex(index)
                for _ in range(3):
                    QApplication.processEvents()
            for view in page.findChildren(QTableView):
                if view.isVisible() and not _fits_sideways(view) and title not in SIDEWAYS_ALLOWED:
                    heads = [str(view.model().headerData(c, Qt.Orientation.Horizontal)) for c in range(3)]
                    wide.append(
                        f"{title}{' / ' + tabs[0].tabText(index) if tabs else ''}: {'、'.join(heads)}…"
                    )
    window.shutdown()
    assert not wide, f"at {scale:.0%} these lists scroll sideways: {wide}"


@pytest.mark.parametrize("scale", SCALES)
def test_quarter_chooser_shows_the_quarter_and_its_state_whole(
    qtbot: QtBot, demo_copy: Database, fake_screen: Callable[[float], QRect], scale: float
) -> None:
    """At 150 % the 季度 chooser read "2026年第四季度（已公" while the 支部 chooser beside it had room to give."""
    from ui.pages.evaluations import EvaluationPage

    window = maximised(qtbot, demo_copy, fake_screen(scale))
    page = _go(window, "星级评定")
    assert isinstance(page, EvaluationPage)
    combo = page.period_combo
    widest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
    assert combo.width() >= widest + _chars(combo, 1), (combo.width(), widest)  # text and arrow
    window.shutdown()
