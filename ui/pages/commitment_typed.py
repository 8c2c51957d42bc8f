"""公开承诺 page: a commitment typed for one member is not saved for another without a word. The text box stays
when the clerk chooses another member (so a slip of the mouse loses nothing); the member it was typed for is
named beside the new one, and saving it there is asked first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui import messages

if TYPE_CHECKING:
    from ui.pages.commitments import CommitmentsPage


def note_typing(page: CommitmentsPage) -> None:
    """The text box changed: remember whose commitment is being written (the member chosen when it began)."""
    if not page.content.toPlainText().strip():
        page.typed_for = None
    elif page.typed_for is None:
        page.typed_for = page.current_member_id()


def typed_for_name(page: CommitmentsPage) -> str | None:
    """The member the text in the box was typed for, when that is not the member chosen now."""
    mid = page.typed_for
    if mid is None or mid == page.current_member_id():
        return None
    return next((r.name for r in page.model.rows if r.member_id == mid), "另一名党员")


def warning_html(page: CommitmentsPage) -> str:
    name = typed_for_name(page)
    return (
        f"<br><small style='color:#b00020'>下面的承诺内容是为{name}写的，还没有保存</small>" if name else ""
    )


def may_save_here(page: CommitmentsPage, here: str) -> bool:
    name = typed_for_name(page)
    return name is None or messages.confirm(
        page, f"这条承诺是在{name}那里写的，还没有保存。\n要保存为{here}的承诺吗？", f"保存给{here}"
    )
