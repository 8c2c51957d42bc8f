"""Dialogs of 服务项目: a need, a project from needs, a claim (member, 报到党员 or team in a few keys), completion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain import project_rules as rules
from app.domain.pinyin import name_pinyin
from app.services import roster
from app.services.projects import claims, common, needs, pool
from app.services.residents import people
from app.services.residents.links import LinkResult
from app.services.store import Database
from app.services.teams import list_teams
from ui.dialogs.service_dialogs import FormDialog, household_items, pick_combo, picked, required
from ui.kit.dates import date_edit, from_qdate


def _text(placeholder: str) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setPlaceholderText(placeholder)
    edit.setFixedHeight(70)
    return edit


class NeedDialog(FormDialog):
    """登记需求: what, for whom (a household, a person or a group), how it was raised, category, size, wanted by.
    With ``draft`` (a ledger request turned into a need) the form starts from the request."""

    def __init__(
        self, db: Database, parent: QWidget | None = None, draft: needs.NeedDraft | None = None
    ) -> None:
        super().__init__("求助转为服务需求" if draft and draft.request_id else "登记群众需求", parent)
        self.text = _text("如：给独居的李奶奶买一副轮椅")
        self.household = pick_combo(household_items(db), "输入地址或户主姓名（可不填）")
        self.person = pick_combo(
            [(f"{p.name} {p.address}".strip(), p.id) for p in people.list_people(db) if p.active],
            "或一个人：输入姓名（可不填）",
        )
        self.group = QLineEdit()
        self.group.setPlaceholderText("或一类人，如 空巢老人")
        self.category = QComboBox()
        self.category.addItems(list(common.categories(db)))
        self.size_box = QComboBox()
        self.size_box.addItems(list(rules.SIZES))
        self.how = QComboBox()
        self.how.addItems(list(rules.RAISED_HOW))
        self.wanted = date_edit(dt.date.today() + dt.timedelta(days=30))
        self.effort = QLineEdit()
        self.effort.setPlaceholderText("如 2人半天、300元")
        base = draft or needs.NeedDraft(category="", size=rules.SMALL, text="")
        if draft is not None:
            self.text.setPlainText(draft.text)
            self.category.setCurrentText(draft.category)
            self.size_box.setCurrentText(draft.size)
            self.how.setCurrentText(draft.raised_how)
            self.how.setEnabled(not draft.request_id)
            index = self.household.findData(draft.household_id) if draft.household_id else -1
            self.household.setCurrentIndex(index)
            self.person.setCurrentIndex(self.person.findData(draft.person_id) if draft.person_id else -1)
        for label, widget in (
            ("需求内容", self.text),
            ("为哪一户", self.household),
            ("为哪个人", self.person),
            ("为哪类人", self.group),
            ("类别", self.category),
            ("规模", self.size_box),
            ("收集方式", self.how),
            ("希望完成", self.wanted),
            ("工作量/费用", self.effort),
        ):
            self.form.addRow(label, widget)
        self.need_id = ""

        def save() -> None:
            self.need_id = needs.add_need(
                db,
                needs.NeedDraft(
                    category=self.category.currentText(),
                    size=self.size_box.currentText(),
                    text=self.text.toPlainText(),
                    household_id=picked(self.household),
                    person_id=picked(self.person),
                    group_name=self.group.text(),
                    raised_how=self.how.currentText(),
                    request_id=base.request_id,
                    wanted_by=from_qdate(self.wanted.date()),
                    effort=self.effort.text(),
                ),
            )

        self.save = save


class ProjectDialog(FormDialog):
    """立项: the chosen needs become one project with a goal, a measure of done, a deadline, a unit."""

    def __init__(
        self, db: Database, need_ids: Sequence[str], first_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(f"立项（{len(need_ids)} 条需求）", parent)
        self.title_edit = QLineEdit(first_text[:100])
        self.goal = _text("项目目标，如：两周内把轮椅送到并教会使用")
        self.measure = QLineEdit()
        self.measure.setPlaceholderText("考核标准，如：群众满意、有照片")
        self.deadline = date_edit(dt.date.today() + dt.timedelta(days=30))
        self.unit = QLineEdit()
        self.unit.setPlaceholderText("责任单位，如 第一党支部")
        for label, widget in (
            ("项目名称", self.title_edit),
            ("目标", self.goal),
            ("考核标准", self.measure),
            ("完成期限", self.deadline),
            ("责任单位", self.unit),
        ):
            self.form.addRow(label, widget)
        self.project_id = ""

        def save() -> None:
            self.project_id = pool.add_project(
                db,
                pool.ProjectDraft(
                    list(need_ids),
                    self.goal.toPlainText(),
                    from_qdate(self.deadline.date()),
                    title=self.title_edit.text(),
                    measure=self.measure.text(),
                    unit=self.unit.text(),
                ),
            )

        self.save = save


def _keyed(label: str, name: str) -> str:
    """The label with the name's pinyin initials, so that typing ``zw`` finds 赵伟 as typing 赵伟 does."""
    return f"{label} {name_pinyin(name)[1]}"


def claimant_items(db: Database, size: str) -> list[tuple[str, str]]:
    """Who may claim a project of this size: teams with a 队长 for collective ones, members and 报到党员 else."""
    if size == rules.COLLECTIVE:
        return [
            (_keyed(f"{t.name}（队长 {t.leader_name}）", t.name), f"{rules.TEAM}:{t.id}")
            for t in list_teams(db)
            if t.leader_id and t.active
        ]
    registered = [
        (_keyed(f"{p.name}（报到党员 · {p.organization}）", p.name), f"{rules.PERSON}:{p.id}")
        for p in people.list_people(db, role="报到党员")
    ]
    members = [(m.name, f"{m.name}（{m.branch}）", m.id) for m in roster.list_members(db)]
    return [(_keyed(label, name), f"{rules.MEMBER}:{mid}") for name, label, mid in members] + registered


class ClaimDialog(FormDialog):
    """认领: type a few characters of the name, pick, Enter."""

    def __init__(self, db: Database, project: common.ProjectRow, parent: QWidget | None = None) -> None:
        super().__init__(f"认领：{project.title[:20]}", parent)
        what = "队伍（须有队长）" if project.size == rules.COLLECTIVE else "党员或报到党员"
        self.who = pick_combo(claimant_items(db, project.size), f"输入{what}的姓名或拼音首字母，在列表里点选")
        self.on = date_edit(dt.date.today())
        self.form.addRow("认领人", self.who)
        self.form.addRow("认领日期", self.on)
        self.who.setFocus()

        def save() -> None:
            kind, cid = required(self.who, what).split(":", 1)
            claims.claim(db, project.id, kind, cid, from_qdate(self.on.date()))

        self.save = save


PHOTO_FILTER = "图片 (*.jpg *.jpeg *.png *.bmp *.gif *.webp *.tif *.tiff)"


class PhotoPicker(QWidget):
    """Photos chosen from files, shown as small thumbnails; 添加照片… / 移除. ``single`` keeps one at most."""

    def __init__(self, single: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.single = single
        self.files: list[Path] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(56, 56))
        self.list.setFixedHeight(78)
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(False)
        layout.addWidget(self.list, 1)
        column = QVBoxLayout()
        add = QPushButton("添加照片…" if not single else "选照片…")
        add.clicked.connect(self._choose)
        remove = QPushButton("移除")
        remove.clicked.connect(self._remove)
        column.addWidget(add)
        column.addWidget(remove)
        column.addStretch(1)
        layout.addLayout(column)

    def _choose(self) -> None:
        if self.single:
            name, _ = QFileDialog.getOpenFileName(self, "选择照片", str(Path.home()), PHOTO_FILTER)
            names = [name] if name else []
        else:
            names, _ = QFileDialog.getOpenFileNames(self, "选择照片", str(Path.home()), PHOTO_FILTER)
        self.add_files([Path(n) for n in names])

    def add_files(self, files: Sequence[Path]) -> None:
        if self.single and files:
            self.list.clear()
            self.files = []
            files = files[-1:]
        for f in files:
            self.files.append(f)
            item = QListWidgetItem(QIcon(QPixmap(str(f))), f.name[:12])
            item.setToolTip(str(f))
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter)
            self.list.addItem(item)

    def _remove(self) -> None:
        row = self.list.currentRow() if self.list.currentRow() >= 0 else self.list.count() - 1
        if row >= 0:
            self.list.takeItem(row)
            del self.files[row]


class ProgressDialog(FormDialog):
    """登记进度 (每月一次…实时审查和公开): what was done this month, the date, photos."""

    def __init__(self, db: Database, project: common.ProjectRow, parent: QWidget | None = None) -> None:
        super().__init__(f"登记进度：{project.title[:20]}", parent)
        self.text = _text("这个月做了什么、进展如何")
        self.on = date_edit(dt.date.today())
        self.photos = PhotoPicker()
        self.form.addRow("进展", self.text)
        self.form.addRow("日期", self.on)
        self.form.addRow("照片", self.photos)

        def save() -> None:
            claims.add_progress(
                db, project.id, self.text.toPlainText(), from_qdate(self.on.date()), self.photos.files
            )

        self.save = save


class CompleteDialog(FormDialog):
    """完成: what was done, when, people served, photos before and after; the deed and 志愿服务 points follow."""

    def __init__(self, db: Database, project: common.ProjectRow, parent: QWidget | None = None) -> None:
        super().__init__(f"登记完成：{project.title[:20]}", parent)
        self.text = _text("做了什么、帮了谁")
        self.on = date_edit(dt.date.today())
        self.served = QSpinBox()
        self.served.setRange(0, 100000)
        self.before = PhotoPicker(single=True)
        self.after = PhotoPicker()
        self.form.addRow("完成情况", self.text)
        self.form.addRow("完成日期", self.on)
        self.form.addRow("服务人数", self.served)
        self.before.setToolTip("不选则用第一张进度照片" if project.before_photo else "")
        self.form.addRow("完成前照片", self.before)
        self.form.addRow("完成后照片", self.after)
        self.links: LinkResult | None = None

        def save() -> None:
            self.links = claims.complete(
                db,
                project.id,
                self.text.toPlainText(),
                from_qdate(self.on.date()),
                people_served=self.served.value(),
                photos=self.after.files,
                before_photo=self.before.files[0] if self.before.files else None,
            )

        self.save = save
