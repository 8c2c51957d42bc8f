"""Floor for the GUI start: PySide6, a main window with a 2,000-row QTableWidget, shown and painted, then quit."""

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 2000


class QuitOnPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
        return False


app = QApplication([])
window = QMainWindow()
table = QTableWidget(ROWS, 6)
for row in range(ROWS):
    for col, text in enumerate((f"党员{row}", "男", "1970-01-01", "正式党员", "第一党支部", "13800000000")):
        table.setItem(row, col, QTableWidgetItem(text))
window.setCentralWidget(table)
watcher = QuitOnPaint()
table.viewport().installEventFilter(watcher)
window.resize(1280, 720)
window.show()
app.exec()
