"""Background jobs: run a core function off the GUI thread, with progress.

Core functions take a ``progress(done, total) -> bool`` callback (False
cancels) and know nothing of Qt. ``Job`` runs one in a ``QThreadPool`` thread
and hands progress and the outcome back to the GUI thread, where its
callbacks run; a job given ``on_part`` also hands its function a ``part(value)``
callback for results it has ready before the whole (the first village of the
township, say), delivered to ``on_part`` in order and before the outcome.
``run_with_progress`` adds a ``QProgressDialog`` with 取消.

The worker talks to the GUI thread through a thread-safe queue that a GUI
timer drains, not through Python-emitted Qt signals: PySide6 6.12.0's
``Signal.emit()`` drops a reference to ``True`` on every call (and queued
``Signal(object)`` deliveries drop references to their payload), which
crashes the interpreter after a few thousand progress reports.

Peewee keeps one connection per thread: the worker gets its own connection
(the database is opened with ``check_same_thread=False``), and closes it when
the job ends so pooled threads hold no stale connections.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from lianhu_desktop.errors import Cancelled, LianhuError
from lianhu_desktop.store.models import database

__all__ = ["Cancelled", "Job", "run_with_progress"]

log = logging.getLogger(__name__)
POLL_MS = 40

# Runnables started and not yet known to be finished (see Job.start).
_alive: list = []
# Jobs whose outcome is not delivered yet: a job nobody holds must still report.
_pending: set = set()


def busy() -> bool:
    """Whether a background job's outcome is still to come (a view may be waiting for its rows)."""
    return bool(_pending)


class _Runnable(QRunnable):
    """Runs in the pool thread; reports only through ``events``."""

    def __init__(self, function, args, kwargs, events: queue.SimpleQueue, cancel: threading.Event,
                 parts: bool = False):
        super().__init__()
        if parts:
            kwargs = {**kwargs, "part": self.part}
        self.function, self.args, self.kwargs = function, args, kwargs
        self.events, self.cancel = events, cancel
        self.done = False
        # Python owns the runnable (see _alive): a pool that deletes a
        # Python-subclassed runnable itself corrupts memory at exit.
        self.setAutoDelete(False)

    def progress(self, done: int, total: int) -> bool:
        self.events.put(("progress", (int(done), int(total))))
        return not self.cancel.is_set()

    def part(self, value: Any) -> None:
        self.events.put(("part", value))

    def run(self) -> None:
        try:
            result = self.function(*self.args, progress=self.progress, **self.kwargs)
        except BaseException as error:  # noqa: BLE001 - handed to the GUI thread
            if not isinstance(error, LianhuError) and not self.cancel.is_set():
                log.exception("background job failed")
                with contextlib.suppress(AttributeError):  # handle_error does not log it again
                    error.lianhu_logged = True
            self.events.put(("failed", Cancelled() if self.cancel.is_set() else error))
        else:
            if self.cancel.is_set():
                self.events.put(("failed", Cancelled()))
            else:
                self.events.put(("finished", result))
        finally:
            if database.obj is not None and not database.is_closed():
                database.close()
            self.done = True


class Job(QObject):
    """One run of ``function(*args, progress=callback, **kwargs)`` in a worker thread.

    ``on_progress(done, total)``, ``on_part(value)``, ``on_done(result)`` and
    ``on_error(exception)`` are called in the GUI thread. With ``on_part`` the
    function is also given ``part=``: each value it passes arrives at
    ``on_part``, in order, before ``on_done``. ``cancel()`` makes the next
    progress call return False; a job cancelled that way ends in
    ``on_error(Cancelled())``.
    """

    def __init__(self, function: Callable[..., Any], *args, parent: QObject | None = None,
                 on_progress: Callable[[int, int], None] | None = None,
                 on_done: Callable[[Any], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None,
                 on_part: Callable[[Any], None] | None = None, **kwargs):
        super().__init__(parent)
        self.function, self.args, self.kwargs = function, args, kwargs
        self.on_progress, self.on_done, self.on_error = on_progress, on_done, on_error
        self.on_part = on_part
        self._cancel = threading.Event()
        self._events: queue.SimpleQueue = queue.SimpleQueue()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._drain)
        self.running = False

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def start(self, pool: QThreadPool | None = None) -> None:
        runnable = _Runnable(self.function, self.args, self.kwargs, self._events, self._cancel,
                             parts=self.on_part is not None)
        # Kept here, not on the Job: the Job may be deleted while its thread ends.
        _alive[:] = [r for r in _alive if not r.done] + [runnable]
        self.running = True
        _pending.add(self)
        self._timer.start()
        (pool or QThreadPool.globalInstance()).start(runnable)

    def _drain(self) -> None:
        latest_progress = None
        while True:
            try:
                kind, payload = self._events.get_nowait()
            except queue.Empty:
                break
            if kind == "progress":
                latest_progress = payload
                continue
            if kind == "part":
                if self.on_part is not None and not self._cancel.is_set():
                    self.on_part(payload)
                continue
            self._timer.stop()
            self.running = False
            _pending.discard(self)
            callback = self.on_done if kind == "finished" else self.on_error
            if callback is not None:
                callback(payload)
            return
        if latest_progress is not None and self.on_progress is not None:
            self.on_progress(*latest_progress)


def run_with_progress(parent: QWidget, title: str, label: str, function: Callable[..., Any], *args,
                      on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
                      **kwargs) -> Job:
    """Run ``function`` in a worker while a modal progress dialog with 取消 shows.

    ``on_done(result)`` or ``on_error(exception)`` is called in the GUI thread;
    a cancelled job calls ``on_error(Cancelled())``.
    """
    dialog = QProgressDialog(label, "取消", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setMinimumWidth(dialog.fontMetrics().horizontalAdvance(label) + 80)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)

    def show_progress(done: int, total: int) -> None:
        if total > 0:
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    def cancel() -> None:
        dialog.setLabelText("正在取消……")
        job.cancel()

    def finish(callback, value) -> None:
        dialog.canceled.disconnect(cancel)  # closing the dialog emits canceled
        dialog.close()
        dialog.deleteLater()
        job.deleteLater()
        callback(value)

    job = Job(function, *args, parent=parent, on_progress=show_progress,
              on_done=lambda result: finish(on_done, result),
              on_error=lambda error: finish(on_error, error), **kwargs)
    dialog.canceled.connect(cancel)
    job.start()
    dialog.show()
    return job
