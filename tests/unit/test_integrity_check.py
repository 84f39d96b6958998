"""The full integrity check is off the way to the first screen, but still runs before every
backup, restore and migration, and reports a damaged file in words."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from wuye_desktop.paths import AppPaths
from wuye_desktop.services.backup import BackupService
from wuye_desktop.storage import backups
from wuye_desktop.storage.db import Database, restore
from wuye_desktop.storage.errors import DatabaseCorrupt


def test_a_damaged_data_page_opens_but_the_check_finds_it(damaged_db: Path, app_paths: AppPaths) -> None:
    db = Database(damaged_db, app_paths.backups)  # no full check on the way in
    try:
        with pytest.raises(DatabaseCorrupt) as exc:
            db.check()
        assert "已损坏" in str(exc.value) and "quick_check" in str(exc.value)
        assert db.quick_check() != "ok"
    finally:
        db.close()


def test_backups_check_first_and_copy_nothing_damaged(damaged_db: Path, app_paths: AppPaths,
                                                      tmp_path: Path) -> None:
    db = Database(damaged_db, app_paths.backups)
    try:
        svc = BackupService(db)
        with pytest.raises(DatabaseCorrupt):
            svc.check_then_daily()
        with pytest.raises(DatabaseCorrupt):
            svc.backup_now()
        with pytest.raises(DatabaseCorrupt):
            svc.backup_now(tmp_path)
        with pytest.raises(DatabaseCorrupt):
            db.backup(tmp_path / "copy.sqlite3")
        assert backups.list_backups(app_paths.backups) == []
        assert not (tmp_path / "copy.sqlite3").exists()
    finally:
        db.close()


def test_restore_refuses_a_damaged_source(damaged_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "target.sqlite3"
    with pytest.raises(DatabaseCorrupt):
        restore(target, damaged_db, tmp_path / "b")
    assert not target.exists()


def test_migration_checks_before_copying_and_upgrading(damaged_db: Path, app_paths: AppPaths) -> None:
    con = sqlite3.connect(damaged_db)
    con.execute("UPDATE alembic_version SET version_num = '0009'")  # an older schema: migrate
    con.commit()
    con.close()
    before = damaged_db.read_bytes()
    with pytest.raises(DatabaseCorrupt):
        Database(damaged_db, app_paths.backups)
    assert damaged_db.read_bytes() == before  # refused untouched, and no backup of the damage
    assert backups.list_backups(app_paths.backups) == []
