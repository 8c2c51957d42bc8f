"""Issue 21: the scope is checked in the service layer. Data-changing services called by an account outside
their scope (a 书记/党务 of the first branch on the second branch's members, on rows the whole tree shares, on
accounts; a 只读 account on anything) are refused with a Chinese reason, and the database is unchanged.

Why every data-changing service is covered, not only the ones called here: the write guard sits on every
Session flush, every ORM-enabled statement, ``app.db.bulk.insert_rows`` and, as a net, on the engine's cursor
(any write statement that did not pass those checks is refused for a non-管理员). The tests below prove the
net, that every table has an owner rule, and that no service writes around the Database's engine.
"""

from __future__ import annotations

import ast
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from accounts_helpers import READER_PW, SEC_PW, rows_of_every_table, set_up_accounts
from sqlalchemy import insert, select, text, update

from app.db import bulk
from app.db.database import Database
from app.db.models import Member, Setting, every_table
from app.db.models_points import PointEntry
from app.domain.id_number import make_id_number
from app.services import (
    accounts,
    backup,
    commitments,
    dues,
    evaluations,
    meetings,
    organizations,
    points,
    preferences,
    recognition,
    roster,
    settings,
    teams,
    wuliang,
)
from app.services.accounts.scope import rule_for
from app.services.residents import people

pytestmark = pytest.mark.both_backends

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date.today()


def _calls(db: Database, first: str, second: str) -> dict[str, Callable[[], object]]:
    """Out-of-scope changes for the 书记/党务 of ``first``: the second branch's people, shared rows, accounts."""
    theirs = roster.list_members(db, branch_id=second)[0].id
    empty_group = organizations.add_unit(db, first, "空党小组", "党小组")  # made before anyone logs in
    period = evaluations.list_periods(db)[0].id
    with db.session() as s:  # the second branch's member with the fewest points: no annual cap in the way
        counts = {m: 0 for m in (r.id for r in roster.list_members(db, branch_id=second))}
        for (member_id,) in s.execute(select(PointEntry.member_id).where(PointEntry.member_id.in_(counts))):
            counts[member_id] += 1
        least = min(counts, key=lambda m: counts[m])
    rule_set = points.rule_sets(db)[0].id if points.rule_sets(db) else None
    draft = roster.MemberDraft(
        name="赵新员", id_number=make_id_number("330522", dt.date(1980, 3, 4), 901), branch_id=second,
        joined_on=dt.date(2005, 7, 1), confirmed_on=dt.date(2006, 7, 1), phone="13800000001",
    )  # fmt: skip
    calls: dict[str, Callable[[], object]] = {
        "add_member": lambda: roster.add_member(db, draft),
        "set_fields": lambda: roster.set_fields(db, theirs, {"phone": "13912345678"}),
        "leave_member": lambda: roster.leave_member(db, theirs, "去世", TODAY),
        "add_unit": lambda: organizations.add_unit(db, second, "越权党小组", "党小组"),
        "rename_unit": lambda: organizations.rename_unit(db, second, "越权改名"),
        "move_unit": lambda: organizations.move_unit(db, empty_group, second),
        "save_grid": lambda: organizations.save_grid(db, None, "越权网格"),
        "put": lambda: settings.put(db, settings.ORGANIZATION_NAME, "越权村"),
        "save": lambda: preferences.save(db, preferences.load(db)),
        "add_deed": lambda: evaluations.add_deed(db, theirs, period, "越权记一条", category="服务群众"),
        "add_commitment": lambda: commitments.add_commitment(
            db,
            commitments.CommitmentDraft(
                year=TODAY.year, kind="具体承诺", content="越权承诺", member_id=theirs
            ),
        ),
        "add_entry": lambda: points.add_entry(db, least, "受到表彰", TODAY),
        "batch_entry": lambda: points.batch_entry(db, "受到表彰", TODAY, [least]),
        "set_rate": lambda: dues.set_rate(db, theirs, 100, "2020-01"),
        "add_meeting": lambda: meetings.add_meeting(
            db, meetings.MeetingDraft(second, "支部党员大会", TODAY, "越权")
        ),
        "add_team": lambda: teams.add_team(db, "越权队", "志愿服务队"),
        "save_profile": lambda: wuliang.save_profile(db, theirs, wuliang.WuliangDraft(post="越权岗")),
        "add_person": lambda: people.add_person(db, people.PersonDraft(name="钱越权")),
        "set_comment": lambda: evaluations.set_comment(db, theirs, period, "越权点评"),
        "create_campaign": lambda: recognition.create_campaign(db, "越权评选", TODAY.year, 3),
        "set_work_unit": lambda: recognition.set_work_unit(db, theirs, "越权单位"),
        "create_account": lambda: accounts.create_account(db, "wang", "wang-secret", "只读", first),
        "retire": lambda: accounts.retire(db, "li"),
        "set_role": lambda: accounts.set_role(db, "li", "管理员"),
    }
    if rule_set is not None:
        calls["update_rule_set"] = lambda: points.update_rule_set(db, rule_set, name="越权规则")
    return calls


def _functions_entered(run: Callable[[], object]) -> set[str]:
    """Names of the app.services functions entered while ``run`` runs."""
    seen: set[str] = set()

    def profile(frame: FrameType, event: str, _arg: Any) -> None:
        if event == "call" and "app/services/" in frame.f_code.co_filename.replace("\\", "/"):
            seen.add(frame.f_code.co_name)

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return seen


def test_out_of_scope_changes_are_refused_and_nothing_changes(demo_copy: Database) -> None:
    first, second = set_up_accounts(demo_copy)
    calls = _calls(demo_copy, first, second)
    accounts.login(demo_copy, "zhang", SEC_PW)
    before = rows_of_every_table(demo_copy.engine)
    entered: set[str] = set()
    for name, call in calls.items():
        outcome: list[BaseException] = []

        def attempt(call: Callable[[], object] = call, outcome: list[BaseException] = outcome) -> None:
            try:
                call()
            except accounts.ScopeError as exc:
                outcome.append(exc)

        entered |= _functions_entered(attempt)
        assert outcome, f"{name} was not refused"
        assert "无权" in str(outcome[0]), (name, str(outcome[0]))
        assert name in entered, name
    assert rows_of_every_table(demo_copy.engine) == before


def test_a_reader_changes_nothing_in_their_own_unit(demo_copy: Database) -> None:
    first, _ = set_up_accounts(demo_copy)
    mine = roster.list_members(demo_copy, branch_id=first)[0].id
    accounts.login(demo_copy, "li", READER_PW)
    before = rows_of_every_table(demo_copy.engine)
    for call in (
        lambda: roster.set_fields(demo_copy, mine, {"phone": "13912345678"}),
        lambda: commitments.add_commitment(
            demo_copy,
            commitments.CommitmentDraft(year=TODAY.year, kind="具体承诺", content="只读承诺", member_id=mine),
        ),
        lambda: organizations.add_unit(demo_copy, first, "只读党小组", "党小组"),
        lambda: wuliang.save_profile(demo_copy, mine, wuliang.WuliangDraft(post="只读岗")),
    ):
        with pytest.raises(accounts.ScopeError, match="只读账户"):
            call()
    assert rows_of_every_table(demo_copy.engine) == before


def test_restore_needs_an_admin(demo_copy: Database, tmp_path: Path) -> None:
    set_up_accounts(demo_copy)
    accounts.login(demo_copy, "zhang", SEC_PW)
    with pytest.raises(accounts.ScopeError, match="从备份恢复"):
        backup.restore(demo_copy, tmp_path / "any.pbk")


def test_bulk_and_core_writes_are_checked(demo_copy: Database) -> None:
    first, second = set_up_accounts(demo_copy)
    theirs = roster.list_members(demo_copy, branch_id=second)[0].id
    accounts.login(demo_copy, "zhang", SEC_PW)
    before = rows_of_every_table(demo_copy.engine)
    with pytest.raises(accounts.ScopeError), demo_copy.session() as s, s.begin():
        bulk.insert_rows(s, Setting, [{"key": "x", "value": "1"}])
    with pytest.raises(accounts.ScopeError), demo_copy.session() as s, s.begin():
        s.execute(update(Member).where(Member.id == theirs).values(phone="1"))
    with pytest.raises(accounts.ScopeError), demo_copy.session() as s, s.begin():
        s.execute(insert(PointEntry), [{"member_id": theirs, "points": 1}])
    # The net: a write that passes no check (a Core statement on a plain connection, raw SQL).
    with pytest.raises(accounts.ScopeError), demo_copy.engine.begin() as conn:
        conn.execute(text("UPDATE members SET phone = '1'"))
    with pytest.raises(accounts.ScopeError), demo_copy.engine.begin() as conn:
        conn.execute(update(Member).values(phone="1"))
    assert rows_of_every_table(demo_copy.engine) == before


def test_every_table_has_an_owner_rule() -> None:
    rules = {t.name: rule_for(t.name).kind for t in every_table()}
    assert rules["members"] == "unit" and rules["commitments"] == "member"
    assert rules["commitment_events"] == "via" and rules["indicators"] == "via"
    assert rules["accounts"] == "admin" and rules["audit_log"] == "free"
    assert all(
        kind in ("free", "admin", "org", "setting", "member", "unit", "via", "shared")
        for kind in rules.values()
    )


def test_no_service_writes_around_the_database_engine() -> None:
    """Every write goes through ``db.session()`` / ``db.engine`` (where the guard sits): no service makes its own
    engine, session factory or SQLite connection (a backup's own SQLite file is not the database)."""
    # backup.py copies and checks backup files; the township merge reads a village's package (its own SQLite file).
    allowed = {"app/services/backup.py", "app/services/township/merge.py"}
    offenders = []
    for path in sorted((ROOT / "app" / "services").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                name = (
                    node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                )
                if (
                    name in ("create_engine", "make_engine", "make_server_engine", "sessionmaker", "connect")
                    and rel not in allowed
                ):
                    base = node.func.value if isinstance(node.func, ast.Attribute) else None
                    if name == "connect" and isinstance(base, ast.Attribute) and base.attr == "engine":
                        continue  # db.engine.connect(): the guarded engine
                    offenders.append(f"{rel}:{node.lineno} {name}")
    assert not offenders, offenders


def test_merging_a_village_package_needs_an_admin(empty_db: Database, tmp_path: Path) -> None:
    """The township merge writes with Core statements: the net refuses them for anyone but a 管理员."""
    from app.demo.township import make_village_packages
    from app.services import township

    package = make_village_packages(tmp_path / "packages", 1, members=3)[0]
    town_root = organizations.set_up(empty_db, "仓前镇党委", "党委")
    accounts.create_account(empty_db, "boss", "boss-secret", "管理员")
    accounts.login(empty_db, "boss", "boss-secret")
    accounts.create_account(empty_db, "zhang", SEC_PW, "书记/党务", town_root)
    accounts.login(empty_db, "zhang", SEC_PW)
    before = rows_of_every_table(empty_db.engine)
    with pytest.raises(accounts.ScopeError, match="只有管理员"):
        township.import_package(empty_db, package)
    with pytest.raises(accounts.ScopeError, match="只有管理员"):  # several at once (the page and the CLI)
        list(township.import_packages(empty_db, [(package, None)]))
    assert rows_of_every_table(empty_db.engine) == before
    assert not accounts.can_administer(empty_db)
    accounts.login(empty_db, "boss", "boss-secret")
    assert accounts.can_administer(empty_db)
    assert township.import_package(empty_db, package).refused_reason in (None, "")


def test_boards_default_to_the_accounts_subtree(demo_copy: Database) -> None:
    from app.services import boards

    first, second = set_up_accounts(demo_copy)
    period = evaluations.list_periods(demo_copy)[0].id
    whole = boards.build(demo_copy, boards.BoardRequest("stars", period=period))
    accounts.login(demo_copy, "zhang", SEC_PW)
    mine = boards.build(demo_copy, boards.BoardRequest("stars", period=period))
    assert 0 < len(mine.entries) < len(whole.entries)
    with pytest.raises(accounts.ScopeError, match="超出您的管理范围"):
        boards.build(demo_copy, boards.BoardRequest("stars", period=period, branch_ids=(second,)))
