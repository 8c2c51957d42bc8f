"""Automatic backups in the data folder's backups/: only when something changed, thinned like Anki's.

Kept: every backup of the last 2 days, then the newest of each day for 2 weeks, of each week for
3 months, of each month for 2 years; nothing older — except that the newest backup is always kept.
Also used for the safety backups before a migration, a restore and an Excel import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from app.backup.package import (
    SUFFIX,
    build_zip,
    read_manifest,
    snapshot_and_manifest,
    work_dir,
)
from app.domain.errors import UserError
from app.paths import DataDir

if TYPE_CHECKING:
    from app.db.database import Database

log = logging.getLogger(__name__)

STAMP = re.compile(r"-(\d{8}-\d{6})(?:-\d+)?\.pbk$")
REASONS = {
    "manual": "手动备份",
    "close": "关闭时自动备份",
    "daily": "每日自动备份",
    "auto": "自动备份",
    "before-restore": "恢复前的安全备份",
    "before-import": "导入前的安全备份",
    "before-migration": "升级前的安全备份",
}


@dataclass
class BackupEntry:
    path: Path
    created: dt.datetime
    size: int
    manifest: dict[str, Any] = field(default_factory=dict)
    problem: str = ""

    @property
    def reason(self) -> str:
        return REASONS.get(str(self.manifest.get("reason", "")), str(self.manifest.get("reason", "")))


def stamp_of(path: Path) -> dt.datetime | None:
    match = STAMP.search(path.name)
    if not match:
        return None
    try:
        return dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
    except ValueError:
        return None


def order_key(path: Path) -> tuple[dt.datetime, int]:
    """Oldest first; two backups in the same second are told apart by their "-2" suffix."""
    match = STAMP.search(path.name)
    counter = re.search(r"-(\d+)\.pbk$", path.name[match.start() + 16 :] if match else "")
    return stamp_of(path) or dt.datetime.min, int(counter.group(1)) if counter else 1


def keep_set(stamps: Iterable[dt.datetime], now: dt.datetime) -> set[dt.datetime]:
    """Which backups thinning keeps (pure: same input, same answer)."""
    ordered = sorted(set(stamps), reverse=True)
    kept: set[dt.datetime] = set()
    seen_buckets: set[tuple[object, ...]] = set()
    for when in ordered:  # newest first, so each bucket keeps its newest backup
        age = now - when
        bucket: tuple[object, ...] | None
        if age <= dt.timedelta(days=2):
            bucket = ("all", when)
        elif age <= dt.timedelta(days=14):
            bucket = ("day", when.date())
        elif age <= dt.timedelta(days=91):
            year, week, _ = when.isocalendar()
            bucket = ("week", year, week)
        elif age <= dt.timedelta(days=730):
            bucket = ("month", when.year, when.month)
        else:
            bucket = None
        if bucket is not None and bucket not in seen_buckets:
            seen_buckets.add(bucket)
            kept.add(when)
    if ordered:
        kept.add(ordered[0])
    return kept


def backup_files(data_dir: DataDir) -> list[Path]:
    folder = data_dir.backups
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob("*" + SUFFIX) if stamp_of(p) is not None), key=lambda p: p.name)


def prune(data_dir: DataDir, now: dt.datetime | None = None) -> list[Path]:
    """Delete the automatic backups thinning does not keep. Returns the deleted files."""
    now = now or dt.datetime.now()
    files = backup_files(data_dir)
    by_stamp: dict[dt.datetime, list[Path]] = {}
    for path in files:
        stamp = stamp_of(path)
        assert stamp is not None
        by_stamp.setdefault(stamp, []).append(path)
    kept = keep_set(by_stamp, now)
    deleted = []
    for stamp, paths in by_stamp.items():
        if stamp in kept:
            continue
        for path in paths:
            try:
                path.unlink()
                deleted.append(path)
            except OSError as exc:
                log.warning("could not delete old backup %s: %s", path, exc)
    return deleted


def list_backups(data_dir: DataDir) -> list[BackupEntry]:
    """Automatic backups, newest first, with their manifests (unreadable ones say why)."""
    entries = []
    for path in backup_files(data_dir):
        stamp = stamp_of(path)
        assert stamp is not None
        try:
            size = path.stat().st_size
        except OSError:
            continue
        entry = BackupEntry(path, stamp, size)
        try:
            entry.manifest = read_manifest(path)
        except UserError as exc:
            entry.problem = str(exc)
        entries.append(entry)
    entries.sort(key=lambda e: order_key(e.path), reverse=True)
    return entries


def _fingerprint(snapshot: Path, photos: list[Path]) -> str:
    """What the data is: the snapshot's bytes and the photo files' names and sizes.

    Photos never change in place (a new photo gets a new name), so name and size are enough.
    """
    digest = hashlib.sha256()
    with open(snapshot, "rb") as fh:
        while block := fh.read(1 << 20):
            digest.update(block)
    for photo in photos:
        digest.update(f"\0{photo.name}\0{photo.stat().st_size}".encode())
    return digest.hexdigest()


def _latest_fingerprint(data_dir: DataDir) -> str | None:
    for path in sorted(backup_files(data_dir), key=order_key, reverse=True):
        try:
            return str(read_manifest(path).get("fingerprint") or "") or None
        except UserError:
            continue
    return None


def latest_backup(data_dir: DataDir) -> Path | None:
    files = backup_files(data_dir)
    return max(files, key=order_key) if files else None


def auto_backup_engine(engine: Engine, data_dir: DataDir, reason: str, *, force: bool = False) -> Path | None:
    """A backup into backups/ if the data changed since the last one (or ``force``); then thinning.

    Returns the new file, or None when nothing changed or there is no data yet.
    """
    from app.backup.package import backup_file_name, unique_path

    data_dir.backups.mkdir(parents=True, exist_ok=True)
    with work_dir(data_dir, ".backup-work-") as work:
        snapshot, photos, manifest = snapshot_and_manifest(engine, data_dir, work, reason)
        if not any(manifest["counts"].get(t) for t in ("organizations", "members")) and not photos:
            return None  # an empty new data folder: nothing worth keeping
        fingerprint = _fingerprint(snapshot, photos)
        if not force and fingerprint == _latest_fingerprint(data_dir):
            return None
        manifest["fingerprint"] = fingerprint
        manifest["encrypted"] = False
        created = dt.datetime.fromisoformat(manifest["created_at"])
        final = unique_path(data_dir.backups, backup_file_name(manifest["organization"], created))
        part = final.with_name(final.name + ".part")
        try:
            build_zip(snapshot, photos, manifest, part)
            part.replace(final)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
    prune(data_dir)
    log.info("automatic backup (%s): %s", reason, final)
    return final


def auto_backup(db: Database, reason: str, *, force: bool = False) -> Path | None:
    """Entry point for other areas (e.g. the Excel import calls ``auto_backup(db, "before-import")``)."""
    return auto_backup_engine(db.engine, db.data_dir, reason, force=force)


__all__ = ["auto_backup", "auto_backup_engine", "keep_set", "list_backups", "prune"]
