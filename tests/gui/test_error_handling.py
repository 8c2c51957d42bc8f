"""Unexpected errors: a short apology with "复制错误信息", the traceback in the log file, the program runs on."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import qWarning
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from app import log as app_log
from app.paths import DataDir


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[DataDir]:
    """The GUI's rotating log in a temporary data folder; the root logger is put back afterwards."""
    data_dir = DataDir(tmp_path / "data")
    data_dir.ensure()
    before = list(logging.getLogger().handlers)
    app_log.setup_logging(data_dir.log_path)
    yield data_dir
    for handler in set(logging.getLogger().handlers) - set(before):
        logging.getLogger().removeHandler(handler)
        handler.close()
    app_log._configured = None


@pytest.mark.qt_no_exception_capture
def test_error_in_a_slot_shows_apology_logs_traceback_and_program_keeps_running(
    log_file: DataDir, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.main import _excepthook

    monkeypatch.setattr(sys, "excepthook", _excepthook(log_file))
    shown: list[QMessageBox] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box)
        copy = next(b for b in box.buttons() if b.text() == "复制错误信息")
        copy.click()  # the user copies the details to send them to whoever helps
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)

    def broken_slot() -> None:
        raise RuntimeError("boom in a slot")

    broken = QPushButton("坏按钮")
    qtbot.addWidget(broken)
    broken.clicked.connect(broken_slot)
    working_clicks: list[bool] = []
    working = QPushButton("好按钮")
    qtbot.addWidget(working)
    working.clicked.connect(lambda: working_clicks.append(True))
    broken.show()

    broken.click()

    assert len(shown) == 1
    box = shown[0]
    assert box.text().startswith("抱歉")
    assert str(log_file.log_path) in box.informativeText()
    assert "boom in a slot" in box.detailedText()
    clipboard = QApplication.clipboard().text()
    assert "RuntimeError: boom in a slot" in clipboard and str(log_file.log_path) in clipboard
    # The program goes on: other widgets still work.
    working.click()
    assert working_clicks == [True]
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.log_path.read_text(encoding="utf-8")
    assert "unexpected error" in text
    assert "Traceback (most recent call last)" in text and "RuntimeError: boom in a slot" in text
    assert "broken_slot" in text


@pytest.mark.no_qt_log
def test_qt_warnings_go_to_the_log_file(log_file: DataDir) -> None:
    from PySide6.QtCore import qInstallMessageHandler

    from ui.qt_log import install_qt_message_handler

    previous = install_qt_message_handler()
    try:
        qWarning("a Qt warning for the log")
    finally:
        qInstallMessageHandler(previous)  # type: ignore[arg-type]
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.log_path.read_text(encoding="utf-8")
    assert "WARNING qt: a Qt warning for the log" in text
