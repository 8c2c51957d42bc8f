"""Print board pages through QPrinter into a PDF file (Qt's own PDF printer), as the print button does."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter

from app.boards.ops import Page
from ui.board_painter import print_pages


def printed_pdf_sizes(out: Path, pages: list[Page]) -> list[tuple[float, float]]:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    print_pages(printer, pages, [])
    data = out.read_bytes()
    return [
        (float(m.group(3)) - float(m.group(1)), float(m.group(4)) - float(m.group(2)))
        for m in re.finditer(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    ]
