"""Issue 13, item 2: zip-bomb workbooks and decompression-bomb photos are refused before they are inflated."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from app.cli import main
from app.db.database import Database
from app.domain.archive_guard import ArchiveRefused
from app.domain.errors import UserError
from app.excel.reader import read_table
from app.services import photos, roster


def _bomb_xlsx(path: Path, padding: int = 40 << 20) -> Path:
    """A real workbook whose sheet XML carries ``padding`` bytes of whitespace (compresses ~1000×)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "公民身份号码", "性别"])
    plain = path.with_name("plain.xlsx")
    wb.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * padding)
            dst.writestr(info.filename, data)
    return path


def test_zip_bomb_workbook_is_refused_without_inflating(tmp_path: Path) -> None:
    bomb = _bomb_xlsx(tmp_path / "炸弹.xlsx")
    assert bomb.stat().st_size < 1 << 20
    started = time.monotonic()
    with pytest.raises(ArchiveRefused, match="恶意"):
        read_table(bomb)
    assert time.monotonic() - started < 5


def test_zip_bomb_import_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bomb = _bomb_xlsx(tmp_path / "炸弹.xlsx")
    code = main(["--data-dir", str(tmp_path / "data"), "roster", "import", str(bomb)])
    assert code == 2
    assert "恶意" in capsys.readouterr().err


def _giant_png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return out.getvalue()


def test_decompression_bomb_photo_is_refused_and_leaves_nothing(demo_copy: Database) -> None:
    member = roster.list_members(demo_copy)[0]
    source = demo_copy.data_dir.root.parent / "bomb.png"
    source.write_bytes(_giant_png(15_000, 15_000))  # 225 megapixels
    before = set(demo_copy.data_dir.photos.iterdir())
    with pytest.raises(UserError, match="太大"):
        photos.set_member_photo(demo_copy, member.id, source)
    assert set(demo_copy.data_dir.photos.iterdir()) == before
