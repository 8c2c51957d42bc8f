"""Issue 13, item 6: the GUI says what the CLI says when another program keeps the database busy."""

from __future__ import annotations

import sqlite3

import pytest

from app.db import database
from app.db.database import Database
from app.services import roster
from tests.gui.conftest import Said
from ui.kit.page import attempt


def test_busy_database_is_a_warning_not_a_crash(
    demo_copy: Database, said: Said, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", 0.2)
    demo_copy.engine.dispose()  # new connections take the short timeout
    member = roster.list_members(demo_copy)[0].id
    holder = sqlite3.connect(demo_copy.data_dir.db_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        result = attempt(None, lambda: roster.set_fields(demo_copy, member, {"备注": "忙"}))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result is None
    assert any("数据库正忙" in w and "另一个先锋榜" in w for w in said.warnings())
