"""The main window's menu bar: 文件 (设置…, 退出) and 帮助 (打开数据文件夹, 关于先锋榜)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from app.services.store import Database


def install_menus(window: QMainWindow, db: Database) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("文件(&F)")
    settings = QAction("设置…", window)
    settings.setObjectName("action_settings")
    settings.setMenuRole(QAction.MenuRole.PreferencesRole)
    settings.triggered.connect(lambda: open_settings(window, db))
    file_menu.addAction(settings)
    file_menu.addSeparator()
    quit_action = QAction("退出", window)
    quit_action.setShortcut(QKeySequence.StandardKey.Quit)
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    quit_action.triggered.connect(window.close)
    file_menu.addAction(quit_action)

    help_menu = bar.addMenu("帮助(&H)")
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


def open_about(window: QMainWindow, db: Database) -> None:
    from ui.dialogs.about import AboutDialog

    AboutDialog(db, window).exec()


def _open_data_folder(db: Database) -> None:
    from ui.dialogs.about import open_folder

    open_folder(db.data_dir.root)
