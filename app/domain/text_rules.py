"""Rules for typed text, whatever the field: no control characters, no bidi overrides, lengths that fit a board.

- C0 control characters (a stray ESC or BEL pasted from another program) are dropped: Excel cannot store them
  and nobody typed them on purpose. Free text keeps its line breaks.
- Bidi controls (U+202A–U+202E, U+2066–U+2069) are refused: they make "王芳" display as something else.
- A name must be drawable by the bundled font (checked against its cmap by the caller's ``drawable`` set),
  or the board shows an empty box where the clerk sees a character.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from app.domain.errors import FieldError

CONTROL = re.compile(r"[\x00-\x1f\x7f]")
CONTROL_KEEP_LINES = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")
BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")

NAME_MAX = 20
# Field key → longest text kept; what the national form and a board cell can hold.
MAX_LENGTHS: dict[str, int] = {
    "name": NAME_MAX,
    "ethnicity": 20,
    "education": 30,
    "degree": 30,
    "job": 60,
    "party_post": 40,
    "address": 100,
    "residence": 100,
    "hukou": 100,
    "native_place": 60,
    "joined_branch": 60,
    "mobile_destination": 100,
    "probation_extension": 60,
    "note": 500,
}


def strip_controls(text: str, *, keep_lines: bool = False) -> str:
    """``text`` without C0 control characters (line breaks kept for free text when ``keep_lines``)."""
    pattern = CONTROL_KEEP_LINES if keep_lines else CONTROL
    return pattern.sub("", text)


def has_controls(text: str, *, keep_lines: bool = False) -> bool:
    return bool((CONTROL_KEEP_LINES if keep_lines else CONTROL).search(text))


def check_text(key: str, label: str, text: str) -> list[FieldError]:
    """Bidi controls and over-long text in field ``key`` (shown to the clerk as ``label``)."""
    errors: list[FieldError] = []
    if BIDI.search(text):
        errors.append(
            FieldError(key, f"{label}里有看不见的文字方向控制符，会让显示的内容和实际不同，请重新输入")
        )
    limit = MAX_LENGTHS.get(key)
    if limit is not None and len(text) > limit:
        errors.append(FieldError(key, f"{label}太长（{len(text)} 个字），最多 {limit} 个字"))
    return errors


def undrawable(text: str, drawable: Collection[int]) -> list[str]:
    """The characters of ``text`` that the font (``drawable``: its code points) cannot draw, each once."""
    return list(dict.fromkeys(ch for ch in text if not ch.isspace() and ord(ch) not in drawable))


def check_name_drawable(text: str, drawable: Collection[int]) -> list[FieldError]:
    missing = undrawable(text, drawable)
    if not missing:
        return []
    shown = "、".join(f"“{ch}”(U+{ord(ch):04X})" for ch in missing[:5])
    return [
        FieldError(
            "name",
            f"姓名里的 {shown} 在公示栏用的字体里没有，打印出来会是空框。"
            "请改用常用写法（生僻字可以用同音常用字并在备注里说明）",
        )
    ]


def _is_han(ch: str) -> bool:
    # CJK Unified Ideographs with Extension A, and Extensions B–H (rare characters in names: 䶮, 𠮷).
    return "\u3400" <= ch <= "\u9fff" or "\U00020000" <= ch <= "\U0003134f"


def tidy_name(name: str) -> str:
    """A person's name as typed: spaces inside a Chinese name go (张 三 → 张三, the way sheets pad two-character
    names to line up), other names keep single spaces between words."""
    if name.strip() and all(_is_han(ch) or ch.isspace() for ch in name):
        return "".join(name.split())
    return " ".join(name.split())
