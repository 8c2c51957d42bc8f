"""Backups for the GUI and the CLI alike: create, verify, list and restore backup files, the drives a backup
can go to, and the automatic-backup policies (on close, once a day, before risky operations).

The mechanics (file format, verification, encryption, the journalled swap) live in ``app.backup``; nothing
outside the services reaches them. Results are the plain dataclasses re-exported below.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import string
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session

from app.backup import auto, crypto, package, restore as restore_mechanics
from app.backup.archive import MAIN_TABLES, count_label, created_text, describe_counts
from app.backup.auto import BackupEntry
from app.backup.crypto import CorruptBackupError, WrongPassphraseError
from app.backup.package import BackupResult, BackupTargetError, VerifyReport
from app.backup.restore import RestoreOutcome
from app.db.database import default_actor
from app.domain.disk_errors import os_error_words
from app.domain.errors import UserError
from app.domain.sizes import human_size
from app.paths import DataDir
from app.services import audit, preferences, settings
from app.services.store import Database, open_database

__all__ = [
    "MAIN_TABLES",
    "BackupEntry",
    "BackupResult",
    "BackupTargetError",
    "CorruptBackupError",
    "Facts",
    "Progress",
    "RestoreOutcome",
    "VerifyReport",
    "Volume",
    "WrongPassphraseError",
    "MIN_PASSPHRASE_LENGTH",
    "check_passphrase_strength",
    "auto_backup",
    "check_new_passphrase",
    "auto_backup_enabled",
    "backup_on_close",
    "backup_target",
    "count_label",
    "create",
    "created_text",
    "current_facts",
    "daily_backup",
    "daily_backup_due",
    "daily_backup_wanted",
    "describe_counts",
    "human_size",
    "is_encrypted",
    "list_backups",
    "prune",
    "read_manifest",
    "remember_target",
    "removable_volumes",
    "restore",
    "verify",
]

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# (schema revision, organisation name, rows per table) of a database: shown beside a backup before restoring.
Facts = tuple[str | None, str, dict[str, int]]

# ---- backup files ---------------------------------------------------------------------------------


def create(
    db: Database,
    dest_dir: Path,
    *,
    passphrase: str | None = None,
    reason: str = "manual",
    progress: Progress | None = None,
    kdf_n: int | None = None,
) -> BackupResult:
    """A verified backup file in ``dest_dir`` (e.g. a USB stick). BackupTargetError: full/removed/locked."""
    return package.create_backup(
        db.engine,
        db.data_dir,
        Path(dest_dir),
        passphrase=passphrase,
        reason=reason,
        progress=progress,
        kdf_n=crypto.DEFAULT_N if kdf_n is None else kdf_n,
    )


# For a new encrypted backup: the file may be lost with the stick, and a short password is tried in minutes.
MIN_PASSPHRASE_LENGTH = 8
PASSPHRASE_TOO_SHORT = (
    "密码至少要 {n} 个字符：加密备份常放在U盘上，U盘丢了，短密码几分钟就能被试出来。"
    "可以用一句好记的话，例如“丁新村2026年春”。"
)


def check_passphrase_strength(passphrase: str) -> str:
    """A passphrase for a new encrypted backup: returns it, or UserError saying why it is refused."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise UserError(PASSPHRASE_TOO_SHORT.format(n=MIN_PASSPHRASE_LENGTH))
    return passphrase


def check_new_passphrase(first: str, second: str) -> str:
    """A new backup password typed twice: returns it, or UserError saying what to fix."""
    check_passphrase_strength(first)
    if first != second:
        raise UserError("两次输入的密码不一样，请重新输入")
    return first


def verify(
    path: Path,
    passphrase: str | None = None,
    *,
    scratch: Path | None = None,
    progress: Progress | None = None,
) -> VerifyReport:
    """Check a backup file in full (signature, every hash, database integrity). UserError says what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到备份文件 {path}")
    return package.verify_backup(path, passphrase, scratch=scratch, progress=progress)


def read_manifest(path: Path, passphrase: str | None = None) -> dict[str, Any]:
    """Only what the backup says it holds (quick: for lists and the restore question)."""
    return package.read_manifest(Path(path), passphrase)


def is_encrypted(path: Path) -> bool:
    """Does opening this backup need a passphrase?"""
    try:
        return crypto.is_encrypted(Path(path))
    except OSError as exc:
        raise UserError(f"读不了备份文件 {path}：{os_error_words(exc)}") from exc


def current_facts(db: Database) -> Facts:
    """The open database's revision, organisation and row counts (to compare with a backup before restoring)."""
    return package.live_facts(db.engine)


def restore(
    db: Database,
    path: Path,
    passphrase: str | None = None,
    *,
    progress: Progress | None = None,
    safety_backup: bool = True,
) -> RestoreOutcome:
    """Replace all data with a backup, after a safety backup of the current data.

    ``db`` is closed afterwards: use ``outcome.db``, reopened the way the program starts (an old backup's data
    is backed up again and upgraded). On any refusal raises UserError with ``db`` open and the data untouched.
    With accounts set up, only a 管理员 may restore (it replaces every unit's data).

    On a server database (a township's PostgreSQL) the whole server content is replaced by the backup's in one
    transaction after a safety backup into this data folder's backups/; ``outcome.db`` is ``db``, still open.
    """
    from app.services.accounts import require_admin

    require_admin(db, "从备份恢复")
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到备份文件 {path}")
    if db.on_server:
        return restore_mechanics.restore_onto_server(
            db,
            path,
            passphrase,
            progress=progress,
            safety_backup=safety_backup,
            within=lambda conn: _record_server_restore(conn, db.actor, path),
        )
    return restore_mechanics.restore_backup(
        db,
        path,
        passphrase,
        progress=progress,
        safety_backup=safety_backup,
        reopen=lambda root, actor: open_database(root, actor=actor),
    )


def _record_server_restore(conn: Connection, actor: str, path: Path) -> None:
    """The audit trail came with the backup; the restore itself is its newest row (same transaction)."""
    with Session(bind=conn, join_transaction_mode="create_savepoint") as s:
        audit.record(s, actor, "restore", "database", "server", "", None, path.name)
        s.commit()


def restore_over_damaged(
    root: Path | str, path: Path, passphrase: str | None = None, *, progress: Progress | None = None
) -> RestoreOutcome:
    """Restore when the data folder's database cannot be opened (``DatabaseDamagedError``): the damaged file is
    kept in backups/ (``outcome.safety_backup``), the backup swapped in and reopened as at start-up."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"找不到备份文件 {path}")
    return restore_mechanics.restore_over_damaged(
        DataDir(Path(root)),
        path,
        passphrase,
        actor=default_actor(),
        reopen=lambda r, actor: open_database(r, actor=actor),
        progress=progress,
    )


def list_backups(db: Database) -> list[BackupEntry]:
    """The automatic backups in the data folder's backups/, newest first (unreadable ones say why)."""
    return auto.list_backups(db.data_dir)


def prune(db: Database) -> list[Path]:
    """Delete the automatic backups the thinning rule does not keep; returns the deleted files."""
    return auto.prune(db.data_dir)


def auto_backup(db: Database, reason: str = "manual") -> Path | None:
    """A backup into the data folder's backups/ if the data changed since the last one (None: nothing changed).

    Also the safety backup before a risky operation (``reason`` e.g. "before-import").
    """
    return auto.auto_backup(db, reason)


# ---- where backups go -----------------------------------------------------------------------------


def backup_target(db: Database) -> str:
    """The folder (USB stick) the last backup went to, or 设置 → 同时备份到; "" if none."""
    try:
        return str(settings.get(db, preferences.BACKUP_TARGET, "") or "")
    except Exception:  # a settings row written by hand must not break backups
        log.warning("unreadable backup target setting", exc_info=True)
        return ""


def remember_target(db: Database, folder: Path) -> None:
    """Remember where a backup by hand went, to offer it next time."""
    if str(folder) != backup_target(db):
        try:
            settings.put(db, preferences.BACKUP_TARGET, str(folder))
        except UserError:
            log.warning("could not remember the backup folder %s", folder)


REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/", "/Volumes/")
FAT_FAMILY = ("vfat", "fat", "fat32", "exfat", "msdos")


@dataclass(frozen=True)
class Volume:
    """A drive a backup can go to."""

    path: str
    name: str
    free: int
    likely_usb: bool

    def label(self) -> str:
        kind = "U盘" if self.likely_usb else "磁盘"
        where = (
            self.path if self.name in (self.path, self.path.rstrip("/\\")) else f"{self.name}（{self.path}）"
        )
        return f"{kind}  {where}  可用 {human_size(self.free)}"


def _unescape_mount(path: str) -> str:
    r"""/proc/mounts writes a space as \040 (and tab, newline, backslash likewise)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        path = path.replace(code, char)
    return path


def _candidate_mounts() -> list[tuple[str, str, bool]]:
    """(mount point, name, likely a USB stick) of every drive that might take a backup; platform by platform."""
    found: list[tuple[str, str, bool]] = []
    if sys.platform == "win32":
        import ctypes

        system_drive = os.environ.get("SYSTEMDRIVE", "C:").upper()
        for letter in string.ascii_uppercase:
            root = f"{letter}:\\"
            if root.upper().startswith(system_drive) or not os.path.exists(root):
                continue
            kind = ctypes.windll.kernel32.GetDriveTypeW(root)
            if kind in (2, 3):  # DRIVE_REMOVABLE, DRIVE_FIXED (a USB disk says "fixed")
                found.append((root, root, kind == 2))
        return found
    mounts = Path("/proc/self/mounts")
    if mounts.exists():
        try:
            lines = mounts.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        for line in lines:
            parts = line.split()
            if len(parts) < 4:
                continue
            point = _unescape_mount(parts[1])
            if (point + "/").startswith(REMOVABLE_ROOTS) and "ro" not in parts[3].split(","):
                found.append((point, Path(point).name or point, True))
        return found
    volumes = Path("/Volumes")  # macOS
    if volumes.is_dir():
        for entry in sorted(volumes.iterdir()):
            if entry.is_dir() and not entry.is_symlink():  # the start-up disk is a symlink to /
                found.append((str(entry), entry.name, True))
    return found


def removable_volumes() -> list[Volume]:
    """Drives a backup can go to, USB sticks first (a guess: systems do not always say "removable")."""
    volumes = []
    for path, name, likely in _candidate_mounts():
        if not os.access(path, os.W_OK):
            continue
        try:
            free = shutil.disk_usage(path).free
        except OSError:  # pulled out while looking
            continue
        volumes.append(Volume(path, name, int(free), likely))
    return sorted(volumes, key=lambda v: (not v.likely_usb, v.path))


# ---- automatic backups ----------------------------------------------------------------------------


def auto_backup_enabled(db: Database) -> bool:
    """设置 → 自动备份 (on unless switched off; an unreadable setting counts as on)."""
    try:
        return bool(preferences.load(db).auto_backup_enabled)
    except Exception:
        log.warning("unreadable automatic-backup setting", exc_info=True)
        return True


def backup_on_close(db: Database) -> Path | None:
    """When the program closes: a quick backup if anything changed, and a copy to 同时备份到 if that is there.

    Never raises (closing must not fail because of a backup); the log says what went wrong.
    """
    try:
        if not auto_backup_enabled(db):
            return None
        made = auto.auto_backup(db, "close")
        target = backup_target(db)
        if made is not None and target and Path(target).is_dir():
            # 设置 → "同时备份到": the stick is plugged in and the data changed, so it gets a copy too.
            create(db, Path(target), reason="close")
        return made
    except Exception:
        log.exception("automatic backup on close failed")
        return None


def daily_backup_due(db: Database, now: dt.datetime | None = None) -> bool:
    """Has a day passed since the newest automatic backup (or is there none)?"""
    files = auto.backup_files(db.data_dir)
    if not files:
        return True
    newest = max(auto.stamp_of(p) or dt.datetime.min for p in files)
    return (now or dt.datetime.now()) - newest >= dt.timedelta(days=1)


def daily_backup_wanted(db: Database, now: dt.datetime | None = None) -> bool:
    """Should the once-a-day backup run now? (switched on, and due; a folder that cannot be read: not now)."""
    if not auto_backup_enabled(db):
        return False
    try:
        return daily_backup_due(db, now)
    except OSError:
        return False


def daily_backup(db: Database) -> Path | None:
    """The once-a-day backup while the program stays open (only if the data changed)."""
    return auto.auto_backup(db, "daily")
