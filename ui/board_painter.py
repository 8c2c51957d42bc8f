"""Replays a board's drawing list (app.services.boards.drawing) with QPainter: the on-screen preview and direct printing.

The same list feeds ReportLab for the PDF, so the preview is the board itself, not an imitation; text
positions come from the same font metrics (ReportLab's) so lines break where the PDF breaks them.
QtPdf (PySide6-Addons) is not needed, and printing stays vector at the printer's own resolution.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtPrintSupport import QPrinter

from app.services.boards.drawing import (
    BOLD,
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
    width,
)

FONT_FAMILY = "Noto Sans SC"


@lru_cache(maxsize=512)
def _image(path: str) -> QImage:
    return QImage(path)


def _pen(color: str | None, w: float, dash: Sequence[float] = ()) -> QPen:
    if not color:
        return QPen(Qt.PenStyle.NoPen)
    pen = QPen(QColor(color))
    pen.setWidthF(w)
    if dash:
        pen.setDashPattern([d / max(w, 0.01) for d in dash])
    return pen


def _brush(color: str | None) -> QBrush:
    return QBrush(QColor(color)) if color else QBrush(Qt.BrushStyle.NoBrush)


class QtBoardPainter:
    """Draws pages in PDF coordinates (points, origin bottom-left) onto any QPainter device."""

    def __init__(self, painter: QPainter, large: Sequence[Page] = ()) -> None:
        self.p = painter
        self.large = large
        dpi = painter.device().logicalDpiY() or 96
        self._pt_per_font_unit = 72.0 / dpi  # QFont point sizes are scaled by the device's dpi
        self._fonts: dict[tuple[str, float], QFont] = {}

    def font(self, name: str, size: float) -> QFont:
        key = (name, size)
        f = self._fonts.get(key)
        if f is None:
            f = QFont(FONT_FAMILY)
            f.setPointSizeF(max(0.1, size * self._pt_per_font_unit))
            f.setBold(name == BOLD)
            f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
            self._fonts[key] = f
        return f

    def page(self, page: Page, scale: float) -> None:
        """Draw ``page`` with 1 point = ``scale`` device pixels, its top-left at the painter's origin."""
        p = self.p
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        p.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        p.scale(scale, scale)
        p.fillRect(QRectF(0, 0, page.width, page.height), QColor("#FFFFFF"))
        p.translate(0, page.height)
        p.scale(1, -1)
        self.draw(page.ops)
        p.restore()

    def draw(self, ops: Sequence[Op]) -> None:
        p = self.p
        for op in ops:
            if isinstance(op, Text):
                f = self.font(op.font, op.size)
                x = op.x
                if op.align != "l":
                    w = width(op.text, op.size, op.font)
                    x -= w / 2 if op.align == "c" else w
                p.save()
                p.translate(x, op.y)
                p.scale(1, -1)
                p.setFont(f)
                p.setPen(QColor(op.color))
                p.drawText(QPointF(0, 0), op.text)
                p.restore()
            elif isinstance(op, Rect):
                p.setPen(_pen(op.stroke, op.width, op.dash))
                p.setBrush(_brush(op.fill))
                r = QRectF(op.x, op.y, op.w, op.h)
                if op.radius:
                    p.drawRoundedRect(r, op.radius, op.radius)
                else:
                    p.drawRect(r)
            elif isinstance(op, Line):
                p.setPen(_pen(op.color, op.width, op.dash))
                p.drawLine(QPointF(op.x1, op.y1), QPointF(op.x2, op.y2))
            elif isinstance(op, Poly):
                p.setPen(_pen(op.stroke, op.width))
                p.setBrush(_brush(op.fill))
                p.drawPolygon(QPolygonF([QPointF(x, y) for x, y in op.points]))
            elif isinstance(op, Circle):
                p.setPen(_pen(op.stroke, op.width))
                p.setBrush(_brush(op.fill))
                p.drawEllipse(QPointF(op.cx, op.cy), op.r, op.r)
            elif isinstance(op, Photo):
                img = _image(op.path)
                if img.isNull():
                    p.fillRect(QRectF(op.x, op.y, op.w, op.h), QColor("#ECEFF3"))
                    continue
                # Crop the photo to the box's proportions, centred, as the PDF does.
                iw, ih = img.width(), img.height()
                k = max(op.w / iw, op.h / ih)
                sw, sh = op.w / k, op.h / k
                source = QRectF((iw - sw) / 2, (ih - sh) / 2, sw, sh)
                p.save()
                p.translate(op.x, op.y + op.h)
                p.scale(1, -1)
                p.drawImage(QRectF(0, 0, op.w, op.h), img, source)
                p.restore()
            elif isinstance(op, Group):
                p.save()
                p.translate(op.dx, op.dy)
                p.scale(op.scale, op.scale)
                self.draw(op.ops)
                p.restore()
            elif isinstance(op, Embed):
                p.save()
                path = QPainterPath()
                path.addRect(QRectF(*op.clip))
                p.setClipPath(path)
                p.translate(op.dx, op.dy)
                self.draw(self.large[op.page].ops)
                p.restore()


def page_image(page: Page, large: Sequence[Page], width_px: int) -> QImage:
    """One page as an image ``width_px`` wide (safe off the GUI thread: QImage, not QPixmap)."""
    scale = width_px / page.width
    img = QImage(width_px, max(1, round(page.height * scale)), QImage.Format.Format_RGB32)
    img.fill(QColor("#FFFFFF"))
    painter = QPainter(img)
    try:
        QtBoardPainter(painter, large).page(page, scale)
    finally:
        painter.end()
    return img


def page_layout(page: Page) -> QPageLayout:
    """A printer page exactly the board page's size, no extra margins (the board has its own)."""
    w, h = page.width, page.height
    landscape = w > h
    size = QPageSize(
        QSizeF(min(w, h), max(w, h)), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
    )
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0))


def print_pages(
    printer: QPrinter,
    pages: Sequence[Page],
    large: Sequence[Page],
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Print vector pages at the printer's own resolution, each on paper of its own size."""
    printer.setFullPage(True)
    printer.setPageLayout(page_layout(pages[0]))
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("打印机无法开始打印")
    try:
        for i, page in enumerate(pages):
            if i:
                printer.setPageLayout(page_layout(page))
                printer.newPage()
            QtBoardPainter(painter, large).page(page, printer.resolution() / 72.0)
            if progress:
                progress(i + 1, len(pages))
    finally:
        painter.end()
