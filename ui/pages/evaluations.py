"""星级评定 page: a quarter's 闪光言行考评 — deeds, 点评, star levels with the no-deeds rule, publishing.

Made for keyboard work (80 members in an evening): ↑↓ choose a member, 0–5 set the level and move on,
Enter jumps to the deed text, Ctrl+Enter adds the deed and stays there, PageDown/Ctrl+↓ go to the next
member from anywhere on the page, Ctrl+0…5 set the level from anywhere, Esc goes back to the grid.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.periods import parse_quarter
from app.domain.stars import MAX_LEVEL
from app.services import evaluations, organizations
from app.services.evaluations import PeriodRow, RatingRow
from app.services.store import Database
from ui.dialogs.evaluation_settings import EvaluationSettingsDialog
from ui.kit.dates import to_qdate
from ui.kit.empty import show_when_empty
from ui.kit.export import export_button
from ui.kit.header import PageHeader, next_match
from ui.kit.page import PAGE_MARGINS, Page
from ui.kit.records import hide_column, table_view
from ui.models.evaluation_model import COL_BRANCH, COL_NAME, EvaluationModel, StarDelegate, fit_grid
from ui.pages.evaluation_deeds import add_deed, withdraw_selected
from ui.pages.evaluation_parts import (
    MemberPanel,
    ask_quarter,
    ask_reopen_reason,
    close_question,
    confirm_close,
    handle_key,
    summary_html,
    summary_tooltip,
)
from ui.pages.flash_meeting import flash_meeting_short

ERROR_STYLE = "color: #b00020; font-weight: bold;"
OK_STYLE = "color: #1b7f3b;"
HELP = (
    "星级（★）：本季度闪光言行的星级，0–5 星，没有事迹不评星；与年终的积分星档无关。\n"
    "键盘：↑↓ 选党员 · 0–5 评星并到下一位 · Del 清除星级 · Enter 写事迹 · Ctrl+Enter 添加事迹 · "
    "PageDown / Ctrl+↓ 下一位 · Ctrl+0–5 在任何地方评星 · Esc 回到名单"
)
HELP_LINE = "键盘：↑↓ 选党员 · 0–5 评星并到下一位 · Enter 写事迹 · Esc 回到名单（指向这里看全部）"
_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(MAX_LEVEL + 1)}
FIND_HELP = "输入姓名、拼音首字母（如 wb）或全拼跳到这名党员；回车回到名单，接着按 0–5 评星"


class EvaluationPage(Page):
    title = "星级评定"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.periods: list[PeriodRow] = []
        self.period: PeriodRow | None = None
        self._loading = False
        self._categories: tuple[str, ...] = evaluations.get_settings(db).categories

        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(4)

        top = PageHeader(self, "星级评定")
        self.period_combo = top.chooser("季度", min_width=160)
        self.period_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.period_combo.setPlaceholderText("（还没有开启季度）")
        self.period_combo.currentIndexChanged.connect(self._period_chosen)
        self.open_button = QPushButton("开启季度…")
        self.open_button.setToolTip("开始一个季度的考评（本季度，或补录过去的季度）")
        self.open_button.clicked.connect(self.open_quarter)
        top.addWidget(self.open_button)
        top.addSpacing(12)
        self.branch_combo = top.branch_chooser(min_width=110)
        self.branch_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.branch_combo.setMinimumContentsLength(5)
        self.branch_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.find_box = top.find_box(min_width=100)
        self.find_box.setToolTip(FIND_HELP)
        self.find_box.textChanged.connect(self._find)
        self.find_box.returnPressed.connect(self.table_focus)
        self.settings_button = QPushButton("评星设置…")
        self.settings_button.setToolTip("预备党员、流动党员是否参评；满多少岁自动只挂牌不参评；事迹类别")
        self.settings_button.clicked.connect(self.edit_settings)
        top.buttons(self.settings_button)
        layout.addLayout(top)

        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #fff4d6; border: 1px solid #e0c070; padding: 6px; color: #5a4300;"
        )
        layout.addWidget(self.banner)

        # The quarter's state and its publish/reopen buttons sit beside the summary, not in the top row,
        # so the page fits a 1366×768 screen at 150 %.
        second = QHBoxLayout()
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        second.addWidget(self.summary_label, 1)
        self.status_chip = QLabel()
        second.addWidget(self.status_chip, 0, Qt.AlignmentFlag.AlignTop)
        self.close_button = QPushButton("公示（关闭本季度）…")
        self.close_button.clicked.connect(self.close_period)
        second.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.reopen_button = QPushButton("重新打开…")
        self.reopen_button.clicked.connect(self.reopen_period)
        second.addWidget(self.reopen_button, 0, Qt.AlignmentFlag.AlignTop)
        self.export_button = export_button(
            self, db, lambda: self.table, lambda: f"{self.period_combo.currentText()}星级评定"
        )
        second.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(second)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = EvaluationModel(self)
        self.table = table_view(self.model, fit=False)
        show_when_empty(self.table, "没有要评定的党员：先点“开启季度…”；还没有党员时先到“花名册”录入")
        self.star_delegate = StarDelegate(self._star_clicked, self.table)
        fit_grid(self.table, self.star_delegate)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, previous: self._left(previous.row()))
        splitter.addWidget(self.table)
        self.panel_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(panel_widget := self._build_panel(self._categories))
        scroll.setMinimumWidth(
            panel_widget.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
        )
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 380])
        layout.addWidget(splitter, 1)

        # Takes room only with something to say (at 150 % every line counts); the table gives way to it.
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        help_label = QLabel(HELP_LINE)  # one line; the whole of it is the tooltip
        help_label.setToolTip(HELP)
        help_label.setStyleSheet("color: #666; font-size: 12px;")
        layout.addWidget(help_label)

        for w in (
            self.table,
            self.deed_text,
            self.comment_edit,
            self.reason_edit,
            self.panel.deed_date,
            self.panel.category_combo,
            self.panel.source_combo,
            self.deed_list,
            self.panel.exempt_box,
            self.panel.exempt_reason_edit,
        ):
            w.installEventFilter(self)
        # Data is loaded by refresh(), which the main window calls when the page is first shown.

    # --- layout of the side panel ------------------------------------------------------------------

    def _build_panel(self, categories: tuple[str, ...]) -> QWidget:
        self.panel = panel = MemberPanel(categories)
        # The widgets the actions and the keyboard use most, under the page's own names.
        self.deed_text, self.deed_list, self.level_buttons = (
            panel.deed_text,
            panel.deed_list,
            panel.level_buttons,
        )
        self.comment_edit, self.reason_edit, self.photo_button = (
            panel.comment_edit,
            panel.reason_edit,
            panel.photo_button,
        )
        self.pending_photo: Path | None = None
        for n, b in enumerate(self.level_buttons):
            b.clicked.connect(lambda _checked=False, n=n: self.set_level(n))
        self.panel.clear_button.clicked.connect(lambda: self.set_level(None))
        self.panel.exempt_box.clicked.connect(self._exempt_clicked)
        self.panel.withdraw_button.clicked.connect(self.withdraw_selected)
        self.panel.add_button.clicked.connect(self.add_deed)
        self.photo_button.clicked.connect(self.choose_photo)
        for edit in (self.comment_edit, self.reason_edit, self.panel.exempt_reason_edit):
            edit.editingFinished.connect(self._save_texts)
        return panel

    # --- loading -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        chosen = self.period.id if self.period else None
        branch = self.branch_combo.currentData()
        self._loading = True
        try:
            self.periods = evaluations.list_periods(self.db)
            self.period_combo.clear()
            for p in self.periods:
                self.period_combo.addItem(f"{p.label}（{evaluations.STATUS_LABELS[p.status]}）", p.id)
            ids = [p.id for p in self.periods]
            if ids:  # the placeholder keeps the combo empty unless an item is chosen explicitly
                self.period_combo.setCurrentIndex(ids.index(chosen) if chosen in ids else 0)
            from app.services.accounts import visible_branches

            self.branch_combo.clear()
            units = visible_branches(self.db)  # an account with a unit: its own subtree
            if not units or units[0].parent_id is None:
                self.branch_combo.addItem("全部支部", None)
            # a township: a village whole, or 第1村党总支/第一支部
            names = organizations.qualified_names(organizations.branches(self.db))
            for u in units:
                if u.depth >= 1 and (u.kind in organizations.BRANCH_KINDS or u.depth == 1):
                    self.branch_combo.addItem(names[u.id], u.id)
            i = self.branch_combo.findData(branch)
            self.branch_combo.setCurrentIndex(max(0, i))
        finally:
            self._loading = False
        self._period_chosen()

    def _period_chosen(self) -> None:
        if self._loading:
            return
        pid = self.period_combo.currentData()
        self.period = next((p for p in self.periods if p.id == pid), None)
        self.reload()

    def reload(self, keep_member: str | None = None) -> None:
        if self._loading:
            return
        keep_member = keep_member or self.current_member_id()
        if self.period is None:
            self.model.set_rows([], True)
            current = evaluations.current_quarter()
            self.banner.setText(
                f"还没有开启任何季度。点“开启季度…”开始{current.label}的闪光言行考评。"
                if not self.periods
                else "请选择季度。"
            )
            self.banner.show()
            self.summary_label.clear()
            self._update_state()
            self._member_changed()
            return
        rows = evaluations.ratings(self.db, self.period.id, branch_id=self.branch_combo.currentData())
        self.model.set_rows(rows, not self.period.is_open)
        hide_column(self.table, COL_BRANCH, self.branch_combo.currentData() is not None)
        row = self.model.row_of(keep_member) if keep_member else -1
        self._select_row(max(0, row) if rows else -1)
        self._update_state()
        self._update_summary()

    def _update_state(self) -> None:
        p = self.period
        open_ = p is not None and p.is_open
        self.close_button.setVisible(open_)
        self.panel_scroll.setVisible(p is not None)
        # With no quarter yet, the one useful thing to do is to open one: make that button stand out.
        self.open_button.setStyleSheet("" if self.periods else "font-weight: bold; color: #a61b1b;")
        self.reopen_button.setVisible(p is not None and not open_)
        if p is None:
            self.status_chip.clear()
        elif open_:
            self.status_chip.setText("考评中")
            self.status_chip.setStyleSheet("color: #1b7f3b; font-weight: bold; padding: 0 8px;")
            self.banner.setVisible(bool(p.reopen_reason))
            self.banner.setText(f"本季度公示后重新打开过，理由：{p.reopen_reason}")
        else:
            self.status_chip.setText("已公示")
            self.status_chip.setStyleSheet("color: #a61b1b; font-weight: bold; padding: 0 8px;")
            closed = p.closed_at.strftime("%Y-%m-%d %H:%M") if p.closed_at else ""
            self.banner.setText(
                f"{p.label}已于 {closed} 公示（关闭），只能查看，不能修改。"
                "如确需修改，点右上角“重新打开…”并写明理由。"
            )
            self.banner.show()
        editable = open_ and self.current_row() is not None
        for w in self.panel.editors:
            if isinstance(w, QLineEdit):  # read-only rather than greyed out: the text stays legible
                w.setReadOnly(not editable)
                w.setEnabled(self.current_row() is not None)
            else:
                w.setEnabled(editable)
        if (row := self.current_row()) is not None:
            self.panel.limit_levels(row)  # no deeds, no stars: greyed with the reason beside
        self.panel.entry_box.setVisible(p is None or open_)
        self.panel.withdraw_button.setVisible(p is None or open_)
        if p is not None:
            self.panel.deed_date.setDateRange(to_qdate(p.starts_on), to_qdate(p.ends_on))

    def _update_summary(self) -> None:
        if self.period is None:
            return
        s = evaluations.summary(self.db, self.period.id, self.model.rows)
        flash, attended = flash_meeting_short(self.db, self.period.id)
        self.summary_label.setText(summary_html(s, self.period, flash))
        self.summary_label.setToolTip(summary_tooltip(s) + "\n" + attended)

    # --- the current member ------------------------------------------------------------------------

    def current_row(self) -> RatingRow | None:
        i = self.table.currentIndex().row()
        return self.model.rows[i] if 0 <= i < len(self.model.rows) else None

    def current_member_id(self) -> str | None:
        r = self.current_row()
        return r.member_id if r else None

    def _select_row(self, i: int) -> None:
        if not 0 <= i < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(-1, -1))
            return
        self._save_texts()
        index = self.model.index(i, COL_NAME)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def step_member(self, step: int, skip_exempt: bool = False) -> None:
        i = self.table.currentIndex().row()
        target = min(self.model.rowCount() - 1, max(0, i + step))
        if skip_exempt:  # after a level, go on to the next member who is actually rated
            j = target
            while 0 <= j < self.model.rowCount() and self.model.rows[j].exempt:
                j += step
            if 0 <= j < self.model.rowCount():
                target = j
        self._select_row(target)

    def _member_changed(self) -> None:
        r = self.current_row()
        self._update_state()
        if r is None:
            self.panel.clear_member()
            return
        deeds = (
            evaluations.list_deeds(self.db, self.period.id, member_id=r.member_id) if self.period else None
        )
        self.panel.show_member(r, deeds, self.period)

    def _left(self, previous: int) -> None:
        """Another member chosen. A deed typed for the one left and not added (Ctrl+Enter forgotten) is theirs:
        added now — left in the box, the next Ctrl+Enter gave it to the wrong member."""
        if self.deed_text.toPlainText().strip() and 0 <= previous < len(self.model.rows):
            add_deed(self, self.model.rows[previous])
        elif (
            self.pending_photo is not None
        ):  # a photo chosen for the one left, no deed written: not the next's
            self.set_pending_photo(None)
        self._member_changed()

    def refresh_current(self, suggestion_may_change: bool = True, r: RatingRow | None = None) -> None:
        """Re-read the member's row (by default the chosen one) and show the chosen one again."""
        r = r or self.current_row()
        if r is None or self.period is None:
            return
        self.model.replace_row(self.model.row_of(r.member_id), self._fresh(r, suggestion_may_change))
        self._member_changed()
        self._update_summary()

    def _find(self, _text: str = "") -> None:
        """Jump to the first member (from the current one on) whose name or pinyin matches the find box."""
        if not self.find_box.query():
            return
        rows = self.model.rows
        found = next_match(
            len(rows),
            self.table.currentIndex().row(),
            lambda i: self.find_box.finds(rows[i].member_name, rows[i].pinyin_full, rows[i].pinyin_initials),
        )
        if found is not None:
            self._select_row(found)

    def table_focus(self) -> None:
        self.table.setFocus()

    # --- actions -----------------------------------------------------------------------------------

    def say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def refuse(self, text: str) -> None:
        """A refusal of the services, shown in the message line (the page is made for fast keyboard work)."""
        self.say(text, error=True)

    def refused_if_closed(self) -> bool:
        if self.period is None:
            self.say("请先选择或开启一个季度", error=True)
            return True
        if not self.period.is_open:
            self.say(
                f"{self.period.label}已公示，只能查看。如确需修改，请先“重新打开…”并写明理由。", error=True
            )
            return True
        return False

    def set_level(self, level: int | None, advance: bool = False) -> bool:
        r = self.current_row()
        if r is None or self.refused_if_closed():
            return False
        assert self.period is not None
        if r.exempt and level is not None:
            self.say(
                f"{r.member_name}只挂牌不参评（{r.exempt_reason}），不评星级。"
                "如支部决定让他参评，先取消“只挂牌不参评”再评。",
                error=True,
            )
            return False
        period_id = self.period.id
        if not self.attempt_ok(
            lambda: evaluations.set_level(self.db, r.member_id, period_id, level), self.refuse
        ):
            return False
        self.refresh_current(suggestion_may_change=False)
        self.say(f"{r.member_name}：{'已清除星级' if level is None else f'评为 {level} 星'}")
        if advance:
            self.step_member(1, skip_exempt=True)
        return True

    def _star_clicked(self, row: int, level: int) -> None:
        if 0 <= row < self.model.rowCount():
            self._select_row(row)
            self.set_level(level)

    def _exempt_clicked(self, checked: bool) -> None:
        r = self.current_row()
        if r is None or self.refused_if_closed():
            return
        assert self.period is not None
        period, reason = self.period.id, self.panel.exempt_reason_edit.text()
        if self.attempt_ok(
            lambda: evaluations.set_exempt(self.db, r.member_id, period, checked, reason), self.refuse
        ):
            self.say(f"{r.member_name}：{'只挂牌不参评' if checked else '参加评星'}")
        self.refresh_current()

    def add_deed(self) -> bool:
        return add_deed(self)

    def choose_photo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择照片", "", "图片 (*.jpg *.jpeg *.png *.bmp)")
        self.set_pending_photo(Path(name) if name else None)

    def set_pending_photo(self, path: Path | None) -> None:
        self.pending_photo = path
        self.panel.show_photo(path)

    def withdraw_selected(self) -> None:
        withdraw_selected(self)

    def _save_texts(self) -> None:
        """What was typed in the side panel, saved when leaving a field or the member (never lost)."""
        self._save_text(self.comment_edit.text(), lambda r: r.comment, evaluations.set_comment)
        self._save_text(self.reason_edit.text(), lambda r: r.reason, evaluations.set_reason)
        self._save_exempt_reason()

    def _save_exempt_reason(self) -> None:
        """The reason typed after ticking 只挂牌不参评 (the natural order) replaces the default 支部决定."""
        r = self.current_row()
        text = self.panel.exempt_reason_edit.text()
        if r is not None and r.exempt and text.strip():
            exempt = lambda db, m, p, t: evaluations.set_exempt(db, m, p, True, t)  # noqa: E731
            if self._save_text(text, lambda r: r.exempt_reason, exempt):
                self.refresh_current(suggestion_may_change=False)
                self.say(f"{r.member_name}：不参评原因改为“{text.strip()}”")

    def _save_text(
        self, text: str, saved: Callable[[RatingRow], str], save: Callable[[Database, str, str, str], None]
    ) -> bool:
        r = self.current_row()
        if r is None or self.period is None or not self.period.is_open or text.strip() == saved(r):
            return False
        period_id = self.period.id
        if not self.attempt_ok(lambda: save(self.db, r.member_id, period_id, text), self.refuse):
            return False
        self._replace_quietly(r)
        return True

    def _replace_quietly(self, r: RatingRow) -> None:
        self.model.replace_row(self.model.row_of(r.member_id), self._fresh(r, False))

    def _fresh(self, r: RatingRow, suggestion_may_change: bool) -> RatingRow:
        """Re-read one row. A level or a text cannot change the suggestion, so the other suggestion
        sources (the points ledger: slow with a big ledger) are not asked again; every keypress counts."""
        assert self.period is not None
        fresh = evaluations.member_rating(
            self.db, r.member_id, self.period.id, use_sources=suggestion_may_change
        )
        if not suggestion_may_change:
            fresh.suggested = r.suggested
        return fresh

    # --- the quarter -------------------------------------------------------------------------------

    def ask_quarter(self) -> str | None:
        return ask_quarter(self, {p.id for p in self.periods})

    def ask_reopen_reason(self) -> str | None:
        return ask_reopen_reason(self)

    def confirm_close(self, text: str) -> bool:
        return confirm_close(self, text)

    def open_quarter(self) -> None:
        text = self.ask_quarter()
        if not text:
            return
        known = {q.id for q in self.periods}
        p = self.attempt(lambda: evaluations.open_period(self.db, text), self.refuse)
        if p is None:
            return
        self.period = p
        self.refresh()
        self.say(
            f"{p.label}本来就在考评中"
            if p.id in known
            else f"已开启{p.label}的考评：↑↓ 选党员，Enter 写事迹，0–5 评星"
        )
        self.table.setFocus()

    def close_period(self) -> None:
        if self.period is None or not self.period.is_open:
            return
        self._save_texts()
        text = close_question(self.period.label, evaluations.summary(self.db, self.period.id))
        if not self.confirm_close(text):
            return
        period_id = self.period.id
        done = self.attempt(lambda: evaluations.close_period(self.db, period_id), self.refuse)
        if done is None:
            return
        self.period = done
        self.refresh()
        self.say(f"{self.period.label}已公示（关闭）")

    def reopen_period(self) -> None:
        if self.period is None or self.period.is_open:
            return
        reason = self.ask_reopen_reason()
        if reason is None:
            return
        period_id = self.period.id
        done = self.attempt(lambda: evaluations.reopen_period(self.db, period_id, reason), self.refuse)
        if done is None:
            return
        self.period = done
        self.refresh()
        self.say(f"{self.period.label}已重新打开，理由已记录")

    def edit_settings(self) -> None:
        dialog = EvaluationSettingsDialog(evaluations.get_settings(self.db), self)
        if not dialog.exec():
            return
        if not self.attempt_ok(lambda: evaluations.put_settings(self.db, dialog.value()), self.refuse):
            return
        self._categories = evaluations.get_settings(self.db).categories
        self.panel.set_categories(self._categories)
        self.reload()
        self.say("已保存评星设置")

    # --- keyboard ----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return handle_key(self, watched, event)
        return super().eventFilter(watched, event)

    def quarter_label(self) -> str:
        return parse_quarter(self.period.id).label if self.period else ""
