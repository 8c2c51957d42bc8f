"""Roster import wizard (choose file → sheet, header and columns → preview → import) and the export dialog.

Nothing is written before the last step; the import itself is one transaction (app.services.roster_excel).
Reading and planning run off the GUI thread with a progress dialog (ui.workers.run_with_progress).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.services import organizations, roster_excel
from app.services.store import Database
from ui import messages
from ui.screen_fit import resize_to_fit
from ui.workers import JobFailed, run_with_progress

XLSX_FILTER = "表格 (*.xlsx *.xls *.ods);;所有文件 (*)"
SENSITIVE = "⚠ 导出的文件含公民身份号码、手机号码等个人信息，属敏感资料，请妥善保管，不要随意转发。"
STATUS_COLOURS = {
    roster_excel.NEW: "#e3f4e1",
    roster_excel.UPDATE: "#e2ecfa",
    roster_excel.SKIP: "#eeeeee",
    roster_excel.ERROR: "#fbe0dc",
}
Index = QModelIndex | QPersistentModelIndex


class PreviewModel(QAbstractTableModel):
    """The planned rows: Excel row number, 状态, 姓名, 公民身份号码, what happens and why."""

    HEADERS = ("行号", "状态", "姓名", "公民身份号码", "说明")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[roster_excel.PlannedRow] = []

    def set_rows(self, rows: list[roster_excel.PlannedRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> roster_excel.PlannedRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's names
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return str(r.row)
            if col == 1:
                return "无变化" if r.unchanged else r.status
            if col == 2:
                return r.name
            if col == 3:
                return r.id_number
            if col == 4:
                return r.reason_text or ("将新增" if r.status == roster_excel.NEW else "")
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == 4:
            return r.reason_text or None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(STATUS_COLOURS.get(r.status, "#ffffff")))
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and r.status == roster_excel.ERROR:
            return QBrush(QColor("#b00020"))
        return None


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("第一步：选择花名册文件")
        self.setSubTitle(
            "Excel 和 WPS 保存的表格都可以：.xlsx、旧版 .xls、.ods。表头上面的标题、表格下面的合计和签名会自动跳过。"
        )
        layout = QHBoxLayout(self)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("点击“选择文件…”")
        self.path_edit.textChanged.connect(self.completeChanged)
        browse = QPushButton("选择文件…")
        browse.clicked.connect(self.browse)
        layout.addWidget(self.path_edit, 1)
        layout.addWidget(browse)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择花名册", "", XLSX_FILTER)
        if path:
            self.path_edit.setText(path)

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.path_edit.text().strip())

    def validatePage(self) -> bool:  # noqa: N802
        return self.w.load(Path(self.path_edit.text().strip()))


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("第二步：确认工作表、表头和各列的含义")
        self.setSubTitle("程序已按列名自动识别；如有认错的列，请在右侧下拉框中改正。")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.sheet_combo = QComboBox()
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, roster_excel.HEADER_SEARCH_ROWS + 10)
        reread = QPushButton("按此重新读取")
        reread.clicked.connect(self.reread)
        row = QHBoxLayout()
        row.addWidget(self.header_spin)
        row.addWidget(reread)
        row.addStretch(1)
        form.addRow("工作表：", self.sheet_combo)
        form.addRow("表头在第几行：", row)
        # A sheet without 所在党支部 (人才中心 exports) goes into the branch chosen here (`roster import --branch`).
        self.branch_combo = QComboBox()
        self.branch_combo.addItem("（按表中的“所在党支部”列）", None)
        from app.services.accounts import visible_branches

        for unit in visible_branches(wizard.db):  # an account with a unit: its own subtree
            self.branch_combo.addItem(unit.name, unit.name)
        form.addRow("没填党支部的行导入到：", self.branch_combo)
        layout.addLayout(form)
        self.info = QLabel()
        self.info.setWordWrap(True)
        layout.addWidget(self.info)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["表中的列名", "第一行数据", "导入为"])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table, 1)
        self.combos: list[QComboBox] = []
        self.sheet_combo.activated.connect(lambda _i: self.reread(auto_header=True))

    def show_table(self) -> None:
        table = self.w.table
        assert table is not None
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(table.sheet_names)
        self.sheet_combo.setCurrentText(table.sheet)
        self.sheet_combo.blockSignals(False)
        self.header_spin.setValue(table.header_start or table.header_row)
        mapping, unknown, notes = roster_excel.suggest_mapping(table)
        first = next((vals for _n, vals in table.rows if any(not roster_excel.is_blank(v) for v in vals)), [])
        self.table.setRowCount(0)
        self.combos = []
        for i, header in enumerate(table.headers):
            if not header:
                continue
            r = self.table.rowCount()
            self.table.insertRow(r)
            self.table.setItem(r, 0, QTableWidgetItem(" ".join(header.split())))  # "身份证号\n（必填）"
            sample = roster_excel.cell_text(first[i]) if i < len(first) else ""
            self.table.setItem(r, 1, QTableWidgetItem(sample))
            combo = QComboBox()
            combo.addItem("（不导入）", None)
            for key in roster_excel.MAPPABLE_FIELDS:
                combo.addItem(roster_excel.field_label(key), key)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(i))))
            combo.setProperty("column", i)
            self.table.setCellWidget(r, 2, combo)
            self.combos.append(combo)
        where = (
            f"第 {table.header_start}–{table.header_row} 行"
            if table.header_start
            else f"第 {table.header_row} 行"
        )
        text = f"表头在{where}，共 {sum(1 for _ in table.rows)} 行在表头之下。"
        if table.title:
            text = f"标题：{table.title[:60]}。" + text
        if unknown:
            text += " 不认识的列（不导入，可在右侧改选）：" + "、".join(unknown)
        for note in notes:
            text += f"\n注意：{note.message}"
        if not any(key == "branch" for key in mapping.values()):
            text += "\n这张表没有“所在党支部”列：请在上面选择这些党员所在的党支部。"
        self.info.setText(text)

    def mapping(self) -> dict[int, str | None]:
        table = self.w.table
        assert table is not None
        out: dict[int, str | None] = dict.fromkeys(range(len(table.headers)))
        for combo in self.combos:
            out[int(combo.property("column"))] = combo.currentData()
        return out

    def reread(self, auto_header: bool = False) -> None:
        header = None if auto_header else self.header_spin.value()
        if self.w.path is not None:
            self.w.load(self.w.path, self.sheet_combo.currentText(), header)

    def validatePage(self) -> bool:  # noqa: N802
        return self.w.make_plan(self.mapping(), self.branch_combo.currentData())


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("第三步：预览（还没有写入任何数据）")
        self.setSubTitle("每一行标明 新增 / 更新 / 跳过 / 错误 及原因；把鼠标停在“说明”上可看全文。")
        layout = QVBoxLayout(self)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)
        self.model = PreviewModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(False)
        layout.addWidget(self.view, 1)
        # The reasons can be long: the selected row's full text shows here.
        self.detail = QLabel("点选一行，可在这里看完整说明。")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(self.fontMetrics().height() * 3)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setStyleSheet("background: #fafafa; border: 1px solid #ddd; padding: 4px;")
        layout.addWidget(self.detail)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        bottom = QHBoxLayout()
        self.only_valid = QCheckBox("只导入没有错误的行")
        self.only_valid.toggled.connect(self._toggled)
        self.save_errors = QPushButton("保存错误行…")
        self.save_errors.clicked.connect(self.save_error_rows)
        bottom.addWidget(self.only_valid)
        bottom.addStretch(1)
        bottom.addWidget(self.save_errors)
        layout.addLayout(bottom)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #b00020;")
        layout.addWidget(self.hint)

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        r = self.model.row_at(current.row())
        who = f"（{r.name}）" if r.name else ""
        status = "无变化" if r.unchanged else r.status
        self.detail.setText(f"第 {r.row} 行{who}：{status}。{r.reason_text}")

    def initializePage(self) -> None:  # noqa: N802
        plan = self.w.plan
        assert plan is not None
        self.model.set_rows(plan.rows)
        for col, width in ((0, 50), (1, 70), (2, 90), (3, 170)):
            self.view.setColumnWidth(col, width)
        unchanged = sum(1 for r in plan.rows if r.unchanged)
        skipped = plan.count(roster_excel.SKIP) - unchanged
        text = (
            f"新增 {plan.count(roster_excel.NEW)} 人，更新 {plan.count(roster_excel.UPDATE)} 人，"
            f"无变化 {unchanged} 人，跳过 {skipped} 行，错误 {plan.count(roster_excel.ERROR)} 行。"
        )
        if plan.branches_created:
            text += " 将在最上级组织下新建党支部：" + "、".join(plan.branches_created) + "。"
        if plan.unknown_columns:
            text += " 不导入的列：" + "、".join(plan.unknown_columns) + "。"
        self.counts.setText(text)
        errors = plan.has_errors
        self.only_valid.setChecked(False)
        self.only_valid.setVisible(errors)
        self.save_errors.setEnabled(errors)
        self._toggled()

    def _toggled(self) -> None:
        plan = self.w.plan
        errors = plan is not None and plan.has_errors
        if errors and not self.only_valid.isChecked():
            self.hint.setText(
                "有错误的行：整个文件都不会导入。请改正后重新导入（可“保存错误行…”改好再导入），"
                "或勾选“只导入没有错误的行”。"
            )
            self.wizard().setButtonText(QWizard.WizardButton.FinishButton, "导入全部（有错误时不导入）")
        else:
            nothing = plan is not None and plan.count(roster_excel.NEW) + plan.count(roster_excel.UPDATE) == 0
            self.hint.setText("文件中没有需要新增或更新的党员，花名册已与它一致。" if nothing else "")
            self.wizard().setButtonText(
                QWizard.WizardButton.FinishButton, "只导入没有错误的行" if errors else "导入全部"
            )
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        plan = self.w.plan
        if plan is None:
            return False
        if plan.has_errors and not self.only_valid.isChecked():
            return False
        return plan.count(roster_excel.NEW) + plan.count(roster_excel.UPDATE) > 0

    def save_error_rows(self) -> None:
        plan = self.w.plan
        if plan is None:
            return
        suggested = str(plan.path.with_name(plan.path.stem + "-错误行.xlsx"))
        path, _ = QFileDialog.getSaveFileName(self, "保存错误行", suggested, XLSX_FILTER)
        if path:
            self.w.save_errors_to(Path(path))

    def validatePage(self) -> bool:  # noqa: N802
        return self.w.apply(self.only_valid.isChecked())


class ImportWizard(QWizard):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.path: Path | None = None
        self.table: roster_excel.Table | None = None
        self.plan: roster_excel.ImportPlan | None = None
        self.import_result: roster_excel.ImportResult | None = None
        self.setWindowTitle("从 Excel 导入花名册")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步 >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 上一步")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")
        # The longest text it will carry, so that changing it later does not change the window's limits.
        self.setButtonText(QWizard.WizardButton.FinishButton, "导入全部（有错误时不导入）")
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page):
            # The same minimum for every page: the window does not change its size limits between steps.
            page.setMinimumSize(700, 300)  # fits a 1366×768 screen at 150 % with the wizard's own rows
            self.addPage(page)
        resize_to_fit(self, 980, 640)

    def reject(self) -> None:
        """取消, Esc or closing the window once a file is read and mapped: ask before throwing the work away."""
        if self.table is not None and self.import_result is None and not messages.ask_discard(self):
            return
        super().reject()

    def load(self, path: Path, sheet: str | None = None, header_row: int | None = None) -> bool:
        def job(progress: Any, _cancelled: Any) -> roster_excel.Table:
            return roster_excel.read_table(path, sheet, header_row, progress=progress)

        try:
            table = run_with_progress(self, "正在读取表格…", job)
        except JobFailed as exc:
            messages.warn(
                self, str(exc) if exc.user_error else "读取表格时出现意外错误，详细信息已记录在日志中。"
            )
            return False
        self.path, self.table = path, table
        self.mapping_page.show_table()
        return True

    def make_plan(self, mapping: dict[int, str | None], branch: str | None = None) -> bool:
        table = self.table
        assert table is not None

        def job(progress: Any, _cancelled: Any) -> roster_excel.ImportPlan:
            return roster_excel.plan_table(self.db, table, mapping, progress=progress, branch=branch)

        try:
            self.plan = run_with_progress(self, "正在逐行检查…", job)
        except JobFailed as exc:
            messages.warn(
                self, str(exc) if exc.user_error else "检查时出现意外错误，详细信息已记录在日志中。"
            )
            return False
        return True

    def save_errors_to(self, path: Path) -> None:
        assert self.plan is not None
        try:
            n = roster_excel.save_error_rows(self.plan, path)
        except Exception as exc:  # a file that cannot be written: say so, don't crash the wizard
            messages.warn(self, f"没有保存：{exc}")
            return
        messages.info(
            self, f"已把 {n} 行错误（原样 + “错误原因”列）保存到：\n{path}\n改好后可以重新导入这个文件。"
        )

    def apply(self, skip_invalid: bool) -> bool:
        plan = self.plan
        assert plan is not None

        def job(progress: Any, _cancelled: Any) -> roster_excel.ImportResult:
            return roster_excel.apply_plan(self.db, plan, skip_invalid=skip_invalid, progress=progress)

        try:
            self.import_result = run_with_progress(self, "正在导入…", job, cancellable=False)
        except JobFailed as exc:
            messages.warn(
                self,
                (str(exc) if exc.user_error else "导入时出现意外错误，详细信息已记录在日志中。")
                + "\n没有导入任何数据。",
            )
            return False
        r = self.import_result
        assert r is not None
        text = f"导入完成：新增 {r.created} 人，更新 {r.updated} 人。"
        if r.branches_created:
            text += "\n新建党支部：" + "、".join(r.branches_created)
        if skip_invalid and plan.has_errors:
            text += f"\n有 {plan.count(roster_excel.ERROR)} 行错误没有导入。"
        messages.info(self, text)
        return True


def run_import_wizard(parent: QWidget | None, db: Database) -> bool:
    """Show the wizard; True when something was imported."""
    wizard = ImportWizard(db, parent)
    wizard.exec()
    return wizard.import_result is not None


class ExportDialog(QDialog):
    """Which branch, which columns; then a file name. Says plainly that the file is sensitive."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("导出花名册到 Excel")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.branch_combo = QComboBox()
        from app.services.accounts import visible_branches

        units = visible_branches(db)  # an account with a unit: its own subtree, no 全部
        if not units or units[0].parent_id is None:
            self.branch_combo.addItem("全部（在册党员）", None)
        for u in units:
            if u.parent_id is not None:
                self.branch_combo.addItem("    " * (u.depth - 1) + u.name, u.id)
        form.addRow("范围：", self.branch_combo)
        self.national = QRadioButton("全国党员管理信息系统的列（16项，按系统顺序）")
        self.full = QRadioButton("全部列（另加学位、党龄、党小组、党内职务、网格、备注等）")
        self.national.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.national)
        group.addButton(self.full)
        cols = QVBoxLayout()
        cols.addWidget(self.national)
        cols.addWidget(self.full)
        form.addRow("列：", cols)
        layout.addLayout(form)
        warning = QLabel(SENSITIVE)
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #a61b1b;")
        layout.addWidget(warning)
        buttons = QDialogButtonBox()
        buttons.addButton("导出…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.exported: Path | None = None

    def kind(self) -> str:
        return "full" if self.full.isChecked() else "national"

    def choose_file(self) -> Path | None:
        org = organizations.organization_name(self.db) or "党员"
        path, _ = QFileDialog.getSaveFileName(self, "导出花名册", f"{org}花名册.xlsx", XLSX_FILTER)
        if not path:
            return None
        p = Path(path)
        return p if p.suffix.lower() == ".xlsx" else p.with_name(p.name + ".xlsx")  # 2026.07花名册: all of it

    def export(self, path: Path | None = None) -> None:
        dest = path or self.choose_file()
        if dest is None:
            return
        branch_id, kind = self.branch_combo.currentData(), self.kind()

        def job(progress: Any, _cancelled: Any) -> int:
            return roster_excel.export_roster(
                self.db, dest, branch_id=branch_id, kind=kind, progress=progress
            )

        try:
            n = run_with_progress(self, "正在导出…", job, cancellable=False)
        except JobFailed as exc:
            messages.warn(
                self, str(exc) if exc.user_error else "导出时出现意外错误，详细信息已记录在日志中。"
            )
            return
        self.exported = dest
        messages.saved(self, f"已导出 {n} 名党员到：\n{dest}\n\n{SENSITIVE}", dest)
        self.accept()


def run_export_dialog(parent: QWidget | None, db: Database) -> Path | None:
    dialog = ExportDialog(db, parent)
    dialog.exec()
    return dialog.exported
