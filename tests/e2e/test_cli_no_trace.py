"""A refused command leaves the disk as it was: on a data folder that is not there yet, a refusal, a usage
error, --help or reading a backup elsewhere makes no folder; the first real run of a data command
makes it as always."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cli_run import run_text

NEW = "村里的新数据"


@pytest.fixture
def village(village_copy: Callable[[int, int], str], tmp_path: Path) -> Path:
    return Path(village_copy(30, 7))


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """Where a data folder that is not there yet would go (its parent is not there either)."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def _runs(capsys: pytest.CaptureFixture[str], data: Path, *argv: str) -> tuple[int, str]:
    code, _out, err = run_text(capsys, data, *argv)
    return code, err


def test_refusals_and_reads_make_no_data_folder(
    capsys: pytest.CaptureFixture[str], village: Path, elsewhere: Path
) -> None:
    code, _out, err = run_text(capsys, village, "backup", "create", str(elsewhere))
    assert code == 0, err
    (pbk,) = elsewhere.glob("*.pbk")
    sheet = elsewhere / "花名册.xlsx"
    assert run_text(capsys, village, "roster", "export", str(sheet))[0] == 0
    data = elsewhere / NEW / "数据"
    for argv, want in [
        (["backup", "restore", str(pbk)], 2),  # asks for --yes
        (["backup", "verify", str(pbk)], 0),  # reads a file outside the data folder
        (["backup", "verify", str(elsewhere / "没有.pbk")], 2),
        (["backup", "restore", str(elsewhere / "没有.pbk"), "--yes"], 2),
        (["roster"], 2),  # a usage error
        (["roster", "show", "nobody"], 2),  # opened the (new, empty) data, then refused
        (["roster", "add", "--name", ""], 2),
        (["roster", "import", str(sheet), "--dry-run"], 2),  # no organisation yet: refused
        (["roster", "import", str(elsewhere / "没有.xlsx")], 2),
        (["board", "commitments", "-o", str(elsewhere / "没有" / "榜.pdf")], 2),
    ]:
        code, err = _runs(capsys, data, *argv)
        assert code == want, f"{argv}: {err}"
        assert "意外" not in err
        assert sorted(p.name for p in elsewhere.iterdir()) == sorted([pbk.name, sheet.name]), argv
    with pytest.raises(SystemExit) as done:  # --help ends in argparse before any command runs
        from app.cli import build_parser

        build_parser(["--help"]).parse_args(["--data-dir", str(data), "--help"])
    assert done.value.code == 0 and not (elsewhere / NEW).exists()
    capsys.readouterr()


def test_the_first_run_of_a_data_command_makes_the_folder(
    capsys: pytest.CaptureFixture[str], elsewhere: Path
) -> None:
    data = elsewhere / NEW / "数据"
    code, err = _runs(capsys, data, "roster", "list", "--json")
    assert code == 0, err
    assert (data / "pioneer-board.sqlite3").is_file() and (data / "logs").is_dir()
    # Once it is there, a refusal leaves it (and its data) as it is.
    code, err = _runs(capsys, data, "roster", "show", "nobody")
    assert code == 2 and (data / "pioneer-board.sqlite3").is_file()


def test_a_data_folder_that_is_there_is_never_removed(
    capsys: pytest.CaptureFixture[str], elsewhere: Path
) -> None:
    """An empty folder the clerk made for the data is not "new": a refusal does not take it away."""
    data = elsewhere / NEW
    data.mkdir()
    code, _err = _runs(capsys, data, "roster", "show", "nobody")
    assert code == 2 and data.is_dir()


def test_a_refusal_after_something_was_stored_keeps_the_new_folder(
    capsys: pytest.CaptureFixture[str], elsewhere: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Exit 2 with part of the work done (a township import merges some packages and refuses one): the folder
    made for the data stays, with what was stored in it."""
    from app.cli import roster as roster_cli

    done_then_refused = roster_cli.cmd_org_init

    def init_then_refuse(ctx: object, args: object) -> int:
        done_then_refused(ctx, args)  # type: ignore[arg-type]
        return 2

    monkeypatch.setattr(roster_cli, "cmd_org_init", init_then_refuse)
    data = elsewhere / NEW
    code, _err = _runs(capsys, data, "org", "init", "--name", "丁新村党总支")
    assert code == 2 and (data / "pioneer-board.sqlite3").is_file()
    monkeypatch.undo()
    code, out, _err = run_text(capsys, data, "org", "list", "--json")
    assert code == 0 and "丁新村党总支" in out
