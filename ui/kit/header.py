"""The page header every page builds from: title, year/quarter and branch choosers, the find box."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

from app.domain.pinyin import find_key, matches, normalize_query
from ui.kit.page import Page

FIND_PLACEHOLDER = "找人：姓名或拼音首字母"
FIND_TOOLTIP = "输入姓名、拼音首字母（如 zw）或全拼（如 zhangwei）"
# A branch chooser grows with spare room up to this many characters (a long 支部 name whole, not the whole row).
BRANCH_MAX_CHARS = 16
# How the header's spare room is shared: a box layout gives each stretched item a share of the room in
# proportion to its factor, so the find box and branch chooser take almost all of it (up to their maximum widths)
# and the buttons' stretch (factor 1) the little left over until they are full — then all the rest.
FIND_STRETCH, BRANCH_STRETCH = 60, 30


class FindBox(QLineEdit):
    """找人: a member by name, pinyin initials (wb → 王膑) or full pinyin, through the one domain matcher."""

    def __init__(self, placeholder: str = FIND_PLACEHOLDER, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setToolTip(FIND_TOOLTIP)
        self.setClearButtonEnabled(True)

    def fit_placeholder(self) -> None:
        """In a page header: as wide as its whole placeholder (and the clear button) at most — spare room in the
        row widens it to there, a short row (150 %) narrows it down to its minimum width."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, self.sizePolicy().verticalPolicy())
        metrics = self.fontMetrics()
        room = metrics.horizontalAdvance(self.placeholderText()) + metrics.height() + 24  # frame, margins, ✕
        self.setMaximumWidth(max(room, self.minimumWidth()))

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

    def chooser(self, label: str, min_width: int = 0, stretch: int = 0) -> QComboBox:
        """A labelled combo box (年度, 季度, 支部, 状态…)."""
        self.addWidget(QLabel(label))
        combo = QComboBox()
        if min_width:
            combo.setMinimumWidth(min_width)
        self.addWidget(combo, stretch)
        return combo

    def year_chooser(self, label: str = "年度") -> QComboBox:
        return self.chooser(label)

    def branch_chooser(self, min_width: int = 0) -> QComboBox:
        """支部: fill it with :meth:`Page.fill_branch_combo` (or the page's own list)."""
        combo = self.chooser("支部", min_width, BRANCH_STRETCH)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, combo.sizePolicy().verticalPolicy())
        model = combo.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.modelReset, model.dataChanged):
            signal.connect(lambda *_a, c=combo: fit_to_items(c))
        fit_to_items(combo)
        return combo

    def find_box(self, placeholder: str = FIND_PLACEHOLDER, min_width: int = 190) -> FindBox:
        box = FindBox(placeholder)
        box.setMinimumWidth(min_width)
        box.fit_placeholder()
        self.addWidget(box, FIND_STRETCH)
        return box

    def buttons(self, *widgets: QWidget) -> None:
        """The page's own buttons, at the right end."""
        self.addStretch(1)
        for w in widgets:
            self.addWidget(w)


def fit_to_items(combo: QComboBox, max_chars: int = BRANCH_MAX_CHARS) -> None:
    """A chooser given spare room grows as far as its longest item needs (``max_chars`` characters at most)."""
    metrics = combo.fontMetrics()
    longest = max((metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    text = min(longest, metrics.horizontalAdvance("中" * max_chars))
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    needed = combo.style().sizeFromContents(
        QStyle.ContentsType.CT_ComboBox, option, QSize(text, metrics.height()), combo
    )
    combo.setMaximumWidth(max(needed.width(), combo.minimumWidth(), combo.minimumSizeHint().width()))


def fill_years(combo: QComboBox, years: Iterable[int], preferred: int | None, suffix: str = "年") -> None:
    """Years newest first as "2026年"; keeps ``preferred`` chosen when it is in the list, else the first."""
    combo.clear()
    for y in years:
        combo.addItem(f"{y}{suffix}", y)
    combo.setCurrentIndex(max(0, combo.findData(preferred)))
