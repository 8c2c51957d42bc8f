"""修改记录 (文件 menu and the member editor's tab) and 使用说明 (帮助 menu): read-only, filterable, offline."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services import audit, preferences, roster
from ui.dialogs.audit_dialog import AuditDialog, AuditTab
from ui.dialogs.help_dialog import HelpDialog, picture_path
from ui.help_guide import TOPICS

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _rename(db: Database, member_id: str) -> None:
    draft = roster.get_member(db, member_id).draft
    draft.phone = "13800001234"
    roster.update_member(db, member_id, draft)


def test_the_trail_shows_who_changed_what_and_filters_by_account(
    qtbot: QtBot, demo_copy: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, said: list[str]
) -> None:
    preferences.save(demo_copy, preferences.Preferences(clerk_name="李文书"))
    assert demo_copy.actor == "李文书"
    member = roster.list_members(demo_copy)[0]
    _rename(demo_copy, member.id)

    dialog = AuditDialog(demo_copy)
    qtbot.addWidget(dialog)
    view = dialog.view
    assert view.model.rows[0].actor == "李文书" and view.model.rows[0].member_name == member.name
    view.account.setCurrentIndex(view.account.findData("李文书"))
    assert {r.actor for r in view.visible_rows()} == {"李文书"}
    view.filter_box.setText("没有这样的内容")
    assert view.visible_rows() == [] and "没有找到" in view.count.text()
    assert not view.export_button.isEnabled()
    view.filter_box.clear()

    target = tmp_path / "修改记录.csv"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(target), ""))
    view.export()
    text = target.read_text(encoding="utf-8-sig")
    assert text.startswith(",".join(audit.CSV_HEADERS)) and "李文书" in text
    assert any("已导出" in s for s in said)


def test_the_member_editor_has_the_members_own_trail(qtbot: QtBot, demo_copy: Database) -> None:
    from ui.dialogs.member_editor import MemberEditor

    member = roster.list_members(demo_copy)[0]
    _rename(demo_copy, member.id)
    editor = MemberEditor(demo_copy, member.id)
    qtbot.addWidget(editor)
    tab = next(t for t in editor.extra_tabs if isinstance(t, AuditTab))
    assert tab.model.rows and {r.member_id for r in tab.model.rows} == {member.id}
    new = AuditTab(demo_copy, None)
    qtbot.addWidget(new)
    assert new.model.rows == [] and "保存这名党员后" in new.count.text()


def test_the_guide_opens_at_the_current_page_with_its_picture(qtbot: QtBot) -> None:
    dialog = HelpDialog(None, "公开承诺")
    qtbot.addWidget(dialog)
    assert dialog.topics.currentItem().text() == "公开承诺"
    assert "登记践诺" in dialog.text.toPlainText()
    for topic in TOPICS:
        if topic.picture:
            path = picture_path(topic)
            assert path is not None, f"{topic.title}: resources/help/{topic.picture}.png is missing"
            assert Path(path).stat().st_size <= 110_000
