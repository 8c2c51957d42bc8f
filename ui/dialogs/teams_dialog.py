"""队伍 management: teams with leader and members, and the team's commitments (组团承诺) for the year."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import commitments as cm, roster, teams
from app.services.residents import people, teams_people
from app.services.store import Database
from ui import messages
from ui.dialogs.commitment_dialogs import KeepDialog
from ui.kit.page import attempt, attempt_ok
from ui.kit.records import Column, RecordModel, fit_width, table_view
from ui.screen_fit import resize_to_fit, scrollable_body


def _whole(c: cm.CommitmentRow) -> str:
    deadline = f"，期限 {c.deadline}" if c.deadline else ""
    kept = f"，{c.kept_on} 兑现：{c.note}" if c.kept_on else ""
    return f"[{c.display_status}] {c.kind}：{c.content}{deadline}{kept}"


COMMITMENT_COLUMNS: list[Column[cm.CommitmentRow]] = [
    Column("状态", lambda c: c.display_status, centered=True, tooltip=_whole),
    Column("类别", lambda c: c.kind, tooltip=_whole),
    Column("承诺内容", lambda c: c.content, tooltip=_whole),
    Column("期限", lambda c: str(c.deadline or ""), tooltip=_whole),
]
NEW = "__new__"
PERSON = "person:"  # item data of a person (not a member) in the team


class TeamsDialog(QDialog):
    def __init__(
        self, db: Database, year: int, parent: QWidget | None = None, today: dt.date | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.year = year
        self.today = today or dt.date.today()
        self.setWindowTitle(f"队伍与组团承诺（{year} 年）")
        body = QWidget()
        outer = QHBoxLayout(body)
        outer.setContentsMargins(0, 0, 0, 0)

        left = QVBoxLayout()
        self.team_list = QListWidget()
        self.team_list.currentItemChanged.connect(lambda *_: self._show_team())
        left.addWidget(self.team_list, 1)
        new_button = QPushButton("新建队伍")
        new_button.clicked.connect(self.new_team)
        left.addWidget(new_button)
        outer.addLayout(left, 2)

        right = QVBoxLayout()
        box = QGroupBox("队伍")
        form = QFormLayout(box)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 矛盾纠纷协调志愿服务队")
        form.addRow("名称", self.name)
        self.kind = QComboBox()
        self.kind.addItems(list(teams.TEAM_KINDS))
        form.addRow("类别", self.kind)
        self.area = QLineEdit()
        self.area.setPlaceholderText("服务范围或分工，如 矛盾纠纷协调")
        form.addRow("服务范围", self.area)
        self.leader = QComboBox()
        form.addRow("队长", self.leader)
        self.save_button = QPushButton("保存队伍")
        self.save_button.clicked.connect(self.save_team)
        self.retire_button = QPushButton("停用队伍")
        self.retire_button.setToolTip("队伍解散后停用：不再列出，原有承诺和队员记录保留")
        self.retire_button.clicked.connect(self.retire_team)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button, 1)
        buttons.addWidget(self.retire_button)
        form.addRow("", buttons)
        right.addWidget(box)

        members_box = QGroupBox("队员")
        mlayout = QVBoxLayout(members_box)
        self.member_list = QListWidget()
        mlayout.addWidget(self.member_list, 1)
        row = QHBoxLayout()
        self.member_pick = QComboBox()
        self.member_pick.setEditable(True)
        self.member_pick.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        edit = self.member_pick.lineEdit()
        assert edit is not None
        edit.setPlaceholderText("输入姓名选择党员")
        for m in roster.list_members(db):
            self.member_pick.addItem(f"{m.name}（{m.branch}）", m.id)
        for p in people.list_people(db):  # 1+4+1 teams include non-members (居民组长, 企业负责人…)
            self.member_pick.addItem(f"{p.name}（{'、'.join(p.roles) or '人员'}）", PERSON + p.id)
        completer = QCompleter(self.member_pick.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.member_pick.setCompleter(completer)
        self.member_pick.setCurrentIndex(-1)
        row.addWidget(self.member_pick, 1)
        add = QPushButton("加入")
        add.clicked.connect(self.add_member)
        row.addWidget(add)
        remove = QPushButton("移出")
        remove.clicked.connect(self.remove_member)
        row.addWidget(remove)
        mlayout.addLayout(row)
        right.addWidget(members_box, 3)

        c_box = QGroupBox(f"{year} 年组团承诺")
        clayout = QVBoxLayout(c_box)
        # A table that fits the dialog's width (no sideways scrolling at 150 %): 承诺内容 takes the spare width,
        # cut with "…"; its tooltip has the whole text with the deadline and how it was kept.
        self.commitment_model: RecordModel[cm.CommitmentRow] = RecordModel(COMMITMENT_COLUMNS, self)
        self.commitment_list = table_view(self.commitment_model, fit=False)
        fit_width(self.commitment_list, 2, {0: "已兑现", 1: "因事承诺", 3: "2026-12-31"})
        rows_high = (
            self.commitment_list.verticalHeader().defaultSectionSize() * 3
        )  # three rows and the heading
        self.commitment_list.setMinimumHeight(
            rows_high + self.commitment_list.horizontalHeader().sizeHint().height() + 4
        )
        clayout.addWidget(self.commitment_list, 1)
        row = QHBoxLayout()
        keep = QPushButton("登记践诺…")
        keep.clicked.connect(self.keep_commitment)
        row.addWidget(keep)
        fail = QPushButton("未兑现")
        fail.clicked.connect(self.fail_commitment)
        row.addWidget(fail)
        row.addStretch(1)
        clayout.addLayout(row)
        row = QHBoxLayout()
        self.c_kind = QComboBox()
        self.c_kind.addItems(list(cm.KINDS))
        self.c_kind.setCurrentText("因事承诺")
        row.addWidget(self.c_kind)
        self.c_content = QLineEdit()
        self.c_content.setPlaceholderText("组团承诺内容，回车保存")
        self.c_content.returnPressed.connect(self.add_commitment)
        row.addWidget(self.c_content, 1)
        c_add = QPushButton("登记承诺")
        c_add.clicked.connect(self.add_commitment)
        row.addWidget(c_add)
        clayout.addLayout(row)
        right.addWidget(c_box, 2)
        outer.addLayout(right, 5)
        page = QVBoxLayout(self)
        page.addWidget(scrollable_body(body), 1)  # on a small screen the body scrolls, 关闭 stays in sight
        closing = QDialogButtonBox()
        closing.addButton("关闭", QDialogButtonBox.ButtonRole.AcceptRole)
        closing.accepted.connect(self.accept)
        page.addWidget(closing)
        self.reload()
        resize_to_fit(self, 920, 660)

    def current_team_id(self) -> str | None:
        item = self.team_list.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item else None
        return str(value) if value and value != NEW else None

    def reload(self, select: str | None = None) -> None:
        select = select or self.current_team_id()
        self.team_list.blockSignals(True)
        self.team_list.clear()
        for t in teams.list_teams(self.db):
            item = QListWidgetItem(f"{t.name}（{len(t.members)} 人）")
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            item.setToolTip(t.kind)
            self.team_list.addItem(item)
        self.team_list.blockSignals(False)
        row = 0
        for i in range(self.team_list.count()):
            if self.team_list.item(i).data(Qt.ItemDataRole.UserRole) == select:
                row = i
        if self.team_list.count():
            self.team_list.setCurrentRow(row)
        self._show_team()

    def _show_team(self) -> None:
        team_id = self.current_team_id()
        self.member_list.clear()
        self.commitment_model.set_rows([])
        self.leader.clear()
        self.leader.addItem("（未定）", None)
        if team_id is None:
            item = self.team_list.currentItem()
            if item is None or item.data(Qt.ItemDataRole.UserRole) != NEW:
                self.name.clear()
                self.area.clear()
            return
        team = teams.get_team(self.db, team_id)
        self.name.setText(team.name)
        self.kind.setCurrentText(team.kind)
        self.area.setText(team.area)
        for m in team.members:
            item = QListWidgetItem(f"{m.name}　{m.role}")
            item.setData(Qt.ItemDataRole.UserRole, m.member_id)
            self.member_list.addItem(item)
            self.leader.addItem(m.name, m.member_id)
        for p in teams_people.team_people(self.db, team_id):
            item = QListWidgetItem(f"{p.name}　{p.role}（非党员）")
            item.setData(Qt.ItemDataRole.UserRole, PERSON + p.person_id)
            self.member_list.addItem(item)
        i = self.leader.findData(team.leader_id) if team.leader_id else 0
        self.leader.setCurrentIndex(max(0, i))
        rows = cm.list_commitments(self.db, self.year, today=self.today)
        self.commitment_model.set_rows([c for c in rows if c.team_id == team_id])

    def new_team(self) -> None:
        item = QListWidgetItem("（新队伍）")
        item.setData(Qt.ItemDataRole.UserRole, NEW)
        self.team_list.addItem(item)
        self.team_list.setCurrentItem(item)
        self.name.clear()
        self.area.clear()
        self.kind.setCurrentText("志愿服务队")
        self.name.setFocus()

    def save_team(self) -> None:
        team_id = self.current_team_id()
        leader = self.leader.currentData()

        def save() -> str:
            if team_id is None:
                return teams.add_team(self.db, self.name.text(), self.kind.currentText(), self.area.text())
            team = teams.get_team(self.db, team_id)
            teams.update_team(
                self.db,
                team_id,
                name=self.name.text(),
                kind=self.kind.currentText(),
                area=self.area.text(),
                leader_id=leader,
                note=team.note,
            )
            return team_id

        saved = attempt(self, save)
        if saved is not None:
            self.reload(saved)

    def retire_team(self) -> None:
        team_id = self.current_team_id()
        if team_id is None:
            return
        team = teams.get_team(self.db, team_id)
        if not messages.confirm(self, f"停用队伍“{team.name}”？原有承诺和队员记录保留。", "停用"):
            return

        def retire() -> None:
            teams.update_team(
                self.db,
                team_id,
                name=team.name,
                kind=team.kind,
                area=team.area,
                leader_id=team.leader_id,
                note=team.note,
                active=False,
            )

        if attempt_ok(self, retire):
            self.reload()

    def add_member(self) -> None:
        team_id = self.current_team_id()
        member_id = self.member_pick.currentData()
        if team_id is None:
            messages.warn(self, "请先保存队伍，再加入队员")
            return
        if not member_id or self.member_pick.currentText() != self.member_pick.itemText(
            self.member_pick.currentIndex()
        ):
            messages.warn(self, "请从列表中选择一名党员")
            return
        if str(member_id).startswith(PERSON):
            person_id = str(member_id).removeprefix(PERSON)
            if not attempt_ok(self, lambda: teams_people.join_team_person(self.db, team_id, person_id)):
                return
        elif not attempt_ok(self, lambda: teams.join_team(self.db, team_id, str(member_id))):
            return
        self.member_pick.setCurrentIndex(-1)
        self.reload(team_id)

    def remove_member(self) -> None:
        team_id = self.current_team_id()
        item = self.member_list.currentItem()
        if team_id is None or item is None:
            return
        who = str(item.data(Qt.ItemDataRole.UserRole))
        if who.startswith(PERSON):
            if not attempt_ok(
                self, lambda: teams_people.leave_team_person(self.db, team_id, who.removeprefix(PERSON))
            ):
                return
        elif not attempt_ok(self, lambda: teams.leave_team(self.db, team_id, who)):
            return
        self.reload(team_id)

    def add_commitment(self) -> None:
        team_id = self.current_team_id()
        if team_id is None:
            messages.warn(self, "请先选择或保存一个队伍")
            return
        draft = cm.CommitmentDraft(
            year=self.year,
            kind=self.c_kind.currentText(),
            content=self.c_content.text(),
            team_id=team_id,
            deadline=dt.date(self.year, 12, 31),
            published_on=min(self.today, dt.date(self.year, 12, 31)),
        )
        if not attempt_ok(self, lambda: cm.add_commitment(self.db, draft, today=self.today)):
            return
        self.c_content.clear()
        self._show_team()

    def _current_commitment(self) -> cm.CommitmentRow | None:
        row = self.commitment_model.row_at(self.commitment_list.currentIndex().row())
        if row is None:
            messages.warn(self, "请先在组团承诺列表里选中一项")
            return None
        return cm.get_commitment(self.db, row.id, today=self.today)

    def keep_commitment(self) -> None:
        row = self._current_commitment()
        if row is None:
            return
        dialog = KeepDialog(row.content, self.today, self)
        if not dialog.exec():
            return
        on, note, photo = dialog.values()
        if not attempt_ok(self, lambda: cm.keep(self.db, row.id, on, note, photo, today=self.today)):
            return
        self._show_team()

    def fail_commitment(self) -> None:
        row = self._current_commitment()
        if row is None or not messages.confirm(self, f"把“{row.content}”登记为未兑现？", "登记未兑现"):
            return
        if not attempt_ok(self, lambda: cm.fail(self.db, row.id, self.today)):
            return
        self._show_team()
