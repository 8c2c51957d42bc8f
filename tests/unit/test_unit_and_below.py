""" "The unit and everything below it" exists once (organizations.unit_and_below) and every listing uses it."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.errors import NotFoundError
from app.services import organizations
from app.services.store import Database


def test_unit_and_below_is_the_subtree_unit_first(empty_db: Database) -> None:
    root = organizations.set_up(empty_db, "丁新村党总支")
    first = organizations.add_unit(empty_db, root, "第一党支部", "党支部")
    second = organizations.add_unit(empty_db, root, "第二党支部", "党支部")
    group = organizations.add_unit(empty_db, first, "第一党小组", "党小组")
    with empty_db.session() as s:
        assert organizations.unit_and_below(s, first) == [first, group]
        assert organizations.unit_and_below(s, second) == [second]
        assert set(organizations.unit_and_below(s, root)) == {root, first, second, group}
        assert organizations.unit_and_below(s, root)[0] == root
        with pytest.raises(NotFoundError):
            organizations.unit_and_below(s, "no-such-unit")


def test_no_other_copy_of_the_subtree_walk() -> None:
    services = Path(__file__).resolve().parents[2] / "app" / "services"
    copies = [
        p.relative_to(services).as_posix()
        for p in services.rglob("*.py")
        if "parent_id in" in p.read_text(encoding="utf-8") or "def _unit" in p.read_text(encoding="utf-8")
    ]
    assert copies == []
