"""支部考核方案: the year's 百分制 items and their maximum points (adding up to 100), edited from the page."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import recognition as rules
from app.services import recognition
from app.services.store import Database
from ui.kit.page import attempt
from ui.screen_fit import resize_to_fit


class SchemeDialog(QDialog):
    """The items of one year's assessment: name and maximum points; a scored item cannot be taken out."""

    def __init__(self, db: Database, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.year = db, year
        self.setWindowTitle(f"{year} 年支部考核方案")
        layout = QVBoxLayout(self)
        note = QLabel("百分制：各项满分加起来要是 100 分。已经打了分的项目不能删去，满分也不能低于已打的分。")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["考核项目", "满分"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        items = recognition.scheme(db, year)
        for name, maximum in [(i.name, i.max_points) for i in items] or list(rules.PRESET_ITEMS):
            self._add_row(name, maximum)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        add = QPushButton("加一项")
        add.clicked.connect(lambda: self._add_row("", 0))
        remove = QPushButton("删去选中的一项")
        remove.clicked.connect(self._remove)
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        self.total = QLabel()
        row.addWidget(self.total)
        layout.addLayout(row)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self._count()
        resize_to_fit(self, 460, 320)

    def _add_row(self, name: str, maximum: float) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(name))
        spin = QDoubleSpinBox()
        spin.setRange(0, 100)
        spin.setDecimals(1)
        spin.setValue(maximum)
        spin.valueChanged.connect(lambda _v: self._count())
        self.table.setCellWidget(r, 1, spin)
        self._count()

    def _remove(self) -> None:
        self.table.removeRow(self.table.currentRow())
        self._count()

    def values(self) -> list[tuple[str, float]]:
        out = []
        for r in range(self.table.rowCount()):
            name, spin = self.table.item(r, 0), self.table.cellWidget(r, 1)
            assert isinstance(spin, QDoubleSpinBox)
            out.append((name.text().strip() if name else "", spin.value()))
        return out

    def _count(self) -> None:
        if hasattr(self, "total"):
            self.total.setText(f"合计 {sum(m for _, m in self.values()):g} 分")

    def accept(self) -> None:
        if attempt(self, lambda: recognition.set_scheme(self.db, self.year, self.values())) is not None:
            super().accept()
