"""Whether this database is a township's: the one question the main window asks of the township area at start-up,
so it is answered without importing the merge, the comparison or the backups."""

from __future__ import annotations

from sqlalchemy import select

from app.db.database import Database
from app.db.models_township import TownshipVillage


def is_township(db: Database) -> bool:
    """A township's database: on a server, or with villages merged into it (the 乡镇汇总 page shows)."""
    if db.on_server:
        return True
    with db.session() as s:
        return s.scalar(select(TownshipVillage.village_id).limit(1)) is not None


def shows_summary(db: Database) -> bool:
    """The 乡镇汇总 page is offered: a township's database, and (with accounts set up) a 管理员 logged in."""
    from app.services.accounts import can_administer

    return is_township(db) and can_administer(db)
