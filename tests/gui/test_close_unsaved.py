"""Closing the main window (×, Alt+F4, 文件 → 退出) with input not saved on some page asks first — the same question
as a restore: 回去保存 (default, also Esc) leads back to the page with the input intact, 不保存，退出 closes. Nothing
unsaved: it closes at once, the backup on close still made."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.backup import auto
from app.db.database import Database
from ui import messages
from ui.main_window import PAGES, MainWindow
from ui.messages import keep_unsaved as real_question  # the box itself (conftest answers it in other tests)
from ui.pages.evaluations import EvaluationPage
from ui.pages.meetings import MeetingsPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _index(module: str) -> int:
    return next(i for i, spec in enumerate(PAGES) if spec.startswith(f"ui.pages.{module}:"))


@pytest.fixture
def window(qtbot: QtBot, demo_copy: Database) -> Iterator[MainWindow]:
    w = MainWindow(demo_copy)
    qtbot.addWidget(w)
    w.show()
    yield w
    w.setProperty("database_replaced", True)  # the test's own clean-up: no question, no backup
    w.close()


class Asked:
    """The close questions asked, as (page titles, the discard button); answers 回去保存 unless ``discard``."""

    def __init__(self) -> None:
        self.questions: list[tuple[list[str], str]] = []
        self.discard = False

    def keep(
        self, _parent: object, titles: list[str], _title: str, _loss: str, _after: str, discard: str
    ) -> bool:
        self.questions.append((titles, discard))
        return not self.discard


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> Asked:
    answers = Asked()
    monkeypatch.setattr(messages, "keep_unsaved", answers.keep)
    return answers


def _mark_attendance(window: MainWindow, qtbot: QtBot) -> MeetingsPage:
    meetings = window.page(MeetingsPage)
    assert isinstance(meetings, MeetingsPage)
    window.go_to(_index("meetings"))
    qtbot.waitUntil(lambda: meetings.editor.detail is not None)
    meetings.editor.view.cycle(0)  # 出席 → 请假, not saved
    assert meetings.unsaved_input()
    return meetings


def test_close_with_unsaved_marks_asks_and_goes_back(window: MainWindow, qtbot: QtBot, asked: Asked) -> None:
    meetings = _mark_attendance(window, qtbot)
    window.go_to(_index("roster"))  # the clerk went elsewhere, then closes
    window.close()
    assert asked.questions == [([meetings.title], "不保存，退出")]
    assert window.isVisible()  # 回去保存: still open, on the page, the marks still there
    assert window.current_page() is meetings and meetings.unsaved_input()
    asked.discard = True  # 不保存，退出
    window.close()
    assert not window.isVisible()


def test_close_with_a_typed_deed_asks_and_keeps_it(window: MainWindow, qtbot: QtBot, asked: Asked) -> None:
    page = window.page(EvaluationPage)
    assert isinstance(page, EvaluationPage)
    window.go_to(_index("evaluations"))
    assert page.deed_text.isEnabled() and not page.deed_text.isReadOnly()
    qtbot.keyClicks(page.deed_text, "yu ye xun cha")  # typed, not added
    assert page.unsaved_input()
    window.go_to(_index("backup"))
    window.close()
    assert [titles for titles, _discard in asked.questions] == [[page.title]]
    assert window.isVisible() and window.current_page() is page
    assert page.deed_text.toPlainText() == "yu ye xun cha"
    asked.discard = True
    window.close()
    assert not window.isVisible()


def test_close_with_nothing_unsaved_closes_at_once_with_its_backup(
    qtbot: QtBot, demo_copy: Database, asked: Asked
) -> None:
    window = MainWindow(demo_copy)
    qtbot.addWidget(window)
    window.show()
    window.go_to(_index("meetings"))
    window.close()
    assert asked.questions == [] and not window.isVisible()
    assert [b.reason for b in auto.list_backups(demo_copy.data_dir)] == ["关闭时自动备份"]


def test_the_question_defaults_to_going_back(qtbot: QtBot) -> None:
    """The real box: Enter and Esc both mean 回去保存; the other button reads 不保存，退出."""
    seen: dict[str, str] = {}

    def answer(key: Qt.Key) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen["default"] = box.defaultButton().text()
        seen["buttons"] = "|".join(sorted(b.text() for b in box.buttons()))
        qtbot.keyClick(box, key)

    for key in (Qt.Key.Key_Escape, Qt.Key.Key_Return):
        QTimer.singleShot(0, lambda key=key: answer(key))
        assert real_question(
            None, ["组织生活"], "退出", "退出后这些修改会丢失。", "保存后再退出", "不保存，退出"
        )
        assert seen["default"] == "回去保存" and seen["buttons"] == "不保存，退出|回去保存"
