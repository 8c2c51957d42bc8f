"""评选与考核 page: a campaign carried from nomination to honour from the 先锋评选 tab, a branch scored by typing
into the 支部考核 grid (the suggestion stays beside it), a 五星级 criterion confirmed, 述职 ballots typed in."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services import recognition
from ui.dialogs.recognition_dialogs import BallotDialog, NominateDialog
from ui.pages.recognition import RecognitionPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
YEAR = dt.date.today().year


def _page(qtbot: QtBot, db: Database) -> RecognitionPage:
    page = RecognitionPage(db)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return page


def test_campaign_from_the_tab(qtbot: QtBot, demo_copy: Database, said: object) -> None:
    db = demo_copy
    page = _page(qtbot, db)
    assert page.pioneers.model.rowCount() > 0  # the demo's campaign
    cid = recognition.create_campaign(db, "测试评选", 2021, 1).id
    page.pioneers.refresh()
    page.pioneers.campaign.setCurrentIndex(page.pioneers.campaign.findData(cid))
    assert page.pioneers.model.rowCount() == 0
    dialog = NominateDialog(db, recognition.get_campaign(db, cid), page)
    qtbot.addWidget(dialog)
    dialog.member.setCurrentIndex(0)
    assert dialog.evidence.count() >= 1  # at least the points line
    dialog.deeds.setPlainText("带头修路")
    dialog.accept()
    page.pioneers.show_campaign()
    assert page.pioneers.model.rowCount() == 1
    page.pioneers.view.setCurrentIndex(page.pioneers.model.index(0, 0))
    page.pioneers.review(True)
    row = page.pioneers.model.row_at(0)
    assert row is not None and row.review == "通过"
    votes = page.pioneers.model.index(0, 6)
    assert page.pioneers.model.setData(votes, 42, Qt.ItemDataRole.EditRole)
    assert recognition.get_campaign(db, cid).nominees[0].votes == 42
    page.pioneers.announce()
    assert recognition.get_campaign(db, cid).stage == "公示"
    page.pioneers.honour()  # the objection period has not ended: refused, shown, nothing changed
    assert recognition.get_campaign(db, cid).stage == "公示"
    assert any("公示期" in s for s in said)  # type: ignore[attr-defined]


def test_assessment_grid_scores_without_touching_suggestions(qtbot: QtBot, demo_copy: Database) -> None:
    db = demo_copy
    page = _page(qtbot, db)
    page.tabs.setCurrentWidget(page.assessment)
    model = page.assessment.model
    assert model.rowCount() > 0 and model.headerData(2, Qt.Orientation.Horizontal) == "组织建设"
    before = model.row_at(0)
    assert before is not None
    assert model.setData(model.index(0, 2), 12.5, Qt.ItemDataRole.EditRole)
    after = next(r for r in recognition.assessment(db, YEAR) if r.unit_id == before.unit_id)
    assert after.items["组织建设"] == 12.5 and after.suggested == before.suggested
    assert "建议" in str(model.data(model.index(0, 2)))


def test_org_star_and_duty_ballots(qtbot: QtBot, demo_copy: Database, said: object) -> None:
    db = demo_copy
    page = _page(qtbot, db)
    page.tabs.setCurrentWidget(page.stars)
    tab = page.stars
    tab.unit.setCurrentIndex(1)
    tab.criterion.setCurrentText("服务好")
    tab._set(True, "为民办事 80 件")
    tab.confirm()
    row = next(r for r in recognition.list_org_stars(db, YEAR) if r.unit_id == tab.unit.currentData())
    assert row.criteria["服务好"]["confirmed"] and row.criteria["服务好"]["evidence"] == "为民办事 80 件"

    page.tabs.setCurrentWidget(page.duty)
    report = recognition.list_duty_reports(db, YEAR)[0]
    dialog = BallotDialog(db, report, page)
    qtbot.addWidget(dialog)
    for spin, value in zip(dialog.spins["党员"], (10, 0, 0), strict=True):
        spin.setValue(value)
    dialog.accept()
    got = next(r for r in recognition.list_duty_reports(db, YEAR) if r.id == report.id)
    assert got.tallies["党员"] == [10, 0, 0] and got.rates["党员"] == 100.0


def test_rules_tab_adds_and_retires_a_tier(
    qtbot: QtBot, demo_copy: Database, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from app.services import points as pts
    from ui.pages.points import PointsPage

    page = PointsPage(demo_copy, today=dt.date.today())
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    tab = page.rules_tab
    before = tab.tier_model.rowCount()
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("创业带富类", True))
    tab.add_tier()
    assert tab.tier_model.rowCount() == before + 1
    tab.tier_view.setCurrentIndex(tab.tier_model.index(before, 0))
    tab.retire_tier()
    assert tab.tier_model.index(before, 0).data() == "创业带富类（已停用）"
    assert tab.rs is not None
    assert [t.kind for t in pts.get_rule_set(demo_copy, tab.rs.id).tiers][-1] == pts.RETIRED_TIER
