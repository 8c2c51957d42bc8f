"""Password hashing with argon2id (argon2-cffi): memory-hard, salted; only the hash is ever stored."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from app.domain.errors import ValidationError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_LENGTH = 6


@cache
def _hasher() -> PasswordHasher:
    from argon2 import (
        PasswordHasher,  # imported when an account is used: `--help` and a village PC need none of it
    )

    return PasswordHasher()  # argon2id, RFC 9106 low-memory profile (64 MiB, 3 passes)


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"密码至少要 {MIN_LENGTH} 个字符", field="password")
    if password != password.strip():
        raise ValidationError("密码的开头和结尾不能是空格", field="password")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify(stored_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False
