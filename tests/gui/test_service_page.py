"""服务群众 page as the clerk uses it: households found by address, a visit entered from the keyboard, the request
ledger's colours and overdue marks with its flow, the statistics, and people on 组织与网格."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services.residents import households, requests, visits
from ui.dialogs.service_dialogs import HouseholdDialog, RequestDialog
from ui.models.service_models import OVERDUE
from ui.pages.organization_people import PeopleDialog, PersonDialog
from ui.pages.service import ServicePage


def _type_chinese(widget: QLineEdit, text: str) -> None:
    """Chinese arrives as an input-method commit (qtbot.keyClicks with non-ASCII aborts Qt)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    widget.setFocus()
    from PySide6.QtWidgets import QApplication

    QApplication.sendEvent(widget, event)


@pytest.fixture
def page(demo_copy: Database, qtbot: QtBot) -> ServicePage:
    p = ServicePage(demo_copy)
    qtbot.addWidget(p)
    p.setMinimumSize(1000, 600)
    p.resize(1300, 720)
    p.show()
    qtbot.waitExposed(p)
    p.refresh()
    return p


def test_models_pass_qtmodeltester(page: ServicePage, qtmodeltester: object) -> None:
    for index in range(4):
        page.tabs.setCurrentIndex(index)
    for model in (page.households.model, page.visits.model, page.requests.model, page.stats.model):
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_households_are_found_by_address_or_head(page: ServicePage) -> None:
    tab = page.households
    total = tab.model.rowCount()
    assert total == len(households.list_households(page.db)) > 0
    first = tab.model.rows[0]
    _type_chinese(tab.finder, first.address)
    assert 0 < tab.model.rowCount() < total
    assert all(first.address in r.address for r in tab.model.rows)
    tab.finder.clear()
    tab.unpaired.setChecked(True)
    assert all(not r.paired_with for r in tab.model.rows)


def test_a_visit_from_the_keyboard(page: ServicePage, qtbot: QtBot) -> None:
    page.tabs.setCurrentIndex(1)
    tab = page.visits
    before = len(visits.list_visits(page.db))
    tab.member.setCurrentIndex(0)
    tab.household.setCurrentIndex(0)
    qtbot.keyClicks(tab.text, "ok")
    qtbot.keyClick(tab.text, Qt.Key.Key_Return)
    assert len(visits.list_visits(page.db)) == before + 1
    assert tab.text.text() == "" and tab.household.currentIndex() == -1  # ready for the next household
    assert "已登记走访" in tab.message.text()


def test_a_request_collected_on_a_visit(
    page: ServicePage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.tabs.setCurrentIndex(1)
    tab = page.visits
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    visit = tab.model.rows[0]
    made: list[RequestDialog] = []

    def run(dialog: RequestDialog) -> int:
        dialog.text.setPlainText("road lamp")
        dialog.submit()
        made.append(dialog)
        return 1

    monkeypatch.setattr(RequestDialog, "exec", run)
    tab.raise_request()
    assert made and made[0].request_id
    row = requests.get_request(page.db, made[0].request_id)
    assert row.channel == "走访" and row.household_id == visit.household_ids[0]


def test_visit_without_a_household_is_refused(page: ServicePage, qtbot: QtBot, said: list[str]) -> None:
    page.tabs.setCurrentIndex(1)
    tab = page.visits
    before = len(visits.list_visits(page.db))
    tab.member.setCurrentIndex(0)
    tab.household.setCurrentIndex(-1)
    qtbot.keyClick(tab.text, Qt.Key.Key_Return)
    assert len(visits.list_visits(page.db)) == before
    assert said and "住户" in said[-1]


def test_requests_show_overdue_in_red_and_flow(page: ServicePage, said: list[str]) -> None:
    page.tabs.setCurrentIndex(2)
    tab = page.requests
    model = tab.model
    overdue = next(i for i, r in enumerate(model.rows) if r.overdue)
    brush = model.data(model.index(overdue, 1), Qt.ItemDataRole.BackgroundRole)
    assert brush.color().name() == OVERDUE[1]
    assert "逾期" in model.data(model.index(overdue, 1))
    tab.status.setCurrentIndex(tab.status.findData("逾期"))
    assert all(r.overdue for r in model.rows) and model.rowCount() > 0
    row = model.rows[0]
    tab.view.setCurrentIndex(model.index(0, 0))
    requests.resolve_request(page.db, row.id, "已解决")
    tab.refresh()
    assert requests.get_request(page.db, row.id).status == "办结"


def test_dialogs_add_a_household_and_a_request(demo_copy: Database, qtbot: QtBot) -> None:
    dialog = HouseholdDialog(demo_copy)
    qtbot.addWidget(dialog)
    _type_chinese(dialog.address, "九组 1 号")
    dialog.submit()
    assert (
        dialog.household_id
        and households.get_household(demo_copy, dialog.household_id).address == "九组 1 号"
    )
    request = RequestDialog(demo_copy, dialog.household_id)
    qtbot.addWidget(request)
    request.text.setPlainText("need help")
    request.submit()
    assert request.request_id and requests.get_request(demo_copy, request.request_id).source == "九组 1 号"
    empty = HouseholdDialog(demo_copy)
    qtbot.addWidget(empty)
    empty.submit()
    assert "地址" in empty.error.text() and empty.household_id is None


def test_stats_tab_quotes_the_figures(page: ServicePage) -> None:
    page.tabs.setCurrentIndex(3)
    assert "联系结对" in page.stats.sentence.text()
    assert page.stats.model.rows[-1][0] == "合计"


def test_people_on_the_organisation_page(demo_copy: Database, qtbot: QtBot) -> None:
    dialog = PeopleDialog(demo_copy)
    qtbot.addWidget(dialog)
    editor = PersonDialog(demo_copy, None)
    qtbot.addWidget(editor)
    _type_chinese(editor.name, "钱网格")
    editor.roles[1].setChecked(True)
    editor.submit()
    assert editor.person_id


def test_a_team_takes_people_who_are_not_members(demo_copy: Database, qtbot: QtBot, said: list[str]) -> None:
    import datetime as dt

    from app.services.residents import people, teams_people
    from ui.dialogs.teams_dialog import PERSON, TeamsDialog

    pid = people.add_person(demo_copy, people.PersonDraft(name="钱组长", roles=["居民组长"]))
    dialog = TeamsDialog(demo_copy, dt.date.today().year)
    qtbot.addWidget(dialog)
    team_id = dialog.current_team_id()
    assert team_id
    dialog.member_pick.setCurrentIndex(dialog.member_pick.findData(PERSON + pid))
    dialog.add_member()
    assert [p.name for p in teams_people.team_people(demo_copy, team_id)] == ["钱组长"]
    items = [dialog.member_list.item(i) for i in range(dialog.member_list.count())]
    mine = next(i for i in items if i.data(Qt.ItemDataRole.UserRole) == PERSON + pid)
    assert "非党员" in mine.text()
    dialog.member_list.setCurrentItem(mine)
    dialog.remove_member()
    assert teams_people.team_people(demo_copy, team_id) == []
    assert not said.warnings()  # type: ignore[attr-defined]


def test_assign_a_request_to_a_team(
    page: ServicePage, monkeypatch: pytest.MonkeyPatch, said: list[str]
) -> None:
    from ui.dialogs.service_dialogs import AssignDialog

    page.tabs.setCurrentIndex(2)
    tab = page.requests
    tab.status.setCurrentIndex(tab.status.findData("受理"))
    row = tab.model.rows[0]
    tab.view.setCurrentIndex(tab.model.index(0, 0))

    def run(dialog: AssignDialog) -> int:
        dialog.team.setCurrentIndex(1)
        dialog.submit()
        return int(dialog.result())

    monkeypatch.setattr(AssignDialog, "exec", run)
    tab.assign()
    after = requests.get_request(page.db, row.id)
    assert after.status == "办理中" and after.assigned_to


def test_settings_dialog_saves_deadlines_and_refuses_nonsense(demo_copy: Database, qtbot: QtBot) -> None:
    from app.services.residents import common
    from ui.dialogs.service_settings import ServiceSettingsDialog

    dialog = ServiceSettingsDialog(demo_copy)
    qtbot.addWidget(dialog)
    dialog.deadlines.setText("一般=10、紧急=2")
    dialog.high.setValue(12)
    dialog.hide_names.setChecked(True)
    dialog.submit()
    conf = common.get_settings(demo_copy)
    assert (
        conf.deadlines == {"一般": 10, "紧急": 2}
        and conf.pairing_target[1] == 12
        and conf.hide_household_names
    )
    bad = ServiceSettingsDialog(demo_copy)
    qtbot.addWidget(bad)
    bad.deadlines.setText("一般=十天")
    bad.submit()
    assert "一般=15" in bad.error.text()
    assert common.get_settings(demo_copy).deadlines == {"一般": 10, "紧急": 2}


def test_stats_tab_shows_the_pairing_target(page: ServicePage) -> None:
    page.tabs.setCurrentIndex(3)
    assert "达标" in page.stats.pairing.text()
