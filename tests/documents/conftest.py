"""Fixtures: a demo community (registers and finalised inspections) built once per session;
each test gets its own copy, with the feature services installed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from wuye_desktop.__main__ import main
from wuye_desktop.paths import AppPaths, resolve
from wuye_desktop.services.context import Services, open_services


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("docdemo") / "data"
    assert main(["--data-dir", str(d), "demo"]) == 0
    return d


@pytest.fixture
def demo_copy(demo_dir: Path, data_dir: Path) -> Path:
    """The test's data directory holding a copy of the demo community."""
    shutil.copytree(demo_dir, data_dir, dirs_exist_ok=True)
    return data_dir


@pytest.fixture
def svc(demo_copy: Path) -> Iterator[Services]:
    paths: AppPaths = resolve(demo_copy).ensure()
    s = open_services(paths)
    yield s
    s.close()
