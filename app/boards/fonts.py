"""The boards' TrueType fonts: a common-character subset when it has every character of the board, else the full one.

ReportLab parses a font in pure Python each run: the full Noto Sans SC (2 × ~10 MB) costs most of a second, the
subsets in resources/fonts/common/ (GB 2312 and punctuation, made by scripts/make_font_subsets.py) a fraction.
Both have the same glyphs and advance widths, so a board measures and lays out the same with either; a board
with a character the subset lacks (a rare name: 堃 喆 昇 珺 䶮) is laid out again with the full font, so every
character is printed, and every font in the PDF is embedded (as a subset of what the board uses).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "NotoSansSC"
BOLD = "NotoSansSC-Bold"
FONT_FILE_NAMES = {REGULAR: "NotoSansSC-Regular.ttf", BOLD: "NotoSansSC-Bold.ttf"}
COMMON_FOLDER = "common"  # the subsets, under the same file names
COMMON_SUFFIX = "-common"  # registered as REGULAR + this (ReportLab keeps the first font of a name for good)
# Filled by use_fonts(): the boards do not know where the program keeps its resources (app.paths does,
# and app.services.boards passes the folder in before it lays out or measures anything).
FONT_FILES: dict[str, Path] = {}
COMMON_FONT_FILES: dict[str, Path] = {}
_registered: dict[str, TTFont] = {}  # the font each name (REGULAR, BOLD) is drawn with now


# What the subsets hold besides GB 2312 (scripts/make_font_subsets.py cuts them from these ranges).
COMMON_RANGES = (
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1
    (0x2000, 0x206F),  # General Punctuation (“ ” ‘ ’ — … ‰ ※)
    (0x2150, 0x218F),  # Number Forms (Ⅰ Ⅱ …)
    (0x2460, 0x24FF),  # Enclosed Alphanumerics (① ② …)
    (0x3000, 0x303F),  # CJK Symbols and Punctuation (、。《》「」【】〇)
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
)


@cache
def common_characters() -> frozenset[str]:
    """Every character of GB 2312 (decoded with Python's own codec) and of COMMON_RANGES."""
    found = set()
    for row in range(0xA1, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                found.add(bytes((row, cell)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    for first, last in COMMON_RANGES:
        found.update(chr(c) for c in range(first, last + 1))
    return frozenset(found)


def needs_full_font(texts: Iterable[str]) -> bool:
    """True when a character of ``texts`` is outside the common subset (a rare name)."""
    common = common_characters()
    return any(ch not in common and not ch.isspace() for text in texts for ch in text)


def strings_in(value: object) -> Iterator[str]:
    """Every string inside ``value``: dataclass fields, lists, tuples, dicts (a board's data, before layout)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            yield item
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def use_fonts(folder: Path) -> None:
    """Measure and embed text with the TrueType fonts in ``folder`` (the program's resources/fonts)."""
    for name, file_name in FONT_FILE_NAMES.items():
        FONT_FILES.setdefault(name, folder / file_name)
        common = folder / COMMON_FOLDER / file_name
        if common.exists():
            COMMON_FONT_FILES.setdefault(name, common)


def register_fonts(full: bool = False) -> None:
    """Make REGULAR and BOLD drawable: with the common subset, or the full fonts if ``full`` (or no subset).

    Once the full fonts are in use they stay: they print everything the subset does, the same.
    """
    if not FONT_FILES:
        raise RuntimeError("app.boards.ops.use_fonts(folder) must be called before measuring or drawing text")
    changed = False
    for name, path in FONT_FILES.items():
        current = _registered.get(name)
        if current is not None and (not full or current.fontName == name):
            continue
        common = COMMON_FONT_FILES.get(name)
        use_full = full or common is None
        registered_name = name if use_full else name + COMMON_SUFFIX
        if registered_name in pdfmetrics.getRegisteredFontNames():
            font = pdfmetrics.getFont(registered_name)
        else:
            font = TTFont(registered_name, str(path if use_full else common))
            pdfmetrics.registerFont(font)
        _registered[name] = font
        changed = True
    if changed:
        from app.boards import ops  # its width cache knows the widths of the font used before

        ops.forget_widths()


def pdf_font(name: str) -> str:
    """The name ReportLab knows the font by that draws ``name`` (REGULAR or BOLD) now."""
    font = _registered.get(name)
    if font is None:
        register_fonts()
        font = _registered.get(name)
    return font.fontName if font is not None else name


def missing_characters(texts: Iterable[str]) -> set[str]:
    """The characters of ``texts`` that the registered fonts cannot draw (none once the full fonts are in)."""
    if not _registered:
        register_fonts()
    missing: set[str] = set()
    for name, font in _registered.items():
        if font.fontName == name:  # the full font: nothing more to fall back to
            continue
        have = font.face.charToGlyph
        for text in texts:
            missing.update(ch for ch in text if ord(ch) not in have and not ch.isspace())
    return missing


def registered_files() -> dict[str, str]:
    """Font name → the file registered for it (for tests and the benchmark)."""
    return {name: font.face.filename for name, font in _registered.items()}


def forget_fonts() -> None:
    """Start again with the subset at the next board (a long-running process that printed a rare name once)."""
    _registered.clear()
