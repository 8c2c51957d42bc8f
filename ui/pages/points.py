"""积分管理 page: each member's 积分手册 (every entry with running total, reversal with a reason); its other
tabs are 批量记分 (ui/pages/points_batch.py) and 积分规则 (ui/pages/points_rules.py), its dialogs in
ui/dialogs/points_dialogs.py."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
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
from ui.kit.dates import from_qdate
from ui.kit.empty import show_when_empty
from ui.kit.export import export_button
from ui.kit.header import FindBox, PageHeader, fill_years
from ui.kit.page import PAGE_MARGINS, Page, snug_tabs
from ui.kit.records import Column, RecordModel, fit_width, table_view
from ui.kit.wrap import LineLabel, phrases
from ui.pages.points_batch import BatchTab
from ui.pages.points_rules import RulesEditor, pick_rule_set
from ui.screen_fit import scroll_tabs


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
    Column(
        rules.STAR_BAND_LABEL,
        lambda r: rules.star_band_text(r.star_band),
        numeric=True,
        tooltip=lambda _r: rules.STAR_BAND_MEANING,
    ),
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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
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
        self.batch_tab = BatchTab(self)
        self.tabs.addTab(self.batch_tab, "批量记分")
        bt = self.batch_tab
        self.batch_indicator, self.batch_date, self.batch_search = (
            bt.batch_indicator,
            bt.batch_date,
            bt.batch_search,
        )
        self.select_all, self.attendees, self.batch_count = bt.select_all, bt.attendees, bt.batch_count
        self.batch_button, self.batch_result = bt.batch_button, bt.batch_result
        self.rules_tab: RulesEditor = RulesEditor(db, self)
        self.tabs.addTab(self.rules_tab, "积分规则")
        snug_tabs(self.tabs)
        scroll_tabs(self.tabs)  # the rules editor is tall: it scrolls inside its tab at 125 %/150 %
        self._loading = False

    # --- 积分手册 ----------------------------------------------------------------------------------------------

    def _build_ledger_tab(self) -> QWidget:
        tab = QWidget()
        outer = QVBoxLayout(tab)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(splitter, 1)
        meaning = LineLabel(rules.STAR_BAND_MEANING + "。")  # one line; the whole of it as a tooltip when cut
        meaning.setStyleSheet("color: #555;")
        outer.addWidget(meaning)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        self.find_box = FindBox()
        self.find_box.textChanged.connect(self._filter_summary)
        find_row = QHBoxLayout()  # the find box and the export of the list below share a line
        find_row.addWidget(self.find_box, 1)
        lv.addLayout(find_row)
        self.summary_model: RecordModel[pts.SummaryRow] = RecordModel(SUMMARY_COLUMNS, self)
        self.summary_view = table_view(self.summary_model, fit=False)
        # No sideways scrolling: names stay whole; 支部 takes the spare width and, with 层次, gives way at 150 %
        samples = {
            0: "诸葛芳珺",
            2: "普通类",
            3: "120",
            4: "只挂牌不参评",
            5: "5档",
        }  # 等次: its longest words
        fit_width(self.summary_view, 1, samples, drop=(1, 2), min_chars=4)
        show_when_empty(self.summary_view, "没有找到党员：先建立今年的积分规则，或改一下找人框")
        self.summary_view.selectionModel().currentRowChanged.connect(lambda *_: self.show_ledger())
        lv.addWidget(self.summary_view, 1)
        find_row.addWidget(
            export_button(
                self,
                self.db,
                self.summary_view,
                lambda: f"{self.year_combo.currentText()}积分汇总",
                "导出汇总 Excel…",
            )
        )
        splitter.addWidget(left)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.book_title = QLabel("在左边选一名党员，查看他的积分手册")
        self.book_title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.book_title.setWordWrap(True)
        rv.addWidget(self.book_title)
        self.ledger_model: RecordModel[pts.EntryRow] = RecordModel(LEDGER_COLUMNS, self)
        self.ledger_view = table_view(self.ledger_model, fit=False)
        # 说明 takes the spare width; at 150 % 记录人, then 状态 give way (冲销 rows keep their colour)
        samples = {0: "2026-12-31", 1: "按时交纳党费", 2: "10", 3: "+10", 4: "120", 6: "已冲销", 7: "张书记"}
        fit_width(self.ledger_view, 5, samples, drop=(7, 6), min_chars=5)
        show_when_empty(  # before anyone is chosen, 记一条积分 is grey: say what to do first
            self.ledger_view,
            lambda: (
                "还没有积分记录：点“记一条积分…”，或到“批量记分”一次记给到会的人"
                if self.selected_member()
                else "在左边的名单里点一名党员，这里列出他这一年的积分"
            ),
        )
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
        buttons.addWidget(
            export_button(self, self.db, self.ledger_view, lambda: self.book_title.text(), "导出手册 Excel…")
        )
        rv.addLayout(buttons)
        splitter.addWidget(right)
        splitter.setSizes([520, 660])  # names stay whole in the list at 150 %
        return tab

    # --- 批量记分 ----------------------------------------------------------------------------------------------

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

    def unsaved_input(self) -> bool:  # ticked attendees, score lines not saved: another clerk's change waits
        return super().unsaved_input() or bool(self.batch_tab.checked_ids()) or self.rules_tab.unsaved_bands()

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
        self.batch_tab.load_rules(rs, year)
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
        self.batch_tab.fill_candidates()

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
            phrases(
                book.member_name,
                f"{book.year}年积分手册",
                book.tier,
                f"基础分 {book.base}",
                f"共 {len(book.entries)} 条",
                f"合计 {book.total} 分",
            )
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

    # --- 批量记分 (the tab's widgets under the page's names, for the page's callers) --------------------------------

    def checked_ids(self) -> list[str]:
        return self.batch_tab.checked_ids()

    def run_batch(self) -> None:
        self.batch_tab.run()
