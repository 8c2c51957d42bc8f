"""关于先锋榜: version, where the data is (with 打开文件夹), database size, last backup, licences."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.sizes import human_size
from app.paths import fonts_dir
from app.services import about as about_service
from app.services.about import AboutInfo
from app.services.store import Database
from ui.screen_fit import resize_to_fit


def open_folder(path: Path) -> bool:
    """Open a folder in the file manager (Explorer on Windows)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    return label


class AboutDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("关于先锋榜")
        self.info: AboutInfo = about_service.about(db)
        info = self.info
        layout = QVBoxLayout(self)

        title = QLabel(f"<b style='font-size:16pt; color:#a61b1b'>先锋榜</b>　版本 {info.version}")
        title.setObjectName("title")
        layout.addWidget(title)
        layout.addWidget(
            QLabel("党员积分、星级评定与公示栏的离线管理程序。数据只保存在这台电脑（或U盘）上。")
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        location = QHBoxLayout()
        self.data_label = _selectable(str(info.data_dir))
        self.data_label.setObjectName("data_dir")
        location.addWidget(self.data_label, 1)
        self.open_button = QPushButton("打开文件夹")
        self.open_button.clicked.connect(lambda: open_folder(info.data_dir))
        location.addWidget(self.open_button)
        form.addRow("数据位置：", location)
        form.addRow("数据库大小：", QLabel(human_size(info.database_bytes)))
        if info.last_backup is None:
            backup_text = "还没有备份。请在“备份”页做一次备份，并保存到U盘。"
        else:
            backup_text = f"{info.last_backup.created:%Y年%m月%d日 %H:%M}　{info.last_backup.path.name}"
        self.backup_label = _selectable(backup_text)
        form.addRow("最近备份：", self.backup_label)
        form.addRow("日志文件：", _selectable(str(info.log_path)))
        layout.addLayout(form)

        layout.addWidget(QLabel("本程序包含的软件及其许可证："))
        self.licences = QTableWidget(len(about_service.LICENCES), 3)
        self.licences.setHorizontalHeaderLabels(["组件", "用途", "许可证"])
        self.licences.verticalHeader().setVisible(False)
        self.licences.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.licences.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        for row, lic in enumerate(about_service.LICENCES):
            for col, text in enumerate((lic.component, lic.what, lic.licence)):
                self.licences.setItem(row, col, QTableWidgetItem(text))
        header = self.licences.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        # Scrolls inside: the dialog must fit a 1366×768 screen at 150 % (about 910×512 points).
        self.licences.setMinimumHeight(120)
        layout.addWidget(self.licences, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        font_licence = buttons.addButton("字体许可证全文", QDialogButtonBox.ButtonRole.ActionRole)
        font_licence.clicked.connect(self.show_font_licence)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        layout.addWidget(buttons)
        resize_to_fit(self, 660, 460)

    def show_font_licence(self) -> None:
        dialog = QDialog(self)
        dialog.setWindowTitle("Noto Sans SC 字体许可证（SIL Open Font License 1.1）")
        text = QPlainTextEdit()
        text.setReadOnly(True)
        try:
            text.setPlainText((fonts_dir() / "OFL.txt").read_text(encoding="utf-8"))
        except OSError:
            text.setPlainText("许可证文件 OFL.txt 不见了：请重新安装程序。")
        box = QVBoxLayout(dialog)
        box.addWidget(text)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(dialog.reject)
        box.addWidget(close)
        resize_to_fit(dialog, 620, 460)
        dialog.exec()
