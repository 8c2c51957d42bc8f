"""The boards print with the common-character subset font, and with the full font when a name needs it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from boards_helpers import fonts, has_poppler, star_board, text
from reportlab.pdfbase.ttfonts import TTFont

from app.boards import fonts as board_fonts
from app.boards.pdf import write_pdf
from app.paths import fonts_dir

RARE = ("王堃", "李喆", "张昇", "陈珺", "刘䶮")
needs_poppler = pytest.mark.skipif(
    not has_poppler(), reason="poppler-utils (pdffonts, pdftotext) not installed"
)


@pytest.fixture(autouse=True)
def _fresh_fonts() -> None:
    board_fonts.use_fonts(fonts_dir())
    board_fonts.forget_fonts()


def _common(name: str) -> str:
    return str(fonts_dir() / board_fonts.COMMON_FOLDER / name)


def test_the_subset_lacks_the_rare_characters_and_keeps_the_widths() -> None:
    common = TTFont("common", _common("NotoSansSC-Regular.ttf"))
    full = TTFont("full", str(fonts_dir() / "NotoSansSC-Regular.ttf"))
    for ch in "堃喆昇珺䶮":
        assert ord(ch) not in common.face.charToGlyph and ord(ch) in full.face.charToGlyph
    for ch in "丁新村党总支闪光言行之星（）：、。0123456789ABC★":
        if ord(ch) in common.face.charToGlyph:
            assert common.stringWidth(ch, 10) == full.stringWidth(ch, 10), ch
    assert all(ord(ch) in common.face.charToGlyph for ch in "丁新村党总支闪光言行之星（）：、。0123456789")


@needs_poppler
def test_an_ordinary_board_uses_the_subset_and_embeds_it(tmp_path: Path) -> None:
    out = tmp_path / "board.pdf"
    write_pdf(star_board(tmp_path), out)
    assert set(board_fonts.registered_files().values()) == {
        _common("NotoSansSC-Regular.ttf"),
        _common("NotoSansSC-Bold.ttf"),
    }
    found = fonts(out)
    assert found and all(embedded for _, embedded in found), found
    assert "欧阳明月" in text(out)


@needs_poppler
def test_rare_names_fall_back_to_the_full_font_and_every_character_prints(tmp_path: Path) -> None:
    data = star_board(tmp_path, n=len(RARE))
    data = replace_names(data, RARE)
    out = tmp_path / "rare.pdf"
    write_pdf(data, out)
    assert set(board_fonts.registered_files().values()) == {
        str(fonts_dir() / "NotoSansSC-Regular.ttf"),
        str(fonts_dir() / "NotoSansSC-Bold.ttf"),
    }
    found = fonts(out)
    assert found and all(embedded for _, embedded in found), found
    printed = text(out)
    for name in RARE:
        assert name in printed, name
    # The full font stays registered: the next ordinary board prints with it, the same.
    write_pdf(star_board(tmp_path), tmp_path / "next.pdf")
    assert str(fonts_dir() / "NotoSansSC-Regular.ttf") in board_fonts.registered_files().values()


def replace_names(data, names):  # type: ignore[no-untyped-def]
    cards = [replace(card, name=name) for card, name in zip(data.stars, names, strict=True)]
    return type(data)(data.kind, data.options, cards)
