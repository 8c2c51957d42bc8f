"""帮助 → 使用说明: the built-in guide, offline — topics on the left, the text and the page's own picture right."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.paths import resources_dir
from ui.help_guide import TOPICS, Topic
from ui.screen_fit import resize_to_fit

PICTURE_WIDTH = 560  # points: readable, and the text beside it still fits a 150 % screen


def picture_path(topic: Topic) -> str | None:
    if not topic.picture:
        return None
    path = resources_dir() / "help" / f"{topic.picture}.png"
    return path.as_posix() if path.exists() else None


def topic_html(topic: Topic) -> str:
    html = f"<h2 style='color:#a61b1b'>{topic.title}</h2>{topic.body}"
    picture = picture_path(topic)
    if picture:
        html += f"<p><img src='file:///{picture.lstrip('/')}' width='{PICTURE_WIDTH}'></p>"
    return html


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, topic: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("使用说明")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.topics = QListWidget()
        self.topics.setMaximumWidth(150)
        for t in TOPICS:
            self.topics.addItem(t.title)
        row.addWidget(self.topics)
        self.text = QTextBrowser()
        self.text.setOpenExternalLinks(False)
        row.addWidget(self.text, 1)
        layout.addLayout(row, 1)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.topics.currentRowChanged.connect(self._show)
        titles = [t.title for t in TOPICS]
        self.topics.setCurrentRow(titles.index(topic) if topic in titles else 0)
        resize_to_fit(self, 860, 640)

    def _show(self, row: int) -> None:
        if 0 <= row < len(TOPICS):
            self.text.setHtml(topic_html(TOPICS[row]))
