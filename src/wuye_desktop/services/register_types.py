"""The registers service's plain results and helpers: what a save reports, the natural-key
resolver one transaction shares, value cleaning and how a record is named to a person."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.fields import EntitySpec
from ..domain.normalise import building_key
from ..domain.validation import Issue, normalize_phone
from ..storage.base import SyncMixin
from ..storage.models import (
    Building,
    BuildingLead,
    Committee,
    CommitteeMember,
    Company,
    Estate,
    Unit,
)

Mode = Literal["create", "edit", "upsert"]


@dataclass(frozen=True)
class FieldChange:
    """One field of one record: what is stored and what would be (or was) written."""

    field: str
    label: str
    old: Any
    new: Any


@dataclass
class CommunityInfo:
    id: str
    code: str
    name: str
    subdistrict: str = ""
    county: str = ""
    office: str = ""
    coverage_target: float | None = None
    #: the office's address, phone and contact person (printed on notices)
    office_address: str = ""
    office_phone: str = ""
    office_contact: str = ""


@dataclass
class SaveResult:
    id: str
    created: bool
    warnings: list[Issue] = field(default_factory=list)
    changed: bool = True
    #: the fields written (for a new record: every field given a value)
    changes: list[FieldChange] = field(default_factory=list)
    #: the black-listed company this save gave an estate (confirmed by the person), if any
    blacklisted_company: str | None = None


@dataclass
class _Evaluation:
    target: Any | None
    merged: dict[str, Any]
    changes: list[FieldChange]
    issues: list[Issue]
    duplicate: Any | None = None


class Resolver:
    """Natural key → row lookups inside one session, cached for bulk imports."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self._estates: dict[str, Estate] | None = None
        self._companies: dict[str, Company] | None = None
        self._buildings: dict[tuple[str, str], Building] | None = None
        self._committees: dict[str, Committee] | None = None
        self._units: dict[tuple[str, str], Unit] | None = None
        self._unit_keys: dict[str, tuple[str, str]] = {}  # unit id → its key in _units
        self._unit_numbers: dict[str, set[str]] = {}  # building id → its live unit numbers
        self._building_estates: dict[str, set[str]] | None = None  # number → estate ids

    def _live(self, model: type[SyncMixin]) -> list[Any]:
        return list(self.s.scalars(select(model).where(model.deleted_at.is_(None))))

    def estates(self) -> dict[str, Estate]:
        if self._estates is None:
            self._estates = {e.name: e for e in self._live(Estate)}
        return self._estates

    def companies(self) -> dict[str, Company]:
        if self._companies is None:
            self._companies = {c.name: c for c in self._live(Company)}
        return self._companies

    def buildings(self) -> dict[tuple[str, str], Building]:
        """(estate id, :func:`building_key` of the number) → building: "1#" finds "1号楼"."""
        if self._buildings is None:
            self._buildings = {(b.estate_id, building_key(b.number)): b
                               for b in self._live(Building)}
        return self._buildings

    def building(self, estate_id: str, number: Any) -> Building | None:
        return self.buildings().get((estate_id, building_key(str(number or ""))))

    def committees(self) -> dict[str, Committee]:
        if self._committees is None:
            self._committees = {c.estate_id: c for c in self._live(Committee)}
        return self._committees

    def units(self) -> dict[tuple[str, str], Unit]:
        """(building id, unit number) → live unit, including units made in this transaction."""
        if self._units is None:
            self._units = {}
            for u in self._live(Unit):
                self._put_unit(u)
        return self._units

    def _put_unit(self, u: Unit) -> None:
        assert self._units is not None
        self._drop_unit(u)
        key = (u.building_id, u.number)
        self._units[key] = u
        self._unit_keys[u.id] = key
        self._unit_numbers.setdefault(u.building_id, set()).add(u.number)

    def _drop_unit(self, u: Unit) -> None:
        key = self._unit_keys.pop(u.id, None)
        if key is not None and self._units is not None:
            self._units.pop(key, None)
            self._unit_numbers.get(key[0], set()).discard(key[1])

    def unit_numbers(self, building_id: str) -> set[str]:
        self.units()
        return set(self._unit_numbers.get(building_id, ()))

    def estates_with_building(self, number: str) -> set[str]:
        """Ids of the estates that have a live building numbered ``number`` (in any spelling:
        the index is by :func:`building_key`)."""
        if self._building_estates is None:
            self._building_estates = {}
            for eid, key in self.buildings():
                self._building_estates.setdefault(key, set()).add(eid)
        return set(self._building_estates.get(building_key(number), ()))

    def remember(self, kind: str, obj: Any) -> None:
        if kind == "estates" and self._estates is not None:
            self._estates[obj.name] = obj
        elif kind == "companies" and self._companies is not None:
            self._companies[obj.name] = obj
        elif kind == "buildings" and self._buildings is not None:
            self._buildings[(obj.estate_id, building_key(obj.number))] = obj
        elif kind == "committees" and self._committees is not None:
            self._committees[obj.estate_id] = obj
        elif kind == "units" and self._units is not None:
            self._put_unit(obj)
        if kind == "buildings":
            self._building_estates = None

    def forget(self, kind: str, obj: Any) -> None:
        if kind == "estates" and self._estates is not None:
            self._estates = {k: v for k, v in self._estates.items() if v is not obj}
        elif kind == "companies" and self._companies is not None:
            self._companies = {k: v for k, v in self._companies.items() if v is not obj}
        elif kind == "buildings" and self._buildings is not None:
            self._buildings = {k: v for k, v in self._buildings.items() if v is not obj}
        elif kind == "committees" and self._committees is not None:
            self._committees = {k: v for k, v in self._committees.items() if v is not obj}
        elif kind == "units":
            self._drop_unit(obj)
        if kind == "buildings":
            self._building_estates = None


MODELS: dict[str, type[Any]] = {
    "estates": Estate, "buildings": Building, "units": Unit, "leads": BuildingLead, "companies": Company,
    "committees": Committee, "members": CommitteeMember,
}


def _clean(spec: EntitySpec, values: dict[str, Any]) -> dict[str, Any]:
    """The spec fields present in ``values``, trimmed; an absent key is not a None: it means
    "leave this field alone" (a column missing from a sheet, a field the person did not edit)."""
    out: dict[str, Any] = {}
    for f in spec.fields:
        if f.name not in values or f.readonly:
            continue
        v = values[f.name]
        if isinstance(v, str):
            v = v.strip() or None
        if v is not None and f.type.value == "phone":
            v = normalize_phone(str(v)) or None
        if isinstance(v, str) and f.enum is not None and not isinstance(v, f.enum):
            # A code from a sheet or the CLI: the member, so previews can show its label.
            with contextlib.suppress(ValueError):
                v = f.enum(v)
        out[f.name] = v
    return out


#: kind → (child model, its foreign key, message) — a row with live children is not deleted.
_DEPENDENTS: dict[str, tuple[type[Any], str, str]] = {
    "estates": (Building, "estate_id", "小区“{obj.name}”下还有{n}栋楼，请先删除或移走这些楼栋。"),
    "buildings": (BuildingLead, "building_id", "楼栋“{obj.number}”还有{n}位楼长，请先删除这些楼长。"),
    "units": (BuildingLead, "unit_id", "单元“{obj.number}”还有{n}位楼长，请先为这些楼长改选单元。"),
    "companies": (Estate, "company_id", "还有{n}个小区由“{obj.name}”服务，请先在小区中改选物业企业。"),
    "committees": (CommitteeMember, "committee_id", "该业委会还有{n}名成员，请先删除成员。"),
}


def describe(kind: str, v: dict[str, Any]) -> str:
    """A record as a person names it: 小区“东风花园”（东风路18号）, 楼长“李桂兰”（…）."""
    def extra(*names: str) -> str:
        bits = [str(v[n]) for n in names if v.get(n)]
        return f"（{'，'.join(bits)}）" if bits else ""

    if kind == "estates":
        return f"小区“{v['name']}”{extra('address')}"
    if kind == "companies":
        return f"物业企业“{v['name']}”{extra('credit_code')}"
    if kind == "buildings":
        return f"小区“{v['estate_name']}”的楼栋“{v['number']}”"
    if kind == "committees":
        return f"小区“{v['estate_name']}”的业委会（物管会）"
    if kind == "units":
        return f"小区“{v['estate_name']}”{v['building_number']}的{v['number']}单元"
    if kind == "leads":
        return (f"小区“{v['estate_name']}”{v['building_number']}的楼长“{v['name']}”"
                f"{extra('phone')}")
    return f"小区“{v['estate_name']}”业委会的成员“{v['name']}”{extra('phone')}"
