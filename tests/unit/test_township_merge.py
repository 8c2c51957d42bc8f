"""`township import`: 35 villages' packages merged under the township root by stable ids, on both backends."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cli import main
from app.db.models import Member, Organization
from app.demo.township import make_village_packages
from app.domain.errors import UserError
from app.services import organizations, township
from app.services.store import Database

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url

VILLAGES = 35
MEMBERS = 10


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_village_packages(tmp_path_factory.mktemp("packages"), VILLAGES, members=MEMBERS)


@pytest.fixture
def town(empty_db: Database) -> Database:
    organizations.set_up(empty_db, "仓前镇党委", "党委")
    return empty_db


def _members(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Member)) or 0)


def test_35_villages_merge_once_and_again_without_duplicates(town: Database, packages: list[Path]) -> None:
    first = [township.import_package(town, p) for p in packages]
    assert all(r.refused_reason is None for r in first)
    assert all(sum(r.added.values()) > 0 and not sum(r.updated.values()) for r in first)
    assert _members(town) == VILLAGES * MEMBERS
    assert len(township.villages(town)) == VILLAGES
    root = organizations.root(town)
    assert root is not None
    with town.session() as s:
        units = s.scalars(select(Organization.name).where(Organization.parent_id == root.id)).all()
    assert sorted(units) == sorted(f"第{i}村党总支" for i in range(1, VILLAGES + 1))
    again = [township.import_package(town, p) for p in packages]
    assert all(not sum(r.added.values()) and not sum(r.updated.values()) for r in again)
    assert _members(town) == VILLAGES * MEMBERS


def test_newer_replaces_its_own_village_only_and_older_is_refused(
    town: Database, packages: list[Path], tmp_path: Path
) -> None:
    township.import_package(town, packages[0])
    township.import_package(town, packages[1])
    # The first village's clerk changes a phone number, then sends a newer stick.
    village = _village_from(packages[0], tmp_path / "village")
    from app.services import backup, roster

    people = roster.list_members(village)
    roster.set_fields(village, people[0].id, {"phone": "13912345678"})
    (tmp_path / "newer").mkdir()
    newer = backup.create(village, tmp_path / "newer").path
    village.close()
    report = township.import_package(town, newer)
    assert report.refused_reason is None
    assert report.updated.get("members") == 1 and not sum(report.added.values())
    assert _members(town) == 2 * MEMBERS
    older = township.import_package(town, packages[0])
    assert older.refused_reason and "旧" in older.refused_reason
    untouched = township.import_package(town, packages[1])
    assert not sum(untouched.updated.values())


def _village_from(package: Path, root: Path) -> Database:
    """The village's own data folder, restored from its package (as the village PC has it)."""
    from app.services import backup

    shutil.rmtree(root, ignore_errors=True)
    db = Database.open(root)
    return backup.restore(db, package, safety_backup=False).db


def test_cli_report_and_refusal(
    town: Database, packages: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    url = town.engine.url.render_as_string(hide_password=False) if town.on_server else None
    base = ["--data-dir", str(town.data_dir.root)] + (["--database-url", url] if url else [])
    town.close()
    assert main([*base, "township", "import", str(packages[2]), "--as-unit", "西溪村", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {
        "package",
        "village",
        "revision",
        "created_at",
        "added",
        "updated",
        "unchanged",
        "refused_reason",
    }
    assert report["village"] == "西溪村" and report["added"]["members"] == MEMBERS
    assert report["refused_reason"] is None
    # Another village may not take a name already used under the township.
    assert main([*base, "township", "import", str(packages[3]), "--as-unit", "西溪村", "--json"]) == 2
    assert "另起名字" in json.loads(capsys.readouterr().out)["refused_reason"]


def test_photos_are_merged_once_and_a_clashing_photo_is_refused(
    town: Database, packages: list[Path], tmp_path: Path
) -> None:
    from app.services import photos

    first = township.import_package(town, packages[4])
    sent = first.added["photos"]
    assert sent > 0 and first.unchanged["photos"] == 0
    with town.session() as s:
        names = {n for n in s.scalars(select(Member.photo)) if n}
    assert names and all(photos.photo_path(town, n) is not None for n in names)
    again = township.import_package(town, packages[4])
    assert again.added["photos"] == 0 and again.unchanged["photos"] == sent
    # A photo of the same name with other bytes: refused before anything changes, the township's file kept.
    victim = sorted(names)[0]
    (town.data_dir.photos / victim).write_bytes(b"not the same photo")
    before = _members(town)
    with pytest.raises(UserError, match="同名但内容不同"):
        township.import_package(town, packages[5])
    assert _members(town) == before
    assert (town.data_dir.photos / victim).read_bytes() == b"not the same photo"


def test_a_first_merge_whose_ids_are_taken_is_refused_whole(town: Database, packages: list[Path]) -> None:
    from sqlalchemy import update

    from app.db.models_township import TownshipVillage

    township.import_package(town, packages[6])
    with town.session() as s, s.begin():  # the township forgets it merged that village: its ids are someone's
        s.execute(update(TownshipVillage).values(village_id="another"))
    before = _members(town)
    report = township.import_package(town, packages[6], as_unit="另一个名字")
    assert report.refused_reason and "整个数据包未导入" in report.refused_reason
    assert _members(town) == before
    assert [v.unit_name for v in township.villages(town)] == ["第7村党总支"]


def test_a_batch_goes_on_past_a_damaged_package_and_leaves_no_scratch(
    town: Database, packages: list[Path], tmp_path: Path
) -> None:
    damaged = tmp_path / "坏的.pbk"
    damaged.write_bytes(packages[8].read_bytes()[:-200])
    items = [(packages[7], None), (damaged, None), (packages[8], None)]
    results = list(township.import_packages(town, items))
    assert [p for p, _r in results] == [packages[7], damaged, packages[8]]
    assert isinstance(results[1][1], UserError)
    assert all(
        isinstance(r, township.MergeReport) and r.refused_reason is None for _p, r in (results[0], results[2])
    )
    assert len(township.villages(town)) == 2
    stopped = township.import_packages(town, [(packages[9], None), (packages[10], None)])
    next(stopped)
    stopped.close()  # the caller stops early: the package prepared ahead is cleaned up too
    assert not list(town.data_dir.root.glob("pbk-merge-*"))
