"""What every screen receives: services, the runner, settings and the status bar; and the one
way a screen submits background work (:meth:`UiContext.db`, :meth:`UiContext.net`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload

from PySide6.QtCore import QSettings

from ..changes import Changed
from ..services.context import Services
from ..tasks import FailureHandler, OpContext, Task, TaskRunner

if TYPE_CHECKING:
    from .badges import CountBadge
    from .rectifications import OverdueBadge
    from .sync_controller import SyncController

T = TypeVar("T")


class StatusSink(Protocol):
    def set_sync_state(self, text: str, tooltip: str = "") -> None: ...

    def show_message(self, text: str, msecs: int = 5000) -> None: ...


@dataclass(eq=False)
class UiContext:
    """Passed explicitly to every screen (no global registry to patch in tests)."""

    services: Services
    runner: TaskRunner
    settings: QSettings
    status: StatusSink | None = None
    #: the per-window sync controller (timer, indicator), made once by ``controller_for``
    sync_controller: SyncController | None = None
    #: the navigation item's overdue count for 整改, made by the rectification screen's spec
    overdue_badge: OverdueBadge | None = None
    #: 投诉's count of complaints past deadline, made by the complaint screen's spec
    complaint_badge: CountBadge | None = None
    #: 概览's 待办 count (what is overdue), made by the overview's spec
    todo_badge: CountBadge | None = None

    # --- submitting operations (they receive these services; see tasks.py) ------------------

    @overload
    def db(self, work: Callable[[OpContext], Changed[T]], *,
           on_success: Callable[[T], object] | None = None,
           on_failure: FailureHandler | None = None, label: str = "") -> Task: ...

    @overload
    def db(self, work: Callable[[OpContext], T], *,
           on_success: Callable[[T], object] | None = None,
           on_failure: FailureHandler | None = None, label: str = "") -> Task: ...

    def db(self, work: Callable[[OpContext], Any], *,
           on_success: Callable[[Any], object] | None = None,
           on_failure: FailureHandler | None = None, label: str = "") -> Task:
        """Run ``work(op)`` on the database thread with this window's services."""
        return self.runner.db(work, services=self.services, on_success=on_success,
                              on_failure=on_failure, label=label)

    @overload
    def net(self, work: Callable[[OpContext], Changed[T]], *,
            on_success: Callable[[T], object] | None = None,
            on_failure: FailureHandler | None = None, label: str = "") -> Task: ...

    @overload
    def net(self, work: Callable[[OpContext], T], *,
            on_success: Callable[[T], object] | None = None,
            on_failure: FailureHandler | None = None, label: str = "") -> Task: ...

    def net(self, work: Callable[[OpContext], Any], *,
            on_success: Callable[[Any], object] | None = None,
            on_failure: FailureHandler | None = None, label: str = "") -> Task:
        """Run ``work(op)`` on the network thread with this window's services."""
        return self.runner.net(work, services=self.services, on_success=on_success,
                               on_failure=on_failure, label=label)
