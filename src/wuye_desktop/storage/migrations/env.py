"""Alembic environment: batch mode for SQLite's limited ALTER TABLE."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection, create_engine
from sqlalchemy.types import TypeDecorator

from wuye_desktop.storage import models_all
from wuye_desktop.storage.base import Base
from wuye_desktop.storage.fts import include_name

models_all.load()
target_metadata = Base.metadata
config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        url = config.get_main_option("sqlalchemy.url") or "sqlite://"
        with create_engine(url).connect() as conn:
            _run(conn)
            conn.commit()
    else:
        _run(connection)


def _render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Migrations must not import app column types (they change; old scripts must keep working):
    # render a TypeDecorator as the plain SQL type it stores.
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, compare_type=True,
                      render_item=_render_item, include_name=include_name)
    with context.begin_transaction():
        context.run_migrations()


run()
