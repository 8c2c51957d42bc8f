"""A file the system refuses is a calm refusal in the GUI: the folder gone, the USB stick pulled out, a full or
read-only disk, a name too long — the clerk sees which file and what to do (ui.messages.file_problem), never
the apology for an unexpected error, and the data stays as it was."""

from __future__ import annotations

import errno
import logging
from pathlib import Path
from typing import Any, NoReturn

import pytest
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain.disk_errors import FILE_PROBLEM_ADVICE, file_problem_message, is_file_problem
from app.services import backup as backups, reports
from ui.kit import export
from ui.kit.page import attempt

LONG_NAME = "长" * 300  # no file system takes a name of 300 characters


def _facts(db: Database) -> Any:
    return backups.current_facts(db)


def _calm(said: list[str], name: str = "") -> str:
    """The one warning the clerk saw: the calm file message (which names ``name``), not an apology."""
    warnings = [s.removeprefix("WARN ") for s in said if s.startswith("WARN ")]
    assert len(warnings) == 1, said
    text = warnings[0]
    assert "意外" not in text and "日志" not in text
    assert name[:20] in text
    return text


def _raiser(code: int, filename: str) -> Any:
    def fail(*_args: Any, **_kwargs: Any) -> NoReturn:
        raise OSError(code, "system words", filename)

    return fail


# ---- the one mapping -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (errno.ENOENT, "找不到"),
        (errno.ENAMETOOLONG, "太长"),
        (errno.ENOSPC, "磁盘已满"),
        (errno.EIO, "U盘"),
        (errno.EROFS, "只读"),
        (errno.EACCES, "没有权限"),
    ],
)
def test_attempt_tells_a_file_problem_calmly(
    qtbot: QtBot, said: list[str], caplog: pytest.LogCaptureFixture, code: int, words: str
) -> None:
    with caplog.at_level(logging.WARNING):
        assert attempt(None, _raiser(code, "/media/u/村账本.xlsx")) is None
    text = _calm(said, "村账本.xlsx")
    assert words in text and FILE_PROBLEM_ADVICE in text
    assert [r.levelno for r in caplog.records if "file refused" in r.getMessage()] == [logging.WARNING]


def test_a_bug_still_reaches_the_apology(said: list[str]) -> None:
    """An operating-system error that is not about a chosen file (a closed descriptor) is a programming error."""
    with pytest.raises(OSError):
        attempt(None, _raiser(errno.EBADF, ""))
    assert not is_file_problem(ValueError("x")) and not is_file_problem(OSError(errno.ENOENT, "no name"))
    assert not said


def test_the_name_is_cut_and_the_disk_errors_need_no_name() -> None:
    text = file_problem_message(
        OSError(errno.ENAMETOOLONG, "File name too long", "/tmp/" + LONG_NAME + ".pdf")
    )
    assert "“" + "长" * 34 + "…长.pdf”" in text
    assert is_file_problem(OSError(errno.EIO, "Input/output error"))  # a write on a file the stick took away
    assert file_problem_message(OSError(errno.ENOSPC, "No space left")).startswith("无法使用文件：磁盘已满")


def test_a_file_problem_outside_attempt_is_calm_too(
    tmp_path: Path, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net: an OSError about a file that reaches the program's exception hook is not an apology."""
    from app.paths import DataDir
    from ui.dialogs import apology
    from ui.main import _excepthook

    apologies: list[str] = []
    monkeypatch.setattr(apology, "show_apology", lambda details, _log: apologies.append(details))
    hook: Any = _excepthook(DataDir(tmp_path / "data"))
    error = FileNotFoundError(errno.ENOENT, "No such file or directory", "/media/u/照片.jpg")
    hook(type(error), error, None)
    assert not apologies and "照片.jpg" in _calm(said)
    hook(RuntimeError, RuntimeError("boom"), None)
    assert apologies and "boom" not in "".join(said)


# ---- the flows that write or read a file the clerk chose ---------------------------------------------------


@pytest.mark.parametrize("where", ["gone/名单.xlsx", LONG_NAME + ".xlsx"])
def test_excel_export_to_an_unusable_path(
    demo_copy: Database,
    qtbot: QtBot,
    said: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    from ui.pages.year_end import YearEndPage

    page = YearEndPage(demo_copy)
    qtbot.addWidget(page)
    page.refresh()
    monkeypatch.setattr(export, "ask_path", lambda _parent, _title: str(tmp_path / where))
    assert export.export_view(page, demo_copy, page.view, "评议") is None
    text = _calm(said)
    assert "gone”不存在" in text if where.startswith("gone") else FILE_PROBLEM_ADVICE in text
    assert list(tmp_path.iterdir()) == ([tmp_path / "data"] if (tmp_path / "data").exists() else [])


def test_excel_export_to_a_full_disk(
    demo_copy: Database, qtbot: QtBot, said: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.pages.statistics import StatisticsPage

    page = StatisticsPage(demo_copy)
    qtbot.addWidget(page)
    dest = tmp_path / "统计.xlsx"
    monkeypatch.setattr(reports, "export_charts", _raiser(errno.ENOSPC, str(dest)))
    monkeypatch.setattr("ui.pages.statistics.QFileDialog.getSaveFileName", lambda *_a: (str(dest), ""))
    page.export_excel()
    assert "磁盘已满" in _calm(said, "统计.xlsx") and not dest.exists()


@pytest.mark.parametrize("where", ["gone/公示栏.pdf", LONG_NAME + ".pdf"])
def test_board_pdf_to_an_unusable_path(
    demo_copy: Database, qtbot: QtBot, said: list[str], tmp_path: Path, where: str
) -> None:
    from ui.pages.boards import BoardsPage

    page = BoardsPage(demo_copy)
    qtbot.addWidget(page)
    page.kind.setCurrentIndex(page.kind.findData("commitments"))
    before = _facts(demo_copy)
    assert page.save_to(str(tmp_path / where)) is None
    text = _calm(said, Path(where).name)  # the file chosen, not the temporary one beside it, nor the folder
    assert FILE_PROBLEM_ADVICE in text and str(tmp_path) not in text
    assert _facts(demo_copy) == before
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".part"]


def test_board_pdf_on_a_stick_pulled_out(
    demo_copy: Database, qtbot: QtBot, said: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services import boards
    from ui.pages.boards import BoardsPage

    page = BoardsPage(demo_copy)
    qtbot.addWidget(page)
    out = tmp_path / "公示栏.pdf"
    monkeypatch.setattr(boards, "render", _raiser(errno.EIO, str(out)))
    assert page.save_to(str(out)) is None
    assert "U盘" in _calm(said, "公示栏.pdf")


@pytest.fixture
def backup_page(demo_copy: Database, qtbot: QtBot) -> Any:
    from ui.pages.backup import BackupPage

    page = BackupPage(demo_copy)
    qtbot.addWidget(page)
    return page


def test_backup_to_a_stick_pulled_out_midway(
    backup_page: Any, said: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    before = _facts(backup_page.db)
    monkeypatch.setattr(backups, "create", _raiser(errno.EIO, str(usb / "备份.pbk.part")))
    assert backup_page.backup_to(usb) is None
    text = _calm(said, "备份.pbk.part")
    assert text.startswith("备份没有完成：无法使用文件") and "U盘" in text
    assert "意外" not in backup_page.result.text()
    assert _facts(backup_page.db) == before


@pytest.mark.parametrize("where", ["gone/备份.pbk", LONG_NAME + ".pbk"])
def test_verify_a_backup_that_cannot_be_read(
    backup_page: Any, said: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    assert backup_page.verify(tmp_path / where) is None
    _calm(said)


def test_verify_on_a_stick_pulled_out(
    backup_page: Any, said: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = backup_page.backup_to(tmp_path)
    assert path is not None
    said.clear()
    monkeypatch.setattr(backups, "verify", _raiser(errno.EIO, str(path)))
    assert backup_page.verify(path) is None
    assert "U盘" in _calm(said, path.name)


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_restore_refused_by_the_disk_leaves_the_data(
    backup_page: Any, said: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    from ui.dialogs import backup_dialogs

    path = backup_page.backup_to(tmp_path)
    assert path is not None
    said.clear()
    before = _facts(backup_page.db)
    monkeypatch.setattr(backup_dialogs, "confirm_restore", lambda _parent, _text: True)
    monkeypatch.setattr(backups, "restore", _raiser(code, str(path)))
    assert backup_page.restore(path) is None
    assert _calm(said, path.name).startswith("没有恢复，当前数据没有改动：无法使用文件")
    assert _facts(backup_page.db) == before


def test_roster_export_with_a_name_too_long(
    demo_copy: Database, qtbot: QtBot, said: list[str], tmp_path: Path
) -> None:
    from ui.dialogs.import_wizard import ExportDialog

    dialog = ExportDialog(demo_copy)
    qtbot.addWidget(dialog)
    dialog.export(tmp_path / (LONG_NAME + ".xlsx"))
    _calm(said)
    assert dialog.exported is None and list(tmp_path.iterdir()) == [tmp_path / "data"]


def test_roster_import_of_a_file_on_a_stick_pulled_out(
    demo_copy: Database, qtbot: QtBot, said: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services import roster_excel
    from ui.dialogs.import_wizard import ImportWizard

    wizard = ImportWizard(demo_copy)
    qtbot.addWidget(wizard)
    before = _facts(demo_copy)
    source = tmp_path / "花名册.xlsx"
    monkeypatch.setattr(roster_excel, "read_table", _raiser(errno.EIO, str(source)))
    assert not wizard.load(source)
    assert "U盘" in _calm(said, "花名册.xlsx")
    assert _facts(demo_copy) == before


def test_registered_sheet_to_a_folder_that_is_gone(
    demo_copy: Database, qtbot: QtBot, said: list[str], tmp_path: Path
) -> None:
    from app.services.residents import people
    from ui.pages.projects import ProjectsPage

    page = ProjectsPage(demo_copy)
    qtbot.addWidget(page)
    person = people.add_person(
        demo_copy, people.PersonDraft(name="在职赵", roles=["报到党员"], organization="区教育局党支部")
    )
    for name in ("gone/赵.pdf", "gone/赵.xlsx", LONG_NAME + ".xlsx"):
        said.clear()
        assert not page.teams.save_registered_sheet(person, 2026, tmp_path / name)
        _calm(said)


def test_member_photo_from_a_stick_pulled_out(
    demo_copy: Database, qtbot: QtBot, said: list[str], tmp_path: Path
) -> None:
    from ui.dialogs.member_photo import PhotoField

    box = PhotoField(demo_copy)
    qtbot.addWidget(box)
    assert not box.set_file(tmp_path / "gone" / "照片.jpg")
    assert "找不到" in _calm(said, "照片.jpg")
