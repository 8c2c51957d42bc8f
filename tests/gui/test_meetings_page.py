"""组织生活 page: a meeting is marked from the keyboard (space cycles, letters jump), saved with its points,
printed as sheets; the 党费 tab exports the register; the 待办 panel on the first page lists reminders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.domain import routine
from app.services import dues, meetings, organizations, points
from app.services.store import Database
from ui.pages.meetings import MeetingsPage


def _meeting(db: Database) -> str:
    branch = next(u.id for u in organizations.units(db) if u.kind == "党支部")
    today = dt.date.today()
    return meetings.add_meeting(db, meetings.MeetingDraft(branch, "支部党员大会", today, "学习党章"))


def test_marking_from_the_keyboard_and_saving(demo_copy: Database, qtbot: QtBot, said: list[str]) -> None:
    mid = _meeting(demo_copy)
    page = MeetingsPage(demo_copy)
    qtbot.addWidget(page)
    page.refresh()
    page.show_meeting(mid)
    editor = page.editor
    assert editor.meeting_id == mid
    view = editor.view
    view.setFocus()
    view.setCurrentIndex(editor.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert editor.model.rows[0].mark == routine.PRESENT
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert editor.model.rows[0].mark == routine.LEAVE
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert editor.model.rows[0].mark == routine.ABSENT
    target = editor.model.rows[3]
    view.keyboardSearch(target.pinyin_initials)
    assert editor.model.row_at(view.currentIndex().row()) is not None
    found = editor.model.row_at(view.currentIndex().row())
    assert found is not None and found.pinyin_initials.startswith(target.pinyin_initials[:1])
    editor.all_present.click()
    editor.save_attendance.click()
    assert not [s for s in said if s.startswith("WARN ")]
    row = meetings.get_meeting(demo_copy, mid).row
    assert row.absent == 1 and row.present == row.expected - 1
    assert "出席" in editor.counts.text()
    assert page.model.rows[0].id == mid


def test_sheets_and_register_from_the_page(
    demo_copy: Database, qtbot: QtBot, said: list[str], tmp_path: Path
) -> None:
    mid = _meeting(demo_copy)
    page = MeetingsPage(demo_copy)
    qtbot.addWidget(page)
    page.refresh()
    assert page.save_sheet("signin", mid, tmp_path / "签到.pdf")
    assert (tmp_path / "签到.pdf").stat().st_size > 1000
    member = points.summary(demo_copy, dt.date.today().year)[0].member_id
    dues.set_rate(demo_copy, member, 500, f"{dt.date.today().year}-01")
    page.tabs.setCurrentIndex(1)
    assert page.dues_tab.arrears.rows
    assert page.dues_tab.save_register(tmp_path / "党费.xlsx")
    assert (tmp_path / "党费.xlsx").exists()
    page.tabs.setCurrentIndex(2)
    assert "流动" in page.contacts_tab.overdue.text() or page.contacts_tab.overdue.text()


def test_todo_panel_on_the_first_page(demo_copy: Database, qtbot: QtBot) -> None:
    from ui.pages.roster import RosterPage
    from ui.pages.todo_panel import TodoPanel

    page = RosterPage(demo_copy)
    qtbot.addWidget(page)
    panel = page.findChild(TodoPanel)
    assert panel is not None
    panel.reload()
    assert panel.items.count() > 0 and "待办" in panel.toggle.text()
    panel.toggle.click()
    assert not panel.items.isVisibleTo(page)


def test_star_page_line_names_who_attended_the_flash_meeting(demo_copy: Database) -> None:
    from ui.pages.flash_meeting import flash_meeting_short

    day = dt.date(2020, 2, 10)  # a quarter of its own, before the demo's meetings
    assert "未登记" in flash_meeting_short(demo_copy, "2020Q1")[0]
    branch = next(u.id for u in organizations.units(demo_copy) if u.kind == "党支部")
    draft = meetings.MeetingDraft(branch, routine.FLASH_MEETING, day, "交流")
    mid = meetings.add_meeting(demo_copy, draft)
    who = next(a for a in meetings.get_meeting(demo_copy, mid).attendees if a.expected)
    meetings.set_attendance(demo_copy, mid, {who.member_id: (routine.PRESENT, "")})
    words, tip = flash_meeting_short(demo_copy, "2020Q1")
    assert words == "交流会出席 1 人" and who.name in tip


def test_meeting_kinds_are_edited_in_a_table(demo_copy: Database, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QTableWidgetItem

    from ui.dialogs.meeting_dialogs import MeetingKindsDialog

    dialog = MeetingKindsDialog(meetings.meeting_kinds(demo_copy))
    qtbot.addWidget(dialog)
    last = dialog.table.rowCount() - 1
    for col, value in enumerate(("村民代表会", "", "1", "党支部")):
        dialog.table.setItem(last, col, QTableWidgetItem(value))
    dialog.table.item(0, 2).setText("2")  # 支部党员大会 twice a quarter
    meetings.save_meeting_kinds(demo_copy, dialog.kinds())
    kinds = {k.name: k for k in meetings.meeting_kinds(demo_copy)}
    assert kinds["支部党员大会"].per_quarter == 2 and kinds["村民代表会"].per_quarter == 1
    dialog.table.item(0, 2).setText("两次")
    import pytest

    from app.domain.errors import ValidationError

    with pytest.raises(ValidationError):
        dialog.kinds()


def test_each_members_attendance_rate_for_the_quarter(demo_copy: Database, qtbot: QtBot, monkeypatch) -> None:
    """The quarter view per unit shows the rate per member too (not only per unit): lowest first, with counts."""
    from ui.dialogs import attendance_rates

    shown: list[attendance_rates.AttendanceRatesDialog] = []
    monkeypatch.setattr(attendance_rates.AttendanceRatesDialog, "exec", lambda self: shown.append(self) or 0)
    page = MeetingsPage(demo_copy)
    qtbot.addWidget(page)
    page.refresh()
    page.rates_button.click()
    assert len(shown) == 1
    model = shown[0].model
    assert model.rowCount() > 0
    rates = [r.rate for r in model.rows]
    assert rates == sorted(rates)  # the members to talk to come first
    first = model.rows[0]
    assert first.present + first.leave + first.absent <= first.meetings
    assert model.index(0, 6).data() == f"{first.rate:.0%}"


def test_members_from_elsewhere_at_a_service_station(
    demo_copy: Database, qtbot: QtBot, said: list[str], monkeypatch, tmp_path: Path
) -> None:
    """1+N: at a 流动党员服务站 the editor adds a 报到党员 from the people register to the list; saved, they are
    on the meeting (no points) and on the sign-in sheet; an ordinary branch's editor has no such button."""
    from PySide6.QtWidgets import QInputDialog

    from app.services.residents import people

    top = organizations.root(demo_copy)
    assert top is not None
    station = organizations.add_unit(demo_copy, top.id, "工业园流动党员服务站", "流动党员服务站")
    people.add_person(
        demo_copy, people.PersonDraft("外来甲", roles=["报到党员"], organization="外县某村党支部")
    )
    mid = meetings.add_meeting(
        demo_copy, meetings.MeetingDraft(station, "支部党员大会", dt.date.today(), "过组织生活")
    )
    page = MeetingsPage(demo_copy)
    qtbot.addWidget(page)
    page.refresh()
    page.show_meeting(mid)
    editor = page.editor
    assert editor.add_people.isEnabled()
    monkeypatch.setattr(
        QInputDialog,
        "getItem",
        lambda _p, _t, _l, items, *a, **k: (next(i for i in items if "外来甲" in i), True),
    )
    editor.add_people.click()
    assert editor.model.rows[-1].name == "外来甲" and editor.model.rows[-1].mark == routine.PRESENT
    editor.save_attendance.click()
    assert not [s for s in said if s.startswith("WARN ")]
    d = meetings.get_meeting(demo_copy, mid)
    assert [(p.name, p.mark) for p in d.people] == [("外来甲", "出席")] and d.entries == 0
    assert page.save_sheet("signin", mid, tmp_path / "s.pdf")
    editor.view.setFocus()
    editor.view.setCurrentIndex(editor.model.index(len(editor.model.rows) - 1, 0))
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)  # off the list, saved with 保存出勤
    assert all(m.name != "外来甲" for m in editor.model.rows)
    editor.save_attendance.click()
    assert meetings.get_meeting(demo_copy, mid).people == ()
    page.show_meeting(_meeting(demo_copy))
    assert not editor.add_people.isEnabled()


def test_saving_attendance_says_what_happened_to_the_points(demo_copy: Database, qtbot: QtBot) -> None:
    """After 保存出勤 the clerk sees the points written/reversed (the page's reload used to wipe the line) at
    the window's foot, and however long that word is, the buttons beside the counts stay on the screen."""
    from PySide6.QtWidgets import QMainWindow

    mid = _meeting(demo_copy)
    window = QMainWindow()
    qtbot.addWidget(window)
    page = MeetingsPage(demo_copy)
    window.setCentralWidget(page)
    window.setMinimumSize(1100, 700)  # fixed: no size-hint warnings offscreen
    window.show()
    qtbot.waitExposed(window)
    page.refresh()
    page.show_meeting(mid)
    editor = page.editor
    width = editor.width()
    editor.all_present.click()
    editor.save_attendance.click()
    assert editor.meeting_id == mid
    assert "积分：新记" in window.statusBar().currentMessage()
    assert "出席" in editor.counts.text() and "积分" not in editor.counts.text()
    assert editor.width() == width and editor.save_attendance.isVisible()


def test_grey_deed_button_says_where_deeds_are_written(demo_copy: Database, qtbot: QtBot) -> None:
    mid = _meeting(demo_copy)  # a 支部党员大会, not a 闪光言行交流会
    page = MeetingsPage(demo_copy)
    qtbot.addWidget(page)
    page.refresh()
    page.show_meeting(mid)
    assert not page.editor.deed.isEnabled() and "星级评定" in page.editor.deed.toolTip()


def test_after_a_new_meeting_the_keys_mark_attendance(
    demo_copy: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The focus stayed on 新建会议…: the space meant for the first member opened the dialog again."""
    from PySide6.QtWidgets import QDialog

    from ui.dialogs import meeting_dialogs

    branch = next(u.id for u in organizations.units(demo_copy) if u.kind == "党支部")
    page = MeetingsPage(demo_copy)
    qtbot.addWidget(page)
    page.setMinimumSize(1100, 650)
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    page.new_button.setFocus()

    page.show_meeting(_meeting(demo_copy))  # a meeting of ``branch`` is open, the filter says 全部

    def accept(dialog: meeting_dialogs.NewMeetingDialog) -> int:
        assert dialog.unit.currentData() == branch  # the open meeting's organisation, not the 党总支
        dialog.topic.setText("学习党章")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(meeting_dialogs.NewMeetingDialog, "exec", accept)
    page.new_button.click()
    editor = page.editor
    assert page.focusWidget() is editor.view and editor.view.currentIndex().row() == 0
    qtbot.keyClick(editor.view, Qt.Key.Key_Space)
    assert editor.model.rows[0].mark == routine.PRESENT
