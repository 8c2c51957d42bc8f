"""评星设置: the organisation's choices for the star rating (stored with the database, audited)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QWidget

from app.services import evaluations
from ui.dialogs import plain_buttons
from ui.kit.guard import EditGuard, GuardedDialog


class EvaluationSettingsDialog(GuardedDialog):
    """The organisation's choices for the star rating (stored with the database, audited)."""

    def __init__(self, conf: evaluations.EvaluationSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("评星设置")
        form = QFormLayout(self)
        self.probationary = QCheckBox("预备党员参加评星")
        self.probationary.setChecked(conf.include_probationary)
        form.addRow(self.probationary)
        self.mobile = QCheckBox("流动党员参加评星")
        self.mobile.setChecked(conf.include_mobile)
        form.addRow(self.mobile)
        self.age = QSpinBox()
        self.age.setRange(49, 100)
        self.age.setSpecialValueText("不自动")  # the minimum (49) means: no automatic exemption by age
        self.age.setSuffix(" 岁以上")
        self.age.setValue(conf.exempt_age if conf.exempt_age is not None else 49)
        form.addRow("自动只挂牌不参评", self.age)
        self.categories = QLineEdit("、".join(conf.categories))
        self.categories.setToolTip("用顿号分开，如 工作、生活、服务群众、志愿服务、其他")
        # wide enough to read every category (it was 100 points wide, showing "、志愿服务、其他"), start at the first
        room = self.categories.fontMetrics().horizontalAdvance(self.categories.text() + "、服务群众") + 16
        self.categories.setMinimumWidth(min(max(room, 260), 560))
        self.categories.setCursorPosition(0)
        form.addRow("事迹类别", self.categories)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        plain_buttons(buttons)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reason = QLabel()
        form.addRow(self.reason)
        form.addRow(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.guard = EditGuard(self, self.ok, self.reason, self._why_not)
        self.guard.watch(self.probationary, self.mobile, self.age, self.categories).recheck()

    def _why_not(self) -> str:
        return "" if self.value().categories else "至少写一个事迹类别，如 工作、生活、服务群众"

    def value(self) -> evaluations.EvaluationSettings:
        text = self.categories.text().replace("，", "、").replace(",", "、")
        return evaluations.EvaluationSettings(
            include_probationary=self.probationary.isChecked(),
            include_mobile=self.mobile.isChecked(),
            exempt_age=None if self.age.value() == self.age.minimum() else self.age.value(),
            categories=tuple(c.strip() for c in text.split("、") if c.strip()),
        )
