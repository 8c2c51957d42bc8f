"""Facts for the About dialog: version, data location and size, the newest backup, bundled licences."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from app import __version__
from app.db.database import Database
from app.services import preferences

log = logging.getLogger(__name__)

BACKUP_SUFFIXES = (".pbk", ".sqlite3", ".zip")


@dataclass(frozen=True)
class Licence:
    component: str
    what: str
    licence: str


# What the bundled program contains and under which licence (shown in the About dialog).
LICENCES: tuple[Licence, ...] = (
    Licence("Noto Sans SC 思源黑体", "界面和公示栏 PDF 的中文字体", "SIL Open Font License 1.1"),
    Licence("Qt 6 / PySide6", "图形界面", "LGPL v3"),
    Licence("Python", "运行环境", "PSF License"),
    Licence("SQLAlchemy", "数据库访问", "MIT"),
    Licence("Alembic", "数据库升级", "MIT"),
    Licence("SQLite", "数据库", "Public Domain"),
    Licence("ReportLab", "公示栏 PDF", "BSD"),
    Licence("openpyxl", "Excel 导入导出", "MIT"),
    Licence("pypinyin", "姓名拼音检索", "MIT"),
    Licence("Pillow", "照片处理", "HPND (MIT-CMU)"),
    Licence("platformdirs", "数据目录位置", "MIT"),
    Licence("cryptography", "备份加密", "Apache 2.0 / BSD"),
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime


@dataclass(frozen=True)
class AboutInfo:
    version: str
    data_dir: Path
    database_path: Path
    database_bytes: int
    last_backup: BackupInfo | None
    log_path: Path


def _newest_file(folder: Path) -> BackupInfo | None:
    try:
        files = [p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in BACKUP_SUFFIXES]
    except OSError:  # USB stick not plugged in, folder removed, no permission
        return None
    if not files:
        return None
    newest = max(files, key=lambda p: p.stat().st_mtime)
    return BackupInfo(newest, dt.datetime.fromtimestamp(newest.stat().st_mtime))


def last_backup(db: Database) -> BackupInfo | None:
    """The newest backup in the data folder's backups/ or in the backup target folder set in preferences."""
    candidates: list[BackupInfo] = []
    try:
        from app.services import backup as backups

        entries = backups.list_backups(db)
        if entries:
            candidates.append(BackupInfo(entries[0].path, entries[0].created))
    except Exception:  # the backup area may be older or newer than this code: fall back to files
        log.debug("backup listing unavailable", exc_info=True)
    local = _newest_file(db.data_dir.backups)
    if local:
        candidates.append(local)
    target = preferences.load(db).backup_target
    if target:
        remote = _newest_file(Path(target))
        if remote:
            candidates.append(remote)
    return max(candidates, key=lambda b: b.created) if candidates else None


def database_bytes(db: Database) -> int:
    """The database file plus its write-ahead log (both hold data until a checkpoint)."""
    total = 0
    path = db.data_dir.db_path
    for file in (path, path.with_name(path.name + "-wal")):
        with contextlib.suppress(OSError):
            total += file.stat().st_size
    return total


def about(db: Database) -> AboutInfo:
    return AboutInfo(
        version=__version__,
        data_dir=db.data_dir.root,
        database_path=db.data_dir.db_path,
        database_bytes=database_bytes(db),
        last_backup=last_backup(db),
        log_path=db.data_dir.log_path,
    )
