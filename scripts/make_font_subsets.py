"""Re-makes resources/fonts/common/: the bundled fonts cut down to the common characters, for fast boards.

ReportLab parses a TrueType font in pure Python on every run; the full Noto Sans SC (two files of ~10 MB,
27,558 ideographs) costs about a second of a star chart. The boards use these subsets whenever every character
on the board is inside them (app.boards.fonts checks each board) and the full fonts otherwise, so no name is
ever printed with a missing character.

What the subsets keep: every character of GB 2312 (its 6,763 hanzi, punctuation, full-width forms, circled and
Roman numerals, Greek, box shapes — decoded with Python's own codec, so no list has to be shipped), printable
ASCII and Latin-1, General Punctuation, CJK Symbols and Punctuation, and Halfwidth and Fullwidth Forms. The
glyph outlines and advance widths are the full fonts' own, so a board lays out the same with either; the
PostScript names are NotoSansSCCommon-Regular and -Bold (ReportLab tells fonts apart by them).
(The 通用规范汉字表 of 2013 adds ~1,300 rarer name characters to GB 2312; those boards take the full font.)

Dev-time only: needs fontTools (the ``dev`` extra). From the repository root:

    python scripts/make_font_subsets.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from app.boards.fonts import common_characters  # noqa: E402  (the one definition of what the subset holds)

FONTS = REPO_ROOT / "resources" / "fonts"
OUTPUT = FONTS / "common"
SOURCES = ("NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf")


def make_subset(source: Path, dest: Path, chars: set[str]) -> int:
    """Write the subset; returns how many of ``chars`` the font has."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(source), recalcTimestamp=False)
    cmap = font.getBestCmap()
    wanted = sorted(ord(c) for c in chars if ord(c) in cmap)
    options = subset.Options()
    options.layout_features = []  # ReportLab shapes nothing: no GSUB/GPOS needed
    options.name_IDs = ["*"]  # keep the names (licence, family) as they are
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False  # the same bytes on every run
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    # A PostScript name of its own: ReportLab keeps one font per face name, and a board that needs the full
    # font after one printed with the subset must get the full font, not the subset again.
    name_table = font["name"]
    for record in name_table.names:
        if record.nameID == 6:
            record.string = record.toUnicode().replace("NotoSansSC-", "NotoSansSCCommon-")
    dest.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(dest))
    return len(wanted)


def main() -> int:
    chars = set(common_characters())
    for name in SOURCES:
        kept = make_subset(FONTS / name, OUTPUT / name, chars)
        size = (OUTPUT / name).stat().st_size
        print(f"{OUTPUT / name}: {kept} characters, {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
