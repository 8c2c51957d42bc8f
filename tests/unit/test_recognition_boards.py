"""The 评选与考核 boards print from the demo year's data: 先锋榜 (photos of the honoured), the ballot, the
assessment ranking and the 五星级 certificates (A4 landscape); an empty year says what is missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from boards_helpers import has_poppler, text

from app.db.database import Database
from app.domain.errors import UserError
from app.services import boards

YEAR = dt.date.today().year  # the demo fills the current year


@pytest.mark.skipif(not has_poppler(), reason="poppler-utils (pdftotext) not installed")
@pytest.mark.parametrize(
    "kind", ["pioneers", "pioneer-ballot", "assessment", "certificate", "duty-results", "posts"]
)
def test_board_prints(demo_copy: Database, tmp_path: Path, kind: str) -> None:
    out = tmp_path / f"{kind}.pdf"
    pages = boards.render(demo_copy, boards.BoardRequest(kind, year=YEAR), out)
    assert pages >= 1
    printed = text(out)
    if kind == "certificate":
        assert b"/MediaBox [ 0 0 841.8898 595.2756 ]" in out.read_bytes()  # A4 landscape
        assert "服务型党组织" in printed
    elif kind == "posts":
        assert "明星党员工作室" in printed
    else:
        assert str(YEAR) in printed


def test_empty_year_says_what_is_missing(demo_copy: Database, tmp_path: Path) -> None:
    for kind in ("pioneers", "pioneer-ballot", "assessment", "certificate", "duty-results"):
        with pytest.raises(UserError, match="没有可打印的内容|还没有考核方案"):
            boards.render(demo_copy, boards.BoardRequest(kind, year=2001), tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_pioneer_board_prints_the_campaigns_own_dates(demo_copy: Database) -> None:
    """The 先锋榜 of an honoured campaign says when it was honoured, not a 公示期 starting on the day it is printed."""
    from app.domain.dates import format_date_zh
    from app.services import recognition
    from app.services.boards.core import build

    c = next(c for c in recognition.list_campaigns(demo_copy, YEAR) if c.honoured_on)
    data = build(demo_copy, boards.BoardRequest("pioneers", year=YEAR), today=dt.date(YEAR, 12, 30))
    assert data.options.objection_line == ""
    assert c.honoured_on is not None and f"{format_date_zh(c.honoured_on)}表彰" in data.options.subtitle


@pytest.mark.skipif(not has_poppler(), reason="poppler-utils (pdftotext) not installed")
def test_certificate_names_the_stars_in_chinese(demo_copy: Database, tmp_path: Path) -> None:
    """A plaque of four confirmed stars reads 四星级服务型党组织, not 4星级."""
    from app.domain import recognition as rules
    from app.services import organizations, recognition

    unit = organizations.branches(demo_copy)[0].id
    for c in rules.DEFAULT_STAR_CRITERIA[:4]:
        recognition.set_org_star(demo_copy, unit, 2021, c, True, f"{c}的依据", dt.date(2021, 11, 1))
        recognition.set_org_star(demo_copy, unit, 2021, c, True, confirm=True)
    out = tmp_path / "certificate.pdf"
    boards.render(demo_copy, boards.BoardRequest("certificate", year=2021), out)
    printed = text(out)
    assert "四星级服务型党组织" in printed and "4星级" not in printed


def test_a_nominee_without_a_line_of_deeds_prints_the_first_evidence() -> None:
    from types import SimpleNamespace

    from app.services.boards.gatherers.recognition import deed_line

    plain = SimpleNamespace(deeds="", evidence=[{"kind": "积分", "text": "2026 年积分 39 分"}])
    assert deed_line(plain) == ""
    n = SimpleNamespace(
        deeds="", evidence=[{"kind": "闪光言行", "id": "x", "text": "2026-05-09 参加无偿献血"}]
    )
    assert deed_line(n) == "参加无偿献血"
    assert deed_line(SimpleNamespace(deeds="带头修路", evidence=n.evidence)) == "带头修路"
