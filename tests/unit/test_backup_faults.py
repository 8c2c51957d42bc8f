"""Fault tests: damaged files, full or vanished targets, and a process killed in the middle of a restore."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app import demo
from app.backup import crypto, package, restore
from app.db.database import Database
from app.domain.errors import UserError
from app.faults import KILL_ENV
from app.services import settings
from app.services.store import open_database

FAST_KDF = 1 << 10
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def village(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A demo village, a plain and an encrypted backup of it (made once for the module)."""
    base = tmp_path_factory.mktemp("village")
    db = Database.open(base / "data")
    demo.make_demo(db, members=40, seed=7)
    usb = base / "usb"
    usb.mkdir()
    plain = package.create_backup(db.engine, db.data_dir, usb).path
    sealed = package.create_backup(db.engine, db.data_dir, usb, passphrase="pw", kdf_n=FAST_KDF).path
    db.close()
    return {"data": base / "data", "plain": plain, "sealed": sealed}


def _state(root: Path) -> tuple[str, int, frozenset[str]]:
    """What a person would notice: organisation name, member count, the photos."""
    conn = sqlite3.connect(root / "pioneer-board.sqlite3")
    try:
        org = json.loads(
            conn.execute("SELECT value FROM settings WHERE key='organization_name'").fetchone()[0]
        )
        members = int(conn.execute("SELECT count(*) FROM members").fetchone()[0])
    finally:
        conn.close()
    return org, members, frozenset(p.name for p in (root / "photos").iterdir())


def _zip_regions(data: bytes) -> dict[str, tuple[int, int]]:
    """Byte ranges of the interesting parts of a backup zip."""
    eocd = data.rindex(b"PK\x05\x06")
    cd_size, cd_offset = struct.unpack("<II", data[eocd + 12 : eocd + 20])
    db_data = data.index(b"database.sqlite3") + len("database.sqlite3")
    photo = data.index(b"photos/")
    return {
        "local header": (0, 30),
        "database": (db_data + 40, db_data + 4000),
        "photo": (photo + 60, photo + 2000),
        "central directory": (cd_offset, cd_offset + cd_size),
        "end record": (eocd, len(data)),
    }


def _positions(start: int, end: int, count: int) -> list[int]:
    step = max(1, (end - start) // count)
    return list(range(start, end, step))[:count]


def test_truncated_backups_fail_verification(village: dict[str, Path], tmp_path: Path) -> None:
    for key in ("plain", "sealed"):
        data = village[key].read_bytes()
        for cut in [0, 1, 10, 100, len(data) - 1, len(data) - 64, len(data) - 22] + _positions(
            200, len(data) - 100, 12
        ):
            bad = tmp_path / f"cut-{key}-{cut}.pbk"
            bad.write_bytes(data[:cut])
            with pytest.raises(UserError):
                package.verify_backup(bad, "pw" if key == "sealed" else None, scratch=tmp_path)
            bad.unlink()


def test_single_flipped_bytes_fail_verification(village: dict[str, Path], tmp_path: Path) -> None:
    data = village["plain"].read_bytes()
    positions: list[int] = []
    for start, end in _zip_regions(data).values():
        positions += _positions(start, min(end, len(data)), 8)
    assert len(positions) >= 30
    bad = tmp_path / "flipped.pbk"
    for pos in positions:
        flipped = bytearray(data)
        flipped[pos] ^= 0x01
        bad.write_bytes(bytes(flipped))
        with pytest.raises(UserError):
            package.verify_backup(bad, scratch=tmp_path)


def test_flipped_bytes_in_encrypted_payload_fail_verification(
    village: dict[str, Path], tmp_path: Path
) -> None:
    data = village["sealed"].read_bytes()
    header_len = len(crypto.MAGIC) + 2 + int.from_bytes(data[8:10], "big")
    positions = _positions(0, header_len + 48, 10) + _positions(header_len + 48, len(data), 20)
    bad = tmp_path / "flipped.pbk"
    for pos in positions:
        flipped = bytearray(data)
        flipped[pos] ^= 0x80
        bad.write_bytes(bytes(flipped))
        with pytest.raises(UserError):
            package.verify_backup(bad, "pw", scratch=tmp_path)


@pytest.fixture
def live(village: dict[str, Path], tmp_path: Path) -> Callable[[], Database]:
    def _open() -> Database:
        shutil.copytree(village["data"], tmp_path / "live")
        return Database.open(tmp_path / "live")

    return _open


def test_restore_refuses_damaged_files_and_leaves_data_untouched(
    village: dict[str, Path], tmp_path: Path, live: Callable[[], Database]
) -> None:
    db = live()
    settings.put(db, settings.ORGANIZATION_NAME, "当前数据")
    before = _state(db.data_dir.root)
    data = village["plain"].read_bytes()
    sealed = village["sealed"].read_bytes()
    regions = _zip_regions(data)
    damaged: list[tuple[bytes, str | None]] = [(data[: len(data) // 2], None), (sealed[:-5], "pw")]
    for start, _end in regions.values():
        flipped = bytearray(data)
        flipped[start + 5] ^= 0x04
        damaged.append((bytes(flipped), None))
    damaged.append((sealed, "wrong"))
    for i, (content, passphrase) in enumerate(damaged):
        bad = tmp_path / f"bad-{i}.pbk"
        bad.write_bytes(content)
        with pytest.raises(UserError):
            restore.restore_backup(db, bad, passphrase)
    assert _state(db.data_dir.root) == before
    assert not list(db.data_dir.root.glob("restore-[os]*"))
    assert not list(db.data_dir.backups.glob("*.pbk"))  # refused before any safety backup
    db.close()


def test_wrong_passphrase_says_so(village: dict[str, Path], tmp_path: Path) -> None:
    with pytest.raises(crypto.WrongPassphraseError) as info:
        package.verify_backup(village["sealed"], "PW", scratch=tmp_path)
    assert str(info.value).startswith("密码错误")


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOSPC, "磁盘已满"),
        (errno.EIO, "设备已移除"),
        (errno.EROFS, "没有写入权限"),
        (errno.EACCES, "没有写入权限"),
    ],
)
def test_write_failure_leaves_no_file_and_says_why(
    live: Callable[[], Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, words: str
) -> None:
    db = live()
    usb = tmp_path / "usb"
    usb.mkdir()
    real = package._write_member
    written: list[str] = []

    def failing(zf, name, source, compress):
        if len(written) == 5:
            raise OSError(code, os.strerror(code))
        written.append(name)
        return real(zf, name, source, compress)

    monkeypatch.setattr(package, "_write_member", failing)
    with pytest.raises(package.BackupTargetError, match=words):
        package.create_backup(db.engine, db.data_dir, usb)
    assert list(usb.iterdir()) == []
    db.close()


def test_full_stick_during_encryption(
    live: Callable[[], Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = live()
    usb = tmp_path / "usb"
    usb.mkdir()

    def full(source, target, passphrase, **kwargs):
        target.write(b"PBKCRYPT partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(crypto, "encrypt_stream", full)
    with pytest.raises(package.BackupTargetError, match="磁盘已满"):
        package.create_backup(db.engine, db.data_dir, usb, passphrase="pw", kdf_n=FAST_KDF)
    assert list(usb.iterdir()) == []
    db.close()


def test_stick_pulled_out_before_rename(
    live: Callable[[], Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = live()
    usb = tmp_path / "usb"
    usb.mkdir()
    real_replace = os.replace

    def vanish(src, dst):
        if str(dst).endswith(".pbk"):
            shutil.rmtree(usb)  # the stick is gone
            raise OSError(errno.ENOENT, "No such file or directory")
        return real_replace(src, dst)

    monkeypatch.setattr(package.os, "replace", vanish)
    with pytest.raises(package.BackupTargetError, match="设备已移除"):
        package.create_backup(db.engine, db.data_dir, usb)
    assert not usb.exists()
    db.close()


def test_missing_target_folder(live: Callable[[], Database], tmp_path: Path) -> None:
    db = live()
    with pytest.raises(package.BackupTargetError, match="U盘可能已拔出"):
        package.create_backup(db.engine, db.data_dir, tmp_path / "gone")
    db.close()


KILL_STEPS = [
    ("staged", "old"),
    ("journal-written", "old"),
    ("old-db-moved", "old"),
    ("new-db-moved", "old"),
    ("new-photos-moved", "old"),
    ("journal-swapped", "new"),
]


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize(("step", "expected"), KILL_STEPS)
def test_killed_restore_leaves_old_or_new_data(
    village: dict[str, Path], tmp_path: Path, step: str, expected: str
) -> None:
    root = tmp_path / "live"
    shutil.copytree(village["data"], root)
    db = Database.open(root)
    settings.put(db, settings.ORGANIZATION_NAME, "恢复前的数据")
    (db.data_dir.photos / "only-in-old.jpg").write_bytes(b"old")
    db.close()
    old_state = _state(root)
    new_state = ("丁新村党总支", old_state[1], old_state[2] - {"only-in-old.jpg"})
    script = (
        "import sys; from app.db.database import Database; from app.backup.restore import restore_backup;"
        "db = Database.open(sys.argv[1]); restore_backup(db, sys.argv[2])"
    )
    env = {**os.environ, KILL_ENV: step}
    proc = subprocess.run(
        [sys.executable, "-c", script, str(root), str(village["plain"])],
        cwd=ROOT,
        env=env,
        capture_output=True,
    )
    assert proc.returncode == -9, proc.stderr.decode()
    reopened = open_database(root)
    state = _state(root)
    assert state == (old_state if expected == "old" else new_state)
    if step == "staged":
        assert reopened.recovery_message is None  # nothing had been touched yet
    else:
        assert reopened.recovery_message and ("退回" in reopened.recovery_message) == (expected == "old")
    assert not list(root.glob("restore-[os]*"))
    conn = sqlite3.connect(root / "pioneer-board.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    reopened.close()


def test_hashes_in_manifest_match_files(village: dict[str, Path]) -> None:
    import zipfile

    with zipfile.ZipFile(village["plain"]) as zf:
        manifest = package.manifest_in_zip(zf, package.check_entries(zf))
        for name, meta in manifest["files"].items():
            assert hashlib.sha256(zf.read(name)).hexdigest() == meta["sha256"]


def test_restore_refuses_while_the_gui_has_the_folder_open(
    village: dict[str, Path], live: Callable[[], Database]
) -> None:
    db = live()
    gui = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    try:
        (db.data_dir.root / restore.LOCK_FILENAME).write_text(f"{gui.pid}\npioneer-board\nhost\n")
        with pytest.raises(UserError, match="正开着"):
            restore.restore_backup(db, village["plain"])
    finally:
        gui.communicate(b"")
    # the GUI is gone now: its lock is stale and no longer stands in the way
    outcome = restore.restore_backup(db, village["plain"])
    outcome.db.close()


def test_stick_that_returns_other_bytes_is_reported(
    live: Callable[[], Database], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = live()
    usb = tmp_path / "usb"
    usb.mkdir()
    real_sign = package._sign_zip

    def bad_block(path: Path) -> None:
        real_sign(path)
        with open(path, "r+b") as fh:  # a bit rots on the way to the stick
            fh.seek(200)
            byte = fh.read(1)
            fh.seek(200)
            fh.write(bytes([byte[0] ^ 0x10]))

    monkeypatch.setattr(package, "_sign_zip", bad_block)
    with pytest.raises(package.BackupTargetError, match="读回检查没有通过"):
        package.create_backup(db.engine, db.data_dir, usb)
    assert list(usb.iterdir()) == []
    db.close()
