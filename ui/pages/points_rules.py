"""积分规则 tab of the 积分管理 page: tiers and base points, indicators, grade and star bands, carry-over."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain import points as rules
from app.services import organizations, points as pts
from app.services.store import Database
from ui import messages
from ui.dialogs.points_dialogs import IndicatorDialog
from ui.kit.export import export_button
from ui.kit.page import attempt, attempt_ok
from ui.kit.records import Column, RecordModel, fit_width, table_view


class RulesHost(Protocol):
    """What the rules tab needs from its page: the branch chosen, and reloading after a change."""

    branch_combo: QComboBox

    def refresh(self) -> None: ...

    def reload(self) -> None: ...


def pick_rule_set(db: Database, year: int, branch_id: str | None) -> pts.RuleSetRow | None:
    """The rules in force for the chosen branch (its own, else the top organisation's)."""
    sets = pts.rule_sets(db, year)
    by_org = {rs.organization_id: rs for rs in sets}
    if branch_id in by_org:
        return by_org[branch_id]
    top = organizations.root(db)
    if top is not None and top.id in by_org:
        return by_org[top.id]
    return sets[0] if sets else None


class RulesEditor(QWidget):
    """积分规则 for a year: tiers with base points, indicators, grade and star bands, carry-over."""

    def __init__(self, db: Database, page: RulesHost) -> None:
        super().__init__()
        self.db = db
        self.page = page
        self.rs: pts.RuleSetRow | None = None
        self.year = dt.date.today().year
        v = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        top.addWidget(self.title)
        top.addStretch(1)
        self.preset_button = QPushButton("用预设建立本年规则")
        self.preset_button.clicked.connect(self.create_preset)
        top.addWidget(self.preset_button)
        self.copy_button = QPushButton("复制上一年规则")
        self.copy_button.clicked.connect(self.copy_last)
        top.addWidget(self.copy_button)
        v.addLayout(top)

        body = QHBoxLayout()
        v.addLayout(body, 1)
        left = QVBoxLayout()
        body.addLayout(left, 1)
        tiers_box = QGroupBox("层次与基础分（双击修改名称、基础分；双击“只挂牌不参评”切换）")
        tl = QVBoxLayout(tiers_box)
        self.tier_model: RecordModel[pts.TierRow] = RecordModel(
            [
                Column(
                    "层次",
                    lambda t: t.name + ("（已停用）" if t.kind == pts.RETIRED_TIER else ""),
                    edit_value=lambda t: t.name,
                ),
                Column(
                    "基础分", lambda t: str(t.base_points), numeric=True, edit_value=lambda t: t.base_points
                ),
                Column("只挂牌不参评", lambda t: "是" if t.is_exempt else "否"),
            ],
            self,
        )
        self.tier_model.on_edit = self._edit_tier
        self.tier_view = table_view(self.tier_model, stretch=0)
        self.tier_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.tier_view.doubleClicked.connect(self._toggle_exempt)
        self.tier_view.setFixedHeight(26 * 4 + self.tier_view.horizontalHeader().sizeHint().height() + 4)
        tl.addWidget(self.tier_view)
        tier_buttons = QHBoxLayout()
        self.add_tier_button = QPushButton("新增层次…")
        self.add_tier_button.clicked.connect(self.add_tier)
        self.retire_tier_button = QPushButton("停用层次")
        self.retire_tier_button.setToolTip("停用选中的层次：往年的规则不变；单独分在这一层次的党员要先调走")
        self.retire_tier_button.clicked.connect(self.retire_tier)
        tier_buttons.addWidget(self.add_tier_button)
        tier_buttons.addWidget(self.retire_tier_button)
        self.export_tiers = export_button(self, db, self.tier_view, lambda: f"{self.year}年党员层次")
        tier_buttons.addWidget(self.export_tiers)
        tier_buttons.addStretch(1)
        tl.addLayout(tier_buttons)
        left.addWidget(tiers_box)

        bands_box = QGroupBox("等次、积分星档分数线与结转")
        # Grades and stars side by side: stacked, the eleven rows made the page too tall for a 768-px screen.
        grid = QGridLayout(bands_box)
        self.grade_spins: dict[str, QSpinBox] = {}
        for line, g in enumerate(("优秀", "合格", "基本合格")):
            spin = QSpinBox()
            spin.setRange(0, 1000)
            spin.setSuffix(" 分及以上")
            self.grade_spins[g] = spin
            grid.addWidget(QLabel(g), line, 0)
            grid.addWidget(spin, line, 1)
        below = QLabel("低于基本合格线\n为不合格")
        below.setStyleSheet("color: #666")
        grid.addWidget(below, 3, 0, 2, 2)
        self.star_spins: dict[int, QSpinBox] = {}
        for line, stars in enumerate((5, 4, 3, 2, 1)):
            spin = QSpinBox()
            spin.setRange(0, 1000)
            spin.setSuffix(" 分及以上")
            self.star_spins[stars] = spin
            grid.addWidget(QLabel(rules.star_band_text(stars)), line, 2)
            grid.addWidget(spin, line, 3)
        self.carry = QSpinBox()
        self.carry.setRange(0, 100)
        self.carry.setSuffix(" %")
        self.carry.setSpecialValueText("不结转（用层次基础分）")
        self.carry.setToolTip("下一年基础分 = 上一年总分 × 这个比例（如 20%）")
        grid.addWidget(QLabel("基础分结转"), 5, 0)
        grid.addWidget(self.carry, 5, 1)
        self.save_bands = QPushButton("保存分数线")
        self.save_bands.clicked.connect(self.store_bands)
        grid.addWidget(self.save_bands, 5, 3)
        left.addWidget(bands_box)
        left.addStretch(1)

        right = QVBoxLayout()
        body.addLayout(right, 2)
        ind_box = QGroupBox("指标（双击修改）")
        il = QVBoxLayout(ind_box)
        self.ind_model: RecordModel[pts.IndicatorRow] = RecordModel(
            [
                Column("类别", lambda i: i.category),
                Column("指标", lambda i: i.name + ("（停用）" if not i.active else "")),
                Column("分值/次", lambda i: f"{i.points:+d}", numeric=True),
                Column(
                    "年度上限",
                    lambda i: f"{i.annual_cap} 分" if i.annual_cap is not None else "不限",
                    numeric=True,
                ),
                Column("适用层次", lambda i: "、".join(i.tier_names) or "全部"),
                Column("承诺兑现记分", lambda i: "是" if i.awards_commitments else ""),
            ],
            self,
        )
        self.ind_view = table_view(self.ind_model, fit=False)
        # 指标 takes the spare width; at 150 % 承诺兑现记分 and 适用层次 give way (双击 shows them all)
        samples = {0: "基础", 2: "+10", 3: "100 分", 4: "骨干类、普通类", 5: "是"}
        fit_width(self.ind_view, 1, samples, drop=(5, 4), min_chars=5)
        self.ind_view.doubleClicked.connect(lambda idx: self.edit_indicator(self.ind_model.row_at(idx.row())))
        il.addWidget(self.ind_view, 1)
        row = QHBoxLayout()
        self.add_indicator = QPushButton("新增指标…")
        self.add_indicator.clicked.connect(lambda: self.edit_indicator(None))
        row.addWidget(self.add_indicator)
        self.export_indicators = export_button(self, db, self.ind_view, lambda: f"{self.year}年积分指标")
        row.addWidget(self.export_indicators)
        row.addStretch(1)
        il.addLayout(row)
        right.addWidget(ind_box, 1)

    def load(self, year: int) -> None:
        self.year = year
        self.rs = pick_rule_set(self.db, year, self.page.branch_combo.currentData())
        has = self.rs is not None
        self.preset_button.setVisible(not has)
        self.copy_button.setVisible(not has)
        self.copy_button.setEnabled(bool(pts.rule_sets(self.db, year - 1)))
        spins: list[QWidget] = [*self.grade_spins.values(), *self.star_spins.values()]
        for w in (
            self.tier_view,
            self.ind_view,
            self.save_bands,
            self.carry,
            self.add_indicator,
            self.add_tier_button,
            self.retire_tier_button,
            *spins,
        ):
            w.setEnabled(has)
        if self.rs is None:
            self.title.setText(f"{year}年还没有积分规则")
            self.tier_model.set_rows([])
            self.ind_model.set_rows([])
            for m, g in rules.PRESET_GRADE_BANDS:  # what the preset would give, greyed out
                self.grade_spins[g].setValue(m)
            for m, s in rules.PRESET_STAR_BANDS:
                self.star_spins[s].setValue(m)
            return
        self.title.setText(f"{self.rs.name}（{self.rs.organization_name}）")
        self.tier_model.set_rows(list(self.rs.tiers))
        self.ind_model.set_rows(list(self.rs.indicators))
        grade_min = {g: m for m, g in self.rs.grade_bands}
        for g, spin in self.grade_spins.items():
            spin.setValue(grade_min.get(g, 0))
        star_min = {s: m for m, s in self.rs.star_bands}
        for s, spin in self.star_spins.items():
            spin.setValue(star_min.get(s, 0))
        self.carry.setValue(self.rs.carry_over_percent or 0)

    def unsaved_bands(self) -> bool:
        """Score lines or the carry-over changed on screen, 保存分数线 not pressed yet (issue 21)."""
        if self.rs is None:
            return False
        grade_min = {g: m for m, g in self.rs.grade_bands}
        star_min = {s: m for m, s in self.rs.star_bands}
        return (
            any(spin.value() != grade_min.get(g, 0) for g, spin in self.grade_spins.items())
            or any(spin.value() != star_min.get(s, 0) for s, spin in self.star_spins.items())
            or self.carry.value() != (self.rs.carry_over_percent or 0)
        )

    def add_tier(self) -> None:
        if self.rs is None:
            return
        rs = self.rs
        name, ok = QInputDialog.getText(
            self, "新增层次", f"{rs.year}年新增的层次名称（党员在“积分手册”里逐个分入）："
        )
        if ok and attempt_ok(self, lambda: pts.add_tier(self.db, rs.id, name)):
            self.load(self.year)

    def retire_tier(self) -> None:
        index = self.tier_view.currentIndex()
        tier = self.tier_model.row_at(index.row()) if index.isValid() else None
        if tier is None:
            messages.warn(self, "请先选中要停用的层次")
            return
        if messages.confirm(self, f"停用层次“{tier.name}”？往年的规则不变。", "停用") and attempt_ok(
            self, lambda: pts.retire_tier(self.db, tier.id)
        ):
            self.load(self.year)

    def _reload_all(self) -> None:
        self.page.refresh()

    def create_preset(self) -> None:
        if attempt(self, lambda: pts.create_preset(self.db, self.year)) is not None:
            self._reload_all()

    def copy_last(self) -> None:
        if attempt_ok(self, lambda: pts.copy_rule_set(self.db, self.year - 1, self.year)):
            self._reload_all()

    def _edit_tier(self, tier: pts.TierRow, column: int, value: Any) -> bool:
        if column == 0:
            saved = attempt_ok(self, lambda: pts.update_tier(self.db, tier.id, name=str(value)))
        elif column == 1:
            try:
                base = int(value)
            except ValueError as exc:
                messages.warn(self, str(exc))
                return False
            saved = attempt_ok(self, lambda: pts.update_tier(self.db, tier.id, base_points=base))
        else:
            return False
        if not saved:
            return False
        self.load(self.year)
        self.page.reload()
        return True

    def _toggle_exempt(self, index: Any) -> None:
        if index.column() != 2 or self.rs is None:
            return
        tier = self.tier_model.row_at(index.row())
        if tier is None:
            return
        pts.update_tier(self.db, tier.id, is_exempt=not tier.is_exempt)
        self.load(self.year)
        self.page.reload()

    def store_bands(self) -> None:
        if self.rs is None:
            return
        grades = [(spin.value(), g) for g, spin in self.grade_spins.items()]
        stars = [(spin.value(), s) for s, spin in self.star_spins.items()]
        rule_set_id, carry = self.rs.id, self.carry.value() or None
        if not attempt_ok(
            self,
            lambda: pts.update_rule_set(
                self.db, rule_set_id, grade_bands=grades, star_bands=stars, carry_over_percent=carry
            ),
        ):
            return
        messages.info(self, "分数线已保存，等次和积分星档按新分数线重新计算。")
        self.load(self.year)
        self.page.reload()

    def edit_indicator(self, ind: pts.IndicatorRow | None) -> None:
        if self.rs is None:
            return
        dialog = IndicatorDialog(self.rs, ind, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        rule_set_id, values = self.rs.id, dialog.values()
        if not attempt_ok(
            self,
            lambda: pts.save_indicator(self.db, rule_set_id, indicator_id=ind.id if ind else None, **values),
        ):
            return
        self.load(self.year)
        self.page.reload()
