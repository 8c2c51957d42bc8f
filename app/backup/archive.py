"""The .pbk file's layout: member names, limits, the manifest's facts about a database, the signature digest.

Shared by writing (app.backup.package), checking (app.backup.verify) and restoring (app.backup.restore).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import Engine

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
# Zip-bomb limits: app.domain.archive_guard.BACKUP_LIMITS (shared with the .xlsx reader).
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
    from app.db.database import known_revisions as program_revisions

    return set(program_revisions())


def fsync_dir(folder: Path) -> None:
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


def database_facts(db_file: Path) -> tuple[str | None, str, dict[str, int]]:
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


def file_digest_without_signature(fh: BinaryIO) -> Any:
    fh.seek(0, os.SEEK_END)
    end = fh.tell()
    if end < SIGNATURE_LEN + 22:
        from app.backup.crypto import corrupt  # cryptography only when a backup is read

        raise corrupt("文件太短")
    fh.seek(0)
    digest = hashlib.sha256()
    remaining = end - 64
    while remaining > 0:
        block = fh.read(min(COPY_BLOCK, remaining))
        if not block:
            from app.backup.crypto import corrupt

            raise corrupt("文件被截断")
        digest.update(block)
        remaining -= len(block)
    digest.update(b"0" * 64)
    return digest
