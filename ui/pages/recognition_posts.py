"""The 岗位与工作室 tab of the 评选与考核 page: 党员先锋岗 / 党员示范岗 / 明星党员工作室, set up, edited and retired."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services import recognition
from ui import messages
from ui.dialogs.recognition_settings import PostDialog
from ui.kit.empty import show_when_empty
from ui.kit.records import Column, RecordModel, table_view

if TYPE_CHECKING:
    from ui.kit.page import Page


class PostsTab(QWidget):
    """Posts and studios with who is in charge (a member or a team), where, and what they offer."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.page = page
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.show_retired = QCheckBox("显示已撤销的")
        self.show_retired.toggled.connect(lambda _on: self.refresh())
        top.addWidget(self.show_retired)
        top.addStretch(1)
        for text, slot in (("设立…", self.add), ("修改…", self.edit), ("撤销", self.retire)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            top.addWidget(b)
        layout.addLayout(top)
        self.model: RecordModel[recognition.PostRow] = RecordModel(
            [
                Column("类型", lambda p: p.kind),
                Column("名称", lambda p: p.name),
                Column("负责", lambda p: p.member or p.team),
                Column("地点", lambda p: p.place),
                Column("服务内容", lambda p: p.offers, tooltip=lambda p: p.offers),
                Column(
                    "状态",
                    lambda p: "在岗" if p.active else "已撤销",
                    color=lambda p: None if p.active else "#888888",
                ),
            ],
            self,
        )
        self.view = table_view(self.model, stretch=4)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        show_when_empty(self.view, "还没有设立党员先锋岗、示范岗或工作室：点“设立…”")
        layout.addWidget(self.view, 1)
        hint = QLabel("岗位显示在五亮公示牌和“先锋岗与工作室”公示牌上（公示栏页打印）。撤销后记录保留。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666")
        layout.addWidget(hint)

    def refresh(self) -> None:
        self.model.set_rows(recognition.list_posts(self.page.db, self.show_retired.isChecked()))

    def _selected(self) -> recognition.PostRow | None:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None:
            messages.warn(self, "请先在表格里选一个岗位")
        return row

    def add(self) -> None:
        if PostDialog(self.page.db, None, self).exec():
            self.refresh()

    def edit(self) -> None:
        post = self._selected()
        if post is not None and PostDialog(self.page.db, post, self).exec():
            self.refresh()

    def retire(self) -> None:
        post = self._selected()
        if post is None or not messages.confirm(self, f"撤销“{post.name}”？记录会保留。", "撤销"):
            return
        if self.page.attempt(lambda: recognition.retire_post(self.page.db, post.id)) is not None:
            self.refresh()
