"""服务项目 page as the clerk uses it: a need entered and made a project, published, claimed by picking a name in
the claim dialog, completed; the counts by state, the overdue filter, the card; teams with 队长."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain import project_rules as rules
from app.services import roster
from app.services.projects import claims, needs, pool
from ui.dialogs.project_card import ProjectCardDialog
from ui.dialogs.project_dialogs import ClaimDialog, CompleteDialog, NeedDialog, ProgressDialog, ProjectDialog
from ui.pages.projects import ProjectsPage


@pytest.fixture
def page(demo_copy: Database, qtbot: QtBot) -> ProjectsPage:
    p = ProjectsPage(demo_copy)
    qtbot.addWidget(p)
    p.setMinimumSize(1000, 600)
    p.resize(1300, 720)
    p.show()
    qtbot.waitExposed(p)
    p.refresh()
    return p


def test_models_pass_qtmodeltester(page: ProjectsPage, qtmodeltester: object) -> None:
    for index in range(3):
        page.tabs.setCurrentIndex(index)
    for model in (page.pool.model, page.needs.model, page.teams.model):
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_counts_by_state_and_overdue_filter(page: ProjectsPage) -> None:
    tab = page.pool
    rows = pool.list_projects(page.db)
    assert tab.status.itemText(0) == f"全部（{len(rows)}）"
    tab.status.setCurrentIndex(tab.status.count() - 1)  # 逾期
    assert tab.model.rowCount() == sum(1 for r in rows if r.overdue)


def test_a_need_becomes_a_claimed_and_completed_project(
    page: ProjectsPage, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = page.db
    d = NeedDialog(db, page)
    d.text.setPlainText("给独居的王奶奶买一副轮椅")
    d.person.setCurrentIndex(0)  # for one person
    d.submit()
    assert d.result() == 1
    need = next(n for n in needs.list_needs(db, open_only=True) if n.text == "给独居的王奶奶买一副轮椅")
    assert need.person_id == d.person.itemData(0)
    p = ProjectDialog(db, [need.id], need.text, page)
    p.goal.setPlainText("两周内送到")
    p.submit()
    pool.publish_project(db, p.project_id)
    row = pool.get_project(db, p.project_id)
    assert row.size == rules.SMALL
    claim = ClaimDialog(db, row, page)
    member = roster.list_members(db)[0]
    index = next(i for i in range(claim.who.count()) if claim.who.itemData(i) == f"member:{member.id}")
    claim.who.setCurrentIndex(index)
    claim.submit()
    assert pool.get_project(db, p.project_id).claimant == member.name
    shots = [tmp_path / f"{n}.png" for n in ("a", "b", "before", "after")]
    for path, colour in zip(shots, ("red", "blue", "gray", "green"), strict=True):
        Image.new("RGB", (800, 600), colour).save(path)
    progress = ProgressDialog(db, pool.get_project(db, p.project_id), page)
    progress.text.setPlainText("已联系厂家")
    progress.photos.add_files(shots[:2])
    assert progress.photos.list.count() == 2
    progress.submit()
    assert progress.result() == 1
    assert pool.get_project(db, p.project_id).before_photo
    done = CompleteDialog(db, pool.get_project(db, p.project_id), page)
    done.text.setPlainText("轮椅已送到")
    done.before.add_files(shots[:1])
    done.before.add_files(shots[2:3])  # one 前 photo: the second choice replaces the first
    assert done.before.files == [shots[2]]
    done.after.add_files(shots[3:])
    done.submit()
    row = pool.get_project(db, p.project_id)
    assert row.status == rules.DONE and row.before_photo and row.after_photo
    assert [e.action for e in pool.history(db, row.id) if e.photo] == ["进度", "照片", "照片", "完成"]
    assert done.links is not None and done.links.deeds == 1


def test_claim_dialog_refuses_a_typed_name_not_picked(page: ProjectsPage) -> None:
    row = next(r for r in pool.list_projects(page.db) if r.status == rules.OPEN)
    claim = ClaimDialog(page.db, row, page)
    claim.who.setEditText("没有这个人")
    claim.submit()
    assert claim.result() == 0 and "请从列表里选" in claim.error.text()
    assert pool.get_project(page.db, row.id).status == rules.OPEN


def test_teams_tab_shows_leaders_and_members_in_no_team(page: ProjectsPage) -> None:
    page.tabs.setCurrentIndex(2)
    assert page.teams.model.rowCount() > 0
    assert "未参加服务队伍的党员" in page.teams.missing.text()
    team = next(t for t in page.teams.model.rows if t.leader)
    need = needs.add_need(page.db, needs.NeedDraft(category="环境整治", size=rules.COLLECTIVE, text="清河道"))
    pid = pool.add_project(
        page.db, pool.ProjectDraft([need], "清完", dt.date.today() + dt.timedelta(days=20))
    )
    pool.publish_project(page.db, pid)
    claims.claim(page.db, pid, rules.TEAM, team.id, dt.date.today())
    page.teams.refresh()
    model = page.teams.model
    line = next(r for r in model.rows if r.id == team.id)
    assert "清河道" in line.holding and line.members
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert {"队长", "队员名单", "在办的项目"} <= set(heads)


def _open_card(page: ProjectsPage, project_id: str, monkeypatch: pytest.MonkeyPatch) -> ProjectCardDialog:
    shown: list[ProjectCardDialog] = []

    def capture(self: ProjectCardDialog) -> int:
        shown.append(self)
        return 0

    monkeypatch.setattr(ProjectCardDialog, "exec", capture)
    page.refresh()
    model = page.pool.model
    index = next(i for i in range(model.rowCount()) if model.row_at(i).id == project_id)  # type: ignore[union-attr]
    page.pool.view.selectRow(index)
    page.pool.card()
    return shown[0]


def _steps(card: ProjectCardDialog) -> list[str]:
    items = [card.steps.item(i, 1) for i in range(card.steps.rowCount())]
    return [item.text() for item in items if item is not None]


def test_card_lists_every_step(page: ProjectsPage, monkeypatch: pytest.MonkeyPatch) -> None:
    row = next(r for r in pool.list_projects(page.db) if r.status == rules.JUDGED)
    card = _open_card(page, row.id, monkeypatch)
    assert "验收" in _steps(card) and "认领" in _steps(card)
    assert row.title in card.windowTitle()


def test_card_shows_the_photos_as_thumbnails(
    page: ProjectsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = next(r for r in pool.list_projects(page.db) if r.status == rules.CLAIMED)
    files = []
    for name, colour in (("a.png", "red"), ("b.png", "blue")):
        Image.new("RGB", (800, 600), colour).save(tmp_path / name)
        files.append(tmp_path / name)
    claims.add_progress(page.db, row.id, "做了一半", dt.date.today(), files)
    card = _open_card(page, row.id, monkeypatch)
    assert card.photos.count() == 2 and not card.photos.item(0).icon().isNull()
    assert "（前）" in card.photos.item(0).text()  # the first progress photo is the 前
    assert "照片" not in _steps(card)


def test_stats_tab_equals_projects_stats_json(
    page: ProjectsPage, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from app.cli import main
    from app.services.projects import stats

    page.tabs.setCurrentWidget(page.stats)
    tab = page.stats
    year = dt.date.today().year
    units = stats.units(page.db)
    checked = 0
    for quarter, unit in ((None, ""), (None, units[0] if units else ""), (3, "")):
        tab.year.setCurrentIndex(tab.year.findData(year))
        tab.quarter.setCurrentIndex(tab.quarter.findData(quarter))
        tab.unit.setCurrentIndex(tab.unit.findData(unit))
        tab.show_figures()
        args = ["--data-dir", str(page.db.data_dir.root), "projects", "stats", "--year", str(year), "--json"]
        args += ["--quarter", str(quarter)] if quarter else []
        args += ["--unit", unit] if unit else []
        capsys.readouterr()
        assert main(args) == 0
        data = json.loads(capsys.readouterr().out)
        shown = {
            tab.model.row_at(i).key: tab.model.index(i, 2).data()  # type: ignore[union-attr]
            for i in range(tab.model.rowCount())
        }
        expected = {k: stats.figure_text(data[k]) for k in stats.FIGURE_LABELS}
        for group in stats.FIGURE_GROUPS:
            expected |= {f"{group}/{name}": str(n) for name, n in data[group].items()}
        assert shown == expected
        checked += sum(1 for v in shown.values() if v not in ("0", "—"))
    assert checked > 10  # the demo's year has figures, not only zeros
    assert "收集群众需求" in tab.sentence.text()


def test_categories_added_renamed_and_retired_in_the_dialog(page: ProjectsPage) -> None:
    from app.services.projects import common
    from ui.dialogs.project_categories import CategoriesDialog

    db = page.db
    used = next(n.category for n in needs.list_needs(db))
    count = sum(1 for n in needs.list_needs(db) if n.category == used)
    dialog = CategoriesDialog(db, page)
    assert dialog.add("邻里互助")
    assert not dialog.add("邻里互助") and "已经有" in dialog.error.text()
    dialog.list.setCurrentRow(list(common.categories(db)).index(used))
    assert dialog.rename(used + "服务")
    assert used + "服务" in common.categories(db) and used not in common.categories(db)
    assert sum(1 for n in needs.list_needs(db) if n.category == used + "服务") == count
    dialog.list.setCurrentRow(list(common.categories(db)).index("邻里互助"))
    assert dialog.retire()
    assert "邻里互助" not in common.categories(db) and dialog.list.count() == len(common.categories(db))
    assert NeedDialog(db, page).category.findText(used + "服务") >= 0


def test_registered_sheet_saved_from_the_teams_tab(
    page: ProjectsPage, tmp_path: Path, said: list[str]
) -> None:
    from app.services.residents import people

    db = page.db
    person = people.add_person(
        db, people.PersonDraft(name="在职赵", roles=["报到党员"], organization="区教育局党支部")
    )
    need = needs.add_need(db, needs.NeedDraft(category="便民利民", size=rules.SMALL, text="修自行车棚"))
    pid = pool.add_project(db, pool.ProjectDraft([need], "修好", dt.date.today() + dt.timedelta(days=5)))
    pool.publish_project(db, pid)
    claims.claim(db, pid, rules.PERSON, person)
    page.tabs.setCurrentWidget(page.teams)
    assert page.teams.save_registered_sheet(person, dt.date.today().year, tmp_path / "zhao")
    assert (tmp_path / "zhao.pdf").read_bytes().startswith(b"%PDF")
    assert page.teams.save_registered_sheet(person, dt.date.today().year, tmp_path / "zhao.xlsx")
    assert (tmp_path / "zhao.xlsx").stat().st_size > 0
    assert said[-1].startswith("已保存")


def test_find_by_the_claimants_pinyin_initials(page: ProjectsPage) -> None:
    from app.domain.pinyin import name_pinyin

    row = next(r for r in pool.list_projects(page.db) if r.claimant_kind == "member")
    initials = name_pinyin(row.claimant)[1]
    page.pool.finder.setText(initials)
    shown = [page.pool.model.row_at(i) for i in range(page.pool.model.rowCount())]
    assert row.id in {r.id for r in shown if r}
    page.pool.finder.setText("zzzzzz")
    assert page.pool.model.rowCount() == 0
