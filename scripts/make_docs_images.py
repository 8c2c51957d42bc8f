"""Re-make the README's pictures from a demo village: the four boards (via the CLI + pdftoppm) and the GUI pages.

Run from the repository root: ``python scripts/make_docs_images.py`` (needs poppler-utils for pdftoppm).
Everything shown is invented demo data.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

BOARDS = {
    "board-stars-a3": ["board", "stars", "--period", "{period}", "--paper", "A3"],
    "board-stars-table-a4": ["board", "stars", "--period", "{period}", "--paper", "A4", "--layout", "table"],
    "board-commitments-a4": ["board", "commitments", "--year", "{year}", "--paper", "A4", "--year-end"],
    "board-wuliang-a4": ["board", "wuliang", "--paper", "A4"],
    "board-points-a4": ["board", "points", "--year", "{year}", "--paper", "A4"],
    "board-tiled-sheet-a4": [
        "board",
        "stars",
        "--period",
        "{period}",
        "--paper",
        "board-120x90",
        "--tile",
        "A4",
    ],
}


def cli(data: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "app", "--data-dir", str(data), *args], check=True, cwd=ROOT)


def shrink(png: Path) -> None:
    from PIL import Image

    with Image.open(png) as img:
        img.convert("RGB").quantize(colors=128).save(png, optimize=True)


def boards(data: Path, work: Path) -> None:
    from app.db.database import Database
    from app.services import evaluations

    db = Database.open(data)
    period = next(p.id for p in evaluations.list_periods(db) if p.status == "closed")
    db.close()
    for name, args in BOARDS.items():
        pdf = work / f"{name}.pdf"
        cli(data, *[a.format(period=period, year=period[:4]) for a in args], "-o", str(pdf))
        subprocess.run(
            ["pdftoppm", "-png", "-r", "45", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(DOCS / name)],
            check=True,
        )
        shrink(DOCS / f"{name}.png")
        print("made", f"docs/{name}.png")


def gui(data: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.db.database import Database
    from ui.main import make_application
    from ui.main_window import MainWindow

    app = make_application(["pioneer-board"])
    db = Database.open(data)
    window = MainWindow(db)
    window.resize(1366, 720)
    window.show()
    names = {
        "花名册": "roster",
        "星级评定": "stars",
        "公开承诺": "commitments",
        "年终评议": "year-end",
        "公示栏": "boards",
    }
    for row in range(window.nav.count()):
        title = window.nav.item(row).text()
        if title not in names:
            continue
        window.nav.setCurrentRow(row)
        end = time.monotonic() + 3  # let background work (board preview) finish
        while time.monotonic() < end:
            QApplication.processEvents()
        path = DOCS / f"gui-{names[title]}.png"
        window.grab().save(str(path))
        shrink(path)
        print("made", path.relative_to(ROOT))
    window.shutdown()
    db.close()
    del app


def main() -> None:
    sys.path.insert(0, str(ROOT))
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "demo"
        cli(data, "demo", "--members", "300", "--seed", "1")
        boards(data, Path(tmp))
        gui(data)


if __name__ == "__main__":
    main()
