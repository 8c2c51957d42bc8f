"""The shared UI kit: the table model base, date helpers, the find box and attempt()."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.domain.errors import UserError
from ui.kit.dates import DateEdit, date_edit, from_qdate, set_year_range, to_qdate
from ui.kit.header import FindBox, next_match
from ui.kit.page import attempt, attempt_ok
from ui.kit.records import ROW_ROLE, Column, RecordModel

ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass
class Row:
    id: str
    name: str
    points: int


def _model() -> RecordModel[Row]:
    model: RecordModel[Row] = RecordModel(
        [
            Column("姓名", lambda r: r.name, centered=True),
            Column(
                "积分",
                lambda r: str(r.points),
                numeric=True,
                color=lambda r: "#c62828" if r.points < 0 else None,
                edit_value=lambda r: r.points,
                can_edit=lambda r: r.points >= 0,
            ),
        ],
        roles={ID_ROLE: lambda r: r.id},
    )
    model.set_rows([Row("a", "王膑", 5), Row("b", "张伟", -2)])
    return model


def test_record_model_shows_rows_through_columns(qtmodeltester: Any) -> None:
    model = _model()
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "王膑" and model.index(1, 1).data() == "-2"
    assert model.index(0, 1).data(ID_ROLE) == "a"  # a model's own role wins over ROW_ROLE's number
    assert model.index(1, 0).data(ROW_ROLE) == Row("b", "张伟", -2)
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) == int(Qt.AlignmentFlag.AlignCenter)
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(1, 1)) & Qt.ItemFlag.ItemIsEditable
    edits: list[tuple[str, int, Any]] = []
    model.on_edit = lambda row, col, value: edits.append((row.id, col, value)) is None
    assert model.setData(model.index(0, 1), 7) and edits == [("a", 1, 7)]
    assert not model.setData(model.index(1, 1), 7)  # not editable: the edit never reaches the page


def test_dates_round_trip_and_year_range(qtbot: QtBot) -> None:
    day = dt.date(2026, 2, 28)
    assert from_qdate(to_qdate(day)) == day
    edit = date_edit(day)
    qtbot.addWidget(edit)
    assert edit.displayFormat() == "yyyy-MM-dd" and edit.calendarPopup()
    set_year_range(edit, 2025)
    assert edit.minimumDate() == QDate(2025, 1, 1) and edit.maximumDate() == QDate(2025, 12, 31)
    typed = DateEdit()
    qtbot.addWidget(typed)
    typed.calendar.clicked.emit(QDate(1985, 3, 12))
    assert typed.text() == "1985-03-12"


def test_find_box_uses_the_one_matcher(qtbot: QtBot) -> None:
    box = FindBox()
    qtbot.addWidget(box)
    assert box.finds("王膑", "wangbin", "wb")  # nothing typed: everyone
    box.setText("W B")
    assert box.finds("王膑", "wangbin", "wb") and not box.finds("张伟", "zhangwei", "zw")
    box.setText("bin")
    assert box.finds("王膑", "wangbin", "wb")
    box.setText("膑")
    assert box.finds("王膑", "wangbin", "wb") and not box.finds("张伟", "zhangwei", "zw")


def test_next_match_keeps_the_place_and_wraps() -> None:
    names = ["a", "b", "a", "c"]
    assert next_match(4, 2, lambda i: names[i] == "a") == 2
    assert next_match(4, 3, lambda i: names[i] == "a") == 0
    assert next_match(4, -1, lambda i: names[i] == "c") == 3
    assert next_match(4, 0, lambda i: names[i] == "z") is None


def test_attempt_shows_a_refusal_and_returns_none(qtbot: QtBot, said: list[str]) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def refuse() -> int:
        raise UserError("年度不对")

    assert attempt(parent, lambda: 3) == 3
    assert attempt(parent, refuse) is None and said == ["WARN 年度不对"]
    assert attempt_ok(parent, lambda: None) and not attempt_ok(parent, refuse)
    shown: list[str] = []
    assert not attempt_ok(parent, refuse, shown.append)  # a page's own message line instead of a box
    assert shown == ["年度不对"] and len(said) == 2


def test_fit_width_gives_way_when_narrow_and_exports_keep_what_gave_way(qtbot: QtBot) -> None:
    from ui.kit.export import view_table
    from ui.kit.records import fit_width, hide_column, table_view

    model: RecordModel[Row] = RecordModel(
        [
            Column("姓名", lambda r: r.name),
            Column("说明", lambda r: r.id * 20),
            Column("积分", lambda r: str(r.points)),
        ]
    )
    model.set_rows([Row("很长的说明", "王膑", 3)])
    view = table_view(model, fit=False)
    fit_width(view, 1, {0: "诸葛芳珺", 2: "积分"}, drop=(2,), min_chars=6)
    qtbot.addWidget(view)
    view.resize(700, 200)
    view.show()
    qtbot.waitUntil(lambda: not view.isColumnHidden(2))
    assert view.horizontalHeader().length() <= view.viewport().width()
    view.resize(view.columnWidth(0) + view.columnWidth(2) + 40, 200)  # too narrow for 说明 and 积分
    qtbot.waitUntil(lambda: view.isColumnHidden(2))
    assert view.horizontalHeader().length() <= view.viewport().width()
    assert view_table(view)[0] == ["姓名", "说明", "积分"]  # 导出 Excel still writes the column that gave way
    hide_column(view, 0, True)  # a page's own hiding is kept, and the width is shared out again
    view.resize(700, 200)
    qtbot.waitUntil(lambda: not view.isColumnHidden(2))
    assert view.isColumnHidden(0) and view_table(view)[0] == ["说明", "积分"]


def test_phrases_break_only_between_parts(qtbot: QtBot) -> None:
    """At 150 % the 积分手册 heading ended "… 合" and went on "计 81 分": a line breaks only between parts."""
    from PySide6.QtGui import QTextDocument

    from ui.kit.wrap import phrases, unglued

    parts = ["陈荣海", "2026年积分手册", "特殊类", "基础分 60", "共 11 条", "合计 81 分"]
    text = phrases(*parts)
    assert unglued(text) == "　".join(parts)
    for width in range(150, 420, 7):
        doc = QTextDocument()
        doc.setDefaultFont(QLabel().font())
        doc.setPlainText(text)
        doc.setTextWidth(width)
        doc.size()
        layout, whole = doc.begin().layout(), doc.begin().text()
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            end = unglued(whole[: line.textStart() + line.textLength()]).rstrip()
            assert end.endswith(tuple(p[-1] for p in parts)), (width, end)
