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

import gc
import itertools
import logging
import queue
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal

log = logging.getLogger(__name__)

#: how long shutdown waits for a running network request before leaving its thread behind
NET_JOIN_TIMEOUT = 15.0


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
    work: Callable[..., Any] | None = field(default=None, repr=False)
    pass_task: bool = False
    #: (ok, result or exception), set by the worker just before it hands the task back
    outcome: tuple[bool, Any] | None = field(default=None, repr=False)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> None:
        """Thread-safe: the GUI receives it through a queued signal."""
        self.runner._progress.emit(self, done, total)


def _execute(task: Task) -> None:
    """Run the task's work and store its outcome on the task (never raises)."""
    work = task.work
    assert work is not None
    try:
        result = work(task) if task.pass_task else work()
    except BaseException as exc:  # delivered to the GUI thread, never lost
        task.outcome = (False, exc)
    else:
        task.outcome = (True, result)


def _receiver_gone(callback: Callable[..., Any]) -> bool:
    """True when the Qt object a callback belongs to (a bound method's ``self``, or one a
    lambda captured) has been deleted: the window closed while its results were on their way,
    and calling it would raise "Internal C++ object already deleted" (or crash)."""
    owner = getattr(callback, "__self__", None)
    candidates = [owner] if owner is not None else []
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            candidates.append(cell.cell_contents)
        except ValueError:  # an empty cell
            continue
    return any(isinstance(c, QObject) and not shiboken6.isValid(c) for c in candidates)


class _GuiThreadGc:
    """Cyclic garbage is collected on the GUI thread only while worker threads run.

    Python collects cycles on whichever thread happens to allocate; a cycle holding a widget
    (a screen and its signal closures) collected on the database thread destroys the widget
    and its timers there. So automatic collection is off while any runner is open and a timer
    on the GUI thread collects instead, with the interpreter's own thresholds.
    """

    users = 0
    timer: QTimer | None = None

    @classmethod
    def acquire(cls) -> None:
        cls.users += 1
        if cls.users == 1:
            gc.disable()
            cls.timer = QTimer()
            cls.timer.setInterval(500)
            cls.timer.timeout.connect(cls.collect)
            cls.timer.start()

    @classmethod
    def release(cls) -> None:
        cls.users -= 1
        if cls.users == 0:
            if cls.timer is not None:
                cls.timer.stop()
                cls.timer.deleteLater()
                cls.timer = None
            gc.collect()
            gc.enable()

    @staticmethod
    def collect() -> None:
        threshold, count = gc.get_threshold(), gc.get_count()
        for gen in (2, 1, 0):
            if count[gen] > threshold[gen]:
                gc.collect(gen)
                return


class _Lane:
    """One worker thread fed by a queue of task tokens.

    The thread holds no task, callback or result once it has handed a task back: the runner's
    ``_inflight`` table (touched only on the GUI thread) owns them, so they are always freed on
    the GUI thread. Freeing them on a worker thread destroyed the widgets their callbacks
    captured (and the runner with its timers) there: "QObject::killTimer: Timers cannot be
    stopped from another thread" and segfaults in the tests.
    """

    def __init__(self, runner: TaskRunner, name: str) -> None:
        self.name = name
        self.queue: queue.SimpleQueue[int | None] = queue.SimpleQueue()
        self.cancelled = False
        self.thread = threading.Thread(target=runner._lane_loop, args=(self,), name=name,
                                       daemon=True)
        self.started = False

    def put(self, token: int) -> None:
        if not self.started:
            self.started = True
            self.thread.start()
        self.queue.put(token)

    def stop(self) -> None:
        if self.started:
            self.queue.put(None)


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

    # the token of a finished task: only a number crosses threads, the task stays in _inflight
    _deliver = Signal(object)
    _progress = Signal(object, int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = _Lane(self, "wuye-db")
        self._net = _Lane(self, "wuye-net")
        # token -> task; written on the GUI thread only (workers only read it)
        self._inflight: dict[int, Task | _SyncCall] = {}
        self._tokens = itertools.count(1)
        self._pending = 0
        self._closed = False
        self.default_failure: Callable[[BaseException], None] = self._log_failure
        # Queued explicitly: emitted on a worker thread, handled on the GUI thread.
        self._deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)
        self._progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        _GuiThreadGc.acquire()

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

    def _submit(self, lane: _Lane, work: Callable[..., Any],
                on_success: Callable[[Any], None] | None,
                on_failure: Callable[[BaseException], None] | None,
                changes: Iterable[str], label: str, pass_task: bool) -> Task:
        task = Task(self, label, frozenset(changes), on_success, on_failure, work=work,
                    pass_task=pass_task)
        if self._closed:
            # A timer that fires during shutdown: nothing to do, and nobody to tell.
            log.debug("task %r submitted after shutdown: dropped", label)
            task.done = True
            task.work = None
            return task
        self._pending += 1
        self.pending_changed.emit(self._pending)
        token = next(self._tokens)
        self._inflight[token] = task
        lane.put(token)
        return task

    # --- the worker threads ----------------------------------------------------------------

    def _lane_loop(self, lane: _Lane) -> None:
        while True:
            token = lane.queue.get()
            if token is None:
                return
            task = self._inflight.get(token)
            if task is None or lane.cancelled:
                del task
                continue
            if isinstance(task, _SyncCall):
                task.run()
                del task
                continue
            _execute(task)
            # Drop our reference before handing the task back, so the GUI thread's is the last.
            del task
            try:
                self._deliver.emit(token)
            except RuntimeError:  # the runner's C++ side is gone: nobody is waiting
                return

    # --- delivering ------------------------------------------------------------------------

    def _on_deliver(self, token: int) -> None:
        task = self._inflight.pop(token, None)
        if not isinstance(task, Task):  # dropped by shutdown
            return
        task.done = True
        task.work = None
        outcome, task.outcome = task.outcome, None
        assert outcome is not None
        ok, payload = outcome
        self._pending -= 1
        callback = task.on_success if ok else task.on_failure
        if callback is not None and _receiver_gone(callback):
            log.debug("task %r finished after its receiver was deleted: dropped", task.label)
            if ok and task.changes:  # the change happened: other views still refresh
                self.changed.emit(task.changes)
            self.pending_changed.emit(self._pending)
            return
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
        if self._closed:  # the database thread is gone: nobody else can touch the database
            return work()
        call = _SyncCall(work)
        token = next(self._tokens)
        self._inflight[token] = call
        try:
            self._db.put(token)
            return call.wait()
        finally:
            self._inflight.pop(token, None)

    def shutdown(self) -> None:
        """Finish queued database work (so nothing half-written is dropped), then stop.

        Both worker threads are joined here, on the GUI thread, and every undelivered task is
        dropped: its callbacks would reach windows that are closing (at teardown, deleted
        ones: "QChartView already deleted"), and it must be freed here rather than on a
        worker."""
        if self._closed:
            return
        self._closed = True
        self._net.cancelled = True
        self._net.stop()
        self._db.stop()
        if self._db.started:
            self._db.thread.join()
        if self._net.started:
            self._net.thread.join(NET_JOIN_TIMEOUT)
            if self._net.thread.is_alive():
                log.warning("network request still running at shutdown; left behind")
        self._inflight.clear()
        self._pending = 0
        _GuiThreadGc.release()


class _SyncCall:
    """A ``run_sync`` call: the caller waits on it, so it is never delivered by signal."""

    def __init__(self, work: Callable[[], Any]) -> None:
        self.work: Callable[[], Any] | None = work
        self._done = threading.Event()
        self._outcome: tuple[bool, Any] | None = None

    def run(self) -> None:
        work = self.work
        assert work is not None
        try:
            self._outcome = (True, work())
        except BaseException as exc:
            self._outcome = (False, exc)
        del work
        self._done.set()

    def wait(self) -> Any:
        self._done.wait()
        self.work = None
        outcome, self._outcome = self._outcome, None
        assert outcome is not None
        ok, payload = outcome
        if ok:
            return payload
        raise payload
