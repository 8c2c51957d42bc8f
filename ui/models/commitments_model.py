"""Table models of the commitments page: members of a branch with their state, and one member's commitments."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QWidget

from app.services.commitments import CommitmentRow, MemberState

Index = QModelIndex | QPersistentModelIndex
MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
COMMITMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 3

# (text colour, background) per state: red where the clerk must act, green when done.
STATE_COLORS = {
    "无承诺": ("#8a5a00", "#fff1cc"),
    "未公示": ("#5f5f5f", "#eeeeee"),
    "承诺中": ("#0d47a1", "#e3eefb"),
    "延期": ("#0d47a1", "#e3eefb"),
    "逾期": ("#ffffff", "#c62828"),
    "已兑现": ("#1b5e20", "#dcefdc"),
    "未兑现": ("#4e342e", "#e7dcd8"),
}

MEMBER_COLUMNS = ("姓名", "党小组", "状态", "件数", "承诺内容")
COL_NAME, COL_GROUP, COL_STATE, COL_COUNT, COL_CONTENT = range(len(MEMBER_COLUMNS))


class _RowsModel(QAbstractTableModel):
    """A read-only table over a list of plain rows with fixed column headers; subclasses give ``data``."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.headers):
            return self.headers[section]
        return None


class MemberStateModel(_RowsModel):
    """One row per member of the chosen branch and year."""

    headers = MEMBER_COLUMNS
    rows: list[MemberState]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        col = index.column()
        state = row.state
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_NAME:
                return row.name if row.member_status == "在册" else f"{row.name}（{row.member_status}）"
            if col == COL_GROUP:
                return row.group
            if col == COL_STATE:
                return state
            if col == COL_COUNT:
                return str(len(row.commitments)) if row.commitments else ""
            if col == COL_CONTENT:
                return "；".join(c.content for c in row.commitments)
        elif role == Qt.ItemDataRole.ToolTipRole and col == COL_CONTENT and row.commitments:
            return "\n".join(f"{c.kind}：{c.content}（{c.display_status}）" for c in row.commitments)
        elif role == Qt.ItemDataRole.BackgroundRole and col == COL_STATE:
            return QBrush(QColor(STATE_COLORS[state][1]))
        elif role == Qt.ItemDataRole.ForegroundRole:
            if col == COL_STATE:
                return QBrush(QColor(STATE_COLORS[state][0]))
            if row.member_status != "在册":
                return QBrush(QColor("#888888"))
        elif role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_STATE, COL_COUNT):
            return int(Qt.AlignmentFlag.AlignCenter)
        elif role == MEMBER_ID_ROLE:
            return row.member_id
        elif role == STATE_ROLE:
            return state
        return None


COMMITMENT_COLUMNS = ("类别", "承诺内容", "完成期限", "状态", "兑现日期")
C_KIND, C_CONTENT, C_DEADLINE, C_STATUS, C_KEPT = range(len(COMMITMENT_COLUMNS))


class CommitmentListModel(_RowsModel):
    """The commitments of one member (or team) in the year."""

    headers = COMMITMENT_COLUMNS
    rows: list[CommitmentRow]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        col = index.column()
        status = row.display_status
        if role == Qt.ItemDataRole.DisplayRole:
            if col == C_KIND:
                return row.kind
            if col == C_CONTENT:
                return row.content
            if col == C_DEADLINE:
                return row.deadline.isoformat() if row.deadline else "—"
            if col == C_STATUS:
                return status
            if col == C_KEPT:
                return row.kept_on.isoformat() if row.kept_on else ""
        elif role == Qt.ItemDataRole.ToolTipRole and col == C_CONTENT:
            tip = row.content
            if row.note:
                tip += f"\n践诺情况：{row.note}"
            if row.team_members:
                tip += f"\n队员：{'、'.join(row.team_members)}"
            return tip
        elif role == Qt.ItemDataRole.BackgroundRole and col == C_STATUS:
            return QBrush(QColor(STATE_COLORS.get(status, ("#000", "#fff"))[1]))
        elif role == Qt.ItemDataRole.ForegroundRole and col == C_STATUS:
            return QBrush(QColor(STATE_COLORS.get(status, ("#000", "#fff"))[0]))
        elif role == COMMITMENT_ID_ROLE:
            return row.id
        return None
