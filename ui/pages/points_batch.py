"""批量记分 tab of the 积分管理 page: one activity, the attendees ticked (found by name or pinyin), absentees
optionally deducted."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services import meetings, points as pts
from app.services.store import Database
from ui import messages
from ui.kit.dates import date_edit, from_qdate, set_year_range, to_qdate
from ui.kit.header import FindBox
from ui.kit.page import attempt


class BatchHost(Protocol):
    """What the tab needs from its page: the data, the year and branch chosen, reloading after a change."""

    db: Database
    today: dt.date
    branch_combo: QComboBox

    def year(self) -> int: ...

    def reload(self) -> None: ...


class BatchTab(QWidget):
    """Tick who came to one activity; 全选 ticks only the members the find box shows."""

    def __init__(self, host: BatchHost) -> None:
        super().__init__()
        self.host = host
        self._candidates: list[pts.Candidate] = []
        v = QVBoxLayout(self)
        grid = QGridLayout()
        grid.addWidget(QLabel("活动指标"), 0, 0)
        self.batch_indicator = QComboBox()
        self.batch_indicator.currentIndexChanged.connect(self.fill_candidates)
        grid.addWidget(self.batch_indicator, 0, 1)
        grid.addWidget(QLabel("日期"), 0, 2)
        self.batch_date = date_edit(host.today)
        grid.addWidget(self.batch_date, 0, 3)
        grid.addWidget(QLabel("说明"), 1, 0)
        self.batch_note = QLineEdit()
        self.batch_note.setPlaceholderText("如 7月主题党日：参观红色教育基地")
        grid.addWidget(self.batch_note, 1, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        v.addLayout(grid)

        row = QHBoxLayout()
        self.batch_search = FindBox()
        self.batch_search.textChanged.connect(self._filter_candidates)
        row.addWidget(self.batch_search, 1)
        self.select_all = QPushButton("全选")
        self.select_all.clicked.connect(lambda: self._check_visible(True))
        row.addWidget(self.select_all)
        self.select_none = QPushButton("全不选")
        self.select_none.clicked.connect(lambda: self._check_visible(False))
        row.addWidget(self.select_none)
        v.addLayout(row)
        self.attendees = QListWidget()
        self.attendees.setFlow(QListWidget.Flow.LeftToRight)
        self.attendees.setWrapping(True)
        self.attendees.setResizeMode(QListWidget.ResizeMode.Adjust)
        fm = self.attendees.fontMetrics()
        self.attendees.setGridSize(QSize(fm.horizontalAdvance("欧阳桂桂（流动类）") + 34, fm.height() + 12))
        self.attendees.setUniformItemSizes(True)
        self.attendees.itemChanged.connect(lambda _item: self._update_batch_count())
        v.addWidget(self.attendees, 1)
        bottom = QHBoxLayout()
        self.deduct_absent = QCheckBox("没勾选的（缺席）按“无故缺席组织生活”扣分")
        bottom.addWidget(self.deduct_absent)
        self.absent_indicator = QComboBox()
        bottom.addWidget(self.absent_indicator)
        bottom.addStretch(1)
        self.batch_count = QLabel()
        bottom.addWidget(self.batch_count)
        self.batch_button = QPushButton("为勾选的党员各记一条")
        self.batch_button.setStyleSheet("font-weight: bold;")
        self.batch_button.clicked.connect(self.run)
        bottom.addWidget(self.batch_button)
        v.addLayout(bottom)
        self.batch_result = QLabel()
        self.batch_result.setWordWrap(True)
        v.addWidget(self.batch_result)

    def load_rules(self, rs: pts.RuleSetRow | None, year: int) -> None:
        """The year's indicators: gains for the activity, losses for the absentees; dates within the year."""
        self.batch_indicator.blockSignals(True)
        self.batch_indicator.clear()
        self.absent_indicator.clear()
        if rs is not None:
            for i in rs.indicators:
                if not i.active:
                    continue
                if i.points > 0:
                    self.batch_indicator.addItem(f"{i.name}（{i.points:+d}）", i.name)
                else:
                    self.absent_indicator.addItem(f"{i.name}（{i.points:+d}）", i.name)
        self.batch_indicator.blockSignals(False)
        set_year_range(self.batch_date, year)
        self.batch_date.setDate(to_qdate(min(self.host.today, dt.date(year, 12, 31))))

    # --- batch --------------------------------------------------------------------------------------------------

    def fill_candidates(self) -> None:
        indicator = self.batch_indicator.currentData()
        self._candidates = pts.candidates(
            self.host.db, self.host.year(), indicator, self.host.branch_combo.currentData()
        )
        self.attendees.blockSignals(True)
        self.attendees.clear()
        for c in self._candidates:
            text = c.name if c.tier in ("骨干类", "普通类") else f"{c.name}（{c.tier}）"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, c.member_id)
            item.setToolTip(f"{c.name}　{c.branch_name}　{c.tier}")
            if c.applies:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            else:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
                item.setToolTip(f"{c.tier}不适用“{indicator}”")
            self.attendees.addItem(item)
        self.attendees.blockSignals(False)
        self._filter_candidates()

    def _filter_candidates(self) -> None:
        for i, c in enumerate(self._candidates):
            self.attendees.item(i).setHidden(
                not self.batch_search.finds(c.name, c.pinyin_full, c.pinyin_initials)
            )
        self._update_batch_count()

    def _check_visible(self, checked: bool) -> None:
        self.attendees.blockSignals(True)
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(self.attendees.count()):
            item = self.attendees.item(i)
            if not item.isHidden() and item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                item.setCheckState(state)
        self.attendees.blockSignals(False)
        self._update_batch_count()

    def checked_ids(self) -> list[str]:
        out = []
        for i in range(self.attendees.count()):
            item = self.attendees.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def _update_batch_count(self) -> None:
        n = len(self.checked_ids())
        self.batch_count.setText(f"已勾选 {n} 人 / 共 {len(self._candidates)} 人")

    def run(self) -> None:
        indicator = self.batch_indicator.currentData()
        if not indicator:
            messages.warn(self, "请先选择活动指标（本年度还没有积分规则时，先到“积分规则”页建立）")
            return
        attendees = self.checked_ids()
        absent: list[str] = []
        deduct = None
        if self.deduct_absent.isChecked():
            deduct = self.absent_indicator.currentData()
            chosen = set(attendees)
            absent = [c.member_id for c in self._candidates if c.member_id not in chosen]
        date = from_qdate(self.batch_date.date())
        text = f"{date} “{indicator}”：为 {len(attendees)} 人各记一条"
        if deduct:
            text += f"，另有 {len(absent)} 人按“{deduct}”扣分（层次不适用的不扣）"
        text += "。" + meeting_note(self.host.db, indicator)
        if not messages.confirm(self, text + "确定吗？", "记分"):
            return
        result = attempt(
            self,
            lambda: pts.batch_entry(
                self.host.db,
                indicator,
                date,
                attendees,
                absent_ids=absent,
                deduct_indicator=deduct,
                note=self.batch_note.text(),
            ),
        )
        if result is None:
            return
        self.batch_result.setText(result.message)
        self._check_visible(False)
        self.host.reload()


def meeting_note(db: Database, indicator: str) -> str:
    """A meeting's attendance earns this indicator by itself when saved on 组织生活: said before a second entry."""
    kinds = [k.name for k in meetings.meeting_kinds(db) if k.indicator == indicator]
    if not kinds:
        return ""
    return (
        f"\n\n注意：在“组织生活”页保存出勤的{'、'.join(kinds)}，已经自动记了“{indicator}”分；"
        "那里登记过的会议，不要在这里再记一遍。\n\n"
    )
