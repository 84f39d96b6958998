"""What every screen receives: services, the runner, settings and the status bar."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QSettings

from ..services.context import Services
from ..tasks import TaskRunner

if TYPE_CHECKING:
    from .rectifications import OverdueBadge
    from .sync_controller import SyncController


class StatusSink(Protocol):
    def set_sync_state(self, text: str, tooltip: str = "") -> None: ...

    def show_message(self, text: str, msecs: int = 5000) -> None: ...


@dataclass
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
