"""The drawing list a layout produces: simple shapes, text and photos in points (origin bottom-left).

Two painters replay it: ReportLab into the PDF (app.boards.pdf) and QPainter for the GUI preview and
direct printing (ui.board_painter), so the preview is the same layout, not a look-alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from reportlab.pdfbase import pdfmetrics

# The fonts live in app.boards.fonts; their names are used with every Text op, so they are here too.
from app.boards.fonts import (
    BOLD as BOLD,
    FONT_FILE_NAMES as FONT_FILE_NAMES,
    FONT_FILES as FONT_FILES,
    REGULAR as REGULAR,
    pdf_font,
    register_fonts as register_fonts,
    use_fonts as use_fonts,
)

Align = Literal["l", "c", "r"]


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None = None
    stroke: str | None = None
    width: float = 0.5
    radius: float = 0.0
    dash: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str = "#000000"
    width: float = 0.5
    dash: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class Poly:
    points: tuple[tuple[float, float], ...]
    fill: str | None = None
    stroke: str | None = None
    width: float = 0.5


@dataclass(frozen=True, slots=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str | None = None
    stroke: str | None = None
    width: float = 0.5


@dataclass(frozen=True, slots=True)
class Text:
    x: float  # anchor: left, centre or right end of the baseline
    y: float  # baseline
    text: str
    size: float
    font: str = REGULAR
    color: str = "#000000"
    align: Align = "l"


@dataclass(frozen=True, slots=True)
class Photo:
    """A photo filling its box (cropped to the box's proportions, centred)."""

    path: str
    x: float
    y: float
    w: float
    h: float


@dataclass(slots=True)
class Group:
    """Ops drawn translated by (dx, dy) and scaled (for sheets designed once at a reference size)."""

    dx: float
    dy: float
    scale: float
    ops: list[Op] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Embed:
    """Another page of the same board drawn shifted by (dx, dy) and clipped to ``clip`` (x, y, w, h).

    Tiled sheets use it: the PDF stores the large page once and each sheet shows a window of it.
    """

    page: int
    dx: float
    dy: float
    clip: tuple[float, float, float, float]


Op = Rect | Line | Poly | Circle | Text | Photo | Group | Embed


@dataclass
class Page:
    width: float
    height: float
    ops: list[Op] = field(default_factory=list)


# --- text measuring and wrapping ------------------------------------------------------------------

# Chinese typesetting: these never start a line (they hang on the previous one instead).
_NO_LINE_START = set("，。、；：？！）》」』”’,.;:?!)%")


def width(text: str, size: float, font: str = REGULAR) -> float:
    return float(pdfmetrics.stringWidth(text, pdf_font(font), size))


@lru_cache(maxsize=4096)
def _char_width(ch: str, font: str) -> float:
    return float(pdfmetrics.stringWidth(ch, pdf_font(font), 1000.0))


def forget_widths() -> None:
    """The fonts were registered anew (the full font after the common subset): measure again."""
    _char_width.cache_clear()


def wrap(text: str, size: float, max_width: float, font: str = REGULAR, max_lines: int = 0) -> list[str]:
    """Break text into lines no wider than ``max_width``, character by character (Chinese has no spaces).

    Latin words and numbers are kept whole when they fit on a line. With ``max_lines`` the last line
    ends in "…" when text was cut.
    """
    text = " ".join(text.split())
    if not text:
        return []
    limit = max_width * 1000.0 / size
    lines: list[str] = []
    tokens = _tokens(text)
    current = ""
    current_w = 0.0
    for token in tokens:
        tw = sum(_char_width(c, font) for c in token)
        if current and current_w + tw > limit:
            if token[0] in _NO_LINE_START and len(token) == 1:
                current += token  # let punctuation hang a little rather than start a line
                current_w += tw
                continue
            lines.append(current.rstrip())
            current, current_w = token.lstrip(), sum(_char_width(c, font) for c in token.lstrip())
        else:
            current += token
            current_w += tw
        while current_w > limit and len(current) > 1:  # a long Latin run: break it anyway
            cut = _fit(current, limit, font)
            lines.append(current[:cut])
            current = current[cut:]
            current_w = sum(_char_width(c, font) for c in current)
    if current:
        lines.append(current)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = ellipsize(lines[-1] + "…", size, max_width, font)
    return lines


def ellipsize(text: str, size: float, max_width: float, font: str = REGULAR) -> str:
    """The text, or its start and "…" when it is too wide."""
    if width(text, size, font) <= max_width:
        return text
    body = text.rstrip("…")
    limit = max_width * 1000.0 / size - _char_width("…", font)
    cut = _fit(body, limit, font)
    return body[:cut].rstrip("，、；。 ") + "…"


def fit_size(text: str, size: float, max_width: float, font: str = REGULAR, min_size: float = 6.0) -> float:
    """Shrink the font size (down to ``min_size``) so one line fits."""
    w = width(text, size, font)
    if w <= max_width or w == 0:
        return size
    return max(min_size, size * max_width / w)


def _fit(text: str, limit: float, font: str) -> int:
    total = 0.0
    for i, c in enumerate(text):
        total += _char_width(c, font)
        if total > limit:
            return max(1, i)
    return len(text)


def _tokens(text: str) -> list[str]:
    """CJK characters one by one; runs of Latin letters/digits stay together with a following space."""
    out: list[str] = []
    run = ""
    for c in text:
        if c.isascii() and (c.isalnum() or c in "-_./:@+"):
            run += c
            continue
        if run:
            out.append(run)
            run = ""
        if c == " " and out:
            out[-1] += c
        else:
            out.append(c)
    if run:
        out.append(run)
    return out


# --- vector stars -----------------------------------------------------------------------------------


def star_points(cx: float, cy: float, r: float) -> tuple[tuple[float, float], ...]:
    """A five-pointed star, point up, outer radius ``r``."""
    inner = r * 0.382
    pts = []
    for i in range(10):
        radius = r if i % 2 == 0 else inner
        angle = math.pi / 2 + i * math.pi / 5
        pts.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return tuple(pts)


STAR_FILL = "#F2B705"
STAR_LINE = "#A8251C"
STAR_EMPTY = "#FFFFFF"


def stars(x: float, y: float, level: int, size: float, of: int = 5, gap: float = 0.15) -> list[Op]:
    """``of`` stars of height ``size`` starting at (x, y) = lower-left; the first ``level`` filled.

    Empty stars are outlined in grey so a printout in black and white still reads "3 of 5".
    """
    r = size / 2 / 0.905  # a star's height is r·(1 + cos 36°) ≈ 1.81 r
    step = size * (1 + gap)
    cy = y + r * 0.81 - (size - r * 1.81) / 2
    out: list[Op] = []
    for i in range(of):
        cx = x + size / 2 + i * step
        filled = i < level
        out.append(
            Poly(
                star_points(cx, cy, r),
                fill=STAR_FILL if filled else STAR_EMPTY,
                stroke=STAR_LINE if filled else "#9E9E9E",
                width=max(0.4, size * 0.05),
            )
        )
    return out


def stars_width(size: float, of: int = 5, gap: float = 0.15) -> float:
    return size * of + size * gap * (of - 1)
