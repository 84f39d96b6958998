"""Headless command line: the admin and scripting surface beside the GUI.

Each command group lives in its own module exposing ``register(subparsers, common)``; add new
modules to :data:`COMMAND_MODULES`. Exit codes: 0 ok, 1 the user's data or file is wrong (a
Chinese report on stderr: any ``UserError`` a command lets escape), 2 usage or cancelled, 3 a bug
(a crash report under the log directory; see :mod:`wuye_desktop.failures`).
"""

from __future__ import annotations

from ..failures import EXIT_BUG, EXIT_DATA, EXIT_OK, EXIT_USAGE

COMMAND_MODULES = (
    "wuye_desktop.cli.registers",
    "wuye_desktop.cli.inspections",
    "wuye_desktop.cli.printing",
    "wuye_desktop.cli.sync",
    "wuye_desktop.cli.history",
    "wuye_desktop.cli.complaints",
    "wuye_desktop.cli.surveys",
    "wuye_desktop.cli.committees",
    "wuye_desktop.cli.schedules",
    "wuye_desktop.cli.revenue",
    "wuye_desktop.cli.selections",
    "wuye_desktop.cli.fund",
)

__all__ = ["COMMAND_MODULES", "EXIT_BUG", "EXIT_DATA", "EXIT_OK", "EXIT_USAGE"]
