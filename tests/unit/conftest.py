"""Fixtures for the headless core: a fresh data directory and services per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wuye_desktop.paths import AppPaths
from wuye_desktop.services.context import Services, open_services

CODE = "220102003001"


@pytest.fixture
def paths(tmp_path: Path) -> AppPaths:
    return AppPaths(tmp_path / "data").ensure()


@pytest.fixture
def services(paths: AppPaths) -> Iterator[Services]:
    svc = open_services(paths, user="测试员")
    svc.registers.init_community(CODE, "桃源社区", "南湖街道", "长春市南关区")
    yield svc
    svc.close()


@pytest.fixture
def demo_services(services: Services) -> Services:
    from wuye_desktop.services import demo

    demo.install(services.registers)
    return services


@pytest.fixture
def services_factory(tmp_path: Path) -> Iterator:
    """Make further independent, initialised databases in the same test."""
    made: list[Services] = []

    def make() -> Services:
        svc = open_services(AppPaths(tmp_path / f"extra{len(made)}").ensure(), user="测试员")
        svc.registers.init_community(CODE, "桃源社区")
        made.append(svc)
        return svc

    yield make
    for s in made:
        s.close()
