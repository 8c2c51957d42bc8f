"""公开承诺 page with the keyboard: year and branch, Ctrl+Enter entry moving on, 践诺, status filter; 五亮 tab."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain.pinyin import name_pinyin
from app.services import commitments as cm, organizations, roster, teams, wuliang
from ui.dialogs import teams_dialog
from ui.dialogs.teams_dialog import TeamsDialog
from ui.dialogs.wuliang_tab import WuliangTab
from ui.models.commitments_model import CommitmentListModel, MemberStateModel
from ui.pages import commitments as page_module
from ui.pages.commitments import CommitmentsPage

TODAY = dt.date.today()


@pytest.fixture
def page(demo_copy: Database, qtbot: QtBot) -> CommitmentsPage:
    p = CommitmentsPage(demo_copy)
    qtbot.addWidget(p)
    # Shown as a window of its own (in the program it sits in the main window): a fixed minimum keeps the
    # offscreen platform from warning about size hints whenever the layout's minimum changes.
    p.setMinimumSize(1000, 600)
    p.resize(1300, 720)
    p.show()
    qtbot.waitExposed(p)
    p.refresh()
    return p


def _choose_branch(page: CommitmentsPage, name: str) -> str:
    unit = organizations.find_unit(page.db, name)
    page.branch_combo.setCurrentIndex(page.branch_combo.findData(unit.id))
    return unit.id


def test_models_pass_qtmodeltester(page: CommitmentsPage, qtmodeltester: object) -> None:
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]
    qtmodeltester.check(page.c_model)  # type: ignore[attr-defined]
    qtmodeltester.check(MemberStateModel())  # type: ignore[attr-defined]
    qtmodeltester.check(CommitmentListModel())  # type: ignore[attr-defined]


def test_year_and_branch_choose_the_list(page: CommitmentsPage) -> None:
    branch_id = _choose_branch(page, "第一党支部")
    in_branch = {m.id for m in roster.list_members(page.db, branch_id=branch_id, status="all")}
    assert page.model.rowCount() > 0 and {r.member_id for r in page.model.rows} <= in_branch
    assert "应承诺" in page.counts_label.text() and "兑现率" in page.counts_label.text()
    page.year_combo.setCurrentIndex(page.year_combo.findData(TODAY.year - 1))
    assert page.year == TODAY.year - 1
    assert all(c.year == TODAY.year - 1 for r in page.model.rows for c in r.commitments)
    assert page.deadline.date().year() == TODAY.year - 1


def test_keyboard_entry_of_three_commitments_moves_to_the_next_member(
    page: CommitmentsPage, qtbot: QtBot
) -> None:
    page.branch_combo.setCurrentIndex(0)  # the whole village: enough members without a commitment
    assert sum(1 for r in page.model.rows if r.state == cm.NONE) >= 4
    first = page.next_without_commitment(-1)
    assert first is not None
    page.select_row(first)
    page.content.setFocus()
    entered: list[str] = []
    for n in range(3):
        state = page.current_state()
        assert state is not None and state.state == cm.NONE
        entered.append(state.member_id)
        qtbot.keyClick(page.content, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # template 1
        qtbot.keyClicks(page.content, f" x{n}")
        qtbot.keyClick(page.content, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert page.content.toPlainText() == ""  # saved and cleared
        assert page.content.hasFocus()
    assert page.current_member_id() not in entered  # moved on to the next member without one
    rows = cm.list_commitments(page.db, TODAY.year)
    for n, member_id in enumerate(entered):
        mine = [r for r in rows if r.member_id == member_id]
        assert len(mine) == 1 and mine[0].content == f"{cm.TEMPLATES[0]} x{n}"
        assert mine[0].published_on == TODAY and mine[0].kind == page.kind_combo.currentText()
    # PageDown / PageUp move between members without leaving the editor
    row = page.table.currentIndex().row()
    qtbot.keyClick(page.content, Qt.Key.Key_PageUp)
    assert page.table.currentIndex().row() == max(0, row - 1)
    qtbot.keyClick(page.content, Qt.Key.Key_PageDown)
    assert page.table.currentIndex().row() == row


def test_empty_content_is_refused_with_a_message(
    page: CommitmentsPage, qtbot: QtBot, said: list[str]
) -> None:
    row = page.next_without_commitment(-1)
    assert row is not None
    page.select_row(row)
    before = len(cm.list_commitments(page.db, TODAY.year))
    qtbot.keyClick(page.content, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert said and "承诺内容不能为空" in said[0]
    assert len(cm.list_commitments(page.db, TODAY.year)) == before
    assert page.table.currentIndex().row() == row


def test_the_last_kind_is_remembered(demo_copy: Database, page: CommitmentsPage, qtbot: QtBot) -> None:
    page.select_row(page.next_without_commitment(-1) or 0)
    page.kind_combo.setCurrentText("依岗承诺")
    page.content.setFocus()
    qtbot.keyClick(page.content, Qt.Key.Key_F2)  # F2 steps to the next kind without leaving the text
    assert page.kind_combo.currentText() == "因事承诺" and page.content.hasFocus()
    page.insert_template(cm.TEMPLATES[2])
    assert page.save_entry()
    again = CommitmentsPage(demo_copy)
    qtbot.addWidget(again)
    assert again.kind_combo.currentText() == "因事承诺"


class FakeKeep:
    def __init__(self, *_args: object) -> None:
        pass

    def exec(self) -> bool:
        return True

    def values(self) -> tuple[dt.date, str, Path | None]:
        return TODAY, "已完成，群众满意", None


def test_keep_one_and_see_its_history(page: CommitmentsPage, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_module, "KeepDialog", FakeKeep)
    page.status_combo.setCurrentIndex(page.status_combo.findData(cm.IN_PROGRESS))
    assert page.model.rowCount() > 0
    page.select_row(0)
    target = next(c for c in page.c_model.rows if c.status in (cm.IN_PROGRESS, cm.POSTPONED))
    page.c_table.selectRow(page.c_model.rows.index(target))
    assert page.keep_button.isEnabled()
    page.keep_button.click()
    row = cm.get_commitment(page.db, target.id)
    assert (row.status, row.kept_on, row.note) == (cm.KEPT, TODAY, "已完成，群众满意")
    page.status_combo.setCurrentIndex(0)  # with the 承诺中 filter the member may have left the list
    assert target.member_id is not None and page.select_member(target.member_id)
    page.c_table.selectRow([c.id for c in page.c_model.rows].index(target.id))
    assert "兑现" in page.history.toPlainText() and "群众满意" in page.history.toPlainText()
    assert page.reopen_button.isEnabled() and not page.fail_button.isEnabled()


def test_filter_by_status(page: CommitmentsPage) -> None:
    for wanted in (cm.OVERDUE, cm.NONE, cm.KEPT):
        page.status_combo.setCurrentIndex(page.status_combo.findData(wanted))
        rows = page.model.rows
        assert rows, wanted
        assert all(r.state == wanted or any(c.display_status == wanted for c in r.commitments) for r in rows)
    page.status_combo.setCurrentIndex(0)
    assert page.model.rowCount() == len(page._all_rows)


def test_member_who_left_is_read_only(page: CommitmentsPage) -> None:
    page.status_combo.setCurrentIndex(0)
    state = next((r for r in page.model.rows if r.member_status != "在册"), None)
    if state is None:
        member = page.model.rows[0]
        cm.add_commitment(
            page.db,
            cm.CommitmentDraft(
                year=TODAY.year, kind="具体承诺", content="留个记录", member_id=member.member_id
            ),
        )
        roster.leave_member(page.db, member.member_id, "转出", TODAY, destination="杭州")
        page.reload()
        state = next(r for r in page.model.rows if r.member_status != "在册")
    page.select_member(state.member_id)
    assert not page.save_button.isEnabled() and not page.content.isEnabled()
    assert "（" in str(page.model.index(page.table.currentIndex().row(), 0).data())


def test_teams_dialog_adds_a_team_member_and_commitment(
    demo_copy: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, said: list[str]
) -> None:
    dialog = TeamsDialog(demo_copy, TODAY.year)
    qtbot.addWidget(dialog)
    before = len(teams.list_teams(demo_copy))
    dialog.new_team()
    dialog.name.setText("文体活动志愿服务队")
    dialog.save_team()
    assert len(teams.list_teams(demo_copy)) == before + 1
    assert dialog.current_team_id() is not None
    dialog.member_pick.setCurrentIndex(0)
    dialog.add_member()
    team = teams.find_team(demo_copy, "文体活动志愿服务队")
    assert len(team.members) == 1
    dialog.c_content.setText("每月组织一次文体活动")
    dialog.add_commitment()
    assert dialog.commitment_model.rowCount() == 1
    row = next(c for c in cm.list_commitments(demo_copy, TODAY.year) if c.team == "文体活动志愿服务队")
    assert row.team_members == (team.members[0].name,)
    monkeypatch.setattr(teams_dialog, "KeepDialog", FakeKeep)
    dialog.commitment_list.selectRow(0)
    dialog.keep_commitment()
    assert cm.get_commitment(demo_copy, row.id).status == cm.KEPT
    assert "兑现" in dialog.commitment_model.index(0, 0).data()
    dialog.retire_team()
    assert all(t.name != "文体活动志愿服务队" for t in teams.list_teams(demo_copy))
    assert cm.get_commitment(demo_copy, row.id).team == "文体活动志愿服务队"  # history kept


def test_wuliang_tab_saves_and_shows_this_years_commitments(demo_copy: Database, qtbot: QtBot) -> None:
    row = next(r for r in cm.list_commitments(demo_copy, TODAY.year) if r.member_id and r.status != "未兑现")
    assert row.member_id is not None
    tab = WuliangTab(demo_copy, row.member_id, None)
    qtbot.addWidget(tab)
    assert row.content in tab.commitments.text()
    tab.post.setCurrentText("党员先锋岗")
    tab.area.setText("丁家桥片")
    tab.phone.setText("13912345678")
    tab.save(row.member_id)
    view = wuliang.get_profile(demo_copy, row.member_id)
    assert (view.post, view.area, view.phone) == ("党员先锋岗", "丁家桥片", "13912345678")
    tab.show_phone.setChecked(False)
    assert not tab.phone.isEnabled()
    tab.save(row.member_id)
    assert wuliang.get_profile(demo_copy, row.member_id).phone == ""
    new_member_tab = WuliangTab(demo_copy, None, None)
    qtbot.addWidget(new_member_tab)
    assert "保存党员后" in new_member_tab.identity.text()


def test_find_a_member_by_pinyin_initials_then_type(page: CommitmentsPage, qtbot: QtBot) -> None:
    page.status_combo.setCurrentIndex(0)
    target = page.model.rows[len(page.model.rows) // 2]
    qtbot.keyClick(page.content, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    qtbot.keyClicks(page.search, target.pinyin_initials)
    found = page.current_state()
    assert found is not None and found.pinyin_initials.startswith(target.pinyin_initials)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.content.hasFocus() and page.search.text() == ""


def test_edit_the_text_of_a_commitment(page: CommitmentsPage, monkeypatch: pytest.MonkeyPatch) -> None:
    page.status_combo.setCurrentIndex(page.status_combo.findData(cm.KEPT))
    page.select_row(0)
    row = page.current_commitment()
    assert row is not None
    monkeypatch.setattr(page_module.QInputDialog, "getMultiLineText", lambda *_a: ("改正后的承诺", True))
    page.edit_button.click()
    assert cm.get_commitment(page.db, row.id).content == "改正后的承诺"
    assert [e.action for e in cm.history(page.db, row.id)][-1] == "修改"


def test_entry_with_the_none_filter_visits_every_member_in_turn(page: CommitmentsPage, qtbot: QtBot) -> None:
    page.status_combo.setCurrentIndex(page.status_combo.findData(cm.NONE))
    waiting = [r.member_id for r in page.model.rows]
    assert len(waiting) >= 3
    page.select_row(0)
    for n in range(3):
        assert page.current_member_id() == waiting[n]  # nobody is skipped
        qtbot.keyClicks(page.content, f"promise {n}")
        qtbot.keyClick(page.content, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [r.member_id for r in page.model.rows] == waiting[3:]


def test_find_box_jumps_to_a_member_by_full_pinyin_or_initials(page: CommitmentsPage, qtbot: QtBot) -> None:
    page.branch_combo.setCurrentIndex(0)
    rows = page.model.rows
    target = rows[len(rows) // 2]
    full, initials = name_pinyin(target.name)
    page.select_row(0)
    qtbot.keyClicks(page.search, full)
    assert page.current_member_id() == target.member_id
    page.search.clear()
    page.select_row(len(rows) - 1 if rows[-1].member_id != target.member_id else 0)
    qtbot.keyClicks(page.search, initials)
    state = page.current_state()
    assert state is not None and name_pinyin(state.name)[1].startswith(initials)


def test_saving_a_commitment_says_so_and_where_the_form_went(demo_copy: Database, qtbot: QtBot) -> None:
    """The form moves on to the next member without a commitment: the window's foot says whose was saved."""
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    page = CommitmentsPage(demo_copy)
    window.setCentralWidget(page)
    window.setMinimumSize(1300, 760)  # fixed, as the page fixture does: no size-hint warnings offscreen
    window.show()
    qtbot.waitExposed(window)
    page.refresh()
    first = page.next_without_commitment(-1)
    assert first is not None
    page.select_row(first)
    saved = page.current_state()
    assert saved is not None
    page.content.setPlainText("每月帮五保户打扫一次卫生")
    assert page.save_entry()
    after = page.current_state()
    assert after is not None and after.member_id != saved.member_id
    told = window.statusBar().currentMessage()
    assert f"已为{saved.name}保存承诺" in told and after.name in told


def test_keeping_says_where_the_points_are_given(
    demo_copy: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept, and then? The points for it are given on 积分管理 with 按承诺兑现记分: the clerk is told so."""
    from PySide6.QtWidgets import QMainWindow

    from ui.pages.points import PointsPage

    monkeypatch.setattr(page_module, "KeepDialog", FakeKeep)
    window = QMainWindow()
    qtbot.addWidget(window)
    page = CommitmentsPage(demo_copy)
    window.setCentralWidget(page)
    window.setMinimumSize(1300, 760)
    window.show()
    qtbot.waitExposed(window)
    page.refresh()
    page.status_combo.setCurrentIndex(page.status_combo.findData(cm.IN_PROGRESS))
    page.select_row(0)
    page.c_table.selectRow(0)
    page.keep_button.click()
    told = window.statusBar().currentMessage()
    assert "已登记兑现" in told
    points = PointsPage(demo_copy)
    qtbot.addWidget(points)
    assert "“按承诺兑现记分”" in told and points.award_button.text() == "按承诺兑现记分"


def test_the_hint_names_the_keys_that_save(page: CommitmentsPage, qtbot: QtBot) -> None:
    """The hint said 回车保存, but Enter in the text box starts a new line; Ctrl+Enter saves."""
    first = page.next_without_commitment(-1)
    assert first is not None
    page.select_row(first)
    assert "Ctrl+Enter" in page.empty_hint.text() and "回车保存" not in page.empty_hint.text()
    page.content.setFocus()
    qtbot.keyClicks(page.content, "abc")
    qtbot.keyClick(page.content, Qt.Key.Key_Return)
    assert page.content.toPlainText() == "abc\n"  # a new line, nothing saved


def test_text_typed_for_one_member_is_not_saved_for_another_unasked(
    page: CommitmentsPage, qtbot: QtBot, said: Any
) -> None:
    """Typed for A, Ctrl+Enter forgotten, B clicked: the next Ctrl+Enter saved A's commitment as B's."""
    first = page.next_without_commitment(-1)
    assert first is not None
    second = page.next_without_commitment(first)
    assert second is not None and second != first
    page.select_row(first)
    typed_for = page.current_state()
    assert typed_for is not None
    page.content.setFocus()
    qtbot.keyClicks(page.content, "x")
    page.select_row(second)
    other = page.current_state()
    assert other is not None
    assert page.content.toPlainText() == "x"  # nothing typed is lost
    assert f"为{typed_for.name}写的" in page.member_label.text()
    said.answer = False
    assert not page.save_entry()
    assert typed_for.name in said.questions[-1] and other.name in said.questions[-1]
    assert not [c for c in cm.list_commitments(page.db, TODAY.year) if c.member_id == other.member_id]
    page.select_row(first)  # back with the member it was typed for: no warning, saved unasked
    asked = len(said.questions)
    assert "写的" not in page.member_label.text()
    assert page.save_entry() and len(said.questions) == asked
