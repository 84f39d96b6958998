"""Fixtures: a real uvicorn server on 127.0.0.1 per database backend (SQLite and PostgreSQL).

PostgreSQL is the one running on 127.0.0.1:5432 (trust auth; ``scripts/bootstrap.sh test`` starts
one when none listens), or the server named by ``WUYE_TEST_PG`` (a libpq connection string or URL
of an administrative database, e.g. ``host=db.example port=5433 user=postgres dbname=postgres``);
each test session makes a throwaway ``wuye_test_<random>`` database there and drops it afterwards.
When PostgreSQL is not reachable the PostgreSQL half is skipped, except under ``CI`` where that is
a failure: the PostgreSQL path must never be skipped silently there.
"""

from __future__ import annotations

import os
import secrets
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
try:
    import wuye_county  # noqa: F401
except ImportError:  # the editable install predates the package; use the source tree
    sys.path.insert(0, str(ROOT / "src"))

import httpx  # noqa: E402
import uvicorn  # noqa: E402
from fastapi import FastAPI  # noqa: E402
from sqlalchemy import Engine  # noqa: E402

from wuye_county.app import create_app  # noqa: E402
from wuye_county.auth import create_enrolment_code  # noqa: E402
from wuye_county.db import make_engine  # noqa: E402

from .helpers import Device, new_community  # noqa: E402

PG_ENV = "WUYE_TEST_PG"
PG_DEFAULT = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def pg_admin_conninfo() -> str:
    """The administrative connection string: ``WUYE_TEST_PG`` or the local default."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    info = conninfo_to_dict(os.environ.get(PG_ENV) or PG_DEFAULT)
    info.setdefault("connect_timeout", "3")  # an unreachable server must not stall the run
    return make_conninfo(**info)


def pg_test_url(admin: str, dbname: str) -> str:
    """The SQLAlchemy URL of database ``dbname`` on the administrative connection's server."""
    from psycopg.conninfo import conninfo_to_dict
    from sqlalchemy.engine import URL

    info = {k: str(v) for k, v in conninfo_to_dict(admin).items()}
    query = {k: v for k, v in info.items()
             if k not in ("host", "port", "user", "password", "dbname", "connect_timeout")}
    host = info.get("host")
    if host and host.startswith("/"):  # a socket directory travels as a query parameter
        query["host"], host = host, None
    return URL.create("postgresql+psycopg", username=info.get("user"),
                      password=info.get("password"), host=host,
                      port=int(info["port"]) if "port" in info else None, database=dbname,
                      query=query).render_as_string(hide_password=False)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pg_database() -> Iterator[str]:
    import psycopg

    conninfo = pg_admin_conninfo()
    try:
        admin = psycopg.connect(conninfo, autocommit=True)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable ({conninfo}; set {PG_ENV}) under CI: {exc}")
        pytest.skip(f"PostgreSQL not reachable ({conninfo}; set {PG_ENV}): {exc}")
    name = f"wuye_test_{secrets.token_hex(6)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield pg_test_url(conninfo, name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


class Server:
    """A running county server and the engine behind it."""

    def __init__(self, url: str, engine: Engine, backend: str) -> None:
        self.url = url
        self.engine = engine
        self.backend = backend
        #: the app served (set by ``_serve``): tests reach its state, e.g. ``capacity``
        self.app: FastAPI | None = None

    def enrol(self, community: str | None = None, name: str = "测试机") -> Device:
        community = community or new_community()
        with self.engine.begin() as conn:
            code, _ = create_enrolment_code(conn, community, "测试社区")
        r = httpx.post(f"{self.url}/auth/enroll", json={"code": code, "device_name": name})
        assert r.status_code == 200, r.text
        return Device(self.url, r.json())


def _serve(db_url: str, backend: str,
           extend: Callable[[FastAPI], None] | None = None) -> Iterator[Server]:
    """Serve a county app on ``db_url``; ``extend`` may add test-only routes first."""
    engine = make_engine(db_url)
    app = create_app(engine)
    if extend is not None:
        extend(app)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    t = threading.Thread(target=server.run, daemon=True)
    t.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not t.is_alive():
            raise RuntimeError("county server did not start")
        time.sleep(0.02)
    served = Server(f"http://127.0.0.1:{port}", engine, backend)
    served.app = app
    try:
        yield served
    finally:
        server.should_exit = True
        t.join(10)
        engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def county(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Server]:
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("county") / "county.sqlite3"
        yield from _serve(f"sqlite:///{path}", "sqlite")
    else:
        for url in _pg_database():
            yield from _serve(url, "postgresql")


@pytest.fixture(scope="session")
def pg_county() -> Iterator[Server]:
    """A PostgreSQL-backed server only, for behaviour SQLite cannot have (late-committing
    transactions); not parametrised, so the test is never collected for SQLite and skipped."""
    for url in _pg_database():
        yield from _serve(url, "postgresql")
