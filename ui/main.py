"""Starting the GUI: QApplication, bundled font, Qt's Chinese translation, data folder, main window."""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__, pause_gc_for_start_up
from app.log import setup_logging
from app.paths import DataDir, fonts_dir, icons_dir, resolve_data_dir

if TYPE_CHECKING:
    from app.services.store import Database

log = logging.getLogger(__name__)
FONT_FAMILY = "Noto Sans SC"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="pioneer-board", description="先锋榜 Pioneer Board")
    parser.add_argument("--data-dir", help="数据目录")
    parser.add_argument(
        "--database-url",
        help="乡镇服务器的数据库地址 postgresql://用户@服务器/数据库名（默认：环境变量 "
        "PIONEER_BOARD_DATABASE_URL 或数据目录里 pioneer-board.ini 的 database_url 行；都没有时用数据目录）",
    )
    parser.add_argument("--demo", action="store_true", help="数据目录为空时生成演示数据")
    parser.add_argument("--demo-members", type=int, default=300)
    parser.add_argument("--version", action="version", version=f"先锋榜 Pioneer Board {__version__}")
    return parser.parse_args(argv)


def install_fonts(app: QApplication) -> None:
    """Register the bundled Noto Sans SC so Chinese renders on PCs without CJK fonts."""
    for path in sorted(fonts_dir().glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(path))
    font = QFont(FONT_FAMILY)
    font.setPointSize(10)
    app.setFont(font)


def install_translations(app: QApplication) -> list[QTranslator]:
    translators = []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            translators.append(translator)
            break
    return translators


def make_application(argv: Sequence[str] = ()) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(list(argv) or ["pioneer-board"])
    app.setApplicationName("先锋榜")
    app.setOrganizationName("PioneerBoard")
    app.setApplicationVersion(__version__)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    icon = icons_dir() / "app.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    install_fonts(app)
    install_translations(app)
    return app


def _excepthook(data_dir: DataDir) -> object:
    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        from app.domain.disk_errors import is_file_problem

        if isinstance(value, OSError) and is_file_problem(value):  # a flow outside attempt(): still calm
            from ui import messages

            messages.file_problem(QApplication.activeWindow(), value)
            return
        log.error("unexpected error", exc_info=(kind, value, tb))
        text = "".join(traceback.format_exception(kind, value, tb))
        from ui.dialogs.apology import show_apology

        show_apology(text, data_dir.log_path)

    return hook


def main(argv: Sequence[str] | None = None) -> int:
    # A process of its own: no cycle collection until the data is open (ui/startup.py resumes it).
    if argv is None:
        pause_gc_for_start_up()
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    app = make_application(sys.argv[:1])
    data_dir = DataDir(resolve_data_dir(args.data_dir))
    try:
        data_dir.ensure()
        setup_logging(data_dir.log_path)
    except OSError as exc:
        QMessageBox.critical(None, "先锋榜", f"数据目录 {data_dir.root} 无法使用：{exc.strerror or exc}")
        return 2
    sys.excepthook = _excepthook(data_dir)  # type: ignore[assignment]
    from ui.qt_log import install_qt_message_handler
    from ui.single_instance import ALREADY_OPEN_MESSAGE, LockState, SingleInstance, bring_forward

    install_qt_message_handler()
    # One GUI per data folder: a second start wakes the first and never opens the database.
    instance = SingleInstance(data_dir.root)
    state = instance.acquire()
    if state is LockState.HELD_ELSEWHERE:
        if not instance.ask_running_copy_to_activate():
            QMessageBox.information(None, "先锋榜", ALREADY_OPEN_MESSAGE)
        return 0
    if state is LockState.FAILED:
        QMessageBox.critical(None, "先锋榜", f"数据目录 {data_dir.root} 无法写入，请换一个数据目录。")
        return 2
    instance.activated.connect(lambda: bring_forward())
    # The window's frame is painted first ("正在打开…"); the data layer is imported and the data opened after.
    from ui.main_window import MainWindow
    from ui.startup import Opener, on_first_paint, quit_after, start_opening, wait_for_opening

    window = MainWindow()
    leave_when = quit_after()
    opener = Opener(data_dir.root, args.demo_members if args.demo else None, args.database_url)
    outcome: dict[str, int] = {}

    def finish(code: int) -> None:
        outcome["code"] = code
        window.close()
        app.exit(code)

    def opened(db: Database) -> None:
        if db.recovery_message:  # a restore was interrupted last time: say what was done about it
            QMessageBox.information(window, "先锋榜", db.recovery_message)
        from app.services import organizations

        if not organizations.is_set_up(db):
            from ui.dialogs.first_run import FirstRunDialog

            dialog = FirstRunDialog(db, window)
            if not dialog.exec():
                db.close()
                finish(0)
                return
            db = dialog.db  # a restore from a backup on the first-run screen reopens the database
        from app.services import accounts

        if accounts.accounts_exist(db):  # accounts set up: nobody gets past this without logging in
            from ui.dialogs.login_dialog import LoginDialog

            if not LoginDialog(db, window).exec():
                db.close()
                finish(0)
                return
        window.attach(db)
        from ui.dialogs.login_dialog import show_account

        show_account(window, db)
        if leave_when == "ready":
            on_first_paint(window.current_page() or window, leave)

    def failed(message: str, user_error: bool) -> None:
        if user_error:
            QMessageBox.critical(window, "先锋榜", message)
            finish(2)
        else:  # already in the log, with its traceback
            from ui.dialogs.apology import show_apology

            show_apology(message, data_dir.log_path)
            finish(1)

    opener.signals.stage.connect(window.say_opening)
    opener.signals.opened.connect(opened)
    opener.signals.failed.connect(failed)

    def damaged(message: str) -> None:
        # The database cannot be opened at all: restoring a backup must be possible from right here.
        from ui.dialogs.first_run import restore_damaged_database

        restored = restore_damaged_database(message, data_dir.root)
        if restored is None:
            finish(2)
        else:
            opened(restored)

    opener.signals.damaged.connect(damaged)

    def leave() -> None:
        # For measuring: out of the event loop without closing the window (so no backup on close).
        app.exit(0)

    # Open the data once "正在打开…" is on the screen; with =shown, leave instead.
    on_first_paint(window.opening, leave if leave_when == "shown" else lambda: start_opening(opener))
    screen = app.primaryScreen()
    if screen is not None and screen.availableGeometry().width() < 1500:
        window.showMaximized()  # a 1366×768 office screen: use all of it
    else:
        window.show()
    code = app.exec()
    # Closed while the data was still opening: let the opening (maybe a schema upgrade) finish, then close it.
    wait_for_opening()
    window.shutdown()
    for db in (window.db, opener.db):
        if db is not None:
            db.close()  # closing twice is harmless (the engine's pool is disposed)
    instance.release()
    return outcome.get("code", code)


if __name__ == "__main__":
    sys.exit(main())
