"""First run on an empty data folder: name the organisation and the clerk, or load a demo village; and the
first screen when the database cannot be opened at all: restore a backup over it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import demo
from app.domain.disk_errors import os_error_words
from app.domain.errors import UserError
from app.paths import demo_folder
from app.services import backup as backups, organizations, preferences
from app.services.store import Database, open_database
from ui import messages
from ui.screen_fit import resize_to_fit


class FirstRunDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle("欢迎使用先锋榜")
        layout = QVBoxLayout(self)
        # A township's server (issue 21): the data is shared, its top is the township's 党委, and a demo
        # village would land in everyone's database — so no demo button there (the CLI `demo` still can).
        where = (
            "数据保存在服务器上的数据库里，几位文书可以同时使用。"
            if db.on_server
            else "所有数据只保存在这台电脑上。"
        )
        intro = QLabel(
            "<h2>欢迎使用先锋榜</h2>"
            "<p>先锋榜帮助村、社区党组织管理花名册、公开承诺、闪光言行星级评定和积分，"
            f"并打印公示栏。{where}</p>"
            "<p>第一次使用，请填写本组织的名称和您的姓名：</p>"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText("例如：仓前镇党委" if db.on_server else "例如：丁新村党总支")
        self.kind = QComboBox()
        self.kind.addItems(list(organizations.TOP_KINDS))
        self.kind.setCurrentText("党委" if db.on_server else "党总支")
        self.clerk = QLineEdit()
        self.clerk.setPlaceholderText("例如：李文书；修改记录里的评定人、记录人")
        self.clerk.setToolTip("谁在用这台电脑记账：每一次修改都记在这个名字下（以后可在“设置”里改）")
        self.clerk.setText(preferences.load(db).clerk_name)  # typed before, e.g. before looking at the demo
        form.addRow("组织名称", self.name)
        form.addRow("组织类别", self.kind)
        form.addRow("您的姓名", self.clerk)
        layout.addLayout(form)
        self.error = QLabel()  # what is still missing (a grey hint), or why it did not work (red)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("开始使用", QDialogButtonBox.ButtonRole.AcceptRole)
        self.demo_button = QPushButton("先看看演示数据")
        self.demo_button.setToolTip(
            "打开一个虚构的演示村（300 名党员），放在单独的演示文件夹里；"
            "您的正式数据不受影响，下次打开程序仍从这个页面开始"
        )
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button = QPushButton("从备份恢复…")
        self.restore_button.setToolTip("换了电脑或重装后：用U盘上的先锋榜备份文件恢复全部数据")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.restore_backup)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.create_organization)
        buttons.rejected.connect(self.reject)
        self.demo_button.clicked.connect(self.load_demo)
        self.demo_button.setVisible(not db.on_server)
        layout.addWidget(buttons)
        for edit in (self.name, self.clerk):
            edit.textChanged.connect(lambda _t: self._check())
        self._check()
        resize_to_fit(self, 520, 320)

    def _check(self) -> None:
        """开始使用 stays grey, with the reason beside it, until both names are there."""
        missing = [
            label
            for label, edit in (("组织名称", self.name), ("您的姓名", self.clerk))
            if not edit.text().strip()
        ]
        reason = f"请填写{'和'.join(missing)}" if missing else ""
        self.ok.setEnabled(not missing)
        self.ok.setToolTip(reason)
        self._say(reason, error=False)

    def _say(self, text: str, *, error: bool = True) -> None:
        """A calm grey hint before anything went wrong; red only for what the clerk must change."""
        self.error.setStyleSheet("color: #b00020" if error else "color: #666666")
        self.error.setText(text)

    def _save_clerk(self) -> bool:
        """The clerk's name becomes the 评定人/记录人 of everything from here on, the organisation included."""
        name = self.clerk.text().strip()
        if not name:
            return True
        try:
            preferences.save(self.db, replace(preferences.load(self.db), clerk_name=name))
        except UserError as exc:
            self._say(str(exc))
            return False
        return True

    def create_organization(self) -> None:
        if not self._save_clerk():
            return
        try:
            organizations.set_up(self.db, self.name.text(), self.kind.currentText())
        except UserError as exc:
            self._say(str(exc))
            return
        self.accept()

    def load_demo(self) -> None:
        """The invented village opens from a folder of its own beside the data folder (made once, reopened the next
        time): the real data folder stays empty, so the next start asks again for the organisation and there is
        nothing to clear away before real work."""
        if not self._save_clerk():
            return
        folder = demo_folder(self.db.data_dir.root)
        try:
            demo_db = open_database(folder)
        except UserError as exc:
            self._say(str(exc))
            return
        except OSError as exc:  # no room or no permission beside the data folder
            self._say(f"无法建立演示文件夹 {folder}：{os_error_words(exc)}")
            return
        try:
            clerk = self.clerk.text().strip()
            if clerk:
                preferences.save(demo_db, replace(preferences.load(demo_db), clerk_name=clerk))
            if not organizations.is_set_up(demo_db):
                demo.make_demo_at_once(demo_db, members=300)
        except UserError as exc:
            demo_db.close()
            self._say(str(exc))
            return
        except BaseException:
            demo_db.close()
            raise
        self.db.close()
        self.db = demo_db
        self.accept()

    def restore_backup(self) -> None:
        """Another PC or a reinstall: bring everything back from a backup file (e.g. on a USB stick)."""
        from ui.dialogs import backup_dialogs

        path = backup_dialogs.choose_backup_file(self)
        if path is None:
            return
        go_on, passphrase = backup_dialogs.passphrase_for(self, path)
        if not go_on:
            return
        outcome = backup_dialogs.restore_from_file(self, self.db, path, passphrase)
        if outcome is None:
            return
        self.db = outcome.db
        self.accept()


def restore_damaged_database(message: str, root: Path) -> Database | None:
    """The database cannot be opened (damaged): offer restoring a backup right here, keeping the bad file aside.

    Returns the restored, opened database, or None when the clerk gives up (the program then exits).
    """
    from ui.dialogs import backup_dialogs
    from ui.workers import JobFailed

    while messages.confirm(None, f"{message}\n\n现在从备份文件（例如U盘上的）恢复吗？", yes="从备份恢复…"):
        path = backup_dialogs.choose_backup_file(None)
        if path is None:
            continue
        go_on, passphrase = backup_dialogs.passphrase_for(None, path)
        if not go_on:
            continue
        try:
            outcome = _restore_with_progress(root, path, passphrase)
        except JobFailed as exc:
            messages.warn(
                None, f"没有恢复：{exc}" if exc.user_error else "恢复时出现意外错误，详情已记录在日志中。"
            )
            continue
        kept = f"无法打开的数据库文件已另存为 {outcome.safety_backup}。" if outcome.safety_backup else ""
        messages.info(None, f"已从备份恢复。{kept}")
        return outcome.db
    return None


def _restore_with_progress(root: Path, path: Path, passphrase: str | None) -> backups.RestoreOutcome:
    from ui.workers import run_with_progress

    def job(progress: backups.Progress, _cancelled: object) -> backups.RestoreOutcome:
        return backups.restore_over_damaged(root, path, passphrase, progress=progress)

    result: backups.RestoreOutcome = run_with_progress(None, "正在检查并恢复备份…", job, cancellable=False)
    return result
