"""星级评定 page: a quarter's 闪光言行考评 — deeds, 点评, star levels with the no-deeds rule, publishing.

Made for keyboard work (80 members in an evening): ↑↓ choose a member, 0–5 set the level and move on,
Enter jumps to the deed text, Ctrl+Enter adds the deed and stays there, PageDown/Ctrl+↓ go to the next
member from anywhere on the page, Ctrl+0…5 set the level from anywhere, Esc goes back to the grid.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.domain.periods import parse_quarter
from app.domain.stars import MAX_LEVEL, SOURCES
from app.services import evaluations, organizations
from app.services.evaluations import PeriodRow, RatingRow
from app.services.store import Database
from ui.kit.page import Page
from ui.models.evaluation_model import COL_BRANCH, COL_LEVEL, COL_NAME, EvaluationModel, StarDelegate

ERROR_STYLE = "color: #b00020; font-weight: bold;"
OK_STYLE = "color: #1b7f3b;"
HELP = (
    "键盘：↑↓ 选党员 · 0–5 评星并到下一位 · Del 清除星级 · Enter 写事迹 · Ctrl+Enter 添加事迹 · "
    "PageDown / Ctrl+↓ 下一位 · Ctrl+0–5 在任何地方评星 · Esc 回到名单"
)
_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(MAX_LEVEL + 1)}
_NAMES_SHOWN = 8


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _names(refs: list[evaluations.MemberRef], shown: int = _NAMES_SHOWN) -> str:
    names = "、".join(r.name for r in refs[:shown])
    return names + (f" 等 {len(refs)} 人" if len(refs) > shown else "")


class EvaluationPage(Page):
    title = "星级评定"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.periods: list[PeriodRow] = []
        self.period: PeriodRow | None = None
        self._loading = False
        self._categories: tuple[str, ...] = evaluations.get_settings(db).categories

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(6)

        top = QHBoxLayout()
        heading = self.heading("星级评定")
        top.addWidget(heading)
        top.addSpacing(12)
        top.addWidget(QLabel("季度"))
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(190)
        self.period_combo.setPlaceholderText("（还没有开启季度）")
        self.period_combo.currentIndexChanged.connect(self._period_chosen)
        top.addWidget(self.period_combo)
        self.open_button = QPushButton("开启季度…")
        self.open_button.setToolTip("开始一个季度的考评（本季度，或补录过去的季度）")
        self.open_button.clicked.connect(self.open_quarter)
        top.addWidget(self.open_button)
        top.addSpacing(12)
        top.addWidget(QLabel("支部"))
        self.branch_combo = QComboBox()
        self.branch_combo.setMinimumWidth(150)
        self.branch_combo.currentIndexChanged.connect(lambda _i: self.reload())
        top.addWidget(self.branch_combo)
        self.settings_button = QPushButton("评星设置…")
        self.settings_button.setToolTip("预备党员、流动党员是否参评；满多少岁自动只挂牌不参评；事迹类别")
        self.settings_button.clicked.connect(self.edit_settings)
        top.addWidget(self.settings_button)
        top.addStretch(1)
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
        layout.addLayout(second)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = EvaluationModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.verticalHeader().setVisible(False)
        self.star_delegate = StarDelegate(self._star_clicked, self.table)
        self.table.setItemDelegateForColumn(COL_LEVEL, self.star_delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, width in enumerate((62, 80, 40, 40, 60, 100, 52, 36, 72, 100)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().currentRowChanged.connect(lambda _c, _p: self._member_changed())
        splitter.addWidget(self.table)
        self.panel_scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._build_panel())
        scroll.setMinimumWidth(340)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 380])
        layout.addWidget(splitter, 1)

        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        help_label = QLabel(HELP)
        help_label.setWordWrap(True)
        help_label.setStyleSheet("color: #666; font-size: 12px;")
        layout.addWidget(help_label)

        for w in (
            self.table,
            self.deed_text,
            self.comment_edit,
            self.reason_edit,
            self.deed_date,
            self.category_combo,
            self.source_combo,
            self.deed_list,
            self.exempt_box,
            self.exempt_reason_edit,
        ):
            w.installEventFilter(self)
        # Data is loaded by refresh(), which the main window calls when the page is first shown.

    # --- layout of the side panel ------------------------------------------------------------------

    def _build_panel(self) -> QWidget:
        panel = QFrame()
        panel.setFrameShape(QFrame.Shape.StyledPanel)
        v = QVBoxLayout(panel)
        v.setContentsMargins(10, 8, 10, 8)
        v.setSpacing(4)
        self.member_title = QLabel("（请在左边选一名党员）")
        self.member_title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.member_title.setWordWrap(True)
        v.addWidget(self.member_title)
        self.member_info = QLabel()
        self.member_info.setWordWrap(True)
        self.member_info.setStyleSheet("color: #555;")
        v.addWidget(self.member_info)

        levels = QHBoxLayout()
        levels.addWidget(QLabel("星级"))
        self.level_buttons: list[QPushButton] = []
        for n in range(MAX_LEVEL + 1):
            b = QPushButton(str(n))
            b.setCheckable(True)
            b.setFixedWidth(34)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setToolTip(f"{n} 星（键盘：{n}）")
            b.clicked.connect(lambda _checked=False, n=n: self.set_level(n))
            levels.addWidget(b)
            self.level_buttons.append(b)
        self.clear_button = QPushButton("清除")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.clicked.connect(lambda: self.set_level(None))
        levels.addWidget(self.clear_button)
        levels.addStretch(1)
        v.addLayout(levels)

        exempt_row = QHBoxLayout()
        self.exempt_box = QCheckBox("只挂牌不参评")
        self.exempt_box.clicked.connect(self._exempt_clicked)
        exempt_row.addWidget(self.exempt_box)
        self.exempt_reason_edit = QLineEdit()
        self.exempt_reason_edit.setPlaceholderText("原因，如 长期患病")
        exempt_row.addWidget(self.exempt_reason_edit, 1)
        v.addLayout(exempt_row)

        deeds_row = QHBoxLayout()
        deeds_row.addWidget(QLabel("本季度的闪光言行"))
        deeds_row.addStretch(1)
        self.withdraw_button = QPushButton("撤回所选")
        self.withdraw_button.setToolTip(
            "录错了：在事迹列表里选中一条，点这里或按 Delete（撤回的事迹留在历史里）"
        )
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        deeds_row.addWidget(self.withdraw_button)
        v.addLayout(deeds_row)
        self.deed_list = QListWidget()
        self.deed_list.setWordWrap(True)
        # Small by default so 点评 and 公示理由 stay in view on a 768-pixel screen; grows with the window.
        self.deed_list.setMinimumHeight(60)
        self.deed_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        v.addWidget(self.deed_list, 1)

        # The deed entry form is hidden while the quarter is closed (nothing can be added then).
        self.entry_box = QWidget()
        form = QFormLayout(self.entry_box)
        form.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.deed_date = QDateEdit()
        self.deed_date.setCalendarPopup(True)
        self.deed_date.setDisplayFormat("yyyy-MM-dd")
        row.addWidget(self.deed_date)
        self.category_combo = QComboBox()
        self.category_combo.addItems(list(self._categories))
        row.addWidget(self.category_combo)
        self.source_combo = QComboBox()
        self.source_combo.addItems(list(SOURCES))
        row.addWidget(self.source_combo)
        form.addRow("新事迹", row)
        self.deed_text = QPlainTextEdit()
        self.deed_text.setPlaceholderText("写下这名党员的闪光言行，Ctrl+Enter 添加，可以接着写下一条")
        self.deed_text.setTabChangesFocus(True)
        self.deed_text.setFixedHeight(52)
        form.addRow("内容", self.deed_text)
        self.add_button = QPushButton("添加事迹（Ctrl+Enter）")
        self.add_button.clicked.connect(self.add_deed)
        add_row = QHBoxLayout()
        self.photo_button = QPushButton("附照片…")
        self.photo_button.setToolTip("给这条事迹附一张照片（JPG/PNG，会缩小后保存）")
        self.photo_button.clicked.connect(self.choose_photo)
        add_row.addWidget(self.photo_button)
        add_row.addWidget(self.add_button, 1)
        form.addRow("", add_row)
        self.pending_photo: Path | None = None
        v.addWidget(self.entry_box)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.comment_edit = QLineEdit()
        self.comment_edit.setPlaceholderText("支部对事迹的点评")
        self.comment_edit.editingFinished.connect(self._save_comment)
        form.addRow("点评", self.comment_edit)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("公示栏上星级旁的一句话，如最突出的事迹")
        self.reason_edit.editingFinished.connect(self._save_reason)
        form.addRow("公示理由", self.reason_edit)
        v.addLayout(form)
        self._editors: list[QWidget] = [
            *self.level_buttons,
            self.clear_button,
            self.exempt_box,
            self.exempt_reason_edit,
            self.withdraw_button,
            self.deed_date,
            self.category_combo,
            self.source_combo,
            self.deed_text,
            self.add_button,
            self.photo_button,
            self.comment_edit,
            self.reason_edit,
        ]
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
            self.branch_combo.clear()
            self.branch_combo.addItem("全部支部", None)
            for u in organizations.branches(self.db):
                if u.kind == "党支部":
                    self.branch_combo.addItem(u.name, u.id)
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
        self.table.setColumnHidden(COL_BRANCH, self.branch_combo.currentData() is not None)
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
        for w in self._editors:
            if isinstance(w, QLineEdit):  # read-only rather than greyed out: the text stays legible
                w.setReadOnly(not editable)
                w.setEnabled(self.current_row() is not None)
            else:
                w.setEnabled(editable)
        self.entry_box.setVisible(p is None or open_)
        self.withdraw_button.setVisible(p is None or open_)
        if p is not None:
            self.deed_date.setDateRange(_qdate(p.starts_on), _qdate(p.ends_on))

    def _update_summary(self) -> None:
        if self.period is None:
            return
        s = evaluations.summary(self.db, self.period.id, self.model.rows)
        levels = "，".join(f"{n}星 {s.by_level[n]}" for n in sorted(s.by_level, reverse=True))
        parts = [
            f"共 {s.members} 人：已评 {s.rated}（{levels or '—'}），不参评 {s.exempt}，"
            f"待评 {s.members - s.rated - s.exempt}",
            f"<b>闪光言行之星</b>（{self.period.id[:4]}年五星）：{_names(s.five_star_of_year) or '暂无'}",
            f"<span style='color:#1b7f3b'>比上季度上升</span>：{_names(s.risers, 5) or '暂无'}"
            f"　　<span style='color:#b00020'>连续两个季度无星</span>（谈心谈话用，不上墙）："
            f"{_names(s.without_stars_twice, 5) or '无'}",
        ]
        self.summary_label.setText("<br>".join(parts))
        self.summary_label.setToolTip(
            "闪光言行之星："
            + "、".join(r.name for r in s.five_star_of_year)
            + "\n上升："
            + "、".join(r.name for r in s.risers)
            + "\n连续两季度无星："
            + "、".join(r.name for r in s.without_stars_twice)
        )

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
        self.deed_list.clear()
        if r is None:
            self.member_title.setText("（请在左边选一名党员）")
            self.member_info.clear()
            self.comment_edit.clear()
            self.reason_edit.clear()
            return
        self.member_title.setText(f"{r.member_name}　{r.branch}")
        info = [r.category, f"{r.age}岁"]
        if r.is_mobile:
            info.append("流动党员")
        if r.exempt:
            info.append(f"只挂牌不参评（{r.exempt_reason}）")
        info.append(f"建议：{'不予评星' if r.suggested is None else f'{r.suggested} 星'}")
        info.append(f"上季度：{'—' if r.previous_level is None else f'{r.previous_level} 星'}")
        if r.decided_by:
            info.append(f"评定：{r.decided_by}")
        self.member_info.setText(" · ".join(info))
        for n, b in enumerate(self.level_buttons):
            b.setChecked(r.level == n)
        self.exempt_box.setChecked(r.exempt)
        self.exempt_reason_edit.setText(r.exempt_reason if r.exempt else "")
        self.comment_edit.setText(r.comment)
        self.reason_edit.setText(r.reason)
        if self.period is not None:
            for d in evaluations.list_deeds(self.db, self.period.id, member_id=r.member_id):
                photo = "（有照片）" if d.photo else ""
                item = QListWidgetItem(f"{d.date:%m-%d}【{d.category}·{d.source}】{d.text}{photo}")
                item.setData(Qt.ItemDataRole.UserRole, d.id)
                self.deed_list.addItem(item)
            if not self.deed_list.count():
                hint = QListWidgetItem("（本季度还没有闪光言行。没有事迹不予评星级，可评 0 星。）")
                hint.setFlags(Qt.ItemFlag.NoItemFlags)
                self.deed_list.addItem(hint)
            today = dt.date.today()
            day = today if self.period.starts_on <= today <= self.period.ends_on else self.period.ends_on
            if self.deed_text.toPlainText() == "":
                self.deed_date.setDate(_qdate(day))

    def _refresh_current(self, suggestion_may_change: bool = True) -> None:
        r = self.current_row()
        if r is None or self.period is None:
            return
        self.model.replace_row(self.model.row_of(r.member_id), self._fresh(r, suggestion_may_change))
        self._member_changed()
        self._update_summary()

    # --- actions -----------------------------------------------------------------------------------

    def say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE)
        self.message.setText(text)

    def _refused_if_closed(self) -> bool:
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
        if r is None or self._refused_if_closed():
            return False
        assert self.period is not None
        if r.exempt and level is not None:
            self.say(
                f"{r.member_name}只挂牌不参评（{r.exempt_reason}），不评星级。"
                "如支部决定让他参评，先取消“只挂牌不参评”再评。",
                error=True,
            )
            return False
        try:
            evaluations.set_level(self.db, r.member_id, self.period.id, level)
        except UserError as e:
            self.say(str(e), error=True)
            return False
        self._refresh_current(suggestion_may_change=False)
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
        if r is None or self._refused_if_closed():
            return
        assert self.period is not None
        try:
            evaluations.set_exempt(
                self.db, r.member_id, self.period.id, checked, self.exempt_reason_edit.text()
            )
        except UserError as e:
            self.say(str(e), error=True)
        else:
            self.say(f"{r.member_name}：{'只挂牌不参评' if checked else '参加评星'}")
        self._refresh_current()

    def add_deed(self) -> None:
        r = self.current_row()
        if r is None or self._refused_if_closed():
            return
        assert self.period is not None
        text = self.deed_text.toPlainText().strip()
        if not text:
            self.say("请先写下事迹内容", error=True)
            self.deed_text.setFocus()
            return
        try:
            evaluations.add_deed(
                self.db,
                r.member_id,
                self.period.id,
                text,
                date=self.deed_date.date().toPython(),  # type: ignore[arg-type]
                category=self.category_combo.currentText(),
                source=self.source_combo.currentText(),
                photo_file=self.pending_photo,
            )
        except UserError as e:
            self.say(str(e), error=True)
            return
        self.deed_text.clear()
        self._set_pending_photo(None)
        self._refresh_current()
        now = self.current_row()
        self.say(f"已为{r.member_name}添加一条闪光言行（本季度共 {now.deeds if now else 0} 条）")
        self.deed_text.setFocus()

    def choose_photo(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "选择照片", "", "图片 (*.jpg *.jpeg *.png *.bmp)")
        self._set_pending_photo(Path(name) if name else None)

    def _set_pending_photo(self, path: Path | None) -> None:
        self.pending_photo = path
        self.photo_button.setText(f"照片：{path.name[:12]}" if path else "附照片…")

    def withdraw_selected(self) -> None:
        item = self.deed_list.currentItem()
        if self._refused_if_closed():
            return
        if item is None or not item.data(Qt.ItemDataRole.UserRole):
            self.say("请先在事迹列表里选中要撤回的一条", error=True)
            return
        try:
            evaluations.withdraw_deed(self.db, str(item.data(Qt.ItemDataRole.UserRole)))
        except UserError as e:
            self.say(str(e), error=True)
            return
        self._refresh_current()
        self.say("已撤回这条事迹（记录保留在修改记录里）")

    def _save_texts(self) -> None:
        self._save_comment()
        self._save_reason()

    def _save_comment(self) -> None:
        r = self.current_row()
        if r is None or self.period is None or not self.period.is_open:
            return
        if self.comment_edit.text().strip() != r.comment:
            try:
                evaluations.set_comment(self.db, r.member_id, self.period.id, self.comment_edit.text())
            except UserError as e:
                self.say(str(e), error=True)
                return
            self._replace_quietly(r)

    def _save_reason(self) -> None:
        r = self.current_row()
        if r is None or self.period is None or not self.period.is_open:
            return
        if self.reason_edit.text().strip() != r.reason:
            try:
                evaluations.set_reason(self.db, r.member_id, self.period.id, self.reason_edit.text())
            except UserError as e:
                self.say(str(e), error=True)
                return
            self._replace_quietly(r)

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
        current = evaluations.current_quarter()
        text, ok = QInputDialog.getText(
            self,
            "开启季度",
            "要开启哪个季度的考评？\n（写成 2026Q3；过去的季度也可以开启，用来补录）",
            text=current.id,
        )
        return text if ok else None

    def ask_reopen_reason(self) -> str | None:
        text, ok = QInputDialog.getText(self, "重新打开", "为什么要重新打开已公示的季度？（会记入修改记录）")
        return text if ok else None

    def confirm_close(self, text: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question, "公示本季度", text, QMessageBox.StandardButton.NoButton, self
        )
        yes = box.addButton("公示并关闭", QMessageBox.ButtonRole.YesRole)
        no = box.addButton("取消", QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(no)
        box.exec()
        return box.clickedButton() is yes

    def open_quarter(self) -> None:
        text = self.ask_quarter()
        if not text:
            return
        try:
            p = evaluations.open_period(self.db, text)
        except UserError as e:
            self.say(str(e), error=True)
            return
        self.period = p
        self.refresh()
        self.say(f"{p.label}正在考评中")
        self.table.setFocus()

    def close_period(self) -> None:
        if self.period is None or not self.period.is_open:
            return
        self._save_texts()
        s = evaluations.summary(self.db, self.period.id)
        pending = s.members - s.rated - s.exempt
        text = f"公示{self.period.label}的星级评定？\n\n公示后本季度只能查看，不能再修改。"
        if pending:
            text += f"\n\n还有 {pending} 人没有评定星级。"
        if not self.confirm_close(text):
            return
        try:
            self.period = evaluations.close_period(self.db, self.period.id)
        except UserError as e:
            self.say(str(e), error=True)
            return
        self.refresh()
        self.say(f"{self.period.label}已公示（关闭）")

    def reopen_period(self) -> None:
        if self.period is None or self.period.is_open:
            return
        reason = self.ask_reopen_reason()
        if reason is None:
            return
        try:
            self.period = evaluations.reopen_period(self.db, self.period.id, reason)
        except UserError as e:
            self.say(str(e), error=True)
            return
        self.refresh()
        self.say(f"{self.period.label}已重新打开，理由已记录")

    def edit_settings(self) -> None:
        dialog = EvaluationSettingsDialog(evaluations.get_settings(self.db), self)
        if not dialog.exec():
            return
        try:
            evaluations.put_settings(self.db, dialog.value())
        except UserError as e:
            self.say(str(e), error=True)
            return
        self._categories = evaluations.get_settings(self.db).categories
        self.category_combo.clear()
        self.category_combo.addItems(list(self._categories))
        self.reload()
        self.say("已保存评星设置")

    # --- keyboard ----------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(watched, event)
        return super().eventFilter(watched, event)

    def _key(self, watched: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        mods = event.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_PageDown or (ctrl and key == Qt.Key.Key_Down):
            self.step_member(1)
            return True
        if key == Qt.Key.Key_PageUp or (ctrl and key == Qt.Key.Key_Up):
            self.step_member(-1)
            return True
        if ctrl and key in _DIGITS:
            self.set_level(_DIGITS[key])
            return True
        if watched is self.deed_list and key == Qt.Key.Key_Delete:
            self.withdraw_selected()
            return True
        if watched is self.deed_text and ctrl and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.add_deed()
            return True
        if key == Qt.Key.Key_Escape and watched is not self.table:
            self._save_texts()
            self.table.setFocus()
            return True
        if watched is self.table and not ctrl:
            if key in _DIGITS and mods in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            ):
                self.set_level(_DIGITS[key], advance=True)
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.set_level(None)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_row() is not None:
                if self.period is not None and self.period.is_open:
                    self.deed_text.setFocus()
                else:
                    self._refused_if_closed()
                return True
        return False

    def quarter_label(self) -> str:
        return parse_quarter(self.period.id).label if self.period else ""


class EvaluationSettingsDialog(QDialog):
    """The organisation's choices for the star rating (stored with the database, audited)."""

    def __init__(self, conf: evaluations.EvaluationSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("评星设置")
        form = QFormLayout(self)
        self.probationary = QCheckBox("预备党员参加评星")
        self.probationary.setChecked(conf.include_probationary)
        form.addRow(self.probationary)
        self.mobile = QCheckBox("流动党员参加评星")
        self.mobile.setChecked(conf.include_mobile)
        form.addRow(self.mobile)
        self.age = QSpinBox()
        self.age.setRange(49, 100)
        self.age.setSpecialValueText("不自动")  # the minimum (49) means: no automatic exemption by age
        self.age.setSuffix(" 岁以上")
        self.age.setValue(conf.exempt_age if conf.exempt_age is not None else 49)
        form.addRow("自动只挂牌不参评", self.age)
        self.categories = QLineEdit("、".join(conf.categories))
        self.categories.setToolTip("用顿号分开，如 工作、生活、服务群众、志愿服务、其他")
        form.addRow("事迹类别", self.categories)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self) -> evaluations.EvaluationSettings:
        text = self.categories.text().replace("，", "、").replace(",", "、")
        return evaluations.EvaluationSettings(
            include_probationary=self.probationary.isChecked(),
            include_mobile=self.mobile.isChecked(),
            exempt_age=None if self.age.value() == self.age.minimum() else self.age.value(),
            categories=tuple(c.strip() for c in text.split("、") if c.strip()),
        )
