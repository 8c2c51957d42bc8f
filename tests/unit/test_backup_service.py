"""The backup service: the automatic-backup policies the GUI's timer and close event rely on, the drive list,
and a restore that reopens the data the way the program starts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from app.domain.errors import UserError
from app.services import backup as backups, preferences, settings
from app.services.store import Database, open_database


def _switch_auto_backup(db: Database, on: bool) -> None:
    preferences.save(db, dataclasses.replace(preferences.load(db), auto_backup_enabled=on))


def test_backup_on_close_only_when_the_data_changed(demo_copy: Database) -> None:
    first = backups.backup_on_close(demo_copy)
    assert first is not None and first.exists()
    assert backups.backup_on_close(demo_copy) is None  # nothing changed since
    settings.put(demo_copy, settings.ORGANIZATION_NAME, "改过的名字")
    assert backups.backup_on_close(demo_copy) is not None


def test_backup_on_close_also_copies_to_the_stick_when_it_is_plugged_in(
    demo_copy: Database, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    settings.put(demo_copy, preferences.BACKUP_TARGET, str(usb))
    assert backups.backup_on_close(demo_copy) is not None
    copies = list(usb.glob("*.pbk"))
    assert len(copies) == 1
    assert backups.verify(copies[0]).manifest["reason"] == "close"


def test_backup_on_close_respects_the_setting_and_never_raises(
    demo_copy: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _switch_auto_backup(demo_copy, False)
    assert backups.backup_on_close(demo_copy) is None
    assert backups.list_backups(demo_copy) == []
    _switch_auto_backup(demo_copy, True)

    def broken(_db: Database, _reason: str) -> Path:
        raise OSError("disk gone")

    monkeypatch.setattr(backups.auto, "auto_backup", broken)
    assert backups.backup_on_close(demo_copy) is None  # logged, not raised: closing must go on


def test_daily_backup_is_due_a_day_after_the_newest(demo_copy: Database) -> None:
    assert backups.daily_backup_due(demo_copy)  # never backed up
    made = backups.daily_backup(demo_copy)
    assert made is not None
    assert not backups.daily_backup_due(demo_copy)
    assert backups.daily_backup_due(demo_copy, now=dt.datetime.now() + dt.timedelta(days=1, minutes=1))
    assert backups.list_backups(demo_copy)[0].manifest["reason"] == "daily"


def test_daily_backup_not_wanted_when_switched_off(demo_copy: Database) -> None:
    assert backups.daily_backup_wanted(demo_copy)
    _switch_auto_backup(demo_copy, False)
    assert not backups.daily_backup_wanted(demo_copy)


def test_drive_list_puts_sticks_first_and_skips_what_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk, stick, gone = tmp_path / "disk", tmp_path / "stick", tmp_path / "gone"
    disk.mkdir()
    stick.mkdir()
    monkeypatch.setattr(
        backups,
        "_candidate_mounts",
        lambda: [(str(disk), "disk", False), (str(stick), "KINGSTON", True), (str(gone), "gone", True)],
    )
    volumes = backups.removable_volumes()
    assert [v.path for v in volumes] == [str(stick), str(disk)]
    assert volumes[0].label().startswith("U盘") and "KINGSTON" in volumes[0].label()
    assert volumes[1].label().startswith("磁盘")


def test_mount_points_with_spaces_are_read_back() -> None:
    assert backups._unescape_mount("/media/user/MY\\040STICK") == "/media/user/MY STICK"


def test_restoring_an_old_backup_reopens_like_a_start_up(tmp_path: Path) -> None:
    """The restored data is from an older schema: it is backed up again before it is upgraded."""
    from old_database import make_roster_only_database

    make_roster_only_database(tmp_path / "old")
    old = open_database(tmp_path / "old")
    assert old.migration_backup is not None
    old_backup = Path(old.migration_backup)
    old.close()
    fresh = open_database(tmp_path / "new-pc")
    outcome = backups.restore(fresh, old_backup)
    assert outcome.migrated
    assert outcome.db.migration_backup is not None and Path(outcome.db.migration_backup).exists()
    outcome.db.close()


def test_missing_backup_file_is_a_clear_refusal(empty_db: Database, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="找不到备份文件"):
        backups.verify(tmp_path / "nope.pbk")
    with pytest.raises(UserError, match="找不到备份文件"):
        backups.restore(empty_db, tmp_path / "nope.pbk")
    with pytest.raises(UserError, match="读不了备份文件"):
        backups.is_encrypted(tmp_path / "nope.pbk")


def test_a_new_backup_password_is_typed_twice_and_not_too_short() -> None:
    assert backups.check_new_passphrase("村部2026年春天", "村部2026年春天") == "村部2026年春天"
    with pytest.raises(UserError, match="至少要 8 个字符"):  # issue 13: 8, and why
        backups.check_new_passphrase("村部2026", "村部2026")
    with pytest.raises(UserError, match="不一样"):
        backups.check_new_passphrase("abcdefgh", "abcdefgi")
