"""A word-wrapped label that always gets the height its lines need; and a one-line label for hints and summaries.

Qt's form layouts ask a wrapped label's height for a width other than the one it ends up with (a field beside a
photo, the program's bundled font): a three-line message then gets two lines' height and its first and last
lines are cut. This label asks for the height of its current width as its minimum whenever its width or text
changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


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


class LineLabel(QLabel):
    """A hint or summary on ONE line whatever the width (at 150 % a wrapped hint eats the table's rows): cut with
    "…" when too narrow. Its tooltip is ``tip`` (the whole story), else the whole text when it is cut.
    ``whole()`` is the text as given; ``text()`` what shows. Plain text only."""

    def __init__(self, text: str = "", tip: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._whole, self._tip = "", tip
        self.setText(text)

    def whole(self) -> str:
        return self._whole

    def setText(self, text: str) -> None:  # noqa: N802 (Qt's name)
        self._whole = text
        self._cut()

    def set_tip(self, tip: str) -> None:
        self._tip = tip
        self._cut()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._cut()

    def _cut(self) -> None:
        room = self.contentsRect().width()
        shown = (
            self.fontMetrics().elidedText(self._whole, Qt.TextElideMode.ElideRight, room) if room > 0 else ""
        )
        super().setText(shown or self._whole[:1])
        self.setToolTip(self._tip or (self._whole if shown != self._whole else ""))


WORD_JOINER = "\u2060"


def phrases(*parts: str, sep: str = "　") -> str:
    """Parts a wrapped label breaks only between: a Chinese line breaks between any two characters, and at 150 %
    a heading ended "… 合" / "计 81 分". Each part's characters are joined by WORD JOINER, its spaces made
    non-breaking. Plain text; :func:`unglued` gives the text back as typed."""
    return sep.join(WORD_JOINER.join(part.replace(" ", "\u00a0")) for part in parts)


def unglued(text: str) -> str:
    return text.replace(WORD_JOINER, "").replace("\u00a0", " ")
