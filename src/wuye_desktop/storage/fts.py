"""Substring search through SQLite FTS5 trigram indexes (migration 0014).

Each searched table has a ``<table>_fts`` index of its text columns (with the row's id,
unindexed), kept in step by triggers on the table, so every writer (the app, a pulled row, raw
SQL) updates it in the same transaction. A term of at least three characters is looked up in
the index (``MATCH`` of the term as one phrase, which the trigram tokenizer answers as "contains",
ASCII case ignored as ``LIKE`` does); shorter terms have no trigram and fall back to ``LIKE``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, column, literal, literal_column, or_, select, table

#: the indexed tables and their searched columns (the triggers of migration 0014 use the same)
FTS_COLUMNS: dict[str, tuple[str, ...]] = {
    "estates": ("name", "address"),
    "companies": ("name", "credit_code", "manager", "phone"),
    "buildings": ("number",),
    "units": ("number",),
    "leads": ("name", "phone"),
    "members": ("name", "phone"),
}

#: the trigram tokenizer needs three characters; shorter terms are matched with LIKE
MIN_CHARS = 3


def is_index_table(name: str | None) -> bool:
    """An FTS index or one of its shadow tables (``estates_fts``, ``estates_fts_data``, …): made
    by migration 0014's SQL, not by the models, so Alembic's comparison leaves them out."""
    return any(name == f"{t}_fts" or (name or "").startswith(f"{t}_fts_") for t in FTS_COLUMNS)


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Alembic ``include_name`` hook: every schema object but the FTS tables."""
    return not (type_ == "table" and is_index_table(name))


def indexed(term: str) -> bool:
    """Whether ``term`` is searched through the index (else with LIKE)."""
    return len(term) >= MIN_CHARS


def _query(columns: list[str], term: str) -> str:
    phrase = '"' + term.replace('"', '""') + '"'
    return "{" + " ".join(columns) + "} : " + phrase


def matching_ids(name: str, columns: list[str], term: str) -> Select[Any]:
    """Ids of ``name``'s rows with ``term`` in any of ``columns`` (``term`` ≥ 3 characters)."""
    fts = table(f"{name}_fts", column("id"))
    return select(fts.c.id).where(literal_column(f"{name}_fts").op("MATCH")(literal(_query(columns, term))))


def contains_any(fields: list[tuple[str, str, SQLColumnExpression[Any]]], term: str) -> ColumnElement[bool]:
    """``term`` in any of ``fields`` — (FTS table, column, the id it matches against) — one
    index lookup per table."""
    grouped: dict[tuple[str, int], tuple[SQLColumnExpression[Any], list[str]]] = {}
    for name, col, id_expr in fields:
        grouped.setdefault((name, id(id_expr)), (id_expr, []))[1].append(col)
    return or_(*(id_expr.in_(matching_ids(name, cols, term))
                 for (name, _), (id_expr, cols) in grouped.items()))
