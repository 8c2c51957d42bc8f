"""组织与网格 page: the organisation tree (党总支 → 党支部 → 党小组) with member counts, and the grids."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.services import accounts, organizations, versions
from app.services.organizations import GridRow, OrgUnit
from app.services.store import Database
from ui import messages
from ui.kit.empty import show_when_empty
from ui.kit.guard import EditGuard, GuardedDialog
from ui.kit.page import PAGE_MARGINS, Page
from ui.kit.stale import save_or_refresh
from ui.pages.organization_people import open_people
from ui.screen_fit import resize_to_fit

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class GridDialog(GuardedDialog):
    """Add or edit one 网格."""

    def __init__(self, db: Database, grid: GridRow | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.grid = grid
        self.grid_id: str | None = grid.id if grid else None
        self.setWindowTitle("编辑网格" if grid else "新增网格")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(grid.name if grid else "")
        self.name.setPlaceholderText("如 第一网格")
        self.households = QSpinBox()
        self.households.setRange(0, 100000)
        self.households.setSuffix(" 户")
        self.households.setValue(grid.households if grid else 0)
        self.responsible = QLineEdit(grid.responsible if grid else "")
        self.responsible.setPlaceholderText("网格负责人姓名")
        self.note = QLineEdit(grid.note if grid else "")
        form.addRow("网格名称", self.name)
        form.addRow("户数", self.households)
        form.addRow("负责人", self.responsible)
        form.addRow("备注", self.note)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.guard = EditGuard(self, self.ok, self.error, self._why_not)
        self.guard.watch(self.name, self.households, self.responsible, self.note).recheck()
        resize_to_fit(self, 360, 220)

    def _why_not(self) -> str:
        return "" if self.name.text().strip() else "请填写网格名称"

    def submit(self) -> None:
        try:
            self.grid_id = organizations.save_grid(
                self.db,
                self.grid_id,
                self.name.text(),
                self.households.value(),
                self.responsible.text(),
                self.note.text(),
            )
        except UserError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return
        self.accept()


class OrganizationPage(Page):
    title = "组织与网格"
    live_refresh = True  # another clerk's change reloads the tree, selection kept (ui/kit/live.py)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self._units: list[OrgUnit] = []
        self._grids: list[GridRow] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.setSpacing(10)  # two halves side by side still fit at 150 %

        left = QVBoxLayout()
        heading = self.heading("组织")
        org_heading = (
            QHBoxLayout()
        )  # 1+N beside the heading, as the people button beside 网格: rows stay narrow
        org_heading.addWidget(heading)
        org_heading.addStretch(1)
        self.work_units_button = self._button(org_heading, "1+N 所在单位…", self.open_work_units)
        self.work_units_button.setToolTip(
            "党员的所在单位（企业、商铺），和有 3 名以上正式党员、该成立组织的单位"
        )
        left.addLayout(org_heading)
        self.tree = QTreeWidget()
        show_when_empty(self.tree, "还没有组织：到“文件 → 设置…”填写组织名称")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["名称", "类别", "在册党员"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        left.addWidget(self.tree, 1)
        unit_buttons = QHBoxLayout()
        self.add_branch_button = self._button(unit_buttons, "新增支部…", self.add_branch)
        self.add_branch_button.setToolTip("党支部、区域综合党支部或流动党员服务站")
        self.add_group_button = self._button(unit_buttons, "新增党小组", self.add_group)
        self.rename_button = self._button(unit_buttons, "改名", self.rename_unit)
        self.move_button = self._button(unit_buttons, "移到…", self.move_unit)
        self.delete_unit_button = self._button(unit_buttons, "删除", self.delete_unit)
        unit_buttons.addStretch(1)
        left.addLayout(unit_buttons)
        hint = QLabel(
            "党支部建在党总支（或党委）下，党小组建在党支部下。有党员的组织不能删除。"
            "区域综合党支部、流动党员服务站也是支部一级，外来党员可以参加它们的组织生活；"
            "双击支部的“类别”可以改类别。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #666;")
        left.addWidget(hint)
        layout.addLayout(left, 1)

        right = QVBoxLayout()
        grid_heading = self.heading("网格")
        heading_row = (
            QHBoxLayout()
        )  # the people button beside the heading: the button row stays narrow at 150 %
        heading_row.addWidget(grid_heading)
        heading_row.addStretch(1)
        self._button(heading_row, "人员与网格层级…", lambda: open_people(self.db, self))
        right.addLayout(heading_row)
        self.grid_table = QTableWidget(0, 4)
        show_when_empty(self.grid_table, "还没有网格：点下面的“新增网格”，写上网格名称、户数和负责人")
        self.grid_table.setHorizontalHeaderLabels(["网格名称", "户数", "负责人", "在册党员"])
        self.grid_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid_table.setAlternatingRowColors(True)
        self.grid_table.verticalHeader().setVisible(False)
        self.grid_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        grid_header = self.grid_table.horizontalHeader()
        grid_header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        grid_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            grid_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.grid_table.doubleClicked.connect(lambda _i: self.edit_grid())
        right.addWidget(self.grid_table, 1)
        grid_buttons = QHBoxLayout()
        self._button(grid_buttons, "新增网格", self.add_grid)
        self.edit_grid_button = self._button(grid_buttons, "编辑", self.edit_grid)
        self.delete_grid_button = self._button(grid_buttons, "删除", self.delete_grid)
        grid_buttons.addStretch(1)
        right.addLayout(grid_buttons)
        layout.addLayout(right, 1)

        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda _item, column: self.change_kind() if column == 1 else None)
        self.grid_table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _button(self, row: QHBoxLayout, text: str, slot: object) -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        row.addWidget(button)
        return button

    # --- loading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.current_unit()
        selected_id = selected.id if selected else None
        every = organizations.units(self.db)
        scope = accounts.visible_unit_ids(self.db)  # None: the whole tree (管理员, no accounts)
        mine = {u.id for u in every} if scope is None else set(scope)
        # An account limited to a unit sees its subtree, under the path above it as grey context (where the
        # branch sits); those units are not selectable and show no counts: they are not the clerk's to manage.
        by_id = {u.id: u for u in every}
        context: set[str] = set()
        for unit_id in mine:
            above = by_id[unit_id].parent_id if unit_id in by_id else None
            while above and above not in mine and above not in context:
                context.add(above)
                above = by_id[above].parent_id if above in by_id else None
        self._units = [u for u in every if u.id in mine]
        self.tree.clear()
        items: dict[str, QTreeWidgetItem] = {}
        totals = self._totals()
        for u in every:
            if u.id not in mine and u.id not in context:
                continue
            parent = items.get(u.parent_id or "")
            item = QTreeWidgetItem([u.name, u.kind, str(totals[u.id]) if u.id in mine else ""])
            item.setData(0, ID_ROLE, u.id)
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if u.id in context:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown, not selectable
                for column in range(3):
                    item.setForeground(column, QBrush(QColor("#999")))
                item.setToolTip(0, "上级组织：不在您的管理范围内，只为看清所在位置")
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            items[u.id] = item
        self.tree.expandAll()
        if selected_id and selected_id in items:
            self.tree.setCurrentItem(items[selected_id])
        self._fill_grids()
        self._update_buttons()

    def _totals(self) -> dict[str, int]:
        """Members of a unit and everything below it. A 党小组's members are already in its 党支部's count."""
        totals = {u.id: u.active_members for u in self._units}
        for u in reversed(self._units):  # children come after their parents in tree order
            if u.parent_id and u.kind != "党小组":
                totals[u.parent_id] = totals.get(u.parent_id, 0) + totals[u.id]
        return totals

    def _fill_grids(self) -> None:
        selected = self.current_grid()
        self._grids = organizations.grids(self.db)
        self.grid_table.setRowCount(len(self._grids))
        for row, g in enumerate(self._grids):
            cells = [g.name, str(g.households), g.responsible, str(g.active_members)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (1, 3):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setData(ID_ROLE, g.id)
                self.grid_table.setItem(row, column, item)
            if selected and g.id == selected.id:
                self.grid_table.selectRow(row)

    def current_unit(self) -> OrgUnit | None:
        item = self.tree.currentItem()
        if item is None or not item.isSelected():
            return None
        unit_id = item.data(0, ID_ROLE)
        return next((u for u in self._units if u.id == unit_id), None)

    def current_grid(self) -> GridRow | None:
        rows = self.grid_table.selectionModel().selectedRows() if self.grid_table.selectionModel() else []
        if not rows:
            return None
        row = rows[0].row()
        return self._grids[row] if 0 <= row < len(self._grids) else None

    def select_unit(self, unit_id: str) -> None:
        for item in self._all_items():
            if item.data(0, ID_ROLE) == unit_id:
                self.tree.setCurrentItem(item)
                return

    def _all_items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        stack = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while stack:
            item = stack.pop()
            if item is None:
                continue
            out.append(item)
            stack.extend(item.child(i) for i in range(item.childCount()))
        return out

    def _update_buttons(self) -> None:
        unit = self.current_unit()
        self.add_group_button.setEnabled(
            unit is not None and unit.kind in (*organizations.BRANCH_KINDS, "党总支")
        )
        is_child = unit is not None and unit.parent_id is not None
        self.rename_button.setEnabled(unit is not None)
        self.move_button.setEnabled(is_child)
        self.delete_unit_button.setEnabled(is_child)
        grid = self.current_grid()
        self.edit_grid_button.setEnabled(grid is not None)
        self.delete_grid_button.setEnabled(grid is not None)

    def _changed(self) -> None:
        self.refresh()
        window = self.window()
        update_title = getattr(window, "update_title", None)
        if callable(update_title):
            update_title()

    # --- units ----------------------------------------------------------------------------------

    def _ask_name(self, title: str, label: str, text: str = "") -> str | None:
        name, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return name if ok else None

    def _add_named(self, title: str, label: str, add: Callable[[str], str]) -> None:
        """Ask for a new unit's name and add it; a refusal (empty, a name taken) is shown and the name asked
        again with what was typed, until the unit is added or the clerk cancels."""
        created: list[str] = []
        text = ""
        while (name := self._ask_name(title, label, text)) is not None:
            if self._run(partial(self._append_added, created, add, name)):
                self.select_unit(created[0])
                return
            text = name

    @staticmethod
    def _append_added(created: list[str], add: Callable[[str], str], name: str) -> None:
        created.append(add(name))

    def _run(self, action: Callable[[], object]) -> bool:
        """Run a service call; a refusal is shown in Chinese and nothing else happens."""
        if not self.attempt_ok(action):
            return False
        self._changed()
        return True

    def _branch_parent(self) -> OrgUnit | None:
        """Where a new 党支部 goes: the selected 党总支/党委, else the one above the selection, else the top."""
        unit = self.current_unit()
        by_id = {u.id: u for u in self._units}
        while unit is not None and unit.kind not in ("党总支", "党委"):
            unit = by_id.get(unit.parent_id or "")
        if unit is None and self._units:
            top = self._units[0]
            return top if top.kind != "党支部" else None
        return unit

    def add_branch(self) -> None:
        parent = self._branch_parent()
        if parent is None:
            top = self._units[0].name if self._units else "最上级组织"  # the account's own unit when limited
            messages.warn(self, f"“{top}”是党支部，下面不能再建党支部；可以建党小组")
            return
        kind, ok = QInputDialog.getItem(
            self, "新增支部", f"在“{parent.name}”下新建：", list(organizations.BRANCH_KINDS), 0, False
        )
        if not ok:
            return
        self._add_named(
            f"新增{kind}",
            f"在“{parent.name}”下新建{kind}，名称：",
            lambda name: organizations.add_unit(self.db, parent.id, name, kind),
        )

    def change_kind(self) -> None:
        """支部一级的组织 (党支部, 区域综合党支部, 流动党员服务站) changes kind: double-click its 类别."""
        unit = self.current_unit()
        if unit is None or unit.kind not in organizations.BRANCH_KINDS:
            return
        kinds = list(organizations.BRANCH_KINDS)
        kind, ok = QInputDialog.getItem(
            self, "组织类别", f"“{unit.name}”的类别：", kinds, max(0, kinds.index(unit.kind)), False
        )
        if (
            ok
            and kind != unit.kind
            and self._run(lambda: organizations.set_unit_kind(self.db, unit.id, kind))
        ):
            self.select_unit(unit.id)

    def open_work_units(self) -> None:
        from ui.dialogs.recognition_settings import WorkUnitsDialog

        WorkUnitsDialog(self.db, self).exec()

    def add_group(self) -> None:
        unit = self.current_unit()
        if unit is None:
            messages.warn(self, "请先在左边选中一个党支部")
            return
        self._add_named(
            "新增党小组",
            f"在“{unit.name}”下新建党小组，名称：",
            lambda name: organizations.add_unit(self.db, unit.id, name, "党小组"),
        )

    def rename_unit(self) -> None:
        unit = self.current_unit()
        if unit is None:
            return
        version = versions.loaded(self.db, "organization", unit.id)
        name = self._ask_name("改名", f"“{unit.name}”的新名称：", unit.name)
        if name is None or name.strip() == unit.name:
            return

        def rename() -> bool:
            organizations.rename_unit(self.db, unit.id, name, version)
            return True

        if save_or_refresh(self, rename, self._changed, name):
            self._changed()

    def move_unit(self) -> None:
        unit = self.current_unit()
        if unit is None or unit.parent_id is None:
            return
        below = {unit.id}
        for u in self._units:
            if u.parent_id in below:
                below.add(u.id)
        choices = [
            u for u in self._units if u.kind != "党小组" and u.id not in below and u.id != unit.parent_id
        ]
        if not choices:
            messages.info(self, "没有可以移去的上级组织")
            return
        labels = ["　" * u.depth + u.name for u in choices]
        picked, ok = QInputDialog.getItem(self, "移到…", f"把“{unit.name}”移到哪个组织下：", labels, 0, False)
        if not ok:
            return
        target = choices[labels.index(picked)]
        self._run(lambda: organizations.move_unit(self.db, unit.id, target.id))

    def delete_unit(self) -> None:
        unit = self.current_unit()
        if unit is None:
            return
        if not messages.confirm(self, f"删除“{unit.name}”？", "删除"):
            return
        self._run(lambda: organizations.delete_unit(self.db, unit.id))

    # --- grids ----------------------------------------------------------------------------------

    def add_grid(self) -> None:
        if GridDialog(self.db, None, self).exec():
            self._changed()

    def edit_grid(self) -> None:
        grid = self.current_grid()
        if grid is not None and GridDialog(self.db, grid, self).exec():
            self._changed()

    def delete_grid(self) -> None:
        grid = self.current_grid()
        if grid is None:
            return
        if not messages.confirm(self, f"删除网格“{grid.name}”？", "删除"):
            return
        self._run(lambda: organizations.delete_grid(self.db, grid.id))
