"""What a clerk walking the whole program at 1366×768 tripped over (helper HC's walk, session 4)."""

from __future__ import annotations

import re
from typing import TypeVar

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from app.db.database import Database
from tests.gui.conftest import Said
from ui.kit.page import Page

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_a_three_line_message_under_the_id_number_is_not_cut(
    qtbot: QtBot, demo_copy: Database, bundled_font: None, said: Said
) -> None:
    """新增党员, an ID number pasted from Excel as 3.30522E+17: the message under the field takes three lines at
    the dialog's first size; it had two lines' height, its first and last lines cut off."""
    from ui.dialogs.member_editor import MemberEditor

    d = MemberEditor(demo_copy, None)
    qtbot.addWidget(d)
    d.show()
    d.fields["id_number"].setText("3.30522E+17")
    d._touched.add("id_number")
    d.validate_now()
    for _ in range(5):
        QApplication.processEvents()
    label = d.error_labels["id_number"]
    assert "Excel" in label.text() and label.isVisible()
    assert label.height() >= label.heightForWidth(label.width()), "the message's lines are cut"
    d.resize(d.width() + 200, d.height())  # wider: fewer lines, no blank left over
    for _ in range(5):
        QApplication.processEvents()
    assert label.height() == label.heightForWidth(label.width())


def test_every_page_title_keeps_its_own_height(qtbot: QtBot, demo_copy: Database) -> None:
    """公示栏: the red title took half the page (its layout shared the height with the form and the preview), the
    保存 PDF button sat 280 points down on a 768-line screen."""
    from ui.main_window import MainWindow

    window = MainWindow(demo_copy)
    qtbot.addWidget(window)
    window.resize(1366, 700)
    window.show()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        for _ in range(5):
            QApplication.processEvents()
        title = window.nav.item(row).text()
        page = window.pages.currentWidget()
        heading = Page.heading("").styleSheet()  # every page's red title (组织与网格 has two: 组织, 网格)
        labels = [w for w in page.findChildren(QLabel) if w.styleSheet() == heading and w.isVisible()]
        assert labels, f"{title}: no title on the page"
        for label in labels:
            assert label.height() <= 2 * label.sizeHint().height(), (
                f"{title}: the title is {label.height()} high"
            )
    window.shutdown()


def test_every_star_category_can_be_read_in_the_settings(qtbot: QtBot, demo_copy: Database) -> None:
    """评星设置: the 事迹类别 line was 100 points wide and showed only "、志愿服务、其他"."""
    from app.services import evaluations
    from ui.dialogs.evaluation_settings import EvaluationSettingsDialog

    d = EvaluationSettingsDialog(evaluations.get_settings(demo_copy))
    qtbot.addWidget(d)
    d.show()
    QApplication.processEvents()
    line = d.categories
    assert line.width() >= line.fontMetrics().horizontalAdvance(line.text()) + 8
    assert line.cursorPosition() == 0


def test_a_long_refusal_grows_the_household_dialog_instead_of_squeezing_the_tags(
    qtbot: QtBot, demo_copy: Database, bundled_font: None, said: Said
) -> None:
    """新增住户 with no address and an Excel-mangled phone: the three-line message squeezed the 标签 ticks to 10
    points high, their words overlapping."""
    from ui.dialogs.service_dialogs import HouseholdDialog

    d = HouseholdDialog(demo_copy)
    qtbot.addWidget(d)
    d.show()
    QApplication.processEvents()
    d.phone.setText("3.30522E+17")
    d.submit()
    for _ in range(5):
        QApplication.processEvents()
    assert "手机号码" in d.error.text()
    assert d.error.height() >= d.error.heightForWidth(d.error.width())
    for tick in d.tags:
        assert tick.height() >= tick.sizeHint().height(), f"{tick.text()} squeezed to {tick.height()}"


def test_cancelling_a_household_with_typing_asks_first(qtbot: QtBot, demo_copy: Database, said: Said) -> None:
    """新增住户: 取消 after typing closed the dialog at once, the typing lost; the other editors ask."""
    from ui import messages
    from ui.dialogs.service_dialogs import HouseholdDialog

    d = HouseholdDialog(demo_copy)
    qtbot.addWidget(d)
    d.show()
    d.reject()  # nothing typed: closes without a question
    assert said.questions == [] and not d.isVisible()
    d = HouseholdDialog(demo_copy)
    qtbot.addWidget(d)
    d.show()
    d.address.setText("三组 12 号")
    said.answer = False  # 继续编辑
    d.reject()
    assert said.questions == [messages.DISCARD_QUESTION] and d.isVisible()
    assert d.address.text() == "三组 12 号"
    said.answer = True


P = TypeVar("P", bound=Page)


def _shown(qtbot: QtBot, page: P) -> P:
    """A page on its own, as big as a maximised window's page area, shown with its data read."""
    qtbot.addWidget(page)
    page.resize(1300, 720)
    page.show()
    page.refresh()
    return page


def test_the_empty_points_book_says_to_pick_someone_first(qtbot: QtBot, demo_copy: Database) -> None:
    """积分管理 before anyone is picked: the empty book said "点“记一条积分…”" while that button was grey."""
    from ui.kit.empty import EmptyHint
    from ui.pages.points import PointsPage

    page = _shown(qtbot, PointsPage(demo_copy))
    QApplication.processEvents()
    assert page.selected_member() is None and not page.add_button.isEnabled()
    hint = page.ledger_view.viewport().findChild(EmptyHint)
    assert hint is not None and hint.isVisible()
    assert hint.text().startswith("在左边的名单里点一名党员")


def test_the_statistics_quarter_reads_as_words(qtbot: QtBot, demo_copy: Database) -> None:
    """统计: the quarter chooser showed the code 2026Q4; every other page says 2026年第四季度."""
    from ui.pages.statistics import StatisticsPage

    page = _shown(qtbot, StatisticsPage(demo_copy))
    texts = [page.period.itemText(i) for i in range(page.period.count())]
    assert texts and all(re.fullmatch(r"\d{4}年第[一二三四]季度", t) for t in texts), texts
    assert re.fullmatch(r"\d{4}Q[1-4]", page.period.currentData())  # still chosen by its code


def test_the_roster_filters_keep_their_words_at_150_percent(
    qtbot: QtBot, demo_copy: Database, bundled_font: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """花名册 maximised on 1366×768 at 150 % in the program's font: the row of filters was short, and every box was
    squeezed alike — 全部类别 and 流动与否不限 were cut under their arrows. The fixed-wording boxes keep their
    width; the search box and the branch list give way."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QScreen

    from ui.main_window import MainWindow
    from ui.pages.roster import RosterPage

    screen = QRect(0, 0, int(1366 / 1.5), int((768 - 40) / 1.5))
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: screen)
    window = MainWindow(demo_copy)
    qtbot.addWidget(window)
    window.resize(screen.width(), screen.height() - 32)
    window.show()
    for _ in range(5):
        QApplication.processEvents()
    page = window.findChild(RosterPage)
    assert page is not None
    for combo in (page.category_combo, page.status_combo, page.mobile_combo):
        assert combo.width() >= combo.sizeHint().width(), f"{combo.currentText()} is cut"
    window.shutdown()
