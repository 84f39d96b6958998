"""Table models over lists of row objects, described by a column spec (after Vorta's table
models): each :class:`Column` has a name, a translated header, how its cell reads and the
native value a proxy sorts on (:data:`NativeRole`). :class:`PagedModel` adds lazy paging over
the database thread, shared by every long list (registers, inspections).

Paging: only the loaded pages are in memory (pages of :data:`PAGE` rows); ``fetchMore`` asks
the database thread for the next page and the rows are inserted when they arrive. A generation
counter drops answers to superseded queries (the person typed another letter meanwhile). The
query functions are built on the GUI thread from plain values and receive the services on the
database thread; they never read the model.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ..domain.enums import LabeledEnum
from ..tasks import OpContext, TaskRunner

if TYPE_CHECKING:
    from ..services.context import Services

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex

#: the model's native value of a cell (int, float, str, QDate, bool, enum code) for sorting
NativeRole = Qt.ItemDataRole.UserRole + 1
#: the row's record id
IdRole = Qt.ItemDataRole.UserRole + 2
#: the row's sync state code ("pending", "synced", "conflict")
SyncRole = Qt.ItemDataRole.UserRole + 3

DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
ALIGN = Qt.ItemDataRole.TextAlignmentRole
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

PAGE = 200
#: lists count their matches once typing pauses this long (a count reads every match)
COUNT_DELAY_MS = 250


def native_value(value: Any) -> Any:
    """A value Qt can compare (a QVariant): dates become QDate, enums their code."""
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return QDate(value.year, value.month, value.day)
    if isinstance(value, LabeledEnum):
        return value.value
    return value


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column: ``name`` for code (``model.column("score")``), ``header`` for people."""

    name: str
    header: str
    display: Callable[[R], str]
    #: the value a proxy sorts on; None sorts on the text
    native: Callable[[R], Any] | None = None
    right: bool = False
    header_tooltip: str | None = None


class RowsModel(QAbstractTableModel, Generic[R]):
    """A table over a list of row objects; subclasses give the columns and may colour cells
    (:meth:`style`)."""

    def __init__(self, columns: list[Column[R]] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows_: list[R] = []
        self.columns: list[Column[R]] = columns or []

    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column(self, name: str) -> int:
        """The index of the column named ``name`` (KeyError when there is none)."""
        for i, c in enumerate(self.columns):
            if c.name == name:
                return i
        raise KeyError(name)

    def set_rows(self, rows: list[R]) -> None:
        self.beginResetModel()
        self.rows_ = list(rows)
        self.endResetModel()

    def row_object(self, row: int) -> R | None:
        return self.rows_[row] if 0 <= row < len(self.rows_) else None

    def row_id(self, row: int) -> str | None:
        obj = self.row_object(row)
        return None if obj is None else self.id_of(obj)

    def row_of(self, row_id: str) -> int:
        for i, r in enumerate(self.rows_):
            if self.id_of(r) == row_id:
                return i
        return -1

    @staticmethod
    def id_of(obj: R) -> Any:
        return getattr(obj, "id", None) or getattr(obj, "code", None)

    # --- Qt model API ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows_)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        c = self.columns[section]
        if role == DISPLAY:
            return c.header
        if role == TOOLTIP and c.header_tooltip:
            return c.header_tooltip
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows_) \
                or not 0 <= index.column() < len(self.columns):
            return None
        obj = self.rows_[index.row()]
        c = self.columns[index.column()]
        if role in (DISPLAY, TOOLTIP):
            return c.display(obj)
        if role == NativeRole:
            return native_value(c.native(obj)) if c.native else c.display(obj)
        if role == IdRole:
            return self.id_of(obj)
        if role == ALIGN and c.right:
            return RIGHT
        return self.style(obj, c.name, role)

    def style(self, obj: R, column: str, role: int) -> Any:
        """Colours and fonts of a cell (``column`` is the column's name)."""
        return None


class _Generation:
    """The current query's number, read by queued work on the database thread (a plain int
    behind a lock, not a model attribute: work never touches a Qt object)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._n = 0

    def next(self) -> int:
        with self._lock:
            self._n += 1
            return self._n

    def current(self) -> int:
        with self._lock:
            return self._n


@dataclass(frozen=True, slots=True)
class PageAt(Generic[R]):
    """Where the next page starts: after ``last`` (the last row loaded, None for the first
    page) by the list's sort key (keyset paging), or, for lists without one, at ``offset``."""

    offset: int
    last: R | None


#: a page query: (services, where, limit) -> rows, built on the GUI thread from plain values
PageQuery = Callable[[OpContext, PageAt[R], int], list[R]]
CountQuery = Callable[[OpContext], int]


class PagedModel(RowsModel[R]):
    """Rows of one query, loaded a page at a time on the database thread.

    Subclasses implement :meth:`page_query` and :meth:`count_query`; :meth:`reload` after the
    query changed. ``count_delay_ms`` > 0 counts the matches once typing pauses (a count scans
    every match), 0 counts with the first page.
    """

    #: a (re)load finished
    loaded = Signal()
    #: the number of matching rows (once known)
    total_changed = Signal(int)
    #: at least this many rows match (a full first page while the count waits for a pause)
    at_least = Signal(int)

    count_delay_ms = 0

    def __init__(self, runner: TaskRunner, services: Services, columns: list[Column[R]] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(columns, parent)
        self.runner = runner
        self.services = services
        self._gen = _Generation()
        self._more = False
        self._fetching = False
        self.total = -1
        self.loading = False
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(self.count_delay_ms)
        self._count_timer.timeout.connect(self._count_now)

    # --- what to query (GUI thread: read state here, return a function of plain values) -----

    # Declared, not stubbed (a Qt metaclass rules out abc.ABC): every list model defines both
    # as methods saying what it queries.
    page_query: Callable[[], PageQuery[R]]
    count_query: Callable[[], CountQuery]

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch the first page for the current query (older answers are ignored)."""
        generation = self._gen
        gen = generation.next()
        self._count_timer.stop()  # a pending count of the previous query would count this one
        page, count = self.page_query(), self.count_query()
        together = self.count_delay_ms == 0
        self.loading = True
        self._fetching = True

        def work(op: OpContext) -> tuple[list[R], int] | None:
            if gen != generation.current():  # superseded while queued: skip the query
                return None
            rows = page(op, PageAt(0, None), PAGE)
            if len(rows) < PAGE:
                return rows, len(rows)
            return rows, (count(op) if together else -1)

        self.runner.db(work, services=self.services, on_success=lambda r: self._on_first(gen, r))

    def _on_first(self, gen: int, result: tuple[list[R], int] | None) -> None:
        if gen != self._gen.current() or result is None:
            return
        self._count_timer.stop()
        rows, total = result
        self._fetching = False
        self._more = len(rows) == PAGE
        self.set_rows(rows)
        self.loading = False
        if total >= 0:
            self._set_total(total)
        else:
            self.at_least.emit(len(rows))
            self._count_timer.start()
        self.loaded.emit()

    def _count_now(self) -> None:
        generation, gen, count = self._gen, self._gen.current(), self.count_query()

        def work(op: OpContext) -> int | None:
            return None if gen != generation.current() else count(op)

        def counted(n: int | None) -> None:
            if n is not None and gen == self._gen.current():
                self._set_total(n)

        self.runner.db(work, services=self.services, on_success=counted)

    def _set_total(self, n: int) -> None:
        self.total = n
        self.total_changed.emit(n)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation, gen, offset, page = self._gen, self._gen.current(), len(self.rows_), self.page_query()
        at = PageAt(offset, self.rows_[-1] if self.rows_ else None)

        def work(op: OpContext) -> list[R] | None:
            return None if gen != generation.current() else page(op, at, PAGE)

        self.runner.db(work, services=self.services,
                       on_success=lambda rows: self._on_page(gen, offset, rows))

    def _on_page(self, gen: int, offset: int, rows: list[R] | None) -> None:
        if gen != self._gen.current() or rows is None or offset != len(self.rows_):
            return
        self._fetching = False
        self._more = len(rows) == PAGE
        if rows:
            self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
            self.rows_.extend(rows)
            self.endInsertRows()


#: a data column's starting width (px); the person drags it wider, never the model re-measuring
COLUMN_WIDTH = 120


def interactive_columns(t: QTableView) -> None:
    """Column widths a person sets by dragging, starting from :data:`COLUMN_WIDTH`, the last
    column filling the rest. Never ResizeToContents on data columns: it re-measures every cell
    of every loaded page on each reload (a keystroke in the search box)."""
    h = t.horizontalHeader()
    h.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    h.setDefaultSectionSize(COLUMN_WIDTH)
    h.setMinimumSectionSize(48)
    h.setStretchLastSection(True)


def list_view(model: QAbstractTableModel, name: str) -> QTableView:
    """A read-only list of ``model``'s rows: whole rows selected one at a time, no row numbers,
    interactive column widths (the shape of every list screen)."""
    t = QTableView()
    t.setObjectName(name)
    t.setModel(model)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.verticalHeader().setDefaultSectionSize(26)
    t.setWordWrap(False)
    interactive_columns(t)
    return t
