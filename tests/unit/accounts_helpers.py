"""Accounts set up on a demo village for the accounts tests (both modules share them)."""

from __future__ import annotations

from app.db.database import Database
from app.services import accounts, organizations

ADMIN_PW = "admin-secret-1"
SEC_PW = "zhang-secret-2"
READER_PW = "li-secret-3"


def set_up_accounts(db: Database) -> tuple[str, str]:
    """管理员 boss; 书记/党务 zhang and 只读 li on the first branch. Returns (first, second) branch ids."""
    first, second = [u for u in organizations.units(db) if u.kind == "党支部"][:2]
    accounts.create_account(db, "boss", ADMIN_PW, "管理员")
    accounts.login(db, "boss", ADMIN_PW)
    accounts.create_account(db, "zhang", SEC_PW, "书记/党务", first.id, "张书记")
    accounts.create_account(db, "li", READER_PW, "只读", first.id)
    accounts.logout(db)
    return first.id, second.id
