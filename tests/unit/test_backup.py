"""Backup files: create, verify, restore, encryption, automatic backups and thinning."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from app import demo
from app.backup import auto, crypto, package, restore
from app.db.database import Database
from app.domain.errors import UserError
from app.services import organizations, settings
from app.services.store import open_database

FAST_KDF = 1 << 10  # the real default is 2^15; tests only need the code path


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo village per module, copied for each test (making it takes a second)."""
    root = tmp_path_factory.mktemp("template") / "data"
    db = Database.open(root)
    demo.make_demo(db, members=40, seed=5)
    db.close()
    return root


@pytest.fixture
def make(template: Path, tmp_path: Path) -> Callable[[], Database]:
    def _make_db() -> Database:
        shutil.copytree(template, tmp_path / "data")
        return Database.open(tmp_path / "data")

    return _make_db


def _member_count(db: Database) -> int:
    conn = sqlite3.connect(db.data_dir.db_path)
    try:
        return int(conn.execute("SELECT count(*) FROM members").fetchone()[0])
    finally:
        conn.close()


def test_backup_holds_every_table_and_photo_and_verifies(
    tmp_path: Path, make: Callable[[], Database]
) -> None:
    db = make()
    usb = tmp_path / "usb"
    usb.mkdir()
    result = package.create_backup(db.engine, db.data_dir, usb)
    assert result.path.name.startswith("先锋榜备份-丁新村党总支-") and result.path.suffix == ".pbk"
    assert not list(usb.glob("*.part"))
    manifest = result.manifest
    conn = sqlite3.connect(db.data_dir.db_path)
    tables = {
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
        )
    }
    conn.close()
    assert set(manifest["counts"]) == tables - {"alembic_version"}
    assert manifest["counts"]["members"] == 40
    photos = {p.name for p in db.data_dir.photos.iterdir()}
    assert {n[len("photos/") :] for n in manifest["files"] if n.startswith("photos/")} == photos
    assert manifest["schema_revision"] and manifest["program_version"]
    report = package.verify_backup(result.path)
    assert report.manifest == manifest and not report.encrypted
    db.close()


def test_encrypted_backup_round_trip_and_wrong_passphrase(
    tmp_path: Path, make: Callable[[], Database]
) -> None:
    db = make()
    usb = tmp_path / "usb"
    usb.mkdir()
    result = package.create_backup(db.engine, db.data_dir, usb, passphrase="村里的密码1", kdf_n=FAST_KDF)
    assert crypto.is_encrypted(result.path)
    assert package.verify_backup(result.path, "村里的密码1").counts["members"] == 40
    with pytest.raises(crypto.WrongPassphraseError, match="密码错误"):
        package.verify_backup(result.path, "村里的密码2")
    with pytest.raises(UserError, match="已加密"):
        package.verify_backup(result.path, None)
    db.close()


def test_encrypted_file_shows_nothing_but_kdf_parameters(
    tmp_path: Path, make: Callable[[], Database]
) -> None:
    db = make()
    conn = sqlite3.connect(db.data_dir.db_path)
    name, id_number = conn.execute("SELECT name, id_number FROM members LIMIT 1").fetchone()
    conn.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    result = package.create_backup(db.engine, db.data_dir, usb, passphrase="pw", kdf_n=FAST_KDF)
    data = result.path.read_bytes()
    for secret in (name, id_number, "丁新村", "members", "manifest"):
        assert secret.encode("utf-8") not in data
    with open(result.path, "rb") as fh:
        _header, fields = crypto.read_header(fh)
    assert set(fields) == {
        "format",
        "encrypted",
        "cipher",
        "kdf",
        "n",
        "r",
        "p",
        "salt",
        "nonce",
        "chunk_size",
    }
    db.close()


def test_chunked_encryption_detects_dropped_and_swapped_chunks(tmp_path: Path) -> None:
    import io

    plain = bytes(range(256)) * 40  # 10 KiB in 1 KiB chunks
    out = io.BytesIO()
    crypto.encrypt_stream(io.BytesIO(plain), out, "pw", n=FAST_KDF, chunk_size=1024)
    back = io.BytesIO()
    crypto.decrypt_stream(io.BytesIO(out.getvalue()), back, "pw")
    assert back.getvalue() == plain
    data = out.getvalue()
    header_len = len(crypto.MAGIC) + 2 + int.from_bytes(data[8:10], "big") + 32 + 16
    chunk = 1024 + 16
    body = data[header_len:]
    dropped = data[:header_len] + body[:chunk] + body[2 * chunk :]
    swapped = data[:header_len] + body[chunk : 2 * chunk] + body[:chunk] + body[2 * chunk :]
    at_boundary = data[: header_len + 3 * chunk]
    for bad in (dropped, swapped, at_boundary):
        with pytest.raises(crypto.CorruptBackupError):
            crypto.decrypt_stream(io.BytesIO(bad), io.BytesIO(), "pw")


def test_restore_replaces_data_and_keeps_a_safety_backup(
    tmp_path: Path, make: Callable[[], Database]
) -> None:
    db = make()
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = package.create_backup(db.engine, db.data_dir, usb).path
    settings.put(db, settings.ORGANIZATION_NAME, "改过的名字")
    (db.data_dir.photos / "added-later.jpg").write_bytes(b"x")
    outcome = restore.restore_backup(db, backup)
    new = outcome.db
    assert settings.get(new, settings.ORGANIZATION_NAME) == "丁新村党总支"
    assert not (new.data_dir.photos / "added-later.jpg").exists()
    assert outcome.safety_backup is not None and outcome.safety_backup.exists()
    assert package.read_manifest(outcome.safety_backup)["organization"] == "改过的名字"
    assert not list(new.data_dir.root.glob("restore-[os]*"))
    new.close()


def test_restore_into_fresh_data_dir(tmp_path: Path, make: Callable[[], Database]) -> None:
    db = make()
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = package.create_backup(db.engine, db.data_dir, usb, passphrase="pw", kdf_n=FAST_KDF).path
    db.close()
    fresh = Database.open(tmp_path / "other-pc")
    outcome = restore.restore_backup(fresh, backup, "pw")
    assert outcome.safety_backup is None  # nothing there to keep
    assert _member_count(outcome.db) == 40
    outcome.db.close()


def _rebuild(backup: Path, out: Path, edit_db: str | None = None, edit_manifest: dict | None = None) -> Path:
    """A well-signed backup with changed contents (to reach the checks behind the signature)."""
    work = out.parent / "rebuild"
    work.mkdir()
    with zipfile.ZipFile(backup) as zf:
        zf.extractall(work)
    manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
    if edit_db:
        conn = sqlite3.connect(work / "database.sqlite3")
        conn.execute(edit_db)
        conn.commit()
        conn.close()
    manifest.pop("files")
    manifest.update(edit_manifest or {})
    photos = sorted((work / "photos").iterdir())
    package.build_zip(work / "database.sqlite3", photos, manifest, out)
    return out


def test_backup_from_a_newer_program_is_refused(tmp_path: Path, make: Callable[[], Database]) -> None:
    db = make()
    usb = tmp_path / "usb"
    usb.mkdir()
    backup = package.create_backup(db.engine, db.data_dir, usb).path
    newer = _rebuild(
        backup,
        tmp_path / "newer.pbk",
        edit_db="UPDATE alembic_version SET version_num='9999_future' WHERE rowid=(SELECT min(rowid) FROM alembic_version)",
        edit_manifest={"program_version": "9.0"},
    )
    conn = sqlite3.connect(f"file:{tmp_path / 'rebuild' / 'database.sqlite3'}?mode=ro", uri=True)
    revision = "+".join(sorted(r[0] for r in conn.execute("SELECT version_num FROM alembic_version")))
    conn.close()
    # keep the manifest consistent with the database, as a newer program would have written it
    newer.unlink()
    shutil.rmtree(tmp_path / "rebuild")
    newer = _rebuild(
        backup,
        tmp_path / "newer.pbk",
        edit_db="UPDATE alembic_version SET version_num='9999_future' WHERE rowid=(SELECT min(rowid) FROM alembic_version)",
        edit_manifest={"program_version": "9.0", "schema_revision": revision},
    )
    with pytest.raises(UserError, match="更新版本"):
        restore.restore_backup(db, newer)
    assert _member_count(db) == 40
    assert not list(db.data_dir.root.glob("restore-[os]*"))
    db.close()


def _signed_zip(path: Path, entries: list[tuple[zipfile.ZipInfo, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in entries:
            zf.writestr(info, data)
        zf.comment = package.SIGNATURE_LABEL + b"0" * 64
    package._sign_zip(path)
    return path


@pytest.mark.parametrize("evil", ["../evil.txt", "/etc/evil", "photos/../../evil", "photos/..", "C:\\evil"])
def test_zip_slip_is_refused(tmp_path: Path, evil: str) -> None:
    info = zipfile.ZipInfo(evil)
    path = _signed_zip(tmp_path / "slip.pbk", [(zipfile.ZipInfo("manifest.json"), b"{}"), (info, b"x")])
    with pytest.raises(UserError, match="不安全的路径"):
        package.verify_backup(path)
    assert not (tmp_path / "evil.txt").exists()


def test_symlink_entry_is_refused(tmp_path: Path) -> None:
    link = zipfile.ZipInfo("photos/link.jpg")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = _signed_zip(tmp_path / "link.pbk", [(link, b"/etc/passwd")])
    with pytest.raises(UserError, match="链接"):
        package.verify_backup(path)


def test_zip_bomb_is_refused(tmp_path: Path) -> None:
    bomb = zipfile.ZipInfo("database.sqlite3")
    bomb.compress_type = zipfile.ZIP_DEFLATED
    path = _signed_zip(tmp_path / "bomb.pbk", [(bomb, b"\0" * (20 << 20))])
    with pytest.raises(UserError, match="不合理"):
        package.verify_backup(path)


def test_safe_file_names() -> None:
    assert package.safe_name('丁新村/党总支:<A>?*"|') == "丁新村党总支A"
    assert package.safe_name(" ..  ") == "未命名"
    name = package.backup_file_name("a\\b.", dt.datetime(2026, 1, 2, 3, 4, 5))
    assert name == "先锋榜备份-ab-20260102-030405.pbk"


def test_automatic_backup_only_when_changed(tmp_path: Path, make: Callable[[], Database]) -> None:
    db = make()
    first = auto.auto_backup(db, "close")
    assert first is not None
    assert auto.auto_backup(db, "close") is None  # nothing changed
    settings.put(db, "board_title", "变了")
    second = auto.auto_backup(db, "daily")
    assert second is not None and second != first
    listed = auto.list_backups(db.data_dir)
    assert [e.path for e in listed] == [second, first]
    assert listed[0].reason == "每日自动备份"
    db.close()


def test_empty_data_dir_makes_no_automatic_backup(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "data")
    assert auto.auto_backup(db, "close") is None
    db.close()


NOW = dt.datetime(2026, 6, 30, 12, 0)


def test_thinning_keeps_recent_all_then_daily_weekly_monthly() -> None:
    stamps = [NOW - dt.timedelta(hours=h) for h in range(0, 24 * 800, 6)]  # every 6 hours, 800 days
    kept = auto.keep_set(stamps, NOW)
    recent = [s for s in stamps if NOW - s <= dt.timedelta(days=2)]
    assert set(recent) <= kept
    days = [s for s in kept if dt.timedelta(days=2) < NOW - s <= dt.timedelta(days=14)]
    assert len({s.date() for s in days}) == len(days)  # one a day
    weeks = [s for s in kept if dt.timedelta(days=14) < NOW - s <= dt.timedelta(days=91)]
    assert len({s.isocalendar()[:2] for s in weeks}) == len(weeks)
    months = [s for s in kept if dt.timedelta(days=91) < NOW - s <= dt.timedelta(days=730)]
    assert len({(s.year, s.month) for s in months}) == len(months)
    assert 20 <= len(months) <= 22
    assert not [s for s in kept if NOW - s > dt.timedelta(days=730)]
    assert len(kept) == len(recent) + len(days) + len(weeks) + len(months)
    assert 12 <= len(days) <= 13 and 10 <= len(weeks) <= 12


def test_thinning_always_keeps_the_newest_and_is_stable() -> None:
    old = [NOW - dt.timedelta(days=1000), NOW - dt.timedelta(days=900)]
    assert auto.keep_set(old, NOW) == {old[1]}  # not used for years: the last backup still stays
    assert auto.keep_set([], NOW) == set()
    stamps = [NOW - dt.timedelta(hours=h * 7) for h in range(300)]
    once = auto.keep_set(stamps, NOW)
    assert auto.keep_set(once, NOW) == once


def test_prune_deletes_files_thinning_drops(tmp_path: Path) -> None:
    from app.paths import DataDir

    data_dir = DataDir(tmp_path)
    data_dir.backups.mkdir()
    for days in (0, 1, 5, 5.2, 400, 401, 1000):
        when = NOW - dt.timedelta(days=days)
        (data_dir.backups / package.backup_file_name("村", when)).write_bytes(b"")
    deleted = auto.prune(data_dir, NOW)
    assert len(deleted) == 3  # the older of the two on day 5, one of the two in that month, the 1000-day one
    assert len(list(data_dir.backups.glob("*.pbk"))) == 4


def _roster_only_database(root: Path) -> None:
    """A data folder as the first release (0001_roster) left it, with one organisation, a member and a photo."""
    from old_database import make_roster_only_database

    data = make_roster_only_database(root)
    (data.photos / "old.jpg").write_bytes(b"jpeg")


def test_backup_before_migration_is_restorable_and_an_old_backup_is_migrated(tmp_path: Path) -> None:
    from app.db.database import head_revision

    _roster_only_database(tmp_path / "old")
    db = open_database(tmp_path / "old")  # upgrades, after a safety backup
    assert db.migration_backup and db.migration_backup.endswith(".pbk")
    old_backup = Path(db.migration_backup)
    report = package.verify_backup(old_backup)
    assert report.manifest["schema_revision"] == "0001_roster"
    assert report.manifest["reason"] == "before-migration"
    db.close()
    fresh = Database.open(tmp_path / "new-pc")
    outcome = restore.restore_backup(fresh, old_backup)
    assert outcome.migrated
    assert organizations.organization_name(outcome.db) in ("", "老村党支部")
    assert (outcome.db.data_dir.photos / "old.jpg").read_bytes() == b"jpeg"
    from app.db.database import current_revision

    assert current_revision(outcome.db.engine) == head_revision()
    outcome.db.close()
