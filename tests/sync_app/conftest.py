"""Fixtures for the sync use cases, CLI and screens: a real county server on loopback.

``county_cli`` runs ``wuye-county serve`` as a real process (the acceptance path);
``county`` reuses the in-process uvicorn fixture of tests/county on a SQLite file (cheaper,
and it exposes the server's engine for enrolment codes and revocation). PostgreSQL is covered
by tests/county and tests/sync. The in-memory keyring of tests/conftest.py holds the tokens.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "tests") not in sys.path:
    sys.path.insert(0, str(ROOT / "tests"))

from county.conftest import Server, _serve, free_port  # noqa: E402


@pytest.fixture(scope="session")
def county(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    path = tmp_path_factory.mktemp("county") / "county.sqlite3"
    yield from _serve(f"sqlite:///{path}", "sqlite")


class CountyProcess:
    """``wuye-county serve`` in its own process, on a throwaway SQLite file."""

    def __init__(self, workdir: Path) -> None:
        self.env = dict(os.environ)
        self.env["WUYE_COUNTY_DB"] = f"sqlite:///{workdir / 'county.sqlite3'}"
        self.env["WUYE_COUNTY_DATA"] = str(workdir)
        self.exe = str(Path(sys.executable).parent / "wuye-county")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([self.exe, *args], env=self.env, capture_output=True, text=True,
                              timeout=60)

    def start(self) -> None:
        self.proc = subprocess.Popen([self.exe, "serve", "--host", "127.0.0.1",
                                      "--port", str(self.port)], env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                raise RuntimeError(f"wuye-county serve did not start: {err}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def county_cli(tmp_path: Path) -> Iterator[CountyProcess]:
    c = CountyProcess(tmp_path / "county")
    (tmp_path / "county").mkdir()
    yield c
    c.stop()
