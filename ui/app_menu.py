"""The main window's menu bar: 文件 (设置…, 修改记录…, 账户与权限…, 退出) and 帮助 (使用说明, 打开数据文件夹, 关于先锋榜)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from app.services.store import Database


def use_translated_file_dialogs() -> None:
    """On Linux the native (GTK) file dialog ignores Qt's Chinese translation: use Qt's own, which is translated.
    Windows keeps its own dialog, which speaks the system's language."""
    if sys.platform.startswith("linux"):
        QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)


def install_menus(window: QMainWindow, db: Database) -> None:
    use_translated_file_dialogs()
    bar = window.menuBar()
    file_menu = bar.addMenu("文件(&F)")
    settings = QAction("设置…", window)
    settings.setObjectName("action_settings")
    settings.setMenuRole(QAction.MenuRole.PreferencesRole)
    settings.triggered.connect(lambda: open_settings(window, db))
    file_menu.addAction(settings)
    trail = QAction("修改记录…", window)
    trail.setObjectName("action_audit")
    trail.setToolTip("谁在什么时候改了什么（只读，可导出）")
    trail.triggered.connect(lambda: open_audit(window, db))
    file_menu.addAction(trail)
    people = QAction("账户与权限…", window)
    people.setObjectName("action_accounts")
    people.setToolTip("登录账户、角色和管理范围（管理员）；改自己的密码")
    people.triggered.connect(lambda: open_accounts(window, db))
    file_menu.aboutToShow.connect(lambda: people.setEnabled(_may_open_accounts(db)))
    file_menu.addAction(people)
    file_menu.addSeparator()
    quit_action = QAction("退出", window)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    quit_action.triggered.connect(window.close)
    file_menu.addAction(quit_action)

    help_menu = bar.addMenu("帮助(&H)")
    guide = QAction("使用说明", window)
    guide.setObjectName("action_help")
    guide.setShortcut(QKeySequence.StandardKey.HelpContents)
    guide.triggered.connect(lambda: open_help(window))
    help_menu.addAction(guide)
    folder = QAction("打开数据文件夹", window)
    folder.triggered.connect(lambda: _open_data_folder(db))
    help_menu.addAction(folder)
    about = QAction("关于先锋榜", window)
    about.setObjectName("action_about")
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda: open_about(window, db))
    help_menu.addAction(about)


def open_settings(window: QMainWindow, db: Database) -> bool:
    from ui.dialogs.settings_dialog import SettingsDialog

    dialog = SettingsDialog(db, window)
    accepted = bool(dialog.exec())
    if accepted:
        update_title = getattr(window, "update_title", None)
        if callable(update_title):
            update_title()  # the organisation may have been renamed
        show_page = getattr(window, "show_page", None)
        pages = getattr(window, "pages", None)
        if callable(show_page) and pages is not None:
            show_page(pages.currentIndex())  # pages re-read names and settings
    return accepted


def _may_open_accounts(db: Database) -> bool:
    """A 管理员 (or nobody yet: the first account), or any logged-in account (its own password, its subtree)."""
    from app.services.accounts import can_administer, current_account

    return current_account(db) is not None or can_administer(db)


def open_accounts(window: QMainWindow, db: Database) -> None:
    from ui.dialogs.accounts_dialog import AccountsDialog

    AccountsDialog(db, window).exec()


def open_help(window: QMainWindow) -> None:
    """The guide, opened at the topic of the page the clerk is on."""
    from ui.dialogs.help_dialog import HelpDialog

    nav = getattr(window, "nav", None)
    item = nav.currentItem() if nav is not None else None
    HelpDialog(window, item.text() if item is not None else "").exec()


def open_audit(window: QMainWindow, db: Database) -> None:
    from ui.dialogs.audit_dialog import AuditDialog

    AuditDialog(db, window).exec()


def open_about(window: QMainWindow, db: Database) -> None:
    from ui.dialogs.about import AboutDialog

    AboutDialog(db, window).exec()


def _open_data_folder(db: Database) -> None:
    from ui.dialogs.about import open_folder

    open_folder(db.data_dir.root)
