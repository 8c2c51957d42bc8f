"""Re-make the 使用说明 pictures (resources/help/*.png) from a demo village: each page as the clerk sees it.

Run from the repository root: ``python scripts/make_help_images.py``. Offscreen, no screen needed; each picture
is shrunk to 900 px wide and 64 colours so it stays under ~100 KB. Everything shown is invented demo data.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HELP = ROOT / "resources" / "help"
PAGES = {  # navigation title → picture name (ui/help_guide.py uses the names)
    "花名册": "roster",
    "星级评定": "stars",
    "公开承诺": "commitments",
    "积分管理": "points",
    "年终评议": "yearend",
    "公示栏": "boards",
    "评选与考核": "recognition",
    "备份与恢复": "backup",
}
WIDTH = 900
LIMIT = 100_000


def shrink(png: Path) -> None:
    from PIL import Image

    with Image.open(png) as img:
        small = img.convert("RGB")
        small = small.resize((WIDTH, round(small.height * WIDTH / small.width)), Image.Resampling.LANCZOS)
    colours = 64
    while True:
        small.quantize(colors=colours).save(png, optimize=True)
        if png.stat().st_size <= LIMIT or colours <= 16:
            return
        colours //= 2


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app import demo
    from app.db.database import Database
    from ui.main import make_application
    from ui.main_window import MainWindow

    HELP.mkdir(parents=True, exist_ok=True)
    app = make_application(["pioneer-board"])
    with tempfile.TemporaryDirectory() as tmp:
        db = Database.open(Path(tmp) / "demo")
        demo.make_demo(db, members=120, seed=1)
        window = MainWindow(db)
        window.resize(1280, 720)
        window.show()
        for row in range(window.nav.count()):
            title = window.nav.item(row).text()
            if title not in PAGES:
                continue
            window.nav.setCurrentRow(row)
            end = time.monotonic() + 2.5  # background work (the board preview) finishes
            while time.monotonic() < end:
                QApplication.processEvents()
            path = HELP / f"{PAGES[title]}.png"
            window.grab().save(str(path))
            shrink(path)
            print(f"made {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KB)")
        window.shutdown()
        db.close()
    del app


if __name__ == "__main__":
    main()
