"""统计 page: the roster's composition and a quarter's statistics as charts, each with its table beside it.

The charts are the same drawing ops the PDFs print (app.boards.charts), painted here by ui.board_painter. The
page exports every table to Excel (one sheet a chart), saves or prints the 统计图表 and the one-page 季度简报.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.periods import parse_quarter, quarter_of
from app.services import boards, evaluations, reports
from app.services.boards import BoardPage as OpsPage
from app.services.reports import Chart, chart_table, draw_chart, stats
from app.services.store import Database
from ui import messages
from ui.kit.export import XLSX_FILTER
from ui.kit.header import PageHeader
from ui.kit.page import Page

SCALE = 1.25  # pixels per point: the chart is drawn to fill the widget at this scale
ROW_HEIGHT = 260  # pixels: a chart and its table


class ChartView(QWidget):
    """One chart painted from its drawing ops, filling the widget."""

    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self.setMinimumSize(280, 180)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        from ui.board_painter import QtBoardPainter

        w, h = self.width() / SCALE, self.height() / SCALE
        page = OpsPage(w, h)
        page.ops.extend(draw_chart(self.chart, 0, 0, w, h))
        painter = QPainter(self)
        try:
            QtBoardPainter(painter).page(page, SCALE)
        finally:
            painter.end()


def chart_table_widget(chart: Chart) -> QTableWidget:
    headers, rows = chart_table(chart)
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    if (
        chart.unit and len(chart.series) > 1
    ):  # "五星（人）" ×6 scrolls sideways at 150 %: the unit goes in tooltips
        for col, (name, _values) in enumerate(chart.series, start=1):
            item = QTableWidgetItem(name)
            item.setToolTip(headers[col])
            table.setHorizontalHeaderItem(col, item)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            text = f"{value:.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
            table.setItem(r, c, QTableWidgetItem(text))
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    # as wide as its columns need (the chart beside it gives way): no sideways scrolling in a small table
    need = sum(max(header.sectionSizeHint(c), table.sizeHintForColumn(c)) for c in range(len(headers)))
    need += 2 * table.frameWidth()
    table.setMinimumWidth(max(220, need + table.verticalScrollBar().sizeHint().width()))
    return table


class StatisticsPage(Page):
    title = "统计"

    def __init__(self, db: Database, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(db, parent)
        self.today = today or dt.date.today()
        self.charts: list[Chart] = []
        layout = QVBoxLayout(self)
        header = PageHeader(self, "统计")
        self.period = header.chooser("季度", 160)
        self.excel_button = QPushButton("导出 Excel…")
        self.excel_button.setToolTip("每张图的表格导出为 Excel 的一张工作表")
        self.pdf_button = QPushButton("统计图表 PDF…")
        self.print_button = QPushButton("打印…")
        self.brief_button = QPushButton("季度简报 PDF…")
        self.brief_button.setToolTip("一页 A4：本季度的数字和图表，报乡镇")
        header.buttons(self.excel_button, self.pdf_button, self.print_button, self.brief_button)
        layout.addLayout(header)
        self.chart_area = QScrollArea()
        self.chart_area.setWidgetResizable(True)
        layout.addWidget(self.chart_area, 1)
        self.period.currentIndexChanged.connect(lambda _i: self.reload())
        self.excel_button.clicked.connect(self.export_excel)
        self.pdf_button.clicked.connect(lambda: self.save_pdf("statistics"))
        self.brief_button.clicked.connect(lambda: self.save_pdf("quarter"))
        self.print_button.clicked.connect(self.print_statistics)

    def refresh(self) -> None:
        chosen = self.period.currentData()
        ids = [p.id for p in evaluations.list_periods(self.db)]
        current = quarter_of(self.today).id
        if current not in ids:
            ids.insert(0, current)
        self.period.blockSignals(True)
        self.period.clear()
        for pid in sorted(set(ids), reverse=True):
            self.period.addItem(parse_quarter(pid).label, pid)  # 2026年第四季度, as on every other page
        self.period.setCurrentIndex(max(0, self.period.findData(chosen or current)))
        self.period.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        period = self.period.currentData()
        if not period:
            return
        self.charts = (
            stats.roster_charts(self.db, self.today)
            + stats.quarter_charts(self.db, period)
            + stats.branch_star_charts(self.db, period)
        )
        body = QWidget()
        grid = QGridLayout(body)
        for i, chart in enumerate(self.charts):
            grid.addWidget(ChartView(chart), i, 0)
            table = chart_table_widget(chart)
            table.setMaximumWidth(420)
            grid.addWidget(table, i, 1)
            grid.setRowMinimumHeight(i, ROW_HEIGHT)
        grid.setColumnStretch(0, 1)
        self.chart_area.setWidget(body)

    # --- out -----------------------------------------------------------------------------------------------

    def _name(self, what: str, suffix: str) -> str:
        return str(Path.home() / f"{self.period.currentData() or ''}{what}{suffix}")

    def export_excel(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出 Excel", self._name("统计", ".xlsx"), XLSX_FILTER)
        if not path:
            return
        dest = Path(path if path.lower().endswith(".xlsx") else path + ".xlsx")
        n = self.attempt(lambda: reports.export_charts(self.db, dest, self.charts))
        if n is not None:
            messages.saved(self, f"已导出 {n} 张统计表到\n{dest}", dest)

    def request(self, kind: str) -> boards.BoardRequest:
        return boards.BoardRequest(kind=kind, period=self.period.currentData() or "", date=self.today)

    def save_pdf(self, kind: str) -> None:
        label = boards.board_kind(kind).label
        path, _ = QFileDialog.getSaveFileName(
            self, f"保存{label}", self._name(label, ".pdf"), "PDF 文件 (*.pdf)"
        )
        if not path:
            return
        dest = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        pages = self.attempt(lambda: boards.render(self.db, self.request(kind), dest))
        if pages is not None:
            messages.saved(self, f"{label}已保存（{pages} 页）：\n{dest}", dest)

    def print_statistics(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from ui.board_painter import print_pages

        laid_out = self.attempt(lambda: boards.preview(self.db, self.request("statistics")))
        if laid_out is None:
            return
        pages, large = laid_out
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName("统计图表")
        if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
            return
        try:
            print_pages(printer, pages, large)
        except OSError as exc:
            messages.warn(self, f"打印失败：{exc}")
