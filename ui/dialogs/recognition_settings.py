"""Dialogs of 评选与考核's settings and standing records: the 五星级 criteria, the 支部考核 bands, a 党员先锋岗 /
示范岗 / 明星党员工作室, and 1+N (所在单位, the units that should form a branch)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import recognition as rules
from app.services import recognition
from app.services.store import Database
from ui import messages
from ui.dialogs import ok_cancel_buttons
from ui.dialogs.service_dialogs import member_items, pick_combo, picked
from ui.kit.empty import show_when_empty
from ui.kit.page import attempt, attempt_ok
from ui.kit.records import Column, RecordModel, table_view
from ui.screen_fit import resize_to_fit


class CriteriaDialog(QDialog):
    """五星级的评定条件: one per line. Years already rated keep the criteria they were judged on."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("五星级评定条件")
        layout = QVBoxLayout(self)
        note = QLabel(
            "每行一条（3 到 10 条）。已经开始评定的年份保留评定时的条件，修改只用于还没有评定的年份。"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.text = QPlainTextEdit("\n".join(recognition.star_criteria(db)))
        layout.addWidget(self.text, 1)
        layout.addWidget(ok_cancel_buttons(self, "确定"))

    def accept(self) -> None:
        names = self.text.toPlainText().splitlines()
        if attempt(self, lambda: recognition.set_star_criteria(self.db, names)) is not None:
            super().accept()


class BandsDialog(QDialog):
    """支部考核的等次: name, the lowest total of the band, and its consequence (奖励款, 限期整顿…)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("考核等次")
        layout = QVBoxLayout(self)
        note = QLabel("总分达到“起点分”即为该等次（取能达到的最高一档）；要有一档从 0 分起。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["等次", "起点分", "奖惩"])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for band in recognition.bands(db):
            self._add_row(band)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        add = QPushButton("加一档")
        add.clicked.connect(lambda: self._add_row(rules.Band("", 0, "")))
        remove = QPushButton("删去选中的一档")
        remove.clicked.connect(lambda: self.table.removeRow(self.table.currentRow()))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(ok_cancel_buttons(self, "确定"))
        resize_to_fit(self, 520, 300)

    def _add_row(self, band: rules.Band) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(band.name))
        spin = QDoubleSpinBox()
        spin.setRange(0, 1000)
        spin.setDecimals(1)
        spin.setValue(band.floor)
        self.table.setCellWidget(r, 1, spin)
        self.table.setItem(r, 2, QTableWidgetItem(band.consequence))

    def values(self) -> list[rules.Band]:
        out = []
        for r in range(self.table.rowCount()):
            name, consequence = self.table.item(r, 0), self.table.item(r, 2)
            spin = self.table.cellWidget(r, 1)
            assert isinstance(spin, QDoubleSpinBox)
            out.append(
                rules.Band(
                    name.text().strip() if name else "",
                    spin.value(),
                    consequence.text().strip() if consequence else "",
                )
            )
        return out

    def accept(self) -> None:
        values = self.values()
        if attempt_ok(self, lambda: recognition.set_bands(self.db, values)):
            super().accept()


class PostDialog(QDialog):
    """设立或修改 a 党员先锋岗 / 示范岗 / 明星党员工作室: kind, name, the member or team in charge, place, offer."""

    def __init__(
        self, db: Database, post: recognition.PostRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.post = post
        self.saved: recognition.PostRow | None = None
        self.setWindowTitle("修改岗位" if post else "设立岗位")
        form = QFormLayout(self)
        self.kind = QComboBox()
        self.kind.addItems(list(rules.POST_KINDS))
        self.kind.setEnabled(post is None)
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 便民代办岗、老娘舅调解工作室")
        self.member = pick_combo(
            [("（不指定党员，由团队负责）", ""), *member_items(db)], "输入姓名选择负责党员"
        )
        self.team = QLineEdit()
        self.team.setPlaceholderText("没有单个负责党员时写团队，如 农机服务队")
        self.place = QLineEdit()
        self.offers = QPlainTextEdit()
        self.offers.setFixedHeight(self.fontMetrics().height() * 4)
        if post is not None:
            self.kind.setCurrentText(post.kind)
            self.name.setText(post.name)
            self.member.setCurrentIndex(max(0, self.member.findData(post.member_id or "")))
            self.team.setText(post.team)
            self.place.setText(post.place)
            self.offers.setPlainText(post.offers)
        form.addRow("类型", self.kind)
        form.addRow("名称", self.name)
        form.addRow("负责党员", self.member)
        form.addRow("负责团队", self.team)
        form.addRow("地点", self.place)
        form.addRow("服务内容", self.offers)
        form.addRow(ok_cancel_buttons(self, "确定"))

    def accept(self) -> None:
        member = picked(self.member) or ""
        values = (self.name.text(), self.team.text(), self.place.text(), self.offers.toPlainText())
        if self.post is None:
            kind = self.kind.currentText()
            result = attempt(
                self, lambda: recognition.add_post(self.db, kind, values[0], member or None, *values[1:])
            )
        else:
            post_id = self.post.id
            result = attempt(
                self,
                lambda: recognition.update_post(
                    self.db,
                    post_id,
                    name=values[0],
                    member_id=member,
                    team=values[1],
                    place=values[2],
                    offers=values[3],
                ),
            )
        if result is not None:
            self.saved = result
            super().accept()


class WorkUnitsDialog(QDialog):
    """1+N: the units with 3 or more 正式党员 and no organisation of their own (form a branch there), and each
    member's 所在单位 — registered here, in the same place the committee reads the list."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("1+N 所在单位")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(f"该成立党组织的单位（{rules.BRANCH_THRESHOLD} 名以上正式党员、还没有自己的组织）")
        )
        self.need: RecordModel[recognition.UnitWithoutBranch] = RecordModel(
            [
                Column("单位", lambda u: u.unit),
                Column("正式党员", lambda u: str(u.full_members), numeric=True),
                Column("党员", lambda u: "、".join(u.members)),
            ],
            self,
        )
        self.need_view = table_view(self.need, stretch=2)
        show_when_empty(self.need_view, "没有需要成立组织的单位")
        layout.addWidget(self.need_view, 1)
        layout.addWidget(QLabel("党员的所在单位（企业、商铺等）"))
        self.units: RecordModel[recognition.WorkUnitRow] = RecordModel(
            [
                Column("所在单位", lambda w: w.unit),
                Column("党员", lambda w: w.name),
                Column("所在支部", lambda w: w.branch),
            ],
            self,
        )
        self.units_view = table_view(self.units, stretch=0)
        self.units_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        show_when_empty(self.units_view, "还没有登记所在单位：在下面选党员、写单位，点“登记”")
        layout.addWidget(self.units_view, 2)
        row = QHBoxLayout()
        self.member = pick_combo(member_items(db), "输入姓名选择党员")
        self.unit = QLineEdit()
        self.unit.setPlaceholderText("所在单位，如 宏丰五金厂；空着点登记即清除")
        save = QPushButton("登记")
        save.clicked.connect(self.save)
        row.addWidget(self.member, 1)
        row.addWidget(self.unit, 1)
        row.addWidget(save)
        layout.addLayout(row)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.units_view.clicked.connect(self._pick)
        resize_to_fit(self, 640, 520)
        self.refresh()

    def refresh(self) -> None:
        self.need.set_rows(recognition.units_without_branch(self.db))
        self.units.set_rows(recognition.work_units(self.db))

    def _pick(self) -> None:
        w = self.units.row_at(self.units_view.currentIndex().row())
        if w is not None:
            self.member.setCurrentIndex(self.member.findData(w.member_id))
            self.unit.setText(w.unit)

    def save(self) -> None:
        member = picked(self.member)
        if member is None:
            messages.warn(self, "请从列表里选党员（输入姓名后在弹出的列表里点选）")
            return
        unit = self.unit.text()
        if attempt_ok(self, lambda: recognition.set_work_unit(self.db, member, unit)):
            self.unit.clear()
            self.refresh()
