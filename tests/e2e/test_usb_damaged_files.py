"""A backup file damaged in every way a USB stick damages it, through the CLI: `backup verify` and `backup restore`
refuse each with a clear Chinese message (exit 2) and leave every table as it was. An older program's backup
restores and is upgraded."""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_run import run, table_digest

from app import demo
from app.backup import package
from app.db.database import Database, head_revision
from app.services.store import open_database

FAST_KDF = 1 << 10


@pytest.fixture(scope="module")
def stick(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A village's data folder, a plain and an encrypted backup of it, and the passphrase files."""
    base = tmp_path_factory.mktemp("usb")
    db = Database.open(base / "data")
    demo.make_demo(db, members=30, seed=3)
    usb = base / "usb"
    usb.mkdir()
    plain = package.create_backup(db.engine, db.data_dir, usb).path
    sealed = package.create_backup(
        db.engine, db.data_dir, usb, passphrase="长长的密码1234", kdf_n=FAST_KDF
    ).path
    db.close()
    (base / "right.txt").write_text("长长的密码1234\n", encoding="utf-8")
    (base / "wrong.txt").write_text("不对的密码5678\n", encoding="utf-8")
    return {"data": base / "data", "plain": plain, "sealed": sealed, "base": base}


def _truncated(at: float) -> Callable[[bytes], bytes]:
    return lambda b: b[: int(len(b) * at)]


def _flipped(b: bytes) -> bytes:
    middle = len(b) // 2
    return b[:middle] + bytes([b[middle] ^ 0x40]) + b[middle + 1 :]


def _zero_tail(b: bytes) -> bytes:
    keep = len(b) * 3 // 4
    return b[:keep] + bytes(
        len(b) - keep
    )  # a FAT stick pulled out: the size is right, the last clusters are not


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "截断 1%": _truncated(0.01),
    "截断一半": _truncated(0.5),
    "截断 99%": _truncated(0.99),
    "少最后一个字节": lambda b: b[:-1],
    "中间一个字节翻转": _flipped,
    "尾部全是零": _zero_tail,
    "空文件": lambda b: b"",
}


def _damaged(stick: dict[str, Path], key: str, how: str, tmp_path: Path) -> Path:
    out = tmp_path / f"坏的-{key}.pbk"
    out.write_bytes(DAMAGE[how](stick[key].read_bytes()))
    return out


def _copy_data(stick: dict[str, Path], tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(stick["data"], data)
    return data


def _refused_both_ways(
    capsys: pytest.CaptureFixture[str], data: Path, file: Path, *extra: str
) -> tuple[str, str]:
    before = table_digest(data)
    files_before = sorted(p.name for p in data.iterdir())
    code, _, verify_err = run(capsys, data, "backup", "verify", str(file), *extra)
    assert code == 2, verify_err
    code, _, restore_err = run(capsys, data, "backup", "restore", str(file), "--yes", *extra)
    assert code == 2, restore_err
    assert table_digest(data) == before
    assert (
        sorted(p.name for p in data.iterdir()) == files_before
    )  # no staging, journal or scratch left behind
    for err in (verify_err, restore_err):
        assert "Traceback" not in err and any("\u4e00" <= ch <= "\u9fff" for ch in err)
    return verify_err, restore_err


@pytest.mark.parametrize("how", list(DAMAGE))
@pytest.mark.parametrize("key", ["plain", "sealed"])
def test_a_damaged_backup_is_refused_and_nothing_changes(
    stick: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], key: str, how: str
) -> None:
    data = _copy_data(stick, tmp_path)
    extra = ("--passphrase-file", str(stick["base"] / "right.txt")) if key == "sealed" else ()
    errs = _refused_both_ways(capsys, data, _damaged(stick, key, how, tmp_path), *extra)
    for err in errs:
        assert any(word in err for word in ("损坏", "不是先锋榜的备份", "空的", "截断", "不完整")), err


def test_an_empty_or_zeroed_file_is_called_empty(
    stick: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FAT stick pulled out before its table was written keeps the name and size with zeros, or nothing."""
    data = _copy_data(stick, tmp_path)
    for name, content in (("空.pbk", b""), ("全零.pbk", bytes(50_000))):
        (tmp_path / name).write_bytes(content)
        for err in _refused_both_ways(capsys, data, tmp_path / name):
            assert "是空的" in err, err


def test_a_backup_renamed_zip_is_still_checked_and_a_plain_zip_is_refused(
    stick: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _copy_data(stick, tmp_path)
    renamed = tmp_path / "备份.zip"
    shutil.copy(stick["plain"], renamed)
    code, _, err = run(capsys, data, "backup", "verify", str(renamed))
    assert code == 0, err  # the name does not matter, the contents do
    other = tmp_path / "照片.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("a.txt", "不是备份")
    verify_err, _ = _refused_both_ways(capsys, data, other)
    assert "不是先锋榜的备份" in verify_err or "损坏" in verify_err


def test_a_folder_or_a_missing_file_is_refused(
    stick: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _copy_data(stick, tmp_path)
    _refused_both_ways(capsys, data, tmp_path / "没有这个文件.pbk")
    _refused_both_ways(capsys, data, tmp_path)


def test_wrong_or_missing_passphrase_is_refused(
    stick: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _copy_data(stick, tmp_path)
    wrong, _ = _refused_both_ways(
        capsys, data, stick["sealed"], "--passphrase-file", str(stick["base"] / "wrong.txt")
    )
    assert "密码" in wrong
    none, _ = _refused_both_ways(capsys, data, stick["sealed"])
    assert "密码" in none and "加密" in none


def _rewritten(stick: dict[str, Path], tmp_path: Path, revision: str, version: str) -> Path:
    """A well-signed backup as another program version would have written it."""
    work = tmp_path / "rebuild"
    with zipfile.ZipFile(stick["plain"]) as zf:
        zf.extractall(work)
    conn = sqlite3.connect(work / "database.sqlite3")
    conn.execute("DELETE FROM alembic_version")
    for part in revision.split("+"):
        conn.execute("INSERT INTO alembic_version VALUES (?)", (part,))
    conn.commit()
    conn.close()
    import json

    manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
    manifest.pop("files")
    manifest.update(schema_revision=revision, program_version=version)
    out = tmp_path / "newer.pbk"
    package.build_zip(work / "database.sqlite3", sorted((work / "photos").iterdir()), manifest, out)
    return out


def test_a_newer_programs_backup_is_refused(
    stick: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _copy_data(stick, tmp_path)
    newer = _rewritten(stick, tmp_path, head_revision() + "+0999_future", "9.0")
    for err in _refused_both_ways(capsys, data, newer):
        assert "更新版本" in err


def test_an_older_programs_backup_restores_and_is_upgraded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from old_database import make_roster_only_database

    make_roster_only_database(tmp_path / "old", members=(("m1", "曾小红", "在册"), ("m2", "王小明", "在册")))
    db = open_database(
        tmp_path / "old"
    )  # the upgrade keeps a backup of the old data, as the old program wrote it
    old_backup = Path(str(db.migration_backup))
    db.close()
    data = tmp_path / "new-pc"
    assert run(capsys, data, "demo", "--members", "5")[0] == 0
    code, out, err = run(capsys, data, "backup", "restore", str(old_backup), "--yes", "--json")
    assert code == 0, err
    assert out["migrated"] is True and "已升级" in err
    code, members, _ = run(capsys, data, "roster", "list", "--json")
    assert sorted(m["name"] for m in members) == ["曾小红", "王小明"]
    assert run(capsys, data, "check")[0] == 0
