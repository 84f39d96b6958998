"""Migration 0002: creates the tables and immutability triggers, and downgrades cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, inspect, text

from wuye_desktop.storage.migrate import make_config


def test_upgrade_downgrade_upgrade(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    with engine.begin() as c:
        command.upgrade(make_config(c), "head")
    with engine.connect() as c:
        tables = set(inspect(c).get_table_names())
        triggers = {r[0] for r in c.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'"))}
    assert {"inspections", "inspection_items", "rectifications", "notice_counters"} <= tables
    assert "trg_inspections_final_immutable" in triggers
    with engine.begin() as c:
        command.downgrade(make_config(c), "0001")
    with engine.connect() as c:
        assert "inspections" not in inspect(c).get_table_names()
        assert not list(c.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'")))
    with engine.begin() as c:
        command.upgrade(make_config(c), "head")
    engine.dispose()
