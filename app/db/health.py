"""Database health: SQLite integrity check, foreign-key check and schema version (for `check`)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from sqlalchemy import Engine, text

from app.db.database import current_revision, head_revision
from app.db.schema_check import schema_problems


@dataclass
class HealthReport:
    integrity: list[str] = field(default_factory=list)  # empty when "ok"
    foreign_key_problems: int = 0
    revision: str | None = None
    head: str = ""
    schema: list[str] = field(default_factory=list)  # differences from what the revision should have

    @property
    def healthy(self) -> bool:
        return (
            not self.integrity
            and not self.foreign_key_problems
            and self.revision == self.head
            and not self.schema
        )


def check(engine: Engine) -> HealthReport:
    report = HealthReport(head=head_revision())
    if engine.dialect.name != "sqlite":  # a PostgreSQL server checks its own pages; the revision is ours
        report.revision = current_revision(engine)
        return report
    with engine.connect() as conn:
        rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
        report.integrity = [] if rows == ["ok"] else rows
        report.foreign_key_problems = len(list(conn.execute(text("PRAGMA foreign_key_check"))))
    report.revision = current_revision(engine)
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        report.schema = schema_problems(driver, report.revision)
    finally:
        raw.close()
    return report
