"""Feature services that attach to :class:`~wuye_desktop.services.context.Services` by name.

Features added after the registers (inspections, printing, sync) add an ``install(services)``
function to a module listed here, so the CLI and the GUI get them without import cycles.
"""

from __future__ import annotations

import importlib

from .context import Services

PLUGIN_MODULES: tuple[str, ...] = (
    "wuye_desktop.services.inspections",
    "wuye_desktop.services.printing",
    "wuye_desktop.services.sync",
    "wuye_desktop.services.history",
)


def install(services: Services) -> None:
    for name in PLUGIN_MODULES:
        importlib.import_module(name).install(services)
