"""Fixtures: a fresh data directory with the demo registers (real SQLite, real migrations)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

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
