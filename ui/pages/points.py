"""积分管理 page: each member's 积分手册 (every entry with running total, reversal with a reason), batch entry
for one activity (tick the attendees, absentees optionally deducted), and the rules editor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import points as rules
from app.domain.errors import UserError
from app.services import organizations
from app.services import points as pts
from app.services.store import Database
from ui import messages
from ui.dialogs import ok_cancel_buttons
from ui.kit.page import Page
from ui.models.points_model import Column, RecordModel


def to_qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def pick_rule_set(db: Database, year: int, branch_id: str | None) -> pts.RuleSetRow | None:
    """The rules in force for the chosen branch (its own, else the top organisation's)."""
    sets = pts.rule_sets(db, year)
    by_org = {rs.organization_id: rs for rs in sets}
    if branch_id in by_org:
        return by_org[branch_id]
    top = organizations.root(db)
    if top is not None and top.id in by_org:
        return by_org[top.id]
    return sets[0] if sets else None


def grade_text(row: pts.SummaryRow) -> str:
    if row.grade:
        return row.grade
    return "只挂牌不参评" if row.is_exempt else "预备党员不评"


def matches(name: str, pinyin: str, query: str) -> bool:
    q = query.strip().lower()
    return not q or q in name or pinyin.lower().startswith(q)


def table_view(model: RecordModel[Any], *, stretch: int | None = None) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    view.setAlternatingRowColors(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


SUMMARY_COLUMNS: list[Column[pts.SummaryRow]] = [
    Column("姓名", lambda r: r.member_name),
    Column("支部", lambda r: r.branch_name),
    Column("层次", lambda r: r.tier),
    Column("总分", lambda r: str(r.total), numeric=True),
    Column("等次", grade_text, color=lambda r: "#c62828" if r.grade == rules.FAIL_GRADE else None),
    Column("星级", lambda r: rules.star_text(r.star_band), color=lambda r: "#d4a017"),
]


def entry_status(e: pts.EntryRow) -> str:
    if e.reverses_entry_id:
        return f"冲销：{e.reason}"
    if e.reversed_by:
        return "已冲销"
    return ""


LEDGER_COLUMNS: list[Column[pts.EntryRow]] = [
    Column("日期", lambda e: e.date.isoformat()),
    Column("指标", lambda e: e.indicator_name),
    Column("次数", lambda e: str(e.occurrences), numeric=True),
    Column(
        "分值",
        lambda e: f"{e.points:+d}",
        numeric=True,
        color=lambda e: "#c62828" if e.points < 0 else "#1b5e20",
    ),
    Column("累计", lambda e: str(e.running_total), numeric=True),
    Column("说明", lambda e: e.note, tooltip=lambda e: e.note),
    Column(
        "状态",
        entry_status,
        color=lambda e: "#8a5a00" if e.reverses_entry_id or e.reversed_by else None,
        tooltip=entry_status,
    ),
    Column("记录人", lambda e: e.recorded_by),
]


class EntryDialog(QDialog):
    """记一条积分 for one member: indicator, date, times, note."""

    def __init__(
        self, rule_set: pts.RuleSetRow, member_name: str, today: dt.date, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"为{member_name}记积分")
        form = QFormLayout(self)
        self.indicator = QComboBox()
        for i in rule_set.indicators:
            if i.active:
                cap = f"，年度上限 {i.annual_cap} 分" if i.annual_cap is not None else ""
                self.indicator.addItem(f"{i.category}｜{i.name}（{i.points:+d}/次{cap}）", i.name)
        form.addRow("指标", self.indicator)
        self.date = QDateEdit(to_qdate(min(today, dt.date(rule_set.year, 12, 31))))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setDateRange(QDate(rule_set.year, 1, 1), QDate(rule_set.year, 12, 31))
        form.addRow("日期", self.date)
        self.times = QSpinBox()
        self.times.setRange(1, 99)
        form.addRow("次数", self.times)
        self.note = QLineEdit()
        self.note.setPlaceholderText("说明或佐证，如 7月主题党日")
        form.addRow("说明", self.note)
        form.addRow(ok_cancel_buttons(self, "记分"))


class PointsPage(Page):
    title = "积分管理"

    def __init__(self, db: Database, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(db, parent)
        self.today = today or dt.date.today()
        self._summary: list[pts.SummaryRow] = []
        self._candidates: list[pts.Candidate] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        header = QHBoxLayout()
        heading = self.heading("积分管理")
        header.addWidget(heading)
        header.addSpacing(12)
        header.addWidget(QLabel("年度"))
        self.year_combo = QComboBox()
        self.year_combo.currentIndexChanged.connect(self._year_changed)
        header.addWidget(self.year_combo)
        header.addWidget(QLabel("支部"))
        self.branch_combo = QComboBox()
        self.branch_combo.currentIndexChanged.connect(self._branch_changed)
        header.addWidget(self.branch_combo)
        header.addStretch(1)
        self.award_button = QPushButton("按承诺兑现记分")
        self.award_button.setToolTip("为本年度已兑现的承诺按规则记分（可重复点，不会重复记分）")
        self.award_button.clicked.connect(self.award_commitments)
        header.addWidget(self.award_button)
        layout.addLayout(header)
        self.no_rules_bar = QWidget()
        bar = QHBoxLayout(self.no_rules_bar)
        bar.setContentsMargins(8, 4, 8, 4)
        self.no_rules_bar.setStyleSheet("background: #fff4d6;")
        self.no_rules = QLabel()
        self.no_rules.setStyleSheet("color: #8a5a00; font-size: 14px;")
        self.no_rules.setWordWrap(True)
        bar.addWidget(self.no_rules, 1)
        self.bar_preset = QPushButton("用预设建立本年规则")
        self.bar_preset.clicked.connect(lambda: self.rules_tab.create_preset())
        bar.addWidget(self.bar_preset)
        self.bar_copy = QPushButton("复制上一年规则")
        self.bar_copy.clicked.connect(lambda: self.rules_tab.copy_last())
        bar.addWidget(self.bar_copy)
        layout.addWidget(self.no_rules_bar)

        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_ledger_tab(), "积分手册")
        self.tabs.addTab(self._build_batch_tab(), "批量记分")
        self.rules_tab: RulesEditor = RulesEditor(db, self)
        self.tabs.addTab(self.rules_tab, "积分规则")
        self._loading = False

    # --- 积分手册 ----------------------------------------------------------------------------------------------

    def _build_ledger_tab(self) -> QWidget:
        tab = QWidget()
        outer = QVBoxLayout(tab)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter, 1)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.find_box = QLineEdit()
        self.find_box.setPlaceholderText("找人：姓名或拼音首字母")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.textChanged.connect(self._filter_summary)
        lv.addWidget(self.find_box)
        self.summary_model: RecordModel[pts.SummaryRow] = RecordModel(SUMMARY_COLUMNS, self)
        self.summary_view = table_view(self.summary_model, stretch=0)
        self.summary_view.selectionModel().currentRowChanged.connect(lambda *_: self.show_ledger())
        lv.addWidget(self.summary_view, 1)
        splitter.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.book_title = QLabel("在左边选一名党员，查看他的积分手册")
        self.book_title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.book_title.setWordWrap(True)
        rv.addWidget(self.book_title)
        self.ledger_model: RecordModel[pts.EntryRow] = RecordModel(LEDGER_COLUMNS, self)
        self.ledger_view = table_view(self.ledger_model, stretch=5)
        rv.addWidget(self.ledger_view, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("记一条积分…")
        self.add_button.clicked.connect(self.add_entry)
        buttons.addWidget(self.add_button)
        self.reverse_button = QPushButton("冲销所选记录…")
        self.reverse_button.setToolTip("记录不能修改或删除：冲销会另记一条相反的记录，并写明原因")
        self.reverse_button.clicked.connect(self.reverse_selected)
        buttons.addWidget(self.reverse_button)
        self.tier_button = QPushButton("调整层次…")
        self.tier_button.setToolTip("如长期患病的党员改为特殊类；选“默认”恢复按职务、流动、年龄自动分层")
        self.tier_button.clicked.connect(self.change_tier)
        buttons.addWidget(self.tier_button)
        buttons.addStretch(1)
        rv.addLayout(buttons)
        splitter.addWidget(right)
        splitter.setSizes([420, 760])
        return tab

    # --- 批量记分 ----------------------------------------------------------------------------------------------

    def _build_batch_tab(self) -> QWidget:
        tab = QWidget()
        v = QVBoxLayout(tab)
        grid = QGridLayout()
        grid.addWidget(QLabel("活动指标"), 0, 0)
        self.batch_indicator = QComboBox()
        self.batch_indicator.currentIndexChanged.connect(self._fill_candidates)
        grid.addWidget(self.batch_indicator, 0, 1)
        grid.addWidget(QLabel("日期"), 0, 2)
        self.batch_date = QDateEdit(to_qdate(self.today))
        self.batch_date.setCalendarPopup(True)
        self.batch_date.setDisplayFormat("yyyy-MM-dd")
        grid.addWidget(self.batch_date, 0, 3)
        grid.addWidget(QLabel("说明"), 1, 0)
        self.batch_note = QLineEdit()
        self.batch_note.setPlaceholderText("如 7月主题党日：参观红色教育基地")
        grid.addWidget(self.batch_note, 1, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        v.addLayout(grid)

        row = QHBoxLayout()
        self.batch_search = QLineEdit()
        self.batch_search.setPlaceholderText("找人：姓名或拼音首字母")
        self.batch_search.setClearButtonEnabled(True)
        self.batch_search.textChanged.connect(self._filter_candidates)
        row.addWidget(self.batch_search, 1)
        self.select_all = QPushButton("全选")
        self.select_all.clicked.connect(lambda: self._check_visible(True))
        row.addWidget(self.select_all)
        self.select_none = QPushButton("全不选")
        self.select_none.clicked.connect(lambda: self._check_visible(False))
        row.addWidget(self.select_none)
        v.addLayout(row)
        self.attendees = QListWidget()
        self.attendees.setFlow(QListWidget.Flow.LeftToRight)
        self.attendees.setWrapping(True)
        self.attendees.setResizeMode(QListWidget.ResizeMode.Adjust)
        fm = self.attendees.fontMetrics()
        self.attendees.setGridSize(QSize(fm.horizontalAdvance("欧阳桂桂（流动类）") + 34, fm.height() + 12))
        self.attendees.setUniformItemSizes(True)
        self.attendees.itemChanged.connect(lambda _item: self._update_batch_count())
        v.addWidget(self.attendees, 1)
        bottom = QHBoxLayout()
        self.deduct_absent = QCheckBox("没勾选的（缺席）按“无故缺席组织生活”扣分")
        bottom.addWidget(self.deduct_absent)
        self.absent_indicator = QComboBox()
        bottom.addWidget(self.absent_indicator)
        bottom.addStretch(1)
        self.batch_count = QLabel()
        bottom.addWidget(self.batch_count)
        self.batch_button = QPushButton("为勾选的党员各记一条")
        self.batch_button.setStyleSheet("font-weight: bold;")
        self.batch_button.clicked.connect(self.run_batch)
        bottom.addWidget(self.batch_button)
        v.addLayout(bottom)
        self.batch_result = QLabel()
        self.batch_result.setWordWrap(True)
        v.addWidget(self.batch_result)
        return tab

    # --- loading ------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self._loading = True
        years = pts.years(self.db)
        if self.today.year not in years:
            years = sorted({*years, self.today.year}, reverse=True)
        current = self.year_combo.currentData()
        self.year_combo.clear()
        for y in years:
            self.year_combo.addItem(f"{y}年", y)
        index = self.year_combo.findData(current if current in years else self.today.year)
        self.year_combo.setCurrentIndex(max(0, index))
        self.fill_branch_combo(self.branch_combo)
        self._loading = False
        self._year_changed()

    def year(self) -> int:
        value = self.year_combo.currentData()
        return int(value) if value is not None else self.today.year

    def rule_set(self) -> pts.RuleSetRow | None:
        return pick_rule_set(self.db, self.year(), self.branch_combo.currentData())

    def _year_changed(self) -> None:
        if self._loading:
            return
        rs = self.rule_set()
        year = self.year()
        self.no_rules_bar.setVisible(rs is None)
        has_last = bool(pts.rule_sets(self.db, year - 1))
        self.bar_copy.setVisible(has_last)
        self.no_rules.setText(
            f"{year}年还没有积分规则。可以用预设规则（集中学习、三会一课、主题党日等常见指标，华宁县星级分数线）建立，"
            + ("或复制上一年的规则，" if has_last else "")
            + "建立后在“积分规则”页修改。"
        )
        self.batch_indicator.blockSignals(True)
        self.batch_indicator.clear()
        self.absent_indicator.clear()
        if rs is not None:
            for i in rs.indicators:
                if not i.active:
                    continue
                if i.points > 0:
                    self.batch_indicator.addItem(f"{i.name}（{i.points:+d}）", i.name)
                else:
                    self.absent_indicator.addItem(f"{i.name}（{i.points:+d}）", i.name)
        self.batch_indicator.blockSignals(False)
        self.batch_date.setDateRange(QDate(year, 1, 1), QDate(year, 12, 31))
        self.batch_date.setDate(to_qdate(min(self.today, dt.date(year, 12, 31))))
        self.rules_tab.load(year)
        self.reload()

    def _branch_changed(self) -> None:
        if self._loading:
            return
        self.rules_tab.load(self.year())
        self.reload()

    def reload(self) -> None:
        if self._loading:
            return
        self._summary = pts.summary(self.db, self.year(), self.branch_combo.currentData())
        order = {self.branch_combo.itemData(i): i for i in range(self.branch_combo.count())}
        self._summary.sort(key=lambda r: (order.get(r.branch_id, 999), r.pinyin, r.member_name))
        self._filter_summary()
        self._fill_candidates()

    def _filter_summary(self) -> None:
        selected = self.selected_member()
        q = self.find_box.text()
        rows = [r for r in self._summary if matches(r.member_name, r.pinyin, q)]
        self.summary_model.set_rows(rows)
        ids = [r.member_id for r in rows]
        if selected in ids:
            self.summary_view.selectRow(ids.index(selected))
        elif len(rows) == 1 or (rows and q):
            self.summary_view.selectRow(0)
        self.show_ledger()

    def selected_member(self) -> str | None:
        index = self.summary_view.currentIndex()
        row = self.summary_model.row_at(index.row()) if index.isValid() else None
        return row.member_id if row else None

    def show_ledger(self) -> None:
        member = self.selected_member()
        has = member is not None
        self.add_button.setEnabled(has and self.rule_set() is not None)
        self.reverse_button.setEnabled(has)
        self.tier_button.setEnabled(has and self.rule_set() is not None)
        if member is None:
            self.ledger_model.set_rows([])
            self.book_title.setText("在左边选一名党员，查看他的积分手册")
            return
        book = pts.ledger(self.db, member, self.year())
        self.ledger_model.set_rows(list(book.entries))
        self.book_title.setText(
            f"{book.member_name}　{book.year}年积分手册　{book.tier}　基础分 {book.base}　"
            f"共 {len(book.entries)} 条　合计 {book.total} 分"
        )
        if book.entries:
            self.ledger_view.scrollToBottom()

    def _refresh_member(self) -> None:
        member = self.selected_member()
        self._summary = pts.summary(self.db, self.year(), self.branch_combo.currentData())
        order = {self.branch_combo.itemData(i): i for i in range(self.branch_combo.count())}
        self._summary.sort(key=lambda r: (order.get(r.branch_id, 999), r.pinyin, r.member_name))
        self._filter_summary()
        if member:
            ids = [r.member_id for r in self.summary_model.rows]
            if member in ids:
                self.summary_view.selectRow(ids.index(member))
        self.show_ledger()

    # --- actions ------------------------------------------------------------------------------------------------

    def add_entry(self) -> None:
        member = self.selected_member()
        rs = self.rule_set()
        if member is None or rs is None:
            return
        name = next(r.member_name for r in self._summary if r.member_id == member)
        dialog = EntryDialog(rs, name, self.today, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            result = pts.add_entry(
                self.db,
                member,
                dialog.indicator.currentData(),
                from_qdate(dialog.date.date()),
                dialog.times.value(),
                dialog.note.text(),
            )
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        if result.was_capped:
            messages.info(self, result.message)
        self._refresh_member()

    def reverse_selected(self) -> None:
        index = self.ledger_view.currentIndex()
        entry = self.ledger_model.row_at(index.row()) if index.isValid() else None
        if entry is None:
            messages.warn(self, "请先在积分手册里选中要冲销的那一条记录")
            return
        reason, ok = QInputDialog.getText(
            self,
            "冲销积分",
            f"冲销 {entry.date} {entry.indicator_name} {entry.points:+d} 分。\n原记录会保留，另记一条相反的记录。\n冲销原因：",
        )
        if not ok:
            return
        try:
            pts.reverse_entry(self.db, entry.id, reason)
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        self._refresh_member()

    def change_tier(self) -> None:
        member = self.selected_member()
        rs = self.rule_set()
        if member is None or rs is None:
            return
        row = next(r for r in self._summary if r.member_id == member)
        choices = [t.name for t in rs.tiers] + ["默认"]
        name, ok = QInputDialog.getItem(
            self,
            "调整层次",
            f"{row.member_name}现在属于{row.tier}。改为：",
            choices,
            choices.index(row.tier),
            False,
        )
        if not ok:
            return
        try:
            pts.set_member_tier_by_name(self.db, self.year(), member, name)
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        self._refresh_member()

    def award_commitments(self) -> None:
        try:
            result = pts.award_kept_commitments(self.db, self.year())
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        messages.info(self, result.message)
        self._refresh_member()

    # --- batch --------------------------------------------------------------------------------------------------

    def _fill_candidates(self) -> None:
        if self._loading:
            return
        indicator = self.batch_indicator.currentData()
        self._candidates = pts.candidates(self.db, self.year(), indicator, self.branch_combo.currentData())
        self.attendees.blockSignals(True)
        self.attendees.clear()
        for c in self._candidates:
            text = c.name if c.tier in ("骨干类", "普通类") else f"{c.name}（{c.tier}）"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, c.member_id)
            item.setToolTip(f"{c.name}　{c.branch_name}　{c.tier}")
            if c.applies:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            else:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setToolTip(f"{c.tier}不适用“{indicator}”")
            self.attendees.addItem(item)
        self.attendees.blockSignals(False)
        self._filter_candidates()

    def _filter_candidates(self) -> None:
        q = self.batch_search.text()
        for i, c in enumerate(self._candidates):
            self.attendees.item(i).setHidden(not matches(c.name, c.pinyin, q))
        self._update_batch_count()

    def _check_visible(self, checked: bool) -> None:
        self.attendees.blockSignals(True)
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(self.attendees.count()):
            item = self.attendees.item(i)
            if not item.isHidden() and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(state)
        self.attendees.blockSignals(False)
        self._update_batch_count()

    def checked_ids(self) -> list[str]:
        out = []
        for i in range(self.attendees.count()):
            item = self.attendees.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _update_batch_count(self) -> None:
        n = len(self.checked_ids())
        self.batch_count.setText(f"已勾选 {n} 人 / 共 {len(self._candidates)} 人")

    def run_batch(self) -> None:
        indicator = self.batch_indicator.currentData()
        if not indicator:
            messages.warn(self, "请先选择活动指标（本年度还没有积分规则时，先到“积分规则”页建立）")
            return
        attendees = self.checked_ids()
        absent: list[str] = []
        deduct = None
        if self.deduct_absent.isChecked():
            deduct = self.absent_indicator.currentData()
            chosen = set(attendees)
            absent = [c.member_id for c in self._candidates if c.member_id not in chosen]
        date = from_qdate(self.batch_date.date())
        text = f"{date} “{indicator}”：为 {len(attendees)} 人各记一条"
        if deduct:
            text += f"，另有 {len(absent)} 人按“{deduct}”扣分（层次不适用的不扣）"
        if not messages.confirm(self, text + "。确定吗？", "记分"):
            return
        try:
            result = pts.batch_entry(
                self.db,
                indicator,
                date,
                attendees,
                absent_ids=absent,
                deduct_indicator=deduct,
                note=self.batch_note.text(),
            )
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        self.batch_result.setText(result.message)
        self._check_visible(False)
        self.reload()


class RulesEditor(QWidget):
    """积分规则 for a year: tiers with base points, indicators, grade and star bands, carry-over."""

    def __init__(self, db: Database, page: PointsPage) -> None:
        super().__init__()
        self.db = db
        self.page = page
        self.rs: pts.RuleSetRow | None = None
        self.year = dt.date.today().year
        v = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        top.addWidget(self.title)
        top.addStretch(1)
        self.preset_button = QPushButton("用预设建立本年规则")
        self.preset_button.clicked.connect(self.create_preset)
        top.addWidget(self.preset_button)
        self.copy_button = QPushButton("复制上一年规则")
        self.copy_button.clicked.connect(self.copy_last)
        top.addWidget(self.copy_button)
        v.addLayout(top)

        body = QHBoxLayout()
        v.addLayout(body, 1)
        left = QVBoxLayout()
        body.addLayout(left, 1)
        tiers_box = QGroupBox("层次与基础分（双击修改名称、基础分；双击“只挂牌不参评”切换）")
        tl = QVBoxLayout(tiers_box)
        self.tier_model: RecordModel[pts.TierRow] = RecordModel(
            [
                Column("层次", lambda t: t.name, edit_value=lambda t: t.name),
                Column(
                    "基础分", lambda t: str(t.base_points), numeric=True, edit_value=lambda t: t.base_points
                ),
                Column("只挂牌不参评", lambda t: "是" if t.is_exempt else "否"),
            ],
            self,
        )
        self.tier_model.on_edit = self._edit_tier
        self.tier_view = table_view(self.tier_model, stretch=0)
        self.tier_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.tier_view.doubleClicked.connect(self._toggle_exempt)
        self.tier_view.setFixedHeight(26 * 4 + self.tier_view.horizontalHeader().sizeHint().height() + 4)
        tl.addWidget(self.tier_view)
        left.addWidget(tiers_box)

        bands_box = QGroupBox("等次、星级分数线与结转")
        # Grades and stars side by side: stacked, the eleven rows made the page too tall for a 768-px screen.
        grid = QGridLayout(bands_box)
        self.grade_spins: dict[str, QSpinBox] = {}
        for line, g in enumerate(("优秀", "合格", "基本合格")):
            spin = QSpinBox()
            spin.setRange(0, 1000)
            spin.setSuffix(" 分及以上")
            self.grade_spins[g] = spin
            grid.addWidget(QLabel(g), line, 0)
            grid.addWidget(spin, line, 1)
        below = QLabel("低于基本合格线\n为不合格")
        below.setStyleSheet("color: #666")
        grid.addWidget(below, 3, 0, 2, 2)
        self.star_spins: dict[int, QSpinBox] = {}
        for line, stars in enumerate((5, 4, 3, 2, 1)):
            spin = QSpinBox()
            spin.setRange(0, 1000)
            spin.setSuffix(" 分及以上")
            self.star_spins[stars] = spin
            grid.addWidget(QLabel("★" * stars), line, 2)
            grid.addWidget(spin, line, 3)
        self.carry = QSpinBox()
        self.carry.setRange(0, 100)
        self.carry.setSuffix(" %")
        self.carry.setSpecialValueText("不结转（用层次基础分）")
        self.carry.setToolTip("下一年基础分 = 上一年总分 × 这个比例（如 20%）")
        grid.addWidget(QLabel("基础分结转"), 5, 0)
        grid.addWidget(self.carry, 5, 1)
        self.save_bands = QPushButton("保存分数线")
        self.save_bands.clicked.connect(self.store_bands)
        grid.addWidget(self.save_bands, 5, 3)
        left.addWidget(bands_box)
        left.addStretch(1)

        right = QVBoxLayout()
        body.addLayout(right, 2)
        ind_box = QGroupBox("指标（双击修改）")
        il = QVBoxLayout(ind_box)
        self.ind_model: RecordModel[pts.IndicatorRow] = RecordModel(
            [
                Column("类别", lambda i: i.category),
                Column("指标", lambda i: i.name + ("（停用）" if not i.active else "")),
                Column("分值/次", lambda i: f"{i.points:+d}", numeric=True),
                Column(
                    "年度上限",
                    lambda i: f"{i.annual_cap} 分" if i.annual_cap is not None else "不限",
                    numeric=True,
                ),
                Column("适用层次", lambda i: "、".join(i.tier_names) or "全部"),
                Column("承诺兑现记分", lambda i: "是" if i.awards_commitments else ""),
            ],
            self,
        )
        self.ind_view = table_view(self.ind_model, stretch=1)
        self.ind_view.doubleClicked.connect(lambda idx: self.edit_indicator(self.ind_model.row_at(idx.row())))
        il.addWidget(self.ind_view, 1)
        row = QHBoxLayout()
        self.add_indicator = QPushButton("新增指标…")
        self.add_indicator.clicked.connect(lambda: self.edit_indicator(None))
        row.addWidget(self.add_indicator)
        row.addStretch(1)
        il.addLayout(row)
        right.addWidget(ind_box, 1)

    def load(self, year: int) -> None:
        self.year = year
        self.rs = pick_rule_set(self.db, year, self.page.branch_combo.currentData())
        has = self.rs is not None
        self.preset_button.setVisible(not has)
        self.copy_button.setVisible(not has)
        self.copy_button.setEnabled(bool(pts.rule_sets(self.db, year - 1)))
        spins: list[QWidget] = [*self.grade_spins.values(), *self.star_spins.values()]
        for w in (self.tier_view, self.ind_view, self.save_bands, self.carry, self.add_indicator, *spins):
            w.setEnabled(has)
        if self.rs is None:
            self.title.setText(f"{year}年还没有积分规则")
            self.tier_model.set_rows([])
            self.ind_model.set_rows([])
            for m, g in rules.PRESET_GRADE_BANDS:  # what the preset would give, greyed out
                self.grade_spins[g].setValue(m)
            for m, s in rules.PRESET_STAR_BANDS:
                self.star_spins[s].setValue(m)
            return
        self.title.setText(f"{self.rs.name}（{self.rs.organization_name}）")
        self.tier_model.set_rows(list(self.rs.tiers))
        self.ind_model.set_rows(list(self.rs.indicators))
        grade_min = {g: m for m, g in self.rs.grade_bands}
        for g, spin in self.grade_spins.items():
            spin.setValue(grade_min.get(g, 0))
        star_min = {s: m for m, s in self.rs.star_bands}
        for s, spin in self.star_spins.items():
            spin.setValue(star_min.get(s, 0))
        self.carry.setValue(self.rs.carry_over_percent or 0)

    def _reload_all(self) -> None:
        self.page.refresh()

    def create_preset(self) -> None:
        try:
            pts.create_preset(self.db, self.year)
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        self._reload_all()

    def copy_last(self) -> None:
        try:
            pts.copy_rule_set(self.db, self.year - 1, self.year)
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        self._reload_all()

    def _edit_tier(self, tier: pts.TierRow, column: int, value: Any) -> bool:
        try:
            if column == 0:
                pts.update_tier(self.db, tier.id, name=str(value))
            elif column == 1:
                pts.update_tier(self.db, tier.id, base_points=int(value))
            else:
                return False
        except (UserError, ValueError) as exc:
            messages.warn(self, str(exc))
            return False
        self.load(self.year)
        self.page.reload()
        return True

    def _toggle_exempt(self, index: Any) -> None:
        if index.column() != 2 or self.rs is None:
            return
        tier = self.tier_model.row_at(index.row())
        if tier is None:
            return
        pts.update_tier(self.db, tier.id, is_exempt=not tier.is_exempt)
        self.load(self.year)
        self.page.reload()

    def store_bands(self) -> None:
        if self.rs is None:
            return
        grades = [(spin.value(), g) for g, spin in self.grade_spins.items()]
        stars = [(spin.value(), s) for s, spin in self.star_spins.items()]
        try:
            pts.update_rule_set(
                self.db,
                self.rs.id,
                grade_bands=grades,
                star_bands=stars,
                carry_over_percent=self.carry.value() or None,
            )
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        messages.info(self, "分数线已保存，等次和星级按新分数线重新计算。")
        self.load(self.year)
        self.page.reload()

    def edit_indicator(self, ind: pts.IndicatorRow | None) -> None:
        if self.rs is None:
            return
        dialog = IndicatorDialog(self.rs, ind, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            pts.save_indicator(self.db, self.rs.id, indicator_id=ind.id if ind else None, **dialog.values())
        except UserError as exc:
            messages.warn(self, str(exc))
            return
        self.load(self.year)
        self.page.reload()


class IndicatorDialog(QDialog):
    def __init__(self, rs: pts.RuleSetRow, ind: pts.IndicatorRow | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改指标" if ind else "新增指标")
        form = QFormLayout(self)
        self.category = QComboBox()
        self.category.addItems(list(rules.CATEGORIES))
        form.addRow("类别", self.category)
        self.name = QLineEdit()
        form.addRow("指标名称", self.name)
        self.points = QSpinBox()
        self.points.setRange(-100, 100)
        form.addRow("每次分值", self.points)
        self.cap = QSpinBox()
        self.cap.setRange(0, 1000)
        self.cap.setSpecialValueText("不限")
        self.cap.setSuffix(" 分")
        form.addRow("年度上限", self.cap)
        self.tier_checks: list[tuple[QCheckBox, str]] = []
        tiers = QHBoxLayout()
        for t in rs.tiers:
            box = QCheckBox(t.name)
            box.setChecked(ind is None or not ind.tier_ids or t.id in ind.tier_ids)
            tiers.addWidget(box)
            self.tier_checks.append((box, t.id))
        form.addRow("适用层次", tiers)
        self.awards = QCheckBox("承诺兑现时自动按此指标记分")
        form.addRow("", self.awards)
        self.active = QCheckBox("启用")
        self.active.setChecked(True)
        form.addRow("", self.active)
        if ind is not None:
            self.category.setCurrentText(ind.category)
            self.name.setText(ind.name)
            self.points.setValue(ind.points)
            self.cap.setValue(ind.annual_cap or 0)
            self.awards.setChecked(ind.awards_commitments)
            self.active.setChecked(ind.active)
        else:
            self.points.setValue(1)
        form.addRow(ok_cancel_buttons(self, "保存"))

    def values(self) -> dict[str, Any]:
        chosen = [tid for box, tid in self.tier_checks if box.isChecked()]
        return {
            "category": self.category.currentText(),
            "name": self.name.text(),
            "points": self.points.value(),
            "annual_cap": self.cap.value() or None,
            "tier_ids": [] if len(chosen) == len(self.tier_checks) else chosen,
            "awards_commitments": self.awards.isChecked(),
            "active": self.active.isChecked(),
        }
