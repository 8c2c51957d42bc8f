"""公示栏 page: choose a board and its paper, see it as it will print, save the PDF or print it directly.

The preview is drawn by ui.board_painter from the same drawing list that becomes the PDF, in a
background job, so typing a title or ticking a branch never freezes the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError
from app.services import boards, organizations, preferences
from app.services.boards import BoardPage
from app.services.store import Database
from ui import messages, workers
from ui.board_painter import page_image
from ui.kit.dates import from_qdate
from ui.kit.page import Page

PREVIEW_PAGES = 3  # the first pages are enough to judge the look; the rest print the same way
PREVIEW_WIDTH = 760  # points, at most
MIN_PREVIEW_WIDTH = 200  # points: only while the room is not laid out yet
BUSY = "正在生成预览…"


def left_out_note(unrated: int, zero: int) -> str:
    """Who the star chart leaves off, said above its preview (and in the same words when publishing)."""
    parts = [f"未评 {unrated} 人" if unrated else "", f"0 星 {zero} 人" if zero else ""]
    shown = "、".join(p for p in parts if p)
    return f"{shown}，不会出现在公示栏" if shown else ""


class BoardsPage(Page):
    title = "公示栏"

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self._generation = 0
        self._loading = False
        self._last_title_key = ""
        self.pages: list[BoardPage] = []
        self.large: list[BoardPage] = []
        self.preview_error = ""

        self.kind = QComboBox()
        for kind in boards.board_kinds():
            self.kind.addItem(kind.label, kind.name)
        self.period = QComboBox()
        self.meeting = QComboBox()  # signin, minutes: the meeting (newest first)
        self.person = QComboBox()  # registered-sheet: one 报到党员 or all who claimed
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.campaign = QComboBox()  # 先锋榜, its ballot and 公示: which of the year's campaigns
        self.branches = QListWidget()
        self.branches.setMaximumHeight(120)
        self.paper = QComboBox()
        for paper in boards.PAPERS:
            self.paper.addItem(boards.PAPER_LABELS[paper], paper)
        self.orientation = QComboBox()
        self.orientation.addItem("竖版", "portrait")
        self.orientation.addItem("横版", "landscape")
        self.tile = QComboBox()
        self.tile.addItem("整张（交给打印店）", None)
        self.tile.addItem("分成 A4 纸拼贴", "A4")
        self.tile.addItem("分成 A3 纸拼贴", "A3")
        self.layout_kind = QComboBox()
        self.layout_kind.addItem("卡片（带照片）", "cards")
        self.layout_kind.addItem("表格（人多时用）", "table")
        self.highlight = QCheckBox("五星党员突出显示为“闪光言行之星”")
        self.highlight.setChecked(True)
        self.include_exempt = QCheckBox("列出免评（只挂牌不参评）的党员")
        self.include_exempt.setChecked(True)
        self.year_end = QCheckBox("年终版：显示践诺情况")
        self.unit = QComboBox()  # 服务群众 boards: one grid or all
        self.unit.addItem("全部网格", "")
        for grid in organizations.grids(db):
            self.unit.addItem(grid.name, grid.name)
        self.sheet = QComboBox()  # 服务项目: 项目认领公示 / 项目完成公示 / 项目进度公开
        for kind in boards.board_kinds():
            for name, label, _title in kind.sheets:
                self.sheet.addItem(label, name)
        self.zero_stars = QCheckBox("也列出 0 星的党员（默认不上墙）")
        self.zero_stars.setToolTip("讲不出闪光点、评为 0 星的党员默认不上公示栏；支部决定公示时才勾选")
        self.include_failed = QCheckBox("也列出“不合格”的党员姓名（默认不列）")
        self.columns = QLineEdit()
        self.columns.setPlaceholderText("姓名,性别,出生日期,支部…（空=常用列）")
        self.columns.setToolTip("花名册打印的列，用逗号分隔；身份证号总是遮挡中间几位")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("公示栏标题")
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        self.days = QSpinBox()
        self.days.setRange(1, 60)
        self.days.setValue(boards.OBJECTION_DAYS)
        self.days.setSuffix(" 天")

        form = QFormLayout()
        form.addRow("公示栏", self.kind)
        form.addRow("哪一张", self.sheet)
        form.addRow("考评季度", self.period)
        form.addRow("年度", self.year)
        form.addRow("评选", self.campaign)
        form.addRow("会议", self.meeting)
        form.addRow("报到党员", self.person)
        form.addRow("支部（不选=全部）", self.branches)
        form.addRow("标题", self.title_edit)
        form.addRow("纸张", self.paper)
        form.addRow("方向", self.orientation)
        form.addRow("大展板打印", self.tile)
        form.addRow("版式", self.layout_kind)
        form.addRow("", self.highlight)
        form.addRow("", self.include_exempt)
        form.addRow("", self.year_end)
        form.addRow("网格", self.unit)
        form.addRow("", self.zero_stars)
        form.addRow("", self.include_failed)
        form.addRow("列", self.columns)
        form.addRow("落款日期", self.date)
        form.addRow("公示期", self.days)
        self._form = form
        # The widget that asks for each option a board kind may take; rows a kind does not take are hidden.
        self._option_widgets: dict[boards.OptionName, QWidget] = {
            "period": self.period,
            "year": self.year,
            "layout": self.layout_kind,
            "highlight": self.highlight,
            "exempt": self.include_exempt,
            "year_end": self.year_end,
            "unit": self.unit,
            "zero_stars": self.zero_stars,
            "meeting": self.meeting,
            "sheet": self.sheet,
            "failed": self.include_failed,
            "columns": self.columns,
            "person": self.person,
            "campaign": self.campaign,
        }

        self.save_button = QPushButton("保存 PDF…")
        self.print_button = QPushButton("打印…")
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        self.status = QLabel()
        self.status.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addLayout(buttons)  # first: 保存 PDF / 打印 never scroll off a 150 % screen
        left_layout.addWidget(self.status)
        left_layout.addLayout(form)
        left_layout.addStretch(1)
        left_scroll = QScrollArea()
        left_scroll.setWidget(left)
        left_scroll.setWidgetResizable(True)
        left_scroll.setMinimumWidth(330)

        self.preview_box = QWidget()
        self.preview_layout = QVBoxLayout(self.preview_box)
        self.preview_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview_info = QLabel(BUSY)
        self.preview_info.setWordWrap(True)
        self.preview_layout.addWidget(self.preview_info)
        self.preview_labels: list[QLabel] = []
        self.preview_ratio = 1.0
        self.preview_scroll = scroll = QScrollArea()
        scroll.setWidget(self.preview_box)
        scroll.setWidgetResizable(True)
        scroll.setStyleSheet(
            "QScrollArea { background: #8a8f96; } QWidget#previewBox { background: #8a8f96; }"
        )
        self.preview_box.setObjectName("previewBox")

        splitter = QSplitter()
        splitter.addWidget(left_scroll)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 1)
        outer = QVBoxLayout(self)
        outer.addWidget(self.heading("公示栏"))  # the red page title, as on every page
        outer.addWidget(splitter, 1)  # the title keeps its own height; the rest is the form and the preview

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(350)
        self._timer.timeout.connect(self.update_preview)

        for combo in (
            self.period,
            self.meeting,
            self.paper,
            self.orientation,
            self.tile,
            self.layout_kind,
            self.unit,
            self.person,
            self.campaign,
        ):
            combo.currentIndexChanged.connect(self.schedule_preview)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.period.currentIndexChanged.connect(self._prefill_title)
        self.sheet.currentIndexChanged.connect(self._prefill_title)
        self.year.valueChanged.connect(self._prefill_title)
        self.year.valueChanged.connect(self._fill_campaigns)
        self.year.valueChanged.connect(self.schedule_preview)
        self.year_end.toggled.connect(self._prefill_title)
        self.columns.editingFinished.connect(self.schedule_preview)
        for box in (self.highlight, self.include_exempt, self.year_end, self.zero_stars, self.include_failed):
            box.toggled.connect(self.schedule_preview)
        self.paper.currentIndexChanged.connect(self._paper_changed)
        self.branches.itemChanged.connect(self.schedule_preview)
        self.title_edit.textEdited.connect(self.schedule_preview)
        self.date.dateChanged.connect(self.schedule_preview)
        self.days.valueChanged.connect(self.schedule_preview)
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button.clicked.connect(self.print_board)
        self._paper_from_settings = False
        self._paper_changed()
        self._kind_changed()

    # --- choices -----------------------------------------------------------------------------------

    def unsaved_input(self) -> bool:
        return False  # the title and columns typed are choices for the preview, and refresh() keeps them

    def refresh(self) -> None:
        self._loading = True
        try:
            from app.services import evaluations

            current = self.period.currentData()
            self.period.clear()
            for p in evaluations.list_periods(self.db):
                self.period.addItem(f"{p.label}（{evaluations.STATUS_LABELS.get(p.status, p.status)}）", p.id)
            if current is not None and self.period.findData(current) >= 0:
                self.period.setCurrentIndex(self.period.findData(current))
            else:  # boards are printed after publishing: start on the newest closed quarter
                published = [p.id for p in evaluations.list_periods(self.db) if p.status == "closed"]
                if published:
                    self.period.setCurrentIndex(self.period.findData(published[0]))
            self._fill_meetings()
            self._fill_people()
            self._fill_campaigns()
            if not self._paper_from_settings:
                self._paper_from_settings = True
                index = self.paper.findData(preferences.load(self.db).default_paper)
                if index >= 0:
                    self.paper.setCurrentIndex(index)
            checked = set(self.selected_branches())
            self.branches.clear()
            from app.services.accounts import visible_branches

            names = organizations.qualified_names(organizations.branches(self.db))  # 第1村党总支/第一支部
            for u in visible_branches(self.db):  # an account with a unit: its own subtree
                if u.depth == 0:
                    continue
                item = QListWidgetItem(names[u.id], self.branches)
                item.setData(Qt.ItemDataRole.UserRole, u.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if u.id in checked else Qt.CheckState.Unchecked)
        finally:
            self._loading = False
        self._prefill_title()
        self.schedule_preview()

    def _fill_meetings(self) -> None:
        from app.services import meetings

        current = self.meeting.currentData()
        self.meeting.clear()
        for m in meetings.list_meetings(self.db, include_withdrawn=False)[:300]:
            self.meeting.addItem(f"{m.date} {m.unit} {m.kind}：{m.topic[:16]}", m.id)
        if current is not None and self.meeting.findData(current) >= 0:
            self.meeting.setCurrentIndex(self.meeting.findData(current))

    def _fill_people(self) -> None:
        from app.services.residents import people

        current = self.person.currentData()
        self.person.clear()
        self.person.addItem("全部认领过项目的报到党员", "")
        for p in people.list_people(self.db, role="报到党员"):
            self.person.addItem(f"{p.name}（{p.organization}）", p.id)
        self.person.setCurrentIndex(max(0, self.person.findData(current)))

    def _fill_campaigns(self) -> None:
        """The year's campaigns; the one chosen stays, else the first announced or honoured (what a 先锋榜 prints)."""
        from app.services import recognition

        current = self.campaign.currentData()
        campaigns = recognition.list_campaigns(self.db, self.year.value())
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for c in campaigns:
            self.campaign.addItem(f"{c.name}（{c.stage}）", c.id)
        ready = [c.id for c in campaigns if c.stage in ("公示", "表彰")]
        wanted = current if self.campaign.findData(current) >= 0 else (ready[0] if ready else None)
        self.campaign.setCurrentIndex(max(0, self.campaign.findData(wanted)))
        self.campaign.blockSignals(False)

    def show_meeting(self, kind: str, meeting_id: str) -> None:
        """Open on a meeting's sheet (the 组织生活 page's print buttons)."""
        self._fill_meetings()
        index = self.kind.findData(kind)
        if index >= 0:
            self.kind.setCurrentIndex(index)
        index = self.meeting.findData(meeting_id)
        if index >= 0:
            self.meeting.setCurrentIndex(index)
        self.schedule_preview()

    def selected_branches(self) -> list[str]:
        out = []
        for i in range(self.branches.count()):
            item = self.branches.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def _set_row_visible(self, widget: QWidget, visible: bool) -> None:
        self._form.setRowVisible(widget, visible)

    def _kind_changed(self) -> None:
        kind = boards.board_kind(self.kind.currentData())
        for name, widget in self._option_widgets.items():
            self._set_row_visible(widget, kind.takes(name))
        self._set_row_visible(self.days, kind.objection)
        self._prefill_title()
        self.schedule_preview()

    def _paper_changed(self) -> None:
        board = self.paper.currentData() == "board-120x90"
        self.tile.setEnabled(board)
        if not board:
            self.tile.setCurrentIndex(0)
        self.orientation.blockSignals(True)
        self.orientation.setCurrentIndex(1 if board else 0)
        self.orientation.blockSignals(False)

    def _prefill_title(self) -> None:
        """Each kind of board shows its remembered title; the clerk's typing is kept until the kind changes."""
        if self._loading:
            return
        req = self.request(with_title=False)
        key = f"{boards.title_key(req)}|{req.period}|{req.year}"
        if key != self._last_title_key:
            self._last_title_key = key
            self.title_edit.setText(boards.title_for(self.db, req))

    def request(self, with_title: bool = True) -> boards.BoardRequest:
        kind = self.kind.currentData()
        return boards.BoardRequest(
            kind=kind,
            period=self.period.currentData() or "",
            year=self.year.value(),
            branch_ids=tuple(self.selected_branches()),
            meeting_id=self.meeting.currentData() or "",
            paper=self.paper.currentData(),
            orientation=self.orientation.currentData(),
            tile=self.tile.currentData() if self.paper.currentData() == "board-120x90" else None,
            layout=self.layout_kind.currentData(),
            highlight_five_star=self.highlight.isChecked(),
            include_exempt=self.include_exempt.isChecked(),
            year_end=self.year_end.isChecked(),
            title=self.title_edit.text().strip() or None if with_title else None,
            date=from_qdate(self.date.date()),
            objection_days=self.days.value(),
            extra={
                **({"unit": self.unit.currentData()} if self.unit.currentData() else {}),
                **({"zero_stars": "yes"} if self.zero_stars.isChecked() else {}),
                **({"sheet": self.sheet.currentData()} if kind == "projects" else {}),
                **({"failed": "yes"} if self.include_failed.isChecked() else {}),
                **({"columns": self.columns.text()} if self.columns.text().strip() else {}),
                **({"person": self.person.currentData()} if self.person.currentData() else {}),
                **({"campaign": self.campaign.currentData()} if self.campaign.currentData() else {}),
            },
        )

    # --- preview -----------------------------------------------------------------------------------

    def schedule_preview(self) -> None:
        if not self._loading:
            self._timer.start()

    def update_preview(self) -> None:
        """Lay out the board and draw its first pages off the GUI thread; stale results are dropped."""
        self._generation += 1
        generation = self._generation
        req = self.request()
        db = self.db
        # As wide as the preview's room, in the screen's own pixels: at 150 % a fixed width was cut off on the
        # right (and blurred); never narrower than a page one can still read.
        ratio = self.devicePixelRatioF()
        bar = self.preview_scroll.verticalScrollBar()  # the pages bring it: leave it room from the start
        spare = 30 + (0 if bar.isVisible() else bar.sizeHint().width())
        room = max(MIN_PREVIEW_WIDTH, self.preview_scroll.viewport().width() - spare)
        width_px = round(min(room, PREVIEW_WIDTH) * ratio)
        self.preview_ratio = ratio
        self.preview_info.setText(BUSY)
        self.status.clear()  # "已保存：…" told of the board as it was chosen before: not of this one

        def work(progress: workers.Progress, cancelled: Callable[[], bool]) -> Any:
            try:
                pages, large = boards.preview(db, req)
                note = left_out_note(*boards.stars_left_out(db, req)) if req.kind == "stars" else ""
            except UserError as exc:  # nothing to print, unknown period…: shown in place of the preview
                return generation, None, None, str(exc)
            # A tiled board: first the whole board, so the clerk sees what the sheets add up to.
            shown = ([large[0]] if large else []) + list(pages)[: PREVIEW_PAGES - (1 if large else 0)]
            images = [page_image(p, large, width_px) for p in shown]
            return generation, (pages, large, note), images, ""

        job = workers.Job(work)
        # Bound methods: Qt drops the delivery if the page is gone before the job ends.
        job.signals.done.connect(self._preview_done)
        job.signals.failed.connect(self._preview_crashed)
        workers.start(job)

    def _preview_done(self, result: Any) -> None:
        generation, built, images, error = result
        if generation != self._generation:
            return  # the choices changed while this one was being drawn
        if built is None:
            self._preview_failed(error)
            return
        pages, large, note = built
        self.pages, self.large = list(pages), list(large)
        self.preview_error = ""
        self._show_images(images)
        first = self.pages[0]
        size = f"{first.width / 72 * 25.4:.0f}×{first.height / 72 * 25.4:.0f} 毫米"
        if self.large:
            self.preview_info.setText(
                f"展板 {len(self.large)} 块，分成 {len(self.pages)} 张纸打印（每张 {size}）。"
                f"下面先是整块展板，再是前 {len(images) - 1} 张。"
            )
        else:
            more = f"，预览前 {len(images)} 页" if len(self.pages) > len(images) else ""
            self.preview_info.setText(f"共 {len(self.pages)} 页（每页 {size}）{more}")
        if note:
            self.preview_info.setText(f"{note}\n{self.preview_info.text()}")
        self.save_button.setEnabled(True)
        self.print_button.setEnabled(True)

    def _preview_crashed(self, message: str, user_error: bool) -> None:
        self._preview_failed(message if user_error else "生成预览时出错，详情已记录在日志里。")

    def _preview_failed(self, message: str) -> None:
        self.pages, self.large = [], []
        self.preview_error = message
        self._show_images([])
        self.preview_info.setText(message)
        self.save_button.setEnabled(False)
        self.print_button.setEnabled(False)

    def _show_images(self, images: list[QImage]) -> None:
        for label in self.preview_labels:
            label.deleteLater()
        self.preview_labels = []
        for img in images:
            label = QLabel()
            pixmap = QPixmap.fromImage(img)
            pixmap.setDevicePixelRatio(self.preview_ratio)
            label.setPixmap(pixmap)
            label.setStyleSheet("border: 1px solid #555; background: white;")
            self.preview_layout.addWidget(label)
            self.preview_labels.append(label)

    # --- save and print ----------------------------------------------------------------------------

    def _default_name(self, req: boards.BoardRequest) -> str:
        title = self.title_edit.text().strip() or boards.board_kind(req.kind).label
        safe = "".join(c for c in title if c not in '\\/:*?"<>|')
        return f"{safe}.pdf"

    def save_pdf(self) -> None:
        req = self.request()
        start = str(Path.home() / self._default_name(req))
        path, _ = QFileDialog.getSaveFileName(self, "保存公示栏 PDF", start, "PDF 文件 (*.pdf)")
        if not path:
            return
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        pages = self.save_to(path)
        if pages is not None:
            messages.saved(self, f"公示栏已保存（{pages} 页）：\n{path}", Path(path))

    def save_to(self, path: str) -> int | None:
        req = self.request()
        db = self.db
        try:
            pages = workers.run_with_progress(
                self,
                "正在生成公示栏 PDF…",
                lambda progress, cancelled: boards.render(db, req, path, progress),
            )
        except workers.JobFailed as exc:
            if exc.user_error:
                messages.warn(self, str(exc))
            else:
                messages.warn(self, "生成 PDF 时出错，详情已记录在日志里。")
            return None
        self.status.setText(f"已保存：{path}（{pages} 页）")
        return int(pages)

    def print_board(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from ui.board_painter import print_pages

        if not self.pages:
            messages.warn(self, self.preview_error or "预览还没有生成好，请稍等。")
            return
        req = self.request()
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.title_edit.text().strip() or "公示栏")
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        try:
            print_pages(printer, self.pages, self.large)
        except (OSError, UserError) as exc:
            messages.warn(self, f"打印失败：{exc}")
            return
        if req.title:
            boards.remember_title(self.db, req, req.title)
        self.status.setText(f"已送往打印机：{len(self.pages)} 页")

    def shutdown(self) -> None:
        self._timer.stop()
