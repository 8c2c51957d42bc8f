"""项目类别 (configurable categories of 服务项目): add, rename (the needs and projects follow), retire."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.services.projects import common
from app.services.store import Database


class CategoriesDialog(QDialog):
    """Each button is one change, saved at once (and in the 修改记录)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("服务项目类别")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("登记需求、立项时可选的类别。停用的类别不再供选择，已有的需求和项目保留原类别。")
        )
        row = QHBoxLayout()
        self.list = QListWidget()
        self.list.setMinimumHeight(220)
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        for text, slot in (("新增…", self.add), ("改名…", self.rename), ("停用", self.retire)):
            button = QPushButton(text)
            button.clicked.connect(lambda _c=False, s=slot: s())
            buttons.addWidget(button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        layout.addLayout(row)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.accept)
        layout.addWidget(close)
        self.changed = False
        self.load()

    def load(self) -> None:
        self.list.clear()
        self.list.addItems(list(common.categories(self.db)))

    def chosen(self) -> str | None:
        item = self.list.currentItem()
        if item is None:
            self.error.setText("请先在列表里选一个类别")
            return None
        return item.text()

    def apply(self, change: Callable[[], object]) -> bool:
        """Run one change (a callable); the error line says why it was refused."""
        try:
            change()
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        self.error.setText("")
        self.changed = True
        self.load()
        return True

    def add(self, name: str | None = None) -> bool:
        if name is None:
            name, ok = QInputDialog.getText(self, "新增类别", "类别名称：")
            if not ok:
                return False
        return self.apply(lambda: common.add_category(self.db, name or ""))

    def rename(self, new: str | None = None) -> bool:
        old = self.chosen()
        if old is None:
            return False
        if new is None:
            new, ok = QInputDialog.getText(
                self, "类别改名", f"“{old}”改为（已有的需求和项目一起改）：", text=old
            )
            if not ok:
                return False
        return self.apply(lambda: common.rename_category(self.db, old, new or ""))

    def retire(self) -> bool:
        name = self.chosen()
        return name is not None and self.apply(lambda: common.retire_category(self.db, name))
