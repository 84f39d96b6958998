"""物业选聘: start a selection from a willingness survey, add candidates (never a black-listed
company), record the evaluation, the result with its 公示, and the filed contract (合同备案),
which sets the estate's company and contract term in the same transaction, noted in the
estate's history.

Rules (stage order, validations) live in :mod:`wuye_desktop.domain.selection`; bad input raises
:class:`~wuye_desktop.domain.selection.SelectionError` (a ``UserError``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.credit import is_blacklisted
from ..domain.enums import ServiceGrade
from ..domain.fields import SELECTION_EXPORT
from ..domain.selection import (
    BlacklistedCandidate,
    Candidate,
    SelectionError,
    SelectionMethod,
    SelectionStage,
    all_scored,
    check_candidate,
    check_filing,
    check_method,
    check_result,
    check_score,
    check_survey,
    clean_text,
    full_date,
    ranked,
    require_stage,
)
from ..storage.db import Database
from ..storage.models import Community, Company, Estate
from ..storage.models_inspection import Survey
from ..storage.models_selection import Selection
from ..storage.outbox import note_history
from ..storage.tabular import write_registers

if TYPE_CHECKING:
    from ..printing.selection import SelectionDoc


@dataclass(frozen=True)
class CandidateInfo:
    company_id: str
    company_name: str
    score: float | None
    note: str | None
    rank: int | None

    def as_dict(self) -> dict[str, Any]:
        return {"company_id": self.company_id, "company_name": self.company_name,
                "score": self.score, "note": self.note, "rank": self.rank}


@dataclass
class SelectionInfo:
    """One selection as the screens, CLI and documents read it."""

    id: str
    estate_id: str
    estate_name: str
    started_on: date
    method: SelectionMethod
    method_reason: str | None
    stage: SelectionStage
    survey_id: str | None = None
    survey_label: str = ""
    candidates: list[CandidateInfo] = field(default_factory=list)
    company_id: str | None = None
    company_name: str | None = None
    publication_start: date | None = None
    publication_end: date | None = None
    filed_on: date | None = None
    contract_start: date | None = None
    contract_end: date | None = None
    fee_standard: float | None = None
    service_grade: ServiceGrade | None = None
    note: str | None = None

    @property
    def candidates_text(self) -> str:
        return "；".join(f"{c.company_name}（{'' if c.score is None else f'{c.score:g}分'}）"
                        for c in self.candidates)

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {k: v for k, v in vars(self).items() if k != "candidates"}
        for k, v in list(d.items()):
            if isinstance(v, date):
                d[k] = v.isoformat()
        d["method"], d["method_label"] = self.method.value, self.method.label
        d["stage"], d["stage_label"] = self.stage.value, self.stage.label
        d["service_grade"] = self.service_grade.value if self.service_grade else None
        d["candidates"] = [c.as_dict() for c in self.candidates]
        return d


class SelectionService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # --- writing ---------------------------------------------------------------------------

    def start(self, estate_id: str, method: SelectionMethod, started_on: date,
              reason: str | None = None, survey_id: str | None = None, *,
              note: str | None = None) -> str:
        """A new selection: the method (协议选聘 with its reason) and the willingness survey."""
        reason = check_method(method, reason)
        note = clean_text(note, "备注", 1000)
        with self.db.unit_of_work() as s:
            estate = s.get(Estate, estate_id)
            if estate is None or estate.is_deleted:
                raise SelectionError("请选择小区。")
            if survey_id is not None:
                sv = s.get(Survey, survey_id)
                if sv is None or sv.is_deleted:
                    raise SelectionError("找不到所选的意愿征询，请重新选择。")
                check_survey(sv.kind, sv.action, sv.estate_id, estate_id)
            row = Selection(estate_id=estate_id, survey_id=survey_id, started_on=started_on,
                            method=method, method_reason=reason, stage=SelectionStage.STARTED,
                            candidates=[], note=note)
            s.add(row)
            s.flush()
            return row.id

    def add_candidate(self, selection_id: str, company_id: str, note: str | None = None) -> None:
        """A company taking part; a black-listed one is refused (the policy allows no exception)."""
        with self.db.unit_of_work() as s:
            row = self._get(s, selection_id)
            require_stage(row.stage, SelectionStage.STARTED, SelectionStage.EVALUATED,
                          doing="添加候选企业")
            c = self._company(s, company_id)
            cands = _candidates(row)
            check_candidate(c.name, c.list_status, (x.company_id for x in cands), c.id)
            self._set(row, [*cands, Candidate(c.id, None, clean_text(note, "说明", 200))])

    def remove_candidate(self, selection_id: str, company_id: str) -> None:
        with self.db.unit_of_work() as s:
            row = self._get(s, selection_id)
            require_stage(row.stage, SelectionStage.STARTED, SelectionStage.EVALUATED,
                          doing="删除候选企业")
            cands = _candidates(row)
            if company_id not in {c.company_id for c in cands}:
                raise SelectionError("该企业不是这次选聘的候选企业。")
            self._set(row, [c for c in cands if c.company_id != company_id])

    def evaluate(self, selection_id: str, company_id: str, score: float | int | str) -> None:
        """The evaluation score of one candidate (百分制); all scored → 评审完成."""
        value = check_score(score)
        with self.db.unit_of_work() as s:
            row = self._get(s, selection_id)
            require_stage(row.stage, SelectionStage.STARTED, SelectionStage.EVALUATED,
                          doing="录入评审得分")
            cands = _candidates(row)
            if company_id not in {c.company_id for c in cands}:
                raise SelectionError("该企业不是这次选聘的候选企业，请先添加为候选企业。")
            self._set(row, [Candidate(c.company_id, value, c.note) if c.company_id == company_id
                            else c for c in cands])

    def result(self, selection_id: str, company_id: str | None, publication_start: date,
               publication_end: date) -> str:
        """The selected company (default: the highest score) and its 公示 period."""
        with self.db.unit_of_work() as s:
            row = self._get(s, selection_id)
            require_stage(row.stage, SelectionStage.EVALUATED, doing="确定选聘结果")
            cands = _candidates(row)
            winner = company_id or (ranked(cands)[0].company_id if cands else "")
            check_result(cands, winner, publication_start, publication_end)
            c = self._company(s, winner)
            if is_blacklisted(c.list_status):
                raise BlacklistedCandidate(c.name)
            row.company_id, row.stage = winner, SelectionStage.PUBLISHED
            row.publication_start, row.publication_end = publication_start, publication_end
            return winner

    def file(self, selection_id: str, filed_on: date, contract_start: date, contract_end: date,
             fee_standard: float | int | str, service_grade: ServiceGrade | None) -> None:
        """合同备案: record the signed contract and, in the same transaction, make the selected
        company the estate's company with the contract term (noted in the estate's history)."""
        with self.db.unit_of_work() as s:
            row = self._get(s, selection_id)
            require_stage(row.stage, SelectionStage.PUBLISHED, doing="办理合同备案")
            fee = check_filing(row.publication_end, filed_on, contract_start, contract_end,
                               fee_standard, service_grade)
            c = self._company(s, row.company_id or "")
            if is_blacklisted(c.list_status):
                raise BlacklistedCandidate(c.name)
            row.filed_on, row.contract_start, row.contract_end = filed_on, contract_start, contract_end
            row.fee_standard, row.service_grade = fee, service_grade
            row.stage = SelectionStage.FILED
            estate = s.get(Estate, row.estate_id)
            if estate is None or estate.is_deleted:
                raise SelectionError("该选聘所属的小区已删除，请先在回收站中恢复该小区。")
            estate.company_id = c.id
            estate.contract_start, estate.contract_end = contract_start, contract_end
            s.flush()
            note_history(s, "estates", estate.id,
                         f"物业选聘合同备案（{row.method.label}，{full_date(filed_on)}）")

    @staticmethod
    def _set(row: Selection, cands: list[Candidate]) -> None:
        row.candidates = [c.as_wire() for c in cands]  # reassign: JSON is not tracked in place
        row.stage = SelectionStage.EVALUATED if all_scored(cands) else SelectionStage.STARTED

    @staticmethod
    def _get(s: Session, selection_id: str) -> Selection:
        row = s.get(Selection, selection_id)
        if row is None or row.is_deleted:
            raise SelectionError("找不到该选聘记录，可能已被删除，请刷新列表。")
        return row

    @staticmethod
    def _company(s: Session, company_id: str) -> Company:
        c = s.get(Company, company_id) if company_id else None
        if c is None or c.is_deleted:
            raise SelectionError("找不到所选物业企业，请在物业企业台账中确认后重新选择。")
        return c

    # --- reading ---------------------------------------------------------------------------

    def get(self, selection_id: str) -> SelectionInfo:
        rows = self.find(ids=[selection_id])
        if not rows:
            raise SelectionError("找不到该选聘记录，可能已被删除，请刷新列表。")
        return rows[0]

    def find(self, estate_id: str | None = None, ids: list[str] | None = None) -> list[SelectionInfo]:
        q = (select(Selection, Estate.name).join(Estate, Estate.id == Selection.estate_id)
             .where(Selection.deleted_at.is_(None))
             .order_by(Selection.started_on.desc(), Selection.id.desc()))
        if estate_id:
            q = q.where(Selection.estate_id == estate_id)
        if ids is not None:
            q = q.where(Selection.id.in_(ids))
        with self.db.session() as s:
            rows = [(r, en) for r, en in s.execute(q)]
            names = {cid: n for cid, n in s.execute(select(Company.id, Company.name))}
            surveys = {sv.id: sv for sv in s.scalars(select(Survey).where(
                Survey.id.in_([r.survey_id for r, _ in rows if r.survey_id])))}
            return [_info(r, en, names, surveys.get(r.survey_id or "")) for r, en in rows]

    def ids_starting_with(self, prefix: str, limit: int = 2) -> list[str]:
        with self.db.session() as s:
            return list(s.scalars(select(Selection.id).where(
                Selection.id.like(f"{prefix.strip()}%"), Selection.deleted_at.is_(None)).limit(limit)))

    def document(self, selection_id: str) -> SelectionDoc:
        """What the 结果公示 and the 备案表 print, from the record, the estate, the company and
        the community's office."""
        from ..printing.selection import CandidateLine, SelectionDoc  # ReportLab only when printing

        r = self.get(selection_id)
        with self.db.session() as s:
            e = s.get(Estate, r.estate_id)
            assert e is not None
            comm = s.scalars(select(Community).where(Community.code == e.community_code)).first()
            c = s.get(Company, r.company_id) if r.company_id else None
            grades = {x.id: x.credit_grade or "" for x in s.scalars(select(Company).where(
                Company.id.in_([k.company_id for k in r.candidates])))}
        office = (comm.office or comm.name) if comm is not None else "社区居民委员会"
        order = sorted(r.candidates, key=lambda k: k.rank or len(r.candidates) + 1)
        return SelectionDoc(
            office=office, estate=r.estate_name, estate_address=e.address or "",
            households=e.household_count, floor_area=e.floor_area, method=r.method.label,
            method_reason=r.method_reason, survey=r.survey_label,
            candidates=[CandidateLine(k.company_name, k.score, k.rank, grades.get(k.company_id, ""))
                        for k in order],
            company=r.company_name, company_code=c.credit_code if c else None,
            company_manager=c.manager if c else None, company_phone=c.phone if c else None,
            publication_start=r.publication_start, publication_end=r.publication_end,
            filed_on=r.filed_on, contract_start=r.contract_start, contract_end=r.contract_end,
            fee_standard=r.fee_standard,
            service_grade=r.service_grade.label if r.service_grade else None,
            phone=comm.office_phone if comm is not None else None, issue_date=r.publication_start)

    def print(self, selection_id: str, kind: str, path: Path) -> int:
        """Write ``kind`` (``publication`` 结果公示 | ``filing`` 备案表) to ``path``; page count."""
        from ..printing.selection import render_filing, render_publication

        render = {"publication": render_publication, "filing": render_filing}.get(kind)
        if render is None:
            raise SelectionError(f"不认识的文书“{kind}”：请写 publication（结果公示）或 filing（备案表）。")
        return render(self.document(selection_id), Path(path))

    def export_rows(self, estate_id: str | None = None) -> list[dict[str, Any]]:
        return [{"started_on": r.started_on, "estate_name": r.estate_name, "survey": r.survey_label,
                 "method": r.method, "method_reason": r.method_reason, "stage": r.stage,
                 "candidates": r.candidates_text, "company_name": r.company_name,
                 "publication_start": r.publication_start, "publication_end": r.publication_end,
                 "filed_on": r.filed_on, "contract_start": r.contract_start,
                 "contract_end": r.contract_end, "fee_standard": r.fee_standard,
                 "service_grade": r.service_grade, "note": r.note}
                for r in self.find(estate_id=estate_id)]

    def export(self, path: Path, estate_id: str | None = None) -> int:
        """Write the selections to an .xlsx sheet (物业选聘台账)."""
        rows = self.export_rows(estate_id)
        write_registers(Path(path), [(SELECTION_EXPORT, rows)])
        return len(rows)


def _candidates(row: Selection) -> list[Candidate]:
    return [Candidate.from_wire(d) for d in row.candidates or []]


def _survey_label(sv: Survey | None) -> str:
    if sv is None:
        return ""
    return f"{sv.period}{sv.kind.label}（同意{sv.positive}户/{sv.households or 0}户，{sv.rate:g}%）"


def _info(r: Selection, estate_name: str, names: dict[str, str], sv: Survey | None) -> SelectionInfo:
    cands = _candidates(r)
    order = {c.company_id: n + 1 for n, c in enumerate(ranked(cands)) if c.score is not None}
    return SelectionInfo(
        id=r.id, estate_id=r.estate_id, estate_name=estate_name, started_on=r.started_on,
        method=r.method, method_reason=r.method_reason, stage=r.stage, survey_id=r.survey_id,
        survey_label=_survey_label(sv),
        candidates=[CandidateInfo(c.company_id, names.get(c.company_id, "（已删除的企业）"), c.score,
                                  c.note, order.get(c.company_id)) for c in cands],
        company_id=r.company_id, company_name=names.get(r.company_id) if r.company_id else None,
        publication_start=r.publication_start, publication_end=r.publication_end,
        filed_on=r.filed_on, contract_start=r.contract_start, contract_end=r.contract_end,
        fee_standard=r.fee_standard, service_grade=r.service_grade, note=r.note)
