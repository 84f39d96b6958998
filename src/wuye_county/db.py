"""Engine creation and schema migration for the county database.

``WUYE_COUNTY_DB`` selects the database (``postgresql+psycopg://…`` in production); without it
the server uses a SQLite file under ``WUYE_COUNTY_DATA`` (or the user data directory), so
``wuye-county serve`` works with no setup.
"""

from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry

from wuye_desktop.storage.sqlite_tx import use_explicit_transactions

MIGRATIONS = Path(__file__).with_name("migrations")


def data_dir() -> Path:
    env = os.environ.get("WUYE_COUNTY_DATA")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("wuye-county", appauthor=False))


def database_url() -> str:
    url = os.environ.get("WUYE_COUNTY_DB")
    if url:
        return url
    d = data_dir()
    d.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{d / 'county.sqlite3'}"


def make_engine(url: str | None = None, *, pool_size: int = 10) -> Engine:
    """The engine; ``pool_size`` connections kept per process (a ``serve`` worker sizes it to
    the device requests it handles at once, plus a few for the console)."""
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                               pool_size=8, max_overflow=8)
        _sqlite_setup(engine)
        return engine
    # psycopg prepares a statement after a few runs, and PostgreSQL may then settle on a generic
    # plan costed while the tables were still tiny (a sequential scan for ``row_id = ANY($1)``),
    # which makes every later batch scan the whole table: push slowed down as the county grew.
    # Planning each of these few statements afresh costs far less than one such scan.
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True,
                         connect_args={"options": "-c plan_cache_mode=force_custom_plan"})


def _sqlite_setup(engine: Engine) -> None:
    # Every transaction IMMEDIATE, readers too: the write lock is taken up front (a deferred
    # transaction that reads and then writes can fail with SQLITE_BUSY at once instead of
    # waiting for the busy timeout), and commit order stays equal to sequence order, which
    # pull's cursor relies on. The mechanism is the desktop's (one implementation).
    use_explicit_transactions(engine, default="IMMEDIATE")

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()


def is_postgres(bind: Engine | Connection) -> bool:
    return bind.dialect.name == "postgresql"


def alembic_config(bind: Connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = bind
    return cfg


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent)."""
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")


def current_txid(conn: Connection) -> int:
    """The writing transaction's id on PostgreSQL (assigns one if needed); 0 on SQLite."""
    if not is_postgres(conn):
        return 0
    return int(conn.execute(text("SELECT pg_current_xact_id()::text::bigint")).scalar_one())


def safe_txid_horizon(conn: Connection) -> int | None:
    """Every transaction with a smaller id has finished (PostgreSQL); None on SQLite."""
    if not is_postgres(conn):
        return None
    return int(conn.execute(
        text("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")).scalar_one())
