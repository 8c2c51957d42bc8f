"""Writing a .pbk backup file: online snapshot + photos + manifest, signed, read back and verified.

A plain backup is a standard zip whose archive comment carries a SHA-256 of the whole file, so any
changed byte anywhere (data, local headers, central directory) is caught, not just CRC-covered data.
An encrypted backup is that same zip inside the container of ``app.backup.crypto``.
The file is written under a ``.part`` name on the target, fsync'd, read back and verified in full,
and only then renamed to its final name: a stick pulled out mid-way never leaves a good-looking file.
The layout lives in ``app.backup.archive``, the checks in ``app.backup.verify`` (both re-exported here).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from app import __version__
from app.backup import crypto
from app.backup.archive import (
    COPY_BLOCK,
    DATABASE,
    FORMAT,
    MAIN_TABLES,
    MANIFEST,
    PHOTOS,
    PREFIX,
    SIGNATURE_LABEL,
    SIGNATURE_LEN,
    SUFFIX,
    TABLE_LABELS,
    BackupResult,
    Progress,
    VerifyReport,
    backup_file_name,
    count_label,
    created_text,
    database_facts,
    describe_counts,
    file_digest_without_signature,
    fsync_dir,
    known_revisions,
    live_facts,
    photo_files,
    safe_name,
)
from app.backup.crypto import CorruptBackupError, corrupt
from app.backup.verify import (
    check_database_file,
    check_entries,
    check_revision_known,
    manifest_in_zip,
    opened_zip,
    read_manifest,
    verify_backup,
)
from app.db.database import sqlite_backup
from app.domain.disk_errors import os_error_words
from app.domain.errors import UserError
from app.domain.sizes import human_size
from app.faults import fault_point
from app.paths import DataDir


class BackupTargetError(UserError):
    """The target folder cannot take the backup (full, removed, read-only)."""


def target_error(exc: OSError, target: Path) -> UserError:
    """A clear Chinese message for what goes wrong with USB sticks."""
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", -1), errno.EFBIG):
        text = f"磁盘已满：{target} 没有足够的空间。请删掉一些文件或换一个U盘后再备份。"
    elif code in (errno.EROFS, errno.EACCES, errno.EPERM):
        text = f"没有写入权限：{target} 不能写入（U盘可能有写保护开关）。请换一个文件夹或U盘。"
    elif code in (errno.EIO, errno.ENOENT, errno.ENODEV, errno.ENXIO, getattr(errno, "ESTALE", -1)):
        text = f"设备已移除或无法读写：{target}。请重新插好U盘后再备份。"
    else:
        text = f"无法写入 {target}：{os_error_words(exc)}。请换一个文件夹或U盘后再试。"
    return BackupTargetError(text + "没有留下不完整的备份文件。")


def _write_member(zf: zipfile.ZipFile, name: str, source: Path, compress: int) -> dict[str, Any]:
    info = zipfile.ZipInfo(name, date_time=dt.datetime.now().timetuple()[:6])
    info.compress_type = compress
    # Level 1 deflates a SQLite file several times faster than the default, for a few % more size.
    info._compresslevel = 1  # type: ignore[attr-defined]  # ZipFile.open ignores ZipFile(compresslevel=)
    info.external_attr = (stat.S_IFREG | 0o644) << 16
    digest = hashlib.sha256()
    size = 0
    with open(source, "rb") as src, zf.open(info, "w", force_zip64=True) as dst:
        while block := src.read(COPY_BLOCK):
            digest.update(block)
            dst.write(block)
            size += len(block)
    return {"sha256": digest.hexdigest(), "size": size}


def _sign_zip(path: Path) -> None:
    """Write the whole-file SHA-256 into the placeholder archive comment."""
    with open(path, "r+b") as fh:
        digest = file_digest_without_signature(fh)
        fh.seek(-64, os.SEEK_END)
        fh.write(digest.hexdigest().encode("ascii"))
        fh.flush()
        os.fsync(fh.fileno())


def build_zip(
    snapshot: Path,
    photos: list[Path],
    manifest: dict[str, Any],
    out: Path,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Write the zip (database, photos, manifest last) and sign it. Returns the completed manifest."""
    total = snapshot.stat().st_size + sum(p.stat().st_size for p in photos)
    done = 0
    files: dict[str, Any] = {}
    with open(out, "wb") as raw:
        with zipfile.ZipFile(raw, "w", allowZip64=True) as zf:
            # The database compresses well; photos are JPEG already, so store them as they are.
            files[DATABASE] = _write_member(zf, DATABASE, snapshot, zipfile.ZIP_DEFLATED)
            done += files[DATABASE]["size"]
            if progress:
                progress(done, total)
            for photo in photos:
                name = PHOTOS + photo.name
                files[name] = _write_member(zf, name, photo, zipfile.ZIP_STORED)
                done += files[name]["size"]
                if progress and len(files) % 50 == 0:
                    progress(done, total)
            manifest = {**manifest, "files": files}
            info = zipfile.ZipInfo(MANIFEST, date_time=dt.datetime.now().timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            zf.writestr(info, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
            zf.comment = SIGNATURE_LABEL + b"0" * 64
        raw.flush()
    _sign_zip(out)
    if progress:
        progress(total, total)
    return manifest


def snapshot_and_manifest(
    engine: Engine, data_dir: DataDir, work: Path, reason: str, progress: Progress | None = None
) -> tuple[Path, list[Path], dict[str, Any]]:
    """A consistent copy of the live database (online backup API) and the manifest without file hashes."""
    snapshot = work / DATABASE
    sqlite_backup(engine, snapshot, progress)
    revision, organization, counts = database_facts(snapshot)
    now = dt.datetime.now().astimezone()
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "program": "先锋榜 Pioneer Board",
        "program_version": __version__,
        "schema_revision": revision,
        "organization": organization,
        "created_at": now.isoformat(timespec="milliseconds"),  # two packages within one second stay ordered
        "reason": reason,
        "counts": counts,
    }
    return snapshot, photo_files(data_dir.photos), manifest


def unique_path(folder: Path, name: str) -> Path:
    path = folder / name
    n = 2
    while path.exists() or path.with_name(path.name + ".part").exists():
        path = folder / f"{name[: -len(SUFFIX)]}-{n}{SUFFIX}"
        n += 1
    return path


@contextmanager
def work_dir(data_dir: DataDir, prefix: str) -> Iterator[Path]:
    """A scratch folder inside the data folder (same disk as the data; removed afterwards)."""
    data_dir.root.mkdir(parents=True, exist_ok=True)
    # A read-only data folder (a stick with the write switch on) can still be backed up: scratch elsewhere.
    scratch = data_dir.root if data_dir.writable() else None
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=scratch))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def owner_only(path: Path) -> None:
    """Readable by the owner only (0600) on Linux/macOS; FAT sticks and Windows ignore it."""
    if os.name != "nt":
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)


def create_backup(
    engine: Engine,
    data_dir: DataDir,
    dest_dir: Path,
    *,
    passphrase: str | None = None,
    reason: str = "manual",
    progress: Progress | None = None,
    kdf_n: int = crypto.DEFAULT_N,
) -> BackupResult:
    """Make a verified backup file in ``dest_dir``. Raises BackupTargetError for a full/removed/locked target."""
    dest_dir = Path(dest_dir)
    if not dest_dir.is_dir():
        raise BackupTargetError(f"找不到文件夹 {dest_dir}（U盘可能已拔出）。请重新选择备份位置。")
    with work_dir(data_dir, ".backup-work-") as work:
        snapshot, photos, manifest = snapshot_and_manifest(engine, data_dir, work, reason)
        manifest["encrypted"] = bool(passphrase)
        final = unique_path(
            dest_dir,
            backup_file_name(manifest["organization"], dt.datetime.fromisoformat(manifest["created_at"])),
        )
        part = final.with_name(final.name + ".part")
        remove_half_files(dest_dir)
        # Photos are stored as they are and a database deflates to a fifth or less (a demo village: 20 %): if even
        # a tenth of it does not fit, say so now rather than after writing most of the file. (A quarter refused
        # backups that fitted: the check is only there to fail early, the write itself says when the disk is full.)
        at_least = sum(p.stat().st_size for p in photos) + snapshot.stat().st_size // 10
        try:
            free = shutil.disk_usage(dest_dir).free
        except OSError as exc:
            raise target_error(exc, dest_dir) from exc
        if free < at_least:
            raise BackupTargetError(
                f"磁盘已满：{dest_dir} 只剩 {human_size(free)}，这个备份至少需要 {human_size(at_least)}。"
                "请删掉一些文件或换一个U盘后再备份。"
            )
        try:
            if passphrase:
                plain = work / "backup.zip"
                manifest = build_zip(snapshot, photos, manifest, plain, progress)
                with open(plain, "rb") as src, open(part, "wb") as dst:
                    crypto.encrypt_stream(src, dst, passphrase, n=kdf_n)
                    dst.flush()
                    os.fsync(dst.fileno())
            else:
                manifest = build_zip(snapshot, photos, manifest, part, progress)
            try:
                report = verify_backup(part, passphrase, scratch=work)
                if report.manifest != manifest:
                    raise corrupt("读回的清单与写入的不同")
            except CorruptBackupError as exc:
                raise BackupTargetError(
                    f"写到 {dest_dir} 的备份读回检查没有通过，U盘可能有坏块或接触不良。"
                    "已删除这个不完整的文件，请换一个U盘再备份。"
                ) from exc
            fault_point("create-before-rename")
            owner_only(part)  # the backup holds every member's ID number
            os.replace(part, final)
            fsync_dir(dest_dir)
        except OSError as exc:
            _remove_quietly(part)
            raise target_error(exc, dest_dir) from exc
        except BaseException:
            _remove_quietly(part)
            raise
    return BackupResult(final, manifest)


HALF_FILE_AGE = 600  # seconds: a backup being written (or read back) touches its .part far more often


def remove_half_files(folder: Path) -> None:
    """What a backup cut short here (kill -9, power cut, stick pulled out) left: our own ``….pbk.part`` files, which
    no restore offers but which fill a small stick. Only those untouched for ten minutes: one being written or read
    back by another backup (this program's automatic one, another copy of the program) is left alone."""
    import time

    try:
        halves = list(folder.glob(f"{PREFIX}-*{SUFFIX}.part"))
    except OSError:
        return
    for half in halves:
        with contextlib.suppress(OSError):
            if time.time() - half.stat().st_mtime > HALF_FILE_AGE:
                _remove_quietly(half)


def _remove_quietly(path: Path) -> None:
    # If the stick is gone nothing more can be done about the half file.
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


__all__ = [
    "COPY_BLOCK",
    "DATABASE",
    "FORMAT",
    "MAIN_TABLES",
    "MANIFEST",
    "PHOTOS",
    "PREFIX",
    "SIGNATURE_LABEL",
    "SIGNATURE_LEN",
    "SUFFIX",
    "TABLE_LABELS",
    "BackupResult",
    "BackupTargetError",
    "CorruptBackupError",
    "Progress",
    "VerifyReport",
    "check_entries",
    "database_facts",
    "fsync_dir",
    "manifest_in_zip",
    "backup_file_name",
    "build_zip",
    "check_database_file",
    "check_revision_known",
    "count_label",
    "create_backup",
    "created_text",
    "describe_counts",
    "known_revisions",
    "live_facts",
    "opened_zip",
    "photo_files",
    "read_manifest",
    "safe_name",
    "snapshot_and_manifest",
    "verify_backup",
    "work_dir",
]
