"""积分管理 and 年终评议 pages: batch entry with ticks, a member's 手册 with reversal, review entry with warnings,
the flagged member; every item model through qtmodeltester."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain.pinyin import name_pinyin
from app.services import points as pts, review
from ui.kit.dates import to_qdate
from ui.kit.wrap import unglued
from ui.pages import points as points_page
from ui.pages.points import PointsPage
from ui.pages.year_end import BALLOT_COLUMNS, COL_DECIDED, YearEndPage

TODAY = dt.date.today()


def _show(page: Any, qtbot: QtBot) -> None:
    qtbot.addWidget(page)
    page.setMinimumSize(1100, 650)
    page.resize(1300, 720)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()


def test_models_pass_qtmodeltester(demo_copy: Database, qtbot: QtBot, qtmodeltester: Any) -> None:
    page = PointsPage(demo_copy, today=TODAY)
    _show(page, qtbot)
    page.summary_view.selectRow(0)
    assert page.summary_model.rowCount() > 0 and page.ledger_model.rowCount() > 0
    for model in (page.summary_model, page.ledger_model, page.rules_tab.tier_model, page.rules_tab.ind_model):
        qtmodeltester.check(model)
    year_end = YearEndPage(demo_copy, today=TODAY)
    _show(year_end, qtbot)
    assert year_end.model.rowCount() > 0
    qtmodeltester.check(year_end.model)


def test_batch_entry_ticks_attendees(demo_copy: Database, qtbot: QtBot, said: list[str]) -> None:
    page = PointsPage(demo_copy, today=TODAY)
    _show(page, qtbot)
    page.tabs.setCurrentIndex(1)
    page.batch_indicator.setCurrentIndex(page.batch_indicator.findData("参加民主评议"))
    page.batch_date.setDate(to_qdate(dt.date(TODAY.year, 1, 2)))
    page.batch_search.setText("zzzz-nobody")
    page.select_all.click()
    assert page.checked_ids() == []  # 全选 ticks only the members shown by the search
    page.batch_search.setText("")
    ticked = []
    for i in range(3):
        item = page.attendees.item(i)
        if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            item.setCheckState(Qt.CheckState.Checked)
            ticked.append(item.data(Qt.ItemDataRole.UserRole))
    assert f"已勾选 {len(ticked)} 人" in page.batch_count.text()
    page.batch_button.click()
    assert f"已为 {len(ticked)} 人各记一条" in page.batch_result.text()
    assert page.checked_ids() == []
    for member in ticked:
        assert any(
            e.indicator_name == "参加民主评议" for e in pts.ledger(demo_copy, member, TODAY.year).entries
        )


def test_handbook_shows_running_total_and_reversal(
    demo_copy: Database, qtbot: QtBot, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = PointsPage(demo_copy, today=TODAY)
    _show(page, qtbot)
    page.summary_view.selectRow(0)
    member = page.selected_member()
    assert member is not None
    book = pts.ledger(demo_copy, member, TODAY.year)
    last = page.ledger_model.rowCount() - 1
    assert page.ledger_model.index(last, 4).data() == str(book.total)
    assert f"合计 {book.total} 分" in unglued(page.book_title.text())
    page.ledger_view.selectRow(0)
    first = book.entries[0]
    monkeypatch.setattr(points_page.QInputDialog, "getText", lambda *a, **k: ("录入错误", True))
    page.reverse_button.click()
    after = pts.ledger(demo_copy, member, TODAY.year)
    assert after.total == book.total - first.points
    assert page.ledger_model.rowCount() == len(after.entries) == len(book.entries) + 1
    statuses = [page.ledger_model.index(r, 6).data() for r in range(page.ledger_model.rowCount())]
    assert "已冲销" in statuses and "冲销：录入错误" in statuses
    # reversing the reversal is refused with a message, nothing stored
    reversal_row = statuses.index("冲销：录入错误")
    page.ledger_view.selectRow(reversal_row)
    page.reverse_button.click()
    assert any(s.startswith("WARN") and "冲销" in s for s in said)
    assert len(pts.ledger(demo_copy, member, TODAY.year).entries) == len(after.entries)


def test_year_end_entry_warnings_and_flagged(demo_copy: Database, qtbot: QtBot, said: list[str]) -> None:
    page = YearEndPage(demo_copy, today=TODAY)
    _show(page, qtbot)
    flagged = review.flagged(demo_copy, TODAY.year)
    assert len(flagged) == 1 and flagged[0].member_name in page.flagged_label.text()
    rows = page.model.rows
    low = next(i for i, r in enumerate(rows) if r.points_grade == "不合格")
    # ballots typed from paper
    assert page.model.setData(page.model.index(low, 8), 3)
    assert page.model.setData(page.model.index(low, 9), 20)
    assert page.model.rows[low].ballots["优秀"] == 3 and page.model.rows[low].ballots["合格"] == 20
    # a decision above the points grade is stored with a warning
    assert COL_DECIDED not in BALLOT_COLUMNS
    assert page.model.setData(page.model.index(low, COL_DECIDED), "优秀")
    qtbot.waitUntil(
        lambda: bool(next(r for r in page.model.rows if r.member_id == rows[low].member_id).warnings)
    )
    row = next(r for r in page.model.rows if r.member_id == rows[low].member_id)
    assert row.decided_grade == "优秀" and any("高于" in w for w in row.warnings)
    # 预备党员 cannot be graded: the cell is not editable
    prob = next((i for i, r in enumerate(page.model.rows) if r.category == "预备党员"), None)
    if prob is not None:
        assert not page.model.flags(page.model.index(prob, COL_DECIDED)) & Qt.ItemFlag.ItemIsEditable
    page.prefill_button.click()
    graded = [r for r in page.model.rows if r.points_grade is not None]
    assert all(r.decided_grade for r in graded)


def test_first_year_starts_from_the_preset(empty_db: Database, qtbot: QtBot) -> None:
    from app.services import organizations

    organizations.set_up(empty_db, "测试村党总支")
    page = PointsPage(empty_db, today=TODAY)
    _show(page, qtbot)
    assert page.no_rules_bar.isVisibleTo(page) and not page.bar_copy.isVisibleTo(page)
    page.bar_preset.click()
    assert not page.no_rules_bar.isVisibleTo(page)
    names = [page.rules_tab.ind_model.index(r, 1).data() for r in range(page.rules_tab.ind_model.rowCount())]
    assert "集中学习" in names and "无故缺席组织生活" in names


def test_year_end_finds_a_member_by_pinyin(demo_copy: Database, qtbot: QtBot) -> None:
    """The find box promises 拼音首字母: typing a member's initials (or full pinyin) finds them."""
    page = YearEndPage(demo_copy, today=TODAY)
    _show(page, qtbot)
    everyone = list(page.model.rows)
    target = everyone[len(everyone) // 2]
    full, initials = name_pinyin(target.member_name)
    qtbot.keyClicks(page.find_box, initials)
    found = [r.member_id for r in page.model.rows]
    assert target.member_id in found and len(found) < len(everyone)
    page.find_box.setText(full)
    assert target.member_id in [r.member_id for r in page.model.rows]
    page.find_box.clear()
    assert len(page.model.rows) == len(everyone)


def test_points_find_boxes_match_initials_and_full_pinyin(demo_copy: Database, qtbot: QtBot) -> None:
    page = PointsPage(demo_copy, today=TODAY)
    _show(page, qtbot)
    everyone = list(page.summary_model.rows)
    target = everyone[-1]
    full, initials = name_pinyin(target.member_name)
    page.find_box.setText(full.upper())
    assert target.member_id in [r.member_id for r in page.summary_model.rows]
    assert len(page.summary_model.rows) < len(everyone)
    page.tabs.setCurrentIndex(1)
    qtbot.keyClicks(page.batch_search, initials)
    shown = [
        page.attendees.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(page.attendees.count())
        if not page.attendees.item(i).isHidden()
    ]
    assert target.member_id in shown and len(shown) < page.attendees.count()


def test_grade_column_shows_its_longest_words_whole(demo_copy: Database, qtbot: QtBot) -> None:
    """ "预备党员不评" / "只挂牌不参评" were cut to "预备党…" while the 积分星档 column had room to spare."""
    page = PointsPage(demo_copy, today=TODAY)
    _show(page, qtbot)
    view = page.summary_view
    for words in (points_page.grade_text(r) for r in page.summary_model.rows):
        assert view.fontMetrics().horizontalAdvance(words) + 8 <= view.columnWidth(4), words


def test_batch_entry_for_a_meeting_indicator_warns_of_double_points(
    demo_copy: Database, qtbot: QtBot, said: Any
) -> None:
    """主题党日 points come by themselves with the meeting's attendance on 组织生活: the batch asks with that said."""
    page = PointsPage(demo_copy, today=TODAY)
    _show(page, qtbot)
    page.tabs.setCurrentIndex(1)
    said.answer = False
    for indicator, warned in (("主题党日", True), ("参加民主评议", False)):
        page.batch_indicator.setCurrentIndex(page.batch_indicator.findData(indicator))
        page.attendees.item(0).setCheckState(Qt.CheckState.Checked)
        page.batch_button.click()
        question = said.questions[-1]
        assert ("“组织生活”页保存出勤" in question) is warned, question
