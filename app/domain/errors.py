"""Errors a user can cause, carrying Chinese messages that name the field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str  # code name of the field, e.g. "id_number"
    message: str  # Chinese, names the field as the clerk knows it, e.g. "公民身份号码校验位不对…"


class UserError(Exception):
    """Input rejected; nothing was changed. ``str(e)`` is a Chinese sentence for the clerk.

    ``cli_hint``: the command that does what the sentence asks (``periods reopen 2026Q3 --reason 理由``); the
    command line adds it, the window does not (it has its buttons, and a command there is jargon to the clerk).
    """

    def __init__(self, *args: object, cli_hint: str = "") -> None:
        super().__init__(*args)
        self.cli_hint = cli_hint


class ValidationError(UserError):
    """One or more fields are wrong."""

    def __init__(
        self, errors: list[FieldError] | FieldError | str, field: str = "", cli_hint: str = ""
    ) -> None:
        if isinstance(errors, str):
            errors = [FieldError(field, errors)]
        elif isinstance(errors, FieldError):
            errors = [errors]
        self.errors: list[FieldError] = list(errors)
        super().__init__("；".join(e.message for e in self.errors), cli_hint=cli_hint)

    def for_field(self, field: str) -> list[str]:
        return [e.message for e in self.errors if e.field == field]


class NotFoundError(UserError):
    """The thing named does not exist (unknown member, branch, period…)."""
