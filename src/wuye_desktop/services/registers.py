"""Registers use cases: validate, create, edit, soft-delete, list, bulk upsert (imports).

Values are dicts keyed by :mod:`domain.fields` names, with references given by natural key
(an estate by name, a building by estate name + number) exactly as a person types them in a
form or a sheet; this module resolves them to ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..clock import Clock, SystemClock
from ..domain.fields import SPECS, EntitySpec
from ..domain.rules import duplicate_building_issue, unknown_ref_issue, validate_record
from ..domain.validation import Issue, Severity, normalize_phone
from ..storage import registers as sql
from ..storage.db import Database
from ..storage.models import (
    Building,
    BuildingLead,
    Committee,
    CommitteeMember,
    Community,
    Company,
    Estate,
)
from ..storage.types import new_id, utcnow


class ValidationFailed(Exception):
    """Raised by save when a record has errors; ``issues`` says which field and why."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("；".join(i.message for i in issues if i.is_error))


@dataclass
class CommunityInfo:
    id: str
    code: str
    name: str
    subdistrict: str = ""
    county: str = ""
    office: str = ""
    coverage_target: float | None = None


@dataclass
class SaveResult:
    id: str
    created: bool
    warnings: list[Issue] = field(default_factory=list)
    changed: bool = True


class Resolver:
    """Natural key → row lookups inside one session, cached for bulk imports."""

    def __init__(self, session: Session) -> None:
        self.s = session
        self._estates: dict[str, Estate] | None = None
        self._companies: dict[str, Company] | None = None
        self._buildings: dict[tuple[str, str], Building] | None = None
        self._committees: dict[str, Committee] | None = None

    def _live(self, model: type) -> list[Any]:
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
        if self._buildings is None:
            self._buildings = {(b.estate_id, b.number): b for b in self._live(Building)}
        return self._buildings

    def committees(self) -> dict[str, Committee]:
        if self._committees is None:
            self._committees = {c.estate_id: c for c in self._live(Committee)}
        return self._committees

    def remember(self, kind: str, obj: Any) -> None:
        if kind == "estates" and self._estates is not None:
            self._estates[obj.name] = obj
        elif kind == "companies" and self._companies is not None:
            self._companies[obj.name] = obj
        elif kind == "buildings" and self._buildings is not None:
            self._buildings[(obj.estate_id, obj.number)] = obj
        elif kind == "committees" and self._committees is not None:
            self._committees[obj.estate_id] = obj

    def forget(self, kind: str, obj: Any) -> None:
        if kind == "estates" and self._estates is not None:
            self._estates = {k: v for k, v in self._estates.items() if v is not obj}
        elif kind == "companies" and self._companies is not None:
            self._companies = {k: v for k, v in self._companies.items() if v is not obj}
        elif kind == "buildings" and self._buildings is not None:
            self._buildings = {k: v for k, v in self._buildings.items() if v is not obj}
        elif kind == "committees" and self._committees is not None:
            self._committees = {k: v for k, v in self._committees.items() if v is not obj}


MODELS: dict[str, type[Any]] = {
    "estates": Estate, "buildings": Building, "leads": BuildingLead, "companies": Company,
    "committees": Committee, "members": CommitteeMember,
}


def _clean(spec: EntitySpec, values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in spec.fields:
        v = values.get(f.name)
        if isinstance(v, str):
            v = v.strip() or None
        if v is not None and f.type.value == "phone":
            v = normalize_phone(str(v)) or None
        out[f.name] = v
    return out


#: kind → (child model, its foreign key, message) — a row with live children is not deleted.
_DEPENDENTS: dict[str, tuple[type[Any], str, str]] = {
    "estates": (Building, "estate_id", "小区“{obj.name}”下还有{n}栋楼，请先删除或移走这些楼栋。"),
    "buildings": (BuildingLead, "building_id", "楼栋“{obj.number}”还有{n}位楼长，请先删除这些楼长。"),
    "companies": (Estate, "company_id", "还有{n}个小区由“{obj.name}”服务，请先在小区中改选物业企业。"),
    "committees": (CommitteeMember, "committee_id", "该业委会还有{n}名成员，请先删除成员。"),
}


class RegisterService:
    """The registers of one community database."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self.db = db
        #: business today for the plausible-year check (pinned in tests)
        self.clock: Clock = clock if clock is not None else SystemClock()

    # --- community -------------------------------------------------------------------------

    def community(self) -> CommunityInfo | None:
        with self.db.session() as s:
            c = s.scalars(select(Community).where(Community.deleted_at.is_(None))).first()
            if c is None:
                return None
            return CommunityInfo(c.id, c.code, c.name, c.subdistrict, c.county, c.office,
                                 c.coverage_target)

    def init_community(self, code: str, name: str, subdistrict: str = "", county: str = "",
                       office: str = "") -> CommunityInfo:
        from ..domain.validation import check_community_code, check_required

        issues = check_community_code(code) + check_required(name, "name", "社区名称")
        if issues:
            raise ValidationFailed(issues)
        with self.db.unit_of_work() as s:
            c = s.scalars(select(Community).where(Community.deleted_at.is_(None))).first()
            if c is None:
                c = Community(code=code, name=name)
                s.add(c)
            elif c.code != code and s.scalar(select(Estate.id).limit(1)) is not None:
                raise ValidationFailed([Issue("code", f"本数据库已登记社区{c.code}（{c.name}），"
                                                      "不能改为另一个社区。请换一个数据目录。")])
            c.code, c.name = code, name
            c.subdistrict, c.county = subdistrict or c.subdistrict or "", county or c.county or ""
            c.office = office or c.office or f"{name}居民委员会"
        info = self.community()
        assert info is not None
        return info

    def community_code(self) -> str | None:
        c = self.community()
        return c.code if c else None

    # --- reading ---------------------------------------------------------------------------

    def page(self, kind: str, **kw: Any) -> list[tuple[Any, ...]]:
        with self.db.session() as s:
            return sql.page(s, kind, **kw)

    def count(self, kind: str, **kw: Any) -> int:
        with self.db.session() as s:
            return sql.count(s, kind, **kw)

    def rows(self, kind: str, search: str = "", filters: dict[str, Any] | None = None,
             ) -> list[dict[str, Any]]:
        """Every live row as a dict of spec fields plus ``id`` (for export and the CLI)."""
        names = ["id", *sql.field_names(kind), "sync_state", "updated_at"]
        out: list[dict[str, Any]] = []
        with self.db.session() as s:
            offset = 0
            while True:
                chunk = sql.page(s, kind, search=search, filters=filters, offset=offset,
                                 limit=5000)
                out += [dict(zip(names, r, strict=True)) for r in chunk]
                if len(chunk) < 5000:
                    return out
                offset += len(chunk)

    def get(self, kind: str, row_id: str) -> dict[str, Any] | None:
        reg = sql.REGISTERS[kind]
        with self.db.session() as s:
            stmt = reg.base_select().where(reg.model.id == row_id)
            r = s.execute(stmt).first()
        if r is None:
            return None
        names = ["id", *sql.field_names(kind), "sync_state", "updated_at"]
        return dict(zip(names, r, strict=True))

    def estate_choices(self) -> list[tuple[str, str]]:
        """(id, name) of live estates for pickers and filters."""
        with self.db.session() as s:
            return [(i, n) for i, n in s.execute(
                select(Estate.id, Estate.name).where(Estate.deleted_at.is_(None))
                .order_by(Estate.name))]

    def company_choices(self) -> list[tuple[str, str]]:
        with self.db.session() as s:
            return [(i, n) for i, n in s.execute(
                select(Company.id, Company.name).where(Company.deleted_at.is_(None))
                .order_by(Company.name))]

    def building_choices(self, estate_name: str) -> list[str]:
        with self.db.session() as s:
            return list(s.scalars(
                select(Building.number).join(Estate, Building.estate_id == Estate.id)
                .where(Estate.name == estate_name, Building.deleted_at.is_(None),
                       Estate.deleted_at.is_(None)).order_by(Building.number)))

    # --- validation and writing ------------------------------------------------------------

    def validate(self, kind: str, values: dict[str, Any], row_id: str | None = None
                 ) -> list[Issue]:
        """Every issue of a record, including the cross-record rules, without writing."""
        with self.db.session() as s:
            code = self.community_code()
            _, issues = self._prepare(s, Resolver(s), kind, _clean(SPECS[kind], values),
                                      row_id, code)
            return issues

    def save(self, kind: str, values: dict[str, Any], row_id: str | None = None) -> SaveResult:
        """Create (row_id None) or edit a record in one unit of work; raises ValidationFailed."""
        code = self.community_code()
        with self.db.unit_of_work() as s:
            result = self._save(s, Resolver(s), kind, values, row_id, code)
        return result

    def _save(self, s: Session, res: Resolver, kind: str, values: dict[str, Any],
              row_id: str | None, code: str | None) -> SaveResult:
        clean = _clean(SPECS[kind], values)
        target, issues = self._prepare(s, res, kind, clean, row_id, code)
        errs = [i for i in issues if i.is_error]
        if errs:
            raise ValidationFailed(errs)
        created = target is None
        # The id is made here, not at flush, so bulk imports can reference new rows unflushed.
        obj = target if target is not None else MODELS[kind](id=new_id())
        self._assign(res, kind, obj, clean, code)
        changed = created or s.is_modified(obj)
        if created:
            s.add(obj)
        res.remember(kind, obj)
        return SaveResult(obj.id, created, [i for i in issues if not i.is_error], changed)

    def delete(self, kind: str, row_id: str) -> None:
        """Soft delete (tombstone) so other devices and the county learn of it."""
        with self.db.unit_of_work() as s:
            obj = s.get(MODELS[kind], row_id)
            if obj is None or obj.deleted_at is not None:
                return
            blockers = self._dependents(s, kind, obj)
            if blockers:
                raise ValidationFailed([Issue("", blockers)])
            obj.deleted_at = utcnow()

    def _dependents(self, s: Session, kind: str, obj: Any) -> str:
        """Why ``obj`` cannot be deleted yet (live rows still point at it), or ""."""
        rule = _DEPENDENTS.get(kind)
        if rule is None:
            return ""
        child, fk, message = rule
        k = s.scalar(select(func.count()).select_from(child).where(
            getattr(child, fk) == obj.id, child.deleted_at.is_(None))) or 0
        return message.format(n=k, obj=obj) if k else ""

    # --- internals -------------------------------------------------------------------------

    def _prepare(self, s: Session, res: Resolver, kind: str, v: dict[str, Any],
                 row_id: str | None, code: str | None) -> tuple[Any | None, list[Issue]]:
        """Find the row being edited (by id or natural key) and list every issue."""
        spec = SPECS[kind]
        issues = validate_record(spec, v, code, self.clock.today())
        target: Any | None = None
        if row_id is not None:
            target = s.get(MODELS[kind], row_id)
            if target is None or target.deleted_at is not None:
                return None, [*issues, Issue("", "该记录已被删除或不存在，请刷新后重试。")]
        if any(i.is_error for i in issues):
            return target, issues
        if kind == "estates":
            other = res.estates().get(v["name"])
            if other is not None and other is not target:
                if row_id is not None:
                    issues.append(Issue("name", f"已有名为“{v['name']}”的小区，小区名称不能重复。"))
                else:
                    target = other
            if v.get("company_name") and v["company_name"] not in res.companies():
                issues.append(unknown_ref_issue("company_name", "物业企业", v["company_name"],
                                                "物业企业"))
        elif kind == "companies":
            other = res.companies().get(v["name"])
            if other is not None and other is not target:
                if row_id is not None:
                    issues.append(Issue("name", f"已有名为“{v['name']}”的物业企业，企业名称不能重复。"))
                else:
                    target = other
        elif kind in ("buildings", "committees", "leads", "members"):
            estate = res.estates().get(v["estate_name"])
            if estate is None:
                issues.append(unknown_ref_issue("estate_name", "小区", v["estate_name"], "小区"))
                return target, issues
            if kind == "buildings":
                other = res.buildings().get((estate.id, v["number"]))
                if other is not None and other is not target:
                    if row_id is not None:
                        issues.append(duplicate_building_issue(v["number"], estate.name))
                    else:
                        target = other
            elif kind == "committees":
                other = res.committees().get(estate.id)
                if other is not None and other is not target:
                    if row_id is not None:
                        issues.append(Issue("estate_name", f"小区“{estate.name}”已登记业委会（物管会），"
                                                           "请编辑原有记录。"))
                    else:
                        target = other
            elif kind == "leads":
                b = res.buildings().get((estate.id, v["building_number"]))
                if b is None:
                    issues.append(Issue("building_number", f"小区“{estate.name}”中没有楼栋"
                                        f"“{v['building_number']}”，楼长只能登记在本社区已有的楼栋。"))
                elif row_id is None:
                    target = s.scalars(select(BuildingLead).where(
                        BuildingLead.building_id == b.id, BuildingLead.name == v["name"],
                        BuildingLead.deleted_at.is_(None))).first() if b.id else None
            elif kind == "members":
                c = res.committees().get(estate.id)
                if c is None:
                    issues.append(Issue("estate_name", f"小区“{estate.name}”还没有登记业委会，"
                                                       "请先登记业委会。"))
                elif row_id is None:
                    target = s.scalars(select(CommitteeMember).where(
                        CommitteeMember.committee_id == c.id, CommitteeMember.name == v["name"],
                        CommitteeMember.deleted_at.is_(None))).first()
        return target, issues

    def _assign(self, res: Resolver, kind: str, obj: Any, v: dict[str, Any],
                code: str | None) -> None:
        spec = SPECS[kind]
        for f in spec.fields:
            if f.ref is None and hasattr(obj, f.name):
                val = v.get(f.name)
                if getattr(obj, f.name) != val:
                    setattr(obj, f.name, val)
        if kind == "estates":
            if not v.get("community_code") and code and obj.community_code != code:
                obj.community_code = code
            company = res.companies().get(v["company_name"]) if v.get("company_name") else None
            new_cid = company.id if company else None
            if obj.company_id != new_cid:
                obj.company_id = new_cid
        elif kind in ("buildings", "committees"):
            eid = res.estates()[v["estate_name"]].id
            if obj.estate_id != eid:
                obj.estate_id = eid
        elif kind == "leads":
            eid = res.estates()[v["estate_name"]].id
            bid = res.buildings()[(eid, v["building_number"])].id
            if obj.building_id != bid:
                obj.building_id = bid
        elif kind == "members":
            cid = res.committees()[res.estates()[v["estate_name"]].id].id
            if obj.committee_id != cid:
                obj.committee_id = cid

    def bulk_upsert(self, kind: str, rows: Iterable[tuple[str, int, dict[str, Any]]],
                    s: Session, res: Resolver, on_row: Callable[[int], None] | None = None,
                    ) -> tuple[int, int, list[tuple[str, int, Issue]]]:
        """Upsert rows (sheet, row number, values) by natural key inside the caller's
        transaction. Returns (created, updated, problems); the caller rolls back on problems."""
        code = self.community_code()
        created = updated = 0
        problems: list[tuple[str, int, Issue]] = []
        for i, (sheet, rownum, values) in enumerate(rows):
            try:
                with s.no_autoflush:
                    r = self._save(s, res, kind, values, None, code)
                created += r.created
                updated += r.changed and not r.created
            except ValidationFailed as exc:
                problems += [(sheet, rownum, iss) for iss in exc.issues]
            if on_row:
                on_row(i)
        return created, updated, problems


__all__ = ["CommunityInfo", "RegisterService", "Resolver", "SaveResult", "Severity",
           "ValidationFailed"]
