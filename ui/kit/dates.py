"""Dates in the UI, once: QDate ↔ datetime.date, the calendar date box, and the typed-date box with a calendar."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from app.domain.dates import parse_date
from app.domain.errors import ValidationError

DATE_HINT = "如 1985-03-12 或 1985年3月12日"


def to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def from_qdate(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


def date_edit(value: dt.date | None = None) -> QDateEdit:
    """A QDateEdit with the calendar popup and the yyyy-MM-dd format every page uses."""
    edit = QDateEdit(to_qdate(value)) if value is not None else QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def set_year_range(edit: QDateEdit, year: int) -> None:
    """Only dates of ``year`` can be chosen."""
    edit.setDateRange(QDate(year, 1, 1), QDate(year, 12, 31))


class DateEdit(QWidget):
    """A date typed as text (1985-03-12, 1985年3月12日, 19850312) with an optional calendar popup."""

    def __init__(self, allow_month: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.line = QLineEdit()
        self.line.setPlaceholderText("如 1998-07 或 1998-07-01" if allow_month else DATE_HINT)
        layout.addWidget(self.line, 1)
        button = QToolButton()
        button.setText("日历")
        button.setToolTip("从日历中选择")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        menu = QMenu(button)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._sync_calendar)
        self.calendar.clicked.connect(self._pick)
        self.calendar.clicked.connect(lambda _d: menu.close())
        button.setMenu(menu)
        layout.addWidget(button)
        self.allow_month = allow_month

    def _sync_calendar(self) -> None:
        try:
            parsed = parse_date(self.line.text(), allow_month=self.allow_month)
        except ValidationError:
            parsed = None
        if parsed:
            self.calendar.setSelectedDate(to_qdate(parsed.value))

    def _pick(self, d: QDate) -> None:
        self.line.setText(from_qdate(d).isoformat())

    def text(self) -> str:
        return self.line.text()

    def setText(self, text: str) -> None:  # noqa: N802 - reads like QLineEdit
        self.line.setText(text)


def year_and_quarter(row: QHBoxLayout, years: int = 5) -> tuple[QComboBox, QComboBox]:
    """ "年度 [2026年…] 季度 [全年 / 第1季度…]" added to ``row``; the combos' data: the year, the quarter (None: 全年)."""
    row.addWidget(QLabel("年度"))
    year = QComboBox()
    this = dt.date.today().year
    for y in range(this, this - years, -1):
        year.addItem(f"{y}年", y)
    row.addWidget(year)
    row.addWidget(QLabel("季度"))
    quarter = QComboBox()
    quarter.addItem("全年", None)
    for q in range(1, 5):
        quarter.addItem(f"第{q}季度", q)
    row.addWidget(quarter)
    return year, quarter
