"""五亮 tab of the member editor: 岗位、区域、职责、服务事项、公示电话; 亮承诺 shown from this year's commitments."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.services import wuliang
from app.services.store import Database


class WuliangTab(QWidget):
    """Made as WuliangTab(db, member_id | None, parent); ``save(member_id)`` runs after the member is saved."""

    title = "五亮"

    def __init__(self, db: Database, member_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.member_id = member_id
        year = dt.date.today().year
        form = QFormLayout(self)
        self.identity = QLabel()
        self.identity.setWordWrap(True)
        form.addRow("亮身份", self.identity)
        self.post = QComboBox()
        self.post.setEditable(True)
        self.post.addItems(["", *wuliang.POSTS])
        edit = self.post.lineEdit()
        assert edit is not None
        edit.setPlaceholderText("如 党员先锋岗、党员示范岗")
        form.addRow("岗位", self.post)
        self.grid = QLabel()
        form.addRow("网格", self.grid)
        self.area = QLineEdit()
        self.area.setPlaceholderText("包干区域，如 丁家桥片 1–20 号")
        form.addRow("亮区域", self.area)
        self.duties = QPlainTextEdit()
        self.duties.setTabChangesFocus(True)
        self.duties.setPlaceholderText("亮职责：联系群众、政策宣传、矛盾调解……")
        self.duties.setMaximumHeight(70)
        form.addRow("亮职责", self.duties)
        self.commitments = QLabel()
        self.commitments.setWordWrap(True)
        self.commitments.setStyleSheet("color: #333;")
        form.addRow(f"亮承诺（{year} 年）", self.commitments)
        self.services = QPlainTextEdit()
        self.services.setTabChangesFocus(True)
        self.services.setPlaceholderText("亮服务：代办代跑、政策咨询、关爱老人……")
        self.services.setMaximumHeight(70)
        form.addRow("亮服务", self.services)
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("留空则用花名册里的手机号")
        form.addRow("公示电话", self.phone)
        self.show_phone = QCheckBox("在五亮公示牌上印电话")
        self.show_phone.setChecked(True)
        self.show_phone.toggled.connect(self.phone.setEnabled)
        form.addRow("", self.show_phone)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        form.addRow("", self.error)
        if member_id:
            view = wuliang.get_profile(db, member_id, year)
            self.identity.setText("　".join(x for x in (view.name, view.party_post) if x))
            self.post.setCurrentText(view.draft.post)
            self.grid.setText(view.grid or "（未分网格）")
            self.area.setText(view.draft.area)
            self.duties.setPlainText(view.draft.duties)
            self.services.setPlainText(view.draft.services)
            self.phone.setText(view.draft.contact_phone)
            self.show_phone.setChecked(view.draft.show_phone)
            self.commitments.setText(
                "\n".join(f"· {c}" for c in view.commitments)
                or "（本年度还没有公示的承诺，在“公开承诺”页登记）"
            )
        else:
            self.identity.setText("（保存党员后显示）")
            self.commitments.setText("（在“公开承诺”页登记）")

    def draft(self) -> wuliang.WuliangDraft:
        return wuliang.WuliangDraft(
            post=self.post.currentText(),
            area=self.area.text(),
            duties=self.duties.toPlainText(),
            services=self.services.toPlainText(),
            contact_phone=self.phone.text(),
            show_phone=self.show_phone.isChecked(),
        )

    def save(self, member_id: str) -> None:
        """Raises ValidationError (Chinese) when the phone to print is not a phone number."""
        wuliang.save_profile(self.db, member_id, self.draft())
