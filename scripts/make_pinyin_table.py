"""Write app/domain/pinyin_table.txt.gz from the installed pypinyin: what app.domain.pinyin needs to read names as
pypinyin would, without loading pypinyin's dictionaries (~0.2 s of every process that reads a name).

Run after upgrading pypinyin: `python scripts/make_pinyin_table.py` (tests/unit/test_pinyin_table.py compares the
table with pypinyin on every character, every phrase and many random names, and fails when they disagree).

Format (UTF-8 text, gzip), five lines: ``#pypinyin VERSION``; every character pypinyin reads (a Han character,
RE_HANS, in its character dictionary), one string; their readings (Style.NORMAL, one syllable each), space-separated;
every phrase of pypinyin's phrase dictionary that reads as its characters one by one, space-separated; the prefixes
of phrases that are not phrases themselves (pypinyin's segmenter needs them), space-separated; then one line per
phrase read otherwise, ``词语<TAB>reading``.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from pypinyin import Style, __version__, lazy_pinyin
from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS

OUT = Path(__file__).resolve().parent.parent / "app" / "domain" / "pinyin_table.txt.gz"


def read(text: str) -> list[str]:
    return lazy_pinyin(text, style=Style.NORMAL, errors="ignore")


def main() -> None:
    chars: dict[str, str] = {}
    for code in sorted(PINYIN_DICT):
        ch = chr(code)
        if RE_HANS.match(ch) and ch not in PHRASES_DICT:
            reading = read(ch)
            if len(reading) != 1 or not reading[0] or " " in reading[0]:
                sys.exit(f"{ch!r} reads {reading!r}: not one syllable")
            chars[ch] = reading[0]
    plain: list[str] = []
    other: list[str] = []
    for phrase in sorted(PHRASES_DICT):
        if not all(ch in chars for ch in phrase):
            sys.exit(f"phrase {phrase!r} has a character outside the character table")
        reading = read(phrase)
        if reading == [chars[ch] for ch in phrase]:
            plain.append(phrase)
        else:
            other.append(f"{phrase}\t{' '.join(reading)}")
    prefixes = sorted({p[:i] for p in PHRASES_DICT for i in range(1, len(p))} - set(PHRASES_DICT))
    lines = [
        f"#pypinyin {__version__}",
        "".join(chars),
        " ".join(chars.values()),
        " ".join(plain),
        " ".join(prefixes),
    ]
    data = ("\n".join(lines + other) + "\n").encode("utf-8")
    OUT.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(
        f"{OUT}: {len(chars)} characters, {len(PHRASES_DICT)} phrases ({len(other)} read otherwise),"
        f" {OUT.stat().st_size} bytes"
    )


if __name__ == "__main__":
    main()
