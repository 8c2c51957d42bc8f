"""设置: the organisation's name, the names printed on boards, default paper, backup folder and automatic backup."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserError, ValidationError
from app.services import organizations, preferences
from app.services.preferences import Preferences
from app.services.store import Database
from ui.dialogs import plain_buttons
from ui.kit.guard import EditGuard, GuardedDialog
from ui.screen_fit import resize_to_fit


class SettingsDialog(GuardedDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("设置")
        prefs = preferences.load(db)
        self._root = organizations.root(db)

        self.org_name = QLineEdit(self._root.name if self._root else "")
        self.org_name.setEnabled(self._root is not None)
        self.issuer = QLineEdit(prefs.board_issuer)
        self.issuer.setPlaceholderText("不填则用组织名称，例如：中共丁新村总支部委员会")
        self.secretary = QLineEdit(prefs.board_secretary)
        self.secretary.setPlaceholderText("不填则不印姓名")
        self.phone = QLineEdit(prefs.board_contact_phone)
        self.phone.setPlaceholderText("例如 0858-1234567")
        self.paper = QComboBox()
        self.paper.addItems(list(preferences.PAPER_SIZES))
        self.paper.setCurrentText(prefs.default_paper)
        self.backup_target = QLineEdit(prefs.backup_target)
        self.backup_target.setPlaceholderText("例如U盘上的文件夹；不填则只备份到数据目录")
        choose = QPushButton("选择…")
        choose.clicked.connect(self.choose_backup_target)
        self.auto_backup = QCheckBox("自动备份（关闭程序时和每天一次，数据有改动才备份）")
        self.auto_backup.setChecked(prefs.auto_backup_enabled)

        org_box = QGroupBox("组织")
        org_form = QFormLayout(org_box)
        org_form.addRow("组织名称：", self.org_name)
        self.clerk = QLineEdit(prefs.clerk_name)
        self.clerk.setPlaceholderText(f"不填则用电脑登录名（{db.actor}）")
        self.clerk.setToolTip("修改记录里的评定人、记录人")
        org_form.addRow("文书姓名：", self.clerk)

        board_box = QGroupBox("公示栏上印的内容")
        board_form = QFormLayout(board_box)
        board_form.addRow("落款单位：", self.issuer)
        board_form.addRow("书记姓名：", self.secretary)
        board_form.addRow("异议联系电话：", self.phone)
        board_form.addRow("默认纸张：", self.paper)

        backup_box = QGroupBox("备份")
        backup_form = QFormLayout(backup_box)
        target_row = QHBoxLayout()
        target_row.addWidget(self.backup_target, 1)
        target_row.addWidget(choose)
        backup_form.addRow("同时备份到：", target_row)
        backup_form.addRow("", self.auto_backup)

        for form in (org_form, board_form, backup_form):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        for box in (org_box, board_box, backup_box):
            content_layout.addWidget(box)
        content_layout.addStretch(1)
        # Scrolls when the screen is small (1366×768 at 150 % leaves about 910×512 points).
        scroll = QScrollArea()
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)

        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        plain_buttons(buttons)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        resize_to_fit(self, 580, 470)
        self._fields: dict[str, QWidget] = {
            "name": self.org_name,
            preferences.BOARD_ISSUER: self.issuer,
            preferences.BOARD_SECRETARY: self.secretary,
            preferences.BOARD_CONTACT_PHONE: self.phone,
            preferences.DEFAULT_PAPER: self.paper,
            preferences.BACKUP_TARGET: self.backup_target,
            preferences.CLERK_NAME: self.clerk,
        }
        # 保存 grey, with the reason in the red line, while something must be fixed; Esc asks before discarding.
        self.guard = EditGuard(
            self, buttons.button(QDialogButtonBox.StandardButton.Save), self.error, self._why_not
        )
        self.guard.watch(self.org_name, self.clerk, self.issuer, self.secretary, self.phone, self.paper)
        self.guard.watch(self.backup_target, self.auto_backup).recheck()

    def _why_not(self) -> str:
        if self._root is not None and not self.org_name.text().strip():
            return "请填写组织名称"
        try:
            preferences.validate(self.preferences())
        except UserError as exc:
            return str(exc)
        return ""

    def choose_backup_target(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "选择备份文件夹（例如U盘）", self.backup_target.text()
        )
        if folder:
            self.backup_target.setText(folder)

    def preferences(self) -> Preferences:
        return Preferences(
            board_issuer=self.issuer.text(),
            board_secretary=self.secretary.text(),
            board_contact_phone=self.phone.text(),
            default_paper=self.paper.currentText(),
            backup_target=self.backup_target.text(),
            auto_backup_enabled=self.auto_backup.isChecked(),
            clerk_name=self.clerk.text(),
        )

    def show_error(self, error: UserError) -> None:
        self.error.setText(str(error))
        self.error.show()
        field = error.errors[0].field if isinstance(error, ValidationError) and error.errors else None
        widget = self._fields.get(field or "")
        if widget is not None:
            widget.setFocus()

    def save(self) -> None:
        try:
            # Check everything before changing anything, so a bad phone number does not leave a renamed unit.
            prefs = preferences.validate(self.preferences())
            if self._root is not None and self.org_name.text().strip() != self._root.name:
                organizations.rename_unit(self.db, self._root.id, self.org_name.text())
            preferences.save(self.db, prefs)
        except UserError as exc:
            self.show_error(exc)
            return
        self.accept()
