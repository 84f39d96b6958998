"""Fixtures several test folders share: the demo community as services, or as a data folder
for the command line, and a way to run a command and read what it printed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from wuye_desktop.__main__ import main
from wuye_desktop.paths import AppPaths
from wuye_desktop.services import demo
from wuye_desktop.services.context import Services, open_services


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    """Services on a fresh demo community (one per test)."""
    svc = open_services(AppPaths(tmp_path / "data"), user="tester")
    demo.install(svc.registers, 1)
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder holding the demo community, made by ``wuye-desktop demo`` (per module)."""
    d = tmp_path_factory.mktemp("demo")
    assert main(["--data-dir", str(d), "demo"]) == 0
    return d


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``wuye-desktop ARGV``: (exit code, stdout, stderr)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
