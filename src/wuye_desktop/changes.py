"""What an operation changed: the typed change set views refresh from (Anki's ``OpChanges``).

An operation returns its result together with an :class:`OpChanges` (``Changed(value,
changes)``); the runner announces the changes once, on the GUI thread, and each view asks
``changes.touches(Area.…)`` for the areas it shows. No Qt here, so the core may produce change
sets too.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


class Area(enum.Enum):
    """One thing a view can show: a register, the inspection data, sync state…"""

    ESTATES = "estates"
    BUILDINGS = "buildings"
    UNITS = "units"
    LEADS = "leads"
    COMPANIES = "companies"
    COMMITTEES = "committees"
    MEMBERS = "members"
    INSPECTIONS = "inspections"
    RECTIFICATIONS = "rectifications"
    TEMPLATES = "templates"
    SCHEDULES = "schedules"
    SURVEYS = "surveys"
    COMPLAINTS = "complaints"
    #: the public-revenue ledger, its postings and the fee collection figures
    REVENUE = "revenue"
    SELECTIONS = "selections"
    FUND = "fund_applications"
    #: the outbox, conflicts and the sync status
    SYNC = "sync"

    @classmethod
    def of_register(cls, kind: str) -> Area:
        """The area of a register kind (``"estates"`` …)."""
        return cls(kind)

    @classmethod
    def of_table(cls, table: str) -> Area | None:
        """The area a synced table's rows show up in (``None``: no view shows it)."""
        try:
            return cls(table)
        except ValueError:
            return _TABLE_AREAS.get(table)


_TABLE_AREAS = {
    "inspection_items": Area.INSPECTIONS,
    "inspection_photos": Area.INSPECTIONS,
    "inspection_templates": Area.TEMPLATES,
    "inspection_schedules": Area.SCHEDULES,
    "revenue_entries": Area.REVENUE,
    "revenue_postings": Area.REVENUE,
    "fee_collections": Area.REVENUE,
}

#: the registers, in navigation order
REGISTER_AREAS = (Area.ESTATES, Area.BUILDINGS, Area.UNITS, Area.LEADS, Area.COMPANIES,
                  Area.COMMITTEES, Area.MEMBERS)


@dataclass(frozen=True)
class OpChanges:
    """The set of areas one operation changed; empty for a read."""

    areas: frozenset[Area] = frozenset()

    @classmethod
    def of(cls, *areas: Area) -> OpChanges:
        return cls(frozenset(areas))

    @classmethod
    def of_all(cls, areas: Iterable[Area]) -> OpChanges:
        return cls(frozenset(areas))

    def touches(self, *areas: Area) -> bool:
        """True when any of ``areas`` changed."""
        return not self.areas.isdisjoint(areas)

    def __bool__(self) -> bool:
        return bool(self.areas)

    def __or__(self, other: OpChanges) -> OpChanges:
        return OpChanges(self.areas | other.areas)


NOTHING = OpChanges()
#: everything a view can show (a sync pulls rows of every table; a restore replaces the file)
EVERYTHING = OpChanges(frozenset(Area))


@dataclass(frozen=True)
class Changed(Generic[T]):
    """An operation's result with the change set it made."""

    value: T
    changes: OpChanges
