"""A register as a lazily paged Qt table model over :class:`RegisterService`.

Only the loaded pages are in memory (pages of 200 rows); search, filters and sort are SQL
arguments, so 100 000 rows cost no more than 200. Every query runs on the runner's database
thread; ``fetchMore`` is therefore asynchronous: it asks for the next page and the rows are
inserted when they arrive. A generation counter drops answers to superseded queries (the user
typed another letter meanwhile).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from ..domain.enums import LabeledEnum
from ..domain.fields import SPECS, FieldType
from ..services.registers import RegisterService
from ..tasks import TaskRunner

#: the model's native value of a cell (int, float, str, QDate, bool, enum code) for sorting
NativeRole = Qt.ItemDataRole.UserRole + 1
#: the row's record id
IdRole = Qt.ItemDataRole.UserRole + 2
#: the row's sync state code ("pending", "synced", "conflict")
SyncRole = Qt.ItemDataRole.UserRole + 3

PAGE = 200

#: a register must reload when one of these changes (names of references are shown)
DEPENDS: dict[str, frozenset[str]] = {
    "estates": frozenset({"estates", "companies"}),
    "buildings": frozenset({"buildings", "estates"}),
    "leads": frozenset({"leads", "buildings", "estates"}),
    "companies": frozenset({"companies"}),
    "committees": frozenset({"committees", "estates"}),
    "members": frozenset({"members", "committees", "estates"}),
}

Index = QModelIndex | QPersistentModelIndex



def sync_label(state: str | None) -> str:
    return {
        "pending": QCoreApplication.translate("RegisterModel", "Not synced"),
        "synced": QCoreApplication.translate("RegisterModel", "Synced"),
        "conflict": QCoreApplication.translate("RegisterModel", "Conflict"),
    }.get(state or "", state or "")


SYNC_COLORS = {"pending": QColor("#d98a00"), "synced": QColor("#2e8b57"),
               "conflict": QColor("#c62828")}


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


def native_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return QDate(value.year, value.month, value.day)
    if isinstance(value, LabeledEnum):
        return value.value
    return value


_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole,
                    NativeRole, IdRole, SyncRole})

#: wait this long after the last query before counting (typing should not queue counts)
COUNT_DELAY_MS = 250


class RegisterModel(QAbstractTableModel):
    """Rows ``(id, *spec fields, sync_state, updated_at)`` of one register, paged lazily."""

    #: a (re)load finished: the total number of matching rows (or -1 while unknown)
    loaded = Signal()
    total_changed = Signal(int)

    def __init__(self, kind: str, runner: TaskRunner, registers: RegisterService,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.spec = SPECS[kind]
        self.runner = runner
        self.registers = registers
        self.fields = list(self.spec.fields)
        self._rows: list[tuple[Any, ...]] = []
        self._more = False
        self._fetching = False
        self._gen = 0
        self.search = ""
        self.filters: dict[str, Any] = {}
        self.sort_field: str | None = None
        self.descending = False
        self.total = -1
        self.loading = False
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self._count_now)
        runner.changed.connect(self._on_changed)

    # --- querying --------------------------------------------------------------------------

    def set_query(self, *, search: str | None = None, filters: dict[str, Any] | None = None,
                  sort_field: str | bool | None = False, descending: bool | None = None) -> None:
        """Change any of the query parts and reload (``sort_field=False`` keeps the sort)."""
        if search is not None:
            self.search = search
        if filters is not None:
            self.filters = {k: v for k, v in filters.items() if v not in (None, "")}
        if sort_field is not False:
            self.sort_field = sort_field  # type: ignore[assignment]
        if descending is not None:
            self.descending = descending
        self.reload()

    def _args(self) -> dict[str, Any]:
        return {"search": self.search, "filters": dict(self.filters), "sort": self.sort_field,
                "descending": self.descending}

    def reload(self) -> None:
        """Fetch the first page for the current query (older answers are ignored)."""
        self._gen += 1
        gen = self._gen
        args = self._args()
        self.loading = True
        self._fetching = True
        regs, kind = self.registers, self.kind

        def work() -> tuple[list[tuple[Any, ...]], int] | None:
            if gen != self._gen:  # superseded while queued: skip the query entirely
                return None
            rows = regs.page(kind, offset=0, limit=PAGE, **args)
            return rows, (len(rows) if len(rows) < PAGE else -1)

        self.runner.db(work, on_success=lambda r: self._on_first_page(gen, r))

    def _on_first_page(self, gen: int, result: tuple[list[tuple[Any, ...]], int] | None) -> None:
        if gen != self._gen or result is None:
            return
        self._count_timer.stop()
        rows, total = result
        self.beginResetModel()
        self._rows = list(rows)
        self._more = len(rows) == PAGE
        self._fetching = False
        self.endResetModel()
        self.loading = False
        if total >= 0:
            self._set_total(total)
        else:
            # Counting scans every match: do it once typing has paused, not per keystroke.
            self._count_timer.start()
        self.loaded.emit()

    def _count_now(self) -> None:
        self._count(self._gen)

    def _count(self, gen: int) -> None:
        args = self._args()
        regs, kind = self.registers, self.kind
        args.pop("sort")
        args.pop("descending")

        def work() -> int | None:
            return None if gen != self._gen else regs.count(kind, **args)

        self.runner.db(work, on_success=lambda n: n is not None and gen == self._gen
                       and self._set_total(n))

    def _set_total(self, n: int) -> None:
        self.total = n
        self.total_changed.emit(n)

    def _on_changed(self, kinds: frozenset[str]) -> None:
        if kinds & DEPENDS[self.kind]:
            self.reload()

    # --- paging ----------------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more or self._fetching:
            return
        self._fetching = True
        gen, offset, args = self._gen, len(self._rows), self._args()
        regs, kind = self.registers, self.kind

        def work() -> list[tuple[Any, ...]] | None:
            return None if gen != self._gen else regs.page(kind, offset=offset, limit=PAGE, **args)

        self.runner.db(work, on_success=lambda rows: self._on_page(gen, offset, rows))

    def _on_page(self, gen: int, offset: int, rows: list[tuple[Any, ...]] | None) -> None:
        if gen != self._gen or rows is None or offset != len(self._rows):
            return
        self._fetching = False
        self._more = len(rows) == PAGE
        if rows:
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    # --- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fields) + 1

    def sync_column(self) -> int:
        return len(self.fields)

    def field_column(self, name: str) -> int:
        for i, f in enumerate(self.fields):
            if f.name == name:
                return i
        raise KeyError(name)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section < len(self.fields):
                return self.fields[section].label
            return QCoreApplication.translate("RegisterModel", "Sync")
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.fields):
            f = self.fields[section]
            return f.label + (QCoreApplication.translate("RegisterModel", " (required)") if f.required else "")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Views ask for a dozen roles per cell on every paint: answer the unused ones first.
        if role not in _ROLES or not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        sync_col = len(self.fields)
        if role == IdRole:
            return row[0]
        if role == SyncRole:
            return row[-2]
        if col == sync_col:
            state = row[-2]
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return sync_label(state)
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(SYNC_COLORS.get(state, QColor("#555")))
            if role == NativeRole:
                return state
            return None
        if col > sync_col:
            return None
        f = self.fields[col]
        value = row[col + 1]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return display_value(f.type, f.enum, value)
        if role == NativeRole:
            return native_value(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and f.type in (
                FieldType.INT, FieldType.FLOAT, FieldType.YEAR):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is SQL: reload ordered by the column's field (sync column: default order)."""
        name = self.fields[column].name if 0 <= column < len(self.fields) else None
        self.set_query(sort_field=name, descending=order == Qt.SortOrder.DescendingOrder)

    # --- helpers for views -----------------------------------------------------------------

    def row_id(self, row: int) -> str | None:
        return self._rows[row][0] if 0 <= row < len(self._rows) else None

    def row_of(self, row_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r[0] == row_id:
                return i
        return -1

    def value(self, row: int, name: str) -> Any:
        return self._rows[row][self.field_column(name) + 1]
