"""Issue 13, item 13: a killed demo, backup scratch left behind, owner-only files, passphrases, device names."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cli_run import run

from app.backup import package
from app.backup.archive import DATABASE, MANIFEST
from app.db.database import Database
from app.domain.errors import UserError
from app.faults import KILL_ENV
from app.services import backup as backups
from app.services.store import open_database

REPO = Path(__file__).resolve().parents[2]


def test_killed_demo_leaves_nothing_and_can_be_redone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "data"
    env = {**os.environ, KILL_ENV: "demo-generated"}
    proc = subprocess.run(
        [sys.executable, "-m", "app", "--data-dir", str(root), "demo", "--members", "30"],
        env=env, cwd=REPO, capture_output=True, check=False,
    )  # fmt: skip
    assert proc.returncode != 0  # killed at the moment the village was ready but not yet copied in
    assert run(capsys, root, "check")[0] == 0
    code, members, _ = run(capsys, root, "roster", "list", "--status", "all", "--json")
    assert code == 0 and members == []
    assert run(capsys, root, "demo", "--members", "30")[0] == 0
    assert not list(root.glob(".demo-work-*"))
    code, members, _ = run(capsys, root, "roster", "list", "--status", "all", "--json")
    assert code == 0 and len(members) == 30


def test_backup_scratch_is_cleaned_at_the_next_start(tmp_path: Path) -> None:
    root = tmp_path / "data"
    open_database(root).close()
    left = root / ".backup-work-abc123"
    left.mkdir()
    (left / DATABASE).write_bytes(b"plaintext copy")
    open_database(root).close()
    assert not left.exists()


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_data_folder_database_and_backups_are_owner_only(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir(mode=0o755)
    db = open_database(root)
    try:
        made = backups.create(db, root / "backups").path
    finally:
        db.close()
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert stat.S_IMODE((root / "pioneer-board.sqlite3").stat().st_mode) == 0o600
    assert made is not None and stat.S_IMODE(made.stat().st_mode) == 0o600


def test_short_passphrase_is_refused_with_a_reason(
    demo_copy: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = demo_copy.data_dir.root
    demo_copy.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    short = tmp_path / "short.txt"
    short.write_text("a\n", encoding="utf-8")
    code, _, err = run(capsys, root, "backup", "create", str(usb), "--passphrase-file", str(short))
    assert code == 2 and "至少要 8 个字符" in err and "U盘" in err
    assert not list(usb.iterdir())


def test_gbk_passphrase_file_works(
    demo_copy: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = demo_copy.data_dir.root
    demo_copy.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    secret = tmp_path / "密码.txt"
    secret.write_bytes("丁新村二〇二六年的春天\r\n".encode("gbk"))
    code, out, err = run(capsys, root, "backup", "create", str(usb), "--passphrase-file", str(secret))
    assert code == 0, err
    sealed = out.strip()
    code, _, err = run(capsys, root, "backup", "verify", sealed, "--passphrase-file", str(secret))
    assert code == 0, err


def test_package_entry_named_like_a_windows_device_is_refused(demo_copy: Database, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    pkg = backups.create(demo_copy, usb).path
    work = tmp_path / "work"
    with zipfile.ZipFile(pkg) as zf:
        zf.extractall(work)
    device = work / "photos" / "CON.jpg"
    device.parent.mkdir(exist_ok=True)
    device.write_bytes(b"\xff\xd8\xff")
    manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    photos = sorted((work / "photos").iterdir())
    bad = tmp_path / "bad.pbk"
    package.build_zip(work / DATABASE, photos, {k: v for k, v in manifest.items() if k != "files"}, bad)
    with pytest.raises(UserError, match="设备名"):
        backups.verify(bad, None)
