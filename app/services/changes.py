"""Has another clerk changed anything? A cheap revision of the whole database for pages to refresh on.

Every change writes an audit row in its own transaction (app/services/audit.py), so the audit log's ids are
the database's change counter. ``revision`` answers with one query on the primary-key index: the highest id,
and how many ids lie above a floor. The count matters on PostgreSQL: ids are handed out when a transaction
inserts, not when it commits, so a slow transaction can commit an id *below* the highest one already seen;
it still adds one to the count above the floor. The floor sits ``WINDOW`` ids below the highest seen — no
transaction of a village or township office stays open that long.

Measured against PostgreSQL LISTEN/NOTIFY in bench/bench_refresh.py (bench/README.md): the poll costs well
under a millisecond every few seconds on both backends and needs nothing but the connection pool; NOTIFY
would need a trigger, a listening connection and thread per client, and SQLite would still have to poll.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.db.database import Database
from app.db.models import AuditEntry

WINDOW = 1_000


@dataclass(frozen=True)
class Revision:
    floor: int
    highest: int
    above_floor: int


def revision(db: Database, floor: int | None = None) -> Revision:
    """The database's change revision; pass the floor of the last one to compare like with like."""
    with db.session() as s:
        if floor is None:
            highest = s.scalar(select(func.max(AuditEntry.id))) or 0
            floor = max(0, highest - WINDOW)
        row = s.execute(select(func.max(AuditEntry.id), func.count()).where(AuditEntry.id > floor)).one()
        return Revision(floor, int(row[0] or floor), int(row[1]))
