"""Issue 21 acceptance review: what a township clerk trips over when merging villages' packages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.cli import main
from app.demo.township import make_village_packages
from app.services import audit, backup, organizations, roster, township
from app.services.store import Database

pytestmark = pytest.mark.both_backends

MEMBERS = 6
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_village_packages(tmp_path_factory.mktemp("packages"), 3, members=MEMBERS)


@pytest.fixture
def town(empty_db: Database) -> Database:
    organizations.set_up(empty_db, "仓前镇党委", "党委")
    return empty_db


def _cli_base(town: Database) -> list[str]:
    url = town.engine.url.render_as_string(hide_password=False) if town.on_server else None
    return ["--data-dir", str(town.data_dir.root)] + (["--database-url", url] if url else [])


def test_cli_goes_on_past_a_damaged_package_and_reports_every_one(
    town: Database, packages: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "坏的.pbk"
    damaged.write_bytes(packages[1].read_bytes()[:-200])
    base = _cli_base(town)
    town.close()
    code = main([*base, "township", "import", str(packages[0]), str(damaged), str(packages[2]), "--json"])
    out = capsys.readouterr()
    assert code == 2  # one of them was not merged
    reports = json.loads(out.out)
    assert [r["package"] for r in reports] == [packages[0].name, damaged.name, packages[2].name]
    assert reports[0]["refused_reason"] is None and reports[2]["refused_reason"] is None
    assert reports[1]["refused_reason"] and not sum(reports[1]["added"].values())
    assert set(reports[1]) == set(reports[0])
    assert "坏的.pbk" in out.err


def test_an_older_package_is_refused_in_plain_words(
    town: Database, packages: list[Path], tmp_path: Path
) -> None:
    village = backup.restore(Database.open(tmp_path / "v"), packages[0], safety_backup=False).db
    member = roster.list_members(village)[0]
    roster.set_fields(village, member.id, {"phone": "13912345678"})
    (tmp_path / "newer").mkdir()
    newer = backup.create(village, tmp_path / "newer").path
    village.close()
    assert township.import_package(town, newer).refused_reason is None
    reason = township.import_package(town, packages[0]).refused_reason
    assert reason and "旧" in reason
    assert not ISO.search(reason), reason  # times as a clerk reads them, not 2026-11-30T08:36:24+00:00
    assert reason.count("未导入") <= 1 and not reason.startswith("未导入")  # the caller prefixes 未导入：


def test_the_trail_names_an_import_in_chinese(town: Database, packages: list[Path]) -> None:
    township.import_package(town, packages[0])
    row = audit.entries(town)[0]
    assert (row.action, row.entity) == ("导入", "村数据包")


def test_township_list_shows_local_times(
    town: Database, packages: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    township.import_package(town, packages[0])
    base = _cli_base(town)
    town.close()
    assert main([*base, "township", "list"]) == 0
    err = capsys.readouterr().err
    assert "第1村党总支" in err and not ISO.search(err), err


def test_the_township_star_board_keeps_each_villages_branches_apart(
    town: Database, packages: list[Path]
) -> None:
    from app.services import boards, organizations

    for p in packages[:2]:
        township.import_package(town, p)
    period = township.default_period()
    cards = boards.build(town, boards.BoardRequest("stars", period=period)).stars
    sections = {c.branch for c in cards}
    assert sections and all("/" in s for s in sections), sections  # 第1村党总支/第二党支部, not 第二党支部
    assert {s.split("/")[0] for s in sections} == {"第1村党总支", "第2村党总支"}
    # A unique name stays short (a village's own board is unchanged).
    names = organizations.shown_names(town)
    assert names[organizations.find_unit(town, "第1村党总支").id] == "第1村党总支"


def test_merging_and_comparing_villages_need_the_whole_tree(town: Database, packages: list[Path]) -> None:
    from app.domain.errors import UserError
    from app.services import accounts

    township.import_package(town, packages[0])
    village = organizations.find_unit(town, "第1村党总支")
    accounts.create_account(town, "boss", "boss-secret-1", "管理员")
    accounts.login(town, "boss", "boss-secret-1")
    accounts.create_account(town, "zhang", "zhang-secret-2", "书记/党务", village.id)
    accounts.logout(town)
    accounts.login(town, "zhang", "zhang-secret-2")
    # Even a package that would change nothing: a village's clerk does not merge packages…
    with pytest.raises(UserError, match="管理员"):
        township.import_package(town, packages[0])
    with pytest.raises(UserError, match="管理员"):
        list(township.import_packages(town, [(packages[0], None)]))
    # …nor read the other villages' figures.
    with pytest.raises(UserError, match="乡镇"):
        township.compare(town)
    with pytest.raises(UserError, match="乡镇"):
        township.villages(town)
    accounts.logout(town)
    accounts.login(town, "boss", "boss-secret-1")
    assert township.import_package(town, packages[0]).refused_reason is None
    assert [r.unit for r in township.compare(town).rows if r.unit == "第1村党总支"]


def test_the_township_roster_names_each_members_village_branch(town: Database, packages: list[Path]) -> None:
    for p in packages[:2]:
        township.import_package(town, p)
    branches = {m.branch for m in roster.list_members(town)}
    assert branches and all(b.split("/")[0] in ("第1村党总支", "第2村党总支") for b in branches), branches
    assert "第一党支部" not in branches
