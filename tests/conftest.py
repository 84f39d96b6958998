"""Shared fixtures for every test area: a fresh data directory per test, offscreen Qt, a fake
keyring. Area-specific fixtures live in ``tests/<area>/conftest.py``."""

from __future__ import annotations

import os

# Before any Qt import anywhere: widgets render offscreen, and error dialogs become log lines.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WUYE_NO_DIALOGS", "1")

import functools
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pytestqt.qtbot import QtBot

from wuye_desktop.paths import AppPaths, resolve

# A test's own HTTP calls wait as long as the desktop's sync client does (30 s and more) unless
# they ask for less. httpx's 5 s default is too short for the suite's second run, the clock a
# year ahead under libfaketime: its wrapping of pthread condition waits makes CPython's GIL
# hand-offs between threads several times slower, and a county server thread that answers in
# 0.2 s otherwise took over 5 s there on a loaded machine (CI failed on two such reads).
for _name in ("request", "get", "post", "put", "patch", "delete", "head", "options", "stream"):
    setattr(httpx, _name, functools.partial(getattr(httpx, _name), timeout=60))
# The same run makes the background runner's deliveries to the GUI thread slower too, so a GUI
# wait that names no bound gives them 20 s, not pytest-qt's 5 s (a test's own bound still wins).
QtBot.waitUntil = functools.partialmethod(QtBot.waitUntil, timeout=20000)  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty data directory per test, also exported as ``WUYE_DATA_DIR`` so code that
    resolves paths from the environment (the CLI, subprocesses) uses it too."""
    d = tmp_path / "data"
    monkeypatch.setenv("WUYE_DATA_DIR", str(d))
    return d


@pytest.fixture
def app_paths(data_dir: Path) -> AppPaths:
    """The :class:`AppPaths` of the test's data directory (directories created)."""
    return resolve(data_dir).ensure()


@pytest.fixture
def damaged_db(app_paths: AppPaths) -> Path:
    """A community's database whose schema reads fine but one data page is smashed: it opens,
    and only the full integrity check (``PRAGMA quick_check``) finds the damage."""
    import sqlite3

    from wuye_desktop.services.context import open_services

    svc = open_services(app_paths)
    svc.registers.init_community("220102003001", "桃源社区")
    svc.close()
    con = sqlite3.connect(app_paths.database)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("CREATE TABLE ballast (n INTEGER PRIMARY KEY, t TEXT)")  # a table nothing reads
    con.executemany("INSERT INTO ballast (t) VALUES (?)", [("x" * 200,) for _ in range(2000)])
    con.commit()
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ballast'").fetchone()[0]
    page = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    raw = bytearray(app_paths.database.read_bytes())
    raw[(root - 1) * page + 8:root * page] = b"\xa5" * (page - 8)  # the table's interior page
    app_paths.database.write_bytes(bytes(raw))
    return app_paths.database


@pytest.fixture(autouse=True, scope="session")
def fake_keyring() -> Iterator[object]:
    """An in-memory keyring backend for the whole run (Linux CI has no usable backend)."""
    try:
        import keyring
        from keyring.backend import KeyringBackend
    except ImportError:  # pragma: no cover - keyring is a dependency
        yield None
        return

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    backend = MemoryKeyring()
    previous = keyring.get_keyring() if hasattr(keyring, "get_keyring") else None
    keyring.set_keyring(backend)
    yield backend
    if previous is not None:
        keyring.set_keyring(previous)


# --- the clock ------------------------------------------------------------------------------
#: the business date of every service the tests build (see ``wuye_desktop.clock``)
TEST_TODAY = "2026-11-20"


@pytest.fixture(autouse=True, scope="session")
def pinned_clock() -> Iterator[str]:
    """Pin "today" for the whole run, in this process and in every CLI subprocess (they inherit
    the environment): no test may depend on the real date, and the suite must pass whatever the
    system clock says. A ``WUYE_CLOCK_TODAY`` already set by the caller wins, to try other dates."""
    from wuye_desktop.clock import CLOCK_ENV

    previous = os.environ.get(CLOCK_ENV)
    os.environ[CLOCK_ENV] = previous or TEST_TODAY
    yield os.environ[CLOCK_ENV]
    if previous is None:
        os.environ.pop(CLOCK_ENV, None)


#: markers applied by directory and by fixture, so a marker means the same everywhere
_GUI_DIRS = ("gui", "gui_inspections")
_SLOW_DIRS = ("delivery",)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    root = Path(__file__).resolve().parent
    for item in items:
        try:
            area = Path(str(item.fspath)).resolve().relative_to(root).parts[0]
        except ValueError:
            continue
        fixtures = set(getattr(item, "fixturenames", ()))
        if area in _GUI_DIRS or "qtbot" in fixtures or "qapp" in fixtures:
            item.add_marker(pytest.mark.gui)
        if area in _SLOW_DIRS:
            item.add_marker(pytest.mark.slow)
        callspec = getattr(item, "callspec", None)
        params = callspec.params.values() if callspec is not None else ()
        if "pg_county" in fixtures or "postgresql" in [p for p in params if isinstance(p, str)]:
            item.add_marker(pytest.mark.postgres)
        if item.get_closest_marker("postgres") or "postgresql" in item.name:
            # One xdist worker runs every PostgreSQL test (``--dist loadgroup``): the pull's
            # horizon is cluster-wide, so another worker's open transaction would hold back
            # this worker's pulls (and the tests that hold one open on purpose, everybody's).
            item.add_marker(pytest.mark.xdist_group("postgresql"))
