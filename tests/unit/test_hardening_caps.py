"""Issue 13, item 8: a check-then-write use case holds SQLite's write lock from its first read, so two writers
cannot both pass an "at most N" rule (the annual cap of a points indicator)."""

from __future__ import annotations

import datetime as dt
import importlib
import sqlite3

import pytest
from sqlalchemy import func, select

from app.db import database
from app.db.database import Database, DatabaseLockedError
from app.db.models_points import Indicator, PointEntry
from app.services import roster

ledger = importlib.import_module("app.services.points.entries")


def test_explicit_transaction_holds_the_write_lock_from_its_start(demo_copy: Database) -> None:
    other = sqlite3.connect(demo_copy.data_dir.db_path, timeout=0, isolation_level=None)
    try:
        with demo_copy.session() as s, s.begin():
            s.execute(select(1))  # a read only: the check of a rule
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again after the commit
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_two_writers_cannot_both_pass_the_annual_cap(
    demo_copy: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_copy.session() as s:
        indicator = s.scalars(
            select(Indicator).where(Indicator.annual_cap.is_not(None), Indicator.points > 0)
        ).first()
        assert indicator is not None and indicator.annual_cap is not None
        name, cap, points = indicator.name, indicator.annual_cap, indicator.points
    member = next(m for m in roster.list_members(demo_copy) if m.category == "正式党员")
    day = dt.date(dt.date.today().year, 1, 2)
    # Each writer asks for the whole cap; the second tries to slip in while the first is checking.
    second = Database.open(demo_copy.data_dir.root)
    monkeypatch.setattr(database, "BUSY_TIMEOUT_SECONDS", 0.2)
    real_used = ledger.used_points
    outcome: list[str] = []

    def used_then_race(*args: object, **kwargs: object) -> int:
        value = real_used(*args, **kwargs)  # type: ignore[arg-type]
        if not outcome:
            outcome.append("raced")
            try:
                ledger.add_entry(second, member.id, name, day, times=max(1, cap // max(1, points)))
                outcome.append("second wrote")
            except DatabaseLockedError:
                outcome.append("second waited")
        return value

    monkeypatch.setattr(ledger, "used_points", used_then_race)
    try:
        ledger.add_entry(demo_copy, member.id, name, day, times=max(1, cap // max(1, points)))
    except Exception:
        pass
    finally:
        second.close()
    monkeypatch.undo()
    with demo_copy.session() as s:
        total = s.scalar(
            select(func.coalesce(func.sum(PointEntry.points), 0)).where(
                PointEntry.member_id == member.id,
                PointEntry.indicator_id == indicator.id,
                PointEntry.year == day.year,
            )
        )
    assert outcome[-1] == "second waited"
    assert total is not None and total <= cap
