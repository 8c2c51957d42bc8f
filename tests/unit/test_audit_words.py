"""修改记录 in the clerk's words: no English field names, record ids or JSON (helper HC's walk, session 4)."""

from __future__ import annotations

import re

from app.db.database import Database
from app.services import audit

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


def test_the_demo_villages_trail_reads_in_chinese(demo_copy: Database) -> None:
    rows = audit.entries(demo_copy)
    assert rows
    raw = sorted(
        {
            f"{r.entity}/{r.field}/{r.action}"
            for r in rows
            if any(IDENTIFIER.match(x) for x in (r.entity, r.field, r.action))
        }
    )
    assert not raw, f"shown in English: {raw}"
    for r in rows:
        for value in (r.before, r.after):
            assert not value or not audit.UUID.search(value), f"{r.entity}/{r.field}: a record id {value!r}"
            assert not value or not value.startswith(("{", "[")), f"{r.entity}/{r.field}: JSON {value!r}"


def test_a_claimant_is_named_and_a_removed_one_says_so() -> None:
    names = {"fb1c02e5-3a2e-40c3-a882-4f69e7011740": "文体活动志愿服务队"}
    assert (
        audit.with_names("team:fb1c02e5-3a2e-40c3-a882-4f69e7011740", names) == "文体活动志愿服务队（队伍）"
    )
    assert audit.with_names("00000000-0000-0000-0000-000000000000", names) == "（已删除）"
    assert audit.with_names("2026-11-30", names) == "2026-11-30"
