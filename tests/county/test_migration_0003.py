"""County migration 0003 (console accounts, audit, token reuse, photos per community) runs up,
down and up again on SQLite and PostgreSQL, keeping the photos."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from sqlalchemy import inspect, text

from wuye_county.db import alembic_config, make_engine, upgrade

from .conftest import _pg_database


def _round_trip(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.execute(text("INSERT INTO photos (sha256, size, data, community_code, device_id, created_at) "
                          "VALUES (:h, 1, :d, 'A', NULL, :t)"), {"h": "a" * 64, "d": b"x", "t": datetime.now(UTC)})
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO photos (sha256, size, data, community_code, device_id, created_at) "
                          "VALUES (:h, 1, :d, 'B', NULL, :t)"), {"h": "a" * 64, "d": b"y", "t": datetime.now(UTC)})
    tables = set(inspect(engine).get_table_names())
    assert {"staff_users", "staff_sessions", "audit_log", "spent_refresh_tokens"} <= tables
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0001")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT community_code FROM photos")).scalars().all() == ["A"]
    assert "staff_users" not in set(inspect(engine).get_table_names())
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM photos")).scalar_one() == 1
    engine.dispose()


def test_migration_0003_sqlite(tmp_path):
    _round_trip(f"sqlite:///{tmp_path / 'c.sqlite3'}")


@pytest.mark.postgres
def test_migration_0003_postgresql():
    for url in _pg_database():
        _round_trip(url)
