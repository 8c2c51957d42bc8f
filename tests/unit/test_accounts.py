"""Accounts (issue 21): argon2 hashes only, the 5-try lockout, every audit row naming the account, and the
service-layer scope: a 书记/党务 changes only their unit's subtree, a 只读 account nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from accounts_helpers import ADMIN_PW, READER_PW, SEC_PW, set_up_accounts
from sqlalchemy import select, text

from app.db.database import Database
from app.db.models import AuditEntry
from app.db.models_accounts import Account
from app.domain.errors import UserError
from app.services import accounts, organizations, roster, settings

pytestmark = pytest.mark.both_backends

T0 = dt.datetime(2026, 11, 30, 8, 0)


def _branches(db: Database) -> list[organizations.OrgUnit]:
    return [u for u in organizations.units(db) if u.kind == "党支部"]


def test_no_accounts_means_no_login(demo_copy: Database) -> None:
    assert not accounts.accounts_exist(demo_copy)
    assert accounts.can_administer(demo_copy)
    assert accounts.current_account(demo_copy) is None


def test_only_the_hash_is_stored(demo_copy: Database) -> None:
    set_up_accounts(demo_copy)
    with demo_copy.session() as s:
        hashes = {a.name: a.password_hash for a in s.scalars(select(Account))}
        trail = [(a.before or "") + (a.after or "") for a in s.scalars(select(AuditEntry))]
    assert all(h.startswith("$argon2id$") for h in hashes.values())
    for password in (ADMIN_PW, SEC_PW, READER_PW):
        assert not any(password in h for h in hashes.values())
        assert not any(password in t for t in trail)
    assert len(set(hashes.values())) == 3  # salted


def test_the_first_account_must_be_an_admin(demo_copy: Database) -> None:
    with pytest.raises(UserError, match="第一个账户必须是管理员"):
        accounts.create_account(demo_copy, "zhang", SEC_PW, "书记/党务", _branches(demo_copy)[0].id)
    with pytest.raises(UserError, match="至少要 6 个字符"):
        accounts.create_account(demo_copy, "boss", "123", "管理员")
    assert not accounts.accounts_exist(demo_copy)


def test_five_wrong_passwords_lock_for_five_minutes(demo_copy: Database) -> None:
    set_up_accounts(demo_copy)
    for left in (4, 3, 2, 1):
        with pytest.raises(accounts.LoginError, match=f"还可以再试 {left} 次") as info:
            accounts.authenticate(demo_copy, "zhang", "wrong-password", now=T0)
        assert info.value.attempts_left == left
    with pytest.raises(accounts.LoginError, match="锁定 5 分钟"):
        accounts.authenticate(demo_copy, "zhang", "wrong-password", now=T0)
    # Locked: even the right password is refused, and the message says how long is left.
    with pytest.raises(accounts.LoginError, match="请 4 分钟后再试") as info:
        accounts.authenticate(demo_copy, "zhang", SEC_PW, now=T0 + dt.timedelta(seconds=61))
    assert info.value.minutes_locked == 4
    assert accounts.authenticate(demo_copy, "zhang", SEC_PW, now=T0 + dt.timedelta(minutes=5, seconds=1))
    # A success starts the count afresh.
    with pytest.raises(accounts.LoginError, match="还可以再试 4 次"):
        accounts.authenticate(demo_copy, "zhang", "wrong-password", now=T0 + dt.timedelta(minutes=6))


def test_unknown_and_retired_accounts(demo_copy: Database) -> None:
    set_up_accounts(demo_copy)
    with pytest.raises(accounts.LoginError, match="账户名或密码不对"):
        accounts.authenticate(demo_copy, "nobody", SEC_PW)
    accounts.login(demo_copy, "boss", ADMIN_PW)
    accounts.retire(demo_copy, "li")
    with pytest.raises(accounts.LoginError, match="已停用"):
        accounts.authenticate(demo_copy, "li", READER_PW)
    with pytest.raises(UserError, match="至少要保留一个"):
        accounts.retire(demo_copy, "boss")


def test_audit_rows_name_the_account(demo_copy: Database) -> None:
    first, _ = set_up_accounts(demo_copy)
    member = roster.list_members(demo_copy, branch_id=first)[0].id
    accounts.login(demo_copy, "zhang", SEC_PW)
    assert demo_copy.actor == "zhang"
    demo_copy.actor = "root"  # even a writer that passes another name is stamped with the account
    roster.set_fields(demo_copy, member, {"phone": "13912345678"})
    with demo_copy.session() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last is not None and last.actor == "zhang" and last.entity_id == member


def test_secretary_reads_and_writes_their_subtree(demo_copy: Database) -> None:
    first, second = set_up_accounts(demo_copy)
    everyone = {m.id for m in roster.list_members(demo_copy)}
    accounts.login(demo_copy, "zhang", SEC_PW)
    mine = {m.id for m in roster.list_members(demo_copy)}
    assert mine and mine < everyone
    assert mine == {m.id for m in roster.list_members(demo_copy, branch_id=first)}
    with pytest.raises(accounts.ScopeError, match="超出您的管理范围"):
        roster.list_members(demo_copy, branch_id=second)
    group = organizations.add_unit(demo_copy, first, "新党小组", "党小组")  # below their unit: allowed
    organizations.rename_unit(demo_copy, group, "新一党小组")
    assert accounts.visible_unit_ids(demo_copy) is not None
    assert not accounts.can_administer(demo_copy)


def test_reader_changes_nothing_but_remembered_choices(demo_copy: Database) -> None:
    first, _ = set_up_accounts(demo_copy)
    member = roster.list_members(demo_copy, branch_id=first)[0].id
    accounts.login(demo_copy, "li", READER_PW)
    with pytest.raises(accounts.ScopeError, match="只读账户"):
        roster.set_fields(demo_copy, member, {"phone": "13912345678"})
    settings.put(demo_copy, "boards.title.stars", "我的标题")  # a screen's memory, not village data


def test_own_password_and_admin_reset(demo_copy: Database) -> None:
    set_up_accounts(demo_copy)
    accounts.login(demo_copy, "zhang", SEC_PW)
    with pytest.raises(accounts.ScopeError):
        accounts.change_password(demo_copy, "li", "another-pass")
    accounts.change_password(demo_copy, "zhang", "zhang-new-pass", old_password=SEC_PW)
    accounts.login(demo_copy, "boss", ADMIN_PW)
    accounts.change_password(demo_copy, "zhang", "reset-by-boss")
    assert accounts.authenticate(demo_copy, "zhang", "reset-by-boss").name == "zhang"


def test_role_and_scope_changes(demo_copy: Database) -> None:
    first, second = set_up_accounts(demo_copy)
    accounts.login(demo_copy, "boss", ADMIN_PW)
    view = accounts.set_role(demo_copy, "li", "书记/党务", second)
    assert (view.role_label, view.unit_id) == ("书记/党务", second)
    with pytest.raises(UserError, match="至少要保留一个"):
        accounts.set_role(demo_copy, "boss", "只读", first)
    with demo_copy.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM accounts")).scalar() == 3
