"""What the logged-in account reads by default: its unit's subtree (lists, boards, the pages' unit choices)."""

from __future__ import annotations

from collections.abc import Iterable

from app.db.database import Database
from app.domain.roles import Role
from app.services.accounts import guard
from app.services.accounts.scope import SHARED


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


def require_members(db: Database, member_ids: Iterable[str]) -> None:
    """Refuse (ScopeError, before anything is written) a use case that writes one transaction per member when
    any of ``member_ids`` is outside the logged-in account's reach: without it the members in reach would be
    written and the others refused half-way (and callers that collect one member's problem and go on would
    hide the refusal)."""
    from sqlalchemy import select

    from app.db.models import Member

    who = guard.logged_in(db.engine)
    if who is None or who.role is Role.ADMIN:
        return
    ids = list(dict.fromkeys(member_ids))
    if not ids:
        return
    with db.session() as s:
        branches = [
            (m, b) for m, b in s.execute(select(Member.id, Member.branch_id).where(Member.id.in_(ids)))
        ]
        changes = [("members", {b} if b else {SHARED}) for _m, b in branches]
        guard.check(s, who, changes)


def require_shared(db: Database, table_name: str) -> None:
    """Refuse up front a use case that changes a row of ``table_name`` shared by the whole tree (a project, a
    request) only after changing rows of its own (a claimant's commitment): checked first, nothing is half-done."""
    who = guard.logged_in(db.engine)
    if who is None or who.role is Role.ADMIN:
        return
    with db.session() as s:
        guard.check(s, who, [(table_name, {SHARED})])
