"""Boards to PDF with ReportLab: replays the drawing list, embeds the bundled font, writes atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from app.boards import kinds, tiling
from app.boards.fonts import missing_characters, needs_full_font, pdf_font, strings_in
from app.boards.model import BoardData, refuse_id_numbers
from app.boards.ops import (
    REGULAR,
    Circle,
    Embed,
    Group,
    Line,
    Op,
    Page,
    Photo,
    Poly,
    Rect,
    Text,
    register_fonts,
)
from app.domain.disk_errors import file_problem_message
from app.domain.errors import UserError

# JPEG photos go into the PDF as they are; ASCII85 would make them 25% larger and the PDF 10× slower.
rl_config.useA85 = 0

Progress = Callable[[int, int], None]


def build_pages(data: BoardData, progress: Progress | None = None) -> tuple[list[Page], list[Page]]:
    """(pages as printed, the large pages tiled sheets refer to — empty when not tiled)."""
    items = data.items()
    if not items:
        raise UserError("没有可打印的内容")
    refuse_id_numbers([data.options, *items])
    # The common-character subset, unless a name needs the full fonts (or they are in already).
    register_fonts(full=needs_full_font(strings_in([data.options, items])))
    laid_out = _lay_out(data, progress)
    if missing_characters(_texts(laid_out[0] + laid_out[1])):
        # A character the subset lacks that the layout added: the full fonts, and the layout measured again.
        register_fonts(full=True)
        laid_out = _lay_out(data, progress)
    return laid_out


def _lay_out(data: BoardData, progress: Progress | None) -> tuple[list[Page], list[Page]]:
    pages = kinds.get(data.kind).layout(data, progress)
    if data.options.tile and data.options.paper == "board-120x90":
        return tiling.tile_pages(pages, data.options.tile, data.options.title), pages
    return pages, []


def _texts(pages: list[Page]) -> Iterator[str]:
    stack: list[Op] = [op for page in pages for op in page.ops]
    while stack:
        op = stack.pop()
        if isinstance(op, Text):
            yield op.text
        elif isinstance(op, Group):
            stack.extend(op.ops)


@lru_cache(maxsize=256)
def _rgb(color: str) -> tuple[float, float, float]:
    c = color.lstrip("#")
    return int(c[0:2], 16) / 255, int(c[2:4], 16) / 255, int(c[4:6], 16) / 255


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    """Width and height from a JPEG's start-of-frame marker (the photos folder holds JPEGs only)."""
    i = 2
    while i + 9 < len(head):
        if head[i] != 0xFF:
            return None
        marker = head[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = int.from_bytes(head[i + 2 : i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            h = int.from_bytes(head[i + 5 : i + 7], "big")
            w = int.from_bytes(head[i + 7 : i + 9], "big")
            return (w, h) if w and h else None
        i += 2 + length
    return None


@lru_cache(maxsize=8192)
def image_size(path: str) -> tuple[int, int] | None:
    """Pixel size from the file header (one read; a photo used on 200 cards is looked at once)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536)
        if head[:2] == b"\xff\xd8":
            size = _jpeg_size(head)
            if size:
                return size
        from PIL import Image  # only for a photo that is not a JPEG

        with Image.open(path) as img:
            return img.size
    except OSError:
        return None


def cover(path: str, x: float, y: float, w: float, h: float) -> tuple[float, float, float, float] | None:
    """The rectangle to draw the photo in so it fills (x, y, w, h), centred; None if unreadable."""
    size = image_size(path)
    if not size:
        return None
    iw, ih = size
    k = max(w / iw, h / ih)
    dw, dh = iw * k, ih * k
    return x + (w - dw) / 2, y + (h - dh) / 2, dw, dh


class _Path:
    """A ready-made path for Canvas.drawPath: ReportLab's own path object formats every coordinate
    through a slow pure-Python number formatter; a star has 20 of them and a board thousands of stars."""

    __slots__ = ("code",)

    def __init__(self, code: str) -> None:
        self.code = code

    def getCode(self) -> str:  # noqa: N802 - the name ReportLab calls
        return self.code


def _polygon(points: tuple[tuple[float, float], ...]) -> _Path:
    x0, y0 = points[0]
    rest = " ".join(f"{x:.2f} {y:.2f} l" for x, y in points[1:])
    return _Path(f"{x0:.2f} {y0:.2f} m {rest} h")


_K = 0.4477  # 1 − 0.5523: where a quarter circle's Bézier control points sit, measured from the corner


def _round_rect(x: float, y: float, w: float, h: float, r: float) -> _Path:
    r = min(r, w / 2, h / 2)
    k = r * _K
    x1, y1 = x + w, y + h
    return _Path(
        f"{x + r:.2f} {y:.2f} m {x1 - r:.2f} {y:.2f} l "
        f"{x1 - k:.2f} {y:.2f} {x1:.2f} {y + k:.2f} {x1:.2f} {y + r:.2f} c "
        f"{x1:.2f} {y1 - r:.2f} l {x1:.2f} {y1 - k:.2f} {x1 - k:.2f} {y1:.2f} {x1 - r:.2f} {y1:.2f} c "
        f"{x + r:.2f} {y1:.2f} l {x + k:.2f} {y1:.2f} {x:.2f} {y1 - k:.2f} {x:.2f} {y1 - r:.2f} c "
        f"{x:.2f} {y + r:.2f} l {x:.2f} {y + k:.2f} {x + k:.2f} {y:.2f} {x + r:.2f} {y:.2f} c h"
    )


class PdfPainter:
    def __init__(self, canvas: Canvas) -> None:
        self.c = canvas
        self._fill: str | None = None
        self._stroke: str | None = None
        self._font: tuple[str, float] | None = None
        self._width: float | None = None

    def reset(self) -> None:
        # After restoreState or a new page the graphics state is back to defaults.
        self._fill = self._stroke = None
        self._font = None
        self._width = None

    def fill(self, color: str) -> None:
        if color != self._fill:
            self.c.setFillColorRGB(*_rgb(color))
            self._fill = color

    def stroke(self, color: str, width: float, dash: tuple[float, ...] = ()) -> None:
        if color != self._stroke:
            self.c.setStrokeColorRGB(*_rgb(color))
            self._stroke = color
        if width != self._width:
            self.c.setLineWidth(width)
            self._width = width
        if dash:
            self.c.setDash(list(dash), 0)

    def draw(self, ops: list[Op], embeds: dict[int, str] | None = None) -> None:
        c = self.c
        for op in ops:
            if isinstance(op, Text):
                if self._font != (op.font, op.size):
                    c.setFont(pdf_font(op.font), op.size)
                    self._font = (op.font, op.size)
                self.fill(op.color)
                if op.align == "l":
                    c.drawString(op.x, op.y, op.text)
                elif op.align == "c":
                    c.drawCentredString(op.x, op.y, op.text)
                else:
                    c.drawRightString(op.x, op.y, op.text)
            elif isinstance(op, Rect):
                if op.fill:
                    self.fill(op.fill)
                if op.stroke:
                    self.stroke(op.stroke, op.width, op.dash)
                if op.radius:
                    path = _round_rect(op.x, op.y, op.w, op.h, op.radius)
                else:
                    path = _Path(f"{op.x:.2f} {op.y:.2f} {op.w:.2f} {op.h:.2f} re")
                c.drawPath(path, stroke=bool(op.stroke), fill=bool(op.fill))
                if op.dash:
                    c.setDash([], 0)
            elif isinstance(op, Line):
                self.stroke(op.color, op.width, op.dash)
                c.drawPath(_Path(f"{op.x1:.2f} {op.y1:.2f} m {op.x2:.2f} {op.y2:.2f} l"), stroke=1, fill=0)
                if op.dash:
                    c.setDash([], 0)
            elif isinstance(op, Poly):
                if op.fill:
                    self.fill(op.fill)
                if op.stroke:
                    self.stroke(op.stroke, op.width)
                c.drawPath(_polygon(op.points), stroke=bool(op.stroke), fill=bool(op.fill))
            elif isinstance(op, Circle):
                if op.fill:
                    self.fill(op.fill)
                if op.stroke:
                    self.stroke(op.stroke, op.width)
                c.circle(op.cx, op.cy, op.r, stroke=bool(op.stroke), fill=bool(op.fill))
            elif isinstance(op, Photo):
                box = cover(op.path, op.x, op.y, op.w, op.h)
                if box is None:
                    self.fill("#ECEFF3")
                    c.rect(op.x, op.y, op.w, op.h, stroke=0, fill=1)
                    continue
                c.saveState()
                p = c.beginPath()
                p.rect(op.x, op.y, op.w, op.h)
                c.clipPath(p, stroke=0, fill=0)
                # By file name: ReportLab stores each file once however many cards show it.
                c.drawImage(op.path, *box)
                c.restoreState()
                self.reset()
            elif isinstance(op, Group):
                c.saveState()
                c.translate(op.dx, op.dy)
                c.scale(op.scale, op.scale)
                self.reset()
                self.draw(op.ops, embeds)
                c.restoreState()
                self.reset()
            elif isinstance(op, Embed):
                assert embeds is not None
                c.saveState()
                p = c.beginPath()
                p.rect(*op.clip)
                c.clipPath(p, stroke=0, fill=0)
                c.translate(op.dx, op.dy)
                c.doForm(embeds[op.page])
                c.restoreState()
                self.reset()


def write_pdf(
    data: BoardData,
    out: str | os.PathLike[str],
    progress: Progress | None = None,
) -> int:
    """Render the board into ``out``; returns the page count. Nothing is left at ``out`` on failure."""

    def layout_progress(done: int, total: int) -> None:
        # Laying out is the first half of the work, drawing into the PDF the second.
        if progress:
            progress(500 * done // max(total, 1), 1000)

    pages, large = build_pages(data, layout_progress)
    target = Path(out)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem[:20]}-", suffix=".pdf.part", dir=folder)
    except OSError as exc:
        raise UserError(file_problem_message(exc, target)) from exc
    os.close(fd)
    try:
        os.chmod(tmp_name, 0o644)  # mkstemp makes it private; a saved board is an ordinary document
        first = pages[0]
        c = Canvas(
            tmp_name,
            pagesize=(first.width, first.height),
            pageCompression=1,
            initialFontName=pdf_font(REGULAR),
        )
        c.setTitle(data.options.title)
        c.setAuthor(data.options.organization)
        c.setCreator("先锋榜 Pioneer Board")
        painter = PdfPainter(c)
        embeds: dict[int, str] = {}
        for i, page in enumerate(large):
            # Each large page becomes a form drawn once and shown through a window on every sheet.
            name = f"board{i}"
            c.beginForm(name, 0, 0, page.width, page.height)
            painter.reset()
            painter.draw(page.ops)
            c.endForm()
            embeds[i] = name
        for n, page in enumerate(pages, start=1):
            c.setPageSize((page.width, page.height))
            painter.reset()
            painter.draw(page.ops, embeds)
            c.showPage()
            if progress:
                progress(500 + 500 * n // len(pages), 1000)
        c.save()
        os.replace(tmp_name, target)
    except OSError as exc:
        _remove(tmp_name)
        raise UserError(f"保存 PDF 失败：{file_problem_message(exc, target)}") from exc
    except BaseException:
        _remove(tmp_name)
        raise
    return len(pages)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
