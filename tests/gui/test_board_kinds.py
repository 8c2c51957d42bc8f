"""A new kind of board is one gatherer, one layout function and one descriptor: registered here for a test,
it becomes a `board` subcommand with its options, an entry in the 公示栏 page's chooser, and prints."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import pytest
from pytestqt.qtbot import QtBot

from app.boards.kinds import OptionName
from app.boards.layouts.common import MM, Column, Progress, finish, make_frame, table, text_cell
from app.boards.model import BoardData
from app.boards.ops import Op, Page, Text
from app.cli import main
from app.db.database import Database
from app.domain.errors import UserError, ValidationError
from app.services import boards, roster
from ui.pages.boards import BoardsPage


@dataclass(frozen=True)
class RollEntry:
    name: str
    branch: str


def gather_roll(db: Database, req: boards.BoardRequest, on: dt.date) -> boards.Gathered:
    entries = [RollEntry(m.name, m.branch) for m in roster.list_members(db)]
    return boards.Gathered(entries, f"{req.year or on.year}年度 · 全体党员")


def roll_layout(data: BoardData, progress: Progress | None = None) -> list[Page]:
    o = data.options
    f = make_frame(o)
    rows = [[i, e.name, e.branch] for i, e in enumerate(data.entries, start=1)]

    def cell(i: int, value: object, x: float, y: float, w: float, h: float) -> list[Op]:
        return text_cell(value, x, y, w, h, f.u, "c" if i < 2 else "l")

    def style(row: Sequence[object]) -> str | None:
        return None

    columns = [Column("序号", 0.7, "c"), Column("姓名", 1.2, "c"), Column("支部", 2.0)]
    return finish(table(f, columns, rows, cell, style, 120 * MM * f.u, progress), f, o)


ROLL = boards.BoardKind(
    "roll",
    "党员名册公示",
    "党员名册公示（测试用的公示栏）",
    "{year}年度党员名册",
    roll_layout,
    (boards.Option("year", True),),
)


@pytest.fixture
def roll_board() -> Iterator[boards.BoardKind]:
    boards.register_board(ROLL, gather_roll)
    yield ROLL
    boards.unregister_board(ROLL.name)


def test_a_registered_kind_is_a_cli_subcommand_that_prints(
    roll_board: boards.BoardKind, demo_copy: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "board", "--help"]) == 0
    assert "roll" in capsys.readouterr().out
    assert main(["--data-dir", data, "board", "roll", "-o", str(tmp_path / "x.pdf")]) == 2  # --year required
    assert "--year" in capsys.readouterr().err
    out = tmp_path / "roll.pdf"
    code = main(["--data-dir", data, "board", "roll", "--year", "2026", "-o", str(out), "--json"])
    stdout, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(stdout)["pages"] >= 1
    assert out.read_bytes().startswith(b"%PDF")
    req = boards.BoardRequest("roll", year=2026)
    assert boards.title_for(demo_copy, req) == "2026年度党员名册"
    pages, _ = boards.preview(demo_copy, req)
    printed = {op.text for p in pages for op in p.ops if isinstance(op, Text)}
    assert roster.list_members(demo_copy)[0].name in printed
    assert "2026年度党员名册" in printed


def test_a_registered_kind_is_on_the_page_with_its_options(
    roll_board: boards.BoardKind, demo_db: Database, qtbot: QtBot
) -> None:
    page = BoardsPage(demo_db)
    qtbot.addWidget(page)
    page.setMinimumSize(1000, 600)  # as in the main window (a top-level resize warns on offscreen Qt)
    page.resize(1200, 700)
    page.show()
    page.refresh()
    qtbot.waitExposed(page)
    page.kind.setCurrentIndex(page.kind.findData("roll"))
    assert page.kind.currentText() == "党员名册公示"
    assert page.year.isVisibleTo(page) and page.days.isVisibleTo(page)
    assert not page.period.isVisibleTo(page) and not page.layout_kind.isVisibleTo(page)
    assert page.title_edit.text() == f"{page.year.value()}年度党员名册"
    qtbot.waitUntil(lambda: not page._timer.isActive(), timeout=3000)  # the preview the choices scheduled
    page.update_preview()
    qtbot.waitUntil(lambda: page.preview_info.text() != "正在生成预览…", timeout=10000)
    assert page.pages, page.preview_info.text()
    assert "共" in page.preview_info.text()


def test_unregistered_kinds_are_gone(demo_db: Database) -> None:
    assert "roll" not in [k.name for k in boards.board_kinds()]
    with pytest.raises(ValidationError):
        boards.build(demo_db, boards.BoardRequest("roll", year=2026))


def test_the_page_asks_for_every_option_but_the_members(demo_db: Database, qtbot: QtBot) -> None:
    """Members are picked on the command line (board wuliang --member); every other option has a widget."""
    page = BoardsPage(demo_db)
    qtbot.addWidget(page)
    assert set(page._option_widgets) == set(get_args(OptionName)) - {"members"}


def test_the_page_prints_the_campaign_chosen_among_the_years(demo_copy: Database, qtbot: QtBot) -> None:
    """The pioneer boards ask which of the year's campaigns: the announced or honoured one first (what a 先锋榜
    prints), the chosen one kept across a refresh and passed to the board; other boards hide the row."""
    from app.services import recognition

    db = demo_copy
    year = dt.date.today().year
    honoured = next(c for c in recognition.list_campaigns(db, year) if c.honoured_on)
    later = recognition.create_campaign(db, "七一优秀党员评选", year, 3)
    page = BoardsPage(db)
    qtbot.addWidget(page)
    page.refresh()
    page.kind.setCurrentIndex(page.kind.findData("pioneers"))
    assert page.campaign.isVisibleTo(page) and page.campaign.count() == 2
    assert page.request().extra["campaign"] == honoured.id
    page.campaign.setCurrentIndex(page.campaign.findData(later.id))
    page.refresh()
    assert page.request().extra["campaign"] == later.id
    with pytest.raises(UserError, match="还在“推荐”阶段"):
        boards.preview(db, page.request())
    page.year.setValue(2019)
    assert page.campaign.count() == 0 and "campaign" not in page.request().extra
    page.kind.setCurrentIndex(page.kind.findData("stars"))
    assert not page.campaign.isVisibleTo(page)
