"""Issue 13, item 13: a read-only data folder still lists, checks and backs up; a change is refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_run import run

from app.db.database import Database
from app.paths import DataDir


@pytest.fixture
def read_only_village(demo_copy: Database, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = demo_copy.data_dir.root
    demo_copy.close()
    # As on a stick with its write switch on (tests run as any user, so the folder itself stays writable).
    monkeypatch.setattr(DataDir, "writable", lambda _self: False)
    return root


def test_reading_commands_work(read_only_village: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, members, err = run(capsys, read_only_village, "roster", "list", "--json")
    assert code == 0, err
    assert len(members) > 0
    assert run(capsys, read_only_village, "check")[0] == 0


def test_backup_of_a_read_only_folder(
    read_only_village: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, err = run(capsys, read_only_village, "backup", "create", str(usb))
    assert code == 0, err
    assert Path(out.strip()).is_file()
    assert not list(read_only_village.glob(".backup-work-*"))


def test_a_change_is_refused_with_a_reason(
    read_only_village: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, members, err = run(capsys, read_only_village, "roster", "list", "--json")
    assert code == 0, err
    member = members[0]["id"]
    code, _, err = run(capsys, read_only_village, "roster", "set", member, "备注=只读")
    assert code == 2 and "只读" in err and "Traceback" not in err
