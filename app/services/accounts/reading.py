"""What the logged-in account reads by default: its unit's subtree (lists, boards, the pages' unit choices)."""

from __future__ import annotations

from app.db.database import Database
from app.services.accounts import guard


def visible_unit_ids(db: Database) -> list[str] | None:
    """The units the logged-in account looks after, its own first; None for the whole tree (no accounts, an
    account without a unit such as a 管理员, or one whose unit is the top of the tree)."""
    from sqlalchemy import select

    from app.db.models import Organization
    from app.services.organizations import unit_and_below

    who = guard.logged_in(db.engine)
    if who is None or who.unit_id is None:
        return None
    with db.session() as s:
        if s.scalar(select(Organization.parent_id).where(Organization.id == who.unit_id)) is None:
            return None
        return unit_and_below(s, who.unit_id)
