"""The 单元 parts of the registers service: unit numbers as people write them, which building a
unit sheet without a 小区 column means, a lead's unit, and keeping each building's 单元数 equal
to its live units (the rule itself is :mod:`wuye_desktop.domain.units`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.units import made_unit_id, unit_count_issue, unit_count_of, unit_number, units_to_add
from ..domain.validation import Issue
from ..storage.models import Building, Estate, Unit
from ..storage.types import utcnow
from .import_write import hold
from .register_types import Resolver


def normalise(kind: str, given: dict[str, Any]) -> dict[str, Any]:
    """"2单元", "二单元", "第2单元" → "2" in a unit's number and a lead's unit."""
    name = "number" if kind == "units" else "unit_number" if kind == "leads" else ""
    if name and given.get(name) is not None:
        given = given | {name: unit_number(given[name])}
    return given


def infer_estate(res: Resolver, given: dict[str, Any]) -> dict[str, Any]:
    """A 单元 row without 所属小区: the estate whose building has that number, if only one has."""
    number = given.get("building_number")
    if given.get("estate_name") or not number:
        return given
    estates = res.estates_with_building(str(number))
    if len(estates) != 1:
        return given
    (eid,) = estates
    name = next((e.name for e in res.estates().values() if e.id == eid), None)
    return given | {"estate_name": name} if name else given


def current(s: Session, kind: str, obj: Any, out: dict[str, Any]) -> None:
    """The references of a stored unit or lead by natural key, as the form shows them."""
    if kind == "units":
        b = s.get(Building, obj.building_id)
        assert b is not None
        out["building_number"] = b.number
        out["estate_name"] = s.get(Estate, b.estate_id).name  # type: ignore[union-attr]
    elif kind == "leads":
        u = s.get(Unit, obj.unit_id) if obj.unit_id else None
        out["unit_number"] = u.number if u is not None and u.deleted_at is None else None


def building_of(res: Resolver, v: dict[str, Any]) -> Building | None:
    estate = res.estates().get(v.get("estate_name") or "")
    if estate is None:
        return None
    return res.building(estate.id, v.get("building_number"))


def find(res: Resolver, v: dict[str, Any]) -> Unit | None:
    b = building_of(res, v)
    return res.units().get((b.id, str(v.get("number") or ""))) if b is not None else None


def reference_issues(res: Resolver, kind: str, v: dict[str, Any], target: Any | None
                     ) -> list[Issue]:
    """A unit's building, a lead's unit, a building's 单元数 against its units (``target``:
    the stored row being written, None for a new one)."""
    if kind == "buildings":
        issue = unit_count_issue(v.get("unit_count"),
                                 len(res.unit_numbers(target.id)) if target is not None else 0)
        return [issue] if issue is not None else []
    b = building_of(res, v)
    if kind == "units" and b is None:
        return [Issue("building_number", f"小区“{v['estate_name']}”中没有楼栋“{v['building_number']}”，"
                                         "单元只能登记在本社区已有的楼栋下。")]
    if kind == "leads" and b is not None and v.get("unit_number") \
            and v["unit_number"] not in res.unit_numbers(b.id):
        have = "、".join(sorted(res.unit_numbers(b.id))) or "无"
        return [Issue("unit_number", f"{v['building_number']}没有“{v['unit_number']}单元”"
                                     f"（已登记的单元：{have}）。请先在楼栋下登记该单元，或改正单元。")]
    return []


def missing_estate(kind: str, v: dict[str, Any]) -> list[Issue]:
    """A unit whose 所属小区 is blank and could not be told from the building number."""
    if kind != "units" or v.get("estate_name"):
        return []
    return [Issue("estate_name", f"请填写所属小区：楼栋“{v.get('building_number') or ''}”"
                                 "不止一个小区有，或本社区没有这个楼栋。")]


def assign(s: Session, res: Resolver, kind: str, obj: Any, v: dict[str, Any],
           changed: set[str], created: bool) -> None:
    """Point a unit at its building and a lead at its unit; keep the 单元数 in step."""
    if kind == "units":
        old = None if created else obj.building_id
        if created or changed & {"estate_name", "building_number"}:
            b = building_of(res, v)
            assert b is not None
            obj.building_id = b.id
        res.remember("units", obj)
        for bid in {old, obj.building_id} - {None}:
            _recount(s, res, bid)
    elif kind == "leads" and (created or changed & {"estate_name", "building_number",
                                                    "unit_number"}):
        b = building_of(res, v)
        u = res.units().get((b.id, v["unit_number"])) if b is not None and v.get("unit_number") \
            else None
        obj.unit_id = u.id if u is not None else None
        if u is not None and "unit" not in changed:
            obj.unit = None  # the free text the unit replaces
    elif kind == "buildings" and (created or "unit_count" in changed):
        _add_units(s, res, obj, created)


def _add_units(s: Session, res: Resolver, building: Building, new: bool = False) -> None:
    """Create the units a raised 单元数 asks for (reviving a deleted one of the same number;
    a ``new`` building has none, so a large import does not look for them)."""
    s.add(building)  # a new building is flushed before its units
    for number in units_to_add(building.unit_count, res.unit_numbers(building.id)):
        uid = made_unit_id(building.id, number)
        with s.no_autoflush:
            unit = None if new else s.get(Unit, uid)
        if unit is None:
            unit = Unit(id=uid, building_id=building.id, number=number)
            if not (new and hold(s, unit, after=building)):
                s.add(unit)
        else:
            unit.deleted_at, unit.building_id, unit.number = None, building.id, number
        res.remember("units", unit)


def _recount(s: Session, res: Resolver, building_id: str) -> None:
    b = s.get(Building, building_id)
    if b is not None:
        count = unit_count_of(res.unit_numbers(building_id))
        if b.unit_count != count:
            b.unit_count = count


def on_delete(s: Session, kind: str, obj: Any) -> None:
    """A deleted unit lowers its building's 单元数; a deleted building takes its units along."""
    if kind == "units":
        s.flush()
        _recount(s, Resolver(s), obj.building_id)
    elif kind == "buildings":
        now = utcnow()
        for u in s.scalars(select(Unit).where(Unit.building_id == obj.id,
                                              Unit.deleted_at.is_(None))):
            u.deleted_at = now


def on_restore(s: Session, kind: str, obj: Any) -> None:
    """Back from 回收站: a unit raises its building's 单元数 again; a building gets its 单元数
    of units back (the ones made from the count come back as they were)."""
    if kind in ("units", "buildings"):
        s.flush()
    if kind == "units":
        _recount(s, Resolver(s), obj.building_id)
    elif kind == "buildings":
        _add_units(s, Resolver(s), obj)


def unit_choices(s: Session, estate_name: str, building_number: str) -> list[str]:
    """The unit numbers of one building, in order, for the lead form's picker."""
    from ..domain.units import unit_sort_key

    numbers = s.scalars(
        select(Unit.number).join(Building, Unit.building_id == Building.id)
        .join(Estate, Building.estate_id == Estate.id)
        .where(Estate.name == estate_name, Building.number == building_number,
               Unit.deleted_at.is_(None), Building.deleted_at.is_(None)))
    return sorted(numbers, key=unit_sort_key)


__all__ = ["assign", "current", "find", "infer_estate", "missing_estate",
           "normalise", "on_delete", "on_restore", "reference_issues", "unit_choices"]
