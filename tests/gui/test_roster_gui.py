"""The roster page, its table model and the member editor, driven as a clerk would (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.db.database import Database
from app.domain import pinyin
from app.domain.id_number import make_id_number
from app.services import audit, organizations, roster
from ui.dialogs import member_editor
from ui.dialogs.leave_dialog import LeaveDialog
from ui.dialogs.member_editor import MemberEditor
from ui.models.roster_model import COLUMN_KEYS, RosterFilter, RosterModel, mask_id
from ui.pages.roster import RosterPage


@pytest.fixture
def page(qtbot: QtBot, demo_copy: Database, said: list[str]) -> Iterator[RosterPage]:
    p = RosterPage(demo_copy)
    qtbot.addWidget(p)
    p.resize(1200, 700)
    p.refresh()
    yield p


def visible(p: RosterPage) -> list[roster.MemberRow]:
    return p.visible_members()


def active_rows(db: Database) -> list[roster.MemberRow]:
    return roster.list_members(db)


def column(key: str) -> int:
    return COLUMN_KEYS.index(key)


# --- model ---------------------------------------------------------------------------------------


def test_model_passes_qtmodeltester(qtmodeltester: ModelTester, demo_copy: Database) -> None:
    model = RosterModel()
    model.set_rows(roster.list_members(demo_copy, status="all"))
    qtmodeltester.check(model)
    model.set_filter(RosterFilter(query="z"))
    model.sort(column("party_age"), Qt.SortOrder.DescendingOrder)
    model.set_filter(RosterFilter(include_left=True))
    model.sort(column("name"))
    qtmodeltester.check(model)


def test_typing_narrows_like_a_fresh_search(demo_copy: Database) -> None:
    """Each keystroke searches the previous matches; the result must equal searching everyone."""
    rows = roster.list_members(demo_copy, status="all")
    model = RosterModel()
    model.set_rows(rows)
    sample = rows[13]
    for query in (
        sample.name,
        sample.pinyin_initials,
        sample.pinyin_full,
        sample.id_number[-6:],
        "1x",
        "z1a",
    ):
        for n in range(1, len(query) + 1):
            q = query[:n]
            model.set_filter(RosterFilter(query=q, include_left=True))
            expected = [r.id for r in rows if pinyin.matches(roster.search_key(r), pinyin.normalize_query(q))]
            assert [r.id for r in model.visible_rows()] == expected, q
        for n in range(len(query), 0, -1):  # deleting letters widens again
            model.set_filter(RosterFilter(query=query[:n], include_left=True))
        model.set_filter(RosterFilter(include_left=True))
        assert model.rowCount() == len(rows)


def test_id_number_masked_in_table(page: RosterPage) -> None:
    row = visible(page)[0]
    text = page.model.data(page.model.index(0, column("id_number")))
    assert text == mask_id(row.id_number)
    assert text.startswith(row.id_number[:6]) and text.endswith(row.id_number[-4:]) and "****" in text
    assert page.count_label.text() == f"共 {len(active_rows(page.db))} 人"


# --- search --------------------------------------------------------------------------------------


def test_search_chinese_name_by_set_text(page: RosterPage) -> None:
    target = active_rows(page.db)[7]
    page.search.setText(target.name)
    shown = visible(page)
    assert target.id in {r.id for r in shown}
    assert all(target.name in r.name for r in shown)
    assert page.count_label.text() == f"共 {len(shown)} 人"


def test_search_chinese_by_input_method(page: RosterPage, qtbot: QtBot) -> None:
    target = active_rows(page.db)[3]
    page.search.setFocus()
    event = QInputMethodEvent("", [])
    event.setCommitString(target.name[:2])
    QApplication.sendEvent(page.search, event)
    assert page.search.text() == target.name[:2]
    assert target.id in {r.id for r in visible(page)}
    assert all(target.name[:2] in r.name for r in visible(page))


def test_search_pinyin_initials_typed(page: RosterPage, qtbot: QtBot) -> None:
    target = active_rows(page.db)[11]
    qtbot.keyClicks(page.search, target.pinyin_initials)
    shown = visible(page)
    assert target.id in {r.id for r in shown}
    assert len(shown) < len(active_rows(page.db))
    assert all(
        r.pinyin_initials.startswith(target.pinyin_initials) or target.pinyin_initials in r.pinyin_full
        for r in shown
    )


def test_search_id_number_last_digits(page: RosterPage, qtbot: QtBot) -> None:
    target = active_rows(page.db)[20]
    tail = target.id_number[-5:].lower()
    qtbot.keyClicks(page.search, tail)
    shown = visible(page)
    assert target.id in {r.id for r in shown}
    assert all(r.id_number.lower().endswith(tail) or r.phone.endswith(tail) or tail in r.phone for r in shown)
    page.search.clear()
    assert len(visible(page)) == len(active_rows(page.db))


# --- filters and sorting -------------------------------------------------------------------------


def test_filter_by_branch_includes_its_groups(page: RosterPage) -> None:
    branch = next(u for u in organizations.units(page.db) if u.kind == "党支部")
    page.branch_combo.setCurrentIndex(page.branch_combo.findData(branch.id))
    shown = visible(page)
    assert shown and all(r.branch_id == branch.id for r in shown)
    assert len(shown) == len(roster.list_members(page.db, branch_id=branch.id))
    groups = [page.group_combo.itemData(i) for i in range(1, page.group_combo.count())]
    assert groups and all(g in {u.id for u in organizations.groups(page.db, branch.id)} for g in groups)
    page.group_combo.setCurrentIndex(1)
    assert all(r.group_id == groups[0] for r in visible(page))


def test_filter_category_mobile_and_status(page: RosterPage) -> None:
    everyone = roster.list_members(page.db, status="all")
    page.category_combo.setCurrentIndex(page.category_combo.findData("预备党员"))
    assert visible(page) and all(r.category == "预备党员" for r in visible(page))
    page.category_combo.setCurrentIndex(0)
    page.mobile_combo.setCurrentIndex(page.mobile_combo.findData(True))
    assert len(visible(page)) == sum(r.is_mobile and r.status == "在册" for r in everyone)
    page.mobile_combo.setCurrentIndex(0)
    assert all(r.status == "在册" for r in visible(page))
    page.status_combo.setCurrentIndex(page.status_combo.findData(True))
    assert len(visible(page)) == len(everyone)
    left = [n for n, r in enumerate(visible(page)) if r.status != "在册"]
    assert left, "the demo has members who left"
    brush = page.model.data(page.model.index(left[0], 0), Qt.ItemDataRole.ForegroundRole)
    assert brush is not None  # greyed


def test_sort_by_header(page: RosterPage) -> None:
    page.table.sortByColumn(column("party_age"), Qt.SortOrder.DescendingOrder)
    ages = [r.party_age if r.party_age is not None else -1 for r in visible(page)]
    assert ages == sorted(ages, reverse=True)
    page.table.sortByColumn(column("name"), Qt.SortOrder.AscendingOrder)
    keys = [r.pinyin_full for r in visible(page)]
    assert keys == sorted(keys)
    page.search.setText("a")  # filtering keeps the order
    keys = [r.pinyin_full for r in visible(page)]
    assert keys == sorted(keys)


def test_selection_kept_after_refresh(page: RosterPage) -> None:
    target = visible(page)[5]
    assert page.select_member(target.id)
    page.refresh()
    assert page.current_member_id() == target.id


def test_enter_opens_editor(page: RosterPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str | None] = []

    def fake_exec(self: MemberEditor) -> int:
        opened.append(self.member_id)
        return 0

    monkeypatch.setattr(MemberEditor, "exec", fake_exec)
    target = visible(page)[2]
    page.select_member(target.id)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened == [target.id]


# --- editor --------------------------------------------------------------------------------------


def new_id_number() -> str:
    return make_id_number("330522", dt.date(1985, 3, 12), 777)


def test_add_member_through_editor(page: RosterPage, qtbot: QtBot) -> None:
    editor = MemberEditor(page.db, None, page)
    qtbot.addWidget(editor)
    editor.fields["name"].setText("钱玥")
    editor.fields["id_number"].setText(new_id_number())
    assert editor.fields["birth_date"].text() == "1985-03-12"  # filled from the ID
    assert editor.fields["gender"].currentData() == "男"
    branch = next(u for u in organizations.units(page.db) if u.kind == "党支部")
    editor.branch_combo.setCurrentIndex(editor.branch_combo.findData(branch.id))
    editor.fields["joined_on"].setText("2010年7月1日")
    editor.fields["confirmed_on"].setText("2011-07-01")
    editor.fields["phone"].setText("139 0000 1234")
    assert not editor.validate_now()
    assert editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.result() == MemberEditor.DialogCode.Accepted
    saved = roster.get_member(page.db, str(editor.member_id)).draft
    assert saved.name == "钱玥" and saved.phone == "13900001234" and saved.joined_on == dt.date(2010, 7, 1)
    page.refresh()
    qtbot.keyClicks(page.search, "qy")
    assert editor.member_id in {r.id for r in visible(page)}


def test_invalid_id_shows_inline_message_and_disables_save(page: RosterPage, qtbot: QtBot) -> None:
    target = visible(page)[0]
    editor = MemberEditor(page.db, target.id, page)
    qtbot.addWidget(editor)
    assert editor.save_button.isEnabled()
    editor.fields["id_number"].setText(target.id_number[:-1] + ("1" if target.id_number[-1] != "1" else "2"))
    label = editor.error_labels["id_number"]
    qtbot.waitUntil(lambda: not label.isHidden(), timeout=2000)  # after the ~150 ms debounce
    assert "公民身份号码" in label.text() or "校验" in label.text()
    assert not editor.save_button.isEnabled()
    editor.fields["phone"].setText("12345")  # every error is listed, not only the first
    editor.validate_now()
    assert "手机号码" in editor.summary.text() and "身份号码" in editor.summary.text()


def test_id_disagreeing_with_typed_birth_date(page: RosterPage, qtbot: QtBot) -> None:
    editor = MemberEditor(page.db, None, page)
    qtbot.addWidget(editor)
    editor.fields["birth_date"].setText("1990-01-01")
    editor.fields["id_number"].setText(new_id_number())
    assert editor.fields["birth_date"].text() == "1990-01-01"  # the clerk's own value is kept
    editor.validate_now()
    assert editor.error_labels["birth_date"].text()
    assert not editor.save_button.isEnabled()


def test_correcting_the_id_updates_birth_date_and_gender(page: RosterPage, qtbot: QtBot) -> None:
    target = visible(page)[2]
    editor = MemberEditor(page.db, target.id, page)
    qtbot.addWidget(editor)
    editor.fields["id_number"].setText(make_id_number("330522", dt.date(1971, 5, 6), 2))
    assert editor.fields["birth_date"].text() == "1971-05-06"
    assert editor.fields["gender"].currentData() == "女"


def test_edit_phone_is_saved_and_audited(page: RosterPage, qtbot: QtBot) -> None:
    target = visible(page)[4]
    page.select_member(target.id)
    editor = MemberEditor(page.db, target.id, page)
    qtbot.addWidget(editor)
    editor.fields["phone"].setText("13712345678")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.changed
    assert roster.get_member(page.db, target.id).draft.phone == "13712345678"
    rows = audit.history(page.db, "member", target.id)
    assert any(a.field == "phone" and a.after == "13712345678" and a.before == target.phone for a in rows)
    page.refresh()
    assert page.current_member_id() == target.id
    assert page.model.row_at(page.table.currentIndex().row()).phone == "13712345678"


def make_photo(path: Path) -> Path:
    Image.new("RGB", (1200, 900), "#c04040").save(path, "PNG")
    return path


def test_cancel_changes_nothing(page: RosterPage, qtbot: QtBot, tmp_path: Path) -> None:
    target = visible(page)[1]
    before = roster.get_member(page.db, target.id).draft
    photos_before = sorted(p.name for p in page.db.data_dir.photos.iterdir())
    audit_before = len(audit.history(page.db))
    editor = MemberEditor(page.db, target.id, page)
    qtbot.addWidget(editor)
    editor.fields["name"].setText("改过的名字")
    editor.fields["phone"].setText("13800000000")
    assert editor.set_photo_file(make_photo(tmp_path / "p.png"))
    qtbot.mouseClick(editor.cancel_button, Qt.MouseButton.LeftButton)
    assert editor.result() == MemberEditor.DialogCode.Rejected
    assert roster.get_member(page.db, target.id).draft == before
    assert sorted(p.name for p in page.db.data_dir.photos.iterdir()) == photos_before
    assert len(audit.history(page.db)) == audit_before


def test_photo_stored_only_on_save(page: RosterPage, qtbot: QtBot, tmp_path: Path) -> None:
    target = visible(page)[6]
    editor = MemberEditor(page.db, target.id, page)
    qtbot.addWidget(editor)
    photos_before = set(p.name for p in page.db.data_dir.photos.iterdir())
    assert editor.set_photo_file(make_photo(tmp_path / "p.png"))
    assert set(p.name for p in page.db.data_dir.photos.iterdir()) == photos_before
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    name = roster.get_member(page.db, target.id).draft.photo
    assert name and name not in photos_before
    with Image.open(page.db.data_dir.photos / name) as img:
        assert max(img.size) <= 480 and img.format == "JPEG"


def test_bad_photo_file_is_refused_with_message(
    page: RosterPage, qtbot: QtBot, tmp_path: Path, said: list[str]
) -> None:
    editor = MemberEditor(page.db, None, page)
    qtbot.addWidget(editor)
    bad = tmp_path / "not-a-photo.jpg"
    bad.write_text("hello")
    assert not editor.set_photo_file(bad)
    assert said and "照片" in said[0]


def test_leave_member_disappears_from_active_view(page: RosterPage, qtbot: QtBot) -> None:
    target = visible(page)[3]
    dialog = LeaveDialog(page.db, target.id, target.name, page)
    qtbot.addWidget(dialog)
    dialog.submit()  # 转出 without a destination is refused inline
    assert "转往" in dialog.error.text() or "转出" in dialog.error.text()
    dialog.destination.setText("长兴县林城镇党委")
    dialog.submit()
    assert dialog.result() == LeaveDialog.DialogCode.Accepted
    page.refresh()
    assert target.id not in {r.id for r in visible(page)}
    page.status_combo.setCurrentIndex(1)
    assert target.id in {r.id for r in visible(page)}
    detail = roster.get_member(page.db, target.id)
    assert detail.status == "转出" and detail.history[-1].destination == "长兴县林城镇党委"


def test_editor_reinstate(page: RosterPage, qtbot: QtBot) -> None:
    target = visible(page)[8]
    roster.leave_member(page.db, target.id, "停止党籍", dt.date.today())
    editor = MemberEditor(page.db, target.id, page)
    qtbot.addWidget(editor)
    assert not editor.leave_button.isEnabled() and editor.reinstate_button.isEnabled()
    qtbot.mouseClick(editor.reinstate_button, Qt.MouseButton.LeftButton)
    assert roster.get_member(page.db, target.id).status == "在册"
    assert editor.changed and editor.leave_button.isEnabled()
    assert editor.history_list.count() == 2


class _ExtraTab(member_editor.QWidget):
    title = "测试页"
    saved: list[str] = []

    def __init__(self, db: Database, member_id: str | None, parent: member_editor.QWidget) -> None:
        super().__init__(parent)

    def save(self, member_id: str) -> None:
        _ExtraTab.saved.append(member_id)


def test_extra_tabs_hook(page: RosterPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(member_editor, "EXTRA_TABS", (f"{__name__}:_ExtraTab",))
    target = visible(page)[0]
    editor = MemberEditor(page.db, target.id, page)
    qtbot.addWidget(editor)
    assert editor.tabs.tabText(editor.tabs.count() - 1) == "测试页"
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert _ExtraTab.saved == [target.id]
