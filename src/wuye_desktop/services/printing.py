"""Printing use cases: fill the printing engine's data classes from the registers and inspections.

The engine (:mod:`wuye_desktop.printing`) knows nothing about the database; this service reads
estates, buildings, leads, companies, committees and finalised inspections in short read-only
sessions and hands plain data to it. The only write is the rectification notice number, which
goes through :meth:`InspectionService.assign_notice_number` so it is never reused.

Decisions worth knowing:

* A building with two leads (the demo gives every fourth building one per half) prints both:
  names joined with "、" and phones in the same order, so residents of either half find theirs.
* Several estates into one combined PDF: every estate's notices are prepared first (so every
  template and lead problem is refused before anything is written), then drawn on one ReportLab
  canvas, so each font subset is embedded once (page numbers are per notice, as before).
* A reprinted rectification notice reuses the number already stored on the inspection's
  rectification items; a number is taken only when none of them has one.

"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Literal

from sqlalchemy import select

from ..clock import SystemClock
from ..domain.enums import CommitteeKind, CommitteeRole, ServiceGrade
from ..domain.notice_rules import NoticeAuthority, NoticeLine, default_legal_basis, notice_refusals
from ..domain.revenue import COMPUTED_NOTICE_FIELDS
from ..printing import (
    Building,
    BuildingLead,
    DecorationAgreement,
    Estate,
    FeeStandard,
    InspectionItemResult,
    InspectionReport,
    Issuer,
    NoticeTemplate,
    Party,
    Photo,
    PrintError,
    RectificationItem,
    RectificationNotice,
    ServiceContract,
    TemplateError,
    builtin_templates,
    county_template,
)
from ..printing.contract_texts import ContractClauses
from ..storage import models as m
from ..storage.db import Database
from .contract_clauses import contract_clauses
from .printing_types import (
    DECORATION_FIELDS,
    SERVICE_FIELDS,
    BuildingChoice,
    DocumentField,
    EstateChoice,
    InspectionChoice,
    PrintResult,
    _dec,
    _natural,
    committee_names,
    notice_fields,
    parse_date,
)
from .registers import RegisterService

log = logging.getLogger(__name__)

Output = str | Path | BinaryIO
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

#: Document kinds the 文书 screen and the CLI offer, with their Chinese names.
CONTRACT_KINDS: dict[str, str] = {"service": "物业服务合同", "decoration": "装饰装修管理服务协议"}


# --- the service -------------------------------------------------------------------------------


class PrintService:
    """Prints notices, rectification notices, contracts and inspection reports of one database."""

    def __init__(self, db: Database, registers: RegisterService, inspections: Any | None = None,
                 today: Callable[[], dt.date] | None = None) -> None:
        self.db = db
        self.registers = registers
        self.inspections = inspections
        #: the services' clock (``Services.clock.today``); the system clock when built alone
        self.today: Callable[[], dt.date] = today if today is not None else SystemClock().today
        self._templates: dict[str, NoticeTemplate] | None = None

    # templates and choices ----------------------------------------------------------------------

    def templates(self) -> list[NoticeTemplate]:
        """The notice templates: the shipped defaults, then those the county published (a
        county template with a default's id replaces it). Read each time: a pull may bring one."""
        if self._templates is None:
            self._templates = builtin_templates()
        out = dict(self._templates)
        for t in self.county_templates():
            out[t.id] = t
        return list(out.values())

    def county_templates(self) -> list[NoticeTemplate]:
        """Notice templates the county published that reached this device by sync; one that
        does not parse is left out (and logged), so it never hides the others."""
        from ..storage.models_sync import reference_rows

        found = []
        with self.db.session() as s:
            rows = [(r.data, r.version) for r in reference_rows(s, "templates")]
        for data, version in rows:
            if data.get("kind") != "notice":
                continue  # a checklist (TemplateService has it) or a county rule document
            try:
                found.append(county_template(data, version or 1))
            except TemplateError as exc:
                log.warning("county notice template %r skipped: %s", data.get("name"), exc)
        return found

    def template(self, template_id: str) -> NoticeTemplate:
        for t in self.templates():
            if t.id == template_id or t.name == template_id:
                return t
        ids = "、".join(f"{t.id}（{t.name}）" for t in self.templates())
        raise TemplateError(f"没有编号为“{template_id}”的通知模板。可用的模板：{ids}。")

    template_fields = staticmethod(notice_fields)  # a template's fields, as the 文书 screen shows them

    @staticmethod
    def contract_fields(kind: str) -> list[DocumentField]:
        if kind not in CONTRACT_KINDS:
            raise PrintError(f"不认识的合同种类“{kind}”。可用：" +
                             "、".join(f"{k}（{v}）" for k, v in CONTRACT_KINDS.items()) + "。")
        return list(SERVICE_FIELDS if kind == "service" else DECORATION_FIELDS)

    def issuer(self) -> Issuer:
        """The community's office, as printed under every notice."""
        c = self.registers.community()
        if c is None:
            raise PrintError("还没有登记社区信息，无法确定发文单位。请先在“设置”中填写社区。")
        return Issuer(office=c.office or f"{c.name}居民委员会", contact=c.office_contact,
                      phone=c.office_phone, address=c.office_address)

    def resolve_fields(self, template_id: str, values: Mapping[str, str]) -> dict[str, str]:
        """Field values keyed by label or name (as ``print templates`` shows them) -> by name.

        The template's own fields and the office details a batch may replace (联系电话, 联系人,
        发文单位…) are accepted; anything else is refused, naming what may be filled.
        """
        from ..printing.notices import OVERRIDABLE

        template = self.template(template_id)
        by_key: dict[str, str] = {}
        for f in template.fields:
            by_key[f.name] = by_key[f.label] = f.name
        for name in sorted(OVERRIDABLE & template.placeholders):
            by_key[name] = name
        unknown = [k for k in values if k.strip() not in by_key]
        if unknown:
            allowed = [f"{f.label}" + (f"（{f.name}）" if f.name != f.label else "") for f in template.fields]
            allowed += sorted(OVERRIDABLE & template.placeholders)
            raise TemplateError(f"模板“{template.name}”没有“{'”“'.join(unknown)}”这一项。"
                                f"可填写：{'、'.join(allowed) or '（无）'}。")
        return {by_key[k.strip()]: v for k, v in values.items()}

    def estates(self) -> list[EstateChoice]:
        with self.db.session() as s:
            rows = list(s.scalars(select(m.Estate).where(m.Estate.deleted_at.is_(None))))
            counts: dict[str, int] = {}
            for eid in s.scalars(select(m.Building.estate_id).where(m.Building.deleted_at.is_(None))):
                counts[eid] = counts.get(eid, 0) + 1
            out = [EstateChoice(e.id, e.name, counts.get(e.id, 0)) for e in rows]
        return sorted(out, key=lambda e: _natural(e.name))

    def estate_id(self, name: str) -> str:
        """Resolve an estate by its exact name, or by a part of it that matches just one."""
        choices = self.estates()
        exact = [e for e in choices if e.name == name.strip()]
        if exact:
            return exact[0].id
        part = [e for e in choices if name.strip() and name.strip() in e.name]
        if len(part) == 1:
            return part[0].id
        if not part:
            raise PrintError(f"找不到名为“{name}”的小区。")
        raise PrintError(f"“{name}”对应多个小区：{'、'.join(e.name for e in part)}。请写全名。")

    def buildings(self, estate_id: str) -> list[BuildingChoice]:
        est = self._estate(estate_id)
        with self.db.session() as s:
            ids = {b.number: b_id for b_id, b in self._building_rows(s, estate_id)}
        return [BuildingChoice(ids[b.number], b.number,
                               f"{b.lead.name} {b.lead.phone}".strip() if b.lead else "")
                for b in est.buildings]

    def finalised_inspections(self, search: str = "", limit: int = 300) -> list[InspectionChoice]:
        if self.inspections is None:
            return []
        from ..domain.inspections import InspectionStatus
        from .inspections import InspectionFilter

        rows = self.inspections.find(InspectionFilter(status=InspectionStatus.FINAL, search=search),
                                     limit=limit)
        return [InspectionChoice(r.id, f"{r.inspected_on} {r.estate_name} {r.kind_label}"
                                 f"{f' 复查（第{r.round}次）' if r.is_reinspection else ''} {r.result_label}",
                                 r.passed is False or bool(r.critical_failed)) for r in rows]

    # estates as printing data -------------------------------------------------------------------

    @staticmethod
    def _building_rows(s: Any, estate_id: str) -> list[tuple[str, Building]]:
        return PrintService._buildings_of(s, [estate_id]).get(estate_id, [])

    @staticmethod
    def _buildings_of(s: Any, estate_ids: Sequence[str]) -> dict[str, list[tuple[str, Building]]]:
        """(building id, printing Building) per estate, in natural number order: two queries for
        any number of estates ("print all" reads 100 estates at once)."""
        rows = list(s.scalars(select(m.Building).where(m.Building.estate_id.in_(estate_ids),
                                                        m.Building.deleted_at.is_(None))))
        leads: dict[str, list[m.BuildingLead]] = {}
        for lead in s.scalars(select(m.BuildingLead).join(m.Building).where(
                m.Building.estate_id.in_(estate_ids), m.Building.deleted_at.is_(None),
                m.BuildingLead.deleted_at.is_(None))):
            leads.setdefault(lead.building_id, []).append(lead)
        out: dict[str, list[tuple[str, Building]]] = {}
        for b in rows:
            ls = sorted(leads.get(b.id, []), key=lambda x: (_natural(_unit_of(x)), x.name))
            lead = None
            if ls:
                # Both leads of a building are printed, in unit order (see the module docstring).
                lead = BuildingLead("、".join(x.name for x in ls),
                                    "、".join(x.phone for x in ls if x.phone))
            each = tuple(BuildingLead(x.name, x.phone or "", x.term_start, x.term_end) for x in ls)
            out.setdefault(b.estate_id, []).append((b.id, Building(b.number, lead, b.unit_count, each)))
        for per_estate in out.values():
            per_estate.sort(key=lambda t: _natural(t[1].number))
        return out

    def _estate(self, estate_id: str, building_ids: Sequence[str] | None = None) -> Estate:
        return self._estates([estate_id], building_ids)[0]

    def _estates(self, estate_ids: Sequence[str], building_ids: Sequence[str] | None = None) -> list[Estate]:
        """The estates as printing data, in the order given, read in one session."""
        with self.db.session() as s:
            found = {e.id: e for e in s.scalars(select(m.Estate).where(m.Estate.id.in_(estate_ids)))}
            buildings, committees = self._buildings_of(s, estate_ids), committee_names(s, estate_ids)
            community = s.scalar(select(m.Community.name).where(m.Community.deleted_at.is_(None))) or ""
            wanted = None if building_ids is None else set(building_ids)
            out = []
            for eid in estate_ids:
                e = found.get(eid)
                if e is None or e.deleted_at is not None:
                    raise PrintError("找不到所选小区，它可能已被删除。")
                rows = buildings.get(eid, [])
                if wanted is not None:
                    rows = [r for r in rows if r[0] in wanted]
                out.append(Estate(name=e.name, address=e.address or "", community=community,
                                  company=e.company.name if e.company else "",
                                  buildings=tuple(b for _id, b in rows), committee=committees.get(eid, "")))
            return out

    # batch notices --------------------------------------------------------------------------------

    def notice_batch(self, template_id: str, estate_ids: Sequence[str] | None, values: Mapping[str, str],
                     out: Output, *, building_ids: Sequence[str] | None = None,
                     per_building: bool = False, missing_lead: Literal["error", "blank"] = "error",
                     issue_date: dt.date | None = None, progress: Progress | None = None,
                     cancelled: Cancelled | None = None,
                     computed: Mapping[str, str] | None = None) -> PrintResult:
        """Print a notice once per building of the given estates (None → every estate).

        ``building_ids`` narrows to those buildings (the GUI's ticked list). ``out`` is a PDF
        path or stream, or with ``per_building`` a folder receiving one PDF per building.
        Raises :class:`PrintError` / :class:`TemplateError` with a Chinese message before
        writing anything when a value or a lead is missing.

        ``computed``: values a ledger computed (the 公共收益公示's totals); a template that uses
        them prints only with them, and ``values`` may not replace any of them.
        """
        from ..printing.notices import (
            draw_notices,
            leads_without_term,
            missing_data,
            per_lead_targets,
            prepare_notices,
            refuse_leads_without_term,
            render_notice_batch,
        )

        template = self.template(template_id)
        ledger = COMPUTED_NOTICE_FIELDS & template.placeholders
        if ledger and computed is None:
            raise TemplateError(f"“{template.name}”的金额由公共收益台账计算，不能手工填写。",
                                hint="请在“公共收益”页选择小区和期间后打印"
                                     "（命令行：wuye-desktop revenue print）。")
        typed = sorted(ledger & {k for k, v in values.items() if v.strip()})
        if typed:
            raise TemplateError(f"“{'”“'.join(typed)}”由公共收益台账计算，不能手工填写或改写。",
                                hint="请修改台账中的收支记录。")
        values = {**values, **(computed or {})}
        issuer = self.issuer()
        issue_date = issue_date or self.today()
        ids = [e.id for e in self.estates()] if estate_ids is None else list(estate_ids)
        estates = self._estates(ids, building_ids)
        if template.once:  # a letter, not a notice posted at every entrance
            estates = [replace(e, buildings=e.buildings[:1]) for e in estates]
        if estate_ids is None or len(estates) > 1:
            estates = [e for e in estates if e.buildings]  # "all" skips estates without buildings
        if not estates:
            raise PrintError("所选范围内没有登记楼栋，无法打印。请先在“楼栋”中登记。")
        missing = template.missing_values(values)
        if missing:
            raise TemplateError(
                f"模板“{template.name}”还有必填内容未填写：{'、'.join(f.label for f in missing)}。")
        lacking = [(e.name, what, where) for e in estates
                   for what, where in missing_data(template, e, issuer, values)]
        if lacking:
            shown = "；".join(f"{name}：{what}" for name, what, _ in lacking[:10]) + \
                (f"等{len(lacking)}处" if len(lacking) > 10 else "")
            wheres = "；".join(dict.fromkeys(where for _, _, where in lacking))
            raise TemplateError(f"模板“{template.name}”需要的内容未登记——{shown}。",
                                hint=f"请{wheres}，或在打印时填写该项。")
        if template.uses_lead and missing_lead == "error":
            no_lead = [f"{e.name}{b.number}" for e in estates for b in e.buildings if b.lead is None]
            if no_lead:
                shown = "、".join(no_lead[:10]) + (f"等{len(no_lead)}栋" if len(no_lead) > 10 else "")
                raise TemplateError(f"模板“{template.name}”需要楼长姓名或电话，以下楼栋未登记楼长：{shown}。"
                                    "请先登记楼长，或选择“楼长留空待手填”。")
        if template.per_lead:  # a 聘书 per lead, each with the lead's registered term
            refuse_leads_without_term(template, [f"{e.name}{t}" for e in estates
                                                 for t in leads_without_term(template, e.buildings)])
            estates = [replace(e, buildings=tuple(per_lead_targets(e.buildings))) for e in estates]
        total = sum(len(e.buildings) for e in estates)
        offset = 0

        def sub_progress(done: int, _total: int) -> None:
            if progress is not None:
                progress(offset + done, total)

        if per_building:
            files: list[Path] = []
            pages = 0
            try:
                for e in estates:
                    r = render_notice_batch(template, e, values, issuer, issue_date, Path(out),  # type: ignore[arg-type]
                                            per_building_files=True, missing_lead=missing_lead,
                                            progress=sub_progress, cancelled=cancelled)
                    files += r.files
                    pages += r.pages
                    offset += r.buildings
            except BaseException:
                for f in files:  # a cancelled batch leaves no half of itself behind
                    f.unlink(missing_ok=True)
                raise
            return PrintResult(pages, tuple(files), total)
        if len(estates) == 1:
            r = render_notice_batch(template, estates[0], values, issuer, issue_date, out,
                                    missing_lead=missing_lead, progress=sub_progress, cancelled=cancelled)
            return PrintResult(r.pages, r.files, r.buildings)
        # Several estates: one canvas, so each font subset is embedded once for the whole batch.
        notices = [n for e in estates
                   for _b, n in prepare_notices(template, e, values, issuer, issue_date,
                                                missing_lead=missing_lead)]
        pages = draw_notices(out, f"{template.name}（{len(estates)}个小区）", issuer, notices,
                             progress=progress, cancelled=cancelled)
        return PrintResult(pages, (Path(out),) if isinstance(out, str | Path) else (), total)

    # inspections -------------------------------------------------------------------------------

    def _final_inspection(self, inspection_id: str) -> Any:
        if self.inspections is None:
            raise PrintError("巡查考核功能未启用，无法打印。")
        from ..domain.inspections import InspectionError, InspectionStatus

        try:
            d = self.inspections.get(inspection_id)
        except (InspectionError, LookupError):
            raise PrintError("找不到该检查记录。") from None
        if d.status is not InspectionStatus.FINAL:
            raise PrintError("这次检查还是草稿。请先定稿，再打印。")
        return d

    def _rects(self, inspection_id: str) -> list[Any]:
        # which items a notice lists is the inspection service's rule (a re-inspection lists
        # the items it re-checked that are still open)
        rows = self.inspections.notice_rectifications(inspection_id)  # type: ignore[union-attr]
        return sorted(rows, key=lambda r: (_natural(r.item_code), r.id))

    @staticmethod
    def _rect_items(rects: Sequence[Any]) -> tuple[RectificationItem, ...]:
        return tuple(RectificationItem(problem=r.description, action=r.requirement or "立即整改到位。",
                                       deadline=r.deadline, item_ref=r.item_code, critical=r.critical)
                     for r in rects)

    def notice_issuer(self, authority: NoticeAuthority, template_issuer: str) -> Issuer:
        """Who signs a rectification notice: the community's office, or for a county-issued
        template the county housing authority the template names."""
        if authority is NoticeAuthority.COUNTY:
            return Issuer(office=template_issuer.strip() or "县住房和城乡建设局")
        return self.issuer()

    def rectification_basis(self, inspection_id: str) -> str:
        """The 整改依据 a notice of this inspection cites unless the person edits it."""
        d = self._final_inspection(inspection_id)
        t = self.inspections.templates.get(d.template_id)  # type: ignore[union-attr]
        return t.legal_basis or default_legal_basis(d.kind)

    def rectification(self, inspection_id: str, out: Output, *, three_copies: bool = False,
                      issue_date: dt.date | None = None, legal_basis: str | None = None,
                      preview: bool = False) -> PrintResult:
        """整改通知单 for a finalised inspection's open rectification items.

        The number is taken once (〔年〕第N号 per community per year) and stored on the items;
        printing the same inspection again reuses it. A ``preview`` takes no number (it prints
        "〔年〕第　号"). Refused, before any number is spent, when the estate has no company
        (no addressee) or an item's deadline has passed. The wording and the signatory follow
        the template's issuing authority; ``legal_basis`` replaces the template's basis.
        """
        from ..printing.rectification import render_rectification_notice

        d = self._final_inspection(inspection_id)
        rects = self._rects(inspection_id)
        if not rects:
            raise PrintError("这次检查没有需要整改的事项（已整改的不再列入），无需打印整改通知单。")
        issue_date = issue_date or self.today()
        estate = d.estate_name + (d.building_number or "")
        if not (d.company_name or "").strip():
            raise PrintError(f"小区“{d.estate_name}”没有登记物业服务企业，整改通知单没有送达对象，无法打印。",
                             hint="请先在“小区”中为该小区填写物业服务企业，再打印。")
        past = notice_refusals([NoticeLine(r.item_code, r.deadline) for r in rects], issue_date)
        if past:
            raise PrintError(f"以下整改事项的期限已过，不能再发出限期整改的通知：{'、'.join(past)}。",
                             hint="请先在“整改”中为这些事项重新确定期限（或按逾期处理、上报），再打印。")
        t = self.inspections.templates.get(d.template_id)  # type: ignore[union-attr]
        basis = (legal_basis or "").strip() or t.legal_basis or default_legal_basis(d.kind)
        notice = RectificationNotice(
            number=f"〔{issue_date.year}〕第　号", company=d.company_name or "", estate=estate,
            inspection_date=d.inspected_on, items=self._rect_items(rects),
            issuer=self.notice_issuer(t.authority, t.issuer), issue_date=issue_date,
            legal_basis=basis, inspection_kind=d.kind_label, authority=t.authority)
        if preview:
            pages = render_rectification_notice(notice, out, three_copies=three_copies)
            return PrintResult(pages, (Path(out),) if isinstance(out, str | Path) else (), 0, "", False)
        # Render a throw-away copy first: a number is consumed only by a notice that prints.
        render_rectification_notice(notice, io.BytesIO(), three_copies=three_copies)
        # An item carries the number of the latest notice it was printed on. A re-inspection's
        # notice is a new notice for items that already carry the original's number, so its own
        # number is remembered under the re-inspection (locally) to be reused on a reprint.
        key = f"notice_number:{inspection_id}" if d.reinspection_of_id else None
        existing = [n for n in [self.db.get_setting(key)] if n] if key else \
            sorted({r.notice_number for r in rects if r.notice_number})
        if existing:
            number, reused = existing[0], True
        else:
            number = self.inspections.assign_notice_number([r.id for r in rects], issue_date.year)  # type: ignore[union-attr]
            reused = False
            if key:
                self.db.set_setting(key, number)
        pages = render_rectification_notice(replace(notice, number=number), out, three_copies=three_copies)
        return PrintResult(pages, (Path(out),) if isinstance(out, str | Path) else (), 0, number, reused)

    def _captions(self, inspection_id: str) -> dict[str, str]:
        # PhotoInfo does not carry the caption typed at capture time; read it here.
        from ..storage.models_inspection import InspectionPhoto

        with self.db.session() as s:
            return {pid: cap for pid, cap in s.execute(select(InspectionPhoto.id, InspectionPhoto.caption).where(
                InspectionPhoto.inspection_id == inspection_id)) if cap}

    def report(self, inspection_id: str, out: Output) -> PrintResult:
        """巡查/考核报告 with every item, photos two per row and the rectification items."""
        from ..domain.inspections import ItemResult, item_points
        from ..printing.report import render_inspection_report

        d = self._final_inspection(inspection_id)
        captions = self._captions(inspection_id)
        items: list[InspectionItemResult] = []
        photos: list[Photo] = []
        for it in d.items:
            pts = item_points(it.max_points, it.result, it.points)
            items.append(InspectionItemResult(
                section=it.section, title=f"{it.code} {it.text}", result=it.result_label,
                score=None if pts is None else Decimal(str(pts)), max_score=Decimal(str(it.max_points)),
                note=it.note or "", failed=it.result is ItemResult.FAIL, critical=it.critical))
            photos += [Photo(p.path, captions.get(p.id) or f"{it.code} {it.text}") for p in it.photos]
        photos += [Photo(p.path, captions.get(p.id) or "现场照片") for p in d.photos]
        score = d.score if d.score is not None else (d.live_score.percent if d.live_score else 0) or 0
        report = InspectionReport(
            estate=d.estate_name + (d.building_number or ""), company=d.company_name or "",
            inspection_date=d.inspected_on, inspectors=tuple(f"{p.name}（{p.role_label}）" for p in d.inspectors),
            template_name=d.template_name, score=Decimal(str(round(score, 2))), max_score=Decimal(100),
            passed=bool(d.passed) and not d.critical_failed, items=tuple(items), kind=d.kind_label,
            photos=tuple(photos), rectifications=self._rect_items(self._rects(inspection_id)),
            issuer=self.issuer(), summary=d.note or "",
            pass_threshold=Decimal(str(d.pass_threshold)), reinspection=d.reinspection_of_id is not None)
        pages = render_inspection_report(report, out)
        missing = [p.caption for p in photos if not Path(p.path).is_file()]
        warn = (f"有{len(missing)}张照片的文件缺失（{'、'.join(missing[:3])}），报告中以“照片文件缺失”代替。"
                "照片可能是在另一台电脑上拍摄的，请同步后重新打印。",) if missing else ()
        return PrintResult(pages, (Path(out),) if isinstance(out, str | Path) else (), warnings=warn)

    # contracts ---------------------------------------------------------------------------------

    def _clauses(self) -> ContractClauses:
        with self.db.session() as s:
            return contract_clauses(s)

    def _parties(self, estate_id: str) -> tuple[Party, Party, Any]:
        with self.db.session() as s:
            e = s.get(m.Estate, estate_id)
            if e is None or e.deleted_at is not None:
                raise PrintError("找不到所选小区，它可能已被删除。")
            c = e.company
            company = Party(c.name, c.manager or "", c.address or "", c.phone or "", c.credit_code or "") \
                if c else Party("")
            comm = s.scalars(select(m.Committee).where(m.Committee.estate_id == estate_id,
                                                       m.Committee.deleted_at.is_(None))).first()
            if comm is None:
                owners = Party(f"{e.name}业主大会")
            else:
                chair = s.scalars(select(m.CommitteeMember).where(
                    m.CommitteeMember.committee_id == comm.id, m.CommitteeMember.deleted_at.is_(None),
                    m.CommitteeMember.role == CommitteeRole.CHAIR)).first()
                name = f"{e.name}业主大会（{e.name}业主委员会代表）" if comm.kind is CommitteeKind.OWNERS \
                    else f"{e.name}物业管理委员会"
                owners = Party(name, chair.name if chair else "", e.address or "",
                               (chair.phone or "") if chair else "")
            info = {"start": e.contract_start, "end": e.contract_end, "grade": e.service_grade,
                    "area": e.floor_area, "households": e.household_count}
        return owners, company, info

    def contract(self, kind: str, estate_id: str, values: Mapping[str, str], out: Output) -> PrintResult:
        """物业服务合同 (``service``) or 装饰装修管理服务协议 (``decoration``) for an estate.

        Estate, company, committee and term come from the registers; ``values`` (keys of
        :meth:`contract_fields`) fill the rest. Blank optional values print as lines to fill by hand.
        """
        from ..printing.contracts import render_decoration_agreement, render_service_contract

        fields = self.contract_fields(kind)
        v = {f.key: (values.get(f.key) or f.default or "").strip() for f in fields}
        missing = [f.label for f in fields if f.required and not v[f.key]]
        if missing:
            raise PrintError(f"{CONTRACT_KINDS[kind]}还有必填内容未填写：{'、'.join(missing)}。")
        estate = self._estate(estate_id)
        owners, company, info = self._parties(estate_id)
        if kind == "decoration":
            if not company.name:
                raise PrintError(f"“{estate.name}”没有登记物业服务企业，无法签订装饰装修管理服务协议。")
            start = parse_date(v["开工日期"], "开工日期")
            end = parse_date(v["竣工日期"], "竣工日期")
            assert start is not None and end is not None
            if end < start:
                raise PrintError("竣工日期不能早于开工日期。")
            pages = render_decoration_agreement(DecorationAgreement(
                estate=estate, company=company, owner_name=v["业主姓名"], room=v["房屋"], works=v["装修内容"],
                start=start, end=end, contractor=v["施工单位"], waste_site=v["垃圾堆放点"],
                management_fee=v["管理费"], deposit=v["押金"], owner_phone=v["业主电话"]), out)
            return PrintResult(pages, (Path(out),) if isinstance(out, str | Path) else ())
        start = parse_date(v["合同开始"], "合同期限自") or info["start"]
        end = parse_date(v["合同结束"], "合同期限至") or info["end"]
        if start is None or end is None:
            raise PrintError(f"“{estate.name}”没有登记合同期限。请填写“合同期限自”和“合同期限至”。")
        if end <= start:
            raise PrintError("合同终止日期应晚于起始日期。")
        method = v["计费方式"].strip() or "包干制"
        if method not in ("包干制", "酬金制"):
            raise PrintError(f"“计费方式”应为包干制或酬金制，而不是“{method}”。请改正后再打印。")
        grade = {ServiceGrade.LEVEL1: "一", ServiceGrade.LEVEL2: "二", ServiceGrade.LEVEL3: "三"}.get(
            info["grade"], "")
        fee = FeeStandard(
            residential=_dec(v["住宅物业费"], "住宅物业费"),  # type: ignore[arg-type]  # None prints a blank
            commercial=_dec(v["非住宅物业费"], "非住宅物业费"),
            method=method, payment_cycle=v["缴费周期"] or "按季度", parking=v["停车费"])
        contract = ServiceContract(
            estate=estate, owners=replace(owners, agent=v["甲方委托代理人"].strip()),
            company=replace(company, agent=v["乙方委托代理人"].strip()), fee=fee, term_start=start, term_end=end,
            floor_area=f"{info['area']:,.1f} 平方米" if info["area"] else "",
            building_count=len(estate.buildings) or None, household_count=info["households"],
            service_grade=grade, premises=v["服务用房"], maintenance_fund=v["维修资金"],
            signing_place=v["签订地点"], contract_number=v["合同编号"], clauses=self._clauses())
        pages = render_service_contract(contract, out)
        return PrintResult(pages, (Path(out),) if isinstance(out, str | Path) else ())


def _unit_of(lead: m.BuildingLead) -> str:
    """A lead's 单元 for ordering: the unit's number, else the text kept from before units."""
    return lead.unit_row.number if lead.unit_row is not None else lead.unit or ""
