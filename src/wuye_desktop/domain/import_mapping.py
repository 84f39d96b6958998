"""How the worker says to read a file: sheet roles, column → field, value → choice.

An :class:`ImportMapping` is what the import preview edits and the planner applies. It is plain
data, serialisable to JSON, so the same mapping is remembered for files of the same header shape
(:func:`header_signature`), exported by the CLI and handed out by a county for its standard
table. Columns are keyed by their normalised header text, values by the cell text as written.
A mapping file may also carry the worker's duplicate decisions for one file (``duplicates``:
group key → "merge"/"keep"); those are never remembered per header shape.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .duplicates import DECISION_LABELS
from .errors import UserError
from .fields import SPECS, FieldType

#: ``sheets`` value for a sheet the worker chose to leave out.
IGNORE = ""
#: ``columns`` value for one column holding both contract dates ("2022.1.1-2024.12.31").
PERIOD_FIELD = "contract_period"
#: Suffix of a sheet role "this register, every row's estate is the sheet's name" ("leads@sheet"):
#: a roster kept as one sheet per estate, named after it.
PER_ESTATE = "@sheet"
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


def sheet_role(role: str) -> tuple[str, bool]:
    """(register kind, estate taken from the sheet's name) of a ``sheets`` value."""
    if role.endswith(PER_ESTATE):
        return role[: -len(PER_ESTATE)], True
    return role, False


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
    #: duplicate group key → "merge" or "keep" (:mod:`.duplicates`): about this file's rows, so
    #: a mapping file may carry them but the per-header-shape memory drops them
    duplicates: dict[str, str] = field(default_factory=dict)
    #: what an undecided duplicate group gets: "ask" (refused until decided) or "merge"
    duplicate_policy: str = "ask"

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
        """No sheet, column or value choice (duplicate decisions are not a way to read files)."""
        return not (self.sheets or any(self.columns.values()) or any(self.values.values()))

    def deciding(self, decisions: Mapping[str, str], policy: str | None = None) -> ImportMapping:
        """A copy with ``decisions`` over this mapping's own (the command line wins over the
        mapping file) and ``policy`` (when given) for the groups neither decides."""
        return replace(self, duplicates={**self.duplicates, **decisions},
                       duplicate_policy=self.duplicate_policy if policy is None else policy)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"format": FORMAT, "sheets": dict(self.sheets),
                                "columns": {k: dict(v) for k, v in self.columns.items()},
                                "values": {k: dict(v) for k, v in self.values.items()}}
        if self.duplicates:  # only when there are any: a county's mapping file stays as it was
            data["duplicates"] = dict(self.duplicates)
        return data

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
        unknown = sorted(set(data) - {"format", "sheets", "columns", "values", "duplicates"})
        if unknown:
            raise MappingFileError(f"{source}中有不认识的项：{'、'.join(unknown)}。")
        if data.get("format", FORMAT) != FORMAT:
            raise MappingFileError(f"{source}的格式版本“{data.get('format')}”不是{FORMAT}，"
                                   "可能来自更新版本的程序。")
        sheets = _str_map(data.get("sheets", {}), f"{source}的“sheets”")
        for sheet, role in sheets.items():
            kind, per_estate = sheet_role(role)
            if role != IGNORE and kind not in SPECS:
                raise MappingFileError(f"{source}中工作表“{sheet}”的用途“{role}”不是台账类型"
                                       f"（可用：{'、'.join(SPECS)}，或空字符串表示忽略；"
                                       f"类型后加“{PER_ESTATE}”表示按工作表名作为所属小区）。")
            if per_estate and all(f.name != "estate_name" for f in SPECS[kind].fields):
                raise MappingFileError(f"{source}中工作表“{sheet}”的用途“{role}”：{SPECS[kind].label}"
                                       "不属于某个小区，不能按工作表名作为所属小区。")
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
        years = {f.name for spec in SPECS.values() for f in spec.fields if f.type is FieldType.YEAR}
        for name, vmap in _obj(data.get("values", {}), f"{source}的“values”").items():
            if name not in enums and name not in years:
                raise MappingFileError(f"{source}的“values”中“{name}”不是选择项或年份字段。")
            smap = _str_map(vmap, f"{source}的“values.{name}”")
            if name in years:
                bad = [t for t, y in smap.items() if not re.fullmatch(r"(18|19|20)\d\d", y)]
                if bad:
                    raise MappingFileError(f"{source}中“{bad[0]}”对应的“{smap[bad[0]]}”不是四位年份。")
                values[name] = {t.strip(): y for t, y in smap.items()}
                continue
            codes = {m.value for m in enums[name]}
            for text, code in smap.items():
                if code not in codes:
                    raise MappingFileError(f"{source}中“{text}”对应的“{code}”不是可选值"
                                           f"（可用：{'、'.join(sorted(codes))}）。")
            values[name] = {t.strip(): c for t, c in smap.items()}
        duplicates = _str_map(data.get("duplicates", {}), f"{source}的“duplicates”")
        allowed = "、".join(f"{code} {label}" for code, label in DECISION_LABELS.items())
        for key, decision in duplicates.items():
            if key.partition("|")[0] not in SPECS or "|" not in key:
                raise MappingFileError(f"{source}的“duplicates”中“{key}”不是重复组的键（键以台账类型"
                                       f"加“|”开头，如“buildings|…”，请从预览中复制）。")
            if decision not in DECISION_LABELS:
                raise MappingFileError(f"{source}中重复组“{key}”的决定“{decision}”不是可选值"
                                       f"（可用：{allowed}）。")
        return cls(sheets, columns, values, duplicates=duplicates)


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
