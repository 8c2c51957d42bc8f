"""花名册 page: search as you type, filters, the member table, and the buttons to add, edit or record a leave."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services import organizations, roster
from app.services.store import Database
from ui.kit.empty import show_when_empty
from ui.kit.header import FindBox
from ui.kit.page import PAGE_MARGINS, Page
from ui.kit.records import fit_width
from ui.models.roster_model import COLUMN_KEYS, ID_ROLE, RosterFilter, RosterModel
from ui.pages.todo_panel import TodoPanel

# Measuring every row of 10,000 for resizeColumnsToContents takes seconds; a sample is enough.
_WIDTH_SAMPLE = 60
# Enough for every value the sample may miss: 4-character names (诸葛玉玥), long branch names.
_MIN_CHARS = {"name": 4, "branch": 5, "group": 5}
_MAX_WIDTH = {
    "branch": 160,
    "group": 140,
    "party_post": 120,
    "is_mobile": 150,
    "last_contact": 100,
    "grid": 110,
    "status": 150,
}
# Hidden in this order while the window is too narrow for all (a clerk needs 姓名, 性别, 人员类别, 所在党支部,
# 手机号码 and 状态 first); the header's right-click menu "显示的列" brings any back (ui/kit/columns.py).
_DROP_FIRST = (
    "id_number",
    "last_contact",
    "grid",
    "party_post",
    "joined_on",
    "is_mobile",
    "group",
    "birth_date",
    "party_age",
)
_STRETCH = "status"


class RosterTable(QTableView):
    """The member table; Enter opens the editor like a double-click does."""

    def __init__(self, on_open: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._on_open = on_open

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._on_open()
            return
        super().keyPressEvent(event)


class RosterPage(Page):
    title = "花名册"
    live_refresh = True  # another clerk's change reloads the rows, selection kept (ui/kit/live.py)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self._units: list[organizations.OrgUnit] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(8)

        header = QHBoxLayout()
        heading = self.heading("花名册")
        header.addWidget(heading)
        header.addSpacing(16)
        self.toolbar = QHBoxLayout()
        self.toolbar.setSpacing(6)
        header.addLayout(self.toolbar)
        header.addStretch(1)
        self.todo = TodoPanel(
            self, toggle_here=False
        )  # 待办 (ui/pages/todo_panel.py): its switch in this row, its list below
        header.addWidget(self.todo.toggle)
        header.addSpacing(12)
        self.count_label = QLabel("共 0 人")
        self.count_label.setStyleSheet("font-size: 14px; color: #444;")
        header.addWidget(self.count_label)
        layout.addLayout(header)

        self.add_button = self.add_tool_button("新增党员", self.add_member)
        self.edit_button = self.add_tool_button("编辑", self.edit_current)
        self.leave_button = self.add_tool_button("离开（转出…）", self.leave_current)
        # The wizard (ui/dialogs/import_wizard.py) and the Excel services are imported on the first click.
        self.import_button = self.add_tool_button("导入Excel…", self.import_excel)
        self.export_button = self.add_tool_button("导出Excel…", self.export_excel)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        self.search = FindBox("姓名、拼音首字母（如 wb）、身份证或手机尾号")
        self.search.setToolTip("姓名、拼音首字母（如 wb）、全拼、身份证或手机号的尾号")
        self.search.setMinimumWidth(200)  # the filters beside it keep their full text at 150 %
        filters.addWidget(self.search, 2)
        self.branch_combo = QComboBox()
        self.group_combo = QComboBox()
        self.category_combo = QComboBox()
        self.category_combo.addItem("全部类别", "")
        self.category_combo.addItem("正式党员", "正式党员")
        self.category_combo.addItem("预备党员", "预备党员")
        self.status_combo = QComboBox()
        self.status_combo.addItem("在册", False)
        self.status_combo.addItem("含已离开", True)
        self.mobile_combo = QComboBox()
        self.mobile_combo.addItem("流动与否不限", None)
        self.mobile_combo.addItem("流动党员", True)
        self.mobile_combo.addItem("非流动党员", False)
        for combo in (
            self.branch_combo,
            self.group_combo,
            self.category_combo,
            self.status_combo,
            self.mobile_combo,
        ):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(6)  # room for "全部支部" and its arrow at 125 %/150 % too
            filters.addWidget(combo)
        for combo in (self.category_combo, self.status_combo, self.mobile_combo):
            # Fixed wording, never cut when the row is short (150 %): the branch and 党小组 lists give way first.
            combo.setMinimumWidth(combo.sizeHint().width())
        filters.addStretch(1)
        layout.addLayout(filters)

        self.model = RosterModel(self)
        self.table = RosterTable(self.edit_current)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # No sort column at first: the services' order (branch, then pinyin) is the roster's natural one.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setHighlightSections(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setStyleSheet(
            "QHeaderView::section { background: #f4ecec; padding: 4px 6px; border: none;"
            " border-right: 1px solid #e2d4d4; border-bottom: 1px solid #d8c4c4; font-weight: bold; }"
        )
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform heights: no per-row measuring
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vertical.setVisible(False)
        self._widths_set = False
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        layout.addWidget(self.todo)
        layout.addWidget(self.table, 1)

        self.search.textChanged.connect(self._apply_filter)
        self.search.returnPressed.connect(self._open_single_match)
        self.empty_hint = show_when_empty(self.table, self._empty_text)
        self.branch_combo.currentIndexChanged.connect(self._branch_changed)
        for combo in (self.group_combo, self.category_combo, self.status_combo, self.mobile_combo):
            combo.currentIndexChanged.connect(self._apply_filter)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _empty_text(self) -> str:
        if not self.model.visible_rows() and not self.model.has_members():
            return "还没有党员：点“新增党员”逐个录入，或点“导入Excel…”导入已有的花名册"
        if self.search.text().strip():
            return (
                f"没有找到“{self.search.text().strip()}”：换个写法试试（姓名、拼音首字母、身份证或手机尾号）"
            )
        return "没有符合筛选条件的党员：把上面的筛选改回“全部”试试"

    def _open_single_match(self) -> None:
        """找人 + Enter: one match opens it; several go to the first; none says 没有找到 (over the table)."""
        rows = self.model.rowCount()
        if rows == 0:
            return
        self.table.selectRow(0)
        self.table.setFocus()
        if rows == 1:
            self.edit_current()

    # --- for other areas ------------------------------------------------------------------------

    def add_tool_button(self, text: str, slot: Callable[[], object]) -> QPushButton:
        """One line for another area (Excel import/export…) to put its button in the roster toolbar."""
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())
        self.toolbar.addWidget(button)
        return button

    def current_member_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        value = self.model.data(self.model.index(index.row(), 0), ID_ROLE)
        return str(value) if value else None

    def visible_members(self) -> list[roster.MemberRow]:
        """What the clerk currently sees (filtered and sorted), e.g. for exporting it."""
        return self.model.visible_rows()

    # --- loading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.current_member_id()
        from app.services.accounts import visible_units

        self._units = visible_units(self.db)  # an account with a unit: its own subtree
        self._fill_branch_combo()
        self.model.set_rows(roster.list_members(self.db, status="all"))
        self._apply_filter()
        if selected:
            self.select_member(selected)
        QTimer.singleShot(0, self.model.prepare_search)  # after the first paint, before the first keystroke

    def _fill_branch_combo(self) -> None:
        current = self.branch_combo.currentData()
        self.branch_combo.blockSignals(True)
        self.branch_combo.clear()
        if not self._units or self._units[0].parent_id is None:  # the whole tree (else the account's subtree)
            self.branch_combo.addItem("全部支部", None)
        for u in self._units:
            if u.kind != "党小组" and u.parent_id is not None:
                self.branch_combo.addItem("　" * max(u.depth - 1, 0) + u.name, u.id)
        found = self.branch_combo.findData(current) if current else 0
        self.branch_combo.setCurrentIndex(max(found, 0))
        self.branch_combo.blockSignals(False)
        self._fill_group_combo()

    def _fill_group_combo(self) -> None:
        current = self.group_combo.currentData()
        branch_id = self.branch_combo.currentData()
        below = self._unit_and_below(branch_id) if branch_id else None
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        self.group_combo.addItem("全部党小组", None)
        for u in self._units:
            if u.kind == "党小组" and (below is None or u.id in below):
                self.group_combo.addItem(u.name, u.id)
        found = self.group_combo.findData(current) if current else 0
        self.group_combo.setCurrentIndex(max(found, 0))
        self.group_combo.blockSignals(False)

    def _unit_and_below(self, unit_id: str) -> frozenset[str]:
        ids = {unit_id}
        for u in self._units:  # tree order: parents come before their children
            if u.parent_id in ids:
                ids.add(u.id)
        return frozenset(ids)

    def _branch_changed(self) -> None:
        self._fill_group_combo()
        self._apply_filter()

    def _apply_filter(self) -> None:
        selected = self.current_member_id()
        branch_id = self.branch_combo.currentData()
        self.model.set_filter(
            RosterFilter(
                query=self.search.text(),
                unit_ids=self._unit_and_below(branch_id) if branch_id else None,
                group_id=self.group_combo.currentData(),
                category=self.category_combo.currentData() or "",
                include_left=bool(self.status_combo.currentData()),
                mobile=self.mobile_combo.currentData(),
            )
        )
        shown = self.model.rowCount()
        if not self._widths_set and shown:
            self._set_column_widths()
        self.count_label.setText(f"共 {shown} 人")
        if selected:
            self.select_member(selected)
        self._update_buttons()

    def _set_column_widths(self) -> None:
        """Fit columns to the header and a sample of rows, once, so widths don't jump while searching."""
        metrics = self.table.fontMetrics()
        header_metrics = self.table.horizontalHeader().fontMetrics()
        rows = min(self.model.rowCount(), _WIDTH_SAMPLE)
        for column, key in enumerate(COLUMN_KEYS):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            width = header_metrics.horizontalAdvance(title) + 24  # bold header text and the sort arrow
            width = max(width, metrics.horizontalAdvance("中") * _MIN_CHARS.get(key, 0) + 16)
            for row in range(rows):
                text = self.model.data(self.model.index(row, column))
                width = max(width, metrics.horizontalAdvance(str(text or "")) + 16)
            self.table.setColumnWidth(column, min(width, _MAX_WIDTH.get(key, 400)))
        self._widths_set = rows > 0
        if self._widths_set:  # fits the width: lesser columns give way on a narrow window (never sideways)
            drop = [COLUMN_KEYS.index(k) for k in _DROP_FIRST]
            fit_width(self.table, COLUMN_KEYS.index(_STRETCH), drop=drop, min_chars=5)

    def select_member(self, member_id: str) -> bool:
        row = self.model.row_of(member_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _update_buttons(self) -> None:
        member_id = self.current_member_id()
        self.edit_button.setEnabled(member_id is not None)
        row = self.table.currentIndex().row()
        active = member_id is not None and self.model.row_at(row).status == roster.ACTIVE
        self.leave_button.setEnabled(active)

    # --- actions --------------------------------------------------------------------------------

    def add_member(self) -> None:
        from ui.dialogs.member_editor import MemberEditor

        editor = MemberEditor(self.db, None, self)
        branch_id = self.branch_combo.currentData()
        if branch_id:  # adding while looking at one branch: most likely a member of that branch
            editor.branch_combo.setCurrentIndex(editor.branch_combo.findData(branch_id))
        if editor.exec() and editor.member_id:
            self.refresh()
            self.select_member(editor.member_id)

    def edit_current(self) -> None:
        from ui.dialogs.member_editor import MemberEditor

        member_id = self.current_member_id()
        if member_id is None:
            return
        editor = MemberEditor(self.db, member_id, self)
        editor.exec()
        if editor.changed:
            self.refresh()

    def import_excel(self) -> None:
        from ui.dialogs.import_wizard import run_import_wizard

        if run_import_wizard(self, self.db):
            self.refresh()

    def export_excel(self) -> None:
        from ui.dialogs.import_wizard import run_export_dialog

        run_export_dialog(self, self.db)

    def leave_current(self) -> None:
        from ui.dialogs.leave_dialog import LeaveDialog

        member_id = self.current_member_id()
        if member_id is None:
            return
        detail = self.attempt(lambda: roster.get_member(self.db, member_id))
        if detail is None:
            return
        name = detail.draft.name
        dialog = LeaveDialog(self.db, member_id, name, self)
        if dialog.exec():
            self.refresh()
