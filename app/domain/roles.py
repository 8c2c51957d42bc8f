"""The three roles of an account and what each may do (the rules; the service layer enforces them)."""

from __future__ import annotations

import enum

from app.domain.errors import ValidationError


class Role(enum.StrEnum):
    ADMIN = "admin"  # 管理员: the whole tree, and the accounts
    SECRETARY = "secretary"  # 书记/党务: read and write their unit's subtree
    READER = "reader"  # 只读: read their unit's subtree

    @property
    def label(self) -> str:
        return LABELS[self]

    @property
    def writes(self) -> bool:
        return self is not Role.READER


LABELS = {Role.ADMIN: "管理员", Role.SECRETARY: "书记/党务", Role.READER: "只读"}
_SPELLINGS = {
    "admin": Role.ADMIN, "管理员": Role.ADMIN,
    "secretary": Role.SECRETARY, "书记/党务": Role.SECRETARY, "书记": Role.SECRETARY, "党务": Role.SECRETARY,
    "reader": Role.READER, "只读": Role.READER,
}  # fmt: skip

MAX_FAILED_ATTEMPTS = 5
LOCKOUT_MINUTES = 5


def parse_role(text: str) -> Role:
    role = _SPELLINGS.get(text.strip().lower()) or _SPELLINGS.get(text.strip())
    if role is None:
        raise ValidationError("角色只能是 管理员、书记/党务 或 只读", field="role")
    return role
