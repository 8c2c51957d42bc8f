"""乡镇汇总: hidden on a village PC from the first paint; on a township database it lists the merged villages,
imports several packages at once in a worker (an encrypted one after its passphrase), and compares the villages."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.demo.township import make_village_packages
from app.services import backup, organizations, township
from app.services.store import Database
from ui.main_window import PAGES, MainWindow
from ui.pages import township as township_page

INDEX = next(i for i, spec in enumerate(PAGES) if spec.startswith("ui.pages.township:"))


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_village_packages(tmp_path_factory.mktemp("packages"), 3, members=12, seed=9)


def test_hidden_on_a_village_pc(qtbot: QtBot, demo_copy: Database) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.nav.item(INDEX).isHidden()  # before the data is open too
    window.attach(demo_copy)
    assert window.nav.item(INDEX).isHidden()
    window.shutdown()


def test_import_several_packages_and_compare(
    qtbot: QtBot,
    empty_db: Database,
    packages: list[Path],
    tmp_path: Path,
    said: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    organizations.set_up(empty_db, "仓前镇党委", "党委")
    township.import_package(empty_db, packages[0])
    # The third village sends an encrypted package.
    village = backup.restore(Database.open(tmp_path / "village"), packages[2], safety_backup=False).db
    (tmp_path / "usb").mkdir()
    secret = backup.create(village, tmp_path / "usb", passphrase="第三村的密码", kdf_n=1 << 10).path
    village.close()
    window = MainWindow(empty_db)
    qtbot.addWidget(window)
    assert not window.nav.item(INDEX).isHidden()
    window.nav.setCurrentRow(INDEX)
    page = window.current_page()
    assert isinstance(page, township_page.TownshipPage)
    assert page.villages.rowCount() == 1
    asked: list[str] = []
    monkeypatch.setattr(
        township_page, "ask_files", lambda _p: [str(packages[0]), str(packages[1]), str(secret)]
    )
    monkeypatch.setattr(
        township_page, "ask_passphrase", lambda _p, name: asked.append(name) or "第三村的密码"
    )
    page.import_packages()
    assert asked == [secret.name]
    report = said[-1].splitlines()
    assert (
        len(report) == 3 and "新增 0 条" in report[0] and "新增" in report[1] and "第3村党总支" in report[2]
    )
    assert page.villages.rowCount() == 3
    assert [page.comparison.rows[i]["unit"] for i in range(4)] == [
        "第1村党总支",
        "第2村党总支",
        "第3村党总支",
        "合计",
    ]
    window.shutdown()


def test_fourteen_areas_fit_the_navigation_at_150_percent_on_a_township(
    qtbot: QtBot, empty_db: Database, packages: list[Path]
) -> None:
    """On a township the 乡镇汇总 area is the 14th: at 1366×768 and 150 % (about 910×460 points inside the frame)
    every area is still in sight."""
    organizations.set_up(empty_db, "仓前镇党委", "党委")
    township.import_package(empty_db, packages[1])
    window = MainWindow(empty_db)
    qtbot.addWidget(window)
    window.resize(910, 460)
    window.show()
    qtbot.waitExposed(window)
    nav = window.nav
    visible = [nav.item(i) for i in range(nav.count()) if not nav.item(i).isHidden()]
    assert len(visible) == len(PAGES)  # 14 with 乡镇汇总
    for item in visible:
        assert nav.visualItemRect(item).bottom() <= nav.viewport().height(), item.text()
    assert nav.sizeHintForRow(0) >= nav.fontMetrics().height()
    window.shutdown()


def test_only_a_manager_sees_it_once_accounts_exist(
    qtbot: QtBot, empty_db: Database, packages: list[Path]
) -> None:
    from app.services import accounts

    organizations.set_up(empty_db, "仓前镇党委", "党委")
    township.import_package(empty_db, packages[0])
    village = next(u for u in organizations.units(empty_db) if u.parent_id is not None)
    accounts.create_account(empty_db, "boss", "boss-secret-1", "管理员")
    accounts.login(empty_db, "boss", "boss-secret-1")
    accounts.create_account(empty_db, "zhang", "zhang-secret-2", "书记/党务", village.id)
    for name, password, shown in (("zhang", "zhang-secret-2", False), ("boss", "boss-secret-1", True)):
        accounts.login(empty_db, name, password)
        window = MainWindow(empty_db)
        qtbot.addWidget(window)
        assert window.nav.item(INDEX).isHidden() is not shown, name
        window.shutdown()


def test_first_run_on_a_township_server_says_so_and_offers_no_demo(
    qtbot: QtBot, empty_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.dialogs.first_run import FirstRunDialog

    monkeypatch.setattr(Database, "on_server", property(lambda _self: True))
    dialog = FirstRunDialog(empty_db)
    qtbot.addWidget(dialog)
    intro = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "只保存在这台电脑上" not in intro and "服务器" in intro
    assert dialog.kind.currentText() == "党委" and "镇" in dialog.name.placeholderText()
    assert dialog.demo_button.isHidden()


def test_a_village_sharing_a_name_is_given_another_in_the_page(
    qtbot: QtBot, empty_db: Database, packages: list[Path], said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    organizations.set_up(empty_db, "仓前镇党委", "党委")
    township.import_package(empty_db, packages[1], as_unit="第1村党总支")  # another village took the name
    window = MainWindow(empty_db)
    qtbot.addWidget(window)
    window.nav.setCurrentRow(INDEX)
    page = window.current_page()
    assert isinstance(page, township_page.TownshipPage)
    asked: list[str] = []
    monkeypatch.setattr(township_page, "ask_files", lambda _p: [str(packages[0])])
    monkeypatch.setattr(
        township_page, "ask_unit_name", lambda _p, _f, taken: asked.append(taken) or "第1村党总支（东）"
    )
    page.import_packages()
    assert asked == ["第1村党总支"]
    assert "第1村党总支（东），新增" in said[-1] and "--as-unit" not in said[-1]
    assert sorted(v.unit_name for v in township.villages(empty_db)) == ["第1村党总支", "第1村党总支（东）"]
    window.shutdown()
