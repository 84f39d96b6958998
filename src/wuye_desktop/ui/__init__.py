"""The Qt layer: main window, one module per screen, Qt models, widgets and dialogs.

Adding a screen (检查, 整改, 文书, 同步 …)
========================================

A screen is any ``QWidget``; subclass :class:`~wuye_desktop.ui.screen.Screen` to get the hooks
the main window calls (all optional). Write a module with a ``screens(ctx)`` function that returns
:class:`ScreenSpec` objects and add the module's name to :data:`SCREEN_MODULES`::

    # src/wuye_desktop/ui/inspections.py
    from PySide6.QtCore import QCoreApplication
    from wuye_desktop.ui import ScreenSpec
    from wuye_desktop.ui.screen import Screen

    class InspectionsScreen(Screen):
        def __init__(self, ctx):
            super().__init__(ctx)
            ...                     # never open a dialog or touch the database here

        def activate(self): ...     # shown: load data through ctx.db(op -> ...)
        def can_leave(self): ...    # False keeps the user here (unsaved changes)
        def new_record(self): ...   # 新建 Ctrl+N
        def save(self): ...         # 保存 Ctrl+S
        def focus_search(self): ... # 查找 Ctrl+F
        def print_(self): ...       # 打印 Ctrl+P (enabled when can_print() is True)

    def screens(ctx):
        tr = lambda s: QCoreApplication.translate("InspectionsScreen", s)
        return [ScreenSpec("inspections", tr("Inspections"), InspectionsScreen, order=60)]

``ctx`` is a :class:`~wuye_desktop.ui.context.UiContext`: ``ctx.services`` (the headless
services, used ONLY by operations: ``ctx.db(lambda op: op.services.registers.get(...),
on_success=...)``; network work through ``ctx.net``), ``ctx.runner`` (listen to
``ctx.runner.changed`` — an :class:`~wuye_desktop.changes.OpChanges` — to refresh; writes return
their changes, see :mod:`wuye_desktop.ui.ops`), ``ctx.settings`` (QSettings in the data
directory) and ``ctx.status`` (the status bar: ``set_sync_state(text, tooltip)`` for the sync
screen).

Orders in use: 10 overview, 20–25 registers (estates, buildings, leads, companies, committees);
leave 60–90 for inspections, rectifications, documents and sync. Screens are built lazily, the
first time the user opens them, so a screen costs nothing at start.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from .context import UiContext

log = logging.getLogger(__name__)

#: modules that contribute screens; each has ``screens(ctx) -> list[ScreenSpec]``
SCREEN_MODULES: tuple[str, ...] = (
    "wuye_desktop.ui.overview",
    "wuye_desktop.ui.register_screens",
    "wuye_desktop.ui.documents",
    "wuye_desktop.ui.inspections",
    "wuye_desktop.ui.schedules",
    "wuye_desktop.ui.rectifications",
    "wuye_desktop.ui.complaints",
    "wuye_desktop.ui.surveys",
    "wuye_desktop.ui.revenue",
    "wuye_desktop.ui.selections",
    "wuye_desktop.ui.fund",
    "wuye_desktop.ui.sync_screen",
    "wuye_desktop.ui.trash",
    # later issues: "wuye_desktop.ui.inspections", "wuye_desktop.ui.rectifications",
    # "wuye_desktop.ui.documents", "wuye_desktop.ui.sync_screen"
)


@dataclass(frozen=True)
class ScreenSpec:
    """One entry of the sidebar: a stable key, its (translated) title, and how to build it."""

    key: str
    title: str
    factory: Callable[[UiContext], QWidget]
    order: int = 50
    #: optional icon file name under resources/icons
    icon: str = ""
    tooltip: str = ""


def collect_screens(ctx: UiContext, modules: tuple[str, ...] | None = None) -> list[ScreenSpec]:
    """Every screen from ``modules`` (default :data:`SCREEN_MODULES`), sorted by order."""
    specs: list[ScreenSpec] = []
    for name in modules if modules is not None else SCREEN_MODULES:
        mod: Any = importlib.import_module(name)
        specs += list(mod.screens(ctx))
    keys = [s.key for s in specs]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise ValueError(f"duplicate screen keys: {sorted(dupes)}")
    return sorted(specs, key=lambda s: (s.order, s.key))


__all__ = ["SCREEN_MODULES", "ScreenSpec", "collect_screens"]
