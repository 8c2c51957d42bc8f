"""Issue 13, items 7, 9 (党龄校正) and 12: field rules every way in shares (CLI, editor, import)."""

from __future__ import annotations

import pytest

from app.db.database import Database
from app.domain import text_rules
from app.domain.errors import ValidationError
from app.services import roster


def _first(db: Database) -> str:
    return roster.list_members(db)[0].id


def test_control_characters_are_stripped_on_input(demo_copy: Database) -> None:
    member = _first(demo_copy)
    roster.set_fields(demo_copy, member, {"家庭住址": "幸福\x07路\x1b8号", "备注": "第一行\n第二\x00行"})
    draft = roster.get_member(demo_copy, member).draft
    assert draft.address == "幸福路8号"
    assert draft.note == "第一行\n第二行"


@pytest.mark.parametrize("bidi", ["\u202e", "\u202a", "\u2066", "\u2069"])
def test_bidi_controls_are_refused(demo_copy: Database, bidi: str) -> None:
    with pytest.raises(ValidationError, match="方向控制符"):
        roster.set_fields(demo_copy, _first(demo_copy), {"姓名": f"王{bidi}芳"})


def test_name_longer_than_20_is_refused(demo_copy: Database) -> None:
    with pytest.raises(ValidationError, match="最多 20"):
        roster.set_fields(demo_copy, _first(demo_copy), {"姓名": "王" * 21})


def test_address_length_is_capped(demo_copy: Database) -> None:
    with pytest.raises(ValidationError, match="太长"):
        roster.set_fields(demo_copy, _first(demo_copy), {"家庭住址": "路" * 101})


def test_character_the_font_cannot_draw_is_refused(demo_copy: Database) -> None:
    missing = "\U00020000"  # CJK Extension B: not in the bundled Noto Sans SC
    assert ord(missing) not in roster.drawable_characters()
    with pytest.raises(ValidationError, match="空框"):
        roster.set_fields(demo_copy, _first(demo_copy), {"姓名": f"王{missing}"})
    roster.set_fields(demo_copy, _first(demo_copy), {"姓名": "王䶮"})  # rare but in the font: fine


@pytest.mark.parametrize("value", ["99999999999999999999999", "81", "-200"])
def test_party_age_correction_is_capped(demo_copy: Database, value: str) -> None:
    with pytest.raises(ValidationError, match="党龄校正"):
        roster.set_fields(demo_copy, _first(demo_copy), {"党龄校正": value})


def test_text_rules_pure() -> None:
    assert text_rules.strip_controls("a\tb\nc") == "abc"
    assert text_rules.strip_controls("a\tb\nc", keep_lines=True) == "ab\nc"
    assert text_rules.undrawable("王x", {ord("王")}) == ["x"]
