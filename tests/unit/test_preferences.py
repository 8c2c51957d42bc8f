"""Preferences: defaults, a save/load round trip, validation, and the documented settings keys."""

from __future__ import annotations

import pytest

from app.db.database import Database
from app.domain.errors import ValidationError
from app.services import organizations, preferences, settings
from app.services.preferences import Preferences

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url


def test_defaults_when_nothing_saved(empty_db: Database) -> None:
    assert preferences.load(empty_db) == preferences.DEFAULTS
    assert preferences.DEFAULTS.default_paper == "A3"
    assert preferences.DEFAULTS.auto_backup_enabled is True


def test_round_trip_and_keys_readable_by_other_areas(empty_db: Database) -> None:
    prefs = Preferences(
        board_issuer=" 中共丁新村总支部委员会 ",
        board_secretary="王建国",
        board_contact_phone="0858-1234567",
        default_paper="A4",
        backup_target="/media/usb",
        auto_backup_enabled=False,
    )
    stored = preferences.save(empty_db, prefs)
    assert stored.board_issuer == "中共丁新村总支部委员会"
    assert preferences.load(empty_db) == stored
    # The boards and backup areas read the plain settings keys.
    assert settings.get(empty_db, "board_secretary") == "王建国"
    assert settings.get(empty_db, "default_paper") == "A4"
    assert settings.get(empty_db, "auto_backup_enabled") is False
    assert settings.get(empty_db, "backup_target") == "/media/usb"


def test_saving_same_values_writes_no_audit_rows(empty_db: Database) -> None:
    from sqlalchemy import func, select

    from app.db.models import AuditEntry

    preferences.save(empty_db, Preferences(board_secretary="李红"))
    with empty_db.session() as s:
        before = s.scalar(select(func.count()).select_from(AuditEntry))
    preferences.save(empty_db, Preferences(board_secretary="李红"))
    with empty_db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == before


def test_bad_values_rejected_and_nothing_stored(empty_db: Database) -> None:
    with pytest.raises(ValidationError, match="联系电话"):
        preferences.save(empty_db, Preferences(board_secretary="李红", board_contact_phone="找村委"))
    with pytest.raises(ValidationError, match="A4 或 A3"):
        preferences.save(empty_db, Preferences(default_paper="Letter"))
    assert preferences.load(empty_db) == preferences.DEFAULTS


def test_hand_edited_wrong_types_fall_back_to_defaults(empty_db: Database) -> None:
    settings.put(empty_db, "default_paper", "B5")
    settings.put(empty_db, "auto_backup_enabled", "yes")
    prefs = preferences.load(empty_db)
    assert prefs.default_paper == "A3"
    assert prefs.auto_backup_enabled is True


def test_issuer_defaults_to_organisation_name(empty_db: Database) -> None:
    organizations.set_up(empty_db, "丁新村党总支")
    assert preferences.board_issuer(empty_db) == "丁新村党总支"
    preferences.save(empty_db, Preferences(board_issuer="中共丁新村总支部委员会"))
    assert preferences.board_issuer(empty_db) == "中共丁新村总支部委员会"
