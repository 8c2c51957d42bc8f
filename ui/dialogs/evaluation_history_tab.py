"""Member editor tab 闪光言行与星级: a member's quarters (stars or exemption, board line, 点评), deeds and honours
(先锋评选's 表彰); read-only."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.domain.stars import MAX_LEVEL
from app.services import evaluations, recognition
from app.services.store import Database


def stars_text(level: int | None) -> str:
    return "未评" if level is None else ("★" * level + "☆" * (MAX_LEVEL - level) + f"（{level} 星）")


class EvaluationHistoryTab(QWidget):
    title = "闪光言行与星级"

    def __init__(self, db: Database, member_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["季度 / 日期", "星级 / 事迹", "公示理由 / 点评 / 类别"])
        self.tree.setColumnWidth(0, 210)
        self.tree.setColumnWidth(1, 260)
        self.tree.setWordWrap(True)
        layout.addWidget(self.tree, 1)
        self.load(member_id)

    def load(self, member_id: str | None) -> None:
        self.tree.clear()
        if member_id is None:
            self.note.setText("保存这名党员后，这里会显示各季度的闪光言行和星级。")
            return
        history = evaluations.member_history(self.db, member_id)
        badges = recognition.badges(self.db, {member_id}).get(member_id, [])
        honours = "".join(f"\n荣誉：{b.title}（{b.campaign}）" for b in badges)  # 先锋评选's 表彰 (issue 19)
        if not history:
            self.note.setText("还没有这名党员的考评记录（开启季度后在“星级评定”页登记）。" + honours)
            return
        rated = [h.level for h in history if h.level is not None]
        five = sum(1 for level in rated if level == MAX_LEVEL)
        self.note.setText(
            f"共 {len(history)} 个季度，评星 {len(rated)} 次，其中五星 {five} 次。只读，修改请到“星级评定”页。"
            + honours
        )
        for h in history:
            shown = f"只挂牌不参评（{h.exempt_reason}）" if h.exempt else stars_text(h.level)
            extra = "；".join(x for x in (h.reason, f"点评：{h.comment}" if h.comment else "") if x)
            status = "" if h.status == "closed" else "（考评中）"
            item = QTreeWidgetItem([h.label + status, shown, extra])
            for d in h.deeds:
                QTreeWidgetItem(item, [d.date.isoformat(), d.text, f"{d.category} · {d.source}"])
            if not h.deeds:
                QTreeWidgetItem(item, ["", "（没有闪光言行记录）", ""])
            self.tree.addTopLevelItem(item)
        first = self.tree.topLevelItem(0)
        if first is not None:
            first.setExpanded(True)
