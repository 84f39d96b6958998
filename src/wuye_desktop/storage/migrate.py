"""Alembic, driven programmatically with scripts found through importlib.resources.

The migration scripts ship as package data, so a frozen installer build finds them too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection


@contextmanager
def _script_location() -> Iterator[Path]:
    with resources.as_file(resources.files("wuye_desktop.storage") / "migrations") as p:
        yield p


def make_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    with _script_location() as p:
        cfg.set_main_option("script_location", str(p))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


@cache
def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(make_config())


def current_head() -> str:
    """Alembic's head (opening a database uses :mod:`.revisions`, which needs no Alembic)."""
    head = _script().get_current_head()
    assert head is not None, "no migrations shipped"
    return head


@cache
def known_revisions() -> frozenset[str]:
    return frozenset(r.revision for r in _script().walk_revisions())


def upgrade(connection: Connection, target: str = "head") -> None:
    command.upgrade(make_config(connection), target)
