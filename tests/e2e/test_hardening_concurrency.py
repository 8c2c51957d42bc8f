"""Issue 13, items 3 and 6: a restore never swaps the database under another process that writes, and a busy
database is a clear refusal (exit 2), not a traceback. Real second processes hold the data folder."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.cli import main
from app.db import database, folder_lock
from app.db.database import Database
from app.services import roster

WRITER = """
import sys
from app.services.store import open_database
from app.services import roster
db = open_database(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
member = roster.list_members(db)[0]
roster.set_fields(db, member.id, {"备注": "并发写入"})
db.close()
print("written", flush=True)
"""

RESTORER = """
import sys
from pathlib import Path
from app.db import folder_lock
with folder_lock.exclusive(Path(sys.argv[1])):
    print("ready", flush=True)
    sys.stdin.readline()
"""


@contextmanager
def other_process(script: str, root: Path) -> Iterator[subprocess.Popen[str]]:
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()


def test_restore_is_refused_while_another_process_writes(
    demo_copy: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = demo_copy.data_dir.root
    demo_copy.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    assert main(["--data-dir", str(root), "backup", "create", str(usb)]) == 0
    package = next(usb.glob("*.pbk"))
    monkeypatch.setattr(folder_lock, "WAIT_SECONDS", 0.3)
    with other_process(WRITER, root) as writer:
        capsys.readouterr()
        code = main(["--data-dir", str(root), "backup", "restore", str(package), "--yes"])
        assert code == 2
        assert "正在使用这个数据目录" in capsys.readouterr().err
        assert writer.stdin is not None and writer.stdout is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "written"
    db = Database.open(root)
    try:
        assert any(roster.get_member(db, m.id).draft.note == "并发写入" for m in roster.list_members(db))
    finally:
        db.close()


def test_no_process_opens_the_data_during_a_restore(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    assert main(["--data-dir", str(root), "org", "init", "--name", "丁新村党总支"]) == 0
    monkeypatch.setattr(folder_lock, "WAIT_SECONDS", 0.3)
    with other_process(RESTORER, root):
        capsys.readouterr()
        code = main(["--data-dir", str(root), "org", "add", "--name", "第一党支部"])
        assert code == 2
        assert "正在从备份恢复" in capsys.readouterr().err
    assert main(["--data-dir", str(root), "org", "add", "--name", "第一党支部"]) == 0


def test_busy_database_is_a_refusal_naming_the_holder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    assert main(["--data-dir", str(root), "org", "init", "--name", "丁新村党总支"]) == 0
    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", 0.2)
    holder = sqlite3.connect(root / "pioneer-board.sqlite3", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("UPDATE settings SET value = value")
        capsys.readouterr()
        code = main(["--data-dir", str(root), "org", "add", "--name", "第一党支部"])
        err = capsys.readouterr().err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2, err
    assert "另一个先锋榜" in err and "Traceback" not in err


def test_busy_database_names_an_open_window(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    root = tmp_path / "data"
    assert main(["--data-dir", str(root), "org", "init", "--name", "丁新村党总支"]) == 0
    (root / "pioneer-board.lock").write_text(f"{os.getppid()}\nPioneerBoard\n", encoding="utf-8")
    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", 0.2)
    holder = sqlite3.connect(root / "pioneer-board.sqlite3", isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        capsys.readouterr()
        code = main(["--data-dir", str(root), "org", "add", "--name", "第一党支部"])
        err = capsys.readouterr().err
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2 and "先锋榜窗口" in err
