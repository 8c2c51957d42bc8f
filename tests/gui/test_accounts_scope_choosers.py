"""Issue 21, read limits on screen: a 书记/党务 or 只读 account's pages offer its own subtree in their unit
choosers (no 全部支部, no other branch) and list its own members."""

from __future__ import annotations

from accounts_helpers import READER_PW, set_up_accounts
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services import accounts, organizations
from ui.dialogs.meeting_dialogs import NewMeetingDialog
from ui.dialogs.member_editor import MemberEditor
from ui.pages.commitments import CommitmentsPage
from ui.pages.evaluations import EvaluationPage
from ui.pages.meetings import MeetingsPage
from ui.pages.roster import RosterPage


def _items(combo: QComboBox) -> list[object]:
    return [combo.itemData(i) for i in range(combo.count())]


def test_the_pages_choosers_offer_the_accounts_subtree(qtbot: QtBot, demo_copy: Database) -> None:
    first, second = set_up_accounts(demo_copy)
    roster_page = RosterPage(demo_copy)
    qtbot.addWidget(roster_page)
    roster_page.refresh()
    assert None in _items(roster_page.branch_combo) and second in _items(roster_page.branch_combo)
    everyone = len(roster_page.visible_members())

    accounts.login(demo_copy, "li", READER_PW)
    with demo_copy.session() as s:
        mine = set(organizations.unit_and_below(s, first))
    roster_page.refresh()
    assert _items(roster_page.branch_combo)[0] == first
    assert set(_items(roster_page.branch_combo)) <= mine
    assert 0 < len(roster_page.visible_members()) < everyone
    evaluation = EvaluationPage(demo_copy)
    meetings_page = MeetingsPage(demo_copy)
    commitments_page = CommitmentsPage(demo_copy)
    for page, combo in (
        (evaluation, evaluation.branch_combo),
        (meetings_page, meetings_page.unit),
        (commitments_page, commitments_page.branch_combo),
    ):
        qtbot.addWidget(page)
        page.refresh()
        assert _items(combo) and set(_items(combo)) <= mine, type(page).__name__
    editor = MemberEditor(demo_copy, None)
    new_meeting = NewMeetingDialog(demo_copy, None)
    for dialog, combo in ((editor, editor.branch_combo), (new_meeting, new_meeting.unit)):
        qtbot.addWidget(dialog)
        assert _items(combo) and set(_items(combo)) <= mine, type(dialog).__name__
