"""公开承诺 page's year-level actions: copy last year's commitments as drafts, publish the drafts, teams."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from app.services import commitments as cm
from ui import messages

if TYPE_CHECKING:
    from ui.pages.commitments import CommitmentsPage


def copy_last_year(page: CommitmentsPage) -> None:
    year = page.year
    if not messages.confirm(
        page,
        f"把 {year - 1} 年的承诺复制为 {year} 年的草稿？\n已离开的党员和 {year} 年已有承诺的党员会跳过。",
        "复制",
    ):
        return
    n = page.attempt(lambda: cm.copy_forward(page.db, year - 1, year, today=page.today))
    if n is None:
        return
    messages.info(page, f"已复制 {n} 项承诺（草稿）。在会上确认后按“公示草稿”公开。")
    page.reload()


def publish_drafts(page: CommitmentsPage) -> None:
    year = page.year
    on = min(page.today, dt.date(year, 12, 31))
    if not messages.confirm(page, f"把 {year} 年未公示的承诺以 {on} 为公示日期公开？", "公示"):
        return
    n = page.attempt(lambda: cm.publish(page.db, year, on, page.branch_id))
    if n is None:
        return
    messages.info(page, f"已公示 {n} 项承诺。")
    page.reload()


def open_teams(page: CommitmentsPage) -> None:
    from ui.dialogs.teams_dialog import TeamsDialog

    TeamsDialog(page.db, page.year, page, today=page.today).exec()
    page.reload()
