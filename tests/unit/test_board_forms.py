"""The paper forms (issue 20): 积分手册, 民主评议票, 评议结果公示, 公开承诺书, 花名册打印 — real PDFs with a text
layer in the bundled (embedded) font, A4, and never a full ID number."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from boards_helpers import fonts, has_poppler, page_sizes, text

from app.cli import main
from app.domain.errors import ValidationError
from app.services import boards, review, roster
from app.services.store import Database

needs_poppler = pytest.mark.skipif(
    not has_poppler(), reason="poppler-utils (pdffonts, pdftotext) not installed"
)
FULL_ID = re.compile(r"\d{17}[\dXx]")
TODAY = dt.date.today()


def _render(db: Database, tmp_path: Path, kind: str, **kw: object) -> tuple[Path, str]:
    out = tmp_path / f"{kind}.pdf"
    req = boards.BoardRequest(kind=kind, year=TODAY.year, **kw)  # type: ignore[arg-type]
    assert boards.render(db, req, out) >= 1
    body = text(out)
    assert not FULL_ID.search(body.replace(" ", ""))
    assert fonts(out) and all(embedded for _name, embedded in fonts(out))
    w, h = page_sizes(out)[0]
    assert {round(w), round(h)} == {595, 842}  # A4
    return out, body


@needs_poppler
def test_handbook_one_member_per_page_with_signatures(demo_copy: Database, tmp_path: Path) -> None:
    member = roster.list_members(demo_copy)[0]
    _out, body = _render(demo_copy, tmp_path, "handbook", member_ids=(member.id,))
    assert member.name in body
    for words in ("积分手册", "小计", "合计", "党员签名", "支部书记签名"):
        assert words in body


@needs_poppler
def test_ballot_has_four_boxes_and_the_one_third_rule(demo_copy: Database, tmp_path: Path) -> None:
    _out, body = _render(demo_copy, tmp_path, "ballot")
    for words in ("优秀", "合格", "基本合格", "不合格", "三分之一"):
        assert words in body


@needs_poppler
def test_review_result_leaves_failed_names_out_unless_chosen(demo_copy: Database, tmp_path: Path) -> None:
    year = TODAY.year
    review.prefill_decisions(demo_copy, year)
    rows = review.review_list(demo_copy, year)
    failed = next(r for r in rows if r.decided_grade and r.decided_grade != "不合格")
    review.set_review(demo_copy, failed.member_id, year, None, "不合格")
    _out, body = _render(demo_copy, tmp_path, "review-result")
    assert failed.member_name not in body.replace(" ", "") and "不在此公示姓名" in body
    _out, body = _render(demo_copy, tmp_path, "review-result", extra={"failed": "yes"})
    assert failed.member_name in body.replace(" ", "")


@needs_poppler
def test_pledge_lists_the_years_commitments_with_a_signature_line(
    demo_copy: Database, tmp_path: Path
) -> None:
    _out, body = _render(demo_copy, tmp_path, "pledge")
    assert "承诺人签名" in body and "签订日期" in body


@needs_poppler
def test_roster_print_masks_ids_and_takes_columns(demo_copy: Database, tmp_path: Path) -> None:
    out, body = _render(demo_copy, tmp_path, "roster", extra={"columns": "姓名,身份证号,入党时间"})
    assert "********" in body and "学历" not in body
    w, h = page_sizes(out)[0]
    assert w > h  # landscape
    with pytest.raises(ValidationError):
        boards.render(
            demo_copy, boards.BoardRequest(kind="roster", extra={"columns": "手机号码"}), tmp_path / "x.pdf"
        )


def test_cli_form_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "demo", "--members", "30", "--seed", "2"]) == 0
    year = str(TODAY.year)
    for kind in ("handbook", "ballot", "pledge"):
        assert (
            main(
                ["--data-dir", str(data), "board", kind, "--year", year, "-o", str(tmp_path / f"{kind}.pdf")]
            )
            == 0
        )
    assert (
        main(
            [
                "--data-dir",
                str(data),
                "board",
                "roster",
                "--columns",
                "姓名,性别",
                "-o",
                str(tmp_path / "r.pdf"),
            ]
        )
        == 0
    )
    assert (
        main(
            ["--data-dir", str(data), "board", "roster", "--columns", "电话", "-o", str(tmp_path / "bad.pdf")]
        )
        == 2
    )
    assert not (tmp_path / "bad.pdf").exists()
    capsys.readouterr()
