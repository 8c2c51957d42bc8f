"""One GUI per data folder: the lock is taken once, a later start wakes the first, a crashed lock is recovered."""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from ui import single_instance
from ui.single_instance import ALREADY_OPEN_MESSAGE, LockState, SingleInstance, bring_forward, server_name


@pytest.fixture
def first(tmp_path: Path, qtbot: QtBot) -> Iterator[SingleInstance]:
    instance = SingleInstance(tmp_path)
    yield instance
    instance.release()


def test_first_start_takes_the_lock_second_is_refused(tmp_path: Path, first: SingleInstance) -> None:
    assert first.acquire() is LockState.ACQUIRED
    assert first.is_listening
    assert (tmp_path / single_instance.LOCK_FILENAME).exists()
    second = SingleInstance(tmp_path)
    assert second.acquire() is LockState.HELD_ELSEWHERE
    first.release()
    assert not (tmp_path / single_instance.LOCK_FILENAME).exists()
    assert second.acquire() is LockState.ACQUIRED
    second.release()


def test_second_start_brings_the_first_forward(tmp_path: Path, first: SingleInstance, qtbot: QtBot) -> None:
    assert first.acquire() is LockState.ACQUIRED
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    first.activated.connect(lambda: bring_forward(window))
    second = SingleInstance(tmp_path)
    assert second.acquire() is LockState.HELD_ELSEWHERE
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert second.ask_running_copy_to_activate()
    assert window.isVisible() and not window.isMinimized()


def test_other_data_folders_are_independent(tmp_path: Path, first: SingleInstance) -> None:
    assert first.acquire() is LockState.ACQUIRED
    other = SingleInstance(tmp_path / "other")
    (tmp_path / "other").mkdir()
    assert other.acquire() is LockState.ACQUIRED
    assert server_name(tmp_path) != server_name(tmp_path / "other")
    assert server_name(tmp_path) == server_name(tmp_path / "sub" / "..")
    other.release()


def test_lock_left_by_a_crashed_start_is_recovered(tmp_path: Path, qtbot: QtBot) -> None:
    # A real process takes the lock and dies without releasing it, as a crash would.
    code = (
        "import os, sys\n"
        "from PySide6.QtCore import QLockFile\n"
        "lock = QLockFile(sys.argv[1]); lock.setStaleLockTime(0)\n"
        "assert lock.tryLock(0)\n"
        "os._exit(0)\n"
    )
    lock_path = tmp_path / single_instance.LOCK_FILENAME
    subprocess.run([sys.executable, "-c", code, str(lock_path)], check=True, timeout=60)
    assert lock_path.exists()
    instance = SingleInstance(tmp_path)
    assert instance.acquire() is LockState.ACQUIRED
    instance.release()


def test_unreachable_running_copy_is_reported(tmp_path: Path, qtbot: QtBot) -> None:
    # Holding the lock without listening: like a first start still busy before its window exists.
    holder = QLockFile(str(tmp_path / single_instance.LOCK_FILENAME))
    assert holder.tryLock(0)
    second = SingleInstance(tmp_path)
    assert second.acquire() is LockState.HELD_ELSEWHERE
    assert not second.ask_running_copy_to_activate()
    holder.unlock()


def test_main_says_it_is_open_and_never_opens_the_database(
    tmp_path: Path, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import main as ui_main, qt_log

    data = tmp_path / "data"
    data.mkdir()
    holder = QLockFile(str(data / single_instance.LOCK_FILENAME))
    assert holder.tryLock(0)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text, *a: shown.append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own; put it back after
    monkeypatch.setattr(qt_log, "install_qt_message_handler", lambda: None)
    handlers = list(logging.getLogger().handlers)
    try:
        assert ui_main.main(["--data-dir", str(data)]) == 0
    finally:
        for handler in set(logging.getLogger().handlers) - set(handlers):  # main() set up the log file
            logging.getLogger().removeHandler(handler)
            handler.close()
    assert shown == [ALREADY_OPEN_MESSAGE]
    assert not (data / "pioneer-board.sqlite3").exists()
    holder.unlock()
