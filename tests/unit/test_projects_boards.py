"""服务项目 boards: `board projects` with its three sheets, each with its own title; nothing to print is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db.database import Database
from app.domain.errors import UserError, ValidationError
from app.domain.periods import quarter_of
from app.services import boards
from app.services.projects import pool

pytestmark = pytest.mark.both_backends


@pytest.mark.parametrize(
    ("sheet", "title"),
    [("pool", "党员服务项目认领公示"), ("done", "服务项目完成公示"), ("progress", "党员服务项目进度公开")],
)
def test_each_sheet_prints(demo_copy: Database, tmp_path: Path, sheet: str, title: str) -> None:
    done_on = max(r.completed_on for r in pool.list_projects(demo_copy) if r.completed_on)
    req = boards.BoardRequest("projects", period=quarter_of(done_on).id, extra={"sheet": sheet})
    data = boards.build(demo_copy, req)
    assert title in data.options.title and data.entries
    out = tmp_path / f"{sheet}.pdf"
    assert boards.render(demo_copy, req, out) >= 1
    assert out.read_bytes().startswith(b"%PDF")


def test_a_quarter_without_completions_and_an_unknown_sheet_are_refused(demo_copy: Database) -> None:
    with pytest.raises(UserError, match="没有完成的服务项目"):
        boards.build(demo_copy, boards.BoardRequest("projects", period="2001Q1", extra={"sheet": "done"}))
    with pytest.raises(ValidationError):
        boards.build(demo_copy, boards.BoardRequest("projects", extra={"sheet": "calendar"}))
