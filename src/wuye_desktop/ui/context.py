"""What every screen receives: services, the runner, settings and the status bar."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtCore import QSettings

from ..services.context import Services
from ..tasks import TaskRunner


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
    #: community name etc., filled after start
    extra: dict[str, Any] = field(default_factory=dict)
