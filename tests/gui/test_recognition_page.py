"""评选与考核 page: a campaign carried from nomination to honour from the 先锋评选 tab, a branch scored by typing
into the 支部考核 grid (the suggestion stays beside it), a 五星级 criterion confirmed, 述职 ballots typed in."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain.recognition import PRESET_ITEMS
from app.services import recognition
from ui.dialogs.recognition_dialogs import BallotDialog, NominateDialog
from ui.dialogs.recognition_steps import AnnounceDialog, ReviewDialog
from ui.pages.recognition import RecognitionPage

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
YEAR = dt.date.today().year


def _page(qtbot: QtBot, db: Database) -> RecognitionPage:
    page = RecognitionPage(db)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    return page


def _accept_on_exec(monkeypatch: pytest.MonkeyPatch, cls: type, fill: object = None) -> None:
    """The dialog answers itself when opened: ``fill(dialog)`` types into it, then OK is pressed."""

    def exec_(dialog: object) -> int:
        if callable(fill):
            fill(dialog)
        dialog.accept()  # type: ignore[attr-defined]
        return int(dialog.result())  # type: ignore[attr-defined]

    monkeypatch.setattr(cls, "exec", exec_)


def test_campaign_from_the_tab(
    qtbot: QtBot, demo_copy: Database, said: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = demo_copy

    def at_a_meeting(d: ReviewDialog) -> None:
        d.meeting.setCurrentIndex(1)  # the first meeting of the year listed under （不关联会议）
        d.reason.setText("事迹突出")

    _accept_on_exec(monkeypatch, ReviewDialog, at_a_meeting)
    _accept_on_exec(monkeypatch, AnnounceDialog)
    page = _page(qtbot, db)
    assert page.pioneers.model.rowCount() > 0  # the demo's campaign
    cid = recognition.create_campaign(db, "测试评选", YEAR, 1).id  # the year's meetings can be picked
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
    assert row is not None and row.review == "通过" and row.review_reason == "事迹突出"
    assert row.review_meeting_id  # the meeting picked from the 组织生活 records
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
    cell = model.index(0, 2)  # the suggestion stays beside the score (in brackets), named in the tooltip
    assert "（" in str(model.data(cell)) and "建议" in str(model.data(cell, Qt.ItemDataRole.ToolTipRole))


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


def test_rules_tab_renames_a_tier_and_renames_and_retires_an_indicator(
    qtbot: QtBot, demo_copy: Database, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tiers and indicators renamed and retired from the page; another year's rules keep their names."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDialog

    from app.services import points as pts
    from ui.pages import points_rules
    from ui.pages.points import PointsPage

    this = dt.date.today().year
    pts.copy_rule_set(demo_copy, this, this + 1)  # another year, copied before the edits
    page = PointsPage(demo_copy, today=dt.date.today())
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    tab = page.rules_tab
    assert tab.rs is not None and tab.rs.year == this
    old_tier = tab.tier_model.index(0, 0).data()
    assert tab.tier_model.setData(tab.tier_model.index(0, 0), "骨干类", Qt.ItemDataRole.EditRole)
    assert tab.rs.tiers[0].name == "骨干类"
    ind = next(i for i in tab.rs.indicators if i.active)

    def edit(dialog: QDialog) -> QDialog.DialogCode:
        dialog.name.setText(f"{ind.name}（旧）")  # type: ignore[attr-defined]
        dialog.active.setChecked(False)  # type: ignore[attr-defined]
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(points_rules.IndicatorDialog, "exec", edit)
    tab.edit_indicator(ind)
    assert not [s for s in said if s.startswith("WARN ")]
    now = {i.id: i for i in pts.get_rule_set(demo_copy, tab.rs.id).indicators}
    assert now[ind.id].name == f"{ind.name}（旧）" and now[ind.id].active is False
    other = next(r for r in pts.rule_sets(demo_copy, this + 1))
    assert other.tiers[0].name == old_tier
    assert any(i.name == ind.name and i.active for i in other.indicators)


def test_bands_criteria_and_posts_from_the_page(
    qtbot: QtBot, demo_copy: Database, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """等次… edits the bands (the grid's 等次 follows), 评定条件… the 五星级 criteria (the year already rated keeps
    its own), and the 岗位与工作室 tab sets up, edits and retires a post."""
    from app.domain import recognition as rules
    from ui import messages
    from ui.dialogs.recognition_settings import BandsDialog, CriteriaDialog, PostDialog

    db = demo_copy
    page = _page(qtbot, db)
    bands = BandsDialog(db, page)
    qtbot.addWidget(bands)
    assert [b.name for b in bands.values()] == ["优秀", "良好", "一般", "较差"]
    bands.table.item(0, 2).setText("奖励款 12000 元")
    bands.accept()
    assert recognition.bands(db)[0] == rules.Band("优秀", 95, "奖励款 12000 元")
    bands = BandsDialog(db, page)
    qtbot.addWidget(bands)
    bands.table.removeRow(3)  # no band from 0: refused, shown, nothing changed
    bands.accept()
    assert any("从 0 分起" in s for s in said) and len(recognition.bands(db)) == 4

    criteria = CriteriaDialog(db, page)
    qtbot.addWidget(criteria)
    criteria.text.setPlainText("班子强\n队伍优\n服务好\n制度全\n群众满意\n特色鲜明")
    criteria.accept()
    assert recognition.star_criteria(db)[-1] == "特色鲜明"
    page.tabs.setCurrentWidget(page.stars)
    combo = page.stars.criterion
    assert "特色鲜明" not in [combo.itemText(i) for i in range(combo.count())]  # the demo rated this year
    page.stars.year.setCurrentIndex(page.stars.year.findData(YEAR - 3))
    assert combo.itemText(combo.count() - 1) == "特色鲜明"

    page.tabs.setCurrentWidget(page.posts)
    tab = page.posts
    before = tab.model.rowCount()
    dialog = PostDialog(db, None, tab)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentText("党员示范岗")
    dialog.name.setText("电商示范岗")
    dialog.team.setText("青年电商队")
    dialog.place.setText("村电商服务站")
    dialog.accept()
    tab.refresh()
    assert tab.model.rowCount() == before + 1
    post = next(p for p in recognition.list_posts(db) if p.name == "电商示范岗")
    edit = PostDialog(db, post, tab)
    qtbot.addWidget(edit)
    assert edit.team.text() == "青年电商队" and not edit.kind.isEnabled()
    edit.offers.setPlainText("网店开设、直播带货指导")
    edit.accept()
    assert next(p for p in recognition.list_posts(db) if p.id == post.id).offers == "网店开设、直播带货指导"
    tab.refresh()
    row = next(i for i, p in enumerate(tab.model.rows) if p.id == post.id)
    tab.view.setCurrentIndex(tab.model.index(row, 0))
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    tab.retire()
    assert post.id not in [p.id for p in recognition.list_posts(db)]


def test_blank_ballot_and_notice_printed_from_the_page(
    qtbot: QtBot, demo_copy: Database, said: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    out = Path(str(tmp_path))
    page = _page(qtbot, demo_copy)
    names = iter([str(out / "测评票.pdf"), str(out / "公示.pdf")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (next(names), "PDF"))
    page.tabs.setCurrentWidget(page.duty)
    next(b for b in page.duty.findChildren(QPushButton) if b.text() == "打印空白测评票…").click()
    page.tabs.setCurrentWidget(page.pioneers)
    menu = page.pioneers.printing.menu()
    next(a for a in menu.actions() if a.text() == "公示…").trigger()
    assert not [s for s in said if s.startswith("WARN ")]
    assert (out / "测评票.pdf").stat().st_size > 1000 and (out / "公示.pdf").stat().st_size > 1000


def test_the_guide_has_the_pages_topic(qtbot: QtBot) -> None:
    from ui.dialogs.help_dialog import HelpDialog

    dialog = HelpDialog(None, "评选与考核")  # the page's title: 帮助 opens at its topic
    qtbot.addWidget(dialog)
    assert dialog.topics.currentItem().text() == "评选与考核"
    text = dialog.text.toPlainText()
    assert all(
        word in text for word in ("打印公示", "等次", "评定条件", "测评票", "岗位与工作室", "外来党员")
    )


def test_announce_dialog_ticks_the_quota_and_asks_a_reason_over_it(
    qtbot: QtBot, demo_copy: Database, said: list[str]
) -> None:
    """公示 from the tab: the quota ticked by votes; ticking one more is refused without a reason, then accepted."""
    db = demo_copy
    members = member_ids(db)[:3]
    cid = recognition.create_campaign(db, "超名额评选", 2021, 2).id
    ids = [recognition.nominate(db, cid, mid, "服务先锋", "支部推荐").id for mid in members]
    for nid in ids:
        recognition.review(db, cid, nid, True)
    recognition.tally(db, cid, {nid: 10 + n for n, nid in enumerate(ids)})
    dialog = AnnounceDialog(db, recognition.get_campaign(db, cid))
    qtbot.addWidget(dialog)
    assert len(dialog.chosen()) == 2  # the quota, most votes first
    dialog.list.item(2).setCheckState(Qt.CheckState.Checked)
    assert "超过名额 1 名" in dialog.counted.text()
    dialog.accept()
    assert any("超过名额" in s for s in said) and recognition.get_campaign(db, cid).stage == "投票"
    dialog.reason.setText("三人得票接近，党委研究决定")
    dialog.days.setValue(7)
    dialog.accept()
    c = recognition.get_campaign(db, cid)
    assert c.stage == "公示" and sum(n.selected for n in c.nominees) == 3
    assert c.objection_until is not None and c.announced_on is not None
    assert (c.objection_until - c.announced_on).days == 7


def member_ids(db: Database) -> list[str]:
    from app.services import roster

    return [m.id for m in roster.list_members(db)]


def test_scheme_edited_from_the_page_adds_up_to_100(
    qtbot: QtBot, demo_copy: Database, said: list[str]
) -> None:
    """方案…: items renamed and re-weighted; a total other than 100 is refused and nothing is saved."""
    from ui.dialogs.recognition_scheme import SchemeDialog

    dialog = SchemeDialog(demo_copy, 2021)  # no scheme yet: the preset rows to start from
    qtbot.addWidget(dialog)
    assert dialog.values() == [(n, float(m)) for n, m in PRESET_ITEMS]
    dialog._add_row("乡村振兴", 10)
    assert "合计 110 分" in dialog.total.text()
    dialog.accept()
    assert any("100 分" in s for s in said) and recognition.scheme(demo_copy, 2021) == []
    spin = dialog.table.cellWidget(0, 1)
    assert spin is not None
    spin.setValue(10)  # type: ignore[attr-defined]
    dialog.accept()
    got = {i.name: i.max_points for i in recognition.scheme(demo_copy, 2021)}
    assert got["组织建设"] == 10 and got["乡村振兴"] == 10 and sum(got.values()) == 100


def test_new_campaign_dialog_shows_the_whole_name(qtbot: QtBot, demo_copy: Database) -> None:
    from ui.dialogs.recognition_dialogs import CampaignDialog

    dialog = CampaignDialog(demo_copy)
    qtbot.addWidget(dialog)
    dialog.show()
    for edit in (dialog.name, dialog.categories):
        assert edit.width() >= edit.fontMetrics().horizontalAdvance(edit.text())


def test_an_honour_is_in_the_members_history(qtbot: QtBot, demo_copy: Database) -> None:
    """表彰 makes a history entry: the member editor's 闪光言行与星级 tab names the honour and the campaign."""
    from ui.dialogs.evaluation_history_tab import EvaluationHistoryTab

    c = next(c for c in recognition.list_campaigns(demo_copy, YEAR) if c.honoured_on)
    n = next(n for n in c.nominees if n.selected)
    tab = EvaluationHistoryTab(demo_copy, n.member_id)
    qtbot.addWidget(tab)
    assert f"荣誉：{YEAR} 年度{n.category}（{c.name}）" in tab.note.text()


def test_deeds_corrected_from_the_tab(
    qtbot: QtBot, demo_copy: Database, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QInputDialog

    db = demo_copy
    cid = recognition.create_campaign(db, "改事迹评选", 2021, 1).id
    recognition.nominate(db, cid, member_ids(db)[0], "服务先锋", "支部推荐", deeds="带头修鹿")
    page = _page(qtbot, db)
    page.pioneers.campaign.setCurrentIndex(page.pioneers.campaign.findData(cid))
    page.pioneers.view.setCurrentIndex(page.pioneers.model.index(0, 0))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("带头修路", True))
    page.pioneers.buttons["改事迹…"].click()
    assert recognition.get_campaign(db, cid).nominees[0].deeds == "带头修路"
