"""Issue 21: a role change or a retirement applies to a logged-in session at its next action, not only at the next
login (the guard re-reads the account's row — one read by primary key — in the transaction it checks)."""

from __future__ import annotations

import pytest
from accounts_helpers import ADMIN_PW, SEC_PW, second_client, set_up_accounts

from app.db.database import Database
from app.services import accounts, roster

pytestmark = pytest.mark.both_backends


def test_a_role_change_and_a_retirement_apply_at_the_next_action(demo_copy: Database) -> None:
    first, second = set_up_accounts(demo_copy)
    mine = roster.list_members(demo_copy, branch_id=first)[0].id
    theirs = roster.list_members(demo_copy, branch_id=second)[0].id
    accounts.login(demo_copy, "zhang", SEC_PW)
    roster.set_fields(demo_copy, mine, {"phone": "13900000001"})
    with pytest.raises(accounts.ScopeError):
        roster.set_fields(demo_copy, theirs, {"phone": "13900000002"})
    boss = second_client(demo_copy, "boss", ADMIN_PW)
    try:
        accounts.set_role(boss, "zhang", "书记/党务", second)  # zhang now looks after the second branch
        roster.set_fields(demo_copy, theirs, {"phone": "13900000003"})
        with pytest.raises(accounts.ScopeError):
            roster.set_fields(demo_copy, mine, {"phone": "13900000004"})
        assert accounts.visible_unit_ids(demo_copy)[0] == second  # type: ignore[index]
        accounts.set_role(boss, "zhang", "只读")
        with pytest.raises(accounts.ScopeError, match="只读账户"):
            roster.set_fields(demo_copy, theirs, {"phone": "13900000005"})
        accounts.set_role(boss, "zhang", "管理员")
        assert accounts.can_administer(demo_copy)
        roster.set_fields(demo_copy, mine, {"phone": "13900000006"})
        accounts.set_role(boss, "zhang", "书记/党务", first)
        accounts.retire(boss, "zhang")
        with pytest.raises(accounts.ScopeError, match="已被停用"):
            roster.set_fields(demo_copy, mine, {"phone": "13900000007"})
        with pytest.raises(accounts.ScopeError, match="已被停用"):
            roster.list_members(demo_copy)
        assert roster.get_member(boss, mine).draft.phone == "13900000006"
    finally:
        boss.close()
