"""The page header every page builds from: title, year/quarter and branch choosers, the find box."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from app.domain.pinyin import find_key, matches, normalize_query
from ui.kit.page import Page

FIND_PLACEHOLDER = "找人：姓名或拼音首字母"
FIND_TOOLTIP = "输入姓名、拼音首字母（如 zw）或全拼（如 zhangwei）"


class FindBox(QLineEdit):
    """找人: a member by name, pinyin initials (wb → 王膑) or full pinyin, through the one domain matcher."""

    def __init__(self, placeholder: str = FIND_PLACEHOLDER, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setToolTip(FIND_TOOLTIP)
        self.setClearButtonEnabled(True)

    def query(self) -> str:
        """What the clerk typed, normalised for :func:`app.domain.pinyin.matches`."""
        return normalize_query(self.text())

    def finds(self, name: str, pinyin_full: str, pinyin_initials: str) -> bool:
        """True when the member with this name and pinyin is what the clerk typed (or nothing is typed)."""
        return matches(find_key(name, pinyin_full, pinyin_initials), self.query())


def next_match(count: int, start: int, is_match: Callable[[int], bool]) -> int | None:
    """The first row from ``start`` on (wrapping round) that matches: typing more letters keeps the place."""
    start = max(0, start)
    order: list[int] = list(range(start, count)) + list(range(0, min(start, count)))
    for i in order:
        if is_match(i):
            return i
    return None


class PageHeader(QHBoxLayout):
    """The top row of a page: its title, then the choosers and find box it asks for, then its own buttons."""

    def __init__(self, page: Page, title: str) -> None:
        super().__init__()
        self.page = page
        self.addWidget(page.heading(title))
        self.addSpacing(12)

    def chooser(self, label: str, min_width: int = 0) -> QComboBox:
        """A labelled combo box (年度, 季度, 支部, 状态…)."""
        self.addWidget(QLabel(label))
        combo = QComboBox()
        if min_width:
            combo.setMinimumWidth(min_width)
        self.addWidget(combo)
        return combo

    def year_chooser(self, label: str = "年度") -> QComboBox:
        return self.chooser(label)

    def branch_chooser(self, min_width: int = 0) -> QComboBox:
        """支部: fill it with :meth:`Page.fill_branch_combo` (or the page's own list)."""
        return self.chooser("支部", min_width)

    def find_box(self, placeholder: str = FIND_PLACEHOLDER, min_width: int = 190) -> FindBox:
        box = FindBox(placeholder)
        box.setMinimumWidth(min_width)
        self.addWidget(box)
        return box

    def buttons(self, *widgets: QWidget) -> None:
        """The page's own buttons, at the right end."""
        self.addStretch(1)
        for w in widgets:
            self.addWidget(w)


def fill_years(combo: QComboBox, years: Iterable[int], preferred: int | None, suffix: str = "年") -> None:
    """Years newest first as "2026年"; keeps ``preferred`` chosen when it is in the list, else the first."""
    combo.clear()
    for y in years:
        combo.addItem(f"{y}{suffix}", y)
    combo.setCurrentIndex(max(0, combo.findData(preferred)))
