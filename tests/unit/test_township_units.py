"""Choosing a unit in a township: a village merged under the root is chosen whole by its name; its branches, named
alike in every village, by their path ("第1村党总支/第一党支部") — the bare name is refused, never guessed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.demo.township import make_village_packages
from app.domain.errors import UserError
from app.services import organizations, roster, township
from app.services.store import Database

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_village_packages(tmp_path_factory.mktemp("packages"), 2, members=10, seed=4)


def test_villages_and_their_branches_are_choosable(
    empty_db: Database, packages: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    organizations.set_up(empty_db, "仓前镇党委", "党委")
    for package in packages:
        township.import_package(empty_db, package)
    village = organizations.find_unit(empty_db, "第1村党总支")
    branch = organizations.find_unit(empty_db, "第1村党总支/第一党支部")
    assert branch.parent_id == village.id
    with pytest.raises(UserError, match="第.村党总支/第一党支部"):
        organizations.find_unit(empty_db, "第一党支部")
    mine = roster.list_members(empty_db, branch_id=village.id, status="all")
    assert mine and len(mine) < len(roster.list_members(empty_db, status="all"))
    url = empty_db.engine.url.render_as_string(hide_password=False) if empty_db.on_server else None
    base = ["--data-dir", str(empty_db.data_dir.root)] + (["--database-url", url] if url else [])
    empty_db.close()
    assert main([*base, "roster", "list", "--branch", "第1村党总支", "--status", "all", "--json"]) == 0
    assert {r["id"] for r in json.loads(capsys.readouterr().out)} == {m.id for m in mine}
    assert main([*base, "roster", "list", "--branch", "第一党支部", "--json"]) == 2
    assert "请连同上级一起写" in capsys.readouterr().err
