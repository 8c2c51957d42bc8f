"""备份与恢复 page: one-click backup to a USB stick, verify and restore files, automatic backups.

The main window's own automatic backups (on close, once a day while open) are in ui/auto_backup.py.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import backup as backups
from app.services.store import Database
from ui import messages
from ui.dialogs import backup_dialogs
from ui.kit.empty import show_when_empty
from ui.kit.export import export_button, export_view
from ui.kit.page import Page
from ui.workers import JobFailed, run_with_progress

log = logging.getLogger(__name__)

PATH_ROLE = Qt.ItemDataRole.UserRole + 1


class BackupPage(Page):
    title = "备份与恢复"
    databaseReplaced = Signal(object)  # noqa: N815 - Qt naming; emits the reopened Database after a restore

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading("备份与恢复"))  # the red page title, as on every page

        create_box = QGroupBox("备份到U盘或文件夹（含全部数据和照片；写完后读回检查，确认备份文件完好）")
        create_layout = QVBoxLayout(create_box)
        self.drives = QListWidget()
        # Two drives' height (most office PCs have one stick in): the page must fit 1366×768 at 125 % unscrolled.
        self.drives.setMaximumHeight(2 * self.drives.fontMetrics().lineSpacing() + 12)
        self.drives.itemSelectionChanged.connect(self._update_buttons)
        create_layout.addWidget(self.drives)
        self.target_label = QLabel()
        create_layout.addWidget(self.target_label)
        self.encrypt = QCheckBox("加密备份（需要设置密码；U盘丢失时别人看不到身份证号等信息）")
        create_layout.addWidget(self.encrypt)
        row = QHBoxLayout()
        self.backup_button = QPushButton("备份到U盘")
        self.backup_button.setStyleSheet("font-weight: bold; padding: 6px 18px")
        self.backup_button.clicked.connect(self.backup_to_target)
        self.choose_button = QPushButton("选择位置并备份…")
        self.choose_button.setToolTip("先选位置、是否加密和密码，然后开始备份")
        self.choose_button.clicked.connect(self.choose_folder)
        self.refresh_drives = QPushButton("刷新U盘列表")
        self.refresh_drives.clicked.connect(self.load_drives)
        row.addWidget(self.backup_button)
        row.addWidget(self.choose_button)
        row.addWidget(self.refresh_drives)
        row.addStretch(1)
        create_layout.addLayout(row)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()  # shown with the outcome of a backup (an empty line would cost the page its fit)
        create_layout.addWidget(self.result)
        layout.addWidget(create_box)

        file_box = QGroupBox("检查或恢复备份文件")
        file_row = QHBoxLayout(file_box)
        self.verify_button = QPushButton("检查备份文件…")
        self.verify_button.clicked.connect(self.verify_file)
        self.restore_button = QPushButton("从备份文件恢复…")
        self.restore_button.clicked.connect(self.restore_file)
        file_row.addWidget(self.verify_button)
        file_row.addWidget(self.restore_button)
        file_row.addStretch(1)
        layout.addWidget(file_box)

        auto_box = QGroupBox(
            "自动备份（保存在数据目录的 backups 文件夹，关闭程序时和每天自动备份，自动清理旧的）"
        )
        auto_layout = QVBoxLayout(auto_box)
        self.auto_table = QTableWidget(0, 4)
        show_when_empty(
            self.auto_table, "还没有自动备份：关闭程序时和每天会自动备份一次，也可以点“立即备份到数据目录”"
        )
        self.auto_table.setHorizontalHeaderLabels(["时间", "原因", "内容", "大小"])
        self.auto_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.auto_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.auto_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.auto_table.verticalHeader().setVisible(False)
        self.auto_table.setMinimumHeight(
            3 * self.auto_table.fontMetrics().lineSpacing() + 8
        )  # header + 2 rows
        header = self.auto_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        auto_layout.addWidget(self.auto_table)
        auto_row = QHBoxLayout()
        self.auto_now = QPushButton("立即备份到数据目录")
        self.auto_now.clicked.connect(self.backup_now)
        self.auto_restore = QPushButton("用所选备份恢复…")
        self.auto_restore.clicked.connect(self.restore_selected)
        auto_row.addWidget(self.auto_now)
        auto_row.addWidget(self.auto_restore)
        self.export_button = export_button(self, db, self.auto_table, "自动备份列表")
        auto_row.addWidget(self.export_button)
        auto_row.addStretch(1)
        auto_layout.addLayout(auto_row)
        layout.addWidget(auto_box, 1)
        self.databaseReplaced.connect(self._adopt)

    # ---- state -------------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.load_drives()
        self.load_auto_backups()
        self._update_buttons()

    def last_target(self) -> str:
        return backups.backup_target(self.db)

    def load_drives(self) -> None:
        self.drives.clear()
        last = self.last_target()
        for volume in backups.removable_volumes():
            item = QListWidgetItem(volume.label(), self.drives)
            item.setData(PATH_ROLE, volume.path)
            if last and os.path.normcase(last).startswith(os.path.normcase(volume.path)):
                item.setSelected(True)
        if self.drives.count() == 0:
            QListWidgetItem(
                "（没有找到U盘。插上U盘后点“刷新U盘列表”，或用“选择位置并备份…”）", self.drives
            ).setFlags(Qt.ItemFlag.NoItemFlags)
        self._update_buttons()

    def target(self) -> Path | None:
        """The selected stick, else the remembered folder (if it is there now)."""
        for item in self.drives.selectedItems():
            path = item.data(PATH_ROLE)
            if path:
                last = self.last_target()
                if last and os.path.normcase(last).startswith(os.path.normcase(path)) and Path(last).is_dir():
                    return Path(last)
                return Path(path)
        last = self.last_target()
        return Path(last) if last and Path(last).is_dir() else None

    def _update_buttons(self) -> None:
        target = self.target()
        last = self.last_target()
        if target is not None:
            self.target_label.setText(f"备份位置：{target}")
        elif last:
            self.target_label.setText(
                f"上次的备份位置 {last} 现在找不到（U盘没插好？）。请插上U盘或选择文件夹。"
            )
        else:
            self.target_label.setText("第一次备份：请在上面选一个U盘，或点“选择位置并备份…”。")
        self.backup_button.setEnabled(target is not None)

    def load_auto_backups(self) -> None:
        entries = backups.list_backups(self.db)
        self.auto_table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            content = entry.problem or backups.describe_counts(entry.manifest.get("counts", {}))
            values = [
                f"{entry.created:%Y-%m-%d %H:%M}",
                entry.reason,
                content,
                backups.human_size(entry.size),
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(PATH_ROLE, str(entry.path))
                self.auto_table.setItem(row, col, item)
        self.auto_restore.setEnabled(bool(entries))

    # ---- backup ------------------------------------------------------------------------------------

    def choose_folder(self) -> None:
        """Where and whether to encrypt, in one dialog: nothing starts before both are settled."""
        from ui.dialogs.backup_where import BackupWhereDialog

        dialog = BackupWhereDialog(self.last_target(), self.encrypt.isChecked(), self)
        if dialog.exec():
            self.backup_to(dialog.folder(), dialog.passphrase(), asked=True)

    def backup_to_target(self) -> None:
        target = self.target()
        if target is not None:
            self.backup_to(target)

    def backup_to(self, folder: Path, passphrase: str | None = None, asked: bool = False) -> Path | None:
        if not asked and self.encrypt.isChecked():
            dialog = backup_dialogs.NewPassphraseDialog(self)
            if not dialog.exec():
                return None
            passphrase = dialog.passphrase()
        db = self.db
        try:
            result: backups.BackupResult = run_with_progress(
                self,
                f"正在备份到 {folder}…",
                lambda progress, _c: backups.create(db, folder, passphrase=passphrase, progress=progress),
                cancellable=False,
            )
        except JobFailed as exc:
            said = f"备份没有完成：{exc}" if exc.user_error else "备份时出现意外错误，详情已记录在日志中。"
            self._show_result(said, "#b00020")
            messages.warn(self, said)
            return None
        backups.remember_target(self.db, folder)
        self._show_result(
            f"✔ 备份完成并已检查无误{'（已加密）' if passphrase else ''}：{result.path}\n"
            f"{backups.describe_counts(result.manifest['counts'])}",
            "#1b5e20",
        )
        self.refresh()
        return result.path

    def _show_result(self, text: str, color: str) -> None:
        self.result.setStyleSheet(f"color: {color}")
        self.result.setText(text)
        self.result.show()

    def backup_now(self) -> None:
        db = self.db
        try:
            made = run_with_progress(
                self, "正在备份…", lambda _p, _c: backups.auto_backup(db, "manual"), cancellable=False
            )
        except JobFailed as exc:
            messages.warn(self, str(exc) if exc.user_error else "备份时出现意外错误，详情已记录在日志中。")
            return
        if made is None:
            messages.info(self, "数据自上次备份以来没有变化，不需要再备份。")
        self.load_auto_backups()

    # ---- verify and restore ------------------------------------------------------------------------

    def verify_file(self) -> None:
        path = backup_dialogs.choose_backup_file(self, self.last_target())
        if path is not None:
            self.verify(path)

    def verify(self, path: Path) -> backups.VerifyReport | None:
        go_on, passphrase = backup_dialogs.passphrase_for(self, path)
        if not go_on:
            return None
        scratch = self.db.data_dir.root
        try:
            report: backups.VerifyReport = run_with_progress(
                self,
                "正在检查备份文件…",
                lambda progress, _c: backups.verify(path, passphrase, scratch=scratch, progress=progress),
                cancellable=False,
            )
        except JobFailed as exc:
            messages.warn(self, str(exc) if exc.user_error else "检查时出现意外错误，详情已记录在日志中。")
            return None
        m = report.manifest
        messages.info(
            self,
            f"备份文件完好{'（已加密）' if report.encrypted else ''}。\n\n"
            f"组织：{m.get('organization') or '（未命名）'}\n备份时间：{backups.created_text(m)}\n"
            f"{backups.describe_counts(report.counts)}\n程序版本：{m.get('program_version', '?')}",
        )
        return report

    def restore_file(self) -> None:
        path = backup_dialogs.choose_backup_file(self, self.last_target())
        if path is not None:
            self.restore(path)

    def restore_selected(self) -> None:
        items = self.auto_table.selectedItems()
        if not items:
            messages.info(self, "请先在列表里选一个自动备份。")
            return
        self.restore(Path(items[0].data(PATH_ROLE)))

    def restore(self, path: Path) -> Database | None:
        from ui.main_window import MainWindow  # loaded already when there is one

        window = self.window()
        if isinstance(window, MainWindow):
            unsaved = [(i, t) for i, t in window.unsaved_pages() if t != self.title]
            if unsaved and backup_dialogs.keep_unsaved(self, [t for _i, t in unsaved]):
                window.go_to(unsaved[0][0])
                return None
        go_on, passphrase = backup_dialogs.passphrase_for(self, path)
        if not go_on:
            return None
        outcome = backup_dialogs.restore_from_file(self, self.db, path, passphrase)
        if outcome is None:
            return None
        messages.info(self, backup_dialogs.outcome_text(outcome))
        self.databaseReplaced.emit(outcome.db)
        return outcome.db

    def _adopt(self, db: Database) -> None:
        """After a restore: the main window starts over on the reopened database; a lone page just switches."""
        window = self.window()
        if window is not self and isinstance(window, QMainWindow) and hasattr(window, "pages"):
            replace_main_window(window, db)
        else:
            self.db = db
            self.export_button.clicked.disconnect()  # the button exports from the reopened database now
            self.export_button.clicked.connect(lambda: export_view(self, db, self.auto_table, "自动备份列表"))
            self.refresh()


_windows: list[QMainWindow] = []  # keeps replacement windows alive


def replace_main_window(old: QMainWindow, db: Database) -> QMainWindow:
    """Every page was built on the old database: build a fresh main window on the new one."""
    from ui.main_window import MainWindow

    new = MainWindow(db)
    new.setGeometry(old.geometry())
    if old.isMaximized():
        new.showMaximized()
    else:
        new.show()
    old.setProperty("database_replaced", True)  # its database is closed: no backup on close
    _windows.append(new)
    QTimer.singleShot(0, old.close)
    return new


# ---- automatic backups of the main window (the policies are app.services.backup's) ------------------
