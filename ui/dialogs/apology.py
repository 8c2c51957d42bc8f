"""The short apology shown for an unexpected error, with "复制错误信息" and where the log is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox


def show_apology(details: str, log_path: Path) -> None:
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("先锋榜")
    box.setText("抱歉，程序出了一个意外错误。刚才的操作可能没有完成，已保存的数据不受影响。")
    box.setInformativeText(f"详细信息已记录在：\n{log_path}")
    box.setDetailedText(details)
    copy = box.addButton("复制错误信息", QMessageBox.ButtonRole.ActionRole)
    box.addButton("继续使用", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
    if box.clickedButton() is copy:
        QApplication.clipboard().setText(f"{details}\n日志：{log_path}")
