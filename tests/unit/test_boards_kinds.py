"""Board kinds: the descriptors drive the command line and the page; boards stay below the services."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

import pytest

from app.boards import kinds
from app.cli import boards as cli_boards, build_parser
from app.db.database import Database
from app.domain.errors import ValidationError
from app.services import boards

ROOT = Path(__file__).resolve().parents[2]


def test_the_kinds_in_order() -> None:
    names = [
        "stars",
        "commitments",
        "wuliang",
        "points",
        "pairing",
        "grid",
        "service",
        "signin",
        "minutes",
        "dues",
        "projects",
        "registered-sheet",
        "handbook",
        "ballot",
        "review-result",
        "pledge",
        "roster",
        "statistics",
        "quarter",
        "pioneers",
        "pioneer-ballot",
        "pioneer-notice",
        "assessment",
        "certificate",
        "posts",
        "duty-results",
        "duty-ballot",
    ]
    assert [k.name for k in boards.board_kinds()] == names
    labels = [
        "星级评定公示",
        "承诺公示",
        "五亮公示牌",
        "积分公示",
        "联户公示牌",
        "网格公示牌",
        "为民办事公示",
        "会议签到表",
        "会议记录",
        "党费收缴登记表",
        "服务项目公示",
        "报到党员服务情况",
        "党员积分手册",
        "民主评议票",
        "评议结果公示",
        "公开承诺书",
        "花名册打印",
        "统计图表",
        "季度简报",
        "先锋榜",
        "先锋评选选票",
        "先锋评选公示",
        "支部考核排名",
        "五星级证书",
        "先锋岗与工作室",
        "述职测评结果",
        "述职测评票",
    ]
    assert [k.label for k in boards.board_kinds()] == labels
    assert boards.board_kind("wuliang").objection is False
    assert boards.title_key(boards.BoardRequest("commitments", year_end=True)) == "commitments_year_end"
    assert boards.title_key(boards.BoardRequest("points", year_end=True)) == "points"
    done = boards.BoardRequest("projects", extra={"sheet": "done"})
    assert boards.title_key(done) == "projects_done"


def test_every_option_a_kind_may_take_has_a_command_line_argument() -> None:
    assert set(cli_boards.OPTION_ARGUMENTS) == set(get_args(kinds.OptionName))


def test_each_kind_is_a_subcommand_with_its_options() -> None:
    parser = build_parser(["board"])
    for kind in boards.board_kinds():
        args = ["board", kind.name, "-o", "x.pdf"]
        for option in kind.options:
            if option.required:
                args += {
                    "period": ["--period", "2026Q3"],
                    "year": ["--year", "2026"],
                    "meeting": ["abcd"],
                    "sheet": ["--kind", "pool"],
                }[option.name]
        parsed = parser.parse_args(args)
        assert parsed.kind == kind.name
        assert hasattr(parsed, "period") == kind.takes("period")
        assert hasattr(parsed, "year_end") == kind.takes("year_end")
        assert hasattr(parsed, "member") == kind.takes("members")
        assert hasattr(parsed, "meeting") == kind.takes("meeting")


def test_an_unknown_kind_is_refused(demo_copy: Database) -> None:
    with pytest.raises(ValidationError):
        boards.build(demo_copy, boards.BoardRequest("calendar"))


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_boards_import_only_the_domain_and_the_ui_reaches_them_through_the_service() -> None:
    for path in (ROOT / "app" / "boards").rglob("*.py"):
        inside = {m for m in _imports(path) if m == "app" or m.startswith("app.")}
        assert all(m.startswith(("app.boards", "app.domain")) for m in inside), (path, inside)
    for path in (ROOT / "ui" / "board_painter.py", ROOT / "ui" / "pages" / "boards.py"):
        assert not any(m.startswith("app.boards") for m in _imports(path)), path
