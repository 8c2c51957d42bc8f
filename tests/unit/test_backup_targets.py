"""Targets that fail a backup: a stick that fills up (a real small filesystem where this user may mount one), a
read-only stick, the folder removed between choosing it and writing — a clear message, no file, data untouched."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import demo
from app.backup import package
from app.db.database import Database

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def village(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("targets") / "data"
    db = Database.open(data)
    demo.make_demo(db, members=40, seed=8)
    db.close()
    return data


@pytest.fixture
def live(village: Path, tmp_path: Path) -> Iterator[Database]:
    shutil.copytree(village, tmp_path / "data")
    db = Database.open(tmp_path / "data")
    yield db
    db.close()


def _size_of_a_backup(db: Database, tmp_path: Path) -> int:
    probe = tmp_path / "probe"
    probe.mkdir()
    size = package.create_backup(db.engine, db.data_dir, probe).path.stat().st_size
    shutil.rmtree(probe)
    return size


def test_the_early_space_check_does_not_refuse_a_backup_that_fits(
    live: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = _size_of_a_backup(live, tmp_path)
    usb = tmp_path / "usb"
    usb.mkdir()
    real = shutil.disk_usage
    monkeypatch.setattr(
        shutil, "disk_usage", lambda p: real(p)._replace(free=size + 64 * 1024) if Path(p) == usb else real(p)
    )
    # A quarter of the database plus the photos was more than this whole (well-compressed) backup.
    made = package.create_backup(live.engine, live.data_dir, usb).path
    # Made, and the same backup give or take its manifest's time stamp (which compresses by a byte or so differently).
    assert made.exists() and abs(made.stat().st_size - size) < 4096


def test_a_stick_too_small_says_how_much_in_words_a_clerk_reads(
    live: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    real = shutil.disk_usage
    monkeypatch.setattr(
        shutil, "disk_usage", lambda p: real(p)._replace(free=300 * 1024) if Path(p) == usb else real(p)
    )
    with pytest.raises(package.BackupTargetError) as refused:
        package.create_backup(live.engine, live.data_dir, usb)
    assert "只剩 300 KB" in str(refused.value) and "0 MB" not in str(refused.value)
    assert list(usb.iterdir()) == []


def test_the_folder_removed_while_the_backup_is_written(live: Database, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()

    def pull_the_stick(done: int, total: int) -> None:
        shutil.rmtree(usb, ignore_errors=True)  # real unlink + rmdir under the open .part file

    with pytest.raises(package.BackupTargetError, match="设备已移除|找不到|U盘"):
        package.create_backup(live.engine, live.data_dir, usb, progress=pull_the_stick)
    assert not usb.exists()
    assert not [p for p in live.data_dir.root.iterdir() if p.name.startswith(".backup-work-")]


@contextlib.contextmanager
def _small_filesystem(where: Path, size_kib: int, *options: str) -> Iterator[Path]:
    """A real tmpfs of ``size_kib`` (Linux, a user allowed to mount); skips the test otherwise."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip(
            "mounting a small filesystem needs Linux and root (CI: the disk-full tests above stand in)"
        )
    where.mkdir()
    opts = ",".join([f"size={size_kib}k", *options])
    if subprocess.run(
        ["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)], capture_output=True
    ).returncode:
        pytest.skip("this container does not allow mounting a tmpfs")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], capture_output=True)


def test_a_real_stick_that_fills_up_mid_write(live: Database, tmp_path: Path) -> None:
    size = _size_of_a_backup(live, tmp_path)
    with _small_filesystem(
        tmp_path / "stick", size // 1024 - 8
    ) as stick:  # passes the early check, then ENOSPC
        (stick / "学习资料.docx").write_bytes(b"x" * 1000)
        with pytest.raises(package.BackupTargetError, match="磁盘已满"):
            package.create_backup(live.engine, live.data_dir, stick)
        assert [p.name for p in stick.iterdir()] == ["学习资料.docx"]


def test_a_real_read_only_stick(live: Database, tmp_path: Path) -> None:
    with (
        _small_filesystem(tmp_path / "stick", 4096, "ro") as stick,
        pytest.raises(package.BackupTargetError, match="没有写入权限"),
    ):
        package.create_backup(live.engine, live.data_dir, stick)


def test_a_backup_leaves_another_backups_fresh_half_file_alone(live: Database, tmp_path: Path) -> None:
    import time

    usb = tmp_path / "usb"
    usb.mkdir()
    writing = usb / "先锋榜备份-丁新村党总支-20260101-080000.pbk.part"  # the automatic backup, being written
    writing.write_bytes(b"PK")
    stale = usb / "先锋榜备份-丁新村党总支-20251231-080000.pbk.part"  # yesterday's, killed
    stale.write_bytes(b"PK")
    yesterday = time.time() - 86400
    os.utime(stale, (yesterday, yesterday))
    other = usb / "别人的文件.part"
    other.write_bytes(b"x")
    made = package.create_backup(live.engine, live.data_dir, usb).path
    assert sorted(p.name for p in usb.iterdir()) == sorted([writing.name, other.name, made.name])
