"""星级评定 page with the keyboard: levels 0–5, the no-deeds refusal, adding deeds, publishing read-only."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain.pinyin import name_pinyin
from app.services import evaluations
from ui.dialogs.evaluation_history_tab import EvaluationHistoryTab
from ui.models.evaluation_model import COL_LEVEL, EvaluationModel
from ui.pages.evaluations import EvaluationPage


def type_chinese(widget: object, text: str) -> None:
    """Chinese goes in as an input-method commit (key clicks with Chinese abort Qt)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)  # type: ignore[arg-type]


@pytest.fixture
def page(demo_copy: Database, qtbot: QtBot) -> EvaluationPage:
    p = EvaluationPage(demo_copy)
    p.refresh()  # as the main window does when the page is shown
    qtbot.addWidget(p)
    p.setMinimumSize(1000, 600)  # as inside the main window: label changes must not resize the window
    p.resize(1200, 700)
    p.show()
    qtbot.waitExposed(p)
    assert p.period is not None and p.period.is_open  # the demo's current quarter
    return p


def _select(page: EvaluationPage, want: object) -> int:
    for i, r in enumerate(page.model.rows):
        if want(r):  # type: ignore[operator]
            page._select_row(i)
            page.table.setFocus()
            return i
    raise AssertionError("no such member in the demo")


def test_model_passes_qtmodeltester(page: EvaluationPage, qtmodeltester: object) -> None:
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]
    empty = EvaluationModel()
    qtmodeltester.check(empty)  # type: ignore[attr-defined]


def test_level_keys_set_stars_and_move_on(page: EvaluationPage, qtbot: QtBot) -> None:
    i = _select(page, lambda r: r.deeds > 0 and not r.exempt)
    member = page.model.rows[i].member_id
    qtbot.keyClick(page.table, Qt.Key.Key_4)
    assert page.model.rows[i].level == 4
    following = next(j for j in range(i + 1, len(page.model.rows)) if not page.model.rows[j].exempt)
    assert page.table.currentIndex().row() == following  # on to the next member who is rated
    assert page.model.index(i, COL_LEVEL).data() == "4 星"
    assert evaluations.member_rating(page.db, member, page.period.id).level == 4  # type: ignore[union-attr]
    page._select_row(i)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.rows[i].level is None


def test_no_deeds_refusal_is_explained_not_crashed(page: EvaluationPage, qtbot: QtBot) -> None:
    i = _select(page, lambda r: r.deeds == 0 and not r.exempt and r.level is None)
    qtbot.keyClick(page.table, Qt.Key.Key_3)
    assert page.model.rows[i].level is None
    assert "不予评星级" in page.message.text()
    assert page.table.currentIndex().row() == i  # stays on the member
    qtbot.keyClick(page.table, Qt.Key.Key_0)
    assert page.model.rows[i].level == 0


def test_add_deeds_with_the_keyboard_then_rate(page: EvaluationPage, qtbot: QtBot) -> None:
    i = _select(page, lambda r: r.deeds == 0 and not r.exempt)
    name = page.model.rows[i].member_name
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.deed_text.hasFocus() or QApplication.focusWidget() is page.deed_text
    type_chinese(page.deed_text, "雨夜巡查，转移两户老人")
    qtbot.keyClick(page.deed_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rows[i].deeds == 1
    assert page.deed_text.toPlainText() == ""
    assert QApplication.focusWidget() is page.deed_text  # ready for the next deed
    qtbot.keyClicks(page.deed_text, "second deed")
    qtbot.keyClick(page.deed_text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rows[i].deeds == 2 and page.deed_list.count() == 2
    qtbot.keyClick(page.deed_text, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert page.model.rows[i].level == 4 and name in page.message.text()
    qtbot.keyClick(page.deed_text, Qt.Key.Key_PageDown)
    assert page.table.currentIndex().row() == i + 1
    qtbot.keyClick(page.deed_text, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
    assert page.table.currentIndex().row() == i


def test_comment_and_board_line_are_saved_when_moving_on(page: EvaluationPage, qtbot: QtBot) -> None:
    i = _select(page, lambda r: not r.exempt)
    member = page.model.rows[i].member_id
    page.comment_edit.setFocus()
    type_chinese(page.comment_edit, "事迹属实")
    page.reason_edit.setText("热心服务")
    qtbot.keyClick(page.comment_edit, Qt.Key.Key_PageDown)
    row = evaluations.member_rating(page.db, member, page.period.id)  # type: ignore[union-attr]
    assert (row.comment, row.reason) == ("事迹属实", "热心服务")


def test_close_makes_read_only_and_reopen_needs_a_reason(
    page: EvaluationPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page, "confirm_close", lambda _text: False)
    page.close_period()
    assert page.period is not None and page.period.is_open  # default: nothing happens
    monkeypatch.setattr(page, "confirm_close", lambda _text: True)
    page.close_period()
    assert page.period is not None and not page.period.is_open
    assert "只能查看" in page.banner.text() and page.banner.isVisible()
    assert not page.deed_text.isEnabled() and not page.level_buttons[3].isEnabled()
    assert page.reason_edit.isReadOnly() and page.comment_edit.isReadOnly()
    i = _select(page, lambda r: r.deeds > 0 and not r.exempt)
    before = page.model.rows[i].level
    qtbot.keyClick(page.table, Qt.Key.Key_5)
    assert page.model.rows[i].level == before and "已公示" in page.message.text()
    monkeypatch.setattr(page, "ask_reopen_reason", lambda: "")
    page.reopen_period()
    assert not page.period.is_open and "理由" in page.message.text()
    monkeypatch.setattr(page, "ask_reopen_reason", lambda: "漏登事迹")
    page.reopen_period()
    assert (
        page.period.is_open and page.deed_text.isEnabled() and not page.banner.text().startswith("本季度已")
    )
    assert "漏登事迹" in page.banner.text()


def test_open_a_past_quarter_from_the_page(page: EvaluationPage, monkeypatch: pytest.MonkeyPatch) -> None:
    oldest = evaluations.list_periods(page.db)[-1]
    from app.domain.periods import parse_quarter

    earlier = parse_quarter(oldest.id).previous().id
    monkeypatch.setattr(page, "ask_quarter", lambda: earlier)
    page.open_quarter()
    assert page.period is not None and page.period.id == earlier and page.period.is_open
    assert page.period_combo.currentData() == earlier
    assert page.message.text().startswith("已开启") and "Enter 写事迹" in page.message.text()
    page.open_quarter()  # the same again: it was there already
    assert "本来就在考评中" in page.message.text()
    monkeypatch.setattr(page, "ask_quarter", lambda: "2026Q9")
    page.open_quarter()
    assert "2026Q3" in page.message.text()


def test_member_history_tab(demo_copy: Database, qtbot: QtBot) -> None:
    rows = evaluations.ratings(demo_copy, evaluations.list_periods(demo_copy)[1].id)
    rated = next(r for r in rows if r.level)
    tab = EvaluationHistoryTab(demo_copy, rated.member_id)
    qtbot.addWidget(tab)
    assert tab.tree.topLevelItemCount() >= 2
    texts = [tab.tree.topLevelItem(k).text(1) for k in range(tab.tree.topLevelItemCount())]  # type: ignore[union-attr]
    assert any(f"（{rated.level} 星）" in t for t in texts)
    new = EvaluationHistoryTab(demo_copy, None)
    qtbot.addWidget(new)
    assert "保存" in new.note.text()


def test_exempt_member_is_not_rated_by_a_stray_key(page: EvaluationPage, qtbot: QtBot) -> None:
    i = _select(page, lambda r: r.exempt)
    qtbot.keyClick(page.table, Qt.Key.Key_3)
    assert page.model.rows[i].exempt and page.model.rows[i].level is None
    assert "不参评" in page.message.text()
    assert page.model.index(i, COL_LEVEL).data() == "不参评"


def test_member_editor_shows_the_history_tab(demo_copy: Database, qtbot: QtBot) -> None:
    from ui.dialogs.member_editor import MemberEditor

    member = evaluations.ratings(demo_copy, evaluations.list_periods(demo_copy)[1].id)[0].member_id
    editor = MemberEditor(demo_copy, member)
    qtbot.addWidget(editor)
    tabs = [editor.tabs.tabText(k) for k in range(editor.tabs.count())]
    assert "闪光言行与星级" in tabs


def test_settings_dialog_can_leave_out_probationary_members(
    page: EvaluationPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.dialogs.evaluation_settings import EvaluationSettingsDialog

    def answer(dialog: EvaluationSettingsDialog) -> int:
        dialog.probationary.setChecked(False)
        dialog.age.setValue(dialog.age.minimum())  # 不自动
        return 1

    monkeypatch.setattr(EvaluationSettingsDialog, "exec", answer)
    page.edit_settings()
    conf = evaluations.get_settings(page.db)
    assert (conf.include_probationary, conf.exempt_age) == (False, None)
    assert all(r.exempt for r in page.model.rows if r.category == "预备党员" and not r.decided_by)
    assert not any(r.exempt_reason.endswith("岁以上") for r in page.model.rows)


def test_deed_with_a_photo(page: EvaluationPage, tmp_path: object) -> None:

    from PIL import Image

    picture = Path(str(tmp_path)) / "p.png"
    Image.new("RGB", (900, 600), "red").save(picture)
    i = _select(page, lambda r: not r.exempt)
    page.set_pending_photo(picture)
    page.deed_text.setPlainText("带头清理河道")
    page.add_deed()
    deeds = evaluations.list_deeds(page.db, page.period.id, member_id=page.model.rows[i].member_id)  # type: ignore[union-attr]
    stored = next(d for d in deeds if d.text == "带头清理河道")
    assert stored.photo and (page.db.data_dir.photos / stored.photo).exists()
    assert page.pending_photo is None and page.photo_button.text() == "附照片…"


def test_a_level_key_does_not_ask_the_slow_suggestion_sources(
    page: EvaluationPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def source(_db: Database, _period: str, ids: object) -> dict[str, int]:
        calls.append(1)
        return {}

    monkeypatch.setattr(evaluations, "SUGGESTION_SOURCES", [source])
    i = _select(page, lambda r: r.deeds > 0 and not r.exempt)
    suggested = page.model.rows[i].suggested
    qtbot.keyClick(page.table, Qt.Key.Key_2)
    assert page.model.rows[i].level == 2 and page.model.rows[i].suggested == suggested
    assert calls == []


def test_withdraw_a_deed_with_delete(page: EvaluationPage, qtbot: QtBot) -> None:
    i = _select(page, lambda r: r.deeds >= 1 and not r.exempt and not r.level)
    before = page.model.rows[i].deeds
    page.deed_list.setFocus()
    page.deed_list.setCurrentRow(0)
    qtbot.keyClick(page.deed_list, Qt.Key.Key_Delete)
    assert page.model.rows[i].deeds == before - 1 and "撤回" in page.message.text()


def test_find_box_goes_to_a_member_by_initials_or_full_pinyin(page: EvaluationPage, qtbot: QtBot) -> None:
    """星级评定 had no find box: a clerk scrolled 292 rows. Typing pinyin now selects the member."""
    rows = page.model.rows
    target = rows[-2]
    full, initials = name_pinyin(target.member_name)
    qtbot.keyClicks(page.find_box, full)
    assert page.current_member_id() == target.member_id
    assert target.member_name in page.panel.member_title.text()
    page.find_box.clear()
    page._select_row(0)
    qtbot.keyClicks(page.find_box, initials)
    current = page.current_row()
    assert (
        current is not None and current.member_id != rows[0].member_id or initials == rows[0].pinyin_initials
    )
    assert current is not None and name_pinyin(current.member_name)[1].startswith(initials)
    # Enter goes back to the grid, where a digit rates the member found
    qtbot.keyClick(page.find_box, Qt.Key.Key_Return)
    assert page.table.hasFocus()


def test_publishing_says_how_many_are_unrated_and_off_the_board(
    page: EvaluationPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    monkeypatch.setattr(page, "confirm_close", lambda text: asked.append(text) or False)
    page.close_period()
    s = evaluations.summary(page.db, page.period.id if page.period else "")
    pending = s.members - s.rated - s.exempt
    assert pending and f"{pending} 人未评定，不会出现在公示栏" in asked[0]


def test_what_the_rules_forbid_is_grey_with_the_reason_beside_it(page: EvaluationPage) -> None:
    _select(page, lambda r: r.deeds == 0 and not r.exempt)
    buttons = page.level_buttons
    assert buttons[0].isEnabled() and not any(b.isEnabled() for b in buttons[1:])
    assert "没有闪光言行" in buttons[3].toolTip()
    assert page.panel.level_reason.isVisible() and "不予评星级" in page.panel.level_reason.text()
    _select(page, lambda r: r.deeds > 0 and not r.exempt)
    assert all(b.isEnabled() for b in buttons) and not page.panel.level_reason.isVisible()
    _select(page, lambda r: r.exempt)
    assert not any(b.isEnabled() for b in buttons) and "只挂牌不参评" in page.panel.level_reason.text()


def test_exempt_reason_typed_after_ticking_the_box_is_kept(page: EvaluationPage, qtbot: QtBot) -> None:
    """A clerk ticks 只挂牌不参评 first, then writes why: the reason replaces 支部决定 (it was silently lost)."""
    i = _select(page, lambda r: not r.exempt and r.deeds == 0)
    member = page.model.rows[i].member_id
    page.panel.exempt_box.click()
    assert page.model.rows[i].exempt and page.model.rows[i].exempt_reason == "支部决定"
    edit = page.panel.exempt_reason_edit
    assert edit.text() == "" and "支部决定" in edit.placeholderText()  # a hint: typing must not append to it
    edit.setFocus()
    type_chinese(edit, "长期患病")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    row = evaluations.member_rating(page.db, member, page.period.id)  # type: ignore[union-attr]
    assert row.exempt and row.exempt_reason == "长期患病"
    assert page.model.rows[i].exempt_reason == "长期患病" and "长期患病" in page.panel.member_info.text()
    assert "不参评原因改为“长期患病”" in page.message.text()
    edit.setText("外出务工")  # changed again and the member left with PageDown: saved on the way
    qtbot.keyClick(edit, Qt.Key.Key_PageDown)
    row = evaluations.member_rating(page.db, member, page.period.id)  # type: ignore[union-attr]
    assert row.exempt_reason == "外出务工"


def test_open_quarter_offers_a_quarter_not_yet_opened() -> None:
    import datetime as dt

    from ui.pages.evaluation_parts import quarter_to_offer

    today = dt.date(2026, 11, 30)
    assert quarter_to_offer(set(), today) == ("2026Q4", "")
    offer, note = quarter_to_offer({"2026Q4", "2026Q3", "2026Q1"}, today)
    assert offer == "2026Q2" and "2026年第四季度已经开启过" in note and "2027-01-01" in note


def test_refusals_in_the_window_name_no_commands(
    page: EvaluationPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    """“请说明理由后重新打开（periods reopen）”: the command is for the command line; the window has 重新打开…."""
    published = next(p for p in evaluations.list_periods(page.db) if not p.is_open)
    monkeypatch.setattr(page, "ask_quarter", lambda: published.id)
    page.open_quarter()
    text = page.message.text()
    assert "已经公示" in text and "重新打开" in text
    assert not any("a" <= c.lower() <= "z" for c in text.replace(published.id, "")), text


def test_a_deed_typed_and_not_added_stays_with_its_member(page: EvaluationPage, qtbot: QtBot) -> None:
    """Ctrl+Enter forgotten, then ↓ to the next member: the text stayed in the box and the next Ctrl+Enter
    gave it to the wrong member. Leaving the member adds it to the one it was written for."""
    i = _select(page, lambda r: r.deeds == 0 and not r.exempt)
    first = page.model.rows[i].member_id
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    type_chinese(page.deed_text, "帮五保户修屋顶")
    qtbot.keyClick(page.deed_text, Qt.Key.Key_Escape)  # back to the list…
    qtbot.keyClick(page.table, Qt.Key.Key_Down)  # …and on to the next member
    assert page.table.currentIndex().row() == i + 1
    assert page.deed_text.toPlainText() == ""
    deeds = evaluations.list_deeds(page.db, page.period.id, member_id=first)  # type: ignore[union-attr]
    assert [d.text for d in deeds] == ["帮五保户修屋顶"]
    assert QApplication.focusWidget() is page.table  # the keyboard stays in the list
    page.set_pending_photo(Path("photo.jpg"))  # a photo chosen, no deed written, then on to the next member
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.pending_photo is None
