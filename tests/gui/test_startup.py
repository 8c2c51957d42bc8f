"""Start-up: the window's frame is painted before the data layer is imported; the data fills in after."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.services.store import Database
from ui.main_window import PAGES, MainWindow, page_factory, page_title
from ui.pages.organization import OrganizationPage
from ui.pages.roster import RosterPage
from ui.startup import Opener

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from ui import main as ui_main
code = ui_main.main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic', 'PIL', 'reportlab', 'openpyxl')
               or m.startswith(('app.services', 'app.db', 'ui.pages.')))
print(code, heavy)
"""


def _start(data: Path, quit_after: str, *extra: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PIONEER_BOARD_QUIT_AFTER=quit_after)
    env.pop("PIONEER_BOARD_QUIT_AFTER_SHOW", None)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(data), *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def test_the_window_is_painted_before_anything_of_the_data_layer_is_imported(tmp_path: Path) -> None:
    assert _start(tmp_path / "data", "shown", "--demo", "--demo-members", "20") == "0 []"
    assert not (tmp_path / "data" / "pioneer-board.sqlite3").exists()  # it left before opening the data


def test_ready_waits_for_the_roster_rows(tmp_path: Path) -> None:
    out = _start(tmp_path / "data", "ready", "--demo", "--demo-members", "20")
    assert out.startswith("0 [") and "'ui.pages.roster'" in out and "'ui.pages.points'" not in out
    assert (tmp_path / "data" / "pioneer-board.sqlite3").exists()


def test_the_frame_shows_opening_and_the_navigation_without_data(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.opening.label.text() == "正在打开…"
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [page_title(s) for s in PAGES]
    window.say_opening("正在升级数据库")
    assert window.opening.label.text() == "正在升级数据库"
    window.show_page(1)  # nothing to show before the data is open
    assert window.pages.currentWidget() is window.opening


def test_the_titles_read_from_the_source_are_the_pages_titles() -> None:
    for spec in PAGES:
        page_class = page_factory(spec)
        assert isinstance(page_class, type)
        assert page_title(spec) == page_class.title, spec


def test_pages_are_built_on_first_visit(qtbot: QtBot, demo_copy: Database) -> None:
    window = MainWindow(demo_copy)
    qtbot.addWidget(window)
    assert isinstance(window._pages[0], RosterPage)
    assert all(p is None for p in window._pages[1:])
    organization = window.page(OrganizationPage)
    assert window._pages.index(organization) == 1
    window.nav.setCurrentRow(1)
    assert window.pages.currentIndex() == 1 and window.pages.currentWidget().isAncestorOf(organization)


def test_opening_an_old_database_says_it_upgrades(tmp_path: Path, qtbot: QtBot) -> None:
    from old_database import make_roster_only_database

    make_roster_only_database(tmp_path / "old")
    opener = Opener(tmp_path / "old")
    stages: list[str] = []
    opened: list[Database] = []
    opener.signals.stage.connect(stages.append)
    opener.signals.opened.connect(opened.append)
    opener.run()  # here, on this thread: the signals arrive at once
    assert any("升级数据库" in s for s in stages)
    assert len(opened) == 1 and opened[0].migration_backup
    opened[0].close()


def test_a_damaged_database_offers_a_restore_in_the_open_window(tmp_path: Path) -> None:
    # In a process of its own: main() runs (and ends) the event loop of its QApplication. The clerk declines
    # the offered restore (tests/gui/test_damaged_first_screen.py accepts it): the program ends with 2.
    data = tmp_path / "data"
    data.mkdir()
    (data / "pioneer-board.sqlite3").write_bytes(b"not a database" * 100)
    probe = (
        "import sys\n"
        "from PySide6.QtWidgets import QMessageBox\n"
        "QMessageBox.critical = staticmethod(lambda _parent, _title, text, *a: print('critical:', text))\n"
        "from ui import messages\n"
        "messages.confirm = lambda _parent, text, yes='': print('offered:', text.replace(chr(10), ' ')) and False\n"
        "from ui import main as ui_main\n"
        "print('code', ui_main.main(sys.argv[1:]))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("PIONEER_BOARD_QUIT_AFTER", None)
    env.pop("PIONEER_BOARD_QUIT_AFTER_SHOW", None)
    done = subprocess.run(
        [sys.executable, "-c", probe, "--data-dir", str(data)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    lines = done.stdout.strip().splitlines()
    assert lines[-1] == "code 2", done.stdout + done.stderr
    assert any(line.startswith("offered:") and "无法打开" in line and "从备份" in line for line in lines), (
        lines
    )


def test_finishing_an_interrupted_restore_is_said_while_it_works(tmp_path: Path, qtbot: QtBot) -> None:
    import json

    from app.backup.restore import JOURNAL
    from app.services.store import open_database

    open_database(tmp_path / "data").close()
    journal = {
        "state": "prepared",
        "old": "restore-old-1",
        "staging": "restore-staging-1",
        "source": "村.pbk",
    }
    (tmp_path / "data" / JOURNAL).write_text(json.dumps(journal), encoding="utf-8")
    opener = Opener(tmp_path / "data")
    stages: list[str] = []
    opened: list[Database] = []
    opener.signals.stage.connect(stages.append)
    opener.signals.opened.connect(opened.append)
    opener.run()
    assert any("恢复" in s for s in stages)
    assert len(opened) == 1 and opened[0].recovery_message and "村.pbk" in opened[0].recovery_message
    opened[0].close()


def test_every_area_is_in_the_navigation_without_scrolling_at_150_percent(qtbot: QtBot) -> None:
    """1366×768 at 150 % leaves about 910×485 points, 460 of them inside the window's frame: all areas must be in
    sight (the navigation shares its height among them)."""
    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(910, 460)
    window.show()
    qtbot.waitExposed(window)
    nav = window.nav
    last = nav.visualItemRect(nav.item(nav.count() - 1))
    assert last.bottom() <= nav.viewport().height(), "the last area is below the navigation's edge"
    assert nav.sizeHintForRow(0) >= nav.fontMetrics().height()  # rows are not squeezed below a line
