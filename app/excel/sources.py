"""Opening a spreadsheet for reading: .xlsx (Excel, WPS), .xls (Excel 97–2003, old WPS) and .ods (LibreOffice, WPS).

Every file is checked before a reader touches it: a zip (.xlsx, .ods) against the zip-bomb limits from its directory,
an .xls (not a zip) against a size limit, and every sheet against a cell-count limit before its cells are turned into
Python values. The cells are read with python-calamine (Rust): values only, several times faster than openpyxl.
"""

from __future__ import annotations

import datetime as dt
import logging
import zipfile
from pathlib import Path
from typing import Any

from app.domain.archive_guard import XLSX_LIMITS, check_archive
from app.domain.disk_errors import os_error_words, problem_file_name
from app.domain.errors import UserError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Excel and WPS store a password-protected .xlsx as an OLE file holding an "EncryptionInfo" stream;
# its directory entry name is UTF-16.
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
# An .xls is not compressed: 20,000 roster rows × 60 columns of text is well under this.
XLS_MAX_BYTES = 32 << 20
# Cells of one sheet turned into Python values at most (20,000 rows × 60 columns, and room to spare).
MAX_SHEET_CELLS = 3_000_000
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


def check_file(path: Path) -> str:
    """Clear messages for files that cannot be read, before a reader fails with something cryptic.
    Returns the kind: "xlsx", "xls" or "ods"."""
    try:
        return _check_file(path)
    except OSError as exc:  # a name too long, no permission, the stick pulled out…
        raise UserError(
            f"无法读取文件“{problem_file_name(exc, path)}”：{os_error_words(exc)}。请确认文件名和位置，或把文件复制到桌面再导入"
        ) from None


def _check_file(path: Path) -> str:
    if not path.exists():
        raise UserError(f"找不到文件“{path}”")
    if path.is_dir():
        raise UserError(f"“{path}”是一个文件夹，请选择 .xlsx 文件")
    size = path.stat().st_size
    if size == 0:
        raise UserError(f"文件“{path.name}”是空的（0 字节），请确认选对了文件")
    with path.open("rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    if head == _OLE_MAGIC:
        return _check_ole(path, size)
    if suffix in (".csv", ".txt"):
        raise UserError(f"文件“{path.name}”是文本文件，请在 Excel/WPS 中打开后另存为 .xlsx 再导入")
    if suffix == ".et":
        raise UserError(f"文件“{path.name}”是 WPS 表格格式（.et），请在 WPS 中另存为 .xlsx 再导入")
    if not zipfile.is_zipfile(path):
        disguised = _disguised_kind(path)
        if disguised:
            raise UserError(
                f"文件“{path.name}”不是 Excel 表格：扩展名是 {path.suffix or '（无）'}，但它其实是{disguised}"
                "（有些系统“导出 Excel”时就这样保存），不能直接导入。请用 Excel/WPS 打开它，"
                "另存为“Excel 工作簿(*.xlsx)”后再导入"
            )
        raise UserError(f"文件“{path.name}”不是 Excel 表格（.xlsx），请确认选对了文件")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {info.filename for info in infos}
            # Before anything inflates: a 2 MB zip bomb would otherwise take gigabytes and minutes.
            check_archive(infos, XLSX_LIMITS, f"文件“{path.name}”")
            mimetype = zf.read("mimetype")[:100] if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError):
        raise UserError(f"文件“{path.name}”已损坏，无法读取，请在 Excel/WPS 中打开确认后另存") from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype.strip() == ODS_MIME and "content.xml" in names:
        return "ods"
    raise UserError(f"文件“{path.name}”不是 Excel 表格（.xlsx），请确认选对了文件")


def _disguised_kind(path: Path) -> str:
    """“网页” or “文本” for a web page or a text table saved under a spreadsheet's name, else ""."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    text = ""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            # The 4 KB may end inside a character: a text file still decodes without its last bytes.
            try:
                text = head[:-3].decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    if not text or "\x00" in text:
        return ""
    lowered = text.lstrip().lower()
    if lowered.startswith(("<html", "<!doctype", "<table", "<?xml", "<meta", "<head")) or "<table" in lowered:
        return "网页格式"
    if all(ch.isprintable() or ch in "\t\r\n" for ch in text):
        return "文本格式"
    return ""


def _check_ole(path: Path, size: int) -> str:
    if size > XLS_MAX_BYTES:
        raise UserError(
            f"文件“{path.name}”有 {size / (1 << 20):.0f} MB，超过旧版 Excel 表格（.xls）能导入的 "
            f"{XLS_MAX_BYTES >> 20} MB。请在 Excel/WPS 中打开它，另存为“Excel 工作簿(*.xlsx)”后再导入"
        )
    if _ENCRYPTION_INFO in path.read_bytes():
        raise UserError(
            f"文件“{path.name}”设置了打开密码，无法读取。请在 Excel/WPS 中打开它，"
            "取消密码（文件 → 信息/文档加密 → 清除密码）后另存，再导入"
        )
    return "xls"


class Spreadsheet:
    """An opened spreadsheet: its sheet names and, per sheet, the rows of values (openpyxl's value types)."""

    def __init__(self, path: Path) -> None:
        import python_calamine  # imported here: only needed when a file is read

        self.path = path
        self.kind = check_file(path)
        self._merged: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
        try:
            self._book = python_calamine.CalamineWorkbook.from_path(str(path))
            self.sheet_names: list[str] = list(self._book.sheet_names)
        except Exception as exc:  # calamine raises several kinds on damaged files
            raise self._unreadable(exc) from None

    def _unreadable(self, exc: Exception) -> UserError:
        # The reader's own words (XmlError…) are English and say nothing to a clerk: they go to the log.
        logging.getLogger(__name__).warning("unreadable spreadsheet %s: %r", self.path.name, exc)
        return UserError(
            f"文件“{self.path.name}”无法作为 Excel 表格读取：文件可能已损坏（例如没有复制完整），"
            "或不是 Excel/WPS 保存的表格。请在 Excel/WPS 中打开它，另存为 .xlsx 后再试"
        )

    def rows(self, name: str) -> list[list[Any]]:
        """Every row of the sheet from row 1 and column A (blank cells None, whole numbers int, dates as
        datetime like openpyxl gives them)."""
        try:
            sheet = self._book.get_sheet_by_name(name)
        except Exception as exc:
            raise self._unreadable(exc) from None
        start_row, start_col = sheet.start or (0, 0)
        if (start_row + sheet.height) * (start_col + sheet.width) > MAX_SHEET_CELLS:
            raise UserError(
                f"工作表“{name}”太大（{start_row + sheet.height:,} 行 × {start_col + sheet.width:,} 列），"
                "请检查是否选错了工作表，或者把表格拆成几个文件分批导入"
            )
        try:
            raw = sheet.to_python(skip_empty_area=False)
        except Exception as exc:
            raise self._unreadable(exc) from None
        merged = getattr(sheet, "merged_cell_ranges", None)
        if merged is None and self.kind == "ods":
            from app.excel.merges import ods_ranges

            merged = ods_ranges(self.path, name)
        self._merged[name] = list(merged or ())
        return [[_value(v) for v in row] for row in raw]

    def merged(self, name: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """The sheet's merged ranges ((first row, first column), (last row, last column)), 0-based; after rows()."""
        return self._merged.get(name, [])

    def close(self) -> None:
        self._book.close()


def _value(value: Any) -> Any:
    if value == "" and isinstance(value, str):
        return None
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value
