"""Table models of the commitments page: members of a branch with their state, and one member's commitments."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.services.commitments import CommitmentRow, MemberState
from ui.kit.records import Column, RecordModel

MEMBER_ID_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2
COMMITMENT_ID_ROLE = Qt.ItemDataRole.UserRole + 3
ACTIVE = "在册"
LEFT_COLOR = "#888888"  # members no longer on the roll

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
_NO_COLORS = ("#000", "#fff")


def _greyed_if_left(row: MemberState) -> str | None:
    return LEFT_COLOR if row.member_status != ACTIVE else None


def _member_name(row: MemberState) -> str:
    return row.name if row.member_status == ACTIVE else f"{row.name}（{row.member_status}）"


MEMBER_COLUMNS: list[Column[MemberState]] = [
    Column("姓名", _member_name, color=_greyed_if_left),
    Column("党小组", lambda r: r.group, color=_greyed_if_left),
    Column(
        "状态",
        lambda r: r.state,
        centered=True,
        color=lambda r: STATE_COLORS[r.state][0],
        background=lambda r: STATE_COLORS[r.state][1],
    ),
    Column(
        "件数",
        lambda r: str(len(r.commitments)) if r.commitments else "",
        centered=True,
        color=_greyed_if_left,
    ),
    Column(
        "承诺内容",
        lambda r: "；".join(c.content for c in r.commitments),
        tooltip=lambda r: "\n".join(f"{c.kind}：{c.content}（{c.display_status}）" for c in r.commitments),
        color=_greyed_if_left,
    ),
]
COL_NAME, COL_GROUP, COL_STATE, COL_COUNT, COL_CONTENT = range(len(MEMBER_COLUMNS))


class MemberStateModel(RecordModel[MemberState]):
    """One row per member of the chosen branch and year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            MEMBER_COLUMNS,
            parent,
            roles={MEMBER_ID_ROLE: lambda r: r.member_id, STATE_ROLE: lambda r: r.state},
        )


def _commitment_tooltip(row: CommitmentRow) -> str:
    tip = row.content
    if row.note:
        tip += f"\n践诺情况：{row.note}"
    if row.team_members:
        tip += f"\n队员：{'、'.join(row.team_members)}"
    return tip


COMMITMENT_COLUMNS: list[Column[CommitmentRow]] = [
    Column("类别", lambda r: r.kind),
    Column("承诺内容", lambda r: r.content, tooltip=_commitment_tooltip),
    Column("完成期限", lambda r: r.deadline.isoformat() if r.deadline else "—"),
    Column(
        "状态",
        lambda r: r.display_status,
        color=lambda r: STATE_COLORS.get(r.display_status, _NO_COLORS)[0],
        background=lambda r: STATE_COLORS.get(r.display_status, _NO_COLORS)[1],
    ),
    Column("兑现日期", lambda r: r.kept_on.isoformat() if r.kept_on else ""),
]
C_KIND, C_CONTENT, C_DEADLINE, C_STATUS, C_KEPT = range(len(COMMITMENT_COLUMNS))


class CommitmentListModel(RecordModel[CommitmentRow]):
    """The commitments of one member (or team) in the year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(COMMITMENT_COLUMNS, parent, roles={COMMITMENT_ID_ROLE: lambda r: r.id})
