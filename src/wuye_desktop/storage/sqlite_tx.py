"""Real SQLite transactions under SQLAlchemy: we emit BEGIN ourselves.

pysqlite's own transaction handling defers BEGIN until the first INSERT/UPDATE/DELETE, so the
reads before it each see the newest committed data (another connection's commit shows up in
the middle of a "transaction"), DDL runs outside any transaction, and SAVEPOINT misbehaves. The
SQLAlchemy SQLite dialect documents the cure ("Serializable isolation / Savepoints /
Transactional DDL"): switch pysqlite's handling off on each new DBAPI connection and emit BEGIN
in the engine's ``begin`` event. Shared by the desktop and the county server (no Qt here).

Writers begin IMMEDIATE: the write lock is taken up front, so two writers queue on the busy
timeout instead of both reading and then failing at once on the lock upgrade (a deferred
transaction that has read cannot wait for a writer: its snapshot would be stale). Readers begin
DEFERRED: a shared snapshot from their first read to the end, without blocking writers (WAL).
"""

from __future__ import annotations

import sqlite3
from typing import Literal

from sqlalchemy import Connection, Engine, event

#: execution option naming the BEGIN flavour of a connection's transactions
BEGIN_OPTION = "wuye_sqlite_begin"

BeginMode = Literal["DEFERRED", "IMMEDIATE", "EXCLUSIVE"]
_MODES: frozenset[str] = frozenset({"DEFERRED", "IMMEDIATE", "EXCLUSIVE"})


def use_explicit_transactions(engine: Engine, default: BeginMode = "IMMEDIATE") -> None:
    """Make every transaction on ``engine`` a real SQLite transaction.

    ``default`` is the BEGIN flavour of connections that do not ask for another one through
    the :data:`BEGIN_OPTION` execution option (see :func:`readers`).
    """
    if engine.dialect.name != "sqlite":
        raise ValueError(f"not a SQLite engine: {engine.url}")
    if default not in _MODES:
        raise ValueError(f"unknown BEGIN mode {default!r}")

    def _connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # None: pysqlite emits no BEGIN (and no COMMIT before DDL) of its own.
        dbapi_conn.isolation_level = None

    def _begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(BEGIN_OPTION, default)
        if mode not in _MODES:
            raise ValueError(f"unknown BEGIN mode {mode!r}")
        conn.exec_driver_sql(f"BEGIN {mode}")

    # insert=True: before any other connect listener, so pragmas already run in autocommit mode
    event.listen(engine, "connect", _connect, insert=True)
    event.listen(engine, "begin", _begin)


def readers(engine: Engine) -> Engine:
    """The same engine (pool, listeners) whose transactions begin DEFERRED: for reading."""
    return engine.execution_options(**{BEGIN_OPTION: "DEFERRED"})

