"""Set-based statements for a whole batch: one round trip per table instead of one per row.

On PostgreSQL a batch of rows is sent as **one** JSON text parameter and expanded on the
server by ``json_to_recordset``: a single statement, a single parameter to adapt, and one
``json.dumps`` of the whole list (C-accelerated) instead of one adapter call per cell. That is
what lets push keep up with a raw ``executemany`` (psycopg's pipelined executemany still adapts
every cell in Python and sends one Bind/Execute per row). Key lists go as one array parameter
(``= ANY(%s)``) rather than an expanding ``IN (…)`` with hundreds of placeholders, which would
also defeat the prepared-statement cache.

On SQLite (embedded, one process) plain ``executemany`` is already cheap, so the helpers fall
back to it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ARRAY, JSON, Column, Connection, Table, and_, any_, bindparam, text, update
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import ColumnElement

from .db import is_postgres


def _default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


#: One encoder for all calls: ``json.dumps`` with options builds a new encoder every time,
#: which dominated COPY's cost at one call per JSON cell.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_default)


def dumps(value: Any) -> str:
    """Compact JSON as PostgreSQL's ``json``/``jsonb`` input accepts it."""
    return _ENCODER.encode(value)


def in_list(conn: Connection, col: ColumnElement[Any] | QueryableAttribute[Any],
            values: Sequence[Any]) -> ColumnElement[bool]:
    """``col IN values`` as one array parameter on PostgreSQL (cacheable, no placeholder list)."""
    expr = col.expression if isinstance(col, QueryableAttribute) else col
    if is_postgres(conn):
        return expr == any_(bindparam(None, list(values), type_=ARRAY(expr.type)))
    return expr.in_(list(values))


def _pg_type(conn: Connection, col: Column[Any]) -> str:
    return str(col.type.compile(dialect=conn.dialect))


def _recordset(conn: Connection, table: Table, names: Sequence[str], extra: str = "") -> str:
    q = conn.dialect.identifier_preparer.quote
    cols = ", ".join(f"{q(n)} {_pg_type(conn, table.c[n])}" for n in names)
    return f"json_to_recordset(CAST(:payload AS json)) AS x({cols}{extra})"


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]],
                ordered: bool = False) -> None:
    """INSERT every dict of ``rows`` (all with the same keys) in one statement.

    ``ordered`` keeps list order for serial defaults (``row_versions.seq``): pull serves a row's
    versions in seq order, so two versions of one row written by one batch must not swap.
    """
    if not rows:
        return
    if not is_postgres(conn):
        conn.execute(table.insert(), rows)
        return
    names = list(rows[0])
    q = conn.dialect.identifier_preparer.quote
    cols = ", ".join(q(n) for n in names)
    if ordered:
        payload = [{**r, "_ord": i} for i, r in enumerate(rows)]
        sql = (f"INSERT INTO {q(table.name)} ({cols}) SELECT {cols} FROM "
               f"{_recordset(conn, table, names, ', _ord integer')} ORDER BY x._ord")
    else:
        payload = rows
        sql = f"INSERT INTO {q(table.name)} ({cols}) SELECT {cols} FROM {_recordset(conn, table, names)}"
    conn.execute(text(sql), {"payload": dumps(payload)})


def copy_rows(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Append ``rows`` with ``COPY … FROM STDIN`` (PostgreSQL), in list order.

    For append-only tables (history, applied op ids): COPY is the cheapest way in and keeps the
    order, so serial defaults (``row_versions.seq``) follow the list. JSON columns go as
    pre-serialised text, which PostgreSQL parses into ``jsonb`` itself.
    """
    if not rows:
        return
    if not is_postgres(conn):
        conn.execute(table.insert(), rows)
        return
    names = list(rows[0])
    json_cols = {n for n in names if isinstance(table.c[n].type, JSON)}
    q = conn.dialect.identifier_preparer.quote
    dbapi = conn.connection.driver_connection
    assert dbapi is not None
    with dbapi.cursor() as cur, cur.copy(
            f"COPY {q(table.name)} ({', '.join(q(n) for n in names)}) FROM STDIN") as cp:
        for r in rows:
            cp.write_row([dumps(r[n]) if n in json_cols and r[n] is not None else r[n]
                          for n in names])


def update_rows(conn: Connection, table: Table, keys: Sequence[str],
                rows: list[dict[str, Any]]) -> None:
    """UPDATE the rows identified by ``keys`` with the other values of each dict, in one go."""
    if not rows:
        return
    names = list(rows[0])
    if not is_postgres(conn):
        stmt = (update(table)
                .where(and_(*(table.c[k] == bindparam(f"k_{k}") for k in keys)))
                .values({n: bindparam(f"v_{n}") for n in names if n not in keys}))
        conn.execute(stmt, [{**{f"k_{k}": r[k] for k in keys},
                             **{f"v_{n}": r[n] for n in names if n not in keys}} for r in rows])
        return
    q = conn.dialect.identifier_preparer.quote
    sets = ", ".join(f"{q(n)} = x.{q(n)}" for n in names if n not in keys)
    where = " AND ".join(f"t.{q(k)} = x.{q(k)}" for k in keys)
    sql = (f"UPDATE {q(table.name)} AS t SET {sets} FROM {_recordset(conn, table, names)} "
           f"WHERE {where}")
    conn.execute(text(sql), {"payload": dumps(rows)})


def chunks(conn: Connection, items: Iterable[Any], size: int = 500) -> list[list[Any]]:
    """Split ``items`` for SQLite's bound-parameter limit; one chunk on PostgreSQL (one array)."""
    items = list(items)
    if is_postgres(conn):
        return [items] if items else []
    return [items[i:i + size] for i in range(0, len(items), size)]
