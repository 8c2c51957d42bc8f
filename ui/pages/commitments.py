"""公开承诺 page: who has committed this year, fast keyboard entry after the branch meeting, 践诺 and history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.services import commitments as cm, settings
from app.services.store import Database
from ui import messages
from ui.dialogs.commitment_dialogs import KeepDialog, PostponeDialog
from ui.kit.dates import date_edit, from_qdate, to_qdate
from ui.kit.empty import show_when_empty
from ui.kit.export import export_button
from ui.kit.header import PageHeader, next_match
from ui.kit.page import PAGE_MARGINS, Page
from ui.kit.records import fit_width, table_view
from ui.kit.stale import save_or_refresh
from ui.models.commitments_model import (
    C_CONTENT,
    COL_CONTENT,
    COL_COUNT,
    COL_GROUP,
    COL_NAME,
    COL_STATE,
    MEMBER_ID_ROLE,
    STATE_COLORS,
    CommitmentListModel,
    MemberStateModel,
)
from ui.pages.commitment_typed import may_save_here, note_typing, warning_html
from ui.pages.commitment_year import copy_last_year, open_teams, publish_drafts

LAST_KIND_KEY = "commitments.last_kind"
LAST_BRANCH_KEY = "commitments.last_branch"
ALL = "全部"


class CommitmentsPage(Page):
    title = "公开承诺"
    live_refresh = True  # another clerk's change reloads the rows, selection kept (ui/kit/live.py)

    def __init__(self, db: Database, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(db, parent)
        self.today = today or dt.date.today()
        self._all_rows: list[cm.MemberState] = []
        self._loaded = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(8)

        header = PageHeader(self, "公开承诺")
        self.year_combo = header.year_chooser()
        self.branch_combo = header.branch_chooser()
        self.branch_combo.setMinimumContentsLength(8)
        self.status_combo = header.chooser("状态")
        self.status_combo.addItem(ALL, None)
        for f in cm.FILTERS:
            self.status_combo.addItem(f, f)
        self.search = header.find_box()
        self.search.setToolTip(
            "输入姓名、拼音首字母（如 zw）或全拼跳到这名党员，回车开始录入承诺。快捷键 Ctrl+F"
        )
        self.search.textChanged.connect(self._find)
        self.search.returnPressed.connect(self._found)
        header.addStretch(1)
        layout.addLayout(header)

        # The counts and the year's actions share the second row, so the page fits 1366×768 at 150 %.
        second = QHBoxLayout()
        self.counts_label = QLabel()
        self.counts_label.setStyleSheet("font-size: 14px; color: #333;")
        self.counts_label.setWordWrap(True)
        second.addWidget(self.counts_label, 1)
        self.copy_button = QPushButton("复制上年承诺")
        self.copy_button.setToolTip("把上一年度的承诺复制为本年度草稿（已离开的党员、已有承诺的跳过）")
        self.copy_button.clicked.connect(lambda: copy_last_year(self))
        second.addWidget(self.copy_button)
        self.publish_button = QPushButton("公示草稿")
        self.publish_button.setToolTip("把本年度未公示的承诺（草稿）以今天为公示日期公开")
        self.publish_button.clicked.connect(lambda: publish_drafts(self))
        second.addWidget(self.publish_button)
        self.teams_button = QPushButton("队伍与组团承诺…")
        self.teams_button.clicked.connect(lambda: open_teams(self))
        second.addWidget(self.teams_button)
        self.export_button = export_button(
            self, db, lambda: self.table, lambda: f"{self.year_combo.currentText()}党员承诺"
        )
        second.addWidget(self.export_button)
        layout.addLayout(second)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(splitter, 1)

        self.model = MemberStateModel(self)
        self.table = table_view(self.model, fit=False)
        show_when_empty(self.table, "没有党员：先到“花名册”录入党员，再在这里登记承诺")
        # No sideways scrolling: 承诺内容 takes the spare width; it and 件数 give way (the right side lists them)
        # when the page is narrow (150 %); a long 党小组 is cut, its tooltip shows it.
        samples = {COL_NAME: "诸葛芳珺", COL_GROUP: "西圩头党小组", COL_STATE: "已兑现", COL_COUNT: "12"}
        fit_width(self.table, COL_CONTENT, samples, drop=(COL_CONTENT, COL_COUNT))
        self.table.selectionModel().currentRowChanged.connect(self._member_changed)
        splitter.addWidget(self.table)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(8, 0, 0, 0)
        self.member_label = QLabel("请在左边选择党员")
        self.member_label.setStyleSheet("font-size: 16px; font-weight: bold;")
        side_layout.addWidget(self.member_label)

        self.c_model = CommitmentListModel(self)
        self.c_table = table_view(self.c_model, stretch=C_CONTENT, fit=False)
        self.empty_hint = show_when_empty(  # Enter in the text box is a new line: say the keys that save
            self.c_table, "这名党员今年还没有承诺：在下面写上承诺内容，按 Ctrl+Enter 或点“保存”"
        )
        self.c_table.setAlternatingRowColors(False)
        self.c_table.setColumnWidth(0, 72)
        self.c_table.setColumnWidth(2, 86)
        self.c_table.setColumnWidth(3, 56)
        self.c_table.setColumnWidth(4, 86)
        self.c_table.setMaximumHeight(130)
        self.c_table.selectionModel().currentRowChanged.connect(self._commitment_changed)
        side_layout.addWidget(self.c_table)

        actions = QHBoxLayout()
        self.keep_button = QPushButton("登记践诺…")
        self.keep_button.setToolTip("已兑现：日期、践诺情况、照片（Ctrl+K）")
        self.keep_button.clicked.connect(self.keep_current)
        self.fail_button = QPushButton("未兑现")
        self.fail_button.clicked.connect(self.fail_current)
        self.postpone_button = QPushButton("延期…")
        self.postpone_button.clicked.connect(self.postpone_current)
        self.edit_button = QPushButton("修改内容…")
        self.edit_button.setToolTip("改正承诺内容的错字（改动记入历史）")
        self.edit_button.clicked.connect(self.edit_current)
        self.reopen_button = QPushButton("撤销登记")
        self.reopen_button.setToolTip("兑现或未兑现登记错了：改回承诺中（历史保留）")
        self.reopen_button.clicked.connect(self.reopen_current)
        for b in (
            self.keep_button,
            self.fail_button,
            self.postpone_button,
            self.edit_button,
            self.reopen_button,
        ):
            actions.addWidget(b)
        actions.addStretch(1)
        side_layout.addLayout(actions)
        self.history = QPlainTextEdit()
        self.history.setReadOnly(True)
        self.history.setPlaceholderText("选中一项承诺，这里显示它的历史")
        self.history.setMaximumHeight(90)
        self.history.setMinimumHeight(36)  # shrinks first at 150 %, so 保存 below stays on screen
        side_layout.addWidget(self.history)

        # A short title: a long one would set the panel's minimum width and squeeze the member list at 150 %.
        entry = QGroupBox("新增承诺")
        entry.setToolTip("Ctrl+Enter 保存并跳到下一位未承诺的党员；PageDown/PageUp 换人")
        entry_layout = QVBoxLayout(entry)
        row = QHBoxLayout()
        row.addWidget(QLabel("类别（F2 切换）"))
        self.kind_combo = QComboBox()
        self.kind_combo.addItems(list(cm.KINDS))
        self.kind_combo.setToolTip("按 F2 在 依岗承诺/因事承诺/具体承诺 之间切换；下一位党员沿用上次的类别")
        row.addWidget(self.kind_combo)
        row.addWidget(QLabel("常用"))
        self.template_combo = QComboBox()
        self.template_combo.addItem("（选常用承诺，或按 Ctrl+1…9）", None)
        for i, text in enumerate(cm.TEMPLATES):
            self.template_combo.addItem(f"{i + 1}. {text}" if i < 9 else text, text)
        self.template_combo.activated.connect(self._template_chosen)
        # Long templates must not widen the panel: the list shows them in full when opened.
        self.template_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.template_combo.setMinimumContentsLength(10)
        row.addWidget(self.template_combo, 1)
        entry_layout.addLayout(row)
        self.content = QPlainTextEdit()
        self.content.setPlaceholderText(
            "承诺内容，例如：带头参加村级环境整治，每月不少于2次（Ctrl+Enter 保存）"
        )
        self.content.setTabChangesFocus(True)
        self.typed_for: str | None = (
            None  # whose commitment the text box holds (ui/pages/commitment_typed.py)
        )
        self.content.textChanged.connect(lambda: note_typing(self))
        self.content.setMinimumHeight(40)
        entry_layout.addWidget(self.content, 1)
        row = QHBoxLayout()
        self.deadline_check = QCheckBox("完成期限")
        self.deadline_check.setChecked(True)
        row.addWidget(self.deadline_check)
        self.deadline = date_edit(dt.date(self.today.year, 12, 31))
        self.deadline_check.toggled.connect(self.deadline.setEnabled)
        row.addWidget(self.deadline)
        row.addSpacing(12)
        row.addWidget(QLabel("公示日期"))
        self.published = date_edit(self.today)
        row.addWidget(self.published)
        row.addStretch(1)
        self.save_button = QPushButton("保存")
        self.save_button.setToolTip("保存这条承诺（Ctrl+Enter：保存并跳到下一位未承诺的党员）")
        self.save_button.setDefault(False)
        self.save_button.clicked.connect(self.save_entry)
        row.addWidget(self.save_button)
        entry_layout.addLayout(row)
        side_layout.addWidget(entry, 1)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([560, 520])

        self._shortcut("Ctrl+Return", self.save_entry)
        self._shortcut("Ctrl+Enter", self.save_entry)
        self._shortcut("PgDown", lambda: self.move_member(1))
        self._shortcut("PgUp", lambda: self.move_member(-1))
        self._shortcut("Ctrl+Down", lambda: self.move_member(1))
        self._shortcut("Ctrl+Up", lambda: self.move_member(-1))
        self._shortcut("Ctrl+K", self.keep_current)
        self._shortcut("F2", self.next_kind)
        self._shortcut("Ctrl+F", self._focus_search)
        for i, template in enumerate(cm.TEMPLATES[:9]):
            self._shortcut(f"Ctrl+{i + 1}", self._template_inserter(template))

        last_kind = settings.get(db, LAST_KIND_KEY, cm.KINDS[2])
        if last_kind in cm.KINDS:
            self.kind_combo.setCurrentText(str(last_kind))
        self.year_combo.currentIndexChanged.connect(self._year_changed)
        self.branch_combo.currentIndexChanged.connect(self._branch_changed)
        self.status_combo.currentIndexChanged.connect(lambda _i: self._apply_filter())
        self._update_actions()

    def _template_inserter(self, text: str) -> Callable[[], None]:
        return lambda: self.insert_template(text)

    def _shortcut(self, keys: str, slot: Callable[[], object]) -> None:
        sc = QShortcut(QKeySequence(keys), self)
        sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        sc.activated.connect(slot)

    # --- loading -----------------------------------------------------------------------------------

    @property
    def year(self) -> int:
        value = self.year_combo.currentData()
        return int(value) if value is not None else self.today.year

    @property
    def branch_id(self) -> str | None:
        value = self.branch_combo.currentData()
        return str(value) if value else None

    def refresh(self) -> None:
        year, branch = self.year_combo.currentData(), self.branch_combo.currentData()
        for combo in (self.year_combo, self.branch_combo):
            combo.blockSignals(True)
        self.year_combo.clear()
        for y in cm.years(self.db, self.today):
            self.year_combo.addItem(f"{y} 年", y)
        i = self.year_combo.findData(year if year is not None else self.today.year)
        self.year_combo.setCurrentIndex(max(0, i))
        self.branch_combo.clear()
        from app.services.accounts import visible_branches

        units = visible_branches(self.db)  # an account with a unit: its own subtree, no 全部
        if not units or units[0].parent_id is None:
            self.branch_combo.addItem(f"全部（{units[0].name}）" if units else ALL, None)
            units = units[1:]
        for u in units:
            self.branch_combo.addItem("　" * max(0, u.depth - 1) + u.name, u.id)
        if not self._loaded:
            branch = settings.get(self.db, LAST_BRANCH_KEY, None)  # the clerk's own branch, next time too
        i = self.branch_combo.findData(branch) if branch else 0
        self.branch_combo.setCurrentIndex(max(0, i))
        for combo in (self.year_combo, self.branch_combo):
            combo.blockSignals(False)
        self.reload()

    def _branch_changed(self, _index: int) -> None:
        if settings.get(self.db, LAST_BRANCH_KEY, None) != self.branch_id:
            settings.put(self.db, LAST_BRANCH_KEY, self.branch_id)
        self.reload()

    def _year_changed(self, _index: int) -> None:
        year = self.year
        self.deadline.setDate(to_qdate(dt.date(year, 12, 31)))
        if self.published.date().year() not in (year - 1, year):
            self.published.setDate(to_qdate(min(self.today, dt.date(year, 12, 31))))
        self.reload()

    def reload(self, keep_member: str | None = None) -> None:
        keep_member = keep_member or self.current_member_id()
        self._all_rows = cm.member_states(self.db, self.year, self.branch_id, self.today)
        self._loaded = True
        self._apply_filter(keep_member)
        self._update_counts()

    def _apply_filter(self, keep_member: str | None = None) -> None:
        keep_member = keep_member or self.current_member_id()
        wanted = self.status_combo.currentData()
        rows = self._all_rows
        if wanted:
            rows = [
                r for r in rows if r.state == wanted or any(c.display_status == wanted for c in r.commitments)
            ]
        self.model.set_rows(rows)
        target = 0
        if keep_member:
            for i, r in enumerate(rows):
                if r.member_id == keep_member:
                    target = i
                    break
        if rows:
            self.select_row(target)
        else:
            self._member_changed(QModelIndex(), QModelIndex())

    def _update_counts(self) -> None:
        rows = [r for r in self._all_rows if r.member_status == "在册"]
        committed = sum(1 for r in rows if any(not c.is_draft for c in r.commitments))
        items = [c for r in self._all_rows for c in r.commitments if not c.is_draft]
        kept = sum(1 for c in items if c.status == cm.KEPT)
        overdue = sum(1 for c in items if c.overdue)
        drafts = sum(1 for r in self._all_rows for c in r.commitments if c.is_draft)
        rate = f"{100 * kept / len(items):.0f}%" if items else "—"
        text = (
            f"应承诺 {len(rows)} 人，已承诺 {committed} 人，未承诺 {len(rows) - committed} 人；"
            f"承诺 {len(items)} 件，已兑现 {kept} 件，"
            f"<span style='color:{STATE_COLORS['逾期'][1]}'>逾期 {overdue} 件</span>，兑现率 {rate}"
        )
        if drafts:
            text += f"；另有草稿 {drafts} 件未公示"
        self.counts_label.setText(text)

    # --- finding a member: the 承诺书 papers never come in pinyin order ---------------------------------

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _find(self, text: str) -> None:
        if not text.strip():
            return
        rows = self.model.rows
        # Prefer the current member while it still matches, so typing more letters does not jump about.
        found = next_match(
            len(rows),
            self.table.currentIndex().row(),
            lambda i: self.search.finds(rows[i].name, rows[i].pinyin_full, rows[i].pinyin_initials),
        )
        if found is not None:
            self.select_row(found)

    def _found(self) -> None:
        """Enter in the search box: go and type the commitment."""
        self.search.clear()
        self.content.setFocus()

    # --- navigation --------------------------------------------------------------------------------

    def current_member_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.data(self.model.index(index.row(), 0), MEMBER_ID_ROLE) if index.isValid() else None

    def current_state(self) -> cm.MemberState | None:
        index = self.table.currentIndex()
        return (
            self.model.rows[index.row()] if index.isValid() and index.row() < len(self.model.rows) else None
        )

    def select_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)

    def select_member(self, member_id: str) -> bool:
        for i, r in enumerate(self.model.rows):
            if r.member_id == member_id:
                self.select_row(i)
                return True
        return False

    def move_member(self, step: int) -> None:
        current = self.table.currentIndex().row()
        self.select_row(max(0, min(self.model.rowCount() - 1, current + step)))
        self.content.setFocus()

    def next_without_commitment(self, after: int) -> int | None:
        rows = self.model.rows
        for i in list(range(after + 1, len(rows))) + list(range(0, after + 1)):
            if rows[i].state == cm.NONE:
                return i
        return None

    def _member_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        state = self.current_state() if current.isValid() else None
        if state is None:
            self.member_label.setText("请在左边选择党员")
            self.c_model.set_rows([])
        else:
            extra = [x for x in (state.group, state.party_post) if x]
            if state.member_status != "在册":
                extra.append(f"已{state.member_status}，只能查看")
            self.member_label.setText(
                state.name + (f"　<small>{'　'.join(extra)}</small>" if extra else "") + warning_html(self)
            )
            self.c_model.set_rows(list(state.commitments))
            if state.commitments:
                self.c_table.selectRow(0)
        self._commitment_changed(self.c_table.currentIndex(), QModelIndex())
        self._update_actions()

    def current_commitment(self) -> cm.CommitmentRow | None:
        index = self.c_table.currentIndex()
        return (
            self.c_model.rows[index.row()]
            if index.isValid() and index.row() < len(self.c_model.rows)
            else None
        )

    def _commitment_changed(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.current_commitment()
        if row is None:
            self.history.setPlainText("")
        else:
            lines = []
            for e in cm.history(self.db, row.id):
                change = f"{e.status_before}→{e.status_after}" if e.status_before else e.status_after
                deadline = f"，期限 {e.deadline}" if e.action == "延期" and e.deadline else ""
                note = f"：{e.note}" if e.note else ""
                lines.append(f"{e.happened_on}  {e.action}（{change}{deadline}）{note}　— {e.recorded_by}")
            if row.note and row.status == cm.KEPT:
                lines.append(f"践诺情况：{row.note}")
            if row.photo:
                lines.append(f"践诺照片：{row.photo}（在数据目录的 photos 文件夹里）")
            self.history.setPlainText("\n".join(lines))
        self._update_actions()

    def _update_actions(self) -> None:
        row = self.current_commitment()
        state = self.current_state()
        open_ = row is not None and row.status in (cm.IN_PROGRESS, cm.POSTPONED)
        self.keep_button.setEnabled(row is not None and row.status != cm.KEPT)
        self.fail_button.setEnabled(open_)
        self.postpone_button.setEnabled(open_)
        self.reopen_button.setEnabled(row is not None and not open_)
        self.edit_button.setEnabled(row is not None)
        can_add = state is not None and state.member_status == "在册"
        for w in (self.content, self.save_button, self.kind_combo, self.template_combo):
            w.setEnabled(can_add)

    # --- entry -------------------------------------------------------------------------------------

    def next_kind(self) -> None:
        self.kind_combo.setCurrentIndex((self.kind_combo.currentIndex() + 1) % self.kind_combo.count())

    def _template_chosen(self, index: int) -> None:
        text = self.template_combo.itemData(index)
        if text:
            self.insert_template(str(text))
        self.template_combo.setCurrentIndex(0)

    def insert_template(self, text: str) -> None:
        current = self.content.toPlainText().strip()
        self.content.setPlainText(f"{current}；{text}" if current else text)
        cursor = self.content.textCursor()
        cursor.movePosition(cursor.MoveOperation.End)
        self.content.setTextCursor(cursor)
        self.content.setFocus()

    def save_entry(self) -> bool:
        state = self.current_state()
        if state is None:
            return False
        text = self.content.toPlainText()
        if not may_save_here(self, state.name):
            return False
        kind = self.kind_combo.currentText()
        draft = cm.CommitmentDraft(
            year=self.year,
            kind=kind,
            content=text,
            member_id=state.member_id,
            deadline=from_qdate(self.deadline.date()) if self.deadline_check.isChecked() else None,
            published_on=from_qdate(self.published.date()),
        )
        if self.attempt(lambda: cm.add_commitment(self.db, draft, today=self.today)) is None:
            self.content.setFocus()
            return False
        if settings.get(self.db, LAST_KIND_KEY, None) != kind:
            settings.put(self.db, LAST_KIND_KEY, kind)
        self.content.clear()
        # Chosen by id before reloading: with the 无承诺 filter the saved member drops out of the list.
        nxt = self.next_without_commitment(self.table.currentIndex().row())
        next_id = self.model.rows[nxt].member_id if nxt is not None else None
        if next_id == state.member_id:
            next_id = None
        self.reload(keep_member=next_id or state.member_id)
        after = self.current_state() if next_id else None
        moved = f"；接着写下一位没有承诺的：{after.name}" if after else ""
        self.tell(f"已为{state.name}保存承诺“{text.strip()[:20]}”{moved}")
        self.content.setFocus()
        return True

    # --- keeping -----------------------------------------------------------------------------------

    def _after_change(self, commitment_id: str) -> None:
        member = self.current_member_id()
        self.reload(keep_member=member)
        for i, r in enumerate(self.c_model.rows):
            if r.id == commitment_id:
                self.c_table.selectRow(i)
                break

    def keep_current(self) -> None:
        row = self.current_commitment()
        if row is None or row.status == cm.KEPT:
            return
        dialog = KeepDialog(row.content, self.today, self)
        if not dialog.exec():
            return
        on, note, photo = dialog.values()
        if self.attempt_ok(lambda: cm.keep(self.db, row.id, on, note, photo, today=self.today)):
            self._after_change(row.id)  # the points are a step of their own, on another page: say where
            self.tell(f"已登记兑现：{row.content[:20]}。积分：到“积分管理”页点“按承诺兑现记分”（不会重复记）")

    def fail_current(self) -> None:
        row = self.current_commitment()
        if row is None:
            return
        if not messages.confirm(self, f"把“{row.content}”登记为未兑现？", "登记未兑现"):
            return
        if self.attempt_ok(lambda: cm.fail(self.db, row.id, self.today)):
            self._after_change(row.id)

    def postpone_current(self) -> None:
        row = self.current_commitment()
        if row is None:
            return
        dialog = PostponeDialog(row.content, row.deadline, self.today, self)
        if not dialog.exec():
            return
        deadline, note = dialog.values()
        if self.attempt_ok(lambda: cm.postpone(self.db, row.id, deadline, note, today=self.today)):
            self._after_change(row.id)

    def edit_current(self) -> None:
        row = self.current_commitment()
        if row is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, "修改承诺内容", "承诺内容：", row.content)
        if not ok or text.strip() == row.content:
            return
        draft = cm.CommitmentDraft(
            year=row.year,
            kind=row.kind,
            content=text,
            deadline=row.deadline,
            published_on=row.published_on,
            objection_until=row.objection_until,
        )
        saved = save_or_refresh(
            self,
            lambda: cm.edit_commitment(self.db, row.id, draft, today=self.today, version=row.version),
            lambda: self._after_change(row.id),
            typed=text,
        )
        if saved is not None:
            self._after_change(row.id)

    def reopen_current(self) -> None:
        row = self.current_commitment()
        if row is None:
            return
        if not messages.confirm(self, f"撤销“{row.content}”的{row.status}登记，改回承诺中？", "撤销"):
            return
        if self.attempt_ok(lambda: cm.reopen(self.db, row.id, today=self.today)):
            self._after_change(row.id)
