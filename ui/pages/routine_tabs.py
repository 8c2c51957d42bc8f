"""The 党费 and 流动党员 tabs of the 组织生活 page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.domain import routine
from app.domain.errors import ValidationError
from app.services import dues, mobile_contacts, roster
from app.services.store import Database
from ui import messages
from ui.dialogs.meeting_dialogs import ContactDialog, DuesPayDialog, DuesRateDialog
from ui.kit.dates import from_qdate
from ui.kit.export import export_button
from ui.kit.page import attempt
from ui.kit.records import Column, RecordModel, fit_width, table_view
from ui.kit.wrap import LineLabel

ARREARS_COLUMNS: list[Column[dues.ArrearsRow]] = [
    Column("姓名", lambda r: r.name),
    Column("支部", lambda r: r.unit),
    Column("欠缴月数", lambda r: str(len(r.months)), numeric=True),
    Column("欠缴金额（元）", lambda r: routine.format_fen(r.owed_fen), numeric=True),
    Column(
        "月份",
        lambda r: "、".join(r.months[:6]) + ("…" if len(r.months) > 6 else ""),
        tooltip=lambda r: "、".join(r.months),
    ),
    Column(
        "提醒",
        lambda r: r.flag,
        color=lambda r: "#c62828" if r.longest_run >= routine.ARREARS_LIMIT_MONTHS else "#8a5a00",
    ),
]
PAYMENT_COLUMNS: list[Column[dues.PaymentRow]] = [
    Column("日期", lambda r: r.paid_on.isoformat()),
    Column("姓名", lambda r: r.name),
    Column("月份", lambda r: f"{r.first_month}～{r.last_month}"),
    Column("金额（元）", lambda r: routine.format_fen(r.amount_fen), numeric=True),
    Column("收据号", lambda r: r.receipt),
    Column(
        "状态", lambda r: f"已撤回：{r.withdrawn_reason}" if r.withdrawn else "", color=lambda _r: "#8a5a00"
    ),
]
CONTACT_COLUMNS: list[Column[mobile_contacts.ContactRow]] = [
    Column("日期", lambda r: r.date.isoformat()),
    Column("姓名", lambda r: r.name),
    Column("方式", lambda r: r.way),
    Column("近况", lambda r: r.doing, tooltip=lambda r: r.doing),
    Column("活动证号", lambda r: r.certificate_no),
    Column("参加组织生活", lambda r: r.attends_at),
]


def _members(db: Database, mobile_only: bool = False) -> list[tuple[str, str]]:
    return [
        (r.id, f"{r.name}（{r.branch}）") for r in roster.list_members(db) if r.is_mobile or not mobile_only
    ]


class DuesTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.unit_id: str | None = None
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        import datetime as dt

        self.year.setValue(dt.date.today().year)
        set_rate = QPushButton("党费标准…")
        set_rate.setToolTip("设定党员每月应交的党费")
        pay = QPushButton("记交纳…")
        withdraw = QPushButton("撤回交纳…")
        withdraw.setToolTip("撤回一笔记错的交纳记录")
        points_button = QPushButton("记党费积分")
        points_button.setToolTip("按季度给按时交纳的党员记党费积分")
        register = QToolButton()  # 收缴登记表: Excel or PDF
        register.setText("收缴登记表")
        register.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(register)
        export = menu.addAction("Excel…")
        pdf = menu.addAction("PDF…")
        register.setMenu(menu)
        # One row for the year and every action (two rows took the tables' room at 150 %).
        bar = QHBoxLayout()
        bar.addWidget(QLabel("年度"))
        bar.addWidget(self.year)
        for w in (pay, withdraw, set_rate, points_button, register):
            bar.addWidget(w)
        bar.addWidget(export_button(self, db, lambda: self.arrears_view, "欠缴党费党员"))
        bar.addStretch(1)
        self.arrears: RecordModel[dues.ArrearsRow] = RecordModel(ARREARS_COLUMNS, self)
        self.payments: RecordModel[dues.PaymentRow] = RecordModel(PAYMENT_COLUMNS, self)
        # Side by side, each the whole height (stacked, each showed three rows at 150 %); no sideways scrolling.
        self.arrears_view = table_view(self.arrears, fit=False)
        fit_width(
            self.arrears_view,
            5,
            {0: "诸葛玉玥", 1: "第一党支部", 2: "88", 3: "1000.00", 4: "2026-04"},
            (4, 1),
        )
        self.payments_view = table_view(self.payments, fit=False)
        samples = {0: "2026-12-31", 1: "诸葛玉玥", 2: "2026-10～2026-12", 3: "1000.00", 4: "DF202644606"}
        fit_width(self.payments_view, 5, samples, (4, 2))
        self.summary = LineLabel()
        arrears_hint = LineLabel("欠缴党费", "3 个月以上提醒；党章规定连续 6 个月不交纳党费按自行脱党处理")
        sides = QSplitter()
        for label, view in ((arrears_hint, self.arrears_view), (self.summary, self.payments_view)):
            side = QWidget()
            column = QVBoxLayout(side)
            column.setContentsMargins(0, 0, 0, 0)
            column.addWidget(label)
            column.addWidget(view, 1)
            sides.addWidget(side)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(sides, 1)
        set_rate.clicked.connect(self._set_rate)
        pay.clicked.connect(self._pay)
        withdraw.clicked.connect(self._withdraw)
        points_button.clicked.connect(self._points)
        export.triggered.connect(lambda: self._register(".xlsx"))
        pdf.triggered.connect(lambda: self._register(".pdf"))
        self.year.valueChanged.connect(self.refresh)

    def refresh(self) -> None:
        self.arrears.set_rows(dues.arrears(self.db, self.unit_id))
        rows = dues.payments(self.db, year=self.year.value())
        self.payments.set_rows(rows)
        total = sum(r.amount_fen for r in rows if not r.withdrawn)
        self.summary.setText(
            f"{self.year.value()}年交纳记录 {len(rows)} 笔，共 {routine.format_fen(total)} 元"
        )

    def _chosen(self) -> str | None:
        row = self.arrears.row_at(self.arrears_view.currentIndex().row())
        return row.member_id if row else None

    def _set_rate(self) -> None:
        dialog = DuesRateDialog(_members(self.db), self._chosen(), self)
        while dialog.exec() == QDialog.DialogCode.Accepted:

            def save() -> str:
                mid = dialog.member.member_id()
                if mid is None:
                    raise ValidationError("请选一名党员", field="member")
                return dues.set_rate(
                    self.db,
                    mid,
                    routine.parse_yuan(dialog.amount.text()),
                    dialog.from_month.text(),
                    dialog.basis.text(),
                )

            if attempt(dialog, save, dialog.show_error) is not None:
                self.refresh()
                return

    def _pay(self) -> None:
        dialog = DuesPayDialog(_members(self.db), self._chosen(), self)
        while dialog.exec() == QDialog.DialogCode.Accepted:

            def save() -> dues.PayResult:
                mid = dialog.member.member_id()
                if mid is None:
                    raise ValidationError("请选一名党员", field="member")
                first, last = routine.parse_month_range(dialog.months.text())
                fen = routine.parse_yuan(dialog.amount.text())
                return dues.pay(
                    self.db, mid, first, last, fen, from_qdate(dialog.date.date()), dialog.receipt.text()
                )

            result = attempt(dialog, save, dialog.show_error)
            if result is not None:
                note = ""
                if result.expected_fen != routine.parse_yuan(dialog.amount.text()):
                    note = f"（按标准应交 {routine.format_fen(result.expected_fen)} 元）"
                messages.info(self, f"已记交纳{note}。{result.points.message}")
                self.refresh()
                return

    def _withdraw(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        row = self.payments.row_at(self.payments_view.currentIndex().row())
        if row is None or row.withdrawn:
            messages.warn(self, "请先在下面的交纳记录里选一笔")
            return
        reason, ok = QInputDialog.getText(
            self, "撤回交纳记录", f"撤回 {row.name} {row.first_month}～{row.last_month} 的原因："
        )
        if ok and attempt(self, lambda: dues.withdraw_payment(self.db, row.id, reason)) is not None:
            self.refresh()

    def _points(self) -> None:
        result = attempt(self, lambda: dues.sync_points(self.db, self.year.value()))
        if result is not None:
            messages.info(self, result.message)

    def _register(self, suffix: str) -> None:
        year = self.year.value()
        start = str(Path.home() / f"{year}年党费收缴登记表{suffix}")
        kind = "Excel 文件 (*.xlsx)" if suffix == ".xlsx" else "PDF 文件 (*.pdf)"
        path, _ = QFileDialog.getSaveFileName(self, "保存党费收缴登记表", start, kind)
        if not path:
            return
        self.save_register(Path(path if path.lower().endswith(suffix) else path + suffix))

    def save_register(self, path: Path) -> bool:
        year, unit = self.year.value(), self.unit_id
        if path.suffix.lower() == ".xlsx":
            done = attempt(self, lambda: dues.export_register(self.db, year, unit, path))
        else:
            from app.services import boards

            req = boards.BoardRequest("dues", year=year, branch_ids=(unit,) if unit else ())
            done = attempt(self, lambda: boards.render(self.db, req, path))
        if done is not None:
            messages.info(self, f"已保存：{path}")
        return done is not None


class ContactsTab(QWidget):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        add = QPushButton("记一次联系…")
        self.overdue = QLabel()
        self.overdue.setWordWrap(True)
        self.overdue.setStyleSheet("color: #8a5a00;")
        bar = QHBoxLayout()
        bar.addWidget(add)
        bar.addWidget(self.overdue, 1)
        bar.addWidget(export_button(self, db, lambda: self.view, "流动党员联系记录"))
        self.model: RecordModel[mobile_contacts.ContactRow] = RecordModel(CONTACT_COLUMNS, self)
        self.view = table_view(self.model, stretch=3)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        add.clicked.connect(self._add)

    def refresh(self) -> None:
        self.model.set_rows(mobile_contacts.list_contacts(self.db))
        late = mobile_contacts.overdue(self.db)
        self.overdue.setText(
            ("半年没有联系：" + "、".join(name for _m, name, _d in late))
            if late
            else "每名流动党员半年内都联系过。"
        )

    def _add(self) -> None:
        row = self.model.row_at(self.view.currentIndex().row())
        dialog = ContactDialog(_members(self.db, mobile_only=True), row.member_id if row else None, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:

            def save() -> str:
                mid = dialog.member.member_id()
                if mid is None:
                    raise ValidationError("请选一名流动党员", field="member")
                return mobile_contacts.add_contact(
                    self.db, mid, from_qdate(dialog.date.date()), dialog.way.currentText(), dialog.doing.text(),
                    dialog.certificate.text(), dialog.attends_at.text(), dialog.note.text(),
                )  # fmt: skip

            if attempt(dialog, save, dialog.show_error) is not None:
                self.refresh()
                return
