"""服务群众 settings: household tags, request categories, deadlines per urgency, the pairing target, and whether
the 联户公示牌 hides the heads' names."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox, QWidget

from app.domain.errors import ValidationError
from app.services.residents import common
from app.services.store import Database
from ui.dialogs.service_dialogs import FormDialog

SEP = "、"


class ServiceSettingsDialog(FormDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__("服务群众设置", parent)
        self.db = db
        conf = common.get_settings(db)
        self.tags = QLineEdit(SEP.join(conf.household_tags))
        self.categories = QLineEdit(SEP.join(conf.categories))
        self.deadlines = QLineEdit(SEP.join(f"{k}={v}" for k, v in conf.deadlines.items()))
        self.deadlines.setToolTip("紧急程度=办理期限天数，用顿号分隔，如 一般=15、紧急=3、特急=1")
        self.low, self.high = QSpinBox(), QSpinBox()
        for box, value in ((self.low, conf.pairing_target[0]), (self.high, conf.pairing_target[1])):
            box.setRange(0, 100)
            box.setSuffix(" 户")
            box.setValue(value)
        self.hide_names = QCheckBox("联户公示牌只印地址，不印户主姓名")
        self.hide_names.setChecked(conf.hide_household_names)
        for label, widget in (
            ("住户标签", self.tags),
            ("求助类别", self.categories),
            ("办理期限", self.deadlines),
            ("每名党员最少联系", self.low),
            ("最多联系", self.high),
            ("", self.hide_names),
        ):
            self.form.addRow(label, widget)
        self.resize(480, 280)
        self.save = self._save

    def _save(self) -> None:
        deadlines: dict[str, int] = {}
        for part in filter(None, (p.strip() for p in self.deadlines.text().split(SEP))):
            name, _, days = part.partition("=")
            if not days.strip().isdigit():
                raise ValidationError(f"办理期限“{part}”要写成 一般=15 这样", field="deadlines")
            deadlines[name.strip()] = int(days)
        common.save_settings(
            self.db,
            common.ServiceSettings(
                household_tags=tuple(t.strip() for t in self.tags.text().split(SEP) if t.strip()),
                categories=tuple(c.strip() for c in self.categories.text().split(SEP) if c.strip()),
                deadlines=deadlines,
                pairing_target=(self.low.value(), self.high.value()),
                hide_household_names=self.hide_names.isChecked(),
            ),
        )
