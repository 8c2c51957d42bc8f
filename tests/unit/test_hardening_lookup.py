"""Issue 13, item 10: an ambiguous id prefix lists the candidates; % and _ are not wildcards."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from app.db.database import Database
from app.db.models import Member
from app.domain.errors import NotFoundError
from app.services import roster
from app.services.lookup import AmbiguousError


def test_prefix_matching_several_members_lists_them(demo_copy: Database) -> None:
    a, b = roster.list_members(demo_copy)[:2]
    with demo_copy.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # only the ids change: no other row is looked at
        conn.execute(update(Member).where(Member.id == a.id).values(id="abcd-0001"))
        conn.execute(update(Member).where(Member.id == b.id).values(id="abcd-0002"))
    with pytest.raises(AmbiguousError, match="匹配到多名党员") as caught:
        roster.resolve_member_id(demo_copy, "abcd")
    assert a.name in str(caught.value) and b.name in str(caught.value)
    assert roster.resolve_member_id(demo_copy, "abcd-0002") == "abcd-0002"


@pytest.mark.parametrize("ref", ["%%%%", "____", "%", "a%%%"])
def test_percent_and_underscore_are_not_wildcards(demo_copy: Database, ref: str) -> None:
    with pytest.raises(NotFoundError):
        roster.resolve_member_id(demo_copy, ref)
