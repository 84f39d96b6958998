"""A register as a lazily paged Qt table model over :class:`RegisterService`.

Only the loaded pages are in memory (pages of 200 rows); search, filters and sort are SQL
arguments, so 100 000 rows cost no more than 200. Every query runs on the runner's database
thread; ``fetchMore`` is therefore asynchronous: it asks for the next page and the rows are
inserted when they arrive. A generation counter drops answers to superseded queries (the user
typed another letter meanwhile).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt

from ..changes import Area, OpChanges
from ..domain.enums import LabeledEnum
from ..domain.fields import SPECS, FieldSpec, FieldType
from ..tasks import OpContext, TaskRunner
from . import style
from .table_model import (
    COUNT_DELAY_MS,
    PAGE,
    Column,
    CountQuery,
    IdRole,
    NativeRole,
    PageAt,
    PagedModel,
    PageQuery,
    SyncRole,
    native_value,
)

if TYPE_CHECKING:
    from ..services.context import Services

__all__ = ["DEPENDS", "PAGE", "IdRole", "NativeRole", "RegisterModel", "RegisterRow", "SyncRole",
           "display_value", "native_value", "sync_label"]

#: a register must reload when one of these changes (names of references are shown)
DEPENDS: dict[str, frozenset[Area]] = {
    "estates": frozenset({Area.ESTATES, Area.COMPANIES}),
    "buildings": frozenset({Area.BUILDINGS, Area.UNITS, Area.ESTATES}),
    "units": frozenset({Area.UNITS, Area.LEADS, Area.BUILDINGS, Area.ESTATES}),  # 楼长 shown
    "leads": frozenset({Area.LEADS, Area.UNITS, Area.BUILDINGS, Area.ESTATES}),
    "companies": frozenset({Area.COMPANIES}),
    "committees": frozenset({Area.COMMITTEES, Area.ESTATES}),
    "members": frozenset({Area.MEMBERS, Area.COMMITTEES, Area.ESTATES}),
}

#: the name of the sync state column
SYNC_COLUMN = "sync_state"


@dataclass(frozen=True, slots=True)
class RegisterRow:
    """One row of a register page: its id, the spec fields by name, its sync state."""

    id: str
    values: dict[str, Any]
    sync_state: str | None
    updated_at: Any

    @classmethod
    def from_tuple(cls, names: list[str], row: tuple[Any, ...]) -> RegisterRow:
        """From storage's ``(id, *spec fields in spec order, sync_state, updated_at)``."""
        return cls(row[0], dict(zip(names, row[1:-2], strict=True)), row[-2], row[-1])


def sync_label(state: str | None) -> str:
    return {
        "pending": QCoreApplication.translate("RegisterModel", "Not synced"),
        "synced": QCoreApplication.translate("RegisterModel", "Synced"),
        "conflict": QCoreApplication.translate("RegisterModel", "Conflict"),
    }.get(state or "", state or "")


#: the row states storage writes (``sync_state``; the domain has no enum for them yet)
SYNC_TONES = {"pending": style.Tone.PENDING, "synced": style.Tone.OK, "conflict": style.Tone.ERROR}


def display_value(ftype: FieldType, enum: type[LabeledEnum] | None, value: Any) -> str:
    """How a stored value reads in a table cell."""
    if value is None or value == "":
        return ""
    if enum is not None:
        if isinstance(value, LabeledEnum):
            return value.label
        member = enum.parse(str(value))
        return member.label if member else str(value)
    if ftype is FieldType.BOOL:
        if value:
            return QCoreApplication.translate("RegisterModel", "Yes")
        return QCoreApplication.translate("RegisterModel", "No")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


_NUMERIC = (FieldType.INT, FieldType.FLOAT, FieldType.YEAR)


class RegisterModel(PagedModel[RegisterRow]):
    """One register's rows (:class:`RegisterRow`), paged lazily; search, filters and sort are
    SQL arguments, so 100 000 rows cost no more than 200."""

    count_delay_ms = COUNT_DELAY_MS

    def __init__(self, kind: str, runner: TaskRunner, services: Services,
                 parent: QObject | None = None) -> None:
        self.kind = kind
        self.spec = SPECS[kind]
        self.fields: list[FieldSpec] = list(self.spec.fields)
        columns = [self._field_column(f) for f in self.fields]
        columns.append(Column(SYNC_COLUMN, QCoreApplication.translate("RegisterModel", "Sync"),
                              lambda r: sync_label(r.sync_state), lambda r: r.sync_state))
        super().__init__(runner, services, columns, parent)
        self.search = ""
        self.filters: dict[str, Any] = {}
        self.sort_field: str | None = None
        self.descending = False
        runner.changed.connect(self._on_changed)

    @staticmethod
    def _field_column(f: FieldSpec) -> Column[RegisterRow]:
        required = QCoreApplication.translate("RegisterModel", " (required)") if f.required else ""
        return Column(f.name, f.label, lambda r: display_value(f.type, f.enum, r.values[f.name]),
                      lambda r: r.values[f.name], right=f.type in _NUMERIC,
                      header_tooltip=f.label + required)

    # --- querying --------------------------------------------------------------------------

    def set_query(self, *, search: str | None = None, filters: dict[str, Any] | None = None,
                  sort_field: str | bool | None = False, descending: bool | None = None) -> None:
        """Change any of the query parts and reload (``sort_field=False`` keeps the sort)."""
        if search is not None:
            self.search = search
        if filters is not None:
            self.filters = {k: v for k, v in filters.items() if v not in (None, "")}
        if sort_field is not False:
            self.sort_field = sort_field if isinstance(sort_field, str) else None
        if descending is not None:
            self.descending = descending
        self.reload()

    def page_query(self) -> PageQuery[RegisterRow]:
        kind, names = self.kind, [f.name for f in self.fields]
        args = {"search": self.search, "filters": dict(self.filters), "sort": self.sort_field,
                "descending": self.descending}

        def page(op: OpContext, at: PageAt[RegisterRow], limit: int) -> list[RegisterRow]:
            last = at.last
            after = (last.id, *(last.values[n] for n in names), last.sync_state, last.updated_at) \
                if last is not None else None
            rows = op.services.registers.page(kind, after=after, limit=limit, **args)
            return [RegisterRow.from_tuple(names, r) for r in rows]
        return page

    def count_query(self) -> CountQuery:
        kind, search, filters = self.kind, self.search, dict(self.filters)
        return lambda op: op.services.registers.count(kind, search=search, filters=filters)

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(*DEPENDS[self.kind]):
            self.reload()

    # --- Qt model API ----------------------------------------------------------------------

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == SyncRole and index.isValid() and 0 <= index.row() < len(self.rows_):
            return self.rows_[index.row()].sync_state
        return super().data(index, role)

    def style(self, obj: RegisterRow, column: str, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and column == SYNC_COLUMN:
            return SYNC_TONES.get(obj.sync_state or "", style.Tone.MUTED).brush()
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is SQL: reload ordered by the column's field (sync column: default order)."""
        name = self.fields[column].name if 0 <= column < len(self.fields) else None
        self.set_query(sort_field=name, descending=order == Qt.SortOrder.DescendingOrder)

    # --- helpers for views -----------------------------------------------------------------

    def sync_column(self) -> int:
        return len(self.fields)

    def field_column(self, name: str) -> int:
        return self.column(name)

    def value(self, row: int, name: str) -> Any:
        return self.rows_[row].values[name]

