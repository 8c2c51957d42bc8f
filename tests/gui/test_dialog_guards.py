"""Every editor checks before it accepts (OK grey, the reason beside it and as its tooltip) and asks
"有未保存的修改，放弃吗？" on Esc/取消 once something was typed (default: 继续编辑)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services import points as pts, roster
from ui.messages import DISCARD_QUESTION

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
TODAY = dt.date.today()


def _shown(qtbot: QtBot, d: QDialog) -> QDialog:
    qtbot.addWidget(d)
    d.show()
    return d


def _esc_asks_and_keeps_editing(qtbot: QtBot, d: QDialog, said: object) -> None:
    said.answer = False  # type: ignore[attr-defined]
    qtbot.keyClick(d, Qt.Key.Key_Escape)
    assert said.questions[-1] == DISCARD_QUESTION  # type: ignore[attr-defined]
    assert d.isVisible()  # still open: nothing thrown away
    said.answer = True  # type: ignore[attr-defined]
    qtbot.keyClick(d, Qt.Key.Key_Escape)
    assert not d.isVisible()


def test_keep_needs_what_was_done_before_saving(qtbot: QtBot, said: object) -> None:
    from ui.dialogs.commitment_dialogs import KeepDialog

    d = _shown(qtbot, KeepDialog("结对帮扶1户困难群众", TODAY))
    assert not d.ok.isEnabled() and "践诺情况" in d.reason.text() and "践诺情况" in d.ok.toolTip()
    d.note.setPlainText("帮助王大爷修好了屋顶")
    assert d.ok.isEnabled() and not d.reason.isVisible()
    _esc_asks_and_keeps_editing(qtbot, d, said)


def test_postpone_needs_a_reason_and_a_later_deadline(qtbot: QtBot, said: object) -> None:
    from ui.dialogs.commitment_dialogs import PostponeDialog

    d = _shown(qtbot, PostponeDialog("修路", TODAY + dt.timedelta(days=5), TODAY))
    assert not d.ok.isEnabled() and "原因" in d.reason.text()
    d.note.setPlainText("材料没到")
    assert d.ok.isEnabled()
    _esc_asks_and_keeps_editing(qtbot, d, said)


def test_a_new_indicator_needs_a_name(qtbot: QtBot, demo_copy: Database, said: object) -> None:
    from ui.dialogs.points_dialogs import IndicatorDialog

    rs = max(pts.rule_sets(demo_copy), key=lambda r: r.year)
    d = _shown(qtbot, IndicatorDialog(rs, None, None))
    assert not d.ok.isEnabled() and d.reason.text() == "请填写指标名称"
    d.name.setText("护河巡查")
    assert d.ok.isEnabled()
    d.points.setValue(0)
    assert not d.ok.isEnabled() and "0" in d.ok.toolTip()
    _esc_asks_and_keeps_editing(qtbot, d, said)


def test_points_entry_is_ready_and_asks_only_after_a_change(
    qtbot: QtBot, demo_copy: Database, said: object
) -> None:
    from ui.dialogs.points_dialogs import EntryDialog

    rs = max(pts.rule_sets(demo_copy), key=lambda r: r.year)
    d = _shown(qtbot, EntryDialog(rs, "王膑", TODAY, None))
    assert d.ok.isEnabled()
    qtbot.keyClick(d, Qt.Key.Key_Escape)  # nothing typed: closes without a question
    assert not d.isVisible() and DISCARD_QUESTION not in said.questions  # type: ignore[attr-defined]


def test_a_grid_needs_a_name(qtbot: QtBot, demo_copy: Database, said: object) -> None:
    from ui.pages.organization import GridDialog

    d = _shown(qtbot, GridDialog(demo_copy, None))
    assert not d.ok.isEnabled() and d.error.text() == "请填写网格名称"
    d.name.setText("第9网格")
    assert d.ok.isEnabled()
    _esc_asks_and_keeps_editing(qtbot, d, said)


def test_leaving_needs_a_readable_date(qtbot: QtBot, demo_copy: Database, said: object) -> None:
    from ui.dialogs.leave_dialog import LeaveDialog

    member = roster.list_members(demo_copy)[0]
    d = _shown(qtbot, LeaveDialog(demo_copy, member.id, member.name))
    assert d.ok_button.isEnabled()
    d.date.setText("明天")
    assert not d.ok_button.isEnabled() and d.error.isVisible()
    _esc_asks_and_keeps_editing(qtbot, d, said)


def test_the_member_editor_asks_before_discarding(qtbot: QtBot, demo_copy: Database, said: object) -> None:
    from ui.dialogs.member_editor import MemberEditor

    d = _shown(qtbot, MemberEditor(demo_copy, roster.list_members(demo_copy)[0].id))
    d.fields["phone"].setText("13800001234")
    _esc_asks_and_keeps_editing(qtbot, d, said)
    untouched = _shown(qtbot, MemberEditor(demo_copy, None))
    untouched.cancel_button.click()
    assert not untouched.isVisible()


def test_backup_where_asks_place_and_encryption_together(
    qtbot: QtBot, tmp_path: object, said: object
) -> None:
    from ui.dialogs.backup_where import BackupWhereDialog

    d = _shown(qtbot, BackupWhereDialog("", False))
    assert not d.ok.isEnabled() and d.reason.text() == "请选择备份位置"
    d.folder_edit.setText(str(tmp_path))
    assert d.ok.isEnabled() and d.passphrase() is None and not d.first.isEnabled()
    d.encrypt.setChecked(True)
    assert not d.ok.isEnabled() and "密码" in d.reason.text() and d.first.isEnabled()
    d.first.setText("village-2026")
    d.second.setText("village-2026")
    assert d.ok.isEnabled() and d.passphrase() == "village-2026"
    _esc_asks_and_keeps_editing(qtbot, d, said)


def test_buttons_look_the_same_everywhere_and_file_dialogs_speak_chinese_on_linux(qtbot: QtBot) -> None:
    import sys

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.app_menu import use_translated_file_dialogs
    from ui.dialogs.commitment_dialogs import KeepDialog

    d = KeepDialog("修路", TODAY)
    qtbot.addWidget(d)
    for box in d.findChildren(QDialogButtonBox):
        assert all(b.icon().isNull() for b in box.buttons())  # text only, as in every other dialog
    use_translated_file_dialogs()
    attribute = Qt.ApplicationAttribute.AA_DontUseNativeDialogs
    assert QCoreApplication.testAttribute(attribute) == sys.platform.startswith("linux")


def test_settings_refuse_a_bad_phone_before_saving(qtbot: QtBot, demo_copy: Database, said: object) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.dialogs.settings_dialog import SettingsDialog

    d = _shown(qtbot, SettingsDialog(demo_copy))
    save = d.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()
    d.phone.setText("电话")
    assert not save.isEnabled() and "联系电话" in d.error.text() and d.error.isVisible()
    d.phone.setText("0572-1234567")
    assert save.isEnabled()
    _esc_asks_and_keeps_editing(qtbot, d, said)


def test_star_settings_need_a_category(qtbot: QtBot, demo_copy: Database, said: object) -> None:
    from app.services import evaluations
    from ui.dialogs.evaluation_settings import EvaluationSettingsDialog

    d = _shown(qtbot, EvaluationSettingsDialog(evaluations.get_settings(demo_copy)))
    assert d.ok.isEnabled()
    d.categories.setText("、")
    assert not d.ok.isEnabled() and "事迹类别" in d.reason.text()
    _esc_asks_and_keeps_editing(qtbot, d, said)


def test_new_passphrase_asks_before_throwing_the_typed_password_away(qtbot: QtBot, said: object) -> None:
    from ui.dialogs.backup_dialogs import NewPassphraseDialog

    d = _shown(qtbot, NewPassphraseDialog())
    qtbot.keyClick(d, Qt.Key.Key_Escape)  # nothing typed: closes without a question
    assert not d.isVisible() and not said.questions  # type: ignore[attr-defined]
    d = _shown(qtbot, NewPassphraseDialog())
    d.first.setText("secret-pw")
    _esc_asks_and_keeps_editing(qtbot, d, said)


def test_import_wizard_cancel_asks_once_a_file_is_mapped(
    qtbot: QtBot, demo_copy: Database, tmp_path: object, said: object
) -> None:
    import messy_roster
    from PySide6.QtWidgets import QWizard

    from ui.dialogs.import_wizard import ImportWizard

    wizard = ImportWizard(demo_copy)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.button(QWizard.WizardButton.CancelButton).click()  # no file yet: nothing to lose
    assert not wizard.isVisible() and not said.questions  # type: ignore[attr-defined]
    wizard = ImportWizard(demo_copy)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path_edit.setText(str(messy_roster.build(tmp_path / "花名册.xlsx")))  # type: ignore[operator]
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    said.answer = False  # type: ignore[attr-defined]
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert said.questions == [DISCARD_QUESTION] and wizard.isVisible()  # type: ignore[attr-defined]
    said.answer = True  # type: ignore[attr-defined]
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()
