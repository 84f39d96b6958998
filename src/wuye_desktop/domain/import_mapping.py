"""How the worker says to read a file: sheet roles, column → field, value → choice.

An :class:`ImportMapping` is what the import preview edits and the planner applies. It is plain
data, serialisable to JSON, so the same mapping is remembered for files of the same header shape
(:func:`header_signature`), exported by the CLI and handed out by a county for its standard
table. Columns are keyed by their normalised header text, values by the cell text as written.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import UserError
from .fields import SPECS, FieldType

#: ``sheets`` value for a sheet the worker chose to leave out.
IGNORE = ""
#: ``columns`` value for one column holding both contract dates ("2022.1.1-2024.12.31").
PERIOD_FIELD = "contract_period"
#: Version of the JSON shape written by :meth:`ImportMapping.to_json`.
FORMAT = 1


class MappingFileError(UserError):
    """A mapping file that cannot be used; nothing was imported."""

    hint = "请在预览中重新对应后保存，或向县里索取正确的对应文件。"


def normalise_header(text: Any) -> str:
    """A header as mappings key it: no spaces, half-width parentheses, lower case."""
    s = "" if text is None else str(text)
    s = s.translate(str.maketrans("（）", "()"))
    return re.sub(r"\s+", "", s).lower()


def header_signature(kind: str, headers: Iterable[str]) -> str:
    """The shape of a file's header: same columns (in any order, any spacing) → same signature."""
    keys = sorted({normalise_header(h) for h in headers if normalise_header(h)})
    digest = hashlib.sha1("\x1f".join([kind, *keys]).encode("utf-8")).hexdigest()
    return digest[:16]


@dataclass
class ImportMapping:
    """The worker's choices for one file shape (all empty: read as guessed)."""

    #: sheet name → register kind, or :data:`IGNORE`
    sheets: dict[str, str] = field(default_factory=dict)
    #: register kind → normalised header → field name, or "" to ignore the column
    columns: dict[str, dict[str, str]] = field(default_factory=dict)
    #: field name → cell text → the choice's code (``LabeledEnum.value``)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    #: (sheet, row, column header) → the text the worker typed over a bad cell in the preview;
    #: for this file only, never saved with the mapping (the file itself is not changed)
    fixes: dict[tuple[str, int, str], str] = field(default_factory=dict)

    def column_for(self, kind: str, header: str) -> str | None:
        """The field chosen for a column, "" for ignored, None when the worker chose nothing."""
        return self.columns.get(kind, {}).get(normalise_header(header))

    def set_column(self, kind: str, header: str, field_name: str) -> None:
        self.columns.setdefault(kind, {})[normalise_header(header)] = field_name

    def value_for(self, field_name: str, text: str) -> str | None:
        return self.values.get(field_name, {}).get(text.strip())

    def set_value(self, field_name: str, text: str, code: str) -> None:
        self.values.setdefault(field_name, {})[text.strip()] = code

    def is_empty(self) -> bool:
        return not (self.sheets or any(self.columns.values()) or any(self.values.values()))

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "sheets": dict(self.sheets),
                "columns": {k: dict(v) for k, v in self.columns.items()},
                "values": {k: dict(v) for k, v in self.values.items()}}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, source: str = "对应文件") -> ImportMapping:
        """Parse and check a mapping; anything wrong raises :class:`MappingFileError` naming it."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise MappingFileError(f"{source}不是有效的JSON（第{exc.lineno}行第{exc.colno}列）。") from None
        return cls.from_dict(data, source)

    @classmethod
    def from_dict(cls, data: Any, source: str = "对应文件") -> ImportMapping:
        if not isinstance(data, dict):
            raise MappingFileError(f"{source}的内容应是一个对象（{{…}}）。")
        unknown = sorted(set(data) - {"format", "sheets", "columns", "values"})
        if unknown:
            raise MappingFileError(f"{source}中有不认识的项：{'、'.join(unknown)}。")
        if data.get("format", FORMAT) != FORMAT:
            raise MappingFileError(f"{source}的格式版本“{data.get('format')}”不是{FORMAT}，"
                                   "可能来自更新版本的程序。")
        sheets = _str_map(data.get("sheets", {}), f"{source}的“sheets”")
        for sheet, kind in sheets.items():
            if kind != IGNORE and kind not in SPECS:
                raise MappingFileError(f"{source}中工作表“{sheet}”的用途“{kind}”不是台账类型"
                                       f"（可用：{'、'.join(SPECS)}，或空字符串表示忽略）。")
        columns: dict[str, dict[str, str]] = {}
        for kind, cols in _obj(data.get("columns", {}), f"{source}的“columns”").items():
            if kind not in SPECS:
                raise MappingFileError(f"{source}的“columns”中“{kind}”不是台账类型。")
            names = {f.name for f in SPECS[kind].fields}
            if {"contract_start", "contract_end"} <= names:
                names.add(PERIOD_FIELD)
            cmap = _str_map(cols, f"{source}的“columns.{kind}”")
            for header, name in cmap.items():
                if name and name not in names:
                    raise MappingFileError(f"{source}中{SPECS[kind].label}的列“{header}”对应的字段"
                                           f"“{name}”不存在（可用：{'、'.join(sorted(names))}）。")
            columns[kind] = {normalise_header(h): n for h, n in cmap.items()}
        values: dict[str, dict[str, str]] = {}
        enums = _enum_fields()
        for name, vmap in _obj(data.get("values", {}), f"{source}的“values”").items():
            if name not in enums:
                raise MappingFileError(f"{source}的“values”中“{name}”不是选择项字段。")
            codes = {m.value for m in enums[name]}
            smap = _str_map(vmap, f"{source}的“values.{name}”")
            for text, code in smap.items():
                if code not in codes:
                    raise MappingFileError(f"{source}中“{text}”对应的“{code}”不是可选值"
                                           f"（可用：{'、'.join(sorted(codes))}）。")
            values[name] = {t.strip(): c for t, c in smap.items()}
        return cls(sheets, columns, values)


def _obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise MappingFileError(f"{what}应是一个对象（{{…}}）。")
    return value


def _str_map(value: Any, what: str) -> dict[str, str]:
    obj = _obj(value, what)
    bad = [k for k, v in obj.items() if not isinstance(v, str)]
    if bad:
        raise MappingFileError(f"{what}中“{bad[0]}”的值应是文字（带引号）。")
    return dict(obj)


def _enum_fields() -> dict[str, Any]:
    """Field name → its choice list, over every register."""
    return {f.name: f.enum for spec in SPECS.values() for f in spec.fields
            if f.type is FieldType.ENUM and f.enum is not None}
