"""Issue 13's costs and limits: refusing a zip-bomb workbook and a decompression-bomb photo, reading the font's
cmap for the name check, building the expected schema for verify/check, and BEGIN IMMEDIATE on writes.

    /work/main/.venv/bin/python bench/bench_hardening.py
"""

from __future__ import annotations

import io
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402
from sqlalchemy import text  # noqa: E402

from app.db.database import Database, head_revision  # noqa: E402
from app.domain.errors import UserError  # noqa: E402


def timed(label: str, func):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    print(f"{label:<58} {time.perf_counter() - wall:6.3f} s wall {time.process_time() - cpu:6.3f} s CPU")
    return result


def bomb(path: Path, padding: int) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["姓名", "公民身份号码"])
    plain = path.with_name("plain.xlsx")
    wb.save(plain)
    with (
        zipfile.ZipFile(plain) as src,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * padding)
            dst.writestr(info.filename, data)
    return path


def main() -> None:
    from app.excel.reader import read_table
    from app.services import photos, roster

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        big = timed("make a 300 MB-inflating workbook (setup)", lambda: bomb(root / "bomb.xlsx", 300 << 20))
        print(f"    file size {big.stat().st_size / (1 << 20):.1f} MB")

        def refuse_xlsx() -> None:
            try:
                read_table(big)
            except UserError as exc:
                print(f"    refused: {str(exc)[:60]}…")

        timed("read_table(zip bomb): refused from the directory", refuse_xlsx)
        png = io.BytesIO()
        Image.new("1", (15_000, 15_000)).save(png, "PNG")
        data = png.getvalue()

        def refuse_png() -> None:
            try:
                photos.shrink_to_jpeg(data)
            except UserError as exc:
                print(f"    refused: {str(exc)[:60]}…")

        timed("shrink_to_jpeg(225-megapixel PNG): refused from the header", refuse_png)
        timed("bundled font cmap read (name check, once per process)", roster.drawable_characters)
        from app.db.schema_check import expected_schema

        timed("expected schema at head (once per process)", lambda: expected_schema(head_revision()))
        db = Database.open(root / "data")
        try:
            from app.services import organizations

            organizations.set_up(db, "丁新村党总支", "党总支")

            def writes() -> None:
                for _ in range(200):
                    with db.session() as s, s.begin():
                        s.execute(text("SELECT 1"))

            timed("200 write transactions (BEGIN IMMEDIATE each)", writes)
        finally:
            db.close()
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
