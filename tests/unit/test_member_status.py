"""Member status values are one enum (app.domain.member_status); the stored strings did not change."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select

from app.db.models import Member
from app.domain.member_status import LEAVE_REASONS, MemberStatus
from app.services import roster
from app.services.store import Database

ROOT = Path(__file__).resolve().parents[2]


def test_the_stored_values_are_the_old_strings() -> None:
    assert [s.value for s in MemberStatus] == ["在册", "转出", "去世", "出党", "停止党籍"]
    assert LEAVE_REASONS == ("转出", "去世", "出党", "停止党籍")
    assert roster.ACTIVE is MemberStatus.ACTIVE and roster.LEAVE_REASONS is LEAVE_REASONS


def test_the_demo_stores_plain_status_strings(demo_copy: Database) -> None:
    with demo_copy.session() as s:
        found = set(s.scalars(select(Member.status)))
    assert MemberStatus.ACTIVE in found and found <= set(MemberStatus)
    assert all(type(v) is str for v in found)


def test_no_status_string_constants_outside_the_enum() -> None:
    literal = re.compile(r"""(==|!=|=)\s*["'](在册|转出|去世|出党|停止党籍)["']""")
    offenders = [
        f"{p.relative_to(ROOT)}:{i}"
        for top in ("app/services", "app/demo", "app/domain")
        for p in (ROOT / top).rglob("*.py")
        if p.name != "member_status.py"
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line)
    ]
    assert offenders == []
