"""Fixtures: a fresh data directory per test with the demo registers and the inspection
services installed (real SQLite file, real migrations, real photo files)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.paths import AppPaths
from wuye_desktop.services import demo
from wuye_desktop.services.context import Services, open_services


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    svc = open_services(AppPaths(tmp_path / "data"), user="tester")
    demo.install(svc.registers, 1)
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture
def ins(services: Services) -> Any:
    return services.inspections


@pytest.fixture
def quasi_estate(services: Services) -> dict[str, Any]:
    return next(e for e in services.registers.rows("estates")
                if e["management_mode"] is ManagementMode.QUASI and e.get("company_name"))
