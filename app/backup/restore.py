"""Restore a backup: verify and unpack beside the data, then swap database and photos atomically.

The swap is journalled (``restore-journal.json``) so that a crash or a pulled plug at any moment
leaves either the old data or the new data, never a mix: ``recover_interrupted_restore`` runs at
the next opening of the data folder (``app.services.store.open_database``) and rolls an unfinished swap back, or finishes one that had completed.

Steps (each a single ``os.replace`` inside the data folder, so each is atomic on its own):
  1. unpack + verify into ``restore-staging-<stamp>/``            (no journal yet: data untouched)
  2. journal "prepared" (names the staging and the ``restore-old-<stamp>/`` folders)
  3. old -wal/-shm, old database, old photos → restore-old-<stamp>/
  4. new database, new photos → their places
  5. journal "swapped"                                             (from here on, the new data wins)
  6. remove restore-old-… and staging, then the journal
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.backup.archive import DATABASE, Progress, fsync_dir
from app.db import folder_lock
from app.domain.disk_errors import os_error_words
from app.domain.errors import UserError
from app.faults import fault_point
from app.paths import DataDir

if TYPE_CHECKING:
    from app.db.database import Database

log = logging.getLogger(__name__)

JOURNAL = "restore-journal.json"
STAGING_PREFIX = "restore-staging-"
OLD_PREFIX = "restore-old-"
DISCARD_PREFIX = "restore-discard-"
SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass
class RestoreOutcome:
    db: Database
    manifest: dict[str, Any]
    safety_backup: Path | None
    migrated: bool


def _write_journal(root: Path, state: dict[str, Any]) -> None:
    path = root / JOURNAL
    tmp = root / (JOURNAL + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(state, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_dir(root)


def _move(src: Path, dst: Path) -> None:
    if src.exists() or src.is_symlink():
        os.replace(src, dst)


def swap_in(data_dir: DataDir, staging: Path, source: str) -> None:
    """Steps 2–6 above. ``staging`` holds ``database.sqlite3`` and ``photos/`` (already verified)."""
    root = data_dir.root
    stamp = staging.name[len(STAGING_PREFIX) :]
    old = root / f"{OLD_PREFIX}{stamp}"
    data_dir.photos.mkdir(exist_ok=True)  # so "no photos folder at root" always means "mid-swap"
    _write_journal(
        root,
        {
            "format": 1,
            "state": "prepared",
            "staging": staging.name,
            "old": old.name,
            "source": source,
            "started_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        },
    )
    fault_point("journal-written")
    old.mkdir()  # after the journal, so a crash can never leave an unexplained folder
    db_path = data_dir.db_path
    # Side files first: while the old database is still in place its -wal must stay with it.
    for suffix in SIDE_FILES:
        _move(db_path.with_name(db_path.name + suffix), old / (db_path.name + suffix))
    _move(db_path, old / db_path.name)
    fault_point("old-db-moved")
    _move(data_dir.photos, old / "photos")
    fault_point("old-photos-moved")
    os.replace(staging / DATABASE, db_path)
    fault_point("new-db-moved")
    os.replace(staging / "photos", data_dir.photos)
    fsync_dir(root)
    fault_point("new-photos-moved")
    journal = json.loads((root / JOURNAL).read_text(encoding="utf-8"))
    _write_journal(root, {**journal, "state": "swapped"})
    fault_point("journal-swapped")
    _finish(root, journal)


def _finish(root: Path, journal: dict[str, Any]) -> None:
    """The swap is decided: mark the leftovers as rubbish, drop the journal, then delete the rubbish.

    Deleting thousands of old photos is slow on a busy disk; it happens in the background, and
    whatever a crash leaves of it is removed at the next start.
    """
    discards = []
    for key in ("old", "staging"):
        name = str(journal.get(key, ""))
        safe = name.startswith((OLD_PREFIX, STAGING_PREFIX)) and "/" not in name and "\\" not in name
        if safe and (root / name).exists():
            discard = root / f"{DISCARD_PREFIX}{name}"
            os.replace(root / name, discard)
            discards.append(discard)
    fault_point("cleanup")
    (root / JOURNAL).unlink(missing_ok=True)
    fsync_dir(root)
    if discards:
        _remove_in_background(discards)


def _remove_in_background(folders: list[Path]) -> None:
    # Not a daemon: a command-line restore (or `check` after one) returns at once, and the process still finishes
    # deleting before it exits — a daemon thread was cut off at exit, so from the command line the old data folder's
    # full copy stayed beside the data for good. A crash mid-way leaves the rest to the next start.
    threading.Thread(target=_remove_all, args=(folders,), daemon=False, name="restore-cleanup").start()


def _remove_all(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def _roll_back(data_dir: DataDir, journal: dict[str, Any]) -> None:
    root = data_dir.root
    old = root / str(journal["old"])
    staging = root / str(journal["staging"])
    db_path = data_dir.db_path
    if old.is_dir():
        for suffix in SIDE_FILES:
            _move(old / (db_path.name + suffix), db_path.with_name(db_path.name + suffix))
        if (old / db_path.name).exists():
            os.replace(old / db_path.name, db_path)
        if (old / "photos").exists():
            if data_dir.photos.exists():
                # The new photos go back to staging (removed below) before the old ones return.
                staging.mkdir(exist_ok=True)
                discard = staging / "photos-discarded"
                shutil.rmtree(discard, ignore_errors=True)
                os.replace(data_dir.photos, discard)
            os.replace(old / "photos", data_dir.photos)
    fsync_dir(root)
    _finish(root, journal)


def _remove_stale_scratch(root: Path) -> None:
    """Scratch folders of a backup, check or demo cut short by a crash. While this process holds the data folder
    alone (no other copy of the program is at work) all of them go at once — a backup's scratch holds a plaintext
    copy of the database; otherwise only those an hour old (surely not in use)."""
    import time

    alone = folder_lock.holds_exclusive(root)
    for pattern in (".backup-work-*", "pbk-verify-*", "pbk-read-*", ".demo-work-*"):
        for folder in root.glob(pattern):
            try:
                if folder.is_dir() and (alone or time.time() - folder.stat().st_mtime > 3600):
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                continue


def recover_interrupted_restore(data_dir: DataDir) -> str | None:
    """Called before the database is opened. Returns what happened, in Chinese, or None."""
    root = data_dir.root
    if not root.is_dir():
        return None
    (root / (JOURNAL + ".tmp")).unlink(missing_ok=True)
    journal_path = root / JOURNAL
    if not journal_path.exists():
        # Unpacking interrupted before any swap (the data was never touched), or the rubbish of a
        # finished restore whose deletion was cut short (or is still going on in the background).
        for stray in root.glob(STAGING_PREFIX + "*"):
            shutil.rmtree(stray, ignore_errors=True)
        _remove_stale_scratch(root)
        discards = list(root.glob(DISCARD_PREFIX + "*"))
        if discards:
            _remove_in_background(discards)
        return None
    try:
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        state = journal["state"]
        str(journal["old"]), str(journal["staging"])
    except (ValueError, KeyError, OSError, TypeError) as exc:
        raise UserError(
            f"数据目录 {root} 里有一个无法读取的恢复记录（{JOURNAL}）。为了不丢数据，程序没有继续。"
            "请把整个数据目录复制一份交给技术人员。"
        ) from exc
    source = journal.get("source", "")
    if state == "swapped":
        _finish(root, journal)
        message = f"上次从备份恢复已经完成（备份文件：{source}），现在用的是恢复后的数据。"
    else:
        _roll_back(data_dir, journal)
        message = (
            f"上次从备份恢复（{source}）没有完成就中断了。已退回到恢复之前的数据，没有丢失任何内容；"
            "如果仍要恢复，请重新操作一次。"
        )
    log.warning("interrupted restore: %s", message)
    return message


LOCK_FILENAME = "pioneer-board.lock"  # the GUI's lock (ui/single_instance.py, QLockFile)


def _held_by_another_process(lock: Path) -> bool:
    """Is the GUI's lock held by a live process other than this one? (QLockFile writes its PID first.)"""
    try:
        first = lock.read_text(encoding="utf-8", errors="replace").splitlines()[:1]
    except OSError:
        # Windows: QLockFile keeps the file open without sharing, so a held lock cannot even be read.
        return lock.exists()
    try:
        pid = int(first[0]) if first else 0
    except ValueError:
        return False
    if pid <= 0 or pid == os.getpid():
        return False
    if os.name == "nt":
        try:
            with open(lock, "a", encoding="utf-8"):
                return False  # nobody has it open: a stale lock from a crashed start
        except OSError:
            return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def ensure_not_open_elsewhere(data_dir: DataDir) -> None:
    """A restore swaps the database file: never under a running GUI (the command line takes no lock)."""
    if _held_by_another_process(data_dir.root / LOCK_FILENAME):
        raise UserError(
            "先锋榜程序正开着这个数据目录。请先关闭先锋榜窗口，再从备份恢复（或直接在程序的“备份与恢复”页恢复）。"
            f"如果程序确实没有开着，请删除数据目录里的 {LOCK_FILENAME} 后再试。"
        )


def restore_backup(
    db: Database,
    path: Path,
    passphrase: str | None = None,
    *,
    progress: Progress | None = None,
    safety_backup: bool = True,
    reopen: Callable[[Path, str], Database] | None = None,
) -> RestoreOutcome:
    """Replace the data with a backup. ``db`` is closed; use the returned outcome's ``db`` afterwards.

    On any refusal (wrong passphrase, damage, newer version…) raises UserError with ``db`` still open
    and the data untouched. ``reopen(root, actor)`` opens the restored data (the start-up service passes its
    own, which backs up an old backup's data before upgrading it); by default ``Database.open``.
    """
    from app.backup import auto
    from app.backup.verify import check_revision_known, verify_backup  # not needed to open the data
    from app.db.database import Database

    data_dir = db.data_dir
    root = data_dir.root
    ensure_not_open_elsewhere(data_dir)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    staging = root / f"{STAGING_PREFIX}{stamp}"
    staging.mkdir()
    try:
        report = verify_backup(
            Path(path),
            passphrase,
            scratch=root,
            extract_to=staging,
            reuse_photos=data_dir.photos,
            progress=progress,
        )
        check_revision_known(report.manifest)
        fault_point("staged")
        safety: Path | None = None
        if safety_backup:
            # If the newest automatic backup already holds exactly the current data, that one is the safety copy.
            safety = auto.auto_backup(db, "before-restore") or auto.latest_backup(data_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    actor = db.actor
    try:
        # Alone from here to the reopening: no other process may still write to the file being replaced.
        with folder_lock.exclusive(root, "从备份恢复"):
            db.close()
            try:
                swap_in(data_dir, staging, str(path))
            except OSError as exc:
                log.exception("restore swap failed")
                message = recover_interrupted_restore(data_dir)
                log.warning("rolled back: %s", message)
                raise UserError(
                    f"恢复时无法替换数据文件（{os_error_words(exc)}），已退回到恢复之前的数据。"
                    "请关闭其他正在使用数据目录的程序后再试。"
                ) from exc
            new_db = reopen(root, actor) if reopen is not None else Database.open(root, actor=actor)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreOutcome(new_db, report.manifest, safety, new_db.schema_upgraded)


def restore_over_damaged(
    data_dir: DataDir,
    path: Path,
    passphrase: str | None,
    *,
    actor: str,
    reopen: Callable[[Path, str], Database],
    progress: Progress | None = None,
) -> RestoreOutcome:
    """Restore a backup when the current database cannot be opened at all (damaged, not a database).

    No safety backup can be made of an unreadable file, so the file itself is kept aside in backups/
    (``outcome.safety_backup``) before the swap; everything else is as ``restore_backup``.
    """
    from app.backup.verify import check_revision_known, verify_backup  # not needed to open the data

    root = data_dir.root
    with folder_lock.exclusive(root, "从备份恢复"):
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        staging = root / f"{STAGING_PREFIX}{stamp}"
        staging.mkdir()
        try:
            report = verify_backup(
                Path(path), passphrase, scratch=root, extract_to=staging, reuse_photos=data_dir.photos,
                progress=progress,
            )  # fmt: skip
            check_revision_known(report.manifest)
            kept: Path | None = None
            if data_dir.db_path.exists():
                data_dir.backups.mkdir(parents=True, exist_ok=True)
                kept = data_dir.backups / f"损坏的数据库-{stamp[:15]}.sqlite3"
                shutil.copy2(data_dir.db_path, kept)
                for side in SIDE_FILES:
                    extra = data_dir.db_path.with_name(data_dir.db_path.name + side)
                    if extra.exists():
                        shutil.copy2(extra, kept.with_name(kept.name + side))
            swap_in(data_dir, staging, str(path))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        new_db = reopen(root, actor)
    return RestoreOutcome(new_db, report.manifest, kept, new_db.schema_upgraded)


def restore_onto_server(
    db: Database,
    path: Path,
    passphrase: str | None = None,
    *,
    progress: Progress | None = None,
    safety_backup: bool = True,
    within: Callable[[Any], None] | None = None,
) -> RestoreOutcome:
    """A `.pbk` onto a server database (PostgreSQL): the package is verified, its snapshot brought to this
    program's schema, a safety backup of the server's current content made, then every table's rows replaced in
    ONE server transaction (app/db/portable.py); photos the data folder lacks are added. ``db`` stays open.
    Refusals (damage, wrong passphrase, newer version, server busy) leave the server untouched."""
    import tempfile

    from app.backup import auto
    from app.backup.verify import check_revision_known, verify_backup
    from app.db.database import make_engine, migrate
    from app.db.portable import sqlite_to_server

    data_dir = db.data_dir
    with tempfile.TemporaryDirectory(prefix="pbk-verify-", dir=data_dir.root) as tmp:
        staging = Path(tmp) / "pkg"
        report = verify_backup(
            Path(path),
            passphrase,
            scratch=data_dir.root,
            extract_to=staging,
            scratch_copy=True,
            scratch_photos=True,
            progress=progress,
        )
        check_revision_known(report.manifest)
        snapshot = make_engine(staging / DATABASE)
        try:
            migrated = migrate(snapshot).upgraded  # an older program's package: this program's schema first
        finally:
            snapshot.dispose()
        safety: Path | None = None
        if safety_backup:
            safety = auto.auto_backup(db, "before-restore") or auto.latest_backup(data_dir)
        sqlite_to_server(db.engine, staging / DATABASE, within=within)
        data_dir.photos.mkdir(parents=True, exist_ok=True)
        for photo in sorted((staging / "photos").glob("*")):
            if not (data_dir.photos / photo.name).exists():
                os.replace(photo, data_dir.photos / (photo.name + ".part"))
                os.replace(data_dir.photos / (photo.name + ".part"), data_dir.photos / photo.name)
    return RestoreOutcome(db, report.manifest, safety, migrated)
