"""Errors a user can cause, carrying Chinese messages that name the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str  # code name of the field, e.g. "id_number"
    message: str  # Chinese, names the field as the clerk knows it, e.g. "公民身份号码校验位不对…"


class UserError(Exception):
    """Input rejected; nothing was changed. ``str(e)`` is a Chinese sentence for the clerk."""


class ValidationError(UserError):
    """One or more fields are wrong."""

    def __init__(self, errors: list[FieldError] | FieldError | str, field: str = "") -> None:
        if isinstance(errors, str):
            errors = [FieldError(field, errors)]
        elif isinstance(errors, FieldError):
            errors = [errors]
        self.errors: list[FieldError] = list(errors)
        super().__init__("；".join(e.message for e in self.errors))

    def for_field(self, field: str) -> list[str]:
        return [e.message for e in self.errors if e.field == field]


class NotFoundError(UserError):
    """The thing named does not exist (unknown member, branch, period…)."""
