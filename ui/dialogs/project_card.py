"""The project card (项目卡片): what the project is, who holds it, every step with the claimant of the time, and
the photos of its steps as thumbnails (the 前/后 pair marked); double-click a photo to see it large."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import photos
from app.services.projects import pool
from app.services.projects.common import ProjectRow
from app.services.store import Database

THUMB = 96
PHOTO_STEP = "照片"  # a further photo of a step; its text names the step


class ProjectCardDialog(QDialog):
    def __init__(self, db: Database, row: ProjectRow, state: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"项目卡片：{row.title}")
        layout = QVBoxLayout(self)
        head = QLabel(_head(row, state))
        head.setWordWrap(True)
        head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(head)

        events = pool.history(db, row.id)
        steps = [e for e in events if e.action != PHOTO_STEP]
        self.steps = QTableWidget(len(steps), 4)
        self.steps.setHorizontalHeaderLabels(["日期", "步骤", "认领人", "内容"])
        self.steps.verticalHeader().hide()
        self.steps.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.steps.setWordWrap(True)
        for i, e in enumerate(steps):
            text = e.text + ("（有照片）" if e.photo else "")
            for j, value in enumerate((e.date.isoformat(), e.action, e.claimant, text)):
                self.steps.setItem(i, j, QTableWidgetItem(value))
        self.steps.horizontalHeader().setStretchLastSection(True)
        self.steps.resizeColumnsToContents()
        self.steps.resizeRowsToContents()
        layout.addWidget(self.steps, 1)

        self.photos = QListWidget()
        self.photos.setViewMode(QListWidget.ViewMode.IconMode)
        self.photos.setIconSize(QSize(THUMB, THUMB * 3 // 4))
        self.photos.setFlow(QListWidget.Flow.LeftToRight)
        self.photos.setWrapping(False)
        self.photos.setFixedHeight(THUMB + 40)
        self.photos.itemDoubleClicked.connect(self._show_large)
        for e in events:
            path = photos.photo_path(db, e.photo) if e.photo else None
            if path is None:
                continue
            step = e.text if e.action == PHOTO_STEP else e.action
            mark = "（前）" if e.photo == row.before_photo else "（后）" if e.photo == row.after_photo else ""
            item = QListWidgetItem(QIcon(QPixmap(str(path))), f"{e.date:%m-%d} {step}{mark}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(f"{e.date} {step}{mark}（双击看大图）")
            self.photos.addItem(item)
        if self.photos.count():
            layout.addWidget(QLabel(f"照片 {self.photos.count()} 张（双击看大图）"))
            layout.addWidget(self.photos)
        else:
            self.photos.hide()
            layout.addWidget(QLabel("还没有照片（登记进度、完成时可以附照片）"))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        layout.addWidget(buttons)
        self.resize(760, 440)  # fits 1366×768 at 150 % (the fit test)

    def _show_large(self, item: QListWidgetItem) -> None:
        view = QDialog(self)
        view.setWindowTitle(item.text())
        box = QVBoxLayout(view)
        label = QLabel()
        pixmap = QPixmap(str(item.data(Qt.ItemDataRole.UserRole)))
        label.setPixmap(pixmap.scaled(640, 480, Qt.AspectRatioMode.KeepAspectRatio))
        box.addWidget(label)
        view.exec()


def _head(row: ProjectRow, state: str) -> str:
    lines = [
        f"{row.title}（{row.category} · {row.size}）　{state}",
        f"目标：{row.goal}",
        f"考核标准：{row.measure or '—'}　完成期限：{row.deadline}　责任单位：{row.unit or '—'}",
        f"认领人：{row.claimant or '—'}",
    ]
    if row.completed_on:
        done = f"完成：{row.completed_on}　{row.done_text}　服务 {row.people_served} 人"
        lines.append(done + f"　满意度：{row.satisfaction or '待验收'}")
    if row.withdrawn_reason:
        lines.append(f"撤回原因：{row.withdrawn_reason}")
    lines = [_escape(line) for line in lines]
    lines[0] = f"<b>{lines[0]}</b>"
    return "<br>".join(lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
