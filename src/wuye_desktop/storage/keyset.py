"""Keyset paging: the rows after a sort key, instead of ``OFFSET`` (which reads and drops every
row before the page, so the last page of 100k costs as much as reading them all).

A sort is a list of ``(expression, descending)`` terms ending in a unique one (the id); the
cursor is the last row's value of each term. The clause follows SQLite's own order, NULLs
first when ascending and last when descending, so the next page starts exactly where the
ORDER BY left off, ties included.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, and_, false, literal, or_, true

#: one sort term: an expression and whether it sorts descending
Term = tuple[SQLColumnExpression[Any], bool]


def _bound(expr: SQLColumnExpression[Any], value: Any) -> ColumnElement[Any]:
    # a bound parameter of the column's type (a plain True/False would refuse "<" and ">")
    return literal(value, type_=expr.type)  # type: ignore[attr-defined]


def _equal(expr: SQLColumnExpression[Any], value: Any) -> ColumnElement[bool]:
    return expr.is_(None) if value is None else expr == _bound(expr, value)


def _beyond(expr: SQLColumnExpression[Any], descending: bool, value: Any) -> ColumnElement[bool]:
    """Rows that sort strictly after ``value`` on this term alone."""
    if value is None:  # NULLs come first ascending (any value is after), last descending (none)
        return false() if descending else expr.is_not(None)
    if descending:
        return or_(expr < _bound(expr, value), expr.is_(None))
    later: ColumnElement[bool] = expr > _bound(expr, value)
    return later


def after(terms: Sequence[Term], cursor: Sequence[Any]) -> ColumnElement[bool]:
    """Rows strictly after ``cursor`` in the order ``terms`` give (lexicographically)."""
    if len(terms) != len(cursor):
        raise ValueError("the cursor has one value per sort term")
    alternatives: list[ColumnElement[bool]] = []
    for i, (expr, desc) in enumerate(terms):
        same = [_equal(e, v) for (e, _), v in zip(terms[:i], cursor[:i], strict=True)]
        alternatives.append(and_(true(), *same, _beyond(expr, desc, cursor[i])))
    return or_(*alternatives)


def order(terms: Sequence[Term]) -> list[ColumnElement[Any]]:
    """The ORDER BY of ``terms``."""
    return [e.desc() if desc else e.asc() for e, desc in terms]
