"""Fixtures: a fresh data directory per test with the demo registers and the inspection
services installed (real SQLite file, real migrations, real photo files)."""

from __future__ import annotations

from typing import Any

import pytest

from demo_fixtures import demo_dir, services  # noqa: F401  (fixtures)
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.services.context import Services


@pytest.fixture
def ins(services: Services) -> Any:
    return services.inspections


@pytest.fixture
def quasi_estate(services: Services) -> dict[str, Any]:
    return next(e for e in services.registers.rows("estates")
                if e["management_mode"] is ManagementMode.QUASI and e.get("company_name"))
