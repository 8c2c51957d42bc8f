"""The member editor: every roster field in four tabs, checked as the clerk types; 取消 changes nothing.

Other areas add their own tabs by listing "module:Class" in EXTRA_TABS. Such a class is a QWidget made as
``Class(db, member_id_or_None, parent)``; its tab label is its ``title`` attribute (or windowTitle());
an optional ``save(member_id)`` runs right after the member itself is saved, in the same 保存 click.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain import roster_rules
from app.domain.dates import format_date, parse_date
from app.domain.errors import FieldError, UserError, ValidationError
from app.domain.id_number import parse_id_number
from app.domain.member_fields import LABELS
from app.services import organizations, photos, roster
from app.services.roster import MemberDraft
from app.services.store import Database
from app.services.versions import StaleRecord
from ui import messages
from ui.dialogs.leave_dialog import LeaveDialog
from ui.dialogs.member_photo import PhotoField
from ui.kit.dates import DateEdit
from ui.kit.page import attempt_ok
from ui.kit.wrap import WrapLabel
from ui.screen_fit import resize_to_fit, scroll_tabs

log = logging.getLogger(__name__)

# "module:Class", one per line. Later areas (五亮 commitments, 考评历史 star rating) add theirs here.
EXTRA_TABS: tuple[str, ...] = (
    "ui.dialogs.evaluation_history_tab:EvaluationHistoryTab",
    "ui.dialogs.wuliang_tab:WuliangTab",
    "ui.dialogs.audit_dialog:AuditTab",
)

ERROR_STYLE = "color: #b00020;"
DEBOUNCE_MS = 150
SUMMARY_LINES = 4  # the red summary above 保存 names this many problems at most ("……另有 N 处" for the rest)

# The fields edited as one line of plain text, loaded into the editor and read back the same way.
TEXT_FIELDS = (
    "name", "id_number", "degree", "native_place", "probation_extension", "joined_branch", "phone", "landline",
    "address", "residence", "hukou", "job", "mobile_destination",
)  # fmt: skip


class MemberEditor(QDialog):
    def __init__(self, db: Database, member_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.member_id = member_id
        self.changed = False  # something was written (save, leave, reinstate): the roster should reload
        self._errors: list[FieldError] = []
        self._touched: set[str] = set()
        self._auto_birth: str = ""
        self._auto_gender: str = ""
        self._loading = True
        self.detail: roster.MemberDetail | None = None
        self.setWindowTitle("新增党员" if member_id is None else "编辑党员信息")

        self.fields: dict[str, Any] = {}
        self.error_labels: dict[str, QLabel] = {}
        self.tabs = QTabWidget()
        self._build_basic()
        self._build_party()
        self._build_contact()
        self._build_other()
        self.extra_tabs: list[QWidget] = []
        self._build_extra_tabs()
        scroll_tabs(self.tabs)  # at 150 % on a 768-line screen the tabs scroll, 保存/取消 stay in sight

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.hide()
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.validate_now)

        self._load()
        self._connect_edits()
        self._loading = False
        self.validate_now()
        resize_to_fit(self, 760, 660)  # 党籍信息 with its status box fits without scrolling at 100 %

    # --- building -------------------------------------------------------------------------------

    def _form_tab(self, title: str) -> QFormLayout:
        page = QWidget()
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)  # keep the rows at the top instead of spreading them over the tab
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setVerticalSpacing(4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)
        self.tabs.addTab(scroll, title)
        return form

    def _add(self, form: QFormLayout, key: str, widget: QWidget, label: str | None = None) -> None:
        """A field with its red message underneath (hidden while the field is fine)."""
        box = QWidget()
        box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(1)
        v.addWidget(widget)
        error = WrapLabel()  # a long message (the Excel-mangled ID number) takes three lines, none cut
        error.setStyleSheet(ERROR_STYLE)
        error.hide()
        v.addWidget(error)
        text = label or LABELS.get(key, key)
        required = key in ("name", "id_number", "gender", "birth_date", "category", "branch")
        form.addRow(f"{text}{' *' if required else ''}", box)
        self.fields[key] = widget
        self.error_labels[key] = error

    def _line(self, placeholder: str = "") -> QLineEdit:
        line = QLineEdit()
        line.setPlaceholderText(placeholder)
        return line

    def _combo(self, items: list[tuple[str, Any]], editable: bool = False) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(editable)
        for text, data in items:
            combo.addItem(text, data)
        return combo

    def _build_basic(self) -> None:
        outer = QWidget()
        row = QHBoxLayout(outer)
        left = QWidget()
        form = QFormLayout(left)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setVerticalSpacing(4)
        self._add(form, "name", self._line("例如：王秀英"))
        self._add(form, "id_number", self._line("18位，末位可以是 X；填好后自动带出出生日期和性别"))
        self._add(form, "gender", self._combo([("", ""), ("男", "男"), ("女", "女")]))
        self._add(form, "birth_date", DateEdit())
        self._add(form, "ethnicity", self._combo([(e, e) for e in roster_rules.ETHNICITIES], editable=True))
        self._add(
            form,
            "education",
            self._combo([("", "")] + [(e, e) for e in roster_rules.EDUCATIONS], editable=True),
        )
        self._add(form, "degree", self._line("如 学士；没有可不填"))
        self._add(form, "native_place", self._line("如 浙江长兴"))
        row.addWidget(left, 1)

        self.photo = PhotoField(self.db)
        self.photo.chosen.connect(lambda: self._touched.add("photo"))
        row.addWidget(self.photo)
        self.tabs.addTab(outer, "基本信息")

    def _build_party(self) -> None:
        form = self._form_tab("党籍信息")
        self._add(form, "category", self._combo([(c, c) for c in roster_rules.CATEGORIES]))
        self.branch_combo = QComboBox()
        from app.services.accounts import visible_units

        self._units = visible_units(self.db)  # an account with a unit: its own subtree
        for u in self._units:
            if u.kind != "党小组":
                self.branch_combo.addItem("　" * max(u.depth - 1, 0) + u.name, u.id)
        self.branch_combo.setCurrentIndex(-1)
        self._add(form, "branch", self.branch_combo)
        self.group_combo = QComboBox()
        self._add(form, "group", self.group_combo)
        self.branch_combo.currentIndexChanged.connect(self._fill_groups)
        self._add(form, "joined_on", DateEdit(allow_month=True))
        self._add(form, "confirmed_on", DateEdit(allow_month=True))
        spin = QSpinBox()
        spin.setRange(-80, 80)
        spin.setSuffix(" 年")
        spin.setToolTip("按组织认定需要加减的党龄年数；一般为 0")
        self._add(form, "party_age_correction", spin)
        self.party_age_label = QLabel()
        form.addRow("党龄", self.party_age_label)
        self._add(form, "probation_extension", self._line("如 延长一年；没有可不填"))
        self._add(form, "joined_branch", self._line())
        self._add(
            form, "party_post", self._combo([("", "")] + [(p, p) for p in roster_rules.PARTY_POSTS], True)
        )

        self.status_box = QGroupBox("党籍状态")
        status_layout = QVBoxLayout(self.status_box)
        self.status_label = QLabel()
        status_layout.addWidget(self.status_label)
        self.history_list = QListWidget()
        self.history_list.setMaximumHeight(90)
        status_layout.addWidget(self.history_list)
        buttons = QHBoxLayout()
        self.leave_button = QPushButton("办理离开…")
        self.leave_button.setToolTip("转出、去世、出党、停止党籍；办理后立即生效，记录保留")
        self.leave_button.clicked.connect(self.leave)
        self.reinstate_button = QPushButton("恢复在册")
        self.reinstate_button.clicked.connect(self.reinstate)
        buttons.addWidget(self.leave_button)
        buttons.addWidget(self.reinstate_button)
        buttons.addStretch(1)
        status_layout.addLayout(buttons)
        form.addRow(self.status_box)

    def _build_contact(self) -> None:
        form = self._form_tab("联系与住址")
        self._add(form, "phone", self._line("11位手机号"))
        self._add(form, "landline", self._line("带区号，如 0572-6012345"))
        self._add(form, "address", self._line())
        self._add(form, "residence", self._line("与家庭住址相同可不填"))
        self._add(form, "hukou", self._line())
        grid = QComboBox()
        grid.addItem("（未分网格）", None)
        for g in organizations.grids(self.db):
            grid.addItem(g.name, g.id)
        self._add(form, "grid", grid)

    def _build_other(self) -> None:
        form = self._form_tab("其他")
        self._add(form, "job", self._line("如 村民、个体经营"))
        self._add(form, "is_mobile", QCheckBox("是流动党员（长期在外）"), "流动党员")
        self._add(form, "mobile_destination", self._line("如 浙江杭州"))
        self._add(form, "is_lost_contact", QCheckBox("已失去联系"), "失联党员")
        self._add(form, "lost_contact_on", DateEdit())
        note = QPlainTextEdit()
        note.setFixedHeight(90)
        self._add(form, "note", note)

    def _build_extra_tabs(self) -> None:
        for spec in EXTRA_TABS:
            module, name = spec.split(":")
            cls = getattr(importlib.import_module(module), name)
            widget = cls(self.db, self.member_id, self)
            self.extra_tabs.append(widget)
            self.tabs.addTab(widget, str(getattr(widget, "title", "") or widget.windowTitle()))

    def _fill_groups(self) -> None:
        current = self.group_combo.currentData()
        branch_id = self.branch_combo.currentData()
        self.group_combo.blockSignals(True)
        self.group_combo.clear()
        self.group_combo.addItem("（不分党小组）", None)
        for u in self._units:
            if u.kind == "党小组" and u.parent_id == branch_id:
                self.group_combo.addItem(u.name, u.id)
        index = self.group_combo.findData(current) if current else 0
        self.group_combo.setCurrentIndex(max(index, 0))
        self.group_combo.blockSignals(False)
        self._edited("group")

    # --- loading --------------------------------------------------------------------------------

    def _load(self) -> None:
        if self.member_id is None:
            draft = MemberDraft()
            branches = [u for u in self._units if u.kind == "党支部"]
            if len(branches) == 1:
                draft.branch_id = branches[0].id
            self.status_box.setVisible(False)
        else:
            self.detail = roster.get_member(self.db, self.member_id)
            draft = self.detail.draft
            self._show_status()
        f = self.fields
        for key in TEXT_FIELDS:
            f[key].setText(getattr(draft, key))
        f["note"].setPlainText(draft.note)
        for key in ("gender", "ethnicity", "education", "party_post", "category"):
            combo: QComboBox = f[key]
            value = getattr(draft, key)
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)
            elif combo.isEditable():
                combo.setEditText(value)
        f["birth_date"].setText(format_date(draft.birth_date))
        f["joined_on"].setText(format_date(draft.joined_on, draft.joined_day_unknown))
        f["confirmed_on"].setText(format_date(draft.confirmed_on, draft.confirmed_day_unknown))
        f["lost_contact_on"].setText(format_date(draft.lost_contact_on))
        f["party_age_correction"].setValue(draft.party_age_correction)
        f["is_mobile"].setChecked(draft.is_mobile)
        f["is_lost_contact"].setChecked(draft.is_lost_contact)
        self.branch_combo.setCurrentIndex(self.branch_combo.findData(draft.branch_id))
        self._fill_groups()
        self.group_combo.setCurrentIndex(max(self.group_combo.findData(draft.group_id), 0))
        f["grid"].setCurrentIndex(max(f["grid"].findData(draft.grid_id), 0))
        self.photo.set_stored(draft.photo)
        self._update_dependent()
        try:  # values that agree with the stored ID follow it when the clerk corrects the ID
            info = parse_id_number(draft.id_number)
        except ValidationError:
            return
        if draft.birth_date == info.birth_date:
            self._auto_birth = info.birth_date.isoformat()
        if draft.gender == info.gender:
            self._auto_gender = info.gender

    def _show_status(self) -> None:
        d = self.detail
        if d is None:
            return
        if d.status == roster.ACTIVE:
            self.status_label.setText("当前状态：<b>在册</b>")
        else:
            where = f"，转往{d.left_to}" if d.left_to else ""
            self.status_label.setText(f"当前状态：<b>{d.status}</b>（{format_date(d.left_on)}{where}）")
        self.history_list.clear()
        for h in d.history:
            line = f"{format_date(h.changed_on)}　{h.status}"
            if h.destination:
                line += f"，转往{h.destination}"
            if h.note:
                line += f"（{h.note}）"
            self.history_list.addItem(line)
        if not d.history:
            self.history_list.addItem("没有状态变动记录")
        self.leave_button.setEnabled(d.status == roster.ACTIVE)
        self.reinstate_button.setEnabled(d.status not in (roster.ACTIVE, "去世"))

    def _connect_edits(self) -> None:
        for key, widget in self.fields.items():
            if isinstance(widget, DateEdit):
                widget.line.textEdited.connect(lambda _t, k=key: self._edited(k))
                widget.line.textChanged.connect(lambda _t, k=key: self._schedule(k))
            elif isinstance(widget, QLineEdit):
                widget.textChanged.connect(lambda _t, k=key: self._edited(k))
            elif isinstance(widget, QComboBox):
                widget.currentIndexChanged.connect(lambda _i, k=key: self._edited(k))
                if widget.isEditable():
                    widget.editTextChanged.connect(lambda _t, k=key: self._edited(k))
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(lambda _b, k=key: self._edited(k))
            elif isinstance(widget, QSpinBox):
                widget.valueChanged.connect(lambda _v, k=key: self._edited(k))
            elif isinstance(widget, QPlainTextEdit):
                widget.textChanged.connect(lambda k=key: self._edited(k))
        self.fields["id_number"].textChanged.connect(self._id_changed)

    # --- editing and checking -------------------------------------------------------------------

    def _edited(self, key: str) -> None:
        if self._loading:
            return
        self._touched.add(key)
        self._update_dependent()
        self._timer.start()

    def _schedule(self, key: str) -> None:
        if not self._loading:
            self._touched.add(key)
            self._timer.start()

    def _id_changed(self, text: str) -> None:
        """A valid ID fills 出生日期 and 性别, unless the clerk typed something else there themselves."""
        if self._loading:
            return
        try:
            info = parse_id_number(text)
        except ValidationError:
            return
        birth, gender = self.fields["birth_date"], self.fields["gender"]
        if birth.text().strip() in ("", self._auto_birth):
            self._auto_birth = info.birth_date.isoformat()
            birth.setText(self._auto_birth)
        if gender.currentData() in ("", self._auto_gender):
            self._auto_gender = info.gender
            gender.setCurrentIndex(gender.findData(info.gender))
        self._touched.update({"birth_date", "gender"})

    def _update_dependent(self) -> None:
        f = self.fields
        f["mobile_destination"].setEnabled(f["is_mobile"].isChecked())
        f["lost_contact_on"].setEnabled(f["is_lost_contact"].isChecked())
        probationary = f["category"].currentData() == roster_rules.PROBATIONARY_MEMBER
        f["confirmed_on"].setEnabled(not probationary)
        try:
            confirmed = parse_date(f["confirmed_on"].text(), allow_month=True)
        except ValidationError:
            confirmed = None
        age = roster_rules.party_age(
            None if probationary or confirmed is None else confirmed.value,
            dt.date.today(),
            f["party_age_correction"].value(),
        )
        if probationary:
            self.party_age_label.setText("预备党员不计党龄")
        elif age is None:
            self.party_age_label.setText("填写转为正式党员日期后自动计算")
        else:
            self.party_age_label.setText(f"{age} 年（自动计算）")

    def draft(self) -> tuple[MemberDraft, list[FieldError]]:
        """The fields as a draft, plus the dates that could not be read."""
        f = self.fields
        errors: list[FieldError] = []
        d = MemberDraft()
        for key in TEXT_FIELDS:
            setattr(d, key, f[key].text())
        d.note = f["note"].toPlainText().strip()
        d.gender = f["gender"].currentData() or ""
        d.category = f["category"].currentData() or ""
        for key in ("ethnicity", "education", "party_post"):
            setattr(d, key, f[key].currentText())
        for key in ("birth_date", "joined_on", "confirmed_on", "lost_contact_on"):
            allow_month = key in ("joined_on", "confirmed_on")
            try:
                parsed = parse_date(f[key].text(), LABELS[key], key, allow_month=allow_month)
            except ValidationError as e:
                errors.extend(e.errors)
                continue
            setattr(d, key, parsed.value if parsed else None)
            if allow_month:
                setattr(d, key.replace("_on", "_day_unknown"), bool(parsed and parsed.day_unknown))
        if d.category == roster_rules.PROBATIONARY_MEMBER:
            d.confirmed_on, d.confirmed_day_unknown = None, False
        d.party_age_correction = f["party_age_correction"].value()
        d.branch_id = self.branch_combo.currentData()
        d.group_id = self.group_combo.currentData()
        d.grid_id = f["grid"].currentData()
        d.is_mobile = f["is_mobile"].isChecked()
        d.is_lost_contact = f["is_lost_contact"].isChecked()
        d.photo = self.photo.name
        return d, errors

    def validate_now(self) -> list[FieldError]:
        """Check everything; show messages next to the fields the clerk has touched, all of them below."""
        self._timer.stop()
        d, errors = self.draft()
        bad_dates = {e.field for e in errors}
        # A date that could not be read is left out of the draft; don't also report it as "missing".
        _normalised, more = roster.validate(self.db, d, self.member_id)
        errors.extend(e for e in more if e.field not in bad_dates)
        self._errors = errors
        by_field: dict[str, list[str]] = {}
        for e in errors:
            by_field.setdefault(e.field, []).append(e.message)
        for key, label in self.error_labels.items():
            text = "；".join(by_field.get(key, [])) if key in self._touched else ""
            label.setText(text)
            label.setVisible(bool(text))
        self.save_button.setEnabled(not errors)
        if errors:
            found = list(dict.fromkeys(e.message for e in errors))
            # one wrapped paragraph, at most SUMMARY_LINES problems: at 150 % a list squeezes the tab above it
            rest = f"……另有 {len(found) - SUMMARY_LINES} 处" if len(found) > SUMMARY_LINES else ""
            self.summary.setText(
                f"还有 {len(found)} 处需要填写或更正：" + "；".join(found[:SUMMARY_LINES]) + rest
            )
        else:
            self.summary.setText("")
        self.summary.setVisible(bool(errors))  # no empty line above 保存 when all is well
        return errors

    def errors(self) -> list[FieldError]:
        return list(self._errors)

    # --- photo ----------------------------------------------------------------------------------

    def set_photo_file(self, path: Path) -> bool:
        """Shrink the chosen picture now (to show it); it is written to the photos folder only on 保存."""
        return self.photo.set_file(path)

    # --- saving ---------------------------------------------------------------------------------

    def save(self) -> None:
        self._touched.update(self.fields)
        if self.validate_now():
            return
        d, _ = self.draft()
        stored: Path | None = None
        try:
            if self.photo.new_jpeg is not None:
                d.photo = photos.store_photo(self.db, self.photo.new_jpeg)
                stored = self.db.data_dir.photos / d.photo
            if self.member_id is None:
                self.member_id = roster.add_member(self.db, d)
            else:
                roster.update_member(self.db, self.member_id, d, self.detail.version if self.detail else None)
        except StaleRecord as exc:
            if stored is not None:
                stored.unlink(missing_ok=True)
            if messages.stale(self, str(exc)):
                self.reload()
            return
        except UserError as exc:
            if stored is not None:
                stored.unlink(missing_ok=True)  # nothing refers to it: the save did not happen
            if isinstance(exc, ValidationError):
                self._errors = exc.errors
            messages.warn(self, str(exc))
            return
        self.changed = True
        for tab in self.extra_tabs:
            saver = getattr(tab, "save", None)
            if callable(saver):
                try:
                    saver(self.member_id)
                except UserError as exc:
                    messages.warn(
                        self,
                        f"党员信息已保存，但“{getattr(tab, 'title', '') or tab.windowTitle()}”没有保存：{exc}",
                    )
                    return
        self.accept()

    def reload(self) -> None:
        """刷新 after another clerk's save: their values and version; what was typed here is dropped."""
        self._loading = True
        try:
            self._load()
        finally:
            self._loading = False
        self._touched.clear()
        self.photo.new_jpeg = None
        self.validate_now()

    def reject(self) -> None:
        """Esc, 取消 or closing the window: ask before throwing away what was typed (default 继续编辑)."""
        if self._touched and not messages.ask_discard(self):
            return
        super().reject()

    # --- status ---------------------------------------------------------------------------------

    def leave(self) -> None:
        if self.member_id is None:
            return
        dialog = LeaveDialog(self.db, self.member_id, self.fields["name"].text(), self)
        if dialog.exec():
            self.changed = True
            self.detail = roster.get_member(self.db, self.member_id)
            self._show_status()

    def reinstate(self) -> None:
        if self.member_id is None:
            return
        name = self.fields["name"].text()
        if not messages.confirm(
            self, f"把{name}恢复为在册党员？\n日期记为今天，原来的离开记录会保留。", "恢复在册"
        ):
            return
        member_id = self.member_id
        if not attempt_ok(self, lambda: roster.reinstate_member(self.db, member_id, dt.date.today())):
            return
        self.changed = True
        self.detail = roster.get_member(self.db, self.member_id)
        self._show_status()
