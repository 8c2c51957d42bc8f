"""The tabs of the 服务项目 page: 项目库 (states with counts, the card, every step), 需求 (inbox → 立项), 队伍."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import project_rules as rules
from app.domain.pinyin import name_pinyin
from app.services import boards
from app.services.projects import claims, export, needs, pool, stats
from app.services.projects.common import ProjectRow
from app.services.projects.needs import NeedRow
from app.services.projects.stats import TeamLine
from ui import messages
from ui.dialogs.project_dialogs import ClaimDialog, CompleteDialog, NeedDialog, ProgressDialog, ProjectDialog
from ui.kit.export import export_button
from ui.kit.header import FindBox
from ui.kit.more import more_button
from ui.kit.records import Column, RecordModel, fit_width, hide_column, table_view
from ui.kit.wrap import LineLabel

if TYPE_CHECKING:
    from ui.kit.page import Page

OVERDUE = "逾期"
COLORS = {
    rules.DRAFT: ("#5f5f5f", "#eeeeee"),
    rules.OPEN: ("#8a5a00", "#fff1cc"),
    rules.CLAIMED: ("#0d47a1", "#e3eefb"),
    rules.DONE: ("#1b5e20", "#dcefdc"),
    rules.JUDGED: ("#1b5e20", "#c8e6c9"),
    rules.WITHDRAWN: ("#5f5f5f", "#eeeeee"),
}


def _state(r: ProjectRow) -> str:
    return f"{r.status}·逾期" if r.overdue else r.status


PROJECT_COLUMNS: list[Column[ProjectRow]] = [
    Column(
        "状态",
        _state,
        centered=True,
        color=lambda r: "#ffffff" if r.overdue else COLORS.get(r.status, ("#000", ""))[0],
        background=lambda r: "#c62828" if r.overdue else COLORS.get(r.status, ("", "#fff"))[1],
    ),
    Column("完成期限", lambda r: r.deadline.isoformat()),
    Column("类别", lambda r: r.category),
    Column("规模", lambda r: r.size),
    Column("认领人", lambda r: r.claimant or "—", tooltip=lambda r: r.claimant),
    Column("满意度", lambda r: r.satisfaction),
    Column("项目", lambda r: r.title, tooltip=lambda r: r.goal),
]
NEED_COLUMNS: list[Column[NeedRow]] = [
    Column("收集日期", lambda r: r.raised_on.isoformat()),
    Column("方式", lambda r: r.raised_how, centered=True, tooltip=lambda r: r.source),
    Column("类别", lambda r: r.category),
    Column("规模", lambda r: r.size),
    Column("为谁", lambda r: r.for_whom or "—"),
    Column("状态", lambda r: "已立项" if r.project_id else "待立项", centered=True),
    Column("需求", lambda r: r.text, tooltip=lambda r: r.text),
    Column("来源", lambda r: r.source or r.raised_how, tooltip=lambda r: r.source),
]
NEED_STATE, NEED_TEXT = 5, 6  # 状态 (hidden while only 待立项 are listed), 需求 (takes the spare width)
TEAM_COLUMNS: list[Column[TeamLine]] = [
    Column("队伍", lambda t: t.name),
    Column("类别", lambda t: t.kind),
    Column("队长", lambda t: t.leader or "未设（不能认领）", color=lambda t: None if t.leader else "#b00020"),
    Column("队员", lambda t: str(len(t.members)), numeric=True, tooltip=lambda t: "、".join(t.members)),
    Column("完成", lambda t: str(t.done), numeric=True, tooltip=lambda t: f"完成项目 {t.done} 个"),
    Column("队员名单", lambda t: "、".join(t.members), tooltip=lambda t: "、".join(t.members)),
    Column("在办的项目", lambda t: "；".join(t.holding) or "—", tooltip=lambda t: "\n".join(t.holding)),
]


def _buttons(
    owner: QWidget, actions: tuple[tuple[str, object], ...], extra: QWidget | None = None
) -> QHBoxLayout:
    row = QHBoxLayout()
    for text, slot in actions:
        button = QPushButton(text)
        button.clicked.connect(lambda _c=False, s=slot: s())
        row.addWidget(button)
    if extra is not None:
        row.addWidget(extra)
    row.addStretch(1)
    return row


class PoolTab(QWidget):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.page = page
        self.all_rows: list[ProjectRow] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("状态"))
        self.status = QComboBox()
        self.status.setMinimumContentsLength(9)
        self.status.currentIndexChanged.connect(lambda _i: self._filter())
        top.addWidget(self.status)
        self.finder = FindBox("找：项目、认领人")
        self._pinyin: dict[str, tuple[str, str]] = {}
        self.finder.setMinimumWidth(220)
        self.finder.textChanged.connect(lambda _t: self._filter())
        top.addWidget(self.finder)
        top.addSpacing(8)
        self.summary = LineLabel()  # the flow beside the filters, cut (whole as tooltip) when narrow
        top.addWidget(self.summary, 1)
        layout.addLayout(top)
        self.model: RecordModel[ProjectRow] = RecordModel(PROJECT_COLUMNS, self)
        # Widths from the longest words each column can hold, not measured from 1,500 rows on every layout.
        self.view = table_view(self.model, fit=False)
        # 认领人: a long team name is cut (its tooltip shows it) so 项目 keeps room at 150 %
        samples = ("已认领·逾期", "2026-12-31", "矛盾纠纷协调", "个人小项目", "环境整治志愿服务", "基本满意")
        fit_width(self.view, 6, dict(enumerate(samples)))
        self.view.doubleClicked.connect(lambda _i: self.card())
        layout.addWidget(self.view, 1)
        self.export_button = export_button(self, page.db, self.view, self._export_title)
        # One row: the steps of a project, then the rarer actions under 更多 (two rows cost the table its rows).
        steps = (
            ("公示", self.publish),
            ("认领…", self.claim),
            ("交回…", self.hand_back),
            ("进度…", self.progress),
            ("完成…", self.complete),
            ("验收…", self.evaluate),
        )
        rarer = (("项目卡片", self.card), ("撤销完成…", self.reopen), ("撤回项目…", self.withdraw))
        row = _buttons(self, steps)
        row.insertWidget(row.count() - 1, more_button(self, rarer))
        row.insertWidget(row.count() - 1, self.export_button)
        layout.addLayout(row)

    def refresh(self) -> None:
        self.all_rows = pool.list_projects(self.page.db)
        counts = {s: 0 for s in rules.STATUSES}
        for r in self.all_rows:
            counts[r.status] += 1
        overdue = sum(1 for r in self.all_rows if r.overdue)
        chosen = self.status.currentData()
        self.status.blockSignals(True)
        self.status.clear()
        self.status.addItem(f"全部（{len(self.all_rows)}）", None)
        for s in rules.STATUSES:
            self.status.addItem(f"{s}（{counts[s]}）", s)
        self.status.addItem(f"{OVERDUE}（{overdue}）", OVERDUE)
        self.status.setCurrentIndex(max(0, self.status.findData(chosen)))
        self.status.blockSignals(False)
        flow = " → ".join(f"{s} {counts[s]}" for s in rules.STATUSES[:5])
        self.summary.setText(f"{flow}；逾期 {overdue}")
        self._filter()

    def _filter(self) -> None:
        status = self.status.currentData()
        text = self.finder.text().strip()
        rows = [
            r
            for r in self.all_rows
            if (status is None or (r.overdue if status == OVERDUE else r.status == status))
            and (not text or text in r.title or text in r.category or self._finds(r))
        ]
        self.model.set_rows(rows)

    def _finds(self, row: ProjectRow) -> bool:
        """The claimant by name or pinyin (zw → 朱伟), the title by the pinyin initials of its start."""
        for text in (row.claimant, row.title):
            if text and self.finder.finds(text, *self._pinyin.setdefault(text, name_pinyin(text))):
                return True
        return False

    def _export_title(self) -> str:
        return f"项目库（{self.status.currentText()}）"

    def current(self) -> ProjectRow | None:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None:
            messages.info(self, "请先在表格里选一个项目")
        return row

    def _done(self, ok: object) -> None:
        if ok:
            self.refresh()

    def publish(self) -> None:
        row = self.current()
        if row:
            self._done(self.page.attempt_ok(lambda: pool.publish_project(self.page.db, row.id)))

    def claim(self) -> None:
        row = self.current()
        if row:
            self._done(ClaimDialog(self.page.db, row, self).exec())

    def hand_back(self) -> None:
        row = self.current()
        if row is None:
            return
        reason, ok = QInputDialog.getText(self, "交回", "交回原因：")
        if ok:
            self._done(self.page.attempt_ok(lambda: claims.hand_back(self.page.db, row.id, reason)))

    def progress(self) -> None:
        row = self.current()
        if row is None:
            return
        self._done(ProgressDialog(self.page.db, row, self).exec())

    def complete(self) -> None:
        row = self.current()
        if row is None:
            return
        dialog = CompleteDialog(self.page.db, row, self)
        if dialog.exec():
            if dialog.links is not None:
                messages.info(self, "已登记完成；" + dialog.links.message)
            self.refresh()

    def evaluate(self) -> None:
        row = self.current()
        if row is None:
            return
        choice, ok = QInputDialog.getItem(self, "验收", "群众满意度：", list(rules.SATISFACTION), 0, False)
        if ok:
            self._done(self.page.attempt_ok(lambda: claims.evaluate(self.page.db, row.id, choice)))

    def reopen(self) -> None:
        row = self.current()
        if row is None:
            return
        reason, ok = QInputDialog.getText(self, "撤销完成", "原因（闪光言行撤回、积分冲销）：")
        if ok:
            result = self.page.attempt(lambda: claims.reopen(self.page.db, row.id, reason))
            if result is not None:
                messages.info(self, "已撤销完成登记")
                self.refresh()

    def withdraw(self) -> None:
        row = self.current()
        if row is None:
            return
        reason, ok = QInputDialog.getText(self, "撤回项目", "撤回原因（项目不删除）：")
        if ok:
            self._done(self.page.attempt_ok(lambda: pool.withdraw_project(self.page.db, row.id, reason)))

    def card(self) -> None:
        row = self.current()
        if row is None:
            return
        from ui.dialogs.project_card import ProjectCardDialog

        ProjectCardDialog(self.page.db, row, _state(row), self).exec()


class NeedsTab(QWidget):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.page = page
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.open_only = QComboBox()
        self.open_only.addItem("待立项", True)
        self.open_only.addItem("全部", False)
        self.open_only.currentIndexChanged.connect(lambda _i: self.refresh())
        top.addWidget(self.open_only)
        self.summary = QLabel()
        top.addWidget(self.summary)
        top.addStretch(1)
        layout.addLayout(top)
        self.model: RecordModel[NeedRow] = RecordModel(NEED_COLUMNS, self)
        self.view = table_view(self.model, fit=False)
        # 需求 takes the spare width; 为谁 and 来源 (a request's text) are cut, their tooltips show all
        samples = ("2026-12-31", "恳谈会", "矛盾纠纷协调", "个人小项目", "南岸12号", "待立项", "", "求助：门")
        fit_width(self.view, NEED_TEXT, {c: t for c, t in enumerate(samples) if c != NEED_TEXT})
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        layout.addWidget(self.view, 1)
        self.export_button = export_button(
            self, page.db, self.view, lambda: f"服务需求（{self.open_only.currentText()}）"
        )
        actions = (("登记需求…", self.add), ("选中的需求立项…", self.make_project))
        layout.addLayout(_buttons(self, actions, self.export_button))

    def refresh(self) -> None:
        open_only = bool(self.open_only.currentData())
        hide_column(self.view, NEED_STATE, open_only)  # all 待立项: the column would only take room
        rows = needs.list_needs(self.page.db, open_only=open_only)
        self.model.set_rows(rows)
        self.summary.setText(f"共 {len(rows)} 条（可按住 Ctrl 选几条合成一个项目）")

    def add(self) -> None:
        if NeedDialog(self.page.db, self).exec():
            self.refresh()

    def make_project(self) -> None:
        chosen = [self.model.row_at(i.row()) for i in self.view.selectionModel().selectedRows()]
        rows = [r for r in chosen if r is not None and not r.project_id]
        if not rows:
            messages.info(self, "请先选一条或几条待立项的需求")
            return
        dialog = ProjectDialog(self.page.db, [r.id for r in rows], rows[0].text, self)
        if dialog.exec():
            if messages.confirm(self, "已立项。现在就公示，进入项目库待认领吗？", "公示"):
                self.page.attempt_ok(lambda: pool.publish_project(self.page.db, dialog.project_id))
            self.refresh()


class TeamsTab(QWidget):
    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.page = page
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model: RecordModel[TeamLine] = RecordModel(TEAM_COLUMNS, self)
        view = table_view(self.model, fit=False)
        # 队员名单 takes the spare width (a team of 41 is cut, its tooltip lists everyone); long names are cut too
        samples = ("治安巡防志愿服务队", "志愿服务队", "司马艳艳", "41", "12", "", "办一场广场舞")
        fit_width(view, 5, {c: t for c, t in enumerate(samples) if t})
        layout.addWidget(view, 1)
        self.view = view
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #b00020;")
        layout.addWidget(self.missing)
        row = QHBoxLayout()
        self.export_button = export_button(self, page.db, view, "服务队伍")
        row.addWidget(self.export_button)
        sheet = QPushButton("报到党员服务情况表…")
        sheet.setToolTip(
            "一名报到党员本年度在这里认领的项目和服务情况（PDF 打印盖章，或 Excel），寄回其所在党组织"
        )
        sheet.clicked.connect(self.registered_sheet)
        row.addWidget(sheet)
        row.addStretch(1)
        layout.addLayout(row)

    def refresh(self) -> None:
        lines = stats.team_lines(self.page.db)
        self.model.set_rows(lines)
        no_leader = sum(1 for t in lines if not t.leader)
        self.summary.setText(
            f"队伍 {len(lines)} 支，未设队长 {no_leader} 支（队长负责制：没有队长的队伍不能认领）"
        )
        missing = stats.members_without_team(self.page.db)
        names = "、".join(n for _, n in missing[:30]) + ("……" if len(missing) > 30 else "")
        self.missing.setText(
            f"未参加服务队伍的党员 {len(missing)} 名：{names}" if missing else "每名党员都参加了服务队伍。"
        )

    def registered_sheet(self) -> None:
        from app.services.residents import people

        db = self.page.db
        registered = people.list_people(db, role="报到党员")
        if not registered:
            messages.info(self, "还没有报到党员（在“组织与网格 → 人员”里登记，身份选“报到党员”）")
            return
        labels = [f"{p.name}（{p.organization}）" for p in registered]
        label, ok = QInputDialog.getItem(self, "报到党员服务情况表", "报到党员：", labels, 0, False)
        if not ok:
            return
        person = registered[labels.index(label)]
        year = dt.date.today().year
        start = str(Path.home() / f"{year}年报到党员服务情况-{person.name}.pdf")
        path, _ = QFileDialog.getSaveFileName(
            self, "保存报到党员服务情况表", start, "PDF 打印件 (*.pdf);;Excel 表格 (*.xlsx)"
        )
        if path:
            self.save_registered_sheet(person.id, year, Path(path))

    def save_registered_sheet(self, person_id: str, year: int, path: Path) -> bool:
        """PDF (the form to print, seal and send) or .xlsx (the same lines as a table), by the file's ending."""
        db = self.page.db
        if path.suffix.lower() == ".xlsx":
            done = self.page.attempt(lambda: export.export_registered_sheet(db, person_id, year, path))
        else:
            path = path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")
            req = boards.BoardRequest("registered-sheet", year=year, extra={"person": person_id})
            done = self.page.attempt(lambda: boards.render(db, req, path))
        if done is not None:
            messages.info(self, f"已保存 {path}")
        return done is not None
