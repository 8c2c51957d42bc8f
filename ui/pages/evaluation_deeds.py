"""星级评定 page: adding a deed (with its photo) and withdrawing one — for the page's buttons and keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.services import evaluations
from app.services.evaluations import RatingRow
from ui.kit.dates import from_qdate

if TYPE_CHECKING:
    from ui.pages.evaluations import EvaluationPage


def add_deed(page: EvaluationPage, left: RatingRow | None = None) -> bool:
    """The deed in the text box, for the member chosen — or for ``left``, the member just left with the deed
    typed and not added (the clerk forgot Ctrl+Enter): then the keyboard stays where it was."""
    r = left or page.current_row()
    if r is None or page.refused_if_closed():
        return False
    assert page.period is not None
    text = page.deed_text.toPlainText().strip()
    if not text:
        page.say("请先写下事迹内容", error=True)
        page.deed_text.setFocus()
        return False
    period_id = page.period.id
    focus = QApplication.focusWidget()
    if not page.attempt_ok(
        lambda: evaluations.add_deed(
            page.db,
            r.member_id,
            period_id,
            text,
            date=from_qdate(page.panel.deed_date.date()),
            category=page.panel.category_combo.currentText(),
            source=page.panel.source_combo.currentText(),
            photo_file=page.pending_photo,
        ),
        page.refuse,
    ):
        return False
    page.deed_text.clear()
    page.set_pending_photo(None)
    page.refresh_current(r=r)
    now = page.model.rows[page.model.row_of(r.member_id)]
    page.say(f"已为{r.member_name}添加一条闪光言行（本季度共 {now.deeds} 条）")
    if left is not None and focus is not None:
        focus.setFocus()
    else:
        page.deed_text.setFocus()
    return True


def withdraw_selected(page: EvaluationPage) -> None:
    item = page.deed_list.currentItem()
    if page.refused_if_closed():
        return
    if item is None or not item.data(Qt.ItemDataRole.UserRole):
        page.say("请先在事迹列表里选中要撤回的一条", error=True)
        return
    deed_id = str(item.data(Qt.ItemDataRole.UserRole))
    if not page.attempt_ok(lambda: evaluations.withdraw_deed(page.db, deed_id), page.refuse):
        return
    page.refresh_current()
    page.say("已撤回这条事迹（记录保留在修改记录里）")
