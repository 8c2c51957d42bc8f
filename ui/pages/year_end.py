"""年终评议 page: totals, points grades and star bands, the ranking, the democratic review tallies typed from the
paper ballots, the grade the branch decides (with rule warnings), and members flagged two years 不合格."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import points as rules
from app.services import points as pts, review
from app.services.store import Database
from ui import messages
from ui.kit.empty import show_when_empty
from ui.kit.export import export_button
from ui.kit.header import PageHeader, fill_years
from ui.kit.page import PAGE_MARGINS, Page
from ui.kit.records import Column, RecordModel, fit_width, table_view
from ui.kit.wrap import LineLabel

NOT_DECIDED = "（未定）"
FLAG_STYLE = "background: #fdecea; color: #8e1010; border: 1px solid #e5a3a3; padding: 6px; font-size: 14px;"
CALM_STYLE = "background: #eef5ee; color: #1b5e20; border: 1px solid #b7d8b7; padding: 6px; font-size: 14px;"
BALLOT_COLUMNS = {8: "优秀", 9: "合格", 10: "基本合格", 11: "不合格"}
COL_DECIDED = 12


def _graded(r: review.ReviewRow) -> bool:
    return r.points_grade is not None


def _points_grade(r: review.ReviewRow) -> str:
    if r.points_grade:
        return r.points_grade
    return "预备党员不评" if r.category == rules.PROBATIONARY else "只挂牌不参评"


def _ballot(grade: str) -> Column[review.ReviewRow]:
    return Column(
        f"{grade}票",
        lambda r: str(r.ballots[grade]) if any(r.ballots.values()) else "",
        numeric=True,
        edit_value=lambda r: r.ballots[grade],
        background=lambda r: "#fffbe6",
    )


COLUMNS: list[Column[review.ReviewRow]] = [
    Column("名次", lambda r: str(r.rank), numeric=True),
    Column("姓名", lambda r: r.member_name, tooltip=lambda r: "\n".join(r.warnings)),
    Column("支部", lambda r: r.branch_name),
    Column("类别", lambda r: r.category),
    Column("层次", lambda r: r.tier),
    Column("总分", lambda r: str(r.total), numeric=True),
    Column(
        "积分等次",
        _points_grade,
        color=lambda r: (
            "#c62828" if r.points_grade == rules.FAIL_GRADE else ("#777" if not _graded(r) else None)
        ),
    ),
    Column(
        rules.STAR_BAND_LABEL,
        lambda r: rules.star_band_text(r.star_band),
        numeric=True,
        tooltip=lambda _r: rules.STAR_BAND_MEANING,
    ),
    _ballot("优秀"),
    _ballot("合格"),
    _ballot("基本合格"),
    _ballot("不合格"),
    Column(
        "决定等次",
        lambda r: r.decided_grade or ("" if not _graded(r) else NOT_DECIDED),
        edit_value=lambda r: r.decided_grade or NOT_DECIDED,
        can_edit=_graded,
        background=lambda r: "#fffbe6" if _graded(r) else None,
        color=lambda r: (
            "#c62828" if r.decided_grade == rules.FAIL_GRADE else ("#999" if not r.decided_grade else None)
        ),
    ),
    Column(
        "提醒",
        lambda r: "；".join(r.warnings),
        tooltip=lambda r: "\n".join(r.warnings),
        color=lambda r: "#c62828",
    ),
]


class GradeDelegate(QStyledItemDelegate):
    """The decided grade is chosen from the four grades (or left undecided), never typed."""

    def createEditor(  # noqa: N802 - Qt's name
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.addItems([NOT_DECIDED, *rules.GRADES])
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentText(str(index.data(Qt.ItemDataRole.EditRole) or NOT_DECIDED))

    def setModelData(  # noqa: N802 - Qt's name
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.EditRole)


class YearEndPage(Page):
    title = "年终评议"

    def __init__(self, db: Database, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(db, parent)
        self.today = today or dt.date.today()
        self._rows: list[review.ReviewRow] = []
        self._loading = False
        self._whole_counts = self._calm = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        header = PageHeader(self, "年终评议")
        self.year_combo = header.year_chooser()
        self.year_combo.currentIndexChanged.connect(self.reload)
        self.branch_combo = header.branch_chooser()
        self.branch_combo.currentIndexChanged.connect(self.reload)
        self.find_box = header.find_box()
        self.find_box.textChanged.connect(self._filter)
        self.prefill_button = QPushButton("按积分预填决定等次")
        self.prefill_button.setToolTip(
            "未定等次的党员按积分等次预填；优秀按名次只给到参评人数的三分之一（按支部），其余改为合格。"
            "已决定的不动。预填后仍可逐个修改。"
        )
        self.prefill_button.clicked.connect(self.prefill)
        self.export_button = export_button(
            self,
            db,
            lambda: self.view,
            lambda: f"{self.year_combo.currentText()}民主评议表 {self.branch_combo.currentText()}",
        )
        header.buttons(self.export_button, self.prefill_button)
        layout.addLayout(header)

        self.flagged_label = QLabel()
        self.flagged_label.setWordWrap(True)
        self.flagged_label.setStyleSheet(CALM_STYLE)
        layout.addWidget(self.flagged_label)
        self.counts_label = LineLabel()  # one line; the whole count is its tooltip
        self.counts_label.setStyleSheet("color: #333;")
        layout.addWidget(self.counts_label)
        hint = LineLabel(  # one line at 150 %: the whole of it is the tooltip
            "黄色格子可直接录入：双击或按 F2 填写票数，在“决定等次”里选择支部决定的等次（指向这里看全部说明）",
            "按积分从高到低排名。黄色格子可直接录入：双击或按 F2 填写纸质选票的票数，在“决定等次”里选择支部决定的等次。\n"
            "优秀不超过参评人数的三分之一（按支部计）；预备党员参加评议但不评等次。\n"
            f"{rules.STAR_BAND_MEANING}。",
        )
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)

        self.model: RecordModel[review.ReviewRow] = RecordModel(COLUMNS, self)
        self.model.on_edit = self._edit
        self.view = table_view(self.model, fit=False)
        # No sideways scrolling: 提醒 takes the spare width; on a narrow screen (150 %) 类别, 层次, 积分星档 and
        # then 提醒 give way (a member's 提醒 is also the tooltip of the name; 导出 Excel still writes them all).
        samples = ("999", "诸葛芳珺", "第一党支部", "正式党员", "普通类", "120", "只挂牌不参评", "5档")
        widths = (
            dict(enumerate(samples)) | {c: "9" for c in range(8, COL_DECIDED)} | {COL_DECIDED: "基本合格"}
        )
        fit_width(self.view, len(COLUMNS) - 1, widths, drop=(3, 4, 7, len(COLUMNS) - 1))
        show_when_empty(self.view, "没有数据：先在“积分管理”建立这一年的积分规则并记分")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.view.setItemDelegateForColumn(COL_DECIDED, GradeDelegate(self.view))
        layout.addWidget(self.view, 1)

    def refresh(self) -> None:
        self._loading = True
        years = pts.years(self.db)
        current = self.year_combo.currentData()
        default = current if current in years else (self.today.year if self.today.year in years else None)
        fill_years(self.year_combo, years, default)
        self.fill_branch_combo(self.branch_combo)
        self._loading = False
        self.reload()

    def year(self) -> int | None:
        value = self.year_combo.currentData()
        return int(value) if value is not None else None

    def reload(self) -> None:
        if self._loading:
            return
        year = self.year()
        if year is None:
            self._rows = []
            self.flagged_label.setText("还没有任何年度的积分规则：请先到“积分管理”建立本年度的积分规则。")
            self.flagged_label.setVisible(True)
            self.counts_label.setText("")
            self.model.set_rows([])
            return
        self._rows = review.review_list(self.db, year, self.branch_combo.currentData())
        flagged = review.flagged(self.db, year, self._rows)
        if flagged:
            names = "、".join(
                f"{f.member_name}（{f.branch_name}，{f.year - 1}年、{f.year}年均不合格）" for f in flagged
            )
            self.flagged_label.setText(f"⚠ 连续两年不合格，需组织处置（限期整改、劝退或除名）：{names}")
            self.flagged_label.setStyleSheet(FLAG_STYLE)
        else:  # nothing to act on: a line of the table's room is not spent on saying so (the counts' tooltip does)
            self.flagged_label.setText(f"{year}年没有连续两年不合格的党员。")
            self.flagged_label.setStyleSheet(CALM_STYLE)
        self.flagged_label.setVisible(bool(flagged))
        self._calm = "" if flagged else self.flagged_label.text()
        self._filter()

    def _filter(self) -> None:
        finds = self.find_box.finds
        rows = [r for r in self._rows if finds(r.member_name, r.pinyin_full, r.pinyin_initials)]
        self.model.set_rows(rows)
        self._update_counts()

    def _update_counts(self) -> None:
        rows = self._rows
        graded = [r for r in rows if _graded(r)]
        by_points = {g: sum(1 for r in graded if r.points_grade == g) for g in rules.GRADES}
        decided = {g: sum(1 for r in graded if r.decided_grade == g) for g in rules.GRADES}
        warned = sum(1 for r in rows if r.warnings)
        undecided = len(graded) - sum(decided.values())
        self._whole_counts = (
            f"参评 {len(graded)} 人（另有 {len(rows) - len(graded)} 人不评等次）。"
            f"积分等次：{'，'.join(f'{g} {n}' for g, n in by_points.items())}。"
            f"已决定：{'，'.join(f'{g} {n}' for g, n in decided.items())}，未定 {undecided}。"
            + (f"　有 {warned} 条规则提醒。" if warned else "")
        )
        self.counts_label.setText(
            f"参评 {len(graded)} 人（{len(rows) - len(graded)} 人不评）· 积分等次 "
            + "、".join(f"{g}{n}" for g, n in by_points.items())
            + f" · 已决定 {sum(decided.values())}，未定 {undecided}"
            + (f" · 规则提醒 {warned} 条" if warned else "")
        )
        self.counts_label.set_tip(self._whole_counts + ("\n" + self._calm if self._calm else ""))

    def _edit(self, row: review.ReviewRow, column: int, value: Any) -> bool:
        year = self.year()
        if year is None:
            return False
        if column in BALLOT_COLUMNS:
            try:
                n = int(str(value).strip() or 0)
            except ValueError:
                messages.warn(self, "票数请填整数")
                return False
            ballots = dict(row.ballots)
            ballots[BALLOT_COLUMNS[column]] = n
            updated = self.attempt(lambda: review.set_review(self.db, row.member_id, year, ballots))
        elif column == COL_DECIDED:
            text = str(value)
            grade = None if text == NOT_DECIDED else text
            updated = self.attempt(
                lambda: review.set_review(
                    self.db, row.member_id, year, None, grade, clear_grade=grade is None
                )
            )
        else:
            return False
        if updated is None:
            return False
        if column == COL_DECIDED:
            # a decision changes the 1/3 count of the whole branch: every row's warnings are reloaded,
            # after the editor has closed (resetting the model under an open editor upsets the view)
            self._replace(updated)
            QTimer.singleShot(0, self._reload_keeping_place)
        else:
            self._replace(updated)
        return True

    def prefill(self) -> None:
        year = self.year()
        if year is None:
            return
        if not messages.confirm(
            self,
            f"把{year}年未定等次的党员按积分等次预填（优秀按名次不超过三分之一，其余为合格）？已决定的不会改动。",
            "预填",
        ):
            return
        filled = review.prefill_decisions(self.db, year, self.branch_combo.currentData())
        self.reload()
        messages.info(self, f"已预填 {filled} 人的决定等次，请逐个核对后再公布。")

    def _reload_keeping_place(self) -> None:
        current = self.view.currentIndex()
        self.reload()
        if current.isValid() and current.row() < self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(current.row(), current.column()))

    def _replace(self, updated: review.ReviewRow) -> None:
        for rows in (self._rows, self.model.rows):
            for i, r in enumerate(rows):
                if r.member_id == updated.member_id:
                    rows[i] = updated
        ids = [r.member_id for r in self.model.rows]
        if updated.member_id in ids:
            self.model.replace_row(ids.index(updated.member_id), updated)
        self._update_counts()
