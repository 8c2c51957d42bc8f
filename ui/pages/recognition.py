"""评选与考核 page: tabs 先锋评选 / 支部考核 / 五星级 / 述职测评 / 岗位与工作室, built from the shared kit."""

from __future__ import annotations

import datetime as dt
import functools

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.services import recognition
from app.services.store import Database
from ui import messages
from ui.dialogs.recognition_dialogs import CampaignDialog, NominateDialog
from ui.dialogs.recognition_steps import AnnounceDialog, ReviewDialog
from ui.kit.empty import show_when_empty
from ui.kit.page import PAGE_MARGINS, Page, snug_tabs
from ui.kit.records import Column, RecordModel, table_view
from ui.pages.recognition_posts import PostsTab
from ui.pages.recognition_tabs import AssessmentTab, DutyTab, OrgStarsTab, print_board

Nominee = recognition.NomineeRow


def nominee_model(parent: QWidget) -> RecordModel[Nominee]:
    return RecordModel(
        [
            Column("姓名", lambda n: n.name),
            Column("类别", lambda n: n.category),
            Column("推荐", lambda n: f"{n.nominated_by} {n.recommendations} 人"),
            Column("事迹", lambda n: n.deeds, tooltip=lambda n: "\n".join(e["text"] for e in n.evidence)),
            Column(
                "依据",
                lambda n: f"{len(n.evidence)} 条",
                numeric=True,
                tooltip=lambda n: "\n".join(f"{e['kind']}：{e['text']}" for e in n.evidence),
            ),
            Column(
                "审议",
                lambda n: n.review or "待审议",
                tooltip=lambda n: n.review_reason,
                color=lambda n: "#C62828" if n.review == "未通过" else None,
            ),
            Column(
                "得票",
                lambda n: "" if n.votes is None else str(n.votes),
                numeric=True,
                edit_value=lambda n: n.votes or 0,
                can_edit=lambda n: n.review == "通过",
            ),
            Column(
                "结果",
                lambda n: "入选" if n.selected else "",
                color=lambda n: "#B3261E" if n.selected else None,
            ),
        ],
        parent,
    )


class PioneersTab(QWidget):
    """先锋评选: a campaign's nominees through 推荐 → 审议 → 投票 → 公示 → 表彰."""

    def __init__(self, page: Page) -> None:
        super().__init__(page)
        self.page = page
        self.db: Database = page.db
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("评选"))
        self.campaign = QComboBox()
        self.campaign.setMinimumWidth(260)
        top.addWidget(self.campaign)
        self.stage = QLabel()
        top.addWidget(self.stage, 1)
        new = QPushButton("新建评选…")
        new.clicked.connect(self.new_campaign)
        top.addWidget(new)
        layout.addLayout(top)
        actions = QHBoxLayout()
        self.buttons: dict[str, QAbstractButton] = {}
        for text, slot in (
            ("推荐…", self.nominate),
            ("改事迹…", self.edit_deeds),
            ("审议…", lambda: self.review(True)),
            ("废票数…", self.invalid),
            ("公示…", self.announce),
            ("表彰", self.honour),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            actions.addWidget(b)
            self.buttons[text] = b
        self.printing = printing = QPushButton("打印")
        printing.setToolTip("这次评选的选票（通过审议的候选人）、公示和先锋榜，存成 PDF")
        menu = QMenu(printing)
        for text, kind, label in (
            ("选票…", "pioneer-ballot", "先锋评选选票"),
            ("公示…", "pioneer-notice", "先锋评选公示"),
            ("先锋榜…", "pioneers", "党员先锋榜"),
        ):
            menu.addAction(text, functools.partial(self.print, kind, label))
        printing.setMenu(menu)
        actions.addWidget(printing)
        self.buttons["打印"] = printing
        actions.addStretch(1)
        layout.addLayout(actions)
        self.model = nominee_model(self)
        self.model.on_edit = self._edit_votes
        self.view = table_view(self.model, stretch=3)
        show_when_empty(self.view, "还没有候选人：先“新建评选”，再“推荐…”")
        layout.addWidget(self.view, 1)
        self.hint = QLabel("得票：双击通过审议的候选人的“得票”格，录入纸质选票或举手表决的票数。")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.campaign.currentIndexChanged.connect(lambda _i: self.show_campaign())

    def refresh(self) -> None:
        chosen = self.campaign.currentData()
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for c in recognition.list_campaigns(self.db):
            self.campaign.addItem(c.name if str(c.year) in c.name else f"{c.year} {c.name}", c.id)
        self.campaign.setCurrentIndex(max(0, self.campaign.findData(chosen)))
        self.campaign.blockSignals(False)
        self.show_campaign()

    def current(self) -> recognition.CampaignRow | None:
        cid = self.campaign.currentData()
        return recognition.get_campaign(self.db, str(cid)) if cid else None

    def show_campaign(self) -> None:
        c = self.current()
        self.model.set_rows(c.nominees if c else [])
        if c is None:
            self.stage.setText("")
            return
        chosen = sum(n.selected for n in c.nominees)
        extra = f"，公示期至 {c.objection_until}" if c.objection_until and not c.honoured_on else ""
        self.stage.setText(
            f"阶段：{c.stage}　名额 {c.quota}　候选人 {len(c.nominees)}　入选 {chosen}　废票 {c.invalid_ballots}{extra}"
        )

    def _selected(self) -> Nominee | None:
        index = self.view.currentIndex()
        row = self.model.row_at(index.row()) if index.isValid() else None
        if row is None:
            messages.warn(self, "请先在表格里选一名候选人")
        return row

    def new_campaign(self) -> None:
        dialog = CampaignDialog(self.db, self)
        if dialog.exec() and dialog.created:
            self.refresh()
            self.campaign.setCurrentIndex(self.campaign.findData(dialog.created))

    def nominate(self) -> None:
        c = self.current()
        if c is None:
            messages.warn(self, "请先新建一次评选")
            return
        if NominateDialog(self.db, c, self).exec():
            self.show_campaign()

    def edit_deeds(self) -> None:
        """Correct the line of deeds printed on the ballot, the 公示 and the 先锋榜 (until announced)."""
        c, n = self.current(), self._selected()
        if c is None or n is None:
            return
        text, ok = QInputDialog.getText(
            self, "改事迹", f"{n.name}的一句话事迹（印在选票和先锋榜上）：", text=n.deeds
        )
        if (
            ok
            and self.page.attempt(lambda: recognition.edit_nominee(self.db, c.id, n.id, deeds=text))
            is not None
        ):
            self.show_campaign()

    def review(self, passed: bool) -> None:
        c, n = self.current(), self._selected()
        if c is None or n is None:
            return
        if ReviewDialog(self.db, c, n, passed, self).exec():
            self.show_campaign()

    def _edit_votes(self, n: Nominee, _column: int, value: object) -> bool:
        c = self.current()
        if c is None:
            return False
        done = self.page.attempt(
            lambda: recognition.tally(self.db, c.id, {n.id: int(str(value))}, c.invalid_ballots)
        )
        if done is not None:
            self.show_campaign()
        return done is not None

    def invalid(self) -> None:
        c = self.current()
        if c is None:
            return
        count, ok = QInputDialog.getInt(self, "废票", "废票数：", c.invalid_ballots, 0, 99999)
        if ok and self.page.attempt(lambda: recognition.tally(self.db, c.id, {}, count)) is not None:
            self.show_campaign()

    def announce(self) -> None:
        c = self.current()
        if c is None:
            return
        if not any(n.review == "通过" for n in c.nominees):
            messages.warn(self, "还没有通过审议的候选人：先选中候选人点“审议…”")
            return
        if AnnounceDialog(self.db, c, self).exec():
            self.show_campaign()

    def print(self, kind: str, label: str) -> None:
        c = self.current()
        if c is None:
            messages.warn(self, "请先新建一次评选")
            return
        print_board(self.page, kind, c.year, label, {"campaign": c.id})

    def honour(self) -> None:
        c = self.current()
        if c is None:
            return
        if self.page.attempt(lambda: recognition.honour(self.db, c.id, dt.date.today())) is not None:
            messages.info(
                self, "已表彰：入选者的“先锋”称号显示在星级卡片和五亮公示牌上。打印先锋榜请到“公示栏”页。"
            )
            self.show_campaign()


class RecognitionPage(Page):
    title = "评选与考核"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        self.tabs = QTabWidget()
        self.pioneers = PioneersTab(self)
        self.assessment = AssessmentTab(self)
        self.stars = OrgStarsTab(self)
        self.duty = DutyTab(self)
        self.posts = PostsTab(self)
        self.tabs.addTab(self.pioneers, "先锋评选")
        self.tabs.addTab(self.assessment, "支部考核")
        self.tabs.addTab(self.stars, "五星级")
        self.tabs.addTab(self.duty, "述职测评")
        self.tabs.addTab(self.posts, "岗位与工作室")
        snug_tabs(self.tabs, self.heading("评选与考核"))
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())

    def refresh(self) -> None:
        tab = self.tabs.currentWidget()
        refresh = getattr(tab, "refresh", None)
        if refresh is not None:
            refresh()
