"""`backup create` on either backend writes the same .pbk; a village restores it into its SQLite folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db.models import Member
from app.services import backup
from app.services.store import Database

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url


def _members(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Member)) or 0)


def test_backup_restores_into_a_village_folder(demo_copy: Database, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    made = backup.create(demo_copy, usb).path
    village = Database.open(tmp_path / "village")
    restored = backup.restore(village, made, safety_backup=False).db
    try:
        assert not restored.on_server
        assert _members(restored) == _members(demo_copy) > 0
    finally:
        restored.close()
