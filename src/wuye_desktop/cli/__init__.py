"""Headless command line: the admin and scripting surface beside the GUI.

Each command group lives in its own module exposing ``register(subparsers, common)``; add new
modules to :data:`COMMAND_MODULES`. Exit codes: 0 ok, 1 the user's data or file is wrong (a
Chinese report on stderr), 2 usage.
"""

from __future__ import annotations

COMMAND_MODULES = (
    "wuye_desktop.cli.registers",
    "wuye_desktop.cli.inspections",
    "wuye_desktop.cli.printing",
    "wuye_desktop.cli.sync",
    "wuye_desktop.cli.history",
)

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2
