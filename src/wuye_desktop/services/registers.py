"""Registers use cases: validate, create, edit, soft-delete, list, bulk upsert (imports).

Values are dicts keyed by :mod:`domain.fields` names, with references given by natural key
(an estate by name, a building by estate name + number) exactly as a person types them in a
form or a sheet; this module resolves them to ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..clock import Clock, SystemClock
from ..domain.credit import BlacklistedCompany, credit_issues, is_blacklisted
from ..domain.enums import ManagementMode
from ..domain.errors import UserError
from ..domain.fields import SPECS
from ..domain.rules import duplicate_building_issue, unknown_ref_issue, validate_record
from ..domain.validation import Issue, Severity
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
from . import register_units as units
from .committees import load_bands
from .register_checks import county_issues, county_owned, credit_grade_of, keep_stored_spelling
from .register_types import (
    _DEPENDENTS,
    MODELS,
    CommunityInfo,
    FieldChange,
    Mode,
    Resolver,
    SaveResult,
    _clean,
    _Evaluation,
    describe,
)

if TYPE_CHECKING:
    from .schedules import ScheduleService


class ValidationFailed(UserError):
    """Raised by save when a record has errors; ``issues`` says which field and why."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("；".join(i.message for i in issues if i.is_error))

    def with_hint(self) -> str:
        """Every issue on its own line (the form marks them by field; elsewhere, a list)."""
        return "\n".join(i.message for i in self.issues) or self.message


class DuplicateRecord(ValidationFailed):
    """新建 with the natural key of a live record: refused, never merged into it.

    ``existing_id`` is the record that has the key, so the form can offer to open it."""

    def __init__(self, kind: str, existing_id: str, issues: list[Issue]) -> None:
        self.kind = kind
        self.existing_id = existing_id
        super().__init__(issues)


class RegisterService:
    """The registers of one community database."""

    def __init__(self, db: Database, clock: Clock | None = None,
                 schedules: ScheduleService | None = None) -> None:
        self.db = db
        #: business today for the plausible-year check (pinned in tests)
        self.clock: Clock = clock if clock is not None else SystemClock()
        #: gives an estate the schedules of its management mode when it is registered or its
        #: mode changes, in the same transaction (None: a bare register service, e.g. a tool)
        self.schedules = schedules

    # --- community -------------------------------------------------------------------------

    def community(self) -> CommunityInfo | None:
        with self.db.session() as s:
            c = s.scalars(select(Community).where(Community.deleted_at.is_(None))).first()
            if c is None:
                return None
            return CommunityInfo(c.id, c.code, c.name, c.subdistrict, c.county, c.office,
                                 c.coverage_target, c.office_address or "", c.office_phone or "",
                                 c.office_contact or "")

    def update_office(self, *, office: str | None = None, address: str | None = None,
                      phone: str | None = None, contact: str | None = None) -> CommunityInfo:
        """Edit the issuing office's name, address, phone and contact person (None: keep)."""
        from ..domain.validation import check_phone, normalize_phone

        issues = [i for i in check_phone(phone, "office_phone") if i.is_error] if phone else []
        if issues:
            raise ValidationFailed(issues)
        if phone:
            phone = normalize_phone(phone) or phone
        with self.db.unit_of_work() as s:
            c = s.scalars(select(Community).where(Community.deleted_at.is_(None))).first()
            if c is None:
                raise ValidationFailed([Issue("code", "还没有登记社区。请先登记本社区。")])
            if office is not None and office.strip():
                c.office = office.strip()
            if address is not None:
                c.office_address = address.strip() or None
            if phone is not None:
                c.office_phone = phone.strip() or None
            if contact is not None:
                c.office_contact = contact.strip() or None
        info = self.community()
        assert info is not None
        return info

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
            last: tuple[Any, ...] | None = None
            while True:  # by keyset, not offset: each chunk starts after the last row's key
                chunk = sql.page(s, kind, search=search, filters=filters, after=last, limit=5000)
                out += [dict(zip(names, r, strict=True)) for r in chunk]
                if len(chunk) < 5000:
                    return self._flag_blacklisted(kind, out)
                last = chunk[-1]

    def get(self, kind: str, row_id: str) -> dict[str, Any] | None:
        reg = sql.REGISTERS[kind]
        names = ["id", *sql.field_names(kind), "sync_state", "updated_at"]
        with self.db.session() as s:
            r = s.execute(reg.base_select().where(reg.model.id == row_id)).first()
            if r is None:
                return None
            values = dict(zip(names, r, strict=True))
            owned = county_owned(s, kind, values.get("name"))
            if owned:  # the county's fields of a registry company: the form shows them read-only
                values["county_fields"] = owned
        return self._flag_blacklisted(kind, [values])[0]

    def _flag_blacklisted(self, kind: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Estates say whether their company is on the black list (the estate's flag)."""
        if kind != "estates":
            return rows
        with self.db.session() as s:
            black = {n for n, st in s.execute(select(Company.name, Company.list_status).where(
                Company.deleted_at.is_(None))) if is_blacklisted(st)}
        for r in rows:
            r["company_blacklisted"] = r.get("company_name") in black
        return rows

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

    def unit_choices(self, estate_name: str, building_number: str) -> list[str]:
        """The unit numbers of one building (for the lead form's 单元 picker)."""
        with self.db.session() as s:
            return units.unit_choices(s, estate_name, building_number)

    def buildings_of(self, estate_id: str) -> list[tuple[str, str]]:
        """(id, number) of an estate's live buildings, for pickers."""
        with self.db.session() as s:
            return [(i, n) for i, n in s.execute(
                select(Building.id, Building.number)
                .where(Building.estate_id == estate_id, Building.deleted_at.is_(None))
                .order_by(Building.number))]

    # --- validation and writing ------------------------------------------------------------

    def validate(self, kind: str, values: dict[str, Any], row_id: str | None = None
                 ) -> list[Issue]:
        """Every issue of a record, including the cross-record rules, without writing.

        Without ``row_id`` the values are a new record (a natural-key collision is an error);
        with it, they are the record's edited fields laid over what is stored."""
        with self.db.session() as s:
            code = self.community_code()
            ev = self._evaluate(s, Resolver(s), kind, values, row_id, code,
                                "create" if row_id is None else "edit")
            return ev.issues

    def create(self, kind: str, values: dict[str, Any]) -> SaveResult:
        """Register a new record; raises :class:`DuplicateRecord` when one with the same
        natural key exists (creating never merges into it) and ValidationFailed otherwise."""
        return self.save(kind, values, None)

    def update(self, kind: str, row_id: str, changes: dict[str, Any]) -> SaveResult:
        """Change only the given fields of one record (None clears a field)."""
        return self.save(kind, changes, row_id)

    def save(self, kind: str, values: dict[str, Any], row_id: str | None = None,
             allow_blacklisted: bool = False) -> SaveResult:
        """Create (row_id None) or edit a record in one unit of work; raises ValidationFailed.

        Creating refuses a natural-key collision (:class:`DuplicateRecord`). Editing writes only
        the fields present in ``values``, so a field another device changed meanwhile (sync)
        survives a save of the fields the person touched.

        Giving an estate a black-listed company raises :class:`BlacklistedCompany` unless
        ``allow_blacklisted`` (the person confirmed it)."""
        code = self.community_code()
        with self.db.unit_of_work() as s:
            result = self._save(s, Resolver(s), kind, values, row_id, code,
                                "create" if row_id is None else "edit",
                                allow_blacklisted=allow_blacklisted)
        return result

    def _save(self, s: Session, res: Resolver, kind: str, values: dict[str, Any],
              row_id: str | None, code: str | None, mode: Mode,
              blank_clears: bool = False, allow_blacklisted: bool = False) -> SaveResult:
        ev = self._evaluate(s, res, kind, values, row_id, code, mode, blank_clears)
        errs = [i for i in ev.issues if i.is_error]
        if ev.duplicate is not None:
            raise DuplicateRecord(kind, ev.duplicate.id, errs)
        if errs:
            raise ValidationFailed(errs)
        blacklisted = self._blacklisted_assignment(res, kind, ev.changes)
        if blacklisted and not allow_blacklisted:
            raise BlacklistedCompany(blacklisted, [str(ev.merged.get("name") or "")])
        created = ev.target is None
        # The id is made here, not at flush, so bulk imports can reference new rows unflushed.
        obj = ev.target if ev.target is not None else MODELS[kind](id=new_id())
        self._assign(res, kind, obj, ev.merged, {c.field for c in ev.changes}, code, created)
        if created:
            s.add(obj)
        res.remember(kind, obj)
        if kind == "estates" and self.schedules is not None and (
                created or any(c.field == "management_mode" for c in ev.changes)):
            # a label typed in a form stays text until the column binds it; the rules want the member
            estate_mode = ManagementMode.parse(obj.management_mode)
            if estate_mode is not None:
                self.schedules.apply_rules(s, obj.id, estate_mode, self.clock.today(),
                                           created=created)
        return SaveResult(obj.id, created, [i for i in ev.issues if not i.is_error],
                          created or bool(ev.changes), ev.changes, blacklisted)

    @staticmethod
    def _blacklisted_assignment(res: Resolver, kind: str, changes: list[FieldChange]) -> str | None:
        """The black-listed company this write newly gives an estate (None: no such thing)."""
        if kind != "estates":
            return None
        name = next((c.new for c in changes if c.field == "company_name"), None)
        company = res.companies().get(name) if name else None
        return name if company is not None and is_blacklisted(company.list_status) else None

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
            units.on_delete(s, kind, obj)

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

    def _evaluate(self, s: Session, res: Resolver, kind: str, values: dict[str, Any],
                  row_id: str | None, code: str | None, mode: Mode,
                  blank_clears: bool = False) -> _Evaluation:
        """What writing ``values`` would do: the row it lands on, the full record after it,
        the field changes and every issue — computed once, for validation, save and the
        import preview alike."""
        spec = SPECS[kind]
        given = units.normalise(kind, _clean(spec, values))
        if kind == "units" and mode != "edit":
            given = units.infer_estate(res, given)
        target: Any | None = None
        if mode == "edit":
            target = s.get(MODELS[kind], row_id)
            if target is None or target.deleted_at is not None:
                return _Evaluation(None, given, [], [Issue("", "该记录已被删除或不存在，请刷新后重试。")])
        current = self._current(s, kind, target) if target is not None else {}
        if mode == "upsert":
            # The key fields are all present (the reader requires their columns).
            target = self._find(s, res, kind, given)
            current = self._current(s, kind, target) if target is not None else {}
            if target is not None and not blank_clears:
                # A blank cell keeps what is stored unless the person chose otherwise.
                given = {k: v for k, v in given.items() if v is not None}
            if target is not None:
                given = keep_stored_spelling(given, current)
        if kind == "companies":
            given = credit_grade_of(s, given, current)
        merged = {f.name: None for f in spec.fields} | current | given
        issues = validate_record(spec, merged, code, self.clock.today())
        if kind == "companies":
            entered = any(f in given and given[f] != current.get(f)
                          for f in ("credit_grade", "credit_score"))
            issues += credit_issues(merged.get("credit_score"), merged.get("credit_grade"),
                                    load_bands(s), entered=entered)
        issues += units.missing_estate(kind, merged)
        if any(i.is_error for i in issues):
            return _Evaluation(target, merged, [], issues)
        issues += self._reference_issues(res, kind, merged)
        issues += units.reference_issues(res, kind, merged, target)
        issues += county_issues(s, kind, merged)
        duplicate: Any | None = None
        if not any(i.is_error for i in issues):
            other = self._find(s, res, kind, merged)
            if other is not None and other is not target:
                if mode == "create":
                    duplicate = other
                    issues.append(Issue(spec.natural_key[-1],
                                        self._duplicate_message(s, kind, other)))
                else:
                    issues.append(self._collision_issue(s, kind, other))
        if target is None:
            changes = [FieldChange(f.name, f.label, None, merged[f.name]) for f in spec.fields
                       if merged[f.name] is not None]
        else:
            changes = [FieldChange(f.name, f.label, current.get(f.name), merged[f.name])
                       for f in spec.fields if merged[f.name] != current.get(f.name)]
        return _Evaluation(target, merged, changes, issues, duplicate)

    def _current(self, s: Session, kind: str, obj: Any) -> dict[str, Any]:
        """The stored record as spec fields, references by natural key (as a form shows it)."""
        spec = SPECS[kind]
        out = {f.name: getattr(obj, f.name) for f in spec.fields
               if f.ref is None and hasattr(obj, f.name)}
        if kind == "estates":
            company = s.get(Company, obj.company_id) if obj.company_id else None
            out["company_name"] = company.name if company is not None else None
        elif kind in ("buildings", "committees"):
            out["estate_name"] = s.get(Estate, obj.estate_id).name  # type: ignore[union-attr]
        elif kind == "leads":
            b = s.get(Building, obj.building_id)
            assert b is not None
            out["building_number"] = b.number
            out["estate_name"] = s.get(Estate, b.estate_id).name  # type: ignore[union-attr]
        elif kind == "members":
            c = s.get(Committee, obj.committee_id)
            assert c is not None
            out["estate_name"] = s.get(Estate, c.estate_id).name  # type: ignore[union-attr]
        units.current(s, kind, obj, out)
        return out

    def _find(self, s: Session, res: Resolver, kind: str, v: dict[str, Any]) -> Any | None:
        """The live row with the natural key in ``v`` (None when there is none)."""
        if kind == "estates":
            return res.estates().get(v.get("name") or "")
        if kind == "companies":
            return res.companies().get(v.get("name") or "")
        estate = res.estates().get(v.get("estate_name") or "")
        if estate is None:
            return None
        if kind == "buildings":
            return res.building(estate.id, v.get("number"))
        if kind == "units":
            return units.find(res, v)
        if kind == "committees":
            return res.committees().get(estate.id)
        if kind == "leads":
            b = res.building(estate.id, v.get("building_number"))
            if b is None:
                return None
            return s.scalars(select(BuildingLead).where(
                BuildingLead.building_id == b.id, BuildingLead.name == v.get("name"),
                BuildingLead.deleted_at.is_(None))).first()
        if kind == "members":
            c = res.committees().get(estate.id)
            if c is None:
                return None
            return s.scalars(select(CommitteeMember).where(
                CommitteeMember.committee_id == c.id, CommitteeMember.name == v.get("name"),
                CommitteeMember.deleted_at.is_(None))).first()
        return None

    def _reference_issues(self, res: Resolver, kind: str, v: dict[str, Any]) -> list[Issue]:
        """References that point nowhere (unknown estate, building, company, committee)."""
        if kind == "estates":
            if v.get("company_name") and v["company_name"] not in res.companies():
                return [unknown_ref_issue("company_name", "物业企业", v["company_name"], "物业企业")]
            return []
        if kind == "companies":
            return []
        estate = res.estates().get(v["estate_name"])
        if estate is None:
            return [unknown_ref_issue("estate_name", "小区", v["estate_name"], "小区")]
        if kind == "leads" and res.building(estate.id, v["building_number"]) is None:
            known = sorted((b.number for (eid, _k), b in res.buildings().items() if eid == estate.id),
                           key=lambda n: (len(n), n))
            listed = (f"该小区已登记的楼栋：{'、'.join(known[:12])}{'等' if len(known) > 12 else ''}。"
                      if known else "该小区还没有登记楼栋，请先导入或登记楼栋。")
            return [Issue("building_number", f"小区“{estate.name}”中没有楼栋"
                          f"“{v['building_number']}”，楼长只能登记在本社区已有的楼栋。{listed}")]
        if kind == "members" and estate.id not in res.committees():
            return [Issue("estate_name", f"小区“{estate.name}”还没有登记业委会，请先登记业委会。")]
        return []

    def _collision_issue(self, s: Session, kind: str, other: Any) -> Issue:
        """An edit that would give a record another record's natural key."""
        v = self._current(s, kind, other)
        if kind == "estates":
            return Issue("name", f"已有名为“{v['name']}”的小区，小区名称不能重复。")
        if kind == "companies":
            return Issue("name", f"已有名为“{v['name']}”的物业企业，企业名称不能重复。")
        if kind == "buildings":
            return duplicate_building_issue(v["number"], v["estate_name"])
        if kind == "units":
            return Issue("number", f"{describe(kind, v)}已登记，同一楼栋内单元号不能重复。")
        if kind == "committees":
            return Issue("estate_name", f"小区“{v['estate_name']}”已登记业委会（物管会），"
                                        "请编辑原有记录。")
        if kind == "leads":
            return Issue("name", f"小区“{v['estate_name']}”{v['building_number']}已有楼长"
                                 f"“{v['name']}”，同一楼栋不能登记两位同名楼长。")
        return Issue("name", f"小区“{v['estate_name']}”的业委会已有成员“{v['name']}”，"
                             "不能重复登记。")

    def _duplicate_message(self, s: Session, kind: str, other: Any) -> str:
        """Why 新建 was refused, naming the record that exists, and what to do instead."""
        v = self._current(s, kind, other)
        what = describe(kind, v)
        hint = "不能再新建一条。如要修改它，请打开已有记录；如确是另一条记录，请改用不同的"
        if kind == "estates":
            return f"已有{what}，{hint}小区名称（例如加上“二期”）。"
        if kind == "companies":
            return f"已有{what}，{hint}企业名称。"
        if kind == "buildings":
            return f"已有{what}，{hint}楼栋号。"
        if kind == "units":
            return f"已有{what}，{hint}单元号。"
        if kind == "committees":
            return (f"已有{what}，每个小区只能登记一个业委会（物管会）。"
                    "如要修改它，请打开已有记录。")
        return f"已有{what}，{hint}姓名（例如在姓名后注明）。"

    def _assign(self, res: Resolver, kind: str, obj: Any, v: dict[str, Any],
                changed: set[str], code: str | None, created: bool) -> None:
        """Write the changed fields only: an untouched field keeps whatever is stored, even if
        it changed after the form was opened."""
        spec = SPECS[kind]
        for f in spec.fields:
            if f.ref is None and f.name in changed and hasattr(obj, f.name):
                setattr(obj, f.name, v.get(f.name))
        if kind == "estates":
            if created and not v.get("community_code") and code:
                obj.community_code = code
            if created or "company_name" in changed:
                company = res.companies().get(v["company_name"]) if v.get("company_name") else None
                obj.company_id = company.id if company else None
        elif kind in ("buildings", "committees"):
            if created or "estate_name" in changed:
                obj.estate_id = res.estates()[v["estate_name"]].id
        elif kind == "leads":
            if created or changed & {"estate_name", "building_number"}:
                eid = res.estates()[v["estate_name"]].id
                building = res.building(eid, v["building_number"])
                assert building is not None  # _reference_issues refused the row otherwise
                obj.building_id = building.id
        elif kind == "members" and (created or "estate_name" in changed):
            obj.committee_id = res.committees()[res.estates()[v["estate_name"]].id].id
        units.assign(res.s, res, kind, obj, v, changed, created)

    def upsert_rows(self, kind: str, rows: Iterable[tuple[str, int, dict[str, Any]]],
                    s: Session, res: Resolver, on_row: Callable[[int], None] | None = None,
                    blank_clears: bool = False, allow_blacklisted: bool = False,
                    ) -> tuple[list[tuple[str, int, SaveResult]], list[tuple[str, int, Issue]]]:
        """Upsert rows (sheet, row number, values) by natural key inside the caller's
        transaction: a key that exists is updated in the fields the row has (a blank value
        keeps the stored one unless ``blank_clears``), a new key is created. Returns each row's
        result and the problems; the caller rolls back on problems."""
        code = self.community_code()
        results: list[tuple[str, int, SaveResult]] = []
        problems: list[tuple[str, int, Issue]] = []
        for i, (sheet, rownum, values) in enumerate(rows):
            try:
                with s.no_autoflush:
                    r = self._save(s, res, kind, values, None, code, "upsert", blank_clears,
                                   allow_blacklisted)
                results.append((sheet, rownum, r))
            except ValidationFailed as exc:
                problems += [(sheet, rownum, iss) for iss in exc.issues]
            if on_row:
                on_row(i)
        return results, problems

    def bulk_upsert(self, kind: str, rows: Iterable[tuple[str, int, dict[str, Any]]],
                    s: Session, res: Resolver, on_row: Callable[[int], None] | None = None,
                    blank_clears: bool = False,
                    ) -> tuple[int, int, list[tuple[str, int, Issue]]]:
        """:meth:`upsert_rows` counted: (created, updated, problems)."""
        results, problems = self.upsert_rows(kind, rows, s, res, on_row, blank_clears)
        created = sum(r.created for _, _, r in results)
        updated = sum(r.changed and not r.created for _, _, r in results)
        return created, updated, problems


__all__ = ["CommunityInfo", "DuplicateRecord", "FieldChange", "RegisterService", "Resolver",
           "SaveResult", "Severity", "ValidationFailed", "describe"]
