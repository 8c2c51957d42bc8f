"""The user's preferences (names printed on boards, paper, backups): typed, with defaults, in one place.

Stored as settings rows (app.services.settings) under the keys below, so the boards and backup areas can
read them with :func:`load` (or ``settings.get(db, KEY, DEFAULTS.field)``) without knowing the dialog.
Keys and their meaning:

- ``board_issuer`` — 落款单位 printed at the foot of boards; empty means "use the organisation name".
- ``board_secretary`` — 书记姓名 printed beside the issuer; empty means "print no name".
- ``board_contact_phone`` — phone number printed for objections during the 公示 period (may be empty).
- ``default_paper`` — "A4" or "A3", the paper boards are laid out for unless chosen otherwise.
- ``backup_target`` — a folder (e.g. a USB stick) that backups are also copied to; empty means none.
- ``auto_backup_enabled`` — true: back up automatically (on close / daily); false: only by hand.
- ``clerk_name`` — the clerk's name (asked on the first-run screen): the 评定人/记录人 of every change;
  empty means "the computer's login name".
- ``columns.<table>`` — the columns a clerk chose to show (true) or hide (false) in one table of a page, by
  heading (ui/kit/columns.py); absent or empty means "as the page lays it out".
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, replace
from typing import Any

from app.db.database import Database
from app.db.models import Setting
from app.domain.errors import ValidationError
from app.services import audit, settings

BOARD_ISSUER = "board_issuer"
BOARD_SECRETARY = "board_secretary"
BOARD_CONTACT_PHONE = "board_contact_phone"
DEFAULT_PAPER = "default_paper"
BACKUP_TARGET = "backup_target"
AUTO_BACKUP_ENABLED = "auto_backup_enabled"
CLERK_NAME = "clerk_name"

PAPER_SIZES = ("A4", "A3")


@dataclass(frozen=True)
class Preferences:
    """Field names are the settings keys, so a key is stored under exactly the name shown here."""

    board_issuer: str = ""
    board_secretary: str = ""
    board_contact_phone: str = ""
    default_paper: str = "A3"
    backup_target: str = ""
    auto_backup_enabled: bool = True
    clerk_name: str = ""


DEFAULTS = Preferences()
KEYS: tuple[str, ...] = tuple(f.name for f in fields(Preferences))


def _coerce(name: str, value: Any) -> Any:
    """Tolerate values written by older versions or by hand: wrong types fall back to the default."""
    default = getattr(DEFAULTS, name)
    if isinstance(default, bool):
        return value if isinstance(value, bool) else default
    if not isinstance(value, str):
        return default
    if name == DEFAULT_PAPER and value not in PAPER_SIZES:
        return default
    return value


def load(db: Database) -> Preferences:
    values = {name: _coerce(name, settings.get(db, name, getattr(DEFAULTS, name))) for name in KEYS}
    return Preferences(**values)


def validate(prefs: Preferences) -> Preferences:
    """Trim text and check it; raises ValidationError naming the field to fix."""
    cleaned = replace(
        prefs,
        board_issuer=prefs.board_issuer.strip(),
        board_secretary=prefs.board_secretary.strip(),
        board_contact_phone=prefs.board_contact_phone.strip(),
        backup_target=prefs.backup_target.strip(),
        clerk_name=prefs.clerk_name.strip(),
    )
    if cleaned.default_paper not in PAPER_SIZES:
        raise ValidationError("默认纸张只能是 A4 或 A3", field=DEFAULT_PAPER)
    phone = cleaned.board_contact_phone
    allowed = set("0123456789-+ ()（）转")
    if phone and (not set(phone) <= allowed or sum(c.isdigit() for c in phone) < 5):
        raise ValidationError(
            "联系电话只能包含数字和“-”，例如 0858-1234567 或 13800000000", field=BOARD_CONTACT_PHONE
        )
    if len(cleaned.board_issuer) > 60:
        raise ValidationError("落款单位太长（最多 60 个字）", field=BOARD_ISSUER)
    if len(cleaned.board_secretary) > 20:
        raise ValidationError("书记姓名太长（最多 20 个字）", field=BOARD_SECRETARY)
    if len(cleaned.clerk_name) > 20:
        raise ValidationError("文书姓名太长（最多 20 个字）", field=CLERK_NAME)
    return cleaned


def save(db: Database, prefs: Preferences) -> Preferences:
    """Validate and store every preference in one transaction, with an audit row per changed key."""
    cleaned = validate(prefs)
    with db.session() as s, s.begin():
        for name in KEYS:
            text = json.dumps(getattr(cleaned, name), ensure_ascii=False)
            row = s.get(Setting, name)
            before = row.value if row else None
            if before == text:
                continue
            if row is None:
                s.add(Setting(key=name, value=text))
            else:
                row.value = text
            audit.record(s, db.actor, "update", "setting", name, name, before, text)
    use_clerk_as_actor(db)
    return cleaned


def use_clerk_as_actor(db: Database) -> None:
    """From now on, changes are recorded under the clerk's name (评定人/记录人), if one was given — unless an
    account has logged in: then its name stays."""
    from app.services.accounts import current_account

    if current_account(db) is not None:
        return
    name = _coerce(CLERK_NAME, settings.get(db, CLERK_NAME, ""))
    if name:
        db.actor = name


def board_issuer(db: Database) -> str:
    """落款单位 for boards: the preference, or the organisation name when left empty."""
    issuer = load(db).board_issuer
    return issuer or str(settings.get(db, settings.ORGANIZATION_NAME, "") or "")


COLUMNS_PREFIX = "columns."


def chosen_columns(db: Database, table: str) -> dict[str, bool]:
    """The clerk's column choice for ``table`` (heading → shown), as :func:`remember_columns` stored it."""
    stored = settings.get(db, COLUMNS_PREFIX + table, None)
    if not isinstance(stored, dict):
        return {}
    return {str(k): v for k, v in stored.items() if isinstance(v, bool)}


def remember_columns(db: Database, table: str, choice: dict[str, bool]) -> None:
    """Remember which columns of ``table`` the clerk shows or hides (empty: back to the page's default). A
    screen's memory: any account may keep its own, like the backup folder."""
    if chosen_columns(db, table) != choice:
        settings.put(db, COLUMNS_PREFIX + table, dict(choice))
