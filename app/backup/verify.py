"""Checking a .pbk file before trusting it: signature, the archive guard (zip slip, links, bombs), every hash,
the database's integrity; optionally extracting it for a restore.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from app.backup import crypto
from app.backup.archive import (
    COPY_BLOCK,
    DATABASE,
    FORMAT,
    MANIFEST,
    MAX_MANIFEST_SIZE,
    PHOTO_NAME,
    PHOTOS,
    SIGNATURE_LABEL,
    SIGNATURE_LEN,
    Progress,
    VerifyReport,
    database_facts,
    file_digest_without_signature,
    known_revisions,
)
from app.backup.crypto import CorruptBackupError, corrupt
from app.db.schema_check import schema_problems
from app.domain.archive_guard import BACKUP_LIMITS, check_archive
from app.domain.disk_errors import os_error_words
from app.domain.errors import UserError
from app.domain.file_names import is_windows_device_name


def _check_signature(path: Path) -> None:
    with open(path, "rb") as fh:
        head = fh.read(4)
        if not head.strip(b"\0"):
            raise CorruptBackupError(
                "这个备份文件是空的（里面全是零或没有内容）：复制到U盘时没有写完，或U盘被提前拔出。请换一个备份文件。"
            )
        if head != b"PK\x03\x04":
            raise CorruptBackupError("这不是先锋榜的备份文件（或文件开头已损坏）。请选择 .pbk 备份文件。")
        fh.seek(0, os.SEEK_END)
        if fh.tell() < SIGNATURE_LEN + 22:
            raise corrupt("文件太短")
        fh.seek(-SIGNATURE_LEN, os.SEEK_END)
        tail = fh.read(SIGNATURE_LEN)
        if not tail.startswith(SIGNATURE_LABEL):
            raise corrupt("缺少校验码，文件可能被截断")
        if file_digest_without_signature(fh).hexdigest().encode("ascii") != tail[len(SIGNATURE_LABEL) :]:
            raise corrupt("整体校验码不符")


def check_entries(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Refuse zip slip, links, duplicates and absurd sizes before reading any data."""
    infos = zf.infolist()
    check_archive(infos, BACKUP_LIMITS, "备份文件")
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        if name in entries:
            raise corrupt(f"重复的文件 {name}")
        if name not in (MANIFEST, DATABASE) and not PHOTO_NAME.match(name):
            raise UserError(f"备份文件里有不安全的路径“{name}”，已拒绝。")
        if name.startswith(PHOTOS) and name[len(PHOTOS) :] in (".", ".."):
            raise UserError(f"备份文件里有不安全的路径“{name}”，已拒绝。")
        if name.startswith(PHOTOS) and is_windows_device_name(name[len(PHOTOS) :]):
            # CON, NUL, COM1…: on Windows, writing "photos/CON.jpg" writes to a device, not a file.
            raise UserError(f"备份文件里有 Windows 设备名“{name}”，已拒绝。")
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)  # 0 when the zip was made without Unix modes (Windows tools)
        if (kind and kind != stat.S_IFREG) or info.is_dir():
            raise UserError(f"备份文件里有链接或特殊文件“{name}”，已拒绝。")
        entries[name] = info
    return entries


def manifest_in_zip(zf: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> dict[str, Any]:
    info = entries.get(MANIFEST)
    if info is None or info.file_size > MAX_MANIFEST_SIZE:
        raise corrupt("缺少清单")
    try:
        manifest = json.loads(zf.read(info).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise corrupt("清单无法读取") from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        raise corrupt("清单格式不对")
    if manifest.get("format") != FORMAT:
        raise UserError("这个备份由更新版本的先锋榜写入，本程序无法读取。请安装最新版本后再恢复。")
    return manifest


def check_revision_known(manifest: dict[str, Any]) -> None:
    revision = manifest.get("schema_revision") or ""
    unknown = [r for r in str(revision).split("+") if r and r not in known_revisions()]
    if unknown:
        raise UserError(
            f"这个备份由更新版本的先锋榜（{manifest.get('program_version', '?')}）写入，"
            "本程序无法恢复它。请先安装最新版本的先锋榜。"
        )


@contextmanager
def opened_zip(path: Path, passphrase: str | None, scratch: Path) -> Iterator[tuple[zipfile.ZipFile, bool]]:
    """The backup's zip, decrypted into ``scratch`` first if the file is encrypted; signature checked."""
    path = Path(path)
    try:
        encrypted = crypto.is_encrypted(path)
    except OSError as exc:
        raise UserError(f"读不了备份文件 {path}：{os_error_words(exc)}") from exc
    plain = path
    if encrypted:
        if not passphrase:
            raise crypto.WrongPassphraseError(
                "这个备份已加密，请输入密码后再试（命令行：用 --passphrase-file 给出密码文件）。"
            )
        plain = scratch / "decrypted.zip"
        try:
            with open(path, "rb") as src, open(plain, "wb") as dst:
                crypto.decrypt_stream(src, dst, passphrase)
        except BaseException:
            plain.unlink(missing_ok=True)
            raise
    try:
        _check_signature(plain)
        try:
            zf = zipfile.ZipFile(plain)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise corrupt("不是完整的备份文件") from exc
        with zf:
            yield zf, encrypted
    finally:
        if encrypted:
            plain.unlink(missing_ok=True)


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: BinaryIO | None) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    try:
        with zf.open(info) as src:
            while block := src.read(COPY_BLOCK):
                size += len(block)
                if size > info.file_size:
                    raise corrupt(f"“{info.filename}”比记录的大")
                digest.update(block)
                if target is not None:
                    target.write(block)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise corrupt(f"“{info.filename}”读取失败") from exc
    except zlib.error as exc:
        raise corrupt(f"“{info.filename}”解压失败") from exc
    return digest.hexdigest(), size


def check_database_file(db_file: Path, manifest: dict[str, Any]) -> None:
    """Open read-only, run PRAGMA integrity_check, compare revision and counts with the manifest."""
    try:
        conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if rows != ["ok"]:
                raise corrupt("数据库完整性检查未通过：" + "；".join(rows[:3]))
            # Tables dropped, a trigger added: not what the recorded revision makes, so not ours to restore.
            shape = schema_problems(conn, manifest.get("schema_revision"))
        finally:
            conn.close()
        if shape:
            raise corrupt("数据库结构与它的版本不符：" + "；".join(shape[:3]))
        revision, _org, counts = database_facts(db_file)
    except sqlite3.DatabaseError as exc:
        raise corrupt(f"数据库无法打开（{exc}）") from exc
    if revision != manifest.get("schema_revision"):
        raise corrupt("数据库版本与清单不符")
    if counts != manifest.get("counts"):
        raise corrupt("数据条数与清单不符")


def _link_if_same(existing: Path, target: Path, expected: Any, digest: str) -> bool:
    """Restoring over the same village: an identical photo already on disk is hard-linked, not rewritten.

    Creating thousands of files is the slow part of a restore; a link is ~30x cheaper. Photos are never
    changed in place, so sharing the file with the old (soon discarded) folder is safe.
    """
    if not isinstance(expected, dict) or digest != expected.get("sha256"):
        return False
    try:
        if existing.is_symlink() or not existing.is_file() or existing.stat().st_size != expected.get("size"):
            return False
        if hashlib.sha256(existing.read_bytes()).hexdigest() != digest:
            return False
        os.link(existing, target)
        return True
    except OSError:  # no hard links on this file system (FAT32 stick as data folder): write a copy
        return False


def verify_backup(
    path: Path,
    passphrase: str | None = None,
    *,
    scratch: Path | None = None,
    extract_to: Path | None = None,
    reuse_photos: Path | None = None,
    progress: Progress | None = None,
    scratch_copy: bool = False,
    scratch_photos: bool = False,
) -> VerifyReport:
    """Check everything; with ``extract_to`` also leave ``database.sqlite3`` and ``photos/`` there.

    ``scratch_copy``: the extracted copy is only read and thrown away (a township merging the package): only the
    database is written, with no fsync; every photo is still checked against its hash (and with
    ``scratch_photos`` written beside it, also without fsync, for the township to copy the ones it lacks).

    Raises UserError (CorruptBackupError, WrongPassphraseError…) with the reason in Chinese.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="pbk-verify-", dir=scratch) as tmp:
        work = Path(tmp)
        with opened_zip(path, passphrase, work) as (zf, encrypted):
            entries = check_entries(zf)
            manifest = manifest_in_zip(zf, entries)
            # The same verdict as restore: a backup this program cannot restore is not reported as sound.
            check_revision_known(manifest)
            files: dict[str, Any] = manifest["files"]
            if set(entries) != set(files) | {MANIFEST} or DATABASE not in files:
                raise corrupt("文件清单与内容不符")
            out_root = extract_to if extract_to is not None else work
            needed = sum(i.file_size for i in entries.values())
            try:
                out_root.mkdir(parents=True, exist_ok=True)
                free = shutil.disk_usage(out_root).free
            except OSError as exc:
                raise UserError(f"临时文件夹无法使用：{os_error_words(exc)}") from exc
            if free < needed + (16 << 20):
                raise UserError(
                    f"磁盘空间不足：检查这个备份需要约 {needed // (1 << 20) + 16} MB 空闲空间。请先清理磁盘。"
                )
            if extract_to is not None:
                (out_root / "photos").mkdir(exist_ok=True)
            done = 0
            for name in sorted(files, key=lambda n: (n != DATABASE, n)):
                info = entries[name]
                expected = files[name]
                write_to: Path | None = None
                if name == DATABASE:
                    write_to = out_root / DATABASE
                elif extract_to is not None and (scratch_photos or not scratch_copy):
                    write_to = out_root / "photos" / name[len(PHOTOS) :]
                reused = False
                if write_to is not None and reuse_photos is not None and name != DATABASE:
                    digest, size = _copy_member(zf, info, None)
                    reused = _link_if_same(reuse_photos / name[len(PHOTOS) :], write_to, expected, digest)
                if reused:
                    pass
                elif write_to is not None:
                    with open(write_to, "wb") as out:
                        digest, size = _copy_member(zf, info, out)
                        if (
                            extract_to is not None
                            and not scratch_copy
                            and (name == DATABASE or not hasattr(os, "sync"))
                        ):
                            out.flush()
                            os.fsync(out.fileno())
                else:
                    digest, size = _copy_member(zf, info, None)
                if (
                    not isinstance(expected, dict)
                    or digest != expected.get("sha256")
                    or size != expected.get("size")
                ):
                    raise corrupt(f"“{name}”的校验码不符")
                done += size
                if progress:
                    progress(done, needed)
            check_database_file(out_root / DATABASE, manifest)
            if extract_to is not None and not scratch_copy and hasattr(os, "sync"):
                # One flush for thousands of photos instead of one fsync each (minutes on a busy disk);
                # the swap must not start before the new files are on the disk.
                os.sync()
    return VerifyReport(path, manifest, encrypted)


def read_manifest(path: Path, passphrase: str | None = None) -> dict[str, Any]:
    """Only the manifest (quick, for lists and the restore question: the full check comes later).

    Encrypted files need the passphrase and are decrypted in full.
    """
    path = Path(path)
    try:
        if not crypto.is_encrypted(path):
            with zipfile.ZipFile(path) as zf:
                return manifest_in_zip(zf, check_entries(zf))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise corrupt("不是完整的备份文件") from exc
    with (
        tempfile.TemporaryDirectory(prefix="pbk-read-") as tmp,
        opened_zip(Path(path), passphrase, Path(tmp)) as (zf, _enc),
    ):
        return manifest_in_zip(zf, check_entries(zf))
