"""Fixtures for the sync engine: the county server (tests/county), a desktop database per
device, and the socket-backed test keyring that child processes can reach."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
for p in (str(ROOT / "src"), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)

from wuye_test_keyring import ENV, KeyringServer, SocketKeyring  # noqa: E402

from county.conftest import Server, _pg_database, _serve  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session", autouse=True)
def test_keyring() -> Iterator[KeyringServer]:
    srv = KeyringServer()
    old_env = {k: os.environ.get(k) for k in (ENV, "PYTHON_KEYRING_BACKEND")}
    os.environ[ENV] = srv.address
    os.environ["PYTHON_KEYRING_BACKEND"] = "wuye_test_keyring.SocketKeyring"
    previous = keyring.get_keyring()
    keyring.set_keyring(SocketKeyring())
    yield srv
    keyring.set_keyring(previous)
    for k, v in old_env.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
    srv.close()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Server]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("county") / "county.sqlite3"
        yield from _serve(f"sqlite:///{path}", "sqlite")
    else:
        for url in _pg_database():
            yield from _serve(url, "postgresql")


def child_env() -> dict[str, str]:
    """Environment for a child desktop process: same keyring service, sources importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(HERE), str(ROOT / "tests")])
    return env
