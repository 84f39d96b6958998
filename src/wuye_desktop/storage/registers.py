"""SQL for the registers: one description per register of how each spec field maps to a column
(or to a joined reference column), used for paging, searching, sorting and exporting.

Queries return plain tuples, never ORM objects, so callers on other threads hold no session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, func, or_, select
from sqlalchemy.orm import Session, aliased

from ..domain.fields import SPECS, EntitySpec
from . import fts, keyset
from .base import SyncMixin
from .keyset import Term
from .models import Building, BuildingLead, Committee, CommitteeMember, Company, Estate, Unit

EstateOfCommittee = aliased(Estate)


def lead_names_of_unit() -> SQLColumnExpression[Any]:
    """A unit's 楼长: the live leads that name the unit, "、"-separated."""
    return (select(func.group_concat(BuildingLead.name, "、"))
            .where(BuildingLead.unit_id == Unit.id, BuildingLead.deleted_at.is_(None))
            .correlate(Unit).scalar_subquery())


@dataclass(frozen=True)
class RegisterDef:
    kind: str
    model: type[SyncMixin]
    spec: EntitySpec
    #: which fields a type-ahead search looks in
    search: tuple[str, ...]

    def columns(self) -> dict[str, SQLColumnExpression[Any]]:
        """spec field name → SQL expression (reference fields come from joined tables)."""
        m = self.model
        refs: dict[str, SQLColumnExpression[Any]] = {}
        if self.kind == "estates":
            refs["company_name"] = Company.name
        elif self.kind in ("buildings", "committees", "members"):
            refs["estate_name"] = Estate.name
        elif self.kind in ("leads", "units"):
            refs["estate_name"] = Estate.name
            refs["building_number"] = Building.number
        if self.kind == "leads":
            refs["unit_number"] = Unit.number
        if self.kind == "units":
            refs["lead_names"] = lead_names_of_unit()
        cols: dict[str, SQLColumnExpression[Any]] = {}
        for f in self.spec.fields:
            cols[f.name] = refs[f.name] if f.name in refs else getattr(m, f.name)
        return cols

    def base_select(self, *extra: ColumnElement[Any]) -> Select[Any]:
        cols = self.columns()
        m = self.model
        stmt = select(m.id, *cols.values(), m.sync_state, m.updated_at, *extra)
        if self.kind == "estates":
            stmt = stmt.outerjoin(Company, Estate.company_id == Company.id)
        elif self.kind in ("buildings", "committees"):
            stmt = stmt.join(Estate, m.estate_id == Estate.id)  # type: ignore[attr-defined]
        elif self.kind == "leads":
            stmt = stmt.join(Building, BuildingLead.building_id == Building.id).join(
                Estate, Building.estate_id == Estate.id).outerjoin(
                Unit, BuildingLead.unit_id == Unit.id)
        elif self.kind == "units":
            stmt = stmt.join(Building, Unit.building_id == Building.id).join(
                Estate, Building.estate_id == Estate.id)
        elif self.kind == "members":
            stmt = stmt.join(Committee, CommitteeMember.committee_id == Committee.id).join(
                Estate, Committee.estate_id == Estate.id)
        return stmt.where(m.deleted_at.is_(None))

    def estate_id_column(self) -> SQLColumnExpression[Any] | None:
        if self.kind == "estates":
            return Estate.id
        if self.kind in ("buildings", "units", "leads", "committees", "members"):
            return Estate.id
        return None


REGISTERS: dict[str, RegisterDef] = {
    "estates": RegisterDef("estates", Estate, SPECS["estates"], ("name", "address", "company_name")),
    "buildings": RegisterDef("buildings", Building, SPECS["buildings"], ("number", "estate_name")),
    "units": RegisterDef("units", Unit, SPECS["units"], ("number", "building_number", "estate_name")),
    "leads": RegisterDef("leads", BuildingLead, SPECS["leads"],
                         ("name", "phone", "estate_name", "building_number")),
    "companies": RegisterDef("companies", Company, SPECS["companies"],
                             ("name", "credit_code", "manager", "phone")),
    "committees": RegisterDef("committees", Committee, SPECS["committees"], ("estate_name",)),
    "members": RegisterDef("members", CommitteeMember, SPECS["members"],
                           ("name", "estate_name", "phone")),
}


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


#: reference fields: the table whose index holds them and the joined id they match
_REFERENCE_FTS: dict[str, tuple[str, str, SQLColumnExpression[Any]]] = {
    "estate_name": ("estates", "name", Estate.id),
    "company_name": ("companies", "name", Company.id),
    "building_number": ("buildings", "number", Building.id),
}


def _fts_field(reg: RegisterDef, name: str) -> tuple[str, str, SQLColumnExpression[Any]]:
    if name in _REFERENCE_FTS:
        return _REFERENCE_FTS[name]
    return reg.model.__tablename__, name, reg.model.id  # type: ignore[attr-defined]


def filtered(reg: RegisterDef, stmt: Select[Any], search: str = "",
             filters: dict[str, Any] | None = None) -> Select[Any]:
    cols = reg.columns()
    if search.strip():
        # Each whitespace-separated term must match somewhere (names, numbers, phones): through
        # the trigram indexes from three characters on, with LIKE below that.
        for term in search.split():
            if fts.indexed(term):
                stmt = stmt.where(fts.contains_any([_fts_field(reg, f) for f in reg.search], term))
                continue
            pat = f"%{escape_like(term)}%"
            stmt = stmt.where(or_(*(cols[f].like(pat, escape="\\") for f in reg.search)))
    for key, value in (filters or {}).items():
        if value in (None, ""):
            continue
        if key == "estate_id":
            col = reg.estate_id_column()
            if col is not None:
                stmt = stmt.where(col == value)
        elif key == "credit_grade_other" and reg.kind == "companies":
            # grades kept from an older register that are not the county's (to correct)
            stmt = stmt.where(Company.credit_grade.is_not(None), Company.credit_grade.not_in(value))
        elif key == "management_mode":
            stmt = stmt.where(Estate.management_mode == value) if reg.kind != "companies" else stmt
        elif key in cols:
            stmt = stmt.where(cols[key] == value)
    return stmt


def _sort_terms(reg: RegisterDef, sort: str | None,
                descending: bool) -> tuple[list[Term], Callable[[tuple[Any, ...]], list[Any]]]:
    """The page order as keyset terms, and the cursor (each term's value) of a row tuple."""
    cols = reg.columns()
    name = sort if sort in cols else (reg.spec.natural_key[-1] if reg.kind != "leads" else "name")
    key, at = cols[name], 1 + list(cols).index(name)
    # id as tie-breaker keeps paging stable when sort keys repeat.
    terms: list[Term] = [(key, descending), (reg.model.id, False)]
    if reg.kind == "units" and name == "number":
        # Units in numeric order: "2" before "10" (names, which sort after, are rare).
        terms.insert(0, (func.length(key), descending))
        return terms, lambda r: [None if r[at] is None else len(str(r[at])), r[at], r[0]]
    return terms, lambda r: [r[at], r[0]]


def page(session: Session, kind: str, *, search: str = "", filters: dict[str, Any] | None = None,
         sort: str | None = None, descending: bool = False, offset: int = 0,
         limit: int = 200, after: tuple[Any, ...] | None = None) -> list[tuple[Any, ...]]:
    """Rows as tuples: (id, *spec fields in spec order, sync_state, updated_at). ``after`` (the
    previous page's last row) pages by its sort key instead of ``offset``."""
    reg = REGISTERS[kind]
    stmt = filtered(reg, reg.base_select(), search, filters)
    terms, cursor = _sort_terms(reg, sort, descending)
    if after is not None:
        stmt = stmt.where(keyset.after(terms, cursor(after)))
    stmt = stmt.order_by(*keyset.order(terms)).offset(offset).limit(limit)
    return [tuple(r) for r in session.execute(stmt)]


def count(session: Session, kind: str, *, search: str = "",
          filters: dict[str, Any] | None = None) -> int:
    reg = REGISTERS[kind]
    stmt = filtered(reg, reg.base_select(), search, filters)
    return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def field_names(kind: str) -> list[str]:
    return [f.name for f in REGISTERS[kind].spec.fields if f.name in REGISTERS[kind].columns()]
