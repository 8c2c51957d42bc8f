"""Accounts: create, change password, role and scope, retire; authenticate with lockout; log in.

The audit trail names the account (``db.actor`` becomes its name at login, and the write guard stamps every
audit row with it). Passwords are never logged, never stored in clear: only their argon2 hashes.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.database import Database
from app.db.models import Organization, utcnow
from app.db.models_accounts import Account
from app.domain.errors import NotFoundError, UserError, ValidationError
from app.domain.roles import LOCKOUT_MINUTES, MAX_FAILED_ATTEMPTS, Role, parse_role
from app.services import audit
from app.services.accounts import guard, passwords
from app.services.accounts.guard import LoggedIn, ScopeError


class LoginError(UserError):
    """Wrong name or password, a retired or a locked account; the message says what to do (and how long)."""

    def __init__(
        self, message: str, attempts_left: int | None = None, minutes_locked: int | None = None
    ) -> None:
        super().__init__(message)
        self.attempts_left = attempts_left
        self.minutes_locked = minutes_locked


@dataclass(frozen=True)
class AccountView:
    id: str
    name: str
    display_name: str
    role: str  # Role value: admin / secretary / reader
    role_label: str  # 管理员 / 书记/党务 / 只读
    unit_id: str | None
    unit_name: str  # "" for the whole tree
    active: bool
    locked: bool
    created_at: dt.datetime
    changed_at: dt.datetime


def _now(now: dt.datetime | None) -> dt.datetime:
    return now if now is not None else utcnow()


def _view(s: Session, a: Account, now: dt.datetime | None = None) -> AccountView:
    unit_name = s.scalar(select(Organization.name).where(Organization.id == a.unit_id)) if a.unit_id else None
    role = Role(a.role)
    return AccountView(
        a.id, a.name, a.display_name, role.value, role.label, a.unit_id, unit_name or "", a.active,
        bool(a.locked_until and a.locked_until > _now(now)), a.created_at, a.changed_at,
    )  # fmt: skip


def accounts_exist(db: Database) -> bool:
    """Whether any active account is set up: then the program asks who is there before it opens the data."""
    table = Account.__table__  # a Core read: every command asks this before anything else
    with db.session() as s:
        return s.scalar(select(table.c.id).where(table.c.active.is_(True)).limit(1)) is not None


def list_accounts(db: Database) -> list[AccountView]:
    """Every account for a 管理员 (or with nobody logged in); an account limited to a unit sees its own and the
    accounts of its subtree (not the 管理员, not another branch's clerks)."""
    from app.services.accounts.reading import visible_unit_ids

    scope = visible_unit_ids(db)
    who = guard.logged_in(db.engine)
    with db.session() as s:
        query = select(Account).order_by(Account.active.desc(), Account.name)
        if scope is not None and who is not None:
            query = query.where((Account.id == who.account_id) | Account.unit_id.in_(scope))
        return [_view(s, a) for a in s.scalars(query)]


def can_administer(db: Database) -> bool:
    """True when no account exists (a village PC as before) or the logged-in account is a 管理员."""
    who = guard.logged_in(db.engine)
    if who is not None:
        with db.session() as s:  # a role changed (or the account retired) since the login applies now
            return guard.refreshed(db.engine, s, who).role is Role.ADMIN
    return not accounts_exist(db)


def require_admin(db: Database, what: str) -> None:
    """Refuse ``what`` (e.g. "从备份恢复") unless ``can_administer``."""
    if not can_administer(db):
        who = guard.logged_in(db.engine)
        name = who.name if who is not None else "未登录"
        raise ScopeError(f"无权{what}：只有管理员可以做这项操作（当前账户：{name}）")


def current_account(db: Database) -> LoggedIn | None:
    """Who logged in on this database (None: no accounts, or nobody yet)."""
    return guard.logged_in(db.engine)


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError("请填写账户名", field="name")
    if len(name) > 50:
        raise ValidationError("账户名最多 50 个字", field="name")
    return name


def _scope_unit(s: Session, role: Role, unit_id: str | None) -> str | None:
    """The unit of the account's scope: none for a 管理员 (the whole tree), required for the others."""
    if role is Role.ADMIN:
        return None
    if unit_id is None:
        raise ValidationError("书记/党务和只读账户要指定所管的组织", field="unit", cli_hint="--unit")
    if s.get(Organization, unit_id) is None:
        raise NotFoundError("找不到这个组织")
    return unit_id


def _get(s: Session, name: str) -> Account:
    account = s.scalar(select(Account).where(Account.name == name.strip()))
    if account is None:
        raise NotFoundError(f"没有名为“{name.strip()}”的账户")
    return account


def create_account(
    db: Database, name: str, password: str, role: str, unit_id: str | None = None, display_name: str = ""
) -> AccountView:
    """A new account. The first one must be a 管理员 (someone must be able to manage the others)."""
    name = _clean_name(name)
    parsed = parse_role(role)
    passwords.check_strength(password)
    first = not accounts_exist(db)
    if first and parsed is not Role.ADMIN:
        raise ValidationError("第一个账户必须是管理员", field="role")
    if not first:
        require_admin(db, "添加账户")
    hashed = passwords.hash_password(password)
    with db.session() as s, s.begin():
        if s.scalar(select(Account.id).where(Account.name == name)):
            raise ValidationError(f"已经有名为“{name}”的账户", field="name")
        account = Account(
            name=name, display_name=display_name.strip()[:50], role=parsed.value,
            unit_id=_scope_unit(s, parsed, unit_id), password_hash=hashed, failed_attempts=0, active=True,
        )  # fmt: skip
        s.add(account)
        s.flush()
        audit.record(s, db.actor, "create", "account", account.id, "role", None, parsed.label)
        return _view(s, account)


def change_password(db: Database, name: str, new_password: str, old_password: str | None = None) -> None:
    """The 管理员 resets anyone's password; anyone changes their own with the old one."""
    passwords.check_strength(new_password)
    who = guard.logged_in(db.engine)
    own = who is not None and who.name == name.strip()
    if old_password is None or not own:
        require_admin(db, "重设别人的密码")
    hashed = passwords.hash_password(new_password)
    with db.session() as s, guard.bookkeeping(s), s.begin():
        account = _get(s, name)
        if old_password is not None and own and not passwords.verify(account.password_hash, old_password):
            raise ValidationError("原密码不对", field="old_password")
        account.password_hash = hashed
        account.failed_attempts = 0
        account.locked_until = None
        account.changed_at = utcnow()
        audit.record(s, db.actor, "update", "account", account.id, "password", None, "（已更改）")


def set_role(db: Database, name: str, role: str | None = None, unit_id: str | None = None) -> AccountView:
    """Change an account's role and/or the unit of its scope (管理员 only); the last 管理员 stays one."""
    require_admin(db, "修改账户的角色")
    with db.session() as s, s.begin():
        account = _get(s, name)
        before = f"{Role(account.role).label} {account.unit_id or ''}".strip()
        parsed = parse_role(role) if role else Role(account.role)
        if Role(account.role) is Role.ADMIN and parsed is not Role.ADMIN:
            _keep_an_admin(s, account.id)
        account.role = parsed.value
        account.unit_id = _scope_unit(s, parsed, unit_id if unit_id is not None else account.unit_id)
        account.changed_at = utcnow()
        audit.record(
            s,
            db.actor,
            "update",
            "account",
            account.id,
            "role",
            before,
            f"{parsed.label} {account.unit_id or ''}".strip(),
        )
        return _view(s, account)


def _keep_an_admin(s: Session, leaving: str) -> None:
    others = s.scalar(
        select(func.count()).select_from(Account)
        .where(Account.role == Role.ADMIN.value, Account.active.is_(True), Account.id != leaving)
    )  # fmt: skip
    if not others:
        raise UserError("至少要保留一个在用的管理员账户")


def retire(db: Database, name: str) -> None:
    """The account can no longer log in; its name stays in the audit trail (nothing is hard-deleted)."""
    require_admin(db, "停用账户")
    with db.session() as s, s.begin():
        account = _get(s, name)
        if not account.active:
            raise UserError(f"账户“{account.name}”已经停用")
        if Role(account.role) is Role.ADMIN:
            _keep_an_admin(s, account.id)
        account.active = False
        account.changed_at = utcnow()
        audit.record(s, db.actor, "update", "account", account.id, "active", True, False)


def authenticate(db: Database, name: str, password: str, now: dt.datetime | None = None) -> AccountView:
    """The account if ``password`` is right. Five wrong passwords in a row lock it for five minutes."""
    at = _now(now)
    failure: LoginError | None = None
    with db.session() as s, guard.bookkeeping(s), s.begin():
        account = s.scalar(select(Account).where(Account.name == name.strip()))
        if account is None or not account.active:
            passwords.verify(_dummy_hash(), password)  # same time either way: the name is not given away
            if account is not None:
                raise LoginError(f"账户“{account.name}”已停用，请找管理员")
            raise LoginError("账户名或密码不对")
        if account.locked_until is not None and account.locked_until > at:
            minutes = max(1, math.ceil((account.locked_until - at).total_seconds() / 60))
            raise LoginError(
                f"密码连续输错 {MAX_FAILED_ATTEMPTS} 次，账户已锁定，请 {minutes} 分钟后再试", 0, minutes
            )
        if not passwords.verify(account.password_hash, password):
            account.failed_attempts = (account.failed_attempts or 0) + 1
            left = MAX_FAILED_ATTEMPTS - account.failed_attempts
            if left <= 0:
                account.failed_attempts = 0
                account.locked_until = at + dt.timedelta(minutes=LOCKOUT_MINUTES)
                failure = LoginError(
                    f"密码连续输错 {MAX_FAILED_ATTEMPTS} 次，账户已锁定 {LOCKOUT_MINUTES} 分钟，请稍后再试",
                    0,
                    LOCKOUT_MINUTES,
                )
            else:
                failure = LoginError(f"密码不对，还可以再试 {left} 次", left)
        else:
            account.failed_attempts = 0
            account.locked_until = None
        view = _view(s, account, at)
    if failure is not None:  # raised after the commit: the counter is kept although the login fails
        raise failure
    return view


def login(db: Database, name: str, password: str, now: dt.datetime | None = None) -> AccountView:
    """Authenticate, then make this account the one every change is recorded under and checked against."""
    account = authenticate(db, name, password, now)
    guard.install(db.engine, LoggedIn(account.id, account.name, Role(account.role), account.unit_id))
    db.actor = account.name
    return account


def logout(db: Database) -> None:
    guard.uninstall(db.engine)


def _dummy_hash() -> str:
    """A hash to check against when the name is unknown (made once)."""
    global _dummy
    if _dummy is None:
        _dummy = passwords.hash_password("not-a-password")
    return _dummy


_dummy: str | None = None
