"""What the logged-in account reads by default: its unit's subtree (lists, boards, the pages' unit choices)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from app.db.database import Database
from app.services.accounts import guard
from app.services.accounts.scope import SHARED

if TYPE_CHECKING:
    from app.services.organizations import OrgUnit


def visible_unit_ids(db: Database) -> list[str] | None:
    """The units the logged-in account looks after, its own first; None for the whole tree (no accounts, an
    account without a unit such as a 管理员, or one whose unit is the top of the tree)."""
    from sqlalchemy import select

    from app.db.models import Organization
    from app.services.organizations import unit_and_below

    who = guard.logged_in(db.engine)
    if who is None:
        return None
    with db.session() as s:
        who = guard.refreshed(db.engine, s, who)  # a role or unit changed since the login applies now
        if who.unit_id is None:
            return None
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
    if who is None:
        return
    ids = list(dict.fromkeys(member_ids))
    if not ids:
        return
    with db.session() as s:
        branches = s.scalars(select(Member.branch_id).where(Member.id.in_(ids)))
        changes = [("members", {b} if b else {SHARED}) for b in branches]
        guard.check(s, guard.refreshed(db.engine, s, who), changes)


def require_shared(db: Database, table_name: str) -> None:
    """Refuse up front a use case that changes a row of ``table_name`` shared by the whole tree (a project, a
    request) only after changing rows of its own (a claimant's commitment): checked first, nothing is half-done."""
    require_units(db, table_name, [None])


def require_units(db: Database, table_name: str, unit_ids: Iterable[str | None]) -> None:
    """Refuse up front (ScopeError) a change of rows of ``table_name`` owned by ``unit_ids`` (None: a row the
    whole tree shares) that the logged-in account may not make — before a use case writes files of its own
    (a safety backup, photos) that a refusal at the flush would leave behind."""
    who = guard.logged_in(db.engine)
    if who is None:
        return
    changes = [(table_name, {unit or SHARED}) for unit in dict.fromkeys(unit_ids)]
    if not changes:
        return
    with db.session() as s:
        guard.check(s, guard.refreshed(db.engine, s, who), changes)


def visible_member_ids(db: Database) -> set[str] | None:
    """Members of the units the logged-in account looks after (any status); None for the whole tree."""
    from sqlalchemy import select

    from app.db.models import Member

    units = visible_unit_ids(db)
    if units is None:
        return None
    with db.session() as s:
        return set(s.scalars(select(Member.id).where(Member.branch_id.in_(units))))


def scoped_unit(db: Database, unit_id: str | None, what: str = "查看这个组织的数据") -> str | None:
    """The unit a read covers: ``unit_id`` as asked for the whole tree's accounts; for an account with a unit its
    own unit when none is asked, and a refusal for one outside its subtree."""
    scope = visible_unit_ids(db)
    if scope is None:
        return unit_id
    if unit_id is None:
        return scope[0]
    if unit_id not in scope:
        raise guard.ScopeError(f"无权{what}：超出您的管理范围")
    return unit_id


def visible_units(db: Database) -> list[OrgUnit]:
    """``organizations.units`` (tree order) limited to the logged-in account's subtree: the pages' unit choosers."""
    from app.services import organizations

    scope = visible_unit_ids(db)
    every = organizations.units(db)
    return every if scope is None else [u for u in every if u.id in set(scope)]


def visible_branches(db: Database) -> list[OrgUnit]:
    """``organizations.branches`` limited the same way (every unit a member can belong to: no 党小组)."""
    return [u for u in visible_units(db) if u.kind != "党小组"]
