"""Issue 13, item 9: input the program cannot take is exit 2 with a Chinese reason, never exit 1."""

from __future__ import annotations

import errno
from pathlib import Path

import import_formats
import pytest
from cli_run import run

from app.db.database import Database


@pytest.fixture
def village(demo_copy: Database) -> Path:
    root = demo_copy.data_dir.root
    demo_copy.close()
    return root


def first_member(capsys: pytest.CaptureFixture[str], root: Path) -> str:
    code, members, err = run(capsys, root, "roster", "list", "--json")
    assert code == 0, err
    return str(members[0]["id"])


def test_huge_numbers_and_far_dates(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    member = first_member(capsys, village)
    code, _, err = run(capsys, village, "roster", "set", member, "党龄校正=99999999999999999999999")
    assert code == 2 and "党龄校正" in err
    code, _, err = run(
        capsys, village, "points", "add", "--member", member, "--indicator", "主题党日",
        "--date", "2026-07-01", "--times", "100000000000000000000000",
    )  # fmt: skip
    assert code == 2, err
    pdf = str(village.parent / "x.pdf")
    code, _, err = run(
        capsys, village, "board", "stars", "--period", "2026Q3", "-o", pdf, "--date", "9999-12-31"
    )
    assert code == 2 and "超出范围" in err
    code, _, err = run(
        capsys, village, "board", "stars", "--period", "2026Q3", "-o", pdf, "--days", "1" + "0" * 20
    )
    assert code == 2 and "超出范围" in err


def test_export_onto_a_read_only_or_full_target(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.excel import files

    def read_only(*_a: object, **_k: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, "Read-only file system")

    with monkeypatch.context() as m:
        m.setattr(files, "temporary_beside", read_only)
        code, _, err = run(capsys, village, "roster", "export", str(tmp_path / "x.xlsx"))
    assert code == 2 and "只读" in err

    def full(*_a: object, **_k: object) -> tuple[int, str]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "temporary_beside", full)
    code, _, err = run(capsys, village, "roster", "export", str(tmp_path / "x.xlsx"))
    assert code == 2 and "磁盘已满" in err
    sheet = import_formats.build_talent_centre(tmp_path / "人才中心.xlsx")
    monkeypatch.undo()
    monkeypatch.setattr(files, "temporary_beside", read_only)
    code, _, err = run(
        capsys, village, "roster", "import", str(sheet), "--errors-to", str(tmp_path / "e.xlsx")
    )
    assert code == 2 and "只读" in err
    assert not list(tmp_path.glob("*.xlsx.part"))


def test_full_disk_during_the_safety_backup_before_an_import(
    village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.services import backup

    def full(*_a: object, **_k: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(village / "backups" / "x.pbk"))

    monkeypatch.setattr(backup, "auto_backup", full)
    sheet = import_formats.build_plain(tmp_path / "花名册.xlsx")
    before = first_member(capsys, village)
    code, _, err = run(capsys, village, "roster", "import", str(sheet))
    assert code == 2 and "磁盘已满" in err and "剩余" in err
    assert first_member(capsys, village) == before


def test_non_utf8_arguments(village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, village, "roster", "show", "\udcff\udcfe")
    assert code == 2 and "UTF-8" in err
    assert "Logging error" not in err and "Traceback" not in err
