"""Table model of the evaluation grid (one row per member in a quarter) and the delegate that draws stars."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.domain.stars import MAX_LEVEL
from app.services.evaluations import RatingRow
from ui.kit.records import Column, Index, RecordModel, fit_width

MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 2  # int level, or None (not rated / exempt)
EXEMPT_ROLE = Qt.ItemDataRole.UserRole + 3

GREY = "#666666"
STAR_GOLD = QColor("#e0a100")
STAR_EMPTY = QColor("#c8c8c8")
UP_COLOR = QColor("#1b7f3b")
DOWN_COLOR = QColor("#b00020")


def _stars_text(level: int | None) -> str:
    return "" if level is None else f"{level} 星"


def _kind(row: RatingRow) -> str:
    tags = []
    if row.category == "预备党员":
        tags.append("预备")
    if row.is_mobile:
        tags.append("流动")
    return "、".join(tags)


def _without_deeds(r: RatingRow) -> bool:
    return r.deeds == 0 and not r.exempt


def _suggested(r: RatingRow) -> str:
    if r.exempt:
        return ""
    return "不予评星" if r.suggested is None else _stars_text(r.suggested)


def _level(r: RatingRow) -> str:
    if r.exempt:
        return "不参评"
    return "未评" if r.level is None else _stars_text(r.level)


def _movement_color(r: RatingRow) -> str | None:
    return {"↑": UP_COLOR.name(), "↓": DOWN_COLOR.name()}.get(r.movement)


COLUMNS: list[Column[RatingRow]] = [
    Column("姓名", lambda r: r.member_name),
    Column("支部", lambda r: r.branch),
    Column("身份", _kind),
    Column(
        "事迹",
        lambda r: str(r.deeds),
        centered=True,
        color=lambda r: DOWN_COLOR.name() if _without_deeds(r) else None,
    ),
    Column("建议", _suggested, centered=True, color=lambda _r: GREY),
    Column(
        "星级",
        _level,
        tooltip=lambda r: "没有闪光言行，不予评星级（可评 0 星）" if _without_deeds(r) else "",
    ),
    Column(
        "上季度",
        lambda r: "不参评" if r.previous_exempt else _stars_text(r.previous_level),
        centered=True,
        color=lambda _r: GREY,
    ),
    Column("变化", lambda r: r.movement, centered=True, color=_movement_color),
    Column(
        "不参评原因",
        lambda r: r.exempt_reason if r.exempt else "",
        color=lambda _r: GREY,
        tooltip=lambda r: (
            ("只挂牌不参评" + ("（按设置自动）" if r.exempt_automatic else "（支部决定）"))
            if r.exempt
            else ""
        ),
    ),
    Column("公示理由", lambda r: r.reason, tooltip=lambda r: r.reason),
]
(
    COL_NAME,
    COL_BRANCH,
    COL_KIND,
    COL_DEEDS,
    COL_SUGGESTED,
    COL_LEVEL,
    COL_PREVIOUS,
    COL_MOVE,
    COL_EXEMPT,
    COL_REASON,
) = range(len(COLUMNS))


def fit_grid(table: QTableView, stars: QStyledItemDelegate) -> None:
    """No sideways scrolling: 公示理由 takes the spare width; while the grid is narrow (150 %) it, 不参评原因,
    上季度, 变化 and 支部 give way (the panel beside the grid shows them for the chosen member). ``stars``
    draws the 星级 column."""
    table.setItemDelegateForColumn(COL_LEVEL, stars)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setColumnWidth(COL_LEVEL, 100)  # five stars
    samples = {COL_NAME: "诸葛芳珺", COL_BRANCH: "第一党支部", COL_KIND: "预备", COL_DEEDS: "12"}
    samples |= {COL_SUGGESTED: "不予评星", COL_PREVIOUS: "不参评", COL_MOVE: "↑", COL_EXEMPT: "长期患病"}
    drop = (COL_REASON, COL_EXEMPT, COL_PREVIOUS, COL_MOVE, COL_BRANCH)
    fit_width(table, COL_REASON, samples, drop=drop, min_chars=5)


class EvaluationModel(RecordModel[RatingRow]):
    """The quarter's grid; ``read_only`` once the quarter is published."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            COLUMNS,
            parent,
            roles={
                MEMBER_ID_ROLE: lambda r: r.member_id,
                LEVEL_ROLE: lambda r: r.level,
                EXEMPT_ROLE: lambda r: r.exempt,
            },
        )
        self.read_only = False

    def set_rows(self, rows: Sequence[RatingRow], read_only: bool = False) -> None:
        self.read_only = read_only
        super().set_rows(rows)

    def row_of(self, member_id: str) -> int:
        for i, r in enumerate(self.rows):
            if r.member_id == member_id:
                return i
        return -1


def star_path(center: QPointF, outer: float) -> QPainterPath:
    """A five-pointed star as a vector path (never a ★ glyph: fonts draw those at odd sizes)."""
    inner = outer * 0.45
    path = QPainterPath()
    for k in range(10):
        radius = outer if k % 2 == 0 else inner
        angle = -math.pi / 2 + k * math.pi / 5
        point = QPointF(center.x() + radius * math.cos(angle), center.y() + radius * math.sin(angle))
        if k == 0:
            path.moveTo(point)
        else:
            path.lineTo(point)
    path.closeSubpath()
    return path


class StarDelegate(QStyledItemDelegate):
    """Draws the level as five stars; a click on the n-th star asks for level n (click left of them: 0)."""

    STAR = 16  # px per star

    def __init__(self, on_click: Callable[[int, int], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_click = on_click

    def _star_rect(self, cell: QRect, k: int) -> QRect:
        return QRect(cell.left() + 8 + k * self.STAR, cell.top(), self.STAR, cell.height())

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if index.data(EXEMPT_ROLE):
            super().paint(painter, option, index)
            return
        level = index.data(LEVEL_ROLE)
        style = option.widget.style() if option.widget else None
        if style is not None:
            # Background and selection like the other cells, without the text.
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            opt.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        rect: QRect = option.rect
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if level is None:
            painter.setPen(QColor("#999999"))
            painter.drawText(rect.adjusted(8, 0, 0, 0), int(Qt.AlignmentFlag.AlignVCenter), "未评")
        else:
            for k in range(MAX_LEVEL):
                r = self._star_rect(rect, k)
                filled = k < level
                painter.setPen(QPen(STAR_GOLD if filled else STAR_EMPTY, 1))
                painter.setBrush(STAR_GOLD if filled else Qt.BrushStyle.NoBrush)
                painter.drawPath(star_path(QPointF(r.center()), self.STAR * 0.45))
            if level == 0:
                painter.setPen(QColor("#666666"))
                text_rect = rect.adjusted(8 + MAX_LEVEL * self.STAR + 4, 0, 0, 0)
                painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter), "0")
        painter.restore()

    def editorEvent(  # noqa: N802 - Qt's name
        self, event: QEvent, model: Any, option: QStyleOptionViewItem, index: Index
    ) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent):
            x = event.position().x() - option.rect.left() - 8
            if x <= MAX_LEVEL * self.STAR + 4:
                level = max(0, min(MAX_LEVEL, math.ceil(x / self.STAR))) if x > 0 else 0
                self._on_click(index.row(), level)
                return True
        return super().editorEvent(event, model, option, index)
