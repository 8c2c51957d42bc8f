"""修改记录: the audit trail, read-only — who changed what, when, before → after; filter and export to CSV.

``AuditView`` is the table with its filters (also the member editor's 修改记录 tab, fixed to one member);
``AuditDialog`` shows it for everything, from 文件 → 修改记录….
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.dates import parse_date
from app.domain.errors import ValidationError
from app.services import audit
from app.services.store import Database
from ui import messages
from ui.kit.dates import DateEdit
from ui.kit.empty import show_when_empty
from ui.kit.page import attempt_ok
from ui.kit.records import Column, RecordModel, table_view
from ui.screen_fit import resize_to_fit

COLUMNS: list[Column[audit.AuditView]] = [
    Column("时间", lambda r: r.at),
    Column("修改人", lambda r: r.actor),
    Column("操作", lambda r: r.action),
    Column("对象", lambda r: r.entity),
    Column("党员", lambda r: r.member_name),
    Column("项目", lambda r: r.field),
    Column("修改前", lambda r: r.before or "", tooltip=lambda r: r.before or ""),
    Column("修改后", lambda r: r.after or "", tooltip=lambda r: r.after or ""),
]
ALL_ACCOUNTS = "全部修改人"


class AuditView(QWidget):
    """The trail with its filters; ``member_id`` fixes it to one member (the member editor's tab)."""

    title = "修改记录"

    def __init__(self, db: Database, member_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.member_id = member_id
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.account = QComboBox()
        self.account.addItem(ALL_ACCOUNTS, None)
        for name in audit.accounts(db):
            self.account.addItem(name, name)
        self.account.currentIndexChanged.connect(lambda _i: self.reload())
        filters.addWidget(self.account)
        filters.addWidget(QLabel("从"))
        self.since = DateEdit()
        filters.addWidget(self.since)
        filters.addWidget(QLabel("到"))
        self.until = DateEdit()
        filters.addWidget(self.until)
        for edit in (self.since, self.until):
            edit.line.editingFinished.connect(self.reload)
            edit.calendar.clicked.connect(lambda _d: self.reload())
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("筛选：党员、项目或内容")
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(lambda _t: self._show())
        filters.addWidget(self.filter_box, 1)
        self.export_button = QPushButton("导出…")
        self.export_button.setToolTip("把筛选出的记录存成 CSV 文件（Excel、WPS 可直接打开）")
        self.export_button.clicked.connect(self.export)
        filters.addWidget(self.export_button)
        layout.addLayout(filters)
        self.model: RecordModel[audit.AuditView] = RecordModel(COLUMNS, self)
        self.table = table_view(self.model, stretch=7)
        show_when_empty(self.table, "没有修改记录")
        layout.addWidget(self.table, 1)
        self.count = QLabel()
        self.count.setWordWrap(True)
        layout.addWidget(self.count)
        self._rows: list[audit.AuditView] = []
        self.reload()

    def _day(self, edit: DateEdit, label: str) -> dt.date | None:
        try:
            parsed = parse_date(edit.text(), label)
        except ValidationError as exc:
            self.count.setText(str(exc))
            return None
        return parsed.value if parsed else None

    def reload(self) -> None:
        flt = audit.AuditFilter(
            member_id=self.member_id,
            account=self.account.currentData(),
            since=self._day(self.since, "开始日期"),
            until=self._day(self.until, "结束日期"),
        )
        self._rows = audit.entries(self.db, flt)
        self._show()

    def _show(self) -> None:
        text = self.filter_box.text().strip()
        rows = [
            r for r in self._rows
            if not text or any(text in (v or "") for v in (r.member_name, r.field, r.before, r.after, r.entity))
        ]  # fmt: skip
        self.model.set_rows(rows)
        if rows:
            self.count.setText(f"共 {len(rows)} 条，最新的在前。只读：记录不能修改或删除。身份证号已遮挡。")
        else:
            self.count.setText(
                "没有找到修改记录"
                if self._rows
                else "还没有修改记录：新增或修改数据后，这里会记下谁在什么时候改了什么。"
            )
        self.export_button.setEnabled(bool(rows))
        self.export_button.setToolTip(
            "把筛选出的记录存成 CSV 文件（Excel、WPS 可直接打开）" if rows else "没有可导出的记录"
        )

    def visible_rows(self) -> list[audit.AuditView]:
        return list(self.model.rows)

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出修改记录", "修改记录.csv", "CSV 文件 (*.csv)")
        if not path:
            return
        rows = self.visible_rows()
        if attempt_ok(self, lambda: audit.export_csv(rows, path)):
            messages.saved(self, f"已导出 {len(rows)} 条修改记录到：\n{path}", Path(path))


class AuditTab(AuditView):
    """Member editor tab 修改记录: this member's changes (nothing for a member not saved yet)."""

    def reload(self) -> None:
        if self.member_id:
            super().reload()
            return
        self._rows = []
        self.model.set_rows([])
        self.export_button.setEnabled(False)
        self.count.setText("保存这名党员后，这里会显示对这名党员的每一次修改。")


class AuditDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改记录")
        layout = QVBoxLayout(self)
        self.view = AuditView(db, None, self)
        layout.addWidget(self.view, 1)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        resize_to_fit(self, 1100, 640)
