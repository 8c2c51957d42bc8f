"""Issue 17's two GUI gaps: a person's photo set from the people register, and 结对… with a member OR a person."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.services.residents import households, people
from ui.dialogs.pair_dialog import MEMBER, PERSON, PairDialog
from ui.pages.organization_people import PersonDialog


def _png(tmp_path: Path) -> Path:
    path = tmp_path / "face.png"
    Image.new("RGB", (900, 1200), "red").save(path)
    return path


def test_a_persons_photo_is_set_on_save_and_cleared(
    demo_copy: Database, qtbot: QtBot, tmp_path: Path
) -> None:
    pid = people.add_person(
        demo_copy, people.PersonDraft(name="社工小周", roles=["社区工作者"], post="社区工作者")
    )
    editor = PersonDialog(demo_copy, pid)
    qtbot.addWidget(editor)
    assert editor.photo.set_file(_png(tmp_path))
    assert people.photo_file(demo_copy, pid) == ""  # nothing stored before 保存
    editor.submit()
    name = people.photo_file(demo_copy, pid)
    assert name and (demo_copy.data_dir.photos / name).exists()
    with Image.open(demo_copy.data_dir.photos / name) as img:
        assert max(img.size) <= 480

    again = PersonDialog(demo_copy, pid)
    qtbot.addWidget(again)
    assert again.photo.name == name and again.photo.remove_button.isEnabled()
    again.photo.remove()
    again.submit()
    assert people.photo_file(demo_copy, pid) == ""


def test_a_refused_save_leaves_no_photo_file(demo_copy: Database, qtbot: QtBot, tmp_path: Path) -> None:
    editor = PersonDialog(demo_copy, None)
    qtbot.addWidget(editor)
    before = set(demo_copy.data_dir.photos.glob("*")) if demo_copy.data_dir.photos.exists() else set()
    assert editor.photo.set_file(_png(tmp_path))
    editor.submit()  # no name: refused
    assert editor.error.text() and editor.person_id is None
    assert set(demo_copy.data_dir.photos.glob("*")) == before


def _unpaired(db: Database) -> str:
    return next(h.id for h in households.list_households(db) if not h.paired_with)


def test_pair_with_a_person_found_by_initials(demo_copy: Database, qtbot: QtBot) -> None:
    pid = people.add_person(demo_copy, people.PersonDraft(name="欧阳网格", roles=["网格员"]))
    household = _unpaired(demo_copy)
    dialog = PairDialog(demo_copy, household, "联户结对")
    qtbot.addWidget(dialog)
    kinds = {dialog.list.item(i).data(256)[0] for i in range(dialog.list.count())}
    assert kinds == {MEMBER, PERSON}  # one chooser lists both
    qtbot.keyClicks(dialog.finder, "oywg")
    assert dialog.chosen() == (PERSON, pid)
    visible = [i for i in range(dialog.list.count()) if not dialog.list.item(i).isHidden()]
    assert visible and all(dialog.keys[i][2].startswith("oywg") for i in visible)  # the shared matcher
    dialog.submit()
    row = next(h for h in households.list_households(demo_copy) if h.id == household)
    assert row.paired_with.startswith("欧阳网格")


def test_pair_with_a_member_and_nothing_chosen_is_refused(demo_copy: Database, qtbot: QtBot) -> None:
    household = _unpaired(demo_copy)
    dialog = PairDialog(demo_copy, household, "联户结对")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.finder, "zzzzqq")
    assert dialog.chosen() is None
    dialog.submit()
    assert "请在列表里选" in dialog.error.text()
    dialog.finder.clear()
    dialog.list.setCurrentRow(0)
    assert (dialog.chosen() or ("",))[0] == MEMBER
    dialog.submit()
    assert dialog.result() == 1
    assert any(h.id == household and h.paired_with for h in households.list_households(demo_copy))
