"""A word-wrapped label that always gets the height its lines need.

Qt's form layouts ask a wrapped label's height for a width other than the one it ends up with (a field beside a
photo, the program's bundled font): a three-line message then gets two lines' height and its first and last
lines are cut. This label asks for the height of its current width as its minimum whenever its width or text
changes."""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class WrapLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        super().setText(text)
        self._fit_height()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_height()

    def _fit_height(self) -> None:
        self.setMinimumHeight(0)  # Qt's height for a width counts the minimum in: ask without it
        need = max(self.heightForWidth(self.width()), 0) if self.text() else 0
        self.setMinimumHeight(need)
