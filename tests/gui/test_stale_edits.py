"""Two clerks on one database: the editor that saves second over the version it loaded is refused with
"这条记录已被 X 在 HH:MM 修改，请刷新后再改", keeps what was typed (继续编辑) or loads theirs (刷新)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.db.models_service import Household
from app.services import roster
from app.services.residents import households
from app.services.store import Database
from ui.dialogs.member_editor import MemberEditor
from ui.dialogs.service_dialogs import HouseholdDialog


@pytest.fixture
def other(demo_copy: Database) -> Iterator[Database]:
    """The second clerk's program on the same data."""
    db = Database.open(demo_copy.data_dir.root, actor="李文书")
    yield db
    db.close()


def test_member_editor_refuses_a_stale_save_and_keeps_the_typing(
    qtbot: QtBot, demo_copy: Database, other: Database, said: object
) -> None:
    member_id = roster.list_members(demo_copy)[0].id
    editor = MemberEditor(demo_copy, member_id)
    qtbot.addWidget(editor)
    theirs = roster.get_member(other, member_id)
    theirs.draft.phone = "13911112222"
    roster.update_member(other, member_id, theirs.draft, theirs.version)

    editor.fields["address"].setText("我刚输入的新地址")
    editor.save()
    stale = said.stale()  # type: ignore[attr-defined]
    assert (
        len(stale) == 1
        and stale[0].startswith("这条记录已被 李文书 在 ")
        and stale[0].endswith("修改，请刷新后再改")
    )
    assert editor.result() == 0 and editor.fields["address"].text() == "我刚输入的新地址"  # 继续编辑: kept
    assert roster.get_member(demo_copy, member_id).draft.address != "我刚输入的新地址"  # nothing written

    said.refresh = True  # type: ignore[attr-defined]
    editor.save()
    assert editor.fields["phone"].text() == "13911112222"  # 刷新: their values
    editor.fields["address"].setText("我刚输入的新地址")
    editor.save()  # over the refreshed version: saved
    now = roster.get_member(demo_copy, member_id).draft
    assert (now.phone, now.address) == ("13911112222", "我刚输入的新地址")


def test_household_dialog_refuses_a_stale_save(
    qtbot: QtBot, demo_copy: Database, other: Database, said: object
) -> None:
    with demo_copy.session() as s:
        household_id = s.scalars(select(Household.id).limit(1)).one()
    dialog = HouseholdDialog(demo_copy, household_id)
    qtbot.addWidget(dialog)
    theirs = households.draft_of(other, household_id)
    theirs.note = "李文书的备注"
    households.update_household(other, household_id, theirs)

    dialog.note.setText("我的备注")
    dialog.submit()
    assert dialog.error.text().startswith("这条记录已被 李文书 在 ") and dialog.note.text() == "我的备注"
    said.refresh = True  # type: ignore[attr-defined]
    dialog.submit()
    assert dialog.note.text() == "李文书的备注"
    dialog.note.setText("我的备注")
    dialog.submit()
    assert households.draft_of(demo_copy, household_id).note == "我的备注"
