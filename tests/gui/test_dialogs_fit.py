"""Every dialog and page fits a 1366×768 screen at 100 %, 125 % and 150 % scaling: the frame fits the available
area and the accept/default buttons are inside it (the screen is faked: its available geometry in points)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QScrollArea,
    QWizard,
)
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services import evaluations, organizations, points as pts, roster

if TYPE_CHECKING:
    from ui.main_window import MainWindow

# Measured in the program's own font (Noto Sans SC 10 pt, as ui.main installs it): the tests' default font is
# smaller and hid a page and a dialog that did not fit.
pytestmark = [pytest.mark.qt_log_ignore("propagateSizeHints"), pytest.mark.usefixtures("bundled_font")]

SCALES = (1.0, 1.25, 1.5)
TITLE_BAR = 32  # points a window's title bar and frame take (outside the widget)


def maximised(qtbot: QtBot, db: Database, screen: QRect) -> MainWindow:
    """The main window as big as ``screen`` less its title bar: maximised, as a clerk runs it."""
    from ui.main_window import MainWindow

    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(screen.width(), screen.height() - TITLE_BAR)
    window.show()
    return window


def _rule_set(db: Database) -> pts.RuleSetRow:
    return max(pts.rule_sets(db), key=lambda r: r.year)


def _member(db: Database) -> str:
    return roster.list_members(db)[0].id


DIALOGS: dict[str, Callable[[Database], QDialog]] = {}


def dialog(name: str) -> Callable[[Callable[[Database], QDialog]], Callable[[Database], QDialog]]:
    def add(factory: Callable[[Database], QDialog]) -> Callable[[Database], QDialog]:
        DIALOGS[name] = factory
        return factory

    return add


@dialog("新增党员")
def _new_member(db: Database) -> QDialog:
    from ui.dialogs.member_editor import MemberEditor

    return MemberEditor(db, None)


@dialog("编辑党员信息")
def _edit_member(db: Database) -> QDialog:
    from ui.dialogs.member_editor import MemberEditor

    return MemberEditor(db, _member(db))


@dialog("欢迎使用")
def _first_run(db: Database) -> QDialog:
    from ui.dialogs.first_run import FirstRunDialog

    return FirstRunDialog(db)


@dialog("设置")
def _settings(db: Database) -> QDialog:
    from ui.dialogs.settings_dialog import SettingsDialog

    return SettingsDialog(db)


@dialog("关于")
def _about(db: Database) -> QDialog:
    from ui.dialogs.about import AboutDialog

    return AboutDialog(db)


@dialog("评定设置")
def _evaluation_settings(db: Database) -> QDialog:
    from ui.dialogs.evaluation_settings import EvaluationSettingsDialog

    return EvaluationSettingsDialog(evaluations.get_settings(db))


@dialog("记积分")
def _entry(db: Database) -> QDialog:
    from ui.dialogs.points_dialogs import EntryDialog

    return EntryDialog(_rule_set(db), "王膑", dt.date.today(), None)


@dialog("积分指标")
def _indicator(db: Database) -> QDialog:
    from ui.dialogs.points_dialogs import IndicatorDialog

    return IndicatorDialog(_rule_set(db), None, None)


@dialog("导入 Excel")
def _import(db: Database) -> QDialog:
    from ui.dialogs.import_wizard import ImportWizard

    return ImportWizard(db)


@dialog("导出 Excel")
def _export(db: Database) -> QDialog:
    from ui.dialogs.import_wizard import ExportDialog

    return ExportDialog(db)


@dialog("队伍")
def _teams(db: Database) -> QDialog:
    from ui.dialogs.teams_dialog import TeamsDialog

    return TeamsDialog(db, dt.date.today().year)


@dialog("备份密码")
def _passphrase(db: Database) -> QDialog:
    from ui.dialogs.backup_dialogs import NewPassphraseDialog

    return NewPassphraseDialog()


@dialog("选择位置并备份")
def _backup_where(db: Database) -> QDialog:
    from ui.dialogs.backup_where import BackupWhereDialog

    return BackupWhereDialog("", True)


@dialog("践诺")
def _keep(db: Database) -> QDialog:
    from ui.dialogs.commitment_dialogs import KeepDialog

    return KeepDialog("结对帮扶1户困难群众", dt.date.today())


@dialog("延期")
def _postpone(db: Database) -> QDialog:
    from ui.dialogs.commitment_dialogs import PostponeDialog

    return PostponeDialog("结对帮扶1户困难群众", None, dt.date.today())


@dialog("每人出勤")
def _attendance_rates(db: Database) -> QDialog:
    from app.domain.periods import quarter_of
    from app.services import meetings
    from ui.dialogs.attendance_rates import AttendanceRatesDialog

    return AttendanceRatesDialog(db, meetings.quarter_view(db, quarter_of(dt.date.today())), "全部")


@dialog("办理离开")
def _leave(db: Database) -> QDialog:
    from ui.dialogs.leave_dialog import LeaveDialog

    return LeaveDialog(db, _member(db), "王膑")


@dialog("网格")
def _grid(db: Database) -> QDialog:
    from ui.pages.organization import GridDialog

    return GridDialog(db, organizations.grids(db)[0])


@dialog("修改记录")
def _audit(db: Database) -> QDialog:
    from ui.dialogs.audit_dialog import AuditDialog

    return AuditDialog(db)


@dialog("使用说明")
def _help(db: Database) -> QDialog:
    from ui.dialogs.help_dialog import HelpDialog

    return HelpDialog()


@dialog("新建先锋评选")
def _campaign(db: Database) -> QDialog:
    from ui.dialogs.recognition_dialogs import CampaignDialog

    return CampaignDialog(db)


@dialog("推荐候选人")
def _nominate(db: Database) -> QDialog:
    from app.services import recognition
    from ui.dialogs.recognition_dialogs import NominateDialog

    return NominateDialog(db, recognition.list_campaigns(db)[0])


@dialog("先锋评选：审议")
def _review(db: Database) -> QDialog:
    from app.services import recognition
    from ui.dialogs.recognition_steps import ReviewDialog

    c = recognition.list_campaigns(db)[0]
    return ReviewDialog(db, c, c.nominees[0], True)


@dialog("先锋评选：公示")
def _announce(db: Database) -> QDialog:
    from app.services import recognition
    from ui.dialogs.recognition_steps import AnnounceDialog

    return AnnounceDialog(db, recognition.list_campaigns(db)[0])


@dialog("支部考核方案")
def _scheme(db: Database) -> QDialog:
    from ui.dialogs.recognition_scheme import SchemeDialog

    return SchemeDialog(db, dt.date.today().year)


@dialog("登记述职")
def _duty(db: Database) -> QDialog:
    from ui.dialogs.recognition_dialogs import DutyDialog

    return DutyDialog(db, dt.date.today().year)


@dialog("录入测评票")
def _duty_ballots(db: Database) -> QDialog:
    from app.services import recognition
    from ui.dialogs.recognition_dialogs import BallotDialog

    return BallotDialog(db, recognition.list_duty_reports(db)[0])


@dialog("五星级评定条件")
def _criteria(db: Database) -> QDialog:
    from ui.dialogs.recognition_settings import CriteriaDialog

    return CriteriaDialog(db)


@dialog("考核等次")
def _bands(db: Database) -> QDialog:
    from ui.dialogs.recognition_settings import BandsDialog

    return BandsDialog(db)


@dialog("设立岗位")
def _post(db: Database) -> QDialog:
    from app.services import recognition
    from ui.dialogs.recognition_settings import PostDialog

    return PostDialog(db, recognition.list_posts(db)[0])


@dialog("1+N 所在单位")
def _work_units(db: Database) -> QDialog:
    from ui.dialogs.recognition_settings import WorkUnitsDialog

    return WorkUnitsDialog(db)


def _accept_buttons(d: QDialog) -> list[QAbstractButton]:
    if isinstance(d, QWizard):
        return [d.button(QWizard.WizardButton.NextButton), d.button(QWizard.WizardButton.CancelButton)]
    found: list[QAbstractButton] = []
    for box in d.findChildren(QDialogButtonBox):
        for b in box.buttons():
            role = box.buttonRole(b)
            if role in (QDialogButtonBox.ButtonRole.AcceptRole, QDialogButtonBox.ButtonRole.RejectRole):
                found.append(b)
    return found


@dialog("登录")
def _login(db: Database) -> QDialog:
    from ui.dialogs.login_dialog import LoginDialog

    return LoginDialog(db)


@dialog("账户与权限")
def _accounts(db: Database) -> QDialog:
    from ui.dialogs.accounts_dialog import AccountsDialog

    return AccountsDialog(db)


@dialog("添加账户")
def _account_editor(db: Database) -> QDialog:
    from ui.dialogs.accounts_dialog import AccountEditor

    return AccountEditor(db, first=True)


@dialog("重设密码")
def _password(db: Database) -> QDialog:
    from ui.dialogs.accounts_dialog import PasswordDialog

    return PasswordDialog("为“张书记”设新密码")


@dialog("服务项目：登记需求")
def _need(db: Database) -> QDialog:
    from ui.dialogs.project_dialogs import NeedDialog

    return NeedDialog(db)


@dialog("服务项目：认领")
def _claim(db: Database) -> QDialog:
    from app.services.projects import pool
    from ui.dialogs.project_dialogs import ClaimDialog

    return ClaimDialog(db, pool.list_projects(db)[0])


@dialog("服务项目：登记进度（照片）")
def _project_progress(db: Database) -> QDialog:
    from app.services.projects import pool
    from ui.dialogs.project_dialogs import ProgressDialog

    return ProgressDialog(db, pool.list_projects(db)[0])


@dialog("服务项目：登记完成（前后照片）")
def _project_complete(db: Database) -> QDialog:
    from app.services.projects import pool
    from ui.dialogs.project_dialogs import CompleteDialog

    return CompleteDialog(db, pool.list_projects(db)[0])


@dialog("服务项目：项目卡片（照片）")
def _project_card(db: Database) -> QDialog:
    from app.services.projects import pool
    from ui.dialogs.project_card import ProjectCardDialog

    row = max(pool.list_projects(db), key=lambda r: len(pool.history(db, r.id)))
    return ProjectCardDialog(db, row, row.status)


@dialog("服务项目：项目类别")
def _project_categories(db: Database) -> QDialog:
    from ui.dialogs.project_categories import CategoriesDialog

    return CategoriesDialog(db)


@dialog("登记人员（带照片）")
def _person(db: Database) -> QDialog:
    from ui.pages.organization_people import PersonDialog

    return PersonDialog(db, None)


@dialog("联户结对")
def _pair(db: Database) -> QDialog:
    from app.services.residents import households
    from ui.dialogs.pair_dialog import PairDialog

    return PairDialog(db, households.list_households(db)[0].id, "联户结对")


@dialog("新增住户")
def _household(db: Database) -> QDialog:
    from ui.dialogs.service_dialogs import HouseholdDialog

    return HouseholdDialog(db, None)


@dialog("修改住户")
def _household_edit(db: Database) -> QDialog:
    from app.services.residents import households
    from ui.dialogs.service_dialogs import HouseholdDialog

    return HouseholdDialog(db, households.list_households(db)[0].id)


@dialog("登记求助")
def _request(db: Database) -> QDialog:
    from ui.dialogs.service_dialogs import RequestDialog

    return RequestDialog(db, None)


@dialog("分派求助")
def _assign(db: Database) -> QDialog:
    from ui.dialogs.service_dialogs import AssignDialog

    return AssignDialog(db)


@dialog("服务设置")
def _service_settings(db: Database) -> QDialog:
    from ui.dialogs.service_settings import ServiceSettingsDialog

    return ServiceSettingsDialog(db)


@dialog("新建会议")
def _new_meeting(db: Database) -> QDialog:
    from ui.dialogs.meeting_dialogs import NewMeetingDialog

    return NewMeetingDialog(db, None)


@dialog("会议类型")
def _meeting_kinds(db: Database) -> QDialog:
    from app.services import meetings
    from ui.dialogs.meeting_dialogs import MeetingKindsDialog

    return MeetingKindsDialog(meetings.meeting_kinds(db))


def _members(db: Database) -> list[tuple[str, str]]:
    return [(m.id, f"{m.name}（{m.branch}）") for m in roster.list_members(db)]


@dialog("设定党费标准")
def _dues_rate(db: Database) -> QDialog:
    from ui.dialogs.meeting_dialogs import DuesRateDialog

    return DuesRateDialog(_members(db), None)


@dialog("记党费交纳")
def _dues_pay(db: Database) -> QDialog:
    from ui.dialogs.meeting_dialogs import DuesPayDialog

    return DuesPayDialog(_members(db), None)


@dialog("记一次联系")
def _contact(db: Database) -> QDialog:
    from ui.dialogs.meeting_dialogs import ContactDialog

    return ContactDialog(_members(db), None)


@dialog("服务项目：立项")
def _project(db: Database) -> QDialog:
    from app.services.projects import needs
    from ui.dialogs.project_dialogs import ProjectDialog

    need = needs.list_needs(db, open_only=True)[0]
    return ProjectDialog(db, [need.id], need.text)


@dialog("新增网格")
def _new_grid(db: Database) -> QDialog:
    from ui.pages.organization import GridDialog

    return GridDialog(db, None)


# the tests come last: DIALOGS is read when the parametrize above them runs (register dialogs above here)
@pytest.mark.parametrize("scale", SCALES)
@pytest.mark.parametrize("name", sorted(DIALOGS))
def test_dialog_fits_and_its_buttons_are_visible(
    qtbot: QtBot, demo_copy: Database, fake_screen: Callable[[float], QRect], name: str, scale: float
) -> None:
    screen = fake_screen(scale)
    d = DIALOGS[name](demo_copy)
    qtbot.addWidget(d)
    d.show()
    QApplication.processEvents()
    assert d.width() <= screen.width(), f"{name} is {d.width()} wide on a {screen.width()}-point screen"
    assert d.height() + TITLE_BAR <= screen.height(), f"{name} is {d.height()} high, screen {screen.height()}"
    buttons = _accept_buttons(d)
    assert buttons, f"{name} has no 确定/取消 row"
    for b in buttons:
        if b is None or not b.isVisibleTo(d):
            continue
        top_left = b.mapTo(d, QPoint(0, 0))
        assert d.rect().contains(QRect(top_left, b.size())), f"{name}: {b.text()} is outside the window"
    d.close()


@pytest.mark.parametrize("scale", SCALES)
def test_every_page_fits_without_sideways_scrolling(
    qtbot: QtBot, demo_copy: Database, fake_screen: Callable[[float], QRect], scale: float
) -> None:
    screen = fake_screen(scale)
    window = maximised(qtbot, demo_copy, screen)
    assert window.width() <= screen.width() and window.height() + TITLE_BAR <= screen.height()
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        for _ in range(5):
            QApplication.processEvents()
        area = window.pages.currentWidget()
        assert isinstance(area, QScrollArea)
        holder = area.widget()
        assert holder is not None
        title = window.nav.item(row).text()
        assert holder.width() <= area.viewport().width(), f"{title} scrolls sideways at {scale:.0%}"
        if scale < 1.5:
            assert holder.height() <= area.viewport().height(), f"{title} scrolls at {scale:.0%}"
    window.shutdown()
