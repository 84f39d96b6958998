"""The one background runner: database work serialised on one worker thread, network on another.

Why: SQLite and SQLAlchemy are happiest when one thread owns the database (no ad-hoc locks, no
"database is locked" between our own threads), and the GUI thread must never wait on the disk or
the network. Following Anki, an operation is submitted with ``on_success``/``on_failure``
callbacks that run on the GUI thread, then the runner announces which registers changed
(``changed``) so views refresh only what moved.

Usage::

    runner.db(lambda: registers.save("estates", values),
              on_success=lambda r: ..., on_failure=lambda e: ..., changes={"estates"})
    runner.db(work, pass_task=True)   # work(task) may call task.report(done, total)
                                      # and check task.cancelled()

The runner itself never shows a dialog: failures without an ``on_failure`` go to
``default_failure`` (set by the application to its error presenter).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Task:
    """One submitted operation; its work function may report progress and poll for cancel."""

    runner: TaskRunner
    label: str = ""
    changes: frozenset[str] = frozenset()
    on_success: Callable[[Any], None] | None = None
    on_failure: Callable[[BaseException], None] | None = None
    _cancel: threading.Event = field(default_factory=threading.Event)
    done: bool = False

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> None:
        """Thread-safe: the GUI receives it through a queued signal."""
        self.runner._progress.emit(self, done, total)


class TaskRunner(QObject):
    """Owns the database worker and the network worker; lives in the GUI thread."""

    #: frozenset of register kinds (e.g. {"estates"}) that an operation changed
    changed = Signal(object)
    #: (done, total, label) of the running task that reports progress
    progress = Signal(int, int, str)
    #: number of queued or running tasks, whenever it changes
    pending_changed = Signal(int)
    #: a task's own progress (task, done, total) for its dialog
    task_progress = Signal(object, int, int)

    # (task, ok, payload); ok travels as int: a queued bool argument upset refcounts in PySide6
    _deliver = Signal(object, int, object)
    _progress = Signal(object, int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = ThreadPoolExecutor(1, thread_name_prefix="wuye-db")
        self._net = ThreadPoolExecutor(1, thread_name_prefix="wuye-net")
        self._pending = 0
        self._closed = False
        self.default_failure: Callable[[BaseException], None] = self._log_failure
        # Queued explicitly: emitted on a worker thread, handled on the GUI thread.
        self._deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)
        self._progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)

    # --- submitting ------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        return self._pending

    def db(self, work: Callable[..., Any], *, on_success: Callable[[Any], None] | None = None,
           on_failure: Callable[[BaseException], None] | None = None,
           changes: Iterable[str] = (), label: str = "", pass_task: bool = False) -> Task:
        """Run ``work`` on the database thread (after every earlier database task)."""
        return self._submit(self._db, work, on_success, on_failure, changes, label, pass_task)

    def net(self, work: Callable[..., Any], *, on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None,
            changes: Iterable[str] = (), label: str = "", pass_task: bool = False) -> Task:
        """Run ``work`` on the network thread (never blocks database work)."""
        return self._submit(self._net, work, on_success, on_failure, changes, label, pass_task)

    def _submit(self, pool: ThreadPoolExecutor, work: Callable[..., Any],
                on_success: Callable[[Any], None] | None,
                on_failure: Callable[[BaseException], None] | None,
                changes: Iterable[str], label: str, pass_task: bool) -> Task:
        task = Task(self, label, frozenset(changes), on_success, on_failure)
        if self._closed:
            # A timer that fires during shutdown: nothing to do, and nobody to tell.
            log.debug("task %r submitted after shutdown: dropped", label)
            task.done = True
            return task
        self._pending += 1
        self.pending_changed.emit(self._pending)

        def run() -> None:
            try:
                result = work(task) if pass_task else work()
            except BaseException as exc:  # delivered to the GUI thread, never lost
                self._deliver.emit(task, 0, exc)
            else:
                self._deliver.emit(task, 1, result)

        pool.submit(run)
        return task

    # --- delivering ------------------------------------------------------------------------

    def _on_deliver(self, task: Task, ok: int, payload: Any) -> None:
        task.done = True
        self._pending -= 1
        try:
            if ok:
                if task.on_success is not None:
                    task.on_success(payload)
                if task.changes:
                    self.changed.emit(task.changes)
            elif task.on_failure is not None:
                task.on_failure(payload)
            else:
                self.default_failure(payload)
        finally:
            self.pending_changed.emit(self._pending)

    def _on_progress(self, task: Task, done: int, total: int) -> None:
        self.task_progress.emit(task, done, total)
        self.progress.emit(done, total, task.label)

    @staticmethod
    def _log_failure(exc: BaseException) -> None:
        log.error("background task failed", exc_info=exc)

    # --- lifetime --------------------------------------------------------------------------

    def run_sync(self, work: Callable[[], Any]) -> Any:
        """Run ``work`` on the database thread and wait: only for shutdown and scripts, never
        from an event handler (it blocks the caller)."""
        return self._db.submit(work).result()

    def shutdown(self) -> None:
        """Finish queued database work (so nothing half-written is dropped), then stop."""
        if self._closed:
            return
        self._closed = True
        self._net.shutdown(wait=False, cancel_futures=True)
        self._db.shutdown(wait=True)
