"""组织与网格 → 人员与网格层级: the register of people beyond the roster (居民, 网格员, 社区工作者, 报到党员…)
and the grid levels 网格 → 责任区 → 单元格 with their staff. Opened from the 组织与网格 page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import service_rules as rules
from app.domain.errors import UserError
from app.domain.pinyin import matches, normalize_query
from app.services import organizations, photos, versions
from app.services.residents import grids, people
from app.services.residents.people import PersonRow
from app.services.store import Database
from ui import messages
from ui.dialogs.member_photo import PhotoField
from ui.dialogs.service_dialogs import FormDialog, member_items, pick_combo, picked
from ui.kit.export import export_button
from ui.kit.header import FindBox
from ui.kit.page import attempt
from ui.kit.records import table_view
from ui.models.service_models import people_model


class PersonDialog(FormDialog):
    def __init__(self, db: Database, person_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__("编辑人员" if person_id else "登记人员", parent)
        self.db, self.person_id = db, person_id
        # the version first, then the values: a change in between makes the save refused, never lost
        self.version = versions.loaded(db, "person", person_id) if person_id else None
        d = people.draft_of(db, person_id) if person_id else people.PersonDraft(name="")
        self.name = QLineEdit(d.name)
        self.phone = QLineEdit(d.phone)
        self.id_number = QLineEdit(d.id_number)
        self.id_number.setPlaceholderText("可不填；从不打印")
        self.address = QLineEdit(d.address)
        self.grid = QComboBox()
        self.grid.addItem("（未分网格）", "")
        for g in organizations.grids(db):
            self.grid.addItem(g.name, g.name)
        self.grid.setCurrentIndex(max(0, self.grid.findData(d.grid)))
        roles = QWidget()
        grid = QGridLayout(roles)
        grid.setContentsMargins(0, 0, 0, 0)
        self.roles: list[QCheckBox] = []
        for i, role in enumerate(rules.PERSON_ROLES):
            box = QCheckBox(role)
            box.setChecked(role in d.roles)
            grid.addWidget(box, i // 3, i % 3)
            self.roles.append(box)
        self.organization = QLineEdit(d.organization)
        self.organization.setPlaceholderText("报到党员：所在党组织")
        self.post = QLineEdit(d.post)
        self.post.setPlaceholderText("五亮公示牌上的岗位，如 社区工作者")
        self.active = QCheckBox("在用（取消：停用，记录保留）")
        self.active.setChecked(d.active)
        for label, widget in (
            ("姓名", self.name),
            ("手机号码", self.phone),
            ("身份证号", self.id_number),
            ("住址", self.address),
            ("网格", self.grid),
            ("身份", roles),
            ("所在组织", self.organization),
            ("岗位", self.post),
            ("", self.active),
        ):
            self.form.addRow(label, widget)
        # The photo (shown on the 五亮 board) beside the form: the member editor's field, stored only on 保存.
        self.photo = PhotoField(db)
        self.photo.set_stored(d.photo)
        row = QHBoxLayout()
        self.layout_.removeItem(self.form)
        row.addLayout(self.form, 1)
        row.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        self.layout_.insertLayout(0, row)
        self.draft = d
        self.save = self._save
        self.reload = self._refill

    def _refill(self) -> None:
        """刷新: the values another clerk saved, and their version."""
        assert self.person_id is not None
        self.version = versions.loaded(self.db, "person", self.person_id)
        d = self.draft = people.draft_of(self.db, self.person_id)
        for line, value in (
            (self.name, d.name), (self.phone, d.phone), (self.id_number, d.id_number), (self.address, d.address),
            (self.organization, d.organization), (self.post, d.post),
        ):  # fmt: skip
            line.setText(value)
        self.grid.setCurrentIndex(max(0, self.grid.findData(d.grid)))
        for box in self.roles:
            box.setChecked(box.text() in d.roles)
        self.active.setChecked(d.active)
        self.photo.set_stored(d.photo)

    def _save(self) -> None:
        draft = people.PersonDraft(
            name=self.name.text(),
            phone=self.phone.text(),
            gender=self.draft.gender,
            id_number=self.id_number.text(),
            address=self.address.text(),
            household_id=self.draft.household_id,
            grid=str(self.grid.currentData() or ""),
            roles=[b.text() for b in self.roles if b.isChecked()],
            organization=self.organization.text(),
            post=self.post.text(),
            note=self.draft.note,
            active=self.active.isChecked(),
            photo=self.photo.name,
        )
        stored: Path | None = None
        if self.photo.new_jpeg is not None:
            draft.photo = photos.store_photo(self.db, self.photo.new_jpeg)
            stored = self.db.data_dir.photos / draft.photo
        try:
            if self.person_id:
                people.update_person(self.db, self.person_id, draft, self.version)
            else:
                self.person_id = people.add_person(self.db, draft)
        except UserError:
            if stored is not None:
                stored.unlink(missing_ok=True)  # nothing refers to it: the save did not happen
            raise


class PeopleTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.rows: list[PersonRow] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.finder = FindBox("找人：姓名、拼音首字母或电话尾号")
        self.finder.textChanged.connect(lambda _t: self._filter())
        top.addWidget(self.finder)
        self.role = QComboBox()
        self.role.addItem("全部身份", None)
        for r in rules.PERSON_ROLES:
            self.role.addItem(r, r)
        self.role.currentIndexChanged.connect(lambda _i: self._filter())
        top.addWidget(self.role)
        top.addStretch(1)
        layout.addLayout(top)
        self.model = people_model(self)
        self.view = table_view(self.model, stretch=4)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        for text, slot in (("登记人员", self.add), ("修改", self.edit)):
            b = QPushButton(text)
            b.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(b)
        self.export_button = export_button(
            self, db, self.view, lambda: f"人员名册（{self.role.currentText()}）"
        )
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.rows = people.list_people(self.db, include_inactive=True)
        self._filter()

    def _filter(self) -> None:
        q, role = normalize_query(self.finder.text()), self.role.currentData()
        self.model.set_rows(
            [r for r in self.rows if matches(r.find, q) and (role is None or role in r.roles)]
        )

    def add(self) -> None:
        if PersonDialog(self.db, None, self).exec():
            self.refresh()

    def edit(self) -> None:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row and PersonDialog(self.db, row.id, self).exec():
            self.refresh()


class GridLevelsTab(QWidget):
    """网格 → 责任区 → 单元格 with 负责人/协管员/联络员; add a level below the chosen node, name its staff."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["名称", "层级", "住户", "负责人 / 协管员 / 联络员"])
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        for text, slot in (("在下面加一级", self.add_level), ("指定人员…", self.add_staff)):
            b = QPushButton(text)
            b.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.tree.clear()

        def add(parent: QTreeWidget | QTreeWidgetItem, node: grids.CellNode, grid: str) -> None:
            staff = "，".join(f"{s.role} {s.name}" for s in node.staff)
            item = QTreeWidgetItem([node.name, node.level, str(node.households), staff])
            item.setData(0, 256, (grid, node.id, node.level))
            if isinstance(parent, QTreeWidget):
                parent.addTopLevelItem(item)
            else:
                parent.addChild(item)
            for child in node.children:
                add(item, child, grid)

        for root in grids.grid_tree(self.db):
            add(self.tree, root, root.name)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)

    def _chosen(self) -> tuple[str, str, str] | None:
        item = self.tree.currentItem()
        if item is None:
            messages.info(self, "请先选一个网格、责任区或单元格")
            return None
        grid, node_id, level = item.data(0, 256)
        return str(grid), str(node_id), str(level)

    def add_level(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        grid, node_id, level = chosen
        below = "责任区" if level == "网格" else "单元格"
        name, ok = QInputDialog.getText(self, f"新增{below}", f"{below}名称：")
        parent = None if level == "网格" else node_id
        if ok and attempt(self, lambda: grids.add_cell(self.db, grid, name, parent)) is not None:
            self.refresh()

    def add_staff(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        grid, node_id, level = chosen
        dialog = FormDialog(f"指定{level}的人员", self)
        role = QComboBox()
        role.addItems(list(rules.STAFF_ROLES))
        member = pick_combo(member_items(self.db), "党员姓名")
        person = pick_combo([(p.name, p.id) for p in people.list_people(self.db)], "或：人员姓名")
        dialog.form.addRow("职责", role)
        dialog.form.addRow("党员", member)
        dialog.form.addRow("人员", person)

        def save() -> None:
            member_id, person_id = picked(member), picked(person)
            if (member_id is None) == (person_id is None):
                raise UserError("请选一名党员或一名人员（只选一个）")
            grids.set_staff(
                self.db,
                grid,
                role.currentText(),
                cell_id=None if level == "网格" else node_id,
                member_id=member_id,
                person_id=person_id,
            )

        dialog.save = save
        if dialog.exec():
            self.refresh()


class PeopleDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("人员与网格层级")
        layout = QVBoxLayout(self)
        tabs = QTabWidget()
        tabs.addTab(PeopleTab(db, self), "人员（花名册以外）")
        tabs.addTab(GridLevelsTab(db, self), "网格层级")
        layout.addWidget(tabs)
        self.resize(860, 480)


def open_people(db: Database, parent: QWidget | None = None) -> None:
    PeopleDialog(db, parent).exec()
