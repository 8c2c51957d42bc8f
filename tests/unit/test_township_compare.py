"""`township compare` / the 乡镇汇总 comparison table: each village's row holds exactly what the village's own
database counts for itself, the total adds them up; JSON and Excel carry the same figures; both backends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.demo.township import make_village_packages
from app.services import backup, organizations, township
from app.services.store import Database
from app.services.township.comparison import VillageFigures

pytestmark = pytest.mark.both_backends  # conftest: also on PostgreSQL with --pg-url

FIGURES = (
    "members",
    "commitments_made",
    "commitments_kept",
    "stars",
    "grades",
    "meetings",
    "requests_resolved",
)


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return make_village_packages(tmp_path_factory.mktemp("packages"), 3, members=20, seed=5)


@pytest.fixture
def town(empty_db: Database, packages: list[Path]) -> Database:
    organizations.set_up(empty_db, "仓前镇党委", "党委")
    for package in packages:
        assert township.import_package(empty_db, package).refused_reason is None
    return empty_db


def _figures(row: VillageFigures) -> dict[str, object]:
    return {name: getattr(row, name) for name in FIGURES}


def test_each_village_row_is_what_the_village_counts_itself(
    town: Database, packages: list[Path], tmp_path: Path
) -> None:
    period = township.default_period()
    merged = township.compare(town, period)
    assert [r.unit for r in merged.rows] == ["第1村党总支", "第2村党总支", "第3村党总支"]
    assert 0 < merged.total.members <= 60  # those on the roll (the demo has some who left)
    assert sum(merged.total.stars.values()) > 0 and merged.total.meetings > 0
    for row, package in zip(merged.rows, packages, strict=True):
        village = Database.open(tmp_path / row.unit)
        village = backup.restore(village, package, safety_backup=False).db
        try:
            own = township.compare(village, period)
        finally:
            village.close()
        assert _figures(row) == _figures(own.total)
    total = {name: getattr(merged.total, name) for name in ("members", "meetings", "requests_resolved")}
    assert total == {
        name: sum(getattr(r, name) for r in merged.rows)
        for name in ("members", "meetings", "requests_resolved")
    }


def test_cli_json_xlsx_and_a_bad_period(
    town: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = town.engine.url.render_as_string(hide_password=False) if town.on_server else None
    base = ["--data-dir", str(town.data_dir.root)] + (["--database-url", url] if url else [])
    expected = township.records(township.compare(town, "2026Q2"))
    town.close()
    out = tmp_path / "比较.xlsx"
    assert main([*base, "township", "compare", "--period", "2026Q2", "--json", "--xlsx", str(out)]) == 0
    printed = capsys.readouterr().out
    records = json.loads(printed[printed.index("[") :])
    assert records == expected and records[-1]["unit"] == "合计"
    from openpyxl import load_workbook

    sheet = load_workbook(out).worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, row in enumerate(values) if row[0] == "单位")
    assert values[header][1] == "在册党员"
    assert [row[0] for row in values[header + 1 : header + 5]] == [r["unit"] for r in records]
    assert main([*base, "township", "compare", "--period", "2026年"]) == 2
