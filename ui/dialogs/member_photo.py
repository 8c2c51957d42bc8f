"""The member editor's photo: shown at 150×200, chosen from a file and shrunk at once, stored only on 保存."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services import photos
from app.services.store import Database
from ui import messages
from ui.kit.page import attempt


class PhotoField(QWidget):
    """``name``: the stored photo (file name in the photos folder); ``new_jpeg``: a chosen one, not yet stored."""

    chosen = Signal()  # a new picture was chosen (and shrunk)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.name = ""
        self.new_jpeg: bytes | None = None  # shrunk JPEG, written only when 保存 is pressed
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("无照片")
        self.label.setFixedSize(150, 200)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("border: 1px solid #ccc; background: #fafafa; color: #888;")
        box.addWidget(self.label)
        self.choose_button = QPushButton("选择照片…")
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton("去掉照片")
        self.remove_button.clicked.connect(self.remove)
        box.addWidget(self.choose_button)
        box.addWidget(self.remove_button)
        box.addStretch(1)

    def choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "选择照片", str(Path.home()), "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff)"
        )
        if path:
            self.set_file(Path(path))

    def set_file(self, path: Path) -> bool:
        """Shrink the chosen picture now (to show it); False (after a message) if it cannot be read."""
        try:
            data = path.read_bytes()
        except OSError as exc:
            messages.file_problem(self, exc)
            return False
        shrunk = attempt(self, lambda: photos.shrink_to_jpeg(data))
        if shrunk is None:
            return False
        self.new_jpeg = shrunk
        self.name = ""
        self.show_photo()
        self.chosen.emit()
        return True

    def set_stored(self, name: str) -> None:
        self.name = name
        self.new_jpeg = None
        self.show_photo()

    def remove(self) -> None:
        self.set_stored("")

    def show_photo(self) -> None:
        pixmap = QPixmap()
        if self.new_jpeg is not None:
            pixmap.loadFromData(self.new_jpeg)
        elif self.name and (path := photos.photo_path(self.db, self.name)):
            pixmap.load(str(path))
        if pixmap.isNull():
            self.label.setPixmap(QPixmap())
            self.label.setText("无照片")
        else:
            self.label.setPixmap(
                pixmap.scaled(
                    self.label.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.remove_button.setEnabled(not pixmap.isNull())
