"""Two years of demo inspections, re-inspections, rectification items, surveys and complaints
over the demo registers, so the dashboard shows something true (the schedules are the ones the
rule table gave each estate when the demo registers were made).

Per estate: monthly routine patrols, half-yearly fire-safety checks, quarterly assessments of
quasi estates, annual assessments of professional ones, renovation acceptance where a renovation
was accepted; each estate's company has a quality level that drives its failure rate, so the
scores, overdue items and survey rates of one company tell a consistent story.

Rows are written with Core executemany plus one outbox entry per row (``bulk_insert_synced``):
the ORM path would take hours at ``--scale 250`` (≈100k inspections, ≈2M item results).
Deterministic for a given scale and end date.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

if TYPE_CHECKING:
    from .context import Services

from ..domain.enums import ManagementMode, RenovationStatus
from ..domain.inspections import (
    ESCALATE_AFTER,
    InspectionKind,
    InspectionStatus,
    ItemResult,
    RectificationStatus,
    item_points,
    passes,
)
from ..domain.notice_rules import rectify_requirement
from ..domain.surveys import (
    COMPLAINT_CATEGORIES,
    ActionStatus,
    ComplaintSource,
    SurveyKind,
    SurveyMethod,
    complaint_deadline,
    pledge_deadline,
    rate,
    satisfaction_action,
    willingness_action,
)
from ..domain.templates import Template
from ..storage.models import Building, BuildingLead, Estate
from ..storage.models_inspection import (
    Complaint,
    Inspection,
    InspectionItem,
    Rectification,
    Survey,
)
from ..storage.outbox import bulk_insert_synced
from ..storage.types import new_id

WORKERS = ["王丽华", "刘建国", "陈晓燕", "赵志强", "孙秀兰"]
COMPANY_REPS = ["项目经理", "客服主管", "工程主管"]
COMPLAINT_TEXT = {
    "环境卫生": "楼道垃圾多日未清运，有异味", "秩序维护": "夜间外来车辆随意进出",
    "设施设备维修": "单元门禁损坏一周未修", "绿化养护": "绿地杂草丛生无人修剪",
    "停车管理": "消防通道被私家车长期占用", "电动自行车充电": "有住户从窗口拉线给电动车充电",
    "消防安全": "楼道灭火器过期", "物业收费": "物业费收费标准未公示", "违章搭建": "一楼住户私建小房",
    "噪音扰民": "装修施工超时作业", "其他": "公示栏信息长期未更新",
}
CHUNK_ESTATES = 100  # commit every this many estates: bounded memory, bounded WAL


@dataclass
class DemoInspectionSummary:
    inspections: int = 0
    items: int = 0
    rectifications: int = 0
    surveys: int = 0
    complaints: int = 0
    seconds: float = 0.0


@dataclass
class _Batch:
    inspections: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    rects: list[dict[str, Any]] = field(default_factory=list)
    surveys: list[dict[str, Any]] = field(default_factory=list)
    complaints: list[dict[str, Any]] = field(default_factory=list)


def _dates(start: date, end: date, months: int, rng: random.Random) -> list[date]:
    """One date inside each period of ``months`` between start and end (a working day)."""
    out = []
    y, m = start.year, start.month
    while True:
        first = date(y, m, 1)
        if first > end:
            break
        d = first + timedelta(days=rng.randint(3, 24 if months == 1 else 60 * min(months, 3) // 3))
        while d.weekday() >= 5:
            d += timedelta(days=1)
        if start <= d <= end:
            out.append(d)
        total = y * 12 + m - 1 + months
        y, m = total // 12, total % 12 + 1
    return out


class _Generator:
    def __init__(self, templates: dict[str, tuple[str, Template]], end: date, rng: random.Random) -> None:
        self.t = templates
        self.end = end
        self.start = date(end.year - 2, end.month, 1)
        self.rng = rng

    def inspection(self, b: _Batch, estate: dict[str, Any], code: str, day: date, quality: float,
                   building: tuple[str, str | None] | None = None) -> None:
        rng = self.rng
        tid, t = self.t[code]
        people = [{"role": "worker", "name": w} for w in rng.sample(WORKERS, 2)]
        lead_id = None
        if building and building[1] and (t.kind is InspectionKind.RENOVATION or rng.random() < .3):
            lead_id = building[1]
            people.append({"role": "lead", "name": estate["lead_names"][lead_id]})
        rep = None
        if estate["company_id"] and t.kind in (InspectionKind.QUARTERLY, InspectionKind.ANNUAL,
                                                InspectionKind.TAKEOVER, InspectionKind.RENOVATION):
            rep = rng.choice(COMPANY_REPS)
            people.append({"role": "company", "name": rep})
        iid = new_id()
        earned = possible = 0.0
        failed: list[tuple[str, str]] = []
        critical = False
        for pos, item in enumerate(t.items(), 1):
            p_fail = quality * (0.35 if item.critical else 1.0)
            roll = rng.random()
            if item.na_allowed and roll > 0.97:
                res, pts = ItemResult.NA, None
            elif roll < p_fail:
                res = ItemResult.FAIL
                pts = round(item.points * rng.choice([0, 0, .5]), 1) if not item.critical else 0.0
            else:
                res, pts = ItemResult.PASS, None
            note = None
            if res is ItemResult.FAIL:
                # a failed item carries its finding (what was found), as the form requires
                note = rng.choice(["经现场检查，未达到“{}”的要求", "居民反映、现场核实：未达到“{}”的要求",
                                   "多处未达到“{}”的要求，已拍照留存"]).format(item.text)
                failed.append((item.code, note))
                critical = critical or item.critical
            if res is not ItemResult.NA:
                possible += item.points
                earned += item_points(item.points, res, pts) or 0.0
            b.items.append({"inspection_id": iid, "item_code": item.code, "position": pos,
                            "result": res, "points": pts, "note": note})
        pct = round(earned * 100 / possible, 2) if possible else None
        passed = passes(pct, critical, t.pass_threshold)
        base = {"estate_id": estate["id"], "building_id": building[0] if building else None,
                "template_id": tid, "kind": t.kind, "status": InspectionStatus.FINAL,
                "inspectors": people, "lead_id": lead_id, "company_id": estate["company_id"],
                "company_rep": rep, "revision_no": 1}
        b.inspections.append(base | {
            "id": iid, "origin_id": iid, "inspected_on": day, "round": 0, "score": pct,
            "earned": earned, "possible": possible, "passed": passed, "critical_failed": critical,
            "finalised_at": datetime.combine(day, datetime.min.time()) + timedelta(hours=16)})
        if failed:
            self.follow_up(b, base, iid, day, t, failed, quality)

    def follow_up(self, b: _Batch, base: dict[str, Any], origin: str, day: date, t: Template,
                  failed: list[tuple[str, str]], quality: float) -> None:
        """Rectification items and the re-inspections that close or escalate them."""
        rng = self.rng
        open_rects = []
        for code, note in failed:
            item = t.item(code)
            r = {"id": new_id(), "inspection_id": origin, "item_code": code,
                 "estate_id": base["estate_id"], "building_id": base["building_id"],
                 "company_id": base["company_id"],
                 "description": note or item.text,
                 "requirement": rectify_requirement(item.rectify, item.requirement or item.text),
                 "critical": item.critical, "opened_on": day,
                 "deadline": day + timedelta(days=item.rectify_days),
                 "status": RectificationStatus.OPEN, "failed_reinspections": 0}
            b.rects.append(r)
            open_rects.append(r)
        rnd = 0
        while open_rects:
            due = max(r["deadline"] for r in open_rects)
            when = due + timedelta(days=rng.randint(1, 10))
            if when >= self.end or rng.random() < 0.08:  # not yet re-inspected: stays open
                break
            rnd += 1
            rid = new_id()
            earned = possible = 0.0
            still = []
            for pos, r in enumerate(open_rects, 1):
                item = t.item(r["item_code"])
                ok = rng.random() > quality * 6
                b.items.append({"inspection_id": rid, "item_code": r["item_code"], "position": pos,
                                "result": ItemResult.PASS if ok else ItemResult.FAIL,
                                "points": None, "note": None if ok else "仍未整改到位",
                                "rectification_id": r["id"]})
                possible += item.points
                r["last_reinspection_id"] = rid
                if ok:
                    earned += item.points
                    r["status"], r["rectified_on"] = RectificationStatus.RECTIFIED, when
                else:
                    r["failed_reinspections"] += 1
                    if r["failed_reinspections"] == ESCALATE_AFTER:
                        r["escalated_on"] = when
                    r["deadline"] = when + timedelta(days=item.rectify_days)
                    still.append(r)
            crit = any(r["critical"] for r in still)
            pct = round(earned * 100 / possible, 2)
            b.inspections.append(base | {
                "id": rid, "origin_id": rid, "inspected_on": when, "reinspection_of_id": origin,
                "round": rnd, "score": pct, "earned": earned, "possible": possible,
                "passed": passes(pct, crit, t.pass_threshold), "critical_failed": crit,
                "finalised_at": datetime.combine(when, datetime.min.time()) + timedelta(hours=16)})
            open_rects = still
            if rnd >= 4:
                break

    def estate(self, b: _Batch, e: dict[str, Any]) -> None:
        rng = self.rng
        q = e["quality"]
        bld = e["buildings"]
        pick = (lambda: rng.choice(bld)) if bld else (lambda: None)
        for d in _dates(self.start, self.end, 1, rng):
            self.inspection(b, e, "routine-patrol", d, q, pick())
        for d in _dates(self.start, self.end, 6, rng):
            self.inspection(b, e, "fire-safety", d, q * 0.8, pick())
        mode = e["mode"]
        if mode is ManagementMode.QUASI:
            for d in _dates(self.start, self.end, 3, rng):
                self.inspection(b, e, "quasi-quarterly", d, q)
        if mode is ManagementMode.PROFESSIONAL:
            for d in _dates(self.start, self.end, 12, rng):
                self.inspection(b, e, "professional-annual", d, q)
            if e["contract_start"] and self.start <= e["contract_start"] <= self.end:
                self.inspection(b, e, "takeover", e["contract_start"] + timedelta(days=2), q * .7)
        if e["renovation"] is RenovationStatus.ACCEPTED:
            self.inspection(b, e, "renovation-acceptance",
                            self.start + timedelta(days=rng.randint(30, 600)), q * .6, pick())
        self.surveys(b, e)
        self.complaints(b, e)

    def surveys(self, b: _Batch, e: dict[str, Any]) -> None:
        rng = self.rng
        hh = max(e["households"] or 0, 60)
        if e["mode"] in (ManagementMode.PROFESSIONAL, ManagementMode.QUASI):
            for year in (self.end.year - 2, self.end.year - 1):
                surveyed = int(hh * rng.uniform(.3, .6))
                target = min(.97, max(.4, 1.0 - e["quality"] * 9 + rng.uniform(-.06, .06)))
                sat = int(surveyed * target)
                on = date(year, 12, rng.randint(1, 20))
                action = satisfaction_action(surveyed, sat)
                done = year < self.end.year - 1 or rng.random() < .5
                b.surveys.append({
                    "estate_id": e["id"], "kind": SurveyKind.SATISFACTION, "period": f"{year}年度",
                    "conducted_on": on, "company_id": e["company_id"], "households": hh,
                    "surveyed": surveyed, "positive": sat, "rate": rate(sat, surveyed),
                    "action": action, "action_status": ActionStatus.DONE if done else ActionStatus.PENDING,
                    "action_deadline": pledge_deadline(on, action),
                    "action_done_on": on + timedelta(days=rng.randint(10, 40)) if done else None,
                    "method": SurveyMethod.DOOR if year % 2 else SurveyMethod.PAPER})
        elif e["mode"] in (ManagementMode.NONE, ManagementMode.COMMITTEE):
            surveyed = int(hh * rng.uniform(.7, .95))
            agree = int(hh * rng.uniform(.35, .7))
            agree = min(agree, surveyed)
            on = self.start + timedelta(days=rng.randint(100, 600))
            b.surveys.append({
                "estate_id": e["id"], "kind": SurveyKind.WILLINGNESS, "period": f"{on.year}年",
                "conducted_on": on, "company_id": None, "households": hh, "surveyed": surveyed,
                "positive": agree, "rate": rate(agree, hh), "action": willingness_action(hh, agree),
                "action_status": ActionStatus.PENDING, "action_deadline": None, "action_done_on": None,
                "method": SurveyMethod.DOOR})

    def complaints(self, b: _Batch, e: dict[str, Any]) -> None:
        rng = self.rng
        n = int(24 * (0.5 + e["quality"] * 25))
        span = (self.end - self.start).days
        for _ in range(n):
            cat = rng.choice(COMPLAINT_CATEGORIES)
            rec = datetime.combine(self.start + timedelta(days=rng.randrange(span)),
                                   datetime.min.time()) + timedelta(hours=rng.randint(8, 19))
            resp = rec + timedelta(hours=rng.choice([2, 4, 8, 20, 30, 60])) \
                if rng.random() < .95 else None
            closed = resp + timedelta(days=rng.randint(0, 12)) if resp and rng.random() < .85 else None
            if closed and closed.date() > self.end:
                closed = None
            src = rng.choice(list(ComplaintSource))
            bl = rng.choice(e["buildings"]) if e["buildings"] else None
            b.complaints.append({
                "estate_id": e["id"], "building_id": bl[0] if bl else None,
                "lead_id": bl[1] if bl and src is ComplaintSource.LEAD else None, "source": src,
                "category": cat, "description": COMPLAINT_TEXT[cat], "responsible": e["company_name"],
                "company_id": e["company_id"], "received_at": rec, "responded_at": resp,
                "closed_at": closed,
                "satisfied": (rng.random() > e["quality"] * 10) if closed else None,
                "result": "已协调物业企业处理" if closed else None,
                "deadline": complaint_deadline(rec.date()),
                # a 12345 work order carries the hotline's number (no random draw: the rest of
                # the demo stays the same)
                "work_order_no": f"LS{rec:%Y%m%d%H}{len(b.complaints):04d}"
                if src is ComplaintSource.HOTLINE else None})
            old = b.complaints[-1]
            if old["closed_at"] is None and rec.date() < self.end - timedelta(days=45):
                # an office closes what it receives, if late: only the last weeks stay open (no
                # random draw here, so the rest of the demo stays the same)
                old["responded_at"] = old["responded_at"] or rec + timedelta(days=2)
                old["closed_at"] = old["responded_at"] + timedelta(days=15 + len(b.complaints) % 20)
                old["result"] = "物业企业超期办结"


def _estates(s: Any, rng: random.Random) -> list[dict[str, Any]]:
    leads: dict[str, tuple[str, str]] = {}
    for lid, bid, name in s.execute(select(BuildingLead.id, BuildingLead.building_id, BuildingLead.name)
                                    .where(BuildingLead.deleted_at.is_(None))):
        leads.setdefault(bid, (lid, name))
    blds: dict[str, list[tuple[str, str | None]]] = {}
    names: dict[str, dict[str, str]] = {}
    for bid, eid in s.execute(select(Building.id, Building.estate_id).where(Building.deleted_at.is_(None))
                              .order_by(Building.number)):
        lead = leads.get(bid)
        blds.setdefault(eid, []).append((bid, lead[0] if lead else None))
        if lead:
            names.setdefault(eid, {})[lead[0]] = lead[1]
    out = []
    quality_by_company: dict[str | None, float] = {}
    for e in s.scalars(select(Estate).where(Estate.deleted_at.is_(None)).order_by(Estate.name)):
        if e.company_id not in quality_by_company:
            quality_by_company[e.company_id] = rng.choice([.005, .01, .015, .025, .04])
        q = quality_by_company[e.company_id]
        if e.company_id is None:
            q = {ManagementMode.NONE: .05, ManagementMode.SELF: .035}.get(e.management_mode, .03)
        out.append({"id": e.id, "name": e.name, "mode": e.management_mode, "company_id": e.company_id,
                    "company_name": e.company.name if e.company else None,
                    "households": e.household_count, "contract_start": e.contract_start,
                    "renovation": e.renovation_status, "quality": q,
                    "buildings": blds.get(e.id, []), "lead_names": names.get(e.id, {})})
    return out


def install(services: Services, scale: int = 1, end: date | None = None,
            progress: Callable[[int, int], None] | None = None) -> DemoInspectionSummary:
    """Generate the demo inspection data once (skipped when inspections already exist)."""
    t0 = time.perf_counter()
    db = services.db
    tsvc = services.templates
    summary = DemoInspectionSummary()
    with db.session() as s:
        if s.scalar(select(func.count()).select_from(Inspection)):
            return summary
    templates = {}
    for info in tsvc.find(latest_only=True):
        templates[info.code] = (info.id, tsvc.get(info.id))
    rng = random.Random(20261121 + scale)
    # the demo's history ends on the services' today, so a pinned clock gives the same data
    gen = _Generator(templates, end or services.clock.today(), rng)
    with db.session() as s:
        estates = _estates(s, rng)
    actor = db.actor
    for start in range(0, len(estates), CHUNK_ESTATES):
        b = _Batch()
        for e in estates[start:start + CHUNK_ESTATES]:
            gen.estate(b, e)
        with db.unit_of_work() as s:
            # order matters for foreign keys: rectifications before the items that point at them
            bulk_insert_synced(s, Inspection, b.inspections, actor)
            bulk_insert_synced(s, Rectification, b.rects, actor)
            for i in range(0, len(b.items), 50_000):
                bulk_insert_synced(s, InspectionItem, b.items[i:i + 50_000], actor)
            bulk_insert_synced(s, Survey, b.surveys, actor)
            bulk_insert_synced(s, Complaint, b.complaints, actor)
        summary.inspections += len(b.inspections)
        summary.items += len(b.items)
        summary.rectifications += len(b.rects)
        summary.surveys += len(b.surveys)
        summary.complaints += len(b.complaints)
        if progress:
            progress(min(start + CHUNK_ESTATES, len(estates)), len(estates))
    summary.seconds = time.perf_counter() - t0
    return summary
