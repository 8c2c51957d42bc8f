"""Issue 13, item 5: a full disk is not "damaged"; a damaged database can be restored from a backup (CLI)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from cli_run import run

from app.db import database
from app.db.database import Database


def test_damaged_database_can_be_restored(
    demo_copy: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = demo_copy.data_dir.root
    demo_copy.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    assert run(capsys, root, "backup", "create", str(usb))[0] == 0
    package = next(usb.glob("*.pbk"))
    code, members, err = run(capsys, root, "roster", "list", "--json")
    assert code == 0, err
    count = len(members)
    db_file = root / "pioneer-board.sqlite3"
    for side in ("-wal", "-shm"):
        (root / f"pioneer-board.sqlite3{side}").unlink(missing_ok=True)
    db_file.write_bytes(b"\x00garbage, not SQLite" * 500)

    code, _, err = run(capsys, root, "roster", "list")
    assert code == 2 and "已损坏" in err and "backup restore" in err
    code, _, err = run(capsys, root, "backup", "restore", str(package), "--yes")
    assert code == 0, err
    code, members, err = run(capsys, root, "roster", "list", "--json")
    assert code == 0 and len(members) == count, err
    kept = list((root / "backups").glob("损坏的数据库-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"\x00garbage")


def test_full_disk_is_not_called_damage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    assert run(capsys, root, "org", "init", "--name", "丁新村党总支")[0] == 0

    def full(*_a: object, **_k: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(database, "migrate", full)
    code, _, err = run(capsys, root, "roster", "list")
    assert code == 2 and "磁盘已满" in err and "剩余" in err and "损坏" not in err
