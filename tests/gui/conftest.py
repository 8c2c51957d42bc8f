"""Fixtures of the GUI tests: the one stand-in for the clerk's message boxes, and the program's own font."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QFont, QFontDatabase, QScreen
from PySide6.QtWidgets import QApplication

from ui import messages


class Said(list[str]):
    """What the program told the clerk, in order: warnings start with "WARN ", information is as shown.

    ``questions`` holds the confirmations asked; each is answered with ``answer`` (yes unless a test says no).
    """

    def __init__(self) -> None:
        super().__init__()
        self.questions: list[str] = []
        self.answer = True
        self.refresh = False  # the answer to a stale-save refusal: 刷新 (True) or 继续编辑

    def stale(self) -> list[str]:
        return [s.removeprefix("STALE ") for s in self if s.startswith("STALE ")]

    def warnings(self) -> list[str]:
        return [s.removeprefix("WARN ") for s in self if s.startswith("WARN ")]


@pytest.fixture(autouse=True)
def unattended_close(monkeypatch: pytest.MonkeyPatch) -> None:
    """A main window a test leaves with input not saved is closed by pytest-qt at the end: answered 不保存 rather
    than waiting on the modal 回去保存 question. Tests of the question patch it themselves."""
    monkeypatch.setattr(messages, "keep_unsaved", lambda *_args: False)


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> Said:
    """Every ``ui.messages`` box is answered without a window: no test blocks on a modal dialog."""
    out = Said()

    def confirm(_parent: object, text: str, yes: str = "确定") -> bool:
        out.questions.append(text)
        return out.answer

    monkeypatch.setattr(messages, "warn", lambda _parent, text: out.append("WARN " + text))
    monkeypatch.setattr(messages, "info", lambda _parent, text: out.append(text))
    monkeypatch.setattr(messages, "confirm", confirm)

    def ask_discard(_parent: object) -> bool:
        out.questions.append(messages.DISCARD_QUESTION)
        return out.answer

    monkeypatch.setattr(messages, "ask_discard", ask_discard)

    def stale(_parent: object, text: str, typed: str = "") -> bool:
        out.append("STALE " + text)
        return out.refresh

    monkeypatch.setattr(messages, "stale", stale)
    monkeypatch.setattr(messages, "saved", lambda _parent, text, _path: out.append(text))
    return out


@pytest.fixture
def bundled_font() -> Iterator[None]:
    """The program's own font (Noto Sans SC, 10 pt), as ui.main installs it; the tests' default font is smaller.
    Removed again afterwards, so the tests after these still measure with the default font."""
    from app.paths import fonts_dir
    from ui.main import FONT_FAMILY

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QFont(app.font())
    ids = [QFontDatabase.addApplicationFont(str(path)) for path in sorted(fonts_dir().glob("*.ttf"))]
    font = QFont(FONT_FAMILY)
    font.setPointSize(10)
    app.setFont(font)
    yield
    app.setFont(before)
    for font_id in ids:
        QFontDatabase.removeApplicationFont(font_id)


TASK_BAR = 40  # pixels the Windows task bar keeps


@pytest.fixture
def fake_screen(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], QRect]:
    """``fake_screen(1.5)``: every screen is a 1366×768 one (less the task bar) at that scaling, as Qt sees it in
    points; returns that available area."""

    def use(scale: float) -> QRect:
        rect = QRect(0, 0, int(1366 / scale), int((768 - TASK_BAR) / scale))
        monkeypatch.setattr(QScreen, "availableGeometry", lambda _self: rect)
        return rect

    return use
