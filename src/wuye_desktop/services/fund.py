"""维修资金 use applications: record, advance through the stages, record the owners' vote,
attach acceptance photos, settle the final cost and apportion it; list, show and export.

The rules (thresholds, stage order, apportionment) are :mod:`wuye_desktop.domain.fund`; bad
input raises :class:`~wuye_desktop.domain.fund.FundError` (a ``UserError``) and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.fields import FUND_EXPORT
from ..domain.fund import (
    CATEGORIES_DOCUMENT_KIND,
    FundError,
    FundPath,
    FundStage,
    VoteMatter,
    VoteTally,
    all_categories,
    apportion,
    area,
    area_text,
    check_advance,
    county_categories,
    household_fen,
    next_stage,
)
from ..storage.db import Database
from ..storage.models import Building, Estate
from ..storage.models_fund import FundApplication
from ..storage.models_history import HistoryEntry
from ..storage.models_sync import newest_document
from ..storage.tabular import write_registers
from .photos import PhotoStore

if TYPE_CHECKING:
    from ..printing.fund import FundDoc


@dataclass(frozen=True)
class BuildingShare:
    """One building of an application: its area and owners, and its share of the final cost."""

    building_id: str
    number: str
    area: Fraction
    owners: int
    share_fen: int | None = None


@dataclass
class FundInfo:
    id: str
    estate_id: str
    estate_name: str
    path: FundPath
    category: str
    repair_item: str
    applicant: str
    contractor: str | None
    estimated_fen: int
    final_fen: int | None
    applied_on: date
    stage: FundStage
    buildings: list[BuildingShare]
    stages: list[dict[str, Any]]
    vote: VoteTally | None
    vote_held_on: date | None
    photos: list[str]
    note: str | None = None
    community_code: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def total_area(self) -> Fraction:
        return sum((b.area for b in self.buildings), Fraction(0))

    @property
    def total_owners(self) -> int:
        return sum(b.owners for b in self.buildings)

    @property
    def next_stage(self) -> FundStage | None:
        return next_stage(self.stage)

    @property
    def building_text(self) -> str:
        return "、".join(b.number for b in self.buildings)

    @property
    def building_spec(self) -> str:
        """"1号楼（3210.55㎡，48户）、2号楼（…）": the export's 楼栋 cell, read back on import."""
        return "、".join(building_cell(b.number, b.area, b.owners) for b in self.buildings)

    def typical_household_fen(self) -> int | None:
        """What a household of the average area bears of the final cost."""
        if self.final_fen is None or not self.total_owners:
            return None
        return household_fen(self.final_fen, self.total_area, self.total_area / self.total_owners)


def _text(value: str | None, what: str, limit: int, required: bool = False) -> str | None:
    value = (value or "").strip()
    if not value:
        if required:
            raise FundError(f"请填写{what}。")
        return None
    if len(value) > limit:
        raise FundError(f"{what}最多{limit}个字（现为{len(value)}个）。")
    return value


def _tally(vote: dict[str, Any] | None) -> VoteTally | None:
    if not vote:
        return None
    return VoteTally(area(vote["total_area"]), int(vote["total_owners"]), area(vote["voted_area"]),
                     int(vote["voted_owners"]), area(vote["agreed_area"]),
                     int(vote["agreed_owners"]), VoteMatter.parse(vote.get("matter")) or VoteMatter.USE)


def building_cell(number: str, a: Fraction, owners: int) -> str:
    return f"{number}（{area_text(a)}㎡，{owners}户）"


@dataclass(frozen=True)
class FundImport:
    """What an import did: applications added, rows already here (by 编号) left alone."""

    added: int
    unchanged: int


def new_application(s: Session, estate_id: str, path: FundPath, category: str, repair_item: str,
                    applicant: str, estimated_fen: int, applied_on: date,
                    buildings: list[tuple[str, str, int]], contractor: str | None = None,
                    note: str | None = None) -> FundApplication:
    """Check and add one application at 申请 in session ``s`` (the caller commits)."""
    if not isinstance(path, FundPath):
        raise FundError("请选择使用方式：应急 或 一般。")
    cat = _text(category, "应急类别" if path is FundPath.EMERGENCY else "维修类别", 30, True)
    item = _text(repair_item, "维修项目", 2000, True)
    who = _text(applicant, "申请人", 100, True)
    if estimated_fen <= 0:
        raise FundError("预算金额必须大于0元。")
    if not buildings:
        raise FundError("请至少选择一栋楼，并填写其专有部分面积和业主户数。")
    estate = s.get(Estate, estate_id)
    if estate is None or estate.deleted_at is not None:
        raise FundError("请选择小区。")
    rows = [_building(s, estate_id, *b) for b in buildings]
    if len({r["building_id"] for r in rows}) != len(rows):
        raise FundError("同一栋楼选了两次，请删去重复的一行。")
    app = FundApplication(
        estate_id=estate_id, path=path, category=cat, repair_item=item, applicant=who,
        contractor=_text(contractor, "施工单位", 200), estimated_fen=estimated_fen,
        applied_on=applied_on, stage=FundStage.APPLIED, buildings=rows,
        stages=[{"stage": FundStage.APPLIED.value, "on": applied_on.isoformat(), "by": who,
                 "note": ""}],
        photos=[], note=_text(note, "备注", 1000))
    s.add(app)
    s.flush()
    return app


def _building(s: Session, estate_id: str, building_id: str, area_given: str,
              owners: int) -> dict[str, Any]:
    b = s.get(Building, building_id)
    if b is None or b.deleted_at is not None or b.estate_id != estate_id:
        raise FundError("所选楼栋不属于该小区，请重新选择。")
    a = area(area_given, f"{b.number}的专有部分面积")
    if a <= 0 or owners <= 0:
        raise FundError(f"{b.number}的专有部分面积和业主户数都必须大于0。")
    return {"building_id": b.id, "number": b.number, "area": area_text(a), "owners": owners}


class FundService:
    def __init__(self, db: Database, photos: PhotoStore) -> None:
        self.db = db
        self.photo_store = photos

    # --- writing ---------------------------------------------------------------------------

    def add(self, estate_id: str, path: FundPath, category: str, repair_item: str, applicant: str,
            estimated_fen: int, applied_on: date, buildings: list[tuple[str, str, int]], *,
            contractor: str | None = None, note: str | None = None) -> str:
        """A new application at 申请. ``buildings``: (building id, exclusive area ㎡ as text,
        number of owners) for each building whose owners bear the cost."""
        with self.db.unit_of_work() as s:
            app = new_application(s, estate_id, path, category, repair_item, applicant,
                                  estimated_fen, applied_on, buildings, contractor, note)
            return app.id

    def import_file(self, path: Path) -> FundImport:
        """New applications from an Excel file in the export's layout; all or nothing."""
        from .fund_import import import_applications
        return import_applications(self.db, Path(path))

    def advance(self, app_id: str, on: date, by: str, note: str | None = None,
                target: FundStage | None = None) -> FundStage:
        """Move to the next stage (``target`` may name it, as a check); returns the new stage."""
        who = _text(by, "经办人（谁确认）", 60, True)
        with self.db.unit_of_work() as s:
            app = self._get(s, app_id)
            goal = target or next_stage(app.stage) or app.stage
            check_advance(app.path, app.stage, goal, app.vote_passed, len(app.photos), app.final_fen)
            last = date.fromisoformat(app.stages[-1]["on"]) if app.stages else app.applied_on
            if on < last:
                raise FundError(f"“{goal.label}”的日期不能早于上一阶段（{last.isoformat()}）。")
            app.stages = [*app.stages, {"stage": goal.value, "on": on.isoformat(), "by": who,
                                        "note": _text(note, "意见", 500) or ""}]
            app.stage = goal
            return goal

    def record_vote(self, app_id: str, voted_area: str, voted_owners: int, agreed_area: str,
                    agreed_owners: int, held_on: date,
                    matter: VoteMatter = VoteMatter.USE) -> VoteTally:
        """The owners' vote (一般 path, before 社区确认); the scope is the application's
        buildings. A failed vote is kept (and printed) but the application cannot advance."""
        with self.db.unit_of_work() as s:
            app = self._get(s, app_id)
            if app.path is not FundPath.ORDINARY:
                raise FundError("应急使用无需业主表决；如需表决，请按“一般”使用重新申请。")
            if app.stage is not FundStage.APPLIED:
                raise FundError("表决须在社区确认之前录入，该申请已进入下一阶段。")
            info = self._info(app, "")
            tally = VoteTally(info.total_area, info.total_owners, area(voted_area, "参与表决面积"),
                              voted_owners, area(agreed_area, "同意面积"), agreed_owners, matter)
            app.vote = {"total_area": area_text(tally.total_area),
                        "total_owners": tally.total_owners,
                        "voted_area": area_text(tally.voted_area), "voted_owners": voted_owners,
                        "agreed_area": area_text(tally.agreed_area),
                        "agreed_owners": agreed_owners, "matter": matter.value,
                        "held_on": held_on.isoformat()}
            app.vote_passed = tally.passed
            return tally

    def add_photos(self, app_id: str, files: list[Path]) -> int:
        """竣工验收 photos (stored downscaled in the photo store); returns how many it has."""
        stored = [self.photo_store.store(Path(f)).sha256 for f in files]
        with self.db.unit_of_work() as s:
            app = self._get(s, app_id)
            app.photos = [*app.photos, *[h for h in stored if h not in app.photos]]
            return len(app.photos)

    def settle(self, app_id: str, final_fen: int, on: date, by: str,
               note: str | None = None) -> FundInfo:
        """决算: the final cost, then the 决算 stage (after 竣工验收)."""
        if final_fen < 0:
            raise FundError("决算金额不能为负数。")
        with self.db.unit_of_work() as s:
            app = self._get(s, app_id)
            if app.stage is not FundStage.ACCEPTED:
                raise FundError(f"决算须在竣工验收之后（当前阶段：{app.stage.label}）。")
            app.final_fen = final_fen
        self.advance(app_id, on, by, note, FundStage.SETTLED)
        return self.get(app_id)

    @staticmethod
    def _get(s: Session, app_id: str) -> FundApplication:
        app = s.get(FundApplication, app_id)
        if app is None or app.deleted_at is not None:
            raise FundError("找不到该维修资金申请。")
        return app

    # --- reading ---------------------------------------------------------------------------

    def categories(self) -> tuple[str, ...]:
        """The default categories and those the county published (newest document)."""
        with self.db.session() as s:
            doc = newest_document(s, CATEGORIES_DOCUMENT_KIND)
        if doc is None:
            return all_categories()
        try:
            return all_categories(county_categories(doc.data))
        except FundError:  # the county refuses a bad one on publishing; an old one is ignored
            return all_categories()

    def find(self, estate_id: str | None = None, limit: int = 1000) -> list[FundInfo]:
        """Newest application first."""
        q = (select(FundApplication, Estate.name).join(Estate, Estate.id == FundApplication.estate_id)
             .where(FundApplication.deleted_at.is_(None))
             .order_by(FundApplication.applied_on.desc(), FundApplication.id).limit(limit))
        if estate_id:
            q = q.where(FundApplication.estate_id == estate_id)
        with self.db.session() as s:
            return [self._info(a, n) for a, n in s.execute(q)]

    def get(self, app_id: str) -> FundInfo:
        q = (select(FundApplication, Estate.name, Estate.community_code)
             .join(Estate, Estate.id == FundApplication.estate_id)
             .where(FundApplication.id == app_id, FundApplication.deleted_at.is_(None)))
        with self.db.session() as s:
            hit = s.execute(q).first()
        if hit is None:
            raise FundError("找不到该维修资金申请。")
        info = self._info(hit[0], hit[1])
        info.community_code = hit[2]
        return info

    @staticmethod
    def _info(a: FundApplication, estate_name: str) -> FundInfo:
        shares: dict[str, int] = {}
        pairs = [(b["building_id"], area(b["area"])) for b in a.buildings]
        if a.final_fen is not None and pairs:
            shares = apportion(a.final_fen, pairs)
        buildings = [BuildingShare(b["building_id"], b["number"], area(b["area"]), int(b["owners"]),
                                   shares.get(b["building_id"])) for b in a.buildings]
        held = (a.vote or {}).get("held_on")
        return FundInfo(a.id, a.estate_id, estate_name, a.path, a.category, a.repair_item,
                        a.applicant, a.contractor, a.estimated_fen, a.final_fen, a.applied_on,
                        a.stage, buildings, list(a.stages), _tally(a.vote),
                        date.fromisoformat(held) if held else None, list(a.photos), a.note)

    def history(self, app_id: str) -> list[dict[str, Any]]:
        """修改记录 of one application, oldest first: when, who, what kind, the fields changed
        (by their export labels) — every local edit and every version the county sent."""
        labels = {f.name: f.label for f in FUND_EXPORT.fields}
        labels.update({"stage": "阶段", "stages": "办理经过", "vote": "业主表决",
                       "vote_passed": "表决通过", "photos": "验收照片", "estimated_fen": "预算金额",
                       "final_fen": "决算金额"})
        with self.db.session() as s:
            rows = s.scalars(select(HistoryEntry).where(
                HistoryEntry.table_name == FundApplication.__sync_table__,
                HistoryEntry.row_id == app_id).order_by(HistoryEntry.created_at, HistoryEntry.id))
            return [{"at": h.created_at, "user": h.user, "kind": h.kind, "source": h.source,
                     "fields": [labels.get(k, k) for k in h.changes]} for h in rows]

    def ids_starting_with(self, prefix: str, limit: int = 2) -> list[str]:
        with self.db.session() as s:
            return list(s.scalars(select(FundApplication.id).where(
                FundApplication.id.like(f"{prefix.strip()}%"),
                FundApplication.deleted_at.is_(None)).limit(limit)))

    def count(self) -> int:
        with self.db.session() as s:
            return int(s.scalar(select(func.count()).select_from(FundApplication).where(
                FundApplication.deleted_at.is_(None))) or 0)

    # --- export ----------------------------------------------------------------------------

    def export_rows(self) -> list[dict[str, Any]]:
        """Plain rows keyed by :data:`~wuye_desktop.domain.fields.FUND_EXPORT` names."""
        return [{"applied_on": r.applied_on, "estate_name": r.estate_name,
                 "buildings": r.building_spec, "path": r.path, "category": r.category,
                 "repair_item": r.repair_item, "applicant": r.applicant,
                 "contractor": r.contractor, "estimated": r.estimated_fen / 100,
                 "final": None if r.final_fen is None else r.final_fen / 100,
                 "stage": r.stage, "area": float(r.total_area), "owners": r.total_owners,
                 "vote_passed": None if r.vote is None else r.vote.passed, "id": r.id}
                for r in self.find()]

    def export(self, path: Path) -> int:
        rows = self.export_rows()
        write_registers(Path(path), [(FUND_EXPORT, rows)])
        return len(rows)

    # --- printing --------------------------------------------------------------------------

    def document(self, app_id: str, office: str, issued_on: date) -> FundDoc:
        """The plain values the printed documents show."""
        from ..printing.fund import FundBuilding, FundDoc  # ReportLab only when printing

        r = self.get(app_id)
        labels = {s.value: s.label for s in FundStage}
        return FundDoc(
            office=office, estate=r.estate_name, path=r.path, category=r.category,
            repair_item=r.repair_item, applicant=r.applicant, contractor=r.contractor or "",
            estimated_fen=r.estimated_fen, final_fen=r.final_fen, applied_on=r.applied_on,
            issued_on=issued_on,
            buildings=[FundBuilding(b.number, b.area, b.owners, b.share_fen) for b in r.buildings],
            stages=[(labels.get(s["stage"], s["stage"]), date.fromisoformat(s["on"]),
                     s.get("by", ""), s.get("note", "")) for s in r.stages],
            vote=r.vote, vote_held_on=r.vote_held_on,
            number=f"WX{r.applied_on:%Y%m%d}-{r.id[-6:].upper()}")

    def pdf(self, app_id: str, kind: str, office: str, issued_on: date) -> bytes:
        """The document as PDF bytes (the screen's preview)."""
        buf = BytesIO()
        self.print(app_id, kind, buf, office, issued_on)
        return buf.getvalue()

    def print(self, app_id: str, kind: str, out: Path | BinaryIO, office: str,
              issued_on: date) -> int:
        """``kind``: application | tally | publication; returns the number of pages."""
        from ..printing.fund import application_form, publication, tally_sheet

        renderers = {"application": application_form, "tally": tally_sheet,
                     "publication": publication}
        if kind not in renderers:
            raise FundError(f"不认识的文书“{kind}”：可打印 申请表、表决统计表、公示。")
        return renderers[kind](self.document(app_id, office, issued_on), out)
