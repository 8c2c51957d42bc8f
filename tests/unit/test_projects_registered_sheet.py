"""报到党员服务情况 on paper: the registered-sheet form (A4, text layer, embedded font, never an ID number), one
registered member a page, from `board registered-sheet [--person]`, `projects registered-sheet P -o F.pdf` and the
服务项目 page's 队伍 tab."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from boards_helpers import fonts, has_poppler, page_sizes, text

from app.cli import main
from app.domain import project_rules as rules
from app.domain.errors import UserError
from app.services import boards
from app.services.projects import claims, needs, pool, stats
from app.services.residents import people
from app.services.store import Database

pytestmark = pytest.mark.both_backends

needs_poppler = pytest.mark.skipif(
    not has_poppler(), reason="poppler-utils (pdffonts, pdftotext) not installed"
)
TODAY = dt.date.today()
ID_NUMBER = "330522198807150017"


def _registered_with_a_done_project(db: Database, name: str = "在职刘") -> tuple[str, str]:
    person = people.add_person(
        db,
        people.PersonDraft(name=name, roles=["报到党员"], organization="区税务局党支部", id_number=ID_NUMBER),
    )
    need = needs.add_need(db, needs.NeedDraft(category="便民利民", size=rules.SMALL, text=f"{name}修楼道灯"))
    pid = pool.add_project(db, pool.ProjectDraft([need], "一周修好", TODAY + dt.timedelta(days=7)))
    pool.publish_project(db, pid, TODAY)
    claims.claim(db, pid, rules.PERSON, person, TODAY)
    claims.complete(db, pid, "换了 6 盏灯", TODAY, people_served=6)
    claims.evaluate(db, pid, "满意")
    return person, pid


def _check(out: Path) -> str:
    body = text(out)
    assert ID_NUMBER not in body.replace(" ", "") and not re.search(r"\d{17}[\dXx]", body.replace(" ", ""))
    assert fonts(out) and all(embedded for _name, embedded in fonts(out))
    w, h = page_sizes(out)[0]
    assert {round(w), round(h)} == {595, 842}  # A4
    return body


@needs_poppler
def test_one_member_sheet_and_all_of_the_year(demo_copy: Database, tmp_path: Path) -> None:
    person, pid = _registered_with_a_done_project(demo_copy)
    other, _ = _registered_with_a_done_project(demo_copy, "在职王")
    out = tmp_path / "one.pdf"
    req = boards.BoardRequest("registered-sheet", year=TODAY.year, extra={"person": person})
    assert boards.render(demo_copy, req, out) == 1
    body = _check(out)
    title = pool.get_project(demo_copy, pid).title
    for words in (
        "在职刘",
        "区税务局党支部",
        title,
        "换了 6 盏灯",
        "满意",
        "完成 1 个",
        "盖章",
        "报到服务情况",
    ):
        assert words in body, words
    assert "在职王" not in body
    every = tmp_path / "all.pdf"
    pages = boards.render(demo_copy, boards.BoardRequest("registered-sheet", year=TODAY.year), every)
    assert pages == len(stats.registered_claimants(demo_copy, TODAY.year)) >= 2
    assert "在职王" in _check(every) and other in stats.registered_claimants(demo_copy, TODAY.year)
    with pytest.raises(UserError, match="没有报到党员认领"):
        boards.build(demo_copy, boards.BoardRequest("registered-sheet", year=2001))


@needs_poppler
def test_from_the_cli_both_ways(demo_copy: Database, tmp_path: Path) -> None:
    person, _ = _registered_with_a_done_project(demo_copy)
    root = [
        "--data-dir",
        str(demo_copy.data_dir.root),
        # on PostgreSQL the CLI is pointed at the test's server
        *(
            ["--database-url", demo_copy.engine.url.render_as_string(hide_password=False)]
            if demo_copy.on_server
            else []
        ),
    ]
    pdf, xlsx, board = tmp_path / "sheet.pdf", tmp_path / "sheet.xlsx", tmp_path / "board.pdf"
    assert main([*root, "projects", "registered-sheet", person, "-o", str(pdf)]) == 0
    assert main([*root, "projects", "registered-sheet", person, "-o", str(xlsx)]) == 0
    args = ["board", "registered-sheet", "--year", str(TODAY.year), "--person", person, "-o", str(board)]
    assert main([*root, *args]) == 0
    assert "在职刘" in _check(pdf) and "在职刘" in _check(board) and xlsx.stat().st_size > 0
