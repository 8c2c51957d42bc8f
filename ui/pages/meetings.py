"""组织生活 page: meetings by quarter and unit with the meeting editor (attendance feeds the points), the
quarter's meetings held against expected, and the 党费 and 流动党员 tabs (ui/pages/routine_tabs.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import routine
from app.domain.periods import Quarter, quarter_of
from app.services import boards, meetings
from app.services.store import Database
from ui import messages
from ui.dialogs.meeting_dialogs import MeetingKindsDialog, NewMeetingDialog
from ui.kit.export import export_button
from ui.kit.header import PageHeader, fill_years
from ui.kit.page import PAGE_MARGINS, Page, snug_tabs
from ui.kit.records import Column, RecordModel, fit_width, table_view
from ui.kit.wrap import LineLabel
from ui.pages.meeting_editor import MeetingEditor
from ui.pages.routine_tabs import ContactsTab, DuesTab

MEETING_COLUMNS: list[Column[meetings.MeetingRow]] = [
    Column("日期", lambda r: r.date.isoformat()),
    Column("组织", lambda r: r.unit),
    Column("类型", lambda r: r.kind),
    Column("主题", lambda r: r.topic, tooltip=lambda r: r.topic),
    Column("应到", lambda r: str(r.expected), numeric=True),
    Column("出席", lambda r: str(r.present), numeric=True),
    Column("请假", lambda r: str(r.leave), numeric=True),
    Column("缺席", lambda r: str(r.absent), numeric=True, color=lambda r: "#c62828" if r.absent else None),
    Column("状态", lambda r: r.status, color=lambda r: "#8a5a00" if r.status == routine.WITHDRAWN else None),
]


class MeetingsPage(Page):
    title = "组织生活"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        header = PageHeader(self, "组织生活")
        self.year = header.year_chooser()
        self.quarter = header.chooser("季度")
        for q in range(1, 5):
            self.quarter.addItem(f"第{'一二三四'[q - 1]}季度", q)
        self.unit = header.chooser("组织", 120)
        self.new_button = QPushButton("新建会议…")
        self.kinds_button = QPushButton("会议类型…")
        self.export_button = export_button(
            self,
            db,
            lambda: self.view,
            lambda: (
                f"组织生活 {self.year.currentText()}{self.quarter.currentText()} {self.unit.currentText()}"
            ),
        )
        header.buttons(self.export_button, self.kinds_button, self.new_button)

        self.model: RecordModel[meetings.MeetingRow] = RecordModel(MEETING_COLUMNS, self)
        self.view = table_view(self.model, fit=False)
        # No sideways scrolling: 主题 takes the spare width; on a narrow list (150 %) the counts, 状态, then 主题
        # and 类型 give way (the meeting's own panel on the right shows them); a long unit name is cut.
        samples = {
            0: "2026-12-31",
            1: "第一党支部",
            2: "支委会",
            4: "应到",
            5: "88",
            6: "88",
            7: "88",
            8: "已撤回",
        }
        fit_width(self.view, 3, samples, drop=(4, 5, 6, 7, 8, 3, 2), min_chars=4)
        self.view.setMinimumWidth(200)
        self.quarter_info = LineLabel()  # one line; the whole account is its tooltip
        self.quarter_info.setMinimumWidth(200)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.quarter_info)
        self.rates_button = QPushButton("每人出勤…")
        self.rates_button.setToolTip("本季度每名党员应到、出席、请假、缺席的次数和出勤率")
        self.rates_button.clicked.connect(self.show_rates)
        left_layout.addWidget(self.rates_button)
        self.editor = MeetingEditor(db)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        self.dues_tab = DuesTab(db)
        self.contacts_tab = ContactsTab(db)
        self.tabs = QTabWidget()
        self.tabs.addTab(splitter, "会议")
        self.tabs.addTab(self.dues_tab, "党费")
        self.tabs.addTab(self.contacts_tab, "流动党员")
        snug_tabs(self.tabs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)

        today = quarter_of(dt.date.today())
        self._loading = True
        fill_years(self.year, range(today.year + 1, today.year - 6, -1), today.year)
        self.quarter.setCurrentIndex(today.quarter - 1)
        self._loading = False
        self.year.currentIndexChanged.connect(self.reload)
        self.quarter.currentIndexChanged.connect(self.reload)
        self.unit.currentIndexChanged.connect(self.reload)
        self.tabs.currentChanged.connect(lambda _i: self._refresh_tab())
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._open(cur.row()))
        self.new_button.clicked.connect(self.new_meeting)
        self.kinds_button.clicked.connect(self.edit_kinds)
        self.editor.saved.connect(self._after_save)
        self.editor.print_requested.connect(self.print_sheet)

    def refresh(self) -> None:
        self._loading = True
        chosen = self.unit.currentData()
        self.unit.clear()
        from app.services.accounts import visible_units

        units = visible_units(self.db)  # an account with a unit: its own subtree
        if not units or units[0].parent_id is None:
            self.unit.addItem("全部", None)
        for u in units:
            if u.depth:
                self.unit.addItem("　" * (u.depth - 1) + u.name, u.id)
        self.unit.setCurrentIndex(max(0, self.unit.findData(chosen)))
        self._loading = False
        self.reload()

    def unsaved_input(self) -> bool:
        return super().unsaved_input() or self.editor.unsaved_edits()  # another clerk's change waits

    def chosen_quarter(self) -> Quarter:
        return Quarter(
            int(self.year.currentData() or dt.date.today().year), int(self.quarter.currentData() or 1)
        )

    def reload(self) -> None:
        if self._loading:
            return
        q = self.chosen_quarter()
        unit_id = self.unit.currentData()
        current = self.editor.meeting_id
        rows = meetings.list_meetings(self.db, year=q.year, quarter=q.quarter, unit_id=unit_id)
        self.model.set_rows(rows)
        view = meetings.quarter_view(self.db, q, unit_id)
        short = [f"{c.unit}{c.kind}差{c.short}次" for c in view.counts if c.short]
        more = f"等 {len(short)} 项" if len(short) > 4 else ""
        lines = [f"{q.label}：应开的会{'都开了' if not short else '未开齐：' + '、'.join(short[:4]) + more}"]
        if view.unit_rates:
            lines.append("出勤率：" + "，".join(f"{u} {r:.0%}" for u, r in view.unit_rates.items()))
        if view.absent_twice:
            lines.append("连续两次缺席（宜谈心谈话）：" + "、".join(n for _m, n in view.absent_twice))
        brief = f"{q.label}：" + (f"未开齐 {len(short)} 项" if short else "应开的会都开了")
        if view.absent_twice:
            brief += f" · 连续两次缺席 {len(view.absent_twice)} 人"
        self.quarter_info.setText(brief)
        self.quarter_info.set_tip("\n".join(lines))
        ids = [r.id for r in rows]
        if current in ids:
            self.view.selectRow(ids.index(current))
        elif rows:
            self.view.selectRow(0)
        else:
            self.editor.load(None)
        self.dues_tab.unit_id = unit_id
        self._refresh_tab()

    def show_rates(self) -> None:
        from ui.dialogs.attendance_rates import AttendanceRatesDialog

        view = meetings.quarter_view(self.db, self.chosen_quarter(), self.unit.currentData())
        AttendanceRatesDialog(self.db, view, self.unit.currentText(), self).exec()

    def _refresh_tab(self) -> None:
        if self.tabs.currentWidget() is self.dues_tab:
            self.dues_tab.refresh()
        elif self.tabs.currentWidget() is self.contacts_tab:
            self.contacts_tab.refresh()

    def _open(self, row: int) -> None:
        r = self.model.row_at(row)
        self.editor.load(r.id if r else None)

    def _after_save(self) -> None:
        self.reload()

    def new_meeting(self) -> None:
        # the chosen organisation, else the open meeting's: never the 党总支 (all members expected) by default
        shown = self.editor.detail.row.unit_id if self.editor.detail else None
        dialog = NewMeetingDialog(self.db, self.unit.currentData() or shown, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            meeting_id = self.attempt(
                lambda: meetings.add_meeting(self.db, dialog.draft()), dialog.show_error
            )
            if meeting_id is not None:
                self.show_meeting(meeting_id)
                # on to the marking, first row: the focus stayed on 新建会议… and a space opened it again
                self.editor.view.setFocus()
                self.editor.view.setCurrentIndex(self.editor.model.index(0, 1))
                return

    def edit_kinds(self) -> None:
        dialog = MeetingKindsDialog(meetings.meeting_kinds(self.db), self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            if self.attempt_ok(
                lambda: meetings.save_meeting_kinds(self.db, dialog.kinds()), dialog.show_error
            ):
                self.reload()
                return

    def show_meeting(self, meeting_id: str) -> None:
        """Switch the choosers to the meeting's quarter and open it."""
        d = meetings.get_meeting(self.db, meeting_id)
        q = quarter_of(d.row.date)
        self._loading = True
        self.year.setCurrentIndex(max(0, self.year.findData(q.year)))
        self.quarter.setCurrentIndex(q.quarter - 1)
        self._loading = False
        self.editor.meeting_id = meeting_id
        self.tabs.setCurrentIndex(0)
        self.reload()

    def print_sheet(self, kind: str, meeting_id: str) -> None:
        label = "签到表" if kind == "signin" else "会议记录"
        d = meetings.get_meeting(self.db, meeting_id).row
        start = str(Path.home() / f"{d.date}{d.kind}{label}.pdf")
        path, _ = QFileDialog.getSaveFileName(self, f"保存{label} PDF", start, "PDF 文件 (*.pdf)")
        if path:
            self.save_sheet(kind, meeting_id, Path(path if path.lower().endswith(".pdf") else path + ".pdf"))

    def save_sheet(self, kind: str, meeting_id: str, path: Path) -> bool:
        req = boards.BoardRequest(kind, meeting_id=meeting_id)
        pages = self.attempt(lambda: boards.render(self.db, req, path))
        if pages is not None:
            messages.info(self, f"已保存 {path}（{pages} 页），可以打开打印。")
        return pages is not None
