"""Background jobs with progress on QThreadPool; results come back to the GUI thread by signals."""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.domain.disk_errors import file_problem_message, is_file_problem
from app.domain.errors import UserError

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """Raised inside a job when the user pressed 取消."""


class JobSignals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str, bool)  # message, is_user_error


class Job(QRunnable):
    """Runs ``func(progress, is_cancelled)`` off the GUI thread. Widgets are touched only via signals."""

    def __init__(self, func: Callable[[Progress, Callable[[], bool]], Any]) -> None:
        super().__init__()
        # Python owns the job, never the thread pool: with Qt's auto-delete the pool frees the C++ side right after
        # run() while Python still holds the wrapper (and its signals), and a later garbage collection touched freed
        # memory (a segfault seen in the test suite). start() keeps each job until well after its run() returned.
        self.setAutoDelete(False)
        self.func = func
        self.signals = JobSignals()
        self._cancelled = False
        self.finished_at: float | None = None

    def cancel(self) -> None:
        self._cancelled = True

    def is_cancelled(self) -> bool:
        return self._cancelled

    def _progress(self, done: int, total: int) -> None:
        if self._cancelled:
            raise Cancelled()
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            result = self.func(self._progress, self.is_cancelled)
        except Cancelled:
            self._tell(self.signals.failed, "已取消，没有做任何改动。", True)
        except UserError as exc:
            self._tell(self.signals.failed, str(exc), True)
        except Exception as exc:
            if is_file_problem(exc):  # the stick pulled out, a full disk…: told as a refusal (ui/messages.py)
                assert isinstance(exc, OSError)
                log.warning("background job refused: %s", exc)
                self._tell(self.signals.failed, file_problem_message(exc), True)
            else:
                log.exception("background job failed")
                self._tell(self.signals.failed, traceback.format_exc(), False)
        else:
            self._tell(self.signals.done, result)
        finally:
            self.finished_at = time.monotonic()

    @staticmethod
    def _tell(signal: Any, *args: Any) -> None:
        """Emit, unless the page that waited for the answer has been closed meanwhile (nobody left to tell)."""
        try:
            signal.emit(*args)
        except RuntimeError:  # "Signal source has been deleted": the window or page went away first
            log.info("background job finished after its page was closed")


# Every job started and not yet long finished: the C++ runnable must outlive the pool thread's return from run().
_STARTED: set[Job] = set()
_KEEP_AFTER_FINISH_S = 2.0


def start(job: Job) -> Job:
    now = time.monotonic()
    for old in [
        j for j in _STARTED if j.finished_at is not None and now - j.finished_at > _KEEP_AFTER_FINISH_S
    ]:
        _STARTED.discard(old)
    _STARTED.add(job)
    QThreadPool.globalInstance().start(job)
    return job


class JobFailed(Exception):
    def __init__(self, message: str, user_error: bool) -> None:
        super().__init__(message)
        self.user_error = user_error


def run_with_progress(
    parent: Any,
    label: str,
    func: Callable[[Progress, Callable[[], bool]], Any],
    cancellable: bool = True,
) -> Any:
    """Run a job with a modal progress dialog and wait for it, keeping the window responsive.

    Raises JobFailed (user_error=True for messages meant for the clerk, cancellation included).
    """
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QProgressDialog

    dialog = QProgressDialog(label, "取消", 0, 0, parent)
    if not cancellable:
        dialog.setCancelButton(None)  # Qt accepts None: no cancel button
    dialog.setWindowTitle("先锋榜")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    loop = QEventLoop()
    outcome: dict[str, Any] = {}
    job = Job(func)

    def on_progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total))

    def on_done(result: Any) -> None:
        outcome["result"] = result
        loop.quit()

    def on_failed(message: str, user_error: bool) -> None:
        outcome["error"] = JobFailed(message, user_error)
        loop.quit()

    job.signals.progress.connect(on_progress)
    job.signals.done.connect(on_done)
    job.signals.failed.connect(on_failed)
    dialog.canceled.connect(job.cancel)
    start(job)
    loop.exec()
    dialog.reset()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")
