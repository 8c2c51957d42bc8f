"""One GUI per data folder: a lock file in the data folder, and a local socket to wake the running copy.

The lock file (QLockFile) is the source of truth: the first start takes it and keeps it until it exits;
a crashed start leaves a stale lock that QLockFile recognises (its process is gone) and recovers. The
local socket is only the doorbell: a second start sends "activate" so the first brings its window
forward, then exits without ever opening the database. This lock is the GUI's alone: the command line may run
beside the open window. Both hold the data folder's shared lock (app/db/folder_lock.py, taken when the database
is opened), which only a restore or a schema upgrade takes exclusively; SQLite's WAL mode and busy timeout let
them write side by side.
"""

from __future__ import annotations

import enum
import getpass
import hashlib
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

LOCK_FILENAME = "pioneer-board.lock"
MESSAGE_ACTIVATE = b"activate\n"
ALREADY_OPEN_MESSAGE = "先锋榜已经打开了这个数据目录。请在任务栏上找到已经打开的先锋榜窗口。"
CONNECT_TIMEOUT_MS = 1000


class LockState(enum.Enum):
    ACQUIRED = "acquired"
    HELD_ELSEWHERE = "held"
    FAILED = "failed"  # no permission, read-only medium…: the data folder cannot be used


def server_name(data_root: Path) -> str:
    """A socket/pipe name for this data folder and this user (named pipes are machine-wide on Windows)."""
    path = os.path.normcase(str(Path(data_root).resolve()))
    try:
        user = getpass.getuser()
    except Exception:  # some Windows set-ups have no user name in the environment
        user = ""
    digest = hashlib.sha256(f"{user}\0{path}".encode()).hexdigest()[:24]
    return f"pioneer-board-{digest}"


class SingleInstance(QObject):
    """Take the data folder's lock; serve "activate" requests from later starts."""

    activated = Signal()

    def __init__(self, data_root: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_root = Path(data_root)
        self.lock_path = self.data_root / LOCK_FILENAME
        self.name = server_name(self.data_root)
        self._lock = QLockFile(str(self.lock_path))
        # 0: the lock is stale only when its process is gone, never just because it is old.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None
        self._clients: list[QLocalSocket] = []

    # --- the first start -------------------------------------------------------------------------

    def acquire(self) -> LockState:
        """Take the lock, and start listening for later starts if it was taken."""
        if not self._lock.tryLock(0):
            error = self._lock.error()
            if error != QLockFile.LockError.LockFailedError:
                log.warning("cannot create lock file %s: %s", self.lock_path, error)
                return LockState.FAILED
            # A left-over lock whose PID was reused by another program looks alive; removing it
            # fails when a live copy of the program really holds it, so this is safe.
            if not (self._lock.removeStaleLockFile() and self._lock.tryLock(0)):
                return LockState.HELD_ELSEWHERE
            log.info("recovered a stale lock file %s", self.lock_path)
        self._listen()
        return LockState.ACQUIRED

    def _listen(self) -> None:
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # We own the lock, so a socket file left by a crashed copy is stale (Unix only; no-op on Windows).
        QLocalServer.removeServer(self.name)
        if not server.listen(self.name):
            # Not fatal: later starts will still be refused by the lock and say the folder is open.
            log.warning("cannot listen on %s: %s", self.name, server.errorString())
            return
        server.newConnection.connect(self._on_new_connection)
        self._server = server
        log.info("single instance: listening on %s", self.name)  # packaging/smoke.sh waits for this line

    def _on_new_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if socket is None:
                break
            self._clients.append(socket)
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._drop(s))
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            line = bytes(socket.readLine().data())
            if line == MESSAGE_ACTIVATE:
                log.info("another start asked to bring the window forward")
                self.activated.emit()

    def _drop(self, socket: QLocalSocket) -> None:
        self._read(socket)  # the request may arrive together with the hang-up
        if socket in self._clients:
            self._clients.remove(socket)
        socket.deleteLater()

    def release(self) -> None:
        for socket in self._clients:
            socket.blockSignals(True)  # no _drop callbacks while Qt tears the sockets down
            socket.abort()
        self._clients.clear()
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    @property
    def is_listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    # --- a later start ---------------------------------------------------------------------------

    def ask_running_copy_to_activate(self) -> bool:
        """Send "activate" to the copy holding the lock. False when it cannot be reached."""
        _allow_other_process_to_come_forward()
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            log.info("running copy not reachable on %s: %s", self.name, socket.errorString())
            return False
        socket.write(MESSAGE_ACTIVATE)
        socket.flush()
        sent = socket.bytesToWrite() == 0 or socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
        return bool(sent)


def _allow_other_process_to_come_forward() -> None:
    """Windows only lets the foreground process hand focus on; we are it, so we hand it to any process."""
    if sys.platform != "win32":
        return
    try:
        import ctypes

        asfw_any = -1
        ctypes.WinDLL("user32").AllowSetForegroundWindow(asfw_any)
    except Exception:  # best effort: without it the taskbar button flashes instead
        log.debug("AllowSetForegroundWindow failed", exc_info=True)


def bring_forward(widget: object = None) -> None:
    """Show a window that may be minimised or behind others, and give it the focus.

    An open modal dialog (first-run set-up, an editor) wins; else ``widget``; else the main window.
    """
    from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

    target = QApplication.activeModalWidget() or widget
    if target is None:
        target = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMainWindow)), None)
    if not isinstance(target, QWidget):
        return
    if target.isMinimized():
        target.showNormal()
    target.show()
    if QApplication.platformName() != "offscreen":  # offscreen (tests, smoke run) cannot raise windows
        target.raise_()
    target.activateWindow()
