"""`backup restore` on either backend: on a server (PostgreSQL) the whole content is replaced by the package's in
one transaction after a safety backup; a clerk's open transaction makes it refuse with nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.cli import main
from app.db import portable
from app.db.models import AuditEntry, Member
from app.domain.errors import UserError
from app.services import backup, roster
from app.services.store import Database

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url


def _members(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Member)) or 0)


def test_restore_replaces_everything_after_a_safety_backup(
    demo_copy: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    made = backup.create(demo_copy, usb).path
    people = roster.list_members(demo_copy)
    roster.set_fields(demo_copy, people[0].id, {"phone": "13912345678"})
    count = _members(demo_copy)
    url = demo_copy.engine.url.render_as_string(hide_password=False) if demo_copy.on_server else None
    base = ["--data-dir", str(demo_copy.data_dir.root)] + (["--database-url", url] if url else [])
    demo_copy.close()
    assert main([*base, "backup", "restore", str(made), "--yes", "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["safety_backup"]  # the changed data was kept before it was replaced
    db = Database.open(demo_copy.data_dir.root, url=url)
    try:
        assert _members(db) == count
        assert roster.get_member(db, people[0].id).draft.phone != "13912345678"
        # New changes still get fresh audit ids after the restored rows (the server's sequence follows them).
        roster.set_fields(db, people[0].id, {"phone": "13900000000"})
        with db.session() as s:
            newest = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(2)).all()
        assert newest[0].after == "13900000000"
        if db.on_server:
            assert newest[1].action == "restore" and newest[1].after == made.name
        # The safety backup restores the changed phone number.
        again = backup.restore(db, Path(answer["safety_backup"]), safety_backup=False).db
        assert roster.get_member(again, people[0].id).draft.phone == "13912345678"
        if db.on_server:
            assert again is db
        db = again
    finally:
        db.close()


def test_server_restore_refuses_while_a_clerk_holds_a_table(
    demo_copy: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not demo_copy.on_server:
        pytest.skip("a SQLite folder is restored by swapping files (tests/unit/test_backup_restore*.py)")
    monkeypatch.setattr(portable, "LOCK_WAIT", "1s")
    made = backup.create(demo_copy, tmp_path).path
    count = _members(demo_copy)
    with demo_copy.engine.connect() as clerk, clerk.begin():
        clerk.execute(text("LOCK TABLE members IN ROW EXCLUSIVE MODE"))  # an unfinished edit elsewhere
        with pytest.raises(UserError, match="其他电脑"):
            backup.restore(demo_copy, made, safety_backup=False)
    assert _members(demo_copy) == count
