"""`backup` CLI: exit codes and messages for the clerk (0 done, 2 refused with nothing changed)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app import demo
from app.cli import main
from app.db.database import Database


@pytest.fixture(scope="module")
def village(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli-village") / "data"
    db = Database.open(root)
    demo.make_demo(db, members=40, seed=11)
    db.close()
    return root


@pytest.fixture
def data(village: Path, tmp_path: Path) -> str:
    shutil.copytree(village, tmp_path / "data")
    return str(tmp_path / "data")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_create_verify_restore(data: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, err = _run(capsys, "--data-dir", data, "backup", "create", str(usb), "--json")
    assert code == 0, err
    result = json.loads(out)
    path = Path(result["path"])
    assert path.exists() and result["manifest"]["counts"]["members"] == 40
    assert "检查无误" in err
    code, out, err = _run(capsys, "--data-dir", data, "backup", "verify", str(path))
    assert code == 0 and "完好" in err
    code, out, err = _run(capsys, "--data-dir", data, "backup", "restore", str(path))
    assert code == 2 and "--yes" in err
    code, out, err = _run(capsys, "--data-dir", data, "backup", "restore", str(path), "--yes", "--json")
    assert code == 0, err
    assert json.loads(out)["safety_backup"]
    code, out, err = _run(capsys, "--data-dir", data, "backup", "list", "--json")
    assert code == 0 and json.loads(out)[0]["reason"] == "before-restore"
    code, out, err = _run(capsys, "--data-dir", data, "backup", "prune")
    assert code == 0


def test_refusals_exit_2_with_a_reason(data: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    good = tmp_path / "pw.txt"
    good.write_text("正确的密码就是这句\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("wrong\n", encoding="utf-8")
    code, out, _err = _run(
        capsys, "--data-dir", data, "backup", "create", str(usb), "--passphrase-file", str(good)
    )
    assert code == 0
    sealed = Path(out.strip())
    for argv, words in [
        (["verify", str(sealed), "--passphrase-file", str(bad)], "密码错误"),
        (["restore", str(sealed), "--passphrase-file", str(bad), "--yes"], "密码错误"),
        (["verify", str(sealed)], "已加密"),
        (["create", str(tmp_path / "no-such-stick")], "U盘可能已拔出"),
        (["verify", str(tmp_path / "missing.pbk")], "找不到备份文件"),
    ]:
        code, _out, err = _run(capsys, "--data-dir", data, "backup", *argv)
        assert code == 2 and words in err, (argv, err)
    truncated = tmp_path / "truncated.pbk"
    truncated.write_bytes(sealed.read_bytes()[:-100])
    code, _out, err = _run(
        capsys,
        "--data-dir",
        data,
        "backup",
        "restore",
        str(truncated),
        "--passphrase-file",
        str(good),
        "--yes",
    )
    assert code == 2 and "损坏" in err
    assert list(Path(data, "backups").glob("*.pbk")) == []  # nothing changed, not even a safety backup
