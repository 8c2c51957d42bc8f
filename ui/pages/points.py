"""积分管理 page: each member's 积分手册 (every entry with running total, reversal with a reason), batch entry
for one activity (tick the attendees, absentees optionally deducted), and the rules editor."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import points as rules
from app.services import points as pts
from app.services.store import Database
from ui import messages
from ui.dialogs.points_dialogs import EntryDialog
from ui.kit.dates import date_edit, from_qdate, set_year_range, to_qdate
from ui.kit.header import FindBox, PageHeader, fill_years
from ui.kit.page import Page
from ui.kit.records import Column, RecordModel, table_view
from ui.pages.points_rules import RulesEditor, pick_rule_set


def grade_text(row: pts.SummaryRow) -> str:
    if row.grade:
        return row.grade
    return "只挂牌不参评" if row.is_exempt else "预备党员不评"


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


class PointsPage(Page):
    title = "积分管理"

    def __init__(self, db: Database, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(db, parent)
        self.today = today or dt.date.today()
        self._summary: list[pts.SummaryRow] = []
        self._candidates: list[pts.Candidate] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        header = PageHeader(self, "积分管理")
        self.year_combo = header.year_chooser()
        self.year_combo.currentIndexChanged.connect(self._year_changed)
        self.branch_combo = header.branch_chooser()
        self.branch_combo.currentIndexChanged.connect(self._branch_changed)
        self.award_button = QPushButton("按承诺兑现记分")
        self.award_button.setToolTip("为本年度已兑现的承诺按规则记分（可重复点，不会重复记分）")
        self.award_button.clicked.connect(self.award_commitments)
        header.buttons(self.award_button)
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
        self.find_box = FindBox()
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
        self.batch_date = date_edit(self.today)
        grid.addWidget(self.batch_date, 0, 3)
        grid.addWidget(QLabel("说明"), 1, 0)
        self.batch_note = QLineEdit()
        self.batch_note.setPlaceholderText("如 7月主题党日：参观红色教育基地")
        grid.addWidget(self.batch_note, 1, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        v.addLayout(grid)

        row = QHBoxLayout()
        self.batch_search = FindBox()
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
        fill_years(self.year_combo, years, current if current in years else self.today.year)
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
        set_year_range(self.batch_date, year)
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
        self._summary.sort(key=lambda r: (order.get(r.branch_id, 999), r.pinyin_initials, r.member_name))
        self._filter_summary()
        self._fill_candidates()

    def _filter_summary(self) -> None:
        selected = self.selected_member()
        q = self.find_box.query()
        rows = [
            r for r in self._summary if self.find_box.finds(r.member_name, r.pinyin_full, r.pinyin_initials)
        ]
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
        self._summary.sort(key=lambda r: (order.get(r.branch_id, 999), r.pinyin_initials, r.member_name))
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
        result = self.attempt(
            lambda: pts.add_entry(
                self.db,
                member,
                dialog.indicator.currentData(),
                from_qdate(dialog.date.date()),
                dialog.times.value(),
                dialog.note.text(),
            )
        )
        if result is None:
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
        if self.attempt_ok(lambda: pts.reverse_entry(self.db, entry.id, reason)):
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
        if self.attempt_ok(lambda: pts.set_member_tier_by_name(self.db, self.year(), member, name)):
            self._refresh_member()

    def award_commitments(self) -> None:
        result = self.attempt(lambda: pts.award_kept_commitments(self.db, self.year()))
        if result is None:
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
        for i, c in enumerate(self._candidates):
            self.attendees.item(i).setHidden(
                not self.batch_search.finds(c.name, c.pinyin_full, c.pinyin_initials)
            )
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
        result = self.attempt(
            lambda: pts.batch_entry(
                self.db,
                indicator,
                date,
                attendees,
                absent_ids=absent,
                deduct_indicator=deduct,
                note=self.batch_note.text(),
            )
        )
        if result is None:
            return
        self.batch_result.setText(result.message)
        self._check_visible(False)
        self.reload()
