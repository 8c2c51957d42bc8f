"""Roster import: what an update changes in a member, field by field, with names instead of ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.services import roster


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Names:
    """Ids → names as the plan knows them (branches to be created carry ``new_branch`` + name)."""

    branches: dict[str, str]  # name → id
    groups: dict[tuple[str, str], str]  # (branch id, name) → id
    grids: dict[str, str]  # name → id
    new_branch: str


def _display(key: str, value: Any, names: Names) -> str:
    if value is None:
        return ""
    if key == "branch_id":
        if str(value).startswith(names.new_branch):
            return str(value)[len(names.new_branch) :] + "（新建）"
        return next((n for n, i in names.branches.items() if i == value), str(value))
    if key == "group_id":
        return next((n for (_b, n), i in names.groups.items() if i == value), "")
    if key == "grid_id":
        return next((n for n, i in names.grids.items() if i == value), "")
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_KEY_LABEL = {"branch_id": "branch", "group_id": "group", "grid_id": "grid"}


def diff_drafts(old: roster.MemberDraft, new: roster.MemberDraft, names: Names) -> list[Change]:
    """What an import would change in a member, field by field, as the clerk reads it."""
    out: list[Change] = []
    for name in roster.DRAFT_FIELDS:
        if name == "photo":
            continue
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            out.append(
                Change(
                    name,
                    roster.label(_KEY_LABEL.get(name, name)).replace("_day_unknown", "日不详"),
                    _display(name, a, names),
                    _display(name, b, names),
                )
            )
    return out
