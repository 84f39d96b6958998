"""The one background runner: database work serialised on one worker thread, network on another.

Why: SQLite and SQLAlchemy are happiest when one thread owns the database (no ad-hoc locks, no
"database is locked" between our own threads), and the GUI thread must never wait on the disk or
the network.

An *operation* (after Anki's ``CollectionOp``/``QueryOp``) is a function that receives an
:class:`OpContext` — the services, progress reporting, cancellation — and captures no widget.
It returns its result (a read) or ``Changed(result, changes)`` (a write, with the
:class:`~wuye_desktop.changes.OpChanges` it made). ``on_success(result)`` runs on the GUI thread,
then the runner's ``changed`` signal announces the changes once, so views refresh only what
moved. Failure handling is there by construction: without an ``on_failure`` the exception goes
to ``default_failure`` (the application's error presenter).

Usage (screens go through :meth:`UiContext.db <wuye_desktop.ui.context.UiContext.db>`, which
passes the window's services)::

    ctx.db(lambda op: op.services.registers.get(kind, row_id), on_success=self.show)
    ctx.db(ops.save_record(kind, values, row_id), on_success=self.saved)   # -> Changed[...]
    ctx.net(lambda op: op.services.sync.run(), label=...)                  # the network lane
    def work(op: OpContext) -> int:                   # progress and cancel
        for n, item in enumerate(items):
            if op.cancelled():
                break
            op.report(n, len(items))

Read every widget value on the GUI thread *before* submitting and pass plain values in.
"""

from __future__ import annotations

import gc
import itertools
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, overload

import shiboken6
from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal

from .changes import NOTHING, Changed, OpChanges

if TYPE_CHECKING:
    from .services.context import Services

T = TypeVar("T")

#: what a failure handler looks like: it gets the exception on the GUI thread
FailureHandler = Callable[[BaseException], object]

log = logging.getLogger(__name__)

#: how long shutdown waits for a running network request before leaving its thread behind
NET_JOIN_TIMEOUT = 15.0


@dataclass(eq=False)
class Task:
    """One submitted operation, as the GUI thread holds it (``cancel()``; progress dialogs
    match it in ``task_progress``)."""

    runner: TaskRunner
    label: str = ""
    on_success: Callable[[Any], object] | None = None
    on_failure: FailureHandler | None = None
    _cancel: threading.Event = field(default_factory=threading.Event)
    done: bool = False
    work: Callable[[OpContext], Any] | None = field(default=None, repr=False)
    services: Services | None = field(default=None, repr=False)
    #: (ok, result or exception), set by the worker just before it hands the task back
    outcome: tuple[bool, Any] | None = field(default=None, repr=False)

    def cancel(self) -> None:
        self._cancel.set()

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> None:
        """Thread-safe: the GUI receives it through a queued signal."""
        self.runner._progress.emit(self, done, total)


class OpContext:
    """What an operation's function receives on its worker thread: the services of the window
    that submitted it, progress reporting and the cancel flag. Never a widget."""

    __slots__ = ("_services", "_task")

    def __init__(self, task: Task, services: Services | None) -> None:
        self._task = task
        self._services = services

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("this operation was submitted without services")
        return self._services

    def report(self, done: int, total: int) -> None:
        """Progress ``done`` of ``total``: the window's progress dialog shows it."""
        self._task.report(done, total)

    def cancelled(self) -> bool:
        """True once the person pressed 取消 (poll between steps and stop early)."""
        return self._task.cancelled()


def _execute(task: Task) -> None:
    """Run the task's work and store its outcome on the task (never raises)."""
    work = task.work
    assert work is not None
    try:
        result = work(OpContext(task, task.services))
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

    #: the :class:`~wuye_desktop.changes.OpChanges` an operation made (never empty)
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
        #: where failures go when the call site gave no ``on_failure`` (the app's presenter)
        self.default_failure: FailureHandler = self._log_failure
        # Queued explicitly: emitted on a worker thread, handled on the GUI thread.
        self._deliver.connect(self._on_deliver, Qt.ConnectionType.QueuedConnection)
        self._progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        _GuiThreadGc.acquire()

    # --- submitting ------------------------------------------------------------------------

    @property
    def pending(self) -> int:
        return self._pending

    @overload
    def db(self, work: Callable[[OpContext], Changed[T]], *, services: Services | None = None,
           on_success: Callable[[T], object] | None = None,
           on_failure: FailureHandler | None = None, label: str = "") -> Task: ...

    @overload
    def db(self, work: Callable[[OpContext], T], *, services: Services | None = None,
           on_success: Callable[[T], object] | None = None,
           on_failure: FailureHandler | None = None, label: str = "") -> Task: ...

    def db(self, work: Callable[[OpContext], Any], *, services: Services | None = None,
           on_success: Callable[[Any], object] | None = None,
           on_failure: FailureHandler | None = None, label: str = "") -> Task:
        """Run the operation ``work`` on the database thread (after every earlier one).

        ``work(op)`` returns its result, or ``Changed(result, changes)`` when it wrote:
        ``on_success`` gets the result, then ``changed`` carries the changes. Without
        ``on_failure`` a failure goes to :attr:`default_failure`."""
        return self._submit(self._db, work, services, on_success, on_failure, label)

    @overload
    def net(self, work: Callable[[OpContext], Changed[T]], *, services: Services | None = None,
            on_success: Callable[[T], object] | None = None,
            on_failure: FailureHandler | None = None, label: str = "") -> Task: ...

    @overload
    def net(self, work: Callable[[OpContext], T], *, services: Services | None = None,
            on_success: Callable[[T], object] | None = None,
            on_failure: FailureHandler | None = None, label: str = "") -> Task: ...

    def net(self, work: Callable[[OpContext], Any], *, services: Services | None = None,
            on_success: Callable[[Any], object] | None = None,
            on_failure: FailureHandler | None = None, label: str = "") -> Task:
        """Run the operation ``work`` on the network thread (never blocks database work);
        as :meth:`db` otherwise (Anki's ``QueryOp.without_collection``)."""
        return self._submit(self._net, work, services, on_success, on_failure, label)

    def _submit(self, lane: _Lane, work: Callable[[OpContext], Any],
                services: Services | None, on_success: Callable[[Any], object] | None,
                on_failure: FailureHandler | None, label: str) -> Task:
        if QThread.currentThread() is not self.thread():
            # Anki's taskman complains too: results would be delivered to the wrong thread.
            raise RuntimeError("operations are submitted from the GUI thread only")
        task = Task(self, label, on_success, on_failure, work=work, services=services)
        if self._closed:
            # A timer that fires during shutdown: nothing to do, and nobody to tell.
            log.debug("task %r submitted after shutdown: dropped", label)
            task.done = True
            task.work = None
            task.services = None
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
        task.services = None
        outcome, task.outcome = task.outcome, None
        assert outcome is not None
        ok, payload = outcome
        self._pending -= 1
        changes: OpChanges = NOTHING
        if ok and isinstance(payload, Changed):
            payload, changes = payload.value, payload.changes
        callback = task.on_success if ok else task.on_failure
        if callback is not None and _receiver_gone(callback):
            log.debug("task %r finished after its receiver was deleted: dropped", task.label)
            if changes:  # the change happened: other views still refresh
                self.changed.emit(changes)
            self.pending_changed.emit(self._pending)
            return
        try:
            if ok:
                if task.on_success is not None:
                    task.on_success(payload)
                if changes:
                    self.changed.emit(changes)
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

    def run_sync(self, work: Callable[[], T]) -> T:
        """Run ``work`` on the database thread and wait: only for shutdown and scripts, never
        from an event handler (it blocks the caller)."""
        if self._closed:  # the database thread is gone: nobody else can touch the database
            return work()
        call = _SyncCall(work)
        token = next(self._tokens)
        self._inflight[token] = call
        try:
            self._db.put(token)
            result: T = call.wait()
            return result
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
