"""The meeting editor of the 组织生活 page: details, minutes, and the tickable attendance list.

The list is keyboard-first: ↑↓ move, space cycles 出席 → 请假 → 缺席, typing letters jumps to a member by
name or pinyin initials (the one matcher in app.domain.pinyin). Marks are kept here until 保存出勤, which
writes them in one go (and the points follow in the same transaction)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import routine
from app.domain.pinyin import find_key, matches, normalize_query
from app.services import meetings, versions
from app.services.store import Database
from ui import messages
from ui.kit.dates import date_edit, from_qdate, to_qdate
from ui.kit.header import next_match
from ui.kit.page import attempt, tell
from ui.kit.records import Column, RecordModel
from ui.kit.stale import save_or_refresh
from ui.screen_fit import scroll_tabs

MARK_COLORS = {routine.PRESENT: "#1b5e20", routine.LEAVE: "#8a5a00", routine.ABSENT: "#c62828"}


@dataclasses.dataclass
class Mark:
    """One line of the tick list, edited in place until saved."""

    member_id: str
    name: str
    expected: bool
    mark: str
    reason: str
    pinyin_full: str
    pinyin_initials: str
    person: str = ""  # a member from elsewhere (1+N): their own organisation; never points


def _columns() -> list[Column[Mark]]:
    return [
        Column("姓名", lambda m: m.name),
        Column("出勤", lambda m: m.mark or "未记", color=lambda m: MARK_COLORS.get(m.mark), centered=True),
        Column(
            "请假原因",
            lambda m: m.reason,
            edit_value=lambda m: m.reason,
            can_edit=lambda m: m.mark == routine.LEAVE,
        ),
        Column(
            "",
            lambda m: f"外来党员（{m.person}）" if m.person else "" if m.expected else "另列（流动/特殊）",
            color=lambda _m: "#5f6368",
        ),
    ]


class AttendanceView(QTableView):
    """The tick list: space cycles the mark, letters jump by name or initials."""

    changed = Signal()
    remove_requested = Signal(int)  # Delete on a member from elsewhere: off the list

    def __init__(self, model: RecordModel[Mark]) -> None:
        super().__init__()
        self.marks = model
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.verticalHeader().setDefaultSectionSize(24)
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((90, 56, 140)):  # fixed: measuring 400 names costs a visible pause
            self.setColumnWidth(column, width)

    def cycle(self, row: int) -> None:
        m = self.marks.row_at(row)
        if m is None:
            return
        m.mark = routine.next_mark(m.mark)
        if m.mark != routine.LEAVE:
            m.reason = ""
        self.marks.replace_row(row, m)
        self.changed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Space and self.state() != QAbstractItemView.State.EditingState:
            self.cycle(self.currentIndex().row())
            return
        if event.key() == Qt.Key.Key_Delete and self.state() != QAbstractItemView.State.EditingState:
            self.remove_requested.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:  # noqa: N802 - Qt's name
        """Letters typed in a row (Qt collects them) find the next member by name or pinyin initials."""
        query = normalize_query(search)
        if not query.strip():
            return
        rows = self.marks.rows

        def hit(i: int) -> bool:
            m = rows[i]
            return matches(find_key(m.name, m.pinyin_full, m.pinyin_initials), query)

        start = (
            max(0, self.currentIndex().row()) if len(search) > 1 else max(0, self.currentIndex().row() + 1)
        )
        found = next_match(len(rows), start, hit)
        if found is not None:
            self.setCurrentIndex(self.marks.index(found, 0))


class MeetingEditor(QWidget):
    """Details and attendance of one meeting; ``saved`` after anything was written."""

    saved = Signal()
    print_requested = Signal(str, str)  # board kind, meeting id

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.meeting_id: str | None = None
        self.detail: meetings.MeetingDetail | None = None
        self.heading = QLabel("请在左边选一次会议，或点“新建会议”")
        self.heading.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.heading.setWordWrap(True)
        self.kind = QComboBox()
        self.date = date_edit()
        self.time = QLineEdit()
        self.time.setPlaceholderText("如 09:00")
        self.place = QLineEdit()
        self.topic = QLineEdit()
        self.host = QComboBox()
        self.recorder = QComboBox()
        self.minutes = QPlainTextEdit()
        self.minutes.setPlaceholderText("会议内容（会议记录）")
        self.resolutions = QPlainTextEdit()
        self.resolutions.setPlaceholderText("决议")
        self.guests = QLineEdit()
        self.guests.setPlaceholderText("列席人员（非党员），用逗号分开")
        self.resolutions.setMaximumHeight(90)
        form = QFormLayout()
        row1 = QHBoxLayout()
        row1.addWidget(self.kind)
        row1.addWidget(self.date)
        row1.addWidget(self.time)
        form.addRow("类型/日期", row1)
        form.addRow("地点", self.place)
        form.addRow("主题", self.topic)
        row2 = QHBoxLayout()
        row2.addWidget(QLabel("主持"))
        row2.addWidget(self.host, 1)
        row2.addWidget(QLabel("记录"))
        row2.addWidget(self.recorder, 1)
        form.addRow("", row2)
        form.addRow("会议记录", self.minutes)
        form.addRow("决议", self.resolutions)
        form.addRow("列席", self.guests)

        self.model: RecordModel[Mark] = RecordModel(_columns(), self)
        self.model.on_edit = self._edit_reason
        self.view = AttendanceView(self.model)
        self.view.changed.connect(self._count)
        self.view.remove_requested.connect(self._remove_person)
        self.removed: set[str] = set()  # members from elsewhere taken off the list, until 保存出勤
        self.view.doubleClicked.connect(self._double_clicked)
        self.counts = QLabel()
        self.all_present = QPushButton("全部出席")
        self.save_attendance = QPushButton("保存出勤")
        self.save_attendance.setDefault(True)
        self.save_attendance.setToolTip("保存出勤；积分随之记上（出席记指标分，无故缺席扣分）或冲销")
        self.save_details = QPushButton("保存会议信息")
        self.add_photos = QPushButton("添加照片…")
        self.photo_count = QLabel()
        self.print_signin = QPushButton("签到表…")
        self.print_minutes = QPushButton("会议记录…")
        self.print_signin.setToolTip("打印签到表（PDF）：应到党员按花名册顺序，留签名栏")
        self.print_minutes.setToolTip("打印会议记录（PDF）：出勤、会议内容、决议、照片")
        self.withdraw = QPushButton("撤回…")
        self.deed = QPushButton("记闪光言行…")
        self.add_people = QPushButton("外来党员…")
        self.add_people.setToolTip(
            "区域综合党支部、流动党员服务站的组织生活：把人员名册里的报到党员加到名单上（不记积分，印在签到表上；"
            "选中后按 Delete 移出名单）"
        )
        hint = QLabel("↑↓ 选人，空格切换出席/请假/缺席，打字母（如 zw）跳到这个人，双击“请假原因”填写")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #5f6368;")

        top = QHBoxLayout()
        top.addWidget(self.counts, 1)
        top.addWidget(self.add_people)
        top.addWidget(self.all_present)
        top.addWidget(self.save_attendance)
        attendance = QWidget()
        attendance_layout = QVBoxLayout(attendance)
        attendance_layout.addLayout(top)
        attendance_layout.addWidget(hint)
        attendance_layout.addWidget(self.view, 1)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.addLayout(form)
        save_row = QHBoxLayout()
        save_row.addWidget(self.add_photos)
        save_row.addWidget(self.photo_count)
        save_row.addStretch(1)
        save_row.addWidget(self.save_details)
        details_layout.addLayout(save_row)
        details_layout.addStretch(1)
        self.inner = QTabWidget()
        self.inner.addTab(attendance, "签到出勤")
        self.inner.addTab(details, "会议信息与记录")
        scroll_tabs(self.inner)  # the record's form scrolls inside its tab: the page fits a 125 % screen
        actions = QHBoxLayout()
        for b in (self.print_signin, self.print_minutes, self.deed, self.withdraw):
            actions.addWidget(b)
        actions.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(actions)
        layout.addWidget(self.inner, 1)

        self.all_present.clicked.connect(self._all_present)
        self.add_people.clicked.connect(self._add_people)
        self.save_attendance.clicked.connect(self._save_attendance)
        self.save_details.clicked.connect(self._save_details)
        self.add_photos.clicked.connect(self._add_photos)
        self.print_signin.clicked.connect(lambda: self._print("signin"))
        self.print_minutes.clicked.connect(lambda: self._print("minutes"))
        self.withdraw.clicked.connect(self._withdraw)
        self.deed.clicked.connect(self._deed)
        self.load(None)

    # --- loading ----------------------------------------------------------------------------------

    def load(self, meeting_id: str | None) -> None:
        self.meeting_id = meeting_id
        # the version before the values: a change in between makes the save refused, never lost
        self.version = versions.loaded(self.db, "meeting", meeting_id) if meeting_id else None
        self.removed = set()
        self.detail = meetings.get_meeting(self.db, meeting_id) if meeting_id else None
        d = self.detail
        editable = d is not None and d.row.status == routine.HELD
        for w in (
            self.kind, self.date, self.time, self.place, self.topic, self.host, self.recorder, self.minutes,
            self.resolutions, self.guests, self.all_present, self.save_attendance, self.save_details, self.add_photos,
            self.withdraw, self.view,
        ):  # fmt: skip
            w.setEnabled(editable)
        for b in (self.print_signin, self.print_minutes):
            b.setEnabled(editable)
        flash = d is not None and d.row.kind == routine.FLASH_MEETING
        self.deed.setEnabled(editable and flash)
        self.deed.setToolTip(  # grey without a word why, a clerk wonders where deeds are written
            "记下交流会上谁讲了什么闪光言行，记入本季度的星级评定"
            if flash
            else f"只有“{routine.FLASH_MEETING}”在这里记闪光言行；平时的闪光言行在“星级评定”页登记"
        )
        welcomes = d is not None and meetings.unit_welcomes_people(self.db, d.row.unit_id)
        self.add_people.setVisible(welcomes)
        self.add_people.setEnabled(editable and welcomes)
        if d is None:
            self.heading.setText("请在左边选一次会议，或点“新建会议”")
            self.model.set_rows([])
            self.counts.setText("")
            return
        status = "" if d.row.status == routine.HELD else f"（已撤回：{d.withdrawn_reason}）"
        self.heading.setText(f"{d.row.unit} · {d.row.kind} · {d.row.date}{status}")
        self.kind.clear()
        names = [k.name for k in meetings.meeting_kinds(self.db)]
        for name in names if d.row.kind in names else [*names, d.row.kind]:
            self.kind.addItem(name)
        self.kind.setCurrentText(d.row.kind)
        self.date.setDate(to_qdate(d.row.date))
        self.time.setText(d.row.time)
        self.place.setText(d.row.place)
        self.topic.setText(d.row.topic)
        for combo, chosen in ((self.host, d.draft.host_id), (self.recorder, d.draft.recorder_id)):
            combo.clear()
            combo.addItem("—", None)
            for a in d.attendees:
                if a.expected or a.member_id == chosen:
                    combo.addItem(a.name, a.member_id)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
        self.minutes.setPlainText(d.draft.minutes)
        self.resolutions.setPlainText(d.draft.resolutions)
        self.guests.setText("，".join(d.draft.guests.splitlines()))
        self.photo_count.setText(f"已有 {len(d.photos)} 张照片（印在会议记录上）" if d.photos else "")
        self.model.set_rows(
            [
                Mark(a.member_id, a.name, a.expected, a.mark, a.reason, a.pinyin_full, a.pinyin_initials)
                for a in d.attendees
            ]
            + [
                Mark(
                    p.person_id,
                    p.name,
                    False,
                    p.mark,
                    p.reason,
                    p.pinyin_full,
                    p.pinyin_initials,
                    p.organization or "外单位",
                )
                for p in d.people
            ]
        )
        self._count()

    def _count(self) -> None:
        rows = [m for m in self.model.rows if m.expected]
        n = {k: sum(1 for m in rows if m.mark == k) for k in routine.MARKS}
        unmarked = sum(1 for m in rows if not m.mark)
        self.counts.setText(
            f"应到 {len(rows)}：出席 {n[routine.PRESENT]}，请假 {n[routine.LEAVE]}，缺席 {n[routine.ABSENT]}"
            + (f"，未记 {unmarked}" if unmarked else "")
        )

    # --- actions ----------------------------------------------------------------------------------

    def _edit_reason(self, row: Mark, column: int, value: object) -> bool:
        if column != 2:
            return False
        row.reason = str(value).strip()
        return True

    def _double_clicked(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.column() == 1:
            self.view.cycle(index.row())

    def _all_present(self) -> None:
        for i, m in enumerate(self.model.rows):
            if m.expected and not m.mark:
                m.mark = routine.PRESENT
                self.model.replace_row(i, m)
        self._count()

    def _remove_person(self, row: int) -> None:
        """Delete on a member from elsewhere takes them off the list (saved with 保存出勤); members stay."""
        m = self.model.row_at(row)
        if m is None or not m.person:
            return
        self.removed.add(m.member_id)
        self.model.set_rows([r for r in self.model.rows if r is not m])

    def _add_people(self) -> None:
        """A member from elsewhere (a 报到党员 in the people register) joins the list, marked 出席."""
        from PySide6.QtWidgets import QInputDialog

        from app.services.residents import people

        listed = {m.member_id for m in self.model.rows}
        candidates = [p for p in people.list_people(self.db, role="报到党员") if p.id not in listed]
        if not candidates:
            messages.warn(
                self, "人员名册里没有可加的报到党员：先在“组织与网格 → 人员与网格层级…”登记，身份选“报到党员”"
            )
            return
        labels = [f"{p.name}（{p.organization or '外单位'}）" for p in candidates]
        label, ok = QInputDialog.getItem(self, "外来党员", "参加这次组织生活的外来党员：", labels, 0, False)
        if not ok:
            return
        p = candidates[labels.index(label)]
        self.removed.discard(p.id)
        self.model.set_rows(
            [
                *self.model.rows,
                Mark(
                    p.id, p.name, False, routine.PRESENT, "", p.find[1], p.find[2], p.organization or "外单位"
                ),
            ]
        )
        self.view.setCurrentIndex(self.model.index(len(self.model.rows) - 1, 0))

    def _save_attendance(self) -> None:
        if self.meeting_id is None:
            return
        marks = {m.member_id: (m.mark, m.reason) for m in self.model.rows if not m.person}
        people: dict[str, tuple[str, str] | None] = {
            m.member_id: (m.mark, m.reason) for m in self.model.rows if m.person
        }
        people.update({pid: None for pid in self.removed})
        meeting_id = self.meeting_id
        result = attempt(self, lambda: meetings.set_attendance(self.db, meeting_id, marks, people=people))
        if result is not None:
            self.load(meeting_id)
            self.saved.emit()
            # at the window's foot: the page's reload reopens the meeting (a line here was wiped at once)
            tell(self, f"已保存出勤。{result.message}")

    def draft(self) -> meetings.MeetingDraft | None:
        if self.detail is None:
            return None
        guests = "\n".join(g.strip() for g in self.guests.text().replace(",", "，").split("，") if g.strip())
        return dataclasses.replace(
            self.detail.draft,
            kind=self.kind.currentText(),
            date=from_qdate(self.date.date()),
            time=self.time.text(),
            place=self.place.text(),
            topic=self.topic.text(),
            host_id=self.host.currentData(),
            recorder_id=self.recorder.currentData(),
            minutes=self.minutes.toPlainText(),
            resolutions=self.resolutions.toPlainText(),
            guests=guests,
        )

    def unsaved_edits(self) -> bool:
        """Marks, people or details changed on screen and not saved: a reload would wipe them (issue 21)."""
        d = self.detail
        if d is None or not self.save_attendance.isEnabled():
            return False
        loaded = {a.member_id: (a.mark, a.reason) for a in d.attendees}
        loaded |= {p.person_id: (p.mark, p.reason) for p in d.people}
        shown = {m.member_id: (m.mark, m.reason) for m in self.model.rows}
        return bool(self.removed) or shown != loaded or self.draft() != d.draft

    def _save_details(self) -> None:
        draft = self.draft()
        if draft is None or self.meeting_id is None:
            return
        meeting_id, version = self.meeting_id, self.version
        saved = save_or_refresh(
            self,
            lambda: meetings.update_meeting(self.db, meeting_id, draft, version),
            lambda: self.load(meeting_id),
        )
        if saved is not None:
            self.load(meeting_id)
            self.saved.emit()

    def _add_photos(self) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        if self.meeting_id is None:
            return
        files, _ = QFileDialog.getOpenFileNames(self, "选择会议照片", "", "图片 (*.jpg *.jpeg *.png *.bmp)")
        if files:
            meeting_id = self.meeting_id
            if (
                attempt(self, lambda: meetings.add_photos(self.db, meeting_id, [Path(f) for f in files]))
                is not None
            ):
                self.load(meeting_id)

    def _print(self, kind: str) -> None:
        if self.meeting_id is not None:
            self.print_requested.emit(kind, self.meeting_id)

    def _withdraw(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        if self.meeting_id is None:
            return
        reason, ok = QInputDialog.getText(
            self, "撤回会议", "撤回的原因（会议记录保留，已记的积分全部冲销）："
        )
        if not ok:
            return
        meeting_id = self.meeting_id
        result = attempt(self, lambda: meetings.withdraw_meeting(self.db, meeting_id, reason))
        if result is not None:
            messages.info(self, f"已撤回。{result.message}")
            self.load(meeting_id)
            self.saved.emit()

    def _deed(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        row = self.model.row_at(self.view.currentIndex().row())
        if self.meeting_id is None or row is None:
            messages.warn(self, "请先在名单里选中发言的党员")
            return
        text, ok = QInputDialog.getMultiLineText(self, "记闪光言行", f"{row.name}在交流会上讲了什么：")
        if ok and text.strip():
            meeting_id = self.meeting_id
            done: Callable[[], str] = lambda: meetings.record_deed(self.db, meeting_id, row.member_id, text)  # noqa: E731
            if attempt(self, done) is not None:
                messages.info(self, f"已为{row.name}记一条闪光言行（在“星级评定”页可见）")
