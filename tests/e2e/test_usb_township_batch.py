"""`township import` of a batch from several sticks: a damaged package, one from a newer program, an encrypted one
with the wrong passphrase are each refused alone (in Chinese, named), the good ones — one of them written by an
older program — merge; the refused leave no trace, and the whole batch again changes nothing."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from cli_run import run, table_digest

from app.backup import crypto, package
from app.db.database import Database, head_revision
from app.demo.township import make_village_packages
from app.services import organizations
from app.services.store import open_database


@pytest.fixture(scope="module")
def sticks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("sticks")
    good = make_village_packages(base / "good", 4, members=6)
    damaged = base / "第二村-坏的.pbk"
    damaged.write_bytes(good[1].read_bytes()[: len(good[1].read_bytes()) * 2 // 3])
    newer = base / "第三村-新版.pbk"
    work = base / "rebuild"
    with zipfile.ZipFile(good[2]) as zf:
        zf.extractall(work)
    conn = sqlite3.connect(work / "database.sqlite3")
    conn.execute("INSERT INTO alembic_version VALUES ('0999_future')")
    conn.commit()
    conn.close()
    manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
    manifest.pop("files")
    manifest.update(schema_revision=head_revision() + "+0999_future", program_version="9.0")
    package.build_zip(work / "database.sqlite3", sorted((work / "photos").iterdir()), manifest, newer)
    from old_database import make_roster_only_database

    make_roster_only_database(base / "old", org="老村党支部")
    db = open_database(base / "old")
    older = Path(str(db.migration_backup))
    db.close()
    sealed = base / "第四村-加密.pbk"
    with open(good[3], "rb") as src, open(sealed, "wb") as dst:
        crypto.encrypt_stream(src, dst, "村里的密码12345", n=1 << 10)
    (base / "wrong.txt").write_text("乡镇猜的密码0000\n", encoding="utf-8")
    return {"first": good[0], "damaged": damaged, "newer": newer, "older": older, "sealed": sealed,
            "wrong": base / "wrong.txt"}  # fmt: skip


def test_each_bad_package_is_refused_alone_and_the_good_ones_merge(
    sticks: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    town = tmp_path / "town"
    db = Database.open(town)
    organizations.set_up(db, "仓前镇党委", "党委")
    db.close()
    batch = [str(sticks[k]) for k in ("first", "damaged", "newer", "older", "sealed")]
    code, out, err = run(
        capsys, town, "township", "import", *batch, "--passphrase-file", str(sticks["wrong"]), "--json"
    )
    assert code == 2, err  # not everything was merged
    reports = {Path(b).name: r for b, r in zip(batch, json.loads(out), strict=True)}
    merged = [name for name, r in reports.items() if r["refused_reason"] is None]
    assert merged == [sticks["first"].name, sticks["older"].name], reports
    for key, words in (("damaged", "损坏"), ("newer", "更新版本"), ("sealed", "密码")):
        reason = reports[sticks[key].name]["refused_reason"]
        assert words in reason, reason
        assert f"{sticks[key]}：未导入：" in err
        assert not sum(reports[sticks[key].name]["added"].values())
    code, villages, _ = run(capsys, town, "township", "list", "--json")
    assert sorted(v["unit_name"] for v in villages) == sorted(
        ["老村党支部", reports[sticks["first"].name]["village"]]
    )
    assert not [p.name for p in town.iterdir() if p.name.startswith(("pbk-", "restore-", ".backup-work-"))]
    assert run(capsys, town, "check")[0] == 0
    before = table_digest(town)
    code, out, err = run(
        capsys, town, "township", "import", *batch, "--passphrase-file", str(sticks["wrong"]), "--json"
    )
    assert code == 2, err
    assert (
        table_digest(town) == before
    )  # the same batch again: the good ones unchanged, the bad ones refused again
    shutil.rmtree(town)
