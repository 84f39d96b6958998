"""Imports every model module so that Base.metadata is complete (used by Alembic and tests).

Each feature keeps its tables in its own module; add new ones here.
"""

from __future__ import annotations

import importlib

MODEL_MODULES = ("wuye_desktop.storage.models", "wuye_desktop.storage.models_inspection",
                 "wuye_desktop.storage.models_sync", "wuye_desktop.storage.models_history",
                 "wuye_desktop.storage.models_revenue", "wuye_desktop.storage.models_selection",
                 "wuye_desktop.storage.models_fund")


def load() -> None:
    for name in MODEL_MODULES:
        importlib.import_module(name)
