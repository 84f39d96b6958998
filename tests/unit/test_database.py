"""Opening a database: migrations with a backup first, drift, newer and corrupt files refused
untouched, pragmas."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from wuye_desktop.paths import AppPaths
from wuye_desktop.services.context import open_services
from wuye_desktop.storage import models_all
from wuye_desktop.storage.base import Base
from wuye_desktop.storage.db import Database, restore
from wuye_desktop.storage.errors import DatabaseCorrupt, SchemaTooNew
from wuye_desktop.storage.fts import FTS_COLUMNS, include_name
from wuye_desktop.storage.migrate import current_head, make_config


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_fresh_database_is_at_head_with_pragmas(tmp_path: Path) -> None:
    db = Database(tmp_path / "w.sqlite3")
    with db.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == current_head()
    assert db.migration_backup is None  # nothing to back up in a new file
    assert db.quick_check() == "ok"
    db.close()


def test_models_and_migrations_do_not_drift(tmp_path: Path) -> None:
    """The equivalent of `alembic check`: migrating an empty file gives the models' schema."""
    engine = create_engine(f"sqlite:///{tmp_path / 'd.sqlite3'}")
    models_all.load()
    with engine.begin() as conn:
        command.upgrade(make_config(conn), "head")
    with engine.connect() as conn:
        # the FTS5 indexes (migration 0014) are raw SQL, not models: left out as env.py does
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name})
        diff = compare_metadata(ctx, Base.metadata)
        tables = set(inspect(conn).get_table_names())
    assert diff == []
    assert {f"{t}_fts" for t in FTS_COLUMNS} <= tables


def test_migration_takes_a_backup_first(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite3"
    db = Database(path)
    db.close()
    # Take the file back to an older revision (base) — what an older release left behind.
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        command.downgrade(make_config(conn), "base")
    engine.dispose()
    before = digest(path)
    db = Database(path)
    assert db.migration_backup is not None and db.migration_backup.exists()
    assert digest(db.migration_backup) != "" and db.migration_backup.parent == tmp_path / "backups"
    with sqlite3.connect(db.migration_backup) as con:  # the copy is the pre-migration file
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "estates" not in tables and "alembic_version" in tables
    assert before  # the original was readable
    with db.engine.connect() as c:
        assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == current_head()
    db.close()


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite3"
    Database(path).close()
    with sqlite3.connect(path) as con:
        con.execute("UPDATE alembic_version SET version_num='9999_from_the_future'")
    con.close()
    before = digest(path)
    with pytest.raises(SchemaTooNew) as exc:
        Database(path)
    assert "更新版本" in str(exc.value) and "9999_from_the_future" in str(exc.value)
    assert digest(path) == before
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").iterdir())


def test_corrupt_file_is_refused_untouched_and_newest_backup_offered(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "d").ensure()
    svc = open_services(paths)
    svc.registers.init_community("220102003001", "桃源社区")
    backup = svc.db.backup()
    svc.close()
    raw = bytearray(paths.database.read_bytes())
    raw[100:4096] = b"\xff" * (4096 - 100)  # smash the schema page
    paths.database.write_bytes(bytes(raw))
    for suffix in ("-wal", "-shm"):
        Path(str(paths.database) + suffix).unlink(missing_ok=True)
    before = digest(paths.database)
    with pytest.raises(DatabaseCorrupt) as exc:
        open_services(paths)
    assert "已损坏" in str(exc.value) and str(backup) in str(exc.value)
    assert exc.value.newest_backup == backup
    assert digest(paths.database) == before


def test_not_a_database_at_all(tmp_path: Path) -> None:
    path = tmp_path / "w.sqlite3"
    path.write_bytes(b"PK\x03\x04 this is an Excel file renamed" * 50)
    before = digest(path)
    with pytest.raises(DatabaseCorrupt):
        Database(path)
    assert digest(path) == before


def test_restore_replaces_after_backing_up_current(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "d").ensure()
    svc = open_services(paths)
    svc.registers.init_community("220102003001", "桃源社区")
    saved = svc.db.backup(tmp_path / "copy.sqlite3")
    svc.registers.init_community("220102003001", "改名社区")
    svc.close()
    previous = restore(paths.database, saved, paths.backups)
    assert previous is not None and previous.exists()
    svc = open_services(paths)
    community = svc.registers.community()
    assert community is not None and community.name == "桃源社区"
    svc.close()


def test_device_id_is_stable(tmp_path: Path) -> None:
    a = Database(tmp_path / "w.sqlite3")
    dev = a.device_id
    a.close()
    b = Database(tmp_path / "w.sqlite3")
    assert b.device_id == dev and len(dev) == 36
    b.close()
