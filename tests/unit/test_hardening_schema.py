"""Issue 13, item 11: verify gives restore's verdict; a database whose schema is not its revision's is refused."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest

from app.backup import package
from app.backup.archive import DATABASE, MANIFEST, database_facts
from app.db.database import Database
from app.domain.errors import UserError
from app.services import backup as backups, store


def _backup(db: Database, tmp_path: Path) -> Path:
    usb = tmp_path / "usb"
    usb.mkdir(exist_ok=True)
    return backups.create(db, usb).path


def _rewrite(pkg: Path, out: Path, change_db: object = None, change_manifest: object = None) -> Path:
    """A re-signed copy of ``pkg`` with its database or manifest changed (as a tamperer who knows the format)."""
    work = out.parent / "work"
    work.mkdir()
    with zipfile.ZipFile(pkg) as zf:
        zf.extractall(work)
    db_file = work / DATABASE
    if callable(change_db):
        conn = sqlite3.connect(db_file)
        change_db(conn)
        conn.commit()
        conn.close()
    manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    if callable(change_manifest):
        change_manifest(manifest)
    manifest["counts"] = database_facts(db_file)[2]
    photos = sorted((work / "photos").iterdir()) if (work / "photos").is_dir() else []
    package.build_zip(db_file, photos, {k: v for k, v in manifest.items() if k != "files"}, out)
    shutil.rmtree(work)
    return out


def test_verify_refuses_what_restore_refuses_as_too_new(demo_copy: Database, tmp_path: Path) -> None:
    pkg = _backup(demo_copy, tmp_path)

    def newer(m: dict[str, object]) -> None:
        m["schema_revision"] = str(m["schema_revision"]) + "+9999_future"

    tampered = _rewrite(pkg, tmp_path / "newer.pbk", change_manifest=newer)
    with pytest.raises(UserError, match="更新版本"):
        backups.verify(tampered, None)


@pytest.mark.parametrize(
    "sql",
    ["DROP TABLE deeds", "CREATE TRIGGER evil AFTER INSERT ON members BEGIN DELETE FROM members; END"],
)
def test_package_with_wrong_schema_is_refused(demo_copy: Database, tmp_path: Path, sql: str) -> None:
    pkg = _backup(demo_copy, tmp_path)
    tampered = _rewrite(pkg, tmp_path / "bad.pbk", change_db=lambda c: c.execute(sql))
    with pytest.raises(UserError, match="结构"):
        backups.verify(tampered, None)
    with pytest.raises(UserError, match="结构"):
        backups.restore(demo_copy, tampered, None)


def test_check_compares_the_live_schema(demo_copy: Database) -> None:
    assert store.check(demo_copy).healthy
    with demo_copy.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TRIGGER evil AFTER INSERT ON deeds BEGIN SELECT 1; END")
    report = store.check(demo_copy)
    assert not report.healthy and any("evil" in p for p in report.schema)
