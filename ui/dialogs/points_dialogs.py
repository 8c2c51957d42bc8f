"""Dialogs of the 积分管理 page: 记一条积分 for one member, and adding or changing an indicator."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from app.domain import points as rules
from app.services import points as pts
from ui.dialogs import ok_cancel_buttons
from ui.kit.dates import date_edit, set_year_range
from ui.kit.guard import EditGuard, GuardedDialog


class EntryDialog(GuardedDialog):
    """记一条积分 for one member: indicator, date, times, note."""

    def __init__(
        self, rule_set: pts.RuleSetRow, member_name: str, today: dt.date, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"为{member_name}记积分")
        form = QFormLayout(self)
        self.indicator = QComboBox()
        for i in rule_set.indicators:
            if i.active:
                cap = f"，年度上限 {i.annual_cap} 分" if i.annual_cap is not None else ""
                self.indicator.addItem(f"{i.category}｜{i.name}（{i.points:+d}/次{cap}）", i.name)
        form.addRow("指标", self.indicator)
        self.date = date_edit(min(today, dt.date(rule_set.year, 12, 31)))
        set_year_range(self.date, rule_set.year)
        form.addRow("日期", self.date)
        self.times = QSpinBox()
        self.times.setRange(1, 99)
        form.addRow("次数", self.times)
        self.note = QLineEdit()
        self.note.setPlaceholderText("说明或佐证，如 7月主题党日")
        form.addRow("说明", self.note)
        self.reason = QLabel()
        form.addRow(self.reason)
        buttons = ok_cancel_buttons(self, "记分")
        form.addRow(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.guard = EditGuard(self, self.ok, self.reason, self._why_not)
        self.guard.watch(self.indicator, self.date, self.times, self.note).recheck()

    def _why_not(self) -> str:
        return "" if self.indicator.currentData() else "这一年的规则里没有启用的指标：先在“积分规则”里添加"


class IndicatorDialog(GuardedDialog):
    """新增指标 / 修改指标: category, name, points per time, annual cap, the tiers it applies to."""

    def __init__(self, rs: pts.RuleSetRow, ind: pts.IndicatorRow | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("修改指标" if ind else "新增指标")
        form = QFormLayout(self)
        self.category = QComboBox()
        self.category.addItems(list(rules.CATEGORIES))
        form.addRow("类别", self.category)
        self.name = QLineEdit()
        form.addRow("指标名称", self.name)
        self.points = QSpinBox()
        self.points.setRange(-100, 100)
        form.addRow("每次分值", self.points)
        self.cap = QSpinBox()
        self.cap.setRange(0, 1000)
        self.cap.setSpecialValueText("不限")
        self.cap.setSuffix(" 分")
        form.addRow("年度上限", self.cap)
        self.tier_checks: list[tuple[QCheckBox, str]] = []
        tiers = QHBoxLayout()
        for t in rs.tiers:
            box = QCheckBox(t.name)
            box.setChecked(ind is None or not ind.tier_ids or t.id in ind.tier_ids)
            tiers.addWidget(box)
            self.tier_checks.append((box, t.id))
        form.addRow("适用层次", tiers)
        self.awards = QCheckBox("承诺兑现时自动按此指标记分")
        form.addRow("", self.awards)
        self.active = QCheckBox("启用")
        self.active.setChecked(True)
        form.addRow("", self.active)
        if ind is not None:
            self.category.setCurrentText(ind.category)
            self.name.setText(ind.name)
            self.points.setValue(ind.points)
            self.cap.setValue(ind.annual_cap or 0)
            self.awards.setChecked(ind.awards_commitments)
            self.active.setChecked(ind.active)
        else:
            self.points.setValue(1)
        self.reason = QLabel()
        form.addRow(self.reason)
        buttons = ok_cancel_buttons(self, "保存")
        form.addRow(buttons)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.guard = EditGuard(self, self.ok, self.reason, self._why_not)
        self.guard.watch(self.category, self.name, self.points, self.cap, self.awards, self.active)
        for box, _tid in self.tier_checks:
            self.guard.watch(box)
        self.guard.recheck()

    def _why_not(self) -> str:
        if not self.name.text().strip():
            return "请填写指标名称"
        if self.points.value() == 0:
            return "每次分值不能是 0"
        if not any(box.isChecked() for box, _tid in self.tier_checks):
            return "至少选一个适用层次"
        return ""

    def values(self) -> dict[str, Any]:
        chosen = [tid for box, tid in self.tier_checks if box.isChecked()]
        return {
            "category": self.category.currentText(),
            "name": self.name.text(),
            "points": self.points.value(),
            "annual_cap": self.cap.value() or None,
            "tier_ids": [] if len(chosen) == len(self.tier_checks) else chosen,
            "awards_commitments": self.awards.isChecked(),
            "active": self.active.isChecked(),
        }
