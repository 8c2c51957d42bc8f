"""更多: the lesser actions of a row of buttons in one drop-down, so the row stays one line at 150 % scaling."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtWidgets import QMenu, QPushButton, QToolButton, QWidget


def more_button(
    owner: QWidget, actions: Sequence[tuple[str, Callable[[], object]]], text: str = "更多"
) -> QToolButton:
    """A button that opens a menu of ``actions`` (label, what it does)."""
    button = QToolButton(owner)
    button.setText(text)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    for label, slot in actions:
        menu.addAction(label).triggered.connect(lambda _checked=False, s=slot: s())
    button.setMenu(menu)
    button.setMinimumHeight(QPushButton().sizeHint().height())  # as tall as the push buttons beside it
    return button
