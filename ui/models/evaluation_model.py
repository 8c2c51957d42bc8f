"""Table model of the evaluation grid (one row per member in a quarter) and the delegate that draws stars."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QMouseEvent, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from app.domain.stars import MAX_LEVEL
from app.services.evaluations import RatingRow

MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 2  # int level, or None (not rated / exempt)
EXEMPT_ROLE = Qt.ItemDataRole.UserRole + 3

COLUMNS = ("姓名", "支部", "身份", "事迹", "建议", "星级", "上季度", "变化", "不参评原因", "公示理由")
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
STAR_GOLD = QColor("#e0a100")
STAR_EMPTY = QColor("#c8c8c8")
UP_COLOR = QColor("#1b7f3b")
DOWN_COLOR = QColor("#b00020")
Index = QModelIndex | QPersistentModelIndex


def _stars_text(level: int | None) -> str:
    return "" if level is None else f"{level} 星"


def _kind(row: RatingRow) -> str:
    tags = []
    if row.category == "预备党员":
        tags.append("预备")
    if row.is_mobile:
        tags.append("流动")
    return "、".join(tags)


class EvaluationModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RatingRow] = []
        self.read_only = False

    def set_rows(self, rows: list[RatingRow], read_only: bool) -> None:
        self.beginResetModel()
        self.rows = rows
        self.read_only = read_only
        self.endResetModel()

    def replace_row(self, i: int, row: RatingRow) -> None:
        self.rows[i] = row
        self.dataChanged.emit(self.index(i, 0), self.index(i, len(COLUMNS) - 1))

    def row_of(self, member_id: str) -> int:
        for i, r in enumerate(self.rows):
            if r.member_id == member_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section] if 0 <= section < len(COLUMNS) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == MEMBER_ID_ROLE:
            return r.member_id
        if role == LEVEL_ROLE:
            return r.level
        if role == EXEMPT_ROLE:
            return r.exempt
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_MOVE and r.movement == "↑":
                return QBrush(UP_COLOR)
            if col == COL_MOVE and r.movement == "↓":
                return QBrush(DOWN_COLOR)
            if col == COL_DEEDS and r.deeds == 0 and not r.exempt:
                return QBrush(DOWN_COLOR)
            if col in (COL_SUGGESTED, COL_EXEMPT, COL_PREVIOUS):
                return QBrush(QColor("#666666"))
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (COL_DEEDS, COL_SUGGESTED, COL_PREVIOUS, COL_MOVE):
                return int(Qt.AlignmentFlag.AlignCenter)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_LEVEL and r.deeds == 0 and not r.exempt:
                return "没有闪光言行，不予评星级（可评 0 星）"
            if col == COL_EXEMPT and r.exempt:
                return "只挂牌不参评" + ("（按设置自动）" if r.exempt_automatic else "（支部决定）")
            if col == COL_REASON and r.reason:
                return r.reason
            return None
        return None

    def _display(self, r: RatingRow, col: int) -> str:
        if col == COL_NAME:
            return r.member_name
        if col == COL_BRANCH:
            return r.branch
        if col == COL_KIND:
            return _kind(r)
        if col == COL_DEEDS:
            return str(r.deeds)
        if col == COL_SUGGESTED:
            if r.exempt:
                return ""
            return "不予评星" if r.suggested is None else _stars_text(r.suggested)
        if col == COL_LEVEL:
            if r.exempt:
                return "不参评"
            return "未评" if r.level is None else _stars_text(r.level)
        if col == COL_PREVIOUS:
            return "不参评" if r.previous_exempt else _stars_text(r.previous_level)
        if col == COL_MOVE:
            return r.movement
        if col == COL_EXEMPT:
            return r.exempt_reason if r.exempt else ""
        if col == COL_REASON:
            return r.reason
        return ""


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
