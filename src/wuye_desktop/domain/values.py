"""The one schema of every synced value: what a field may hold on any device and on the server.

A synced value travels as JSON from a form or an Excel import, through the desktop's SQLite
file, the push encoder, the county server's per-operation check, PostgreSQL or SQLite there,
and back through every other device's pull. Each of those places calls the functions here, so a
value one of them accepts is a value all of them can store:

* integers within SQLite's 64-bit range (2⁶³ and up do not fit a SQLite INTEGER, so one such
  value pushed by any device would stop every other device's pull), and register counts within
  the domain's bounds (:data:`COUNT_MAX`, :data:`AMOUNT_MAX`);
* finite floats (JSON has no NaN or Infinity; ``1e309`` reads as Infinity);
* strings without NUL (PostgreSQL refuses it in text and JSON) and without lone surrogates
  (neither UTF-8 nor PostgreSQL can hold them), at most :data:`MAX_TEXT` characters, and a
  register field's own length limit;
* dates as ISO dates (``YYYY-MM-DD``), booleans as booleans, nesting at most :data:`MAX_DEPTH`.

Every function returns a Chinese reason or ``None``; :func:`printable` shows a refused value in
such a reason without carrying the bad characters along.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from .errors import UserError
from .fields import SPECS, FieldSpec, FieldType

#: SQLite's INTEGER (and PostgreSQL's bigint) range.
INT_MIN = -(2**63)
INT_MAX = 2**63 - 1
#: Upper bound of a register count (households, buildings, floors, units, elevators).
COUNT_MAX = 10_000_000
#: Upper bound of a register quantity (floor area in ㎡, a credit score).
AMOUNT_MAX = 1e10
#: Longest string any synced field may hold (a register field's own limit is usually lower).
MAX_TEXT = 20_000
#: Deepest nesting of lists and objects in one value (template sections → items → …).
MAX_DEPTH = 8
#: one operation's new values, in characters of JSON (:func:`wire_size`): a row that every
#: device of the community must pull stays small (one field may hold up to ``MAX_TEXT``)
MAX_ROW_SIZE = 256_000

_ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_BAD_CHARS_RE = re.compile("[\x00\ud800-\udfff]")


class ValueRefused(UserError):
    """A value no device or server can store (too large, not finite, a NUL, a broken character)."""


def printable(value: Any, limit: int = 40) -> str:
    """``value`` shortened and stripped of NUL and lone surrogates, for a reason or a log."""
    text = value if isinstance(value, str) else repr(value)
    text = _BAD_CHARS_RE.sub("\ufffd", text)
    return text if len(text) <= limit else text[:limit] + "…"


def text_problem(text: str, label: str, max_length: int = MAX_TEXT) -> str | None:
    """Why ``text`` cannot be stored, or ``None``."""
    if "\x00" in text:
        return f"{label}含有空字符（NUL），无法保存，请删除后重新填写。"
    if _BAD_CHARS_RE.search(text):
        return f"{label}含有无法编码的字符（孤立的代理字符），请删除乱码后重新填写。"
    if len(text) > max_length:
        return f"{label}太长（{len(text)}字），最多{max_length}字。"
    return None


def int_problem(value: int, label: str, low: int = INT_MIN, high: int = INT_MAX) -> str | None:
    if not low <= value <= high:
        shown = printable(str(value), 24)
        return f"{label}“{shown}”超出允许范围（{low}至{high}），请核对。"
    return None


def float_problem(value: float, label: str, low: float = -math.inf,
                  high: float = math.inf) -> str | None:
    if not math.isfinite(value):
        return f"{label}“{value}”不是有效数字（过大或不是数），请填写正常的数字。"
    if not low <= value <= high:
        return f"{label}“{value:g}”超出允许范围（{low:g}至{high:g}），请核对。"
    return None


def wire_problem(value: Any, label: str = "值", depth: int = 0) -> str | None:
    """Why a JSON value cannot be stored anywhere sync carries it, or ``None`` (any field)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return int_problem(value, label)
    if isinstance(value, float):
        return float_problem(value, label)
    if isinstance(value, str):
        return text_problem(value, label)
    if depth >= MAX_DEPTH and isinstance(value, list | dict):
        return f"{label}嵌套层数过多（最多{MAX_DEPTH}层）。"
    if isinstance(value, list | tuple):
        for item in value:
            problem = wire_problem(item, label, depth + 1)
            if problem:
                return problem
        return None
    if isinstance(value, dict):
        for k, item in value.items():
            problem = (text_problem(k, f"{label}的键") if isinstance(k, str)
                       else f"{label}的键不是文字。")
            problem = problem or wire_problem(item, label, depth + 1)
            if problem:
                return problem
        return None
    return f"{label}的类型（{type(value).__name__}）无法同步。"


def bounds(f: FieldSpec) -> tuple[float, float]:
    """The domain's range of a numeric register field."""
    if f.type is FieldType.YEAR:
        return (1000, 9999)
    high = f.max_value if f.max_value is not None else (
        COUNT_MAX if f.type is FieldType.INT else AMOUNT_MAX)
    return (0, high)


def number_problem(f: FieldSpec, value: int | float) -> str | None:
    """A typed number of register field ``f`` (form, import): finite, 64-bit, in its bounds."""
    low, high = bounds(f)
    if isinstance(value, float) and not math.isfinite(value):
        return float_problem(value, f.label)
    if isinstance(value, int) and not isinstance(value, bool):
        return int_problem(value, f.label, int(low), int(high))
    return float_problem(float(value), f.label, low, high)


def _typed_problem(f: FieldSpec, value: Any) -> str | None:
    """The register field's type on the wire (JSON), or ``None`` when it fits."""
    label = f.label
    if f.type in (FieldType.INT, FieldType.YEAR):
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{label}应为整数，收到“{printable(value)}”。"
        return number_problem(f, value)
    if f.type is FieldType.FLOAT:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"{label}应为数字，收到“{printable(value)}”。"
        return number_problem(f, value)
    if f.type is FieldType.BOOL:
        return None if isinstance(value, bool) else f"{label}应为是/否，收到“{printable(value)}”。"
    if f.type is FieldType.DATE:
        if not isinstance(value, str) or not _ISO_DATE_RE.match(value):
            return f"{label}应为日期（如 2024-03-01），收到“{printable(value)}”。"
        try:
            date.fromisoformat(value[:10])
        except ValueError:
            return f"{label}“{printable(value)}”不是有效日期。"
        return None
    if not isinstance(value, str):
        return f"{label}应为文字，收到“{printable(value)}”。"
    return text_problem(value, label, f.max_length)


def label_of(table: str, field: str) -> str:
    """A register field's Chinese label, or its (printable) name."""
    spec = SPECS.get(table)
    f = next((x for x in spec.fields if x.name == field), None) if spec else None
    return f.label if f else printable(field, 40)


def field_problem(table: str, field: str, value: Any) -> str | None:
    """Why ``value`` cannot be field ``field`` of a synced row of ``table``, or ``None``.

    Every value passes the generic check (:func:`wire_problem`); a register field (one of
    :data:`~wuye_desktop.domain.fields.SPECS` that is a column, not a name reference) also has
    its type, bounds and length checked. ``None`` (a cleared field) is always storable.
    """
    spec = SPECS.get(table)
    f = None
    if spec is not None:
        f = next((x for x in spec.fields if x.name == field and x.ref is None), None)
    label = f"字段“{f.label if f else printable(field, 40)}”"
    problem = wire_problem(value, label)
    if problem or value is None or f is None:
        return problem
    return _typed_problem(f, value)


def wire_size(value: Any) -> int:
    """About how many characters ``value`` takes as JSON (strings by length, numbers and
    literals as a small constant): cheap enough to run on every row of a pull page."""
    if isinstance(value, str):
        return len(value) + 2
    if isinstance(value, dict):
        return 2 + sum(len(str(k)) + 3 + wire_size(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return 2 + sum(wire_size(v) + 1 for v in value)
    return 8


def changes_problem(table: str, changes: Mapping[str, Any]) -> str | None:
    """The first problem of an operation's ``field -> [old, new]`` map (new values only).

    Old values are what the device believed was there: the server compares against its own
    copy and never stores them, and a correction of a bad value must still go through.
    """
    size = 0
    for name, pair in changes.items():
        new = pair[1] if isinstance(pair, list | tuple) and len(pair) == 2 else pair
        problem = field_problem(table, name, new)
        if problem:
            return problem
        size += len(name) + wire_size(new)
    if size > MAX_ROW_SIZE:
        return (f"这条记录的内容太大（约{size // 1000}千字，最多{MAX_ROW_SIZE // 1000}千字），"
                "服务器拒收；请删减过长的说明或备注。")
    return None


def row_problem(table: str, data: Mapping[str, Any]) -> str | None:
    """The first value of a pulled row (``field -> value``) no device can store, or ``None``.

    Only the generic rule (:func:`wire_problem`): a row written under older, looser register
    bounds is still storable, and a device must not set aside what the others keep."""
    for name, value in data.items():
        problem = wire_problem(value, f"字段“{label_of(table, name)}”")
        if problem:
            return problem
    return None
