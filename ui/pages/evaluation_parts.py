"""Parts of the 星级评定 page: the member panel on the right (levels, deeds, 点评, 公示理由), the quarter's
summary line, the page's small questions (which quarter, why reopen, publish?) and its keyboard."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.domain.stars import EXEMPT_BY_DECISION, MAX_LEVEL, SOURCES
from app.services import evaluations
from app.services.evaluations import DeedRow, PeriodRow, PeriodSummary, RatingRow
from ui.kit.dates import date_edit, to_qdate

if TYPE_CHECKING:
    from ui.pages.evaluations import EvaluationPage

NAMES_SHOWN = 4  # the rest are in the tooltip: the summary stays within three lines at 150 %
DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(MAX_LEVEL + 1)}
NO_MEMBER = "（请在左边选一名党员）"


def names(refs: list[evaluations.MemberRef], shown: int = NAMES_SHOWN) -> str:
    text = "、".join(r.name for r in refs[:shown])
    return text + (f" 等 {len(refs)} 人" if len(refs) > shown else "")


def summary_html(s: PeriodSummary, period: PeriodRow, tail: str = "") -> str:
    """The quarter at a glance in two short lines (a 1366×768 screen at 150 % has no room for more): the counts,
    then how many are the year's five-star members, risers, two quarters starless — the names are in
    :func:`summary_tooltip`. ``tail`` ends the second line (the 闪光言行交流会)."""
    counts = f"共 {s.members} 人：已评 {s.rated}，不参评 {s.exempt}，待评 {s.members - s.rated - s.exempt}"
    second = (
        f"<b>{period.id[:4]}年五星</b> {len(s.five_star_of_year)}"
        f" · <span style='color:#1b7f3b'>上升</span> {len(s.risers)}"
        f" · <span style='color:#b00020'>两季无星</span> {len(s.without_stars_twice)}"
    )
    return counts + "<br>" + second + (f" · {tail}" if tail else "")


def summary_tooltip(s: PeriodSummary) -> str:
    levels = "，".join(f"{n}星 {s.by_level[n]}" for n in sorted(s.by_level, reverse=True))
    return (
        f"已评：{levels or '—'}"
        + "\n闪光言行之星（本年五星）："
        + ("、".join(r.name for r in s.five_star_of_year) or "暂无")
        + "\n比上季度上升："
        + ("、".join(r.name for r in s.risers) or "暂无")
        + "\n连续两个季度无星（谈心谈话用，不上墙）："
        + ("、".join(r.name for r in s.without_stars_twice) or "无")
    )


class MemberPanel(QFrame):
    """The chosen member: level buttons, 只挂牌不参评, the quarter's deeds and the form to add one, 点评, 公示理由.

    The page wires the buttons to its actions; this class only builds and fills the widgets.
    """

    def __init__(self, categories: tuple[str, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        v = QVBoxLayout(self)
        v.setContentsMargins(10, 8, 10, 8)
        v.setSpacing(4)
        self.member_title = QLabel(NO_MEMBER)
        self.member_title.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.member_title.setWordWrap(True)
        v.addWidget(self.member_title)
        self.member_info = QLabel()
        self.member_info.setWordWrap(True)
        self.member_info.setStyleSheet("color: #555;")
        v.addWidget(self.member_info)

        levels = QHBoxLayout()
        levels.addWidget(QLabel("星级"))
        self.level_buttons: list[QPushButton] = []
        for n in range(MAX_LEVEL + 1):
            b = QPushButton(str(n))
            b.setCheckable(True)
            b.setFixedWidth(34)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setToolTip(f"{n} 星（键盘：{n}）")
            levels.addWidget(b)
            self.level_buttons.append(b)
        self.clear_button = QPushButton("清除")
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        levels.addWidget(self.clear_button)
        levels.addStretch(1)
        v.addLayout(levels)
        # What the rules forbid is greyed out, and the reason is said here (and on the buttons' tooltips).
        self.level_reason = QLabel()
        self.level_reason.setWordWrap(True)
        self.level_reason.setStyleSheet("color: #b00020;")
        self.level_reason.hide()
        v.addWidget(self.level_reason)

        exempt_row = QHBoxLayout()
        self.exempt_box = QCheckBox("只挂牌不参评")
        exempt_row.addWidget(self.exempt_box)
        self.exempt_reason_edit = QLineEdit()
        self.exempt_reason_edit.setPlaceholderText("原因，如 长期患病")
        exempt_row.addWidget(self.exempt_reason_edit, 1)
        v.addLayout(exempt_row)

        deeds_row = QHBoxLayout()
        deeds_row.addWidget(QLabel("本季度的闪光言行"))
        deeds_row.addStretch(1)
        self.withdraw_button = QPushButton("撤回所选")
        self.withdraw_button.setToolTip(
            "录错了：在事迹列表里选中一条，点这里或按 Delete（撤回的事迹留在历史里）"
        )
        deeds_row.addWidget(self.withdraw_button)
        v.addLayout(deeds_row)
        self.deed_list = QListWidget()
        self.deed_list.setWordWrap(True)
        # Small by default so 点评 and 公示理由 stay in view on a 768-pixel screen; grows with the window.
        self.deed_list.setMinimumHeight(60)
        self.deed_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        v.addWidget(self.deed_list, 1)

        # The deed entry form is hidden while the quarter is closed (nothing can be added then).
        self.entry_box = QWidget()
        form = QFormLayout(self.entry_box)
        form.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.deed_date = date_edit()
        row.addWidget(self.deed_date)
        self.category_combo = QComboBox()
        self.category_combo.addItems(list(categories))
        row.addWidget(self.category_combo)
        self.source_combo = QComboBox()
        self.source_combo.addItems(list(SOURCES))
        row.addWidget(self.source_combo)
        form.addRow("新事迹", row)
        self.deed_text = QPlainTextEdit()
        self.deed_text.setPlaceholderText("写下这名党员的闪光言行，Ctrl+Enter 添加，可以接着写下一条")
        self.deed_text.setTabChangesFocus(True)
        self.deed_text.setFixedHeight(52)
        form.addRow("内容", self.deed_text)
        self.add_button = QPushButton("添加事迹（Ctrl+Enter）")
        add_row = QHBoxLayout()
        self.photo_button = QPushButton("附照片…")
        self.photo_button.setToolTip("给这条事迹附一张照片（JPG/PNG，会缩小后保存）")
        add_row.addWidget(self.photo_button)
        add_row.addWidget(self.add_button, 1)
        form.addRow("", add_row)
        v.addWidget(self.entry_box)
        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        self.comment_edit = QLineEdit()
        self.comment_edit.setPlaceholderText("支部对事迹的点评")
        form.addRow("点评", self.comment_edit)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("公示栏上星级旁的一句话，如最突出的事迹")
        form.addRow("公示理由", self.reason_edit)
        v.addLayout(form)
        self.editors: list[QWidget] = [
            *self.level_buttons,
            self.clear_button,
            self.exempt_box,
            self.exempt_reason_edit,
            self.withdraw_button,
            self.deed_date,
            self.category_combo,
            self.source_combo,
            self.deed_text,
            self.add_button,
            self.photo_button,
            self.comment_edit,
            self.reason_edit,
        ]

    def set_categories(self, categories: tuple[str, ...]) -> None:
        self.category_combo.clear()
        self.category_combo.addItems(list(categories))

    def show_photo(self, path: Path | None) -> None:
        self.photo_button.setText(f"照片：{path.name[:12]}" if path else "附照片…")

    def limit_levels(self, r: RatingRow) -> None:
        """No deeds, no stars: 1–5 grey (0 stays); exempt: no level at all. Only ever disables."""
        if r.exempt:
            why = f"只挂牌不参评（{r.exempt_reason}），不评星级；要评星先取消“只挂牌不参评”"
            barred = self.level_buttons
        elif r.deeds == 0:
            why = "本季度没有闪光言行：不予评星级（可评 0 星）。先登记事迹再评 1–5 星"
            barred = self.level_buttons[1:]
        else:
            why, barred = "", []
        for n, b in enumerate(self.level_buttons):
            b.setToolTip(why if b in barred else f"{n} 星（键盘：{n}）")
            if b in barred:
                b.setEnabled(False)
        self.level_reason.setText(why)
        self.level_reason.setVisible(bool(why))

    def clear_member(self) -> None:
        self.level_reason.hide()
        self.deed_list.clear()
        self.member_title.setText(NO_MEMBER)
        self.member_info.clear()
        self.comment_edit.clear()
        self.reason_edit.clear()

    def show_member(self, r: RatingRow, deeds: list[DeedRow] | None, period: PeriodRow | None) -> None:
        """Fill the panel for one member; ``deeds`` is None when no quarter is chosen."""
        self.deed_list.clear()
        self.member_title.setText(f"{r.member_name}　{r.branch}")
        info = [r.category, f"{r.age}岁"]
        if r.is_mobile:
            info.append("流动党员")
        if r.exempt:
            info.append(f"只挂牌不参评（{r.exempt_reason}）")
        info.append(f"建议：{'不予评星' if r.suggested is None else f'{r.suggested} 星'}")
        info.append(f"上季度：{'—' if r.previous_level is None else f'{r.previous_level} 星'}")
        if r.decided_by:
            info.append(f"评定：{r.decided_by}")
        self.member_info.setText(" · ".join(info))
        for n, b in enumerate(self.level_buttons):
            b.setChecked(r.level == n)
        self.limit_levels(r)
        self.exempt_box.setChecked(r.exempt)
        # The default reason is a hint, not text: a click into the field and typing must not append to it.
        written = r.exempt and r.exempt_reason != EXEMPT_BY_DECISION
        self.exempt_reason_edit.setText(r.exempt_reason if written else "")
        self.exempt_reason_edit.setPlaceholderText(
            f"{EXEMPT_BY_DECISION}；可写明原因，如 长期患病" if r.exempt else "原因，如 长期患病"
        )
        self.comment_edit.setText(r.comment)
        self.reason_edit.setText(r.reason)
        if deeds is None or period is None:
            return
        for d in deeds:
            photo = "（有照片）" if d.photo else ""
            item = QListWidgetItem(f"{d.date:%m-%d}【{d.category}·{d.source}】{d.text}{photo}")
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            self.deed_list.addItem(item)
        if not self.deed_list.count():
            hint = QListWidgetItem("（本季度还没有闪光言行。没有事迹不予评星级，可评 0 星。）")
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            self.deed_list.addItem(hint)
        today = dt.date.today()
        day = today if period.starts_on <= today <= period.ends_on else period.ends_on
        if self.deed_text.toPlainText() == "":
            self.deed_date.setDate(to_qdate(day))


def quarter_to_offer(opened: Collection[str], today: dt.date | None = None) -> tuple[str, str]:
    """The quarter the 开启季度 question proposes, and a line about it: this quarter while it is not opened yet;
    once it is, the latest earlier quarter not opened (补录) — never one that is already there."""
    current = evaluations.current_quarter(today)
    if current.id not in opened:
        return current.id, ""
    q = current.previous()
    while q.id in opened and q.year > current.year - 5:
        q = q.previous()
    later = current.next()
    note = f"{current.label}已经开启过；{later.label}到 {later.starts_on:%Y-%m-%d} 才能开启。\n"
    return (q.id if q.id not in opened else ""), note


def ask_quarter(parent: QWidget, opened: Collection[str] = ()) -> str | None:
    offer, note = quarter_to_offer(set(opened))
    text, ok = QInputDialog.getText(
        parent,
        "开启季度",
        note + "要开启哪个季度的考评？\n（写成 2026Q3；过去的季度也可以开启，用来补录）",
        text=offer,
    )
    return text if ok else None


def close_question(label: str, s: PeriodSummary) -> str:
    """The 公示 confirmation: what publishing means and who will not be on the board."""
    pending = s.members - s.rated - s.exempt
    zero = s.by_level.get(0, 0)
    text = f"公示{label}的星级评定？\n\n公示后本季度只能查看，不能再修改。"
    if pending:
        text += f"\n\n{pending} 人未评定，不会出现在公示栏。"
    if zero:
        text += f"\n{zero} 人 0 星（讲不出闪光点），默认不上公示栏，留作谈心谈话。"
    return text


def ask_reopen_reason(parent: QWidget) -> str | None:
    text, ok = QInputDialog.getText(parent, "重新打开", "为什么要重新打开已公示的季度？（会记入修改记录）")
    return text if ok else None


def confirm_close(parent: QWidget, text: str) -> bool:
    box = QMessageBox(
        QMessageBox.Icon.Question, "公示本季度", text, QMessageBox.StandardButton.NoButton, parent
    )
    yes = box.addButton("公示并关闭", QMessageBox.ButtonRole.YesRole)
    no = box.addButton("取消", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes


def handle_key(page: EvaluationPage, watched: QObject, event: QKeyEvent) -> bool:
    """The page's keyboard: see the module docstring of ui.pages.evaluations."""
    key = event.key()
    mods = event.modifiers()
    ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
    if key == Qt.Key.Key_PageDown or (ctrl and key == Qt.Key.Key_Down):
        page.step_member(1)
        return True
    if key == Qt.Key.Key_PageUp or (ctrl and key == Qt.Key.Key_Up):
        page.step_member(-1)
        return True
    if ctrl and key in DIGITS:
        page.set_level(DIGITS[key])
        return True
    if watched is page.deed_list and key == Qt.Key.Key_Delete:
        page.withdraw_selected()
        return True
    if watched is page.deed_text and ctrl and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        page.add_deed()
        return True
    if key == Qt.Key.Key_Escape and watched is not page.table:
        page._save_texts()
        page.table.setFocus()
        return True
    if watched is page.table and not ctrl:
        if key in DIGITS and mods in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        ):
            page.set_level(DIGITS[key], advance=True)
            return True
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            page.set_level(None)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and page.current_row() is not None:
            if page.period is not None and page.period.is_open:
                page.deed_text.setFocus()
            else:
                page.refused_if_closed()
            return True
    return False
