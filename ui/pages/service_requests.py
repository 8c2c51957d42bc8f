"""求助与建议 tab: the ledger with state colours and overdue marks; 受理 → 交办 → 进展 → 办结 → 回访."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import service_rules as rules
from app.services.projects.needs import RequestLink, request_links
from app.services.residents import requests
from app.services.residents.requests import RequestRow
from ui import messages
from ui.dialogs.service_dialogs import AssignDialog, RequestDialog, StepDialog, required
from ui.kit.export import export_button
from ui.kit.header import FindBox
from ui.kit.records import Column, fit_width, table_view
from ui.models.service_models import requests_model

if TYPE_CHECKING:
    from ui.kit.page import Page

OVERDUE_FILTER = "逾期"


class RequestsTab(QWidget):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.page = page
        self.all_rows: list[RequestRow] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("状态"))
        self.status = QComboBox()
        self.status.addItem("全部", None)
        for s in (*rules.STATUSES, OVERDUE_FILTER):
            self.status.addItem(s, s)
        self.status.currentIndexChanged.connect(lambda _i: self._filter())
        top.addWidget(self.status)
        self.finder = FindBox("找：地址、内容")
        self.finder.textChanged.connect(lambda _t: self._filter())
        top.addWidget(self.finder)
        top.addStretch(1)
        self.summary = QLabel()
        top.addWidget(self.summary)
        top.addWidget(export_button(self, self.page.db, lambda: self.view, "求助与意见建议台账"))
        layout.addLayout(top)
        self.model = requests_model(self)
        self.links: dict[str, RequestLink] = {}
        self.model.columns.append(  # what became of it in 服务项目 (需求 → 项目)
            Column("服务项目", lambda r: self.links[r.id].label if r.id in self.links else "")
        )
        self.view = table_view(self.model, fit=False)
        # 内容 takes the spare width; at 150 % 服务项目, 满意度, 类型 and 紧急 give way (导出 Excel keeps them)
        samples = (
            "2026-12-31",
            "办理中·逾期",
            "建议",
            "基础设施",
            "紧急",
            "新塘湾12号",
            "司马艳艳",
            "2026-12-31",
        )
        widths = dict(enumerate(samples)) | {8: "基本满意", 10: "修好楼道路灯"}
        fit_width(self.view, 9, widths, drop=(10, 8, 2, 4), min_chars=8)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        for text, slot in (
            ("受理…", self.add),
            ("交办…", self.assign),
            ("进展…", self.progress),
            ("办结…", self.resolve),
            ("回访…", self.revisit),
            ("撤销…", self.withdraw),
            ("办理经过", self.history),
            ("转为服务需求…", self.to_need),
        ):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def refresh(self) -> None:
        self.all_rows = requests.list_requests(self.page.db)
        self.links = request_links(self.page.db)
        self._filter()

    def _filter(self) -> None:
        status = self.status.currentData()
        text = self.finder.text().strip()
        rows = [
            r
            for r in self.all_rows
            if (status is None or (r.overdue if status == OVERDUE_FILTER else r.status == status))
            and (not text or text in r.source or text in r.text or text in r.category)
        ]
        self.model.set_rows(rows)
        overdue = sum(1 for r in self.all_rows if r.overdue)
        self.summary.setText(f"共 {len(self.all_rows)} 条，逾期 {overdue} 条，显示 {len(rows)} 条")

    def current(self) -> RequestRow | None:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None:
            messages.info(self, "请先在表格里选一条求助或建议")
        return row

    def add(self) -> None:
        if RequestDialog(self.page.db, None, self).exec():
            self.refresh()

    def assign(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = AssignDialog(self.page.db, self)
        db = self.page.db

        def save() -> None:
            team_id = dialog.team.currentData()
            committee = dialog.committee.isChecked()
            member_id = (
                None if committee or team_id else required(dialog.member, "办理的党员（或选队伍、两委）")
            )
            requests.assign_request(db, row.id, member_id=member_id, team_id=team_id, committee=committee)

        dialog.save = save
        if dialog.exec():
            self.refresh()

    def progress(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = StepDialog("办理进展", "做了什么、进展如何", False, self)
        dialog.save = lambda: requests.add_progress(self.page.db, row.id, *dialog.values())
        if dialog.exec():
            self.refresh()

    def resolve(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = StepDialog("办结", "是怎么解决的", True, self)
        dialog.save = lambda: requests.resolve_request(
            self.page.db, row.id, *dialog.values(), adopted=dialog.adopted.isChecked()
        )
        if dialog.exec():
            if dialog.link.isChecked():
                result = self.page.attempt(lambda: requests.record_resolution_links(self.page.db, row.id))
                if result is not None:
                    messages.info(self, result.message)
            self.refresh()

    def revisit(self) -> None:
        row = self.current()
        if row is None:
            return
        choice, ok = QInputDialog.getItem(
            self, "回访", "群众满意度（不满意会重新办理）", list(rules.SATISFACTION), 0, False
        )
        if ok and self.page.attempt_ok(lambda: requests.revisit_request(self.page.db, row.id, choice)):
            self.refresh()

    def withdraw(self) -> None:
        row = self.current()
        if row is None:
            return
        reason, ok = QInputDialog.getText(self, "撤销", "撤销原因（如 重复登记）：")
        if ok:
            result = self.page.attempt(lambda: requests.withdraw_request(self.page.db, row.id, reason))
            if result is not None:
                self.refresh()

    def history(self) -> None:
        row = self.current()
        if row is None:
            return
        lines = [
            f"{e.date}  {e.action}  {e.note}（{e.recorded_by} {e.recorded_at:%m-%d %H:%M}）"
            for e in requests.history(self.page.db, row.id)
        ]
        link = request_links(self.page.db, [row.id]).get(row.id)
        if link is not None:
            lines.append(f"已转为服务需求 → {link.label}")
        messages.info(self, "\n".join(lines))

    def to_need(self) -> None:
        """转为服务需求: the request becomes a need in 服务项目 (one need per request), to be set as a project."""
        from app.services.projects import common, needs
        from ui.dialogs.project_dialogs import NeedDialog

        row = self.current()
        if row is None:
            return
        link = request_links(self.page.db, [row.id]).get(row.id)
        if link is not None:
            messages.info(self, f"这条求助已经转为服务需求：{link.label}")
            return
        db = self.page.db
        draft = self.page.attempt(lambda: needs.draft_from_request(db, row.id, common.categories(db)))
        if draft is not None and NeedDialog(db, self, draft).exec():
            messages.info(self, "已转为服务需求，在“服务项目 → 需求”里立项。")
            self.refresh()
