"""The .pbk backup file: create (online snapshot + photos + manifest), verify, and extract safely.

A plain backup is a standard zip whose archive comment carries a SHA-256 of the whole file, so any
changed byte anywhere (data, local headers, central directory) is caught, not just CRC-covered data.
An encrypted backup is that same zip inside the container of ``app.backup.crypto``.
The file is written under a ``.part`` name on the target, fsync'd, read back and verified in full,
and only then renamed to its final name: a stick pulled out mid-way never leaves a good-looking file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Engine

from app import __version__
from app.backup import crypto
from app.backup.crypto import CorruptBackupError, corrupt
from app.db.database import alembic_config, sqlite_backup
from app.domain.errors import UserError
from app.faults import fault_point
from app.paths import DataDir

Progress = Callable[[int, int], None]

SUFFIX = ".pbk"
PREFIX = "先锋榜备份"
MANIFEST = "manifest.json"
DATABASE = "database.sqlite3"
PHOTOS = "photos/"
FORMAT = 1
SIGNATURE_LABEL = b"PBK-SHA256:"
SIGNATURE_LEN = len(SIGNATURE_LABEL) + 64
COPY_BLOCK = 1 << 20
# Zip-bomb limits: far above any real village or township, far below filling a disk.
MAX_TOTAL_SIZE = 16 << 30
MAX_ENTRIES = 200_000
MAX_RATIO = 250
MAX_MANIFEST_SIZE = 64 << 20
PHOTO_NAME = re.compile(r"^photos/[^/\\:*?\"<>|\x00-\x1f]{1,200}$")
# Tables counted under these names in messages; any other table is counted under its own name.
TABLE_LABELS = {
    "members": "党员",
    "organizations": "组织",
    "grids": "网格",
    "member_status_changes": "党籍变动",
    "teams": "服务队",
    "team_members": "服务队成员",
    "commitments": "承诺",
    "commitment_events": "承诺进展",
    "wuliang_profiles": "五亮信息",
    "evaluation_periods": "评定季度",
    "deeds": "闪光言行",
    "star_ratings": "星级评定",
    "point_entries": "积分记录",
    "audit_log": "修改记录",
    "settings": "设置",
}
MAIN_TABLES = ("members", "organizations", "commitments", "deeds", "star_ratings", "point_entries")


class BackupTargetError(UserError):
    """The target folder cannot take the backup (full, removed, read-only)."""


@dataclass
class BackupResult:
    path: Path
    manifest: dict[str, Any]


@dataclass
class VerifyReport:
    path: Path
    manifest: dict[str, Any]
    encrypted: bool
    problems: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.manifest.get("counts", {}))


def count_label(table: str) -> str:
    return TABLE_LABELS.get(table, table)


def describe_counts(counts: dict[str, int], *, all_tables: bool = False) -> str:
    keys = [t for t in MAIN_TABLES if t in counts] if not all_tables else sorted(counts)
    return "，".join(f"{count_label(t)} {counts[t]}" for t in keys)


def created_text(manifest: dict[str, Any]) -> str:
    """The backup's time for people: 2026-11-22 09:30."""
    try:
        return dt.datetime.fromisoformat(str(manifest.get("created_at"))).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return "时间不明"


def safe_name(text: str, limit: int = 40) -> str:
    """A file-name part that FAT32/exFAT/NTFS accept: no reserved characters, no trailing dot or space."""
    cleaned = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "", text).strip().strip(".").strip()
    cleaned = re.sub(r"\s+", " ", cleaned)[:limit].strip().strip(".")
    return cleaned or "未命名"


def backup_file_name(organization: str, when: dt.datetime) -> str:
    return f"{PREFIX}-{safe_name(organization)}-{when.strftime('%Y%m%d-%H%M%S')}{SUFFIX}"


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


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
        text = f"无法写入 {target}：{exc.strerror or exc}。请换一个文件夹或U盘后再试。"
    return BackupTargetError(text + "没有留下不完整的备份文件。")


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _database_facts(db_file: Path) -> tuple[str | None, str, dict[str, int]]:
    """Schema revision, organisation name and row counts of every table, read from a DB file."""
    conn = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    try:
        return _facts(conn)
    finally:
        conn.close()


def live_facts(engine: Engine) -> tuple[str | None, str, dict[str, int]]:
    """The same facts for the open database (to show next to a backup before restoring)."""
    raw = engine.raw_connection()
    try:
        conn = raw.driver_connection
        assert isinstance(conn, sqlite3.Connection)
        return _facts(conn)
    finally:
        raw.close()


def _facts(conn: sqlite3.Connection) -> tuple[str | None, str, dict[str, int]]:
    tables = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    revision = None
    if "alembic_version" in tables:
        heads = sorted(r[0] for r in conn.execute("SELECT version_num FROM alembic_version"))
        revision = "+".join(heads) or None
    counts = {
        t: int(conn.execute(f'SELECT count(*) FROM "{t.replace(chr(34), chr(34) * 2)}"').fetchone()[0])
        for t in tables
        if t != "alembic_version"
    }
    organization = ""
    if "settings" in tables:
        row = conn.execute("SELECT value FROM settings WHERE key='organization_name'").fetchone()
        if row:
            try:
                organization = str(json.loads(row[0]) or "")
            except ValueError:
                organization = ""
    if not organization and "organizations" in tables:
        row = conn.execute(
            "SELECT name FROM organizations WHERE parent_id IS NULL ORDER BY sort_order LIMIT 1"
        ).fetchone()
        organization = row[0] if row else ""
    return revision, organization, counts


def photo_files(photos_dir: Path) -> list[Path]:
    """The photos folder's files (half-written ``.part`` files are not photos yet)."""
    if not photos_dir.is_dir():
        return []
    return sorted(
        p for p in photos_dir.iterdir() if p.is_file() and not p.is_symlink() and not p.name.endswith(".part")
    )


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
        digest = _file_digest_without_signature(fh)
        fh.seek(-64, os.SEEK_END)
        fh.write(digest.hexdigest().encode("ascii"))
        fh.flush()
        os.fsync(fh.fileno())


def _file_digest_without_signature(fh: BinaryIO) -> Any:
    fh.seek(0, os.SEEK_END)
    end = fh.tell()
    if end < SIGNATURE_LEN + 22:
        raise corrupt("文件太短")
    fh.seek(0)
    digest = hashlib.sha256()
    remaining = end - 64
    while remaining > 0:
        block = fh.read(min(COPY_BLOCK, remaining))
        if not block:
            raise corrupt("文件被截断")
        digest.update(block)
        remaining -= len(block)
    digest.update(b"0" * 64)
    return digest


def _check_signature(path: Path) -> None:
    with open(path, "rb") as fh:
        if fh.read(4) != b"PK\x03\x04":
            raise CorruptBackupError("这不是先锋榜的备份文件（或文件开头已损坏）。请选择 .pbk 备份文件。")
        fh.seek(0, os.SEEK_END)
        if fh.tell() < SIGNATURE_LEN + 22:
            raise corrupt("文件太短")
        fh.seek(-SIGNATURE_LEN, os.SEEK_END)
        tail = fh.read(SIGNATURE_LEN)
        if not tail.startswith(SIGNATURE_LABEL):
            raise corrupt("缺少校验码，文件可能被截断")
        if _file_digest_without_signature(fh).hexdigest().encode("ascii") != tail[len(SIGNATURE_LABEL) :]:
            raise corrupt("整体校验码不符")


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
    revision, organization, counts = _database_facts(snapshot)
    now = dt.datetime.now().astimezone()
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "program": "先锋榜 Pioneer Board",
        "program_version": __version__,
        "schema_revision": revision,
        "organization": organization,
        "created_at": now.isoformat(timespec="seconds"),
        "reason": reason,
        "counts": counts,
    }
    return snapshot, photo_files(data_dir.photos), manifest


def _unique_path(folder: Path, name: str) -> Path:
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
    work = Path(tempfile.mkdtemp(prefix=prefix, dir=data_dir.root))
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
        final = _unique_path(
            dest_dir,
            backup_file_name(manifest["organization"], dt.datetime.fromisoformat(manifest["created_at"])),
        )
        part = final.with_name(final.name + ".part")
        # Photos are stored as they are and a database deflates to well under half: if even this
        # lower bound does not fit, say so now rather than after writing most of the file.
        at_least = sum(p.stat().st_size for p in photos) + snapshot.stat().st_size // 4
        try:
            free = shutil.disk_usage(dest_dir).free
        except OSError as exc:
            raise target_error(exc, dest_dir) from exc
        if free < at_least:
            raise BackupTargetError(
                f"磁盘已满：{dest_dir} 只剩 {free // (1 << 20)} MB，这个备份至少需要 {at_least // (1 << 20) + 1} MB。"
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
            os.replace(part, final)
            _fsync_dir(dest_dir)
        except OSError as exc:
            _remove_quietly(part)
            raise target_error(exc, dest_dir) from exc
        except BaseException:
            _remove_quietly(part)
            raise
    return BackupResult(final, manifest)


def _remove_quietly(path: Path) -> None:
    # If the stick is gone nothing more can be done about the half file.
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def _check_entries(zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Refuse zip slip, links, duplicates and absurd sizes before reading any data."""
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise UserError(f"备份文件里的文件数量不合理（{len(infos)} 个），已拒绝。")
    entries: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if name in entries:
            raise corrupt(f"重复的文件 {name}")
        if name not in (MANIFEST, DATABASE) and not PHOTO_NAME.match(name):
            raise UserError(f"备份文件里有不安全的路径“{name}”，已拒绝。")
        if name.startswith(PHOTOS) and name[len(PHOTOS) :] in (".", ".."):
            raise UserError(f"备份文件里有不安全的路径“{name}”，已拒绝。")
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)  # 0 when the zip was made without Unix modes (Windows tools)
        if (kind and kind != stat.S_IFREG) or info.is_dir():
            raise UserError(f"备份文件里有链接或特殊文件“{name}”，已拒绝。")
        total += info.file_size
        if info.file_size > (1 << 20) and info.file_size > info.compress_size * MAX_RATIO:
            raise UserError(f"备份文件里的“{name}”大小不合理（可能是恶意文件），已拒绝。")
        entries[name] = info
    if total > MAX_TOTAL_SIZE:
        raise UserError("备份文件解开后大得不合理（可能是恶意文件），已拒绝。")
    return entries


def _read_manifest(zf: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> dict[str, Any]:
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
        raise UserError(f"读不了备份文件 {path}：{exc.strerror or exc}") from exc
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
        finally:
            conn.close()
        if rows != ["ok"]:
            raise corrupt("数据库完整性检查未通过：" + "；".join(rows[:3]))
        revision, _org, counts = _database_facts(db_file)
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
) -> VerifyReport:
    """Check everything; with ``extract_to`` also leave ``database.sqlite3`` and ``photos/`` there.

    Raises UserError (CorruptBackupError, WrongPassphraseError…) with the reason in Chinese.
    """
    path = Path(path)
    with tempfile.TemporaryDirectory(prefix="pbk-verify-", dir=scratch) as tmp:
        work = Path(tmp)
        with opened_zip(path, passphrase, work) as (zf, encrypted):
            entries = _check_entries(zf)
            manifest = _read_manifest(zf, entries)
            files: dict[str, Any] = manifest["files"]
            if set(entries) != set(files) | {MANIFEST} or DATABASE not in files:
                raise corrupt("文件清单与内容不符")
            out_root = extract_to if extract_to is not None else work
            needed = sum(i.file_size for i in entries.values())
            try:
                out_root.mkdir(parents=True, exist_ok=True)
                free = shutil.disk_usage(out_root).free
            except OSError as exc:
                raise UserError(f"临时文件夹无法使用：{exc.strerror or exc}") from exc
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
                elif extract_to is not None:
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
                        if extract_to is not None and (name == DATABASE or not hasattr(os, "sync")):
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
            if extract_to is not None and hasattr(os, "sync"):
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
                return _read_manifest(zf, _check_entries(zf))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise corrupt("不是完整的备份文件") from exc
    with (
        tempfile.TemporaryDirectory(prefix="pbk-read-") as tmp,
        opened_zip(Path(path), passphrase, Path(tmp)) as (zf, _enc),
    ):
        return _read_manifest(zf, _check_entries(zf))


__all__ = [
    "BackupResult",
    "BackupTargetError",
    "CorruptBackupError",
    "VerifyReport",
    "create_backup",
    "read_manifest",
    "verify_backup",
]
