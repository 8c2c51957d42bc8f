"""Issue 21 follow-up: on a township (villages merged from their USB packages) every 待办 item that names a member
says which village — “张三（第1村党总支）” — and a unit's item says its village where branch names repeat; on a
village PC the items read exactly as before."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from app.demo.township import make_village_packages
from app.services import organizations, reminders, roster, township
from app.services.store import Database

pytestmark = pytest.mark.both_backends

TODAY = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_village_packages(tmp_path_factory.mktemp("packages"), 2, members=20, seed=4)


def test_a_townships_todo_names_each_members_village(empty_db: Database, packages: list[Path]) -> None:
    organizations.set_up(empty_db, "仓前镇党委", "党委")
    for package in packages:
        township.import_package(empty_db, package)
    villages = {u.id: u.name for u in organizations.units(empty_db) if u.depth == 1}
    members: dict[str, tuple[str, str]] = {}
    for village_id, village_name in villages.items():
        for m in roster.list_members(empty_db, branch_id=village_id, status="all"):
            members[m.id] = (m.name, village_name)
    items = reminders.todo(empty_db, TODAY)
    named = [i for i in items if i.member_id is not None]
    assert named, "the demo villages have to-dos that name members"
    for item in named:
        name, village = members[item.member_id]  # type: ignore[index]
        assert f"{name}（{village}）" in item.text, item.text
    for item in (i for i in items if i.kind == reminders.MEETINGS):
        # a branch says its village ("第一党支部（第1村党总支）"); a village's own 党总支 is named as it is
        assert re.match(r"^(第\d村党总支|[^（]+（第\d村党总支）)本季度", item.text), item.text


def test_a_village_pcs_todo_is_unchanged(demo_copy: Database) -> None:
    items = reminders.todo(demo_copy, TODAY)
    named = [i for i in items if i.member_id is not None]
    assert named
    names = {m.id: m.name for m in roster.list_members(demo_copy, status="all")}
    for item in named:
        name = names[item.member_id]  # type: ignore[index]
        shown = f"流动党员{name}半年" if item.kind == reminders.MOBILE else name
        assert item.text.startswith(shown) and not item.text.startswith(f"{shown}（"), item.text
    for item in (i for i in items if i.kind == reminders.MEETINGS):
        assert re.match(r"^[^（]+本季度", item.text), item.text
