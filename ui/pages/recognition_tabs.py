"""The 支部考核, 五星级 and 述职测评 tabs of the 评选与考核 page."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services import recognition
from ui import messages
from ui.dialogs.recognition_dialogs import BallotDialog, DutyDialog
from ui.dialogs.recognition_settings import BandsDialog, CriteriaDialog
from ui.kit.empty import show_when_empty
from ui.kit.header import fill_years
from ui.kit.records import Column, RecordModel, fit_width, table_view

if TYPE_CHECKING:
    from ui.kit.page import Page


def _years(combo: QComboBox) -> None:
    this = dt.date.today().year
    fill_years(combo, range(this, this - 6, -1), combo.currentData() or this)


def _top(tab: QWidget, layout: QVBoxLayout) -> tuple[QHBoxLayout, QComboBox]:
    top = QHBoxLayout()
    top.addWidget(QLabel("年度"))
    year = QComboBox()
    _years(year)
    top.addWidget(year)
    layout.addLayout(top)
    return top, year


def print_board(page: Page, kind: str, year: int, label: str, extra: dict[str, str] | None = None) -> bool:
    """Save one of the area's boards (the same as the 公示栏 page prints) as a PDF the clerk chooses."""
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    from app.services import boards

    start = str(Path.home() / f"{year}年度{label}.pdf")
    name, _ = QFileDialog.getSaveFileName(page, f"保存{label} PDF", start, "PDF 文件 (*.pdf)")
    if not name:
        return False
    path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
    pages = page.attempt(
        lambda: boards.render(page.db, boards.BoardRequest(kind, year=year, extra=extra or {}), path)
    )
    if pages is not None:
        messages.info(page, f"已保存 {path}（{pages} 页），可以打开打印。")
    return pages is not None


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _item_column(name: str) -> Column[recognition.BranchAssessment]:
    def text(r: recognition.BranchAssessment) -> str:
        return (
            f"{_num(r.items[name]) or '—'}（{_num(r.suggested[name]) or '—'}）"  # (建议分): the note says so
        )

    def tip(r: recognition.BranchAssessment) -> str:
        return "\n".join([f"建议 {_num(r.suggested[name]) or '—'} 分", *r.evidence[name]])

    def value(r: recognition.BranchAssessment) -> float:
        given = r.items[name]
        return float(given if given is not None else r.suggested[name] or 0)

    return Column(name, text, tooltip=tip, edit_value=value, centered=True)


def _mark(r: recognition.OrgStarRow, name: str) -> str:
    c = r.criteria.get(name)
    if c is None:
        return ""
    return "✓ 已确认" if c["confirmed"] and c["met"] else "✓" if c["met"] else "✗"


def _criterion_column(name: str) -> Column[recognition.OrgStarRow]:
    return Column(
        name,
        lambda r: _mark(r, name),
        tooltip=lambda r: str(r.criteria.get(name, {}).get("evidence", "")),
        centered=True,
    )


def _rate(v: float | None) -> str:
    return "" if v is None else f"{v}%"


def _group_column(group: str) -> Column[recognition.DutyRow]:
    def tip(r: recognition.DutyRow) -> str:
        s, b, u = r.tallies.get(group, [0, 0, 0])
        return f"满意 {s} / 基本满意 {b} / 不满意 {u}"

    return Column(group, lambda r: _rate(r.rates.get(group)), numeric=True, tooltip=tip)


class AssessmentTab(QWidget):
    """支部考核: the committee's score per item (editable), the suggestion and its evidence beside it."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.page = page
        layout = QVBoxLayout(self)
        top, self.year = _top(self, layout)
        top.addStretch(1)
        preset = QPushButton("使用预设方案")
        preset.setToolTip("组织建设、党员管理、组织生活、服务群众、特色工作 各 20 分")
        preset.clicked.connect(self.use_preset)
        top.addWidget(preset)
        scheme = QPushButton("方案…")
        scheme.setToolTip("这一年的考核项目和满分（百分制，合计 100 分）")
        scheme.clicked.connect(self.edit_scheme)
        top.addWidget(scheme)
        bands = QPushButton("等次…")
        bands.setToolTip("优秀、良好、一般、较差的起点分和奖惩（奖励款、限期整顿）")
        bands.clicked.connect(self.edit_bands)
        top.addWidget(bands)
        export = QPushButton("导出 Excel…")
        export.clicked.connect(self.export)
        top.addWidget(export)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.model: RecordModel[recognition.BranchAssessment] = RecordModel([], self)
        self.model.on_edit = self._edit
        self.view = table_view(self.model)
        show_when_empty(self.view, "这一年还没有考核方案：点“使用预设方案”或“方案…”")
        layout.addWidget(self.view, 1)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())

    def _columns(self, items: list[str]) -> list[Column[recognition.BranchAssessment]]:
        cols: list[Column[recognition.BranchAssessment]] = [
            Column("排名", lambda r: str(r.rank or ""), numeric=True),
            Column("党支部", lambda r: r.unit),
        ]
        cols += [_item_column(name) for name in items]
        cols += [
            Column("总分", lambda r: _num(r.total), numeric=True),
            Column("等次", lambda r: r.band, color=lambda r: "#B3261E" if r.band == "优秀" else None),
            Column("奖惩", lambda r: r.consequence),
        ]
        return cols

    def refresh(self) -> None:
        year = int(self.year.currentData())
        items = [i.name for i in recognition.scheme(self.page.db, year)]
        self.model.columns = self._columns(items)
        rows = recognition.assessment(self.page.db, year) if items else []
        self.model.set_rows(rows)
        fit_width(
            self.view, 1
        )  # the scores sized to content, 党支部 takes (or gives up) the rest: no sideways
        self.note.setText(
            "双击得分格打分（满分见方案）；括号里是程序按会议、出勤、党费、承诺、星级、求助和满意度给出的建议分，"
            "鼠标停在格子上看依据。建议分只供参考，不会覆盖考核小组的打分。"
            if items
            else ""
        )

    def use_preset(self) -> None:
        year = int(self.year.currentData())
        if self.page.attempt(lambda: recognition.set_scheme(self.page.db, year)) is not None:
            self.refresh()

    def edit_scheme(self) -> None:
        from ui.dialogs.recognition_scheme import SchemeDialog

        if SchemeDialog(self.page.db, int(self.year.currentData()), self).exec():
            self.refresh()

    def edit_bands(self) -> None:
        if BandsDialog(self.page.db, self).exec():
            self.refresh()

    def export(self) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        year = int(self.year.currentData())
        name, _ = QFileDialog.getSaveFileName(
            self, "导出考核结果", f"{year}年度支部考核.xlsx", "Excel (*.xlsx)"
        )
        if not name:
            return
        written = self.page.attempt(lambda: recognition.export_assessment(self.page.db, year, Path(name)))
        if written is not None:
            messages.saved(self, f"已导出 {written} 个支部的考核结果", Path(name))

    def _edit(self, r: recognition.BranchAssessment, column: int, value: object) -> bool:
        item = self.model.columns[column].header
        year = int(self.year.currentData())
        done = self.page.attempt(
            lambda: recognition.score(self.page.db, year, r.unit_id, {item: float(str(value))})
        )
        if done is not None:
            self.refresh()
        return done is not None


class OrgStarsTab(QWidget):
    """五星级: each organisation's criteria, met (自评) and confirmed by the higher committee."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.page = page
        layout = QVBoxLayout(self)
        top, self.year = _top(self, layout)
        top.addWidget(QLabel("组织"))
        self.unit = QComboBox()
        top.addWidget(self.unit)
        top.addWidget(QLabel("条件"))
        self.criterion = QComboBox()
        top.addWidget(self.criterion)
        top.addStretch(1)
        for text, slot in (
            ("达标…", self.met),
            ("未达标", self.not_met),
            ("上级确认", self.confirm),
            ("评定条件…", self.edit_criteria),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            top.addWidget(b)
        self.model: RecordModel[recognition.OrgStarRow] = RecordModel([], self)
        self.view = table_view(self.model, stretch=1)
        show_when_empty(self.view, "这一年还没有评定：选组织和条件，点“达标…”")
        layout.addWidget(self.view, 1)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())

    def refresh(self) -> None:

        chosen = self.unit.currentData()
        self.unit.clear()
        from app.services.accounts import visible_branches

        for u in visible_branches(self.page.db):  # an account with a unit: its own subtree
            if u.kind != "党小组":
                self.unit.addItem(u.name, u.id)
        self.unit.setCurrentIndex(max(0, self.unit.findData(chosen)))
        names = recognition.star_criteria(self.page.db, int(self.year.currentData()))
        if [self.criterion.itemText(i) for i in range(self.criterion.count())] != names:
            self.criterion.clear()
            self.criterion.addItems(names)

        self.model.columns = [
            Column("组织", lambda r: r.unit),
            *(_criterion_column(n) for n in names),
            Column("自评星数", lambda r: str(r.stars), numeric=True),
            Column("确认星数", lambda r: str(r.confirmed_stars), numeric=True),
        ]
        self.model.set_rows(recognition.list_org_stars(self.page.db, int(self.year.currentData())))

    def _set(self, met: bool, evidence: str = "", confirm: bool = False) -> None:
        unit = self.unit.currentData()
        if not unit:
            return
        year, criterion = int(self.year.currentData()), self.criterion.currentText()
        if (
            self.page.attempt(
                lambda: recognition.set_org_star(
                    self.page.db, str(unit), year, criterion, met, evidence, confirm=confirm
                )
            )
            is not None
        ):
            self.refresh()

    def edit_criteria(self) -> None:
        if CriteriaDialog(self.page.db, self).exec():
            self.refresh()

    def met(self) -> None:
        text, ok = QInputDialog.getText(self, "达标", f"“{self.criterion.currentText()}”达标的依据：")
        if ok:
            self._set(True, text)

    def not_met(self) -> None:
        self._set(False)

    def confirm(self) -> None:
        if messages.confirm(
            self, f"记上级党委确认：{self.unit.currentText()}“{self.criterion.currentText()}”达标？", "确认"
        ):
            self._set(True, confirm=True)


class DutyTab(QWidget):
    """述职测评: each 述职 with its satisfaction rate per group and overall."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.page = page
        layout = QVBoxLayout(self)
        top, self.year = _top(self, layout)
        top.addStretch(1)
        add = QPushButton("登记述职…")
        add.clicked.connect(self.add)
        ballots = QPushButton("录入测评票…")
        ballots.clicked.connect(self.ballots)
        blank = QPushButton("打印空白测评票…")
        blank.setToolTip("每个测评组别一页（干部、党员、群众代表、企业代表），列出本年度的述职人，按虚线剪开")
        blank.clicked.connect(
            lambda: print_board(self.page, "duty-ballot", int(self.year.currentData()), "述职满意度测评票")
        )
        results = QPushButton("打印结果…")
        results.clicked.connect(
            lambda: print_board(self.page, "duty-results", int(self.year.currentData()), "述职测评结果")
        )
        top.addWidget(add)
        top.addWidget(ballots)
        top.addWidget(blank)
        top.addWidget(results)

        from app.domain import recognition as rules

        self.model: RecordModel[recognition.DutyRow] = RecordModel(
            [
                Column("述职人", lambda r: r.name),
                Column("职务", lambda r: r.role),
                Column("日期", lambda r: r.date.isoformat()),
                *(_group_column(g) for g in rules.DUTY_GROUPS),
                Column("总满意率", lambda r: _rate(r.overall), numeric=True),
                Column("内容", lambda r: r.text[:40] or r.file_ref),
            ],
            self,
        )
        self.view = table_view(self.model, stretch=8)
        show_when_empty(self.view, "这一年还没有述职：点“登记述职…”")
        layout.addWidget(self.view, 1)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())

    def refresh(self) -> None:
        self.model.set_rows(recognition.list_duty_reports(self.page.db, int(self.year.currentData())))

    def add(self) -> None:
        if DutyDialog(self.page.db, int(self.year.currentData()), self).exec():
            self.refresh()

    def ballots(self) -> None:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None:
            messages.warn(self, "请先在表格里选一次述职")
            return
        if BallotDialog(self.page.db, row, self).exec():
            self.refresh()
