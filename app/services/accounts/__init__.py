"""Accounts and roles: the only door to the accounts, and the write guard that limits each to its scope."""

from app.services.accounts.core import (
    AccountView,
    LoginError,
    accounts_exist,
    authenticate,
    can_administer,
    change_password,
    create_account,
    current_account,
    list_accounts,
    login,
    logout,
    require_admin,
    retire,
    set_role,
)
from app.services.accounts.guard import LoggedIn, ScopeError
from app.services.accounts.reading import (
    require_members,
    require_shared,
    scoped_unit,
    visible_branches,
    visible_member_ids,
    visible_unit_ids,
    visible_units,
)

__all__ = [
    "AccountView",
    "LoggedIn",
    "LoginError",
    "ScopeError",
    "accounts_exist",
    "authenticate",
    "can_administer",
    "change_password",
    "create_account",
    "current_account",
    "list_accounts",
    "login",
    "logout",
    "require_admin",
    "require_members",
    "require_shared",
    "retire",
    "scoped_unit",
    "set_role",
    "visible_branches",
    "visible_member_ids",
    "visible_unit_ids",
    "visible_units",
]
