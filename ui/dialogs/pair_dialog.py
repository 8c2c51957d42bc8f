"""联户结对…: one chooser listing members AND people (网格员, 社区工作者…), found with the shared matcher."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.domain.errors import UserError
from app.domain.pinyin import FindKey, matches
from app.services import roster
from app.services.residents import pairing, people
from app.services.store import Database
from ui.dialogs.service_dialogs import FormDialog
from ui.kit.header import FindBox

MEMBER, PERSON = "member", "person"


class PairDialog(FormDialog):
    """Pick who links the household: ``chosen()`` is (MEMBER or PERSON, id) or None."""

    def __init__(self, db: Database, household_id: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.db, self.household_id = db, household_id
        self.finder = FindBox("输入姓名或拼音首字母，找党员或人员")
        self.list = QListWidget()
        self.list.setMinimumHeight(180)
        self.keys: list[FindKey] = []
        for m in roster.list_members(db):
            self._add(f"{m.name}（党员·{m.branch}）", (MEMBER, m.id), roster.search_key(m))
        for p in people.list_people(db):
            self._add(f"{p.name}（{'、'.join(p.roles) or '人员'}）", (PERSON, p.id), p.find)
        self.finder.textChanged.connect(self._filter)
        self.finder.returnPressed.connect(self._first_visible)
        self.list.itemDoubleClicked.connect(lambda _item: self.submit())
        self.form.addRow("联户人", self.finder)
        self.form.addRow("", self.list)
        self.save = self._save
        self.resize(420, 320)

    def _add(self, label: str, value: tuple[str, str], key: FindKey) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, value)
        self.list.addItem(item)
        self.keys.append(key)

    def _filter(self) -> None:
        query = self.finder.query()
        for i, key in enumerate(self.keys):
            self.list.item(i).setHidden(not matches(key, query))
        current = self.list.currentItem()
        if current is None or current.isHidden():
            self._first_visible()

    def _first_visible(self) -> None:
        for i in range(self.list.count()):
            if not self.list.item(i).isHidden():
                self.list.setCurrentRow(i)
                return
        self.list.setCurrentRow(-1)

    def chosen(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        if item is None or item.isHidden():
            return None
        kind, value = item.data(Qt.ItemDataRole.UserRole)
        return str(kind), str(value)

    def _save(self) -> None:
        choice = self.chosen()
        if choice is None:
            raise UserError("请在列表里选一名党员或人员（输入姓名或拼音首字母可以查找）")
        kind, who = choice
        if kind == MEMBER:
            pairing.pair(self.db, self.household_id, member_id=who)
        else:
            pairing.pair(self.db, self.household_id, person_id=who)
