"""A count on a sidebar entry (投诉's complaints past deadline, 概览's 待办), kept like 整改's
overdue badge: recounted on the database lane after every change of the areas it counts and
whenever its screen is shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush

from ..changes import Area, OpChanges
from ..services.context import Services
from . import style
from .context import UiContext


class CountBadge(QObject):
    """Appends ``count(services)`` to the title of the sidebar entry ``key`` (red when > 0)."""

    def __init__(self, ctx: UiContext, key: str, title: str, count: Callable[[Services], int],
                 areas: tuple[Area, ...], tooltip: str) -> None:
        super().__init__(ctx.runner)
        self.ctx, self.key, self.title, self.count_fn = ctx, key, title, count
        self.areas, self.tooltip = areas, tooltip
        self.count = -1
        ctx.runner.changed.connect(self._on_changed)
        self.refresh()

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(*self.areas):
            self.refresh()

    def refresh(self) -> None:
        count = self.count_fn
        # a badge is a hint: a failed count leaves the old one rather than interrupting
        self.ctx.db(lambda op: count(op.services), on_success=self.show, on_failure=lambda _e: None)

    def show(self, n: int) -> None:
        self.count = n
        sidebar = getattr(self.ctx.status, "sidebar", None)
        try:
            rows = sidebar.count() if sidebar is not None else 0
        except RuntimeError:  # that main window is gone (tests build several on one runner)
            return
        for i in range(rows):
            item = sidebar.item(i) if sidebar is not None else None
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == self.key:
                item.setText(self.tr("%1 (%2)").replace("%1", self.title).replace("%2", str(n))
                             if n else self.title)
                item.setToolTip(self.tooltip.replace("%1", str(n)) if n else self.title)
                item.setForeground(style.Tone.ERROR.brush() if n else QBrush())
