"""Issue 13, item 5: when the database cannot be opened, the first screen restores a backup over it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.cli import main
from app.db.database import Database
from app.services import roster
from app.services.store import DatabaseDamagedError, open_database
from ui import messages
from ui.dialogs.first_run import restore_damaged_database


def test_damaged_database_is_restored_from_the_first_screen(
    qtbot: QtBot, demo_copy: Database, tmp_path: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = demo_copy.data_dir.root
    count = len(roster.list_members(demo_copy))
    demo_copy.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    assert main(["--data-dir", str(root), "backup", "create", str(usb)]) == 0
    package = next(usb.glob("*.pbk"))
    for side in ("-wal", "-shm"):
        (root / f"pioneer-board.sqlite3{side}").unlink(missing_ok=True)
    (root / "pioneer-board.sqlite3").write_bytes(b"not a database" * 100)
    with pytest.raises(DatabaseDamagedError) as caught:
        open_database(root)

    answers = iter([True, False])
    asked: list[str] = []
    monkeypatch.setattr(messages, "confirm", lambda _p, text, yes="": asked.append(text) or next(answers))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(package), ""))
    db = restore_damaged_database(str(caught.value), root)
    assert db is not None
    try:
        assert len(roster.list_members(db)) == count
    finally:
        db.close()
    assert "已损坏" in asked[0]
    assert any("已从备份恢复" in s for s in said)
    assert list((root / "backups").glob("损坏的数据库-*.sqlite3"))
