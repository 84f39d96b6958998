"""Satisfaction and willingness surveys with the prescribed follow-up action tracked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from ..domain.fields import SURVEY_EXPORT
from ..domain.surveys import (
    SURVEY_ITEMS,
    ActionStatus,
    SurveyAction,
    SurveyBand,
    SurveyError,
    SurveyKind,
    SurveyMethod,
    assembly_values,
    check_survey_counts,
    clean_scores,
    commendation_values,
    pledge_deadline,
    pledge_values,
    publication_values,
    rate,
    satisfaction_action,
    satisfaction_band,
    scores_text,
    willingness_action,
)
from ..storage.db import Database
from ..storage.models import Company, Estate
from ..storage.models_inspection import Survey
from ..storage.tabular import write_registers


@dataclass
class SurveyInfo:
    id: str
    estate_id: str
    estate_name: str
    company_id: str | None
    company_name: str | None
    kind: SurveyKind
    kind_label: str
    period: str
    conducted_on: date
    households: int | None
    surveyed: int
    positive: int
    rate: float
    action: SurveyAction
    action_label: str
    action_status: ActionStatus
    action_deadline: date | None
    action_done_on: date | None
    note: str | None
    method: SurveyMethod | None = None
    #: satisfaction per service item (percent), None when not scored item by item
    scores: dict[str, float] | None = None
    #: what was done to carry the action out
    action_note: str | None = None

    @property
    def scores_label(self) -> str:
        return scores_text(self.scores)

    @property
    def band(self) -> SurveyBand | None:
        return satisfaction_band(self.action)

    @property
    def method_label(self) -> str:
        return self.method.label if self.method else ""

    def overdue(self, today: date) -> bool:
        return (self.action_status is ActionStatus.PENDING and self.action_deadline is not None
                and self.action_deadline < today)


#: the survey's printable documents: kind → (notice template, label, the action it needs)
SURVEY_DOCUMENTS: dict[str, tuple[str, str, SurveyAction | None]] = {
    "results": ("survey_results", "满意度调查结果公示", None),
    "pledge": ("rectification_pledge", "整改承诺书", SurveyAction.INTERVIEW_PLEDGE),
    "assembly": ("owners_assembly", "业主大会公告", SurveyAction.ASSEMBLY_VOTE),
    "commendation": ("commendation", "表扬通报", SurveyAction.COMMENDATION),
}
#: the document that carries each satisfaction action out
FOLLOW_UP_DOCUMENTS = {SurveyAction.ASSEMBLY_VOTE: "assembly",
                       SurveyAction.INTERVIEW_PLEDGE: "pledge",
                       SurveyAction.COMMENDATION: "commendation"}


class SurveyService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _record(self, kind: SurveyKind, estate_id: str, period: str, conducted_on: date,
                surveyed: int, positive: int, households: int | None, note: str | None,
                method: SurveyMethod | None = None,
                scores: dict[str, float] | None = None) -> SurveyInfo:
        if not period.strip():
            raise SurveyError("请填写调查年度或期次，如“2026年度”。")
        problems = check_survey_counts(kind, households, surveyed, positive)
        if problems:
            raise SurveyError("".join(problems))
        if kind is SurveyKind.SATISFACTION:
            action = satisfaction_action(surveyed, positive)
            pct = rate(positive, surveyed)
        else:
            assert households
            action = willingness_action(households, positive)
            pct = rate(positive, households)
        with self.db.unit_of_work() as s:
            estate = s.get(Estate, estate_id)
            if estate is None or estate.deleted_at is not None:
                raise SurveyError("请选择小区。")
            row = Survey(estate_id=estate_id, kind=kind, period=period.strip(),
                         conducted_on=conducted_on, company_id=estate.company_id,
                         households=households, surveyed=surveyed, positive=positive,
                         rate=pct or 0.0, action=action, action_status=ActionStatus.PENDING,
                         action_deadline=pledge_deadline(conducted_on, action), note=note or None,
                         method=method, scores=scores)
            s.add(row)
            s.flush()
            rid = row.id
        return self.get(rid)

    def record_satisfaction(self, estate_id: str, period: str, conducted_on: date, surveyed: int,
                            satisfied: int, households: int | None = None,
                            note: str | None = None,
                            method: SurveyMethod | None = None,
                            scores: Mapping[str, float | int | str | None] | None = None) -> SurveyInfo:
        """Rate → action: < 60% assembly vote; 60–85% interview + pledge (deadline set);
        ≥ 85% commendation. ``scores``: optional satisfaction per service item (percent)."""
        return self._record(SurveyKind.SATISFACTION, estate_id, period, conducted_on, surveyed,
                            satisfied, households, note, method, clean_scores(scores))

    def record_willingness(self, estate_id: str, period: str, conducted_on: date, households: int,
                           surveyed: int, agreeing: int, note: str | None = None,
                           method: SurveyMethod | None = None) -> SurveyInfo:
        """More than half of *all* households agreeing brings a company in."""
        return self._record(SurveyKind.WILLINGNESS, estate_id, period, conducted_on, surveyed,
                            agreeing, households, note, method)

    def mark_action_done(self, survey_id: str, on: date, note: str | None = None) -> None:
        """The follow-up carried out on ``on``; ``note`` (what was done) is the follow-up's own."""
        with self.db.unit_of_work() as s:
            row = s.get(Survey, survey_id)
            if row is None or row.deleted_at is not None:
                raise SurveyError("找不到该调查记录。")
            if on < row.conducted_on:
                raise SurveyError(f"落实日期{on.isoformat()}不能早于调查日期{row.conducted_on.isoformat()}。")
            row.action_status, row.action_done_on = ActionStatus.DONE, on
            if note:
                row.action_note = note

    def reopen_action(self, survey_id: str) -> None:
        """The follow-up back to 待落实 (marked done by mistake)."""
        with self.db.unit_of_work() as s:
            row = s.get(Survey, survey_id)
            if row is None or row.deleted_at is not None:
                raise SurveyError("找不到该调查记录。")
            row.action_status, row.action_done_on = ActionStatus.PENDING, None

    def set_action_deadline(self, survey_id: str, deadline: date) -> None:
        with self.db.unit_of_work() as s:
            row = s.get(Survey, survey_id)
            if row is None:
                raise SurveyError("找不到该调查记录。")
            row.action_deadline = deadline

    def get(self, survey_id: str) -> SurveyInfo:
        rows = self.find(ids=[survey_id])
        if not rows:
            raise SurveyError("找不到该调查记录。")
        return rows[0]

    def find(self, estate_id: str | None = None, kind: SurveyKind | None = None,
             pending_only: bool = False, ids: list[str] | None = None) -> list[SurveyInfo]:
        q = (select(Survey, Estate.name, Company.name).join(Estate, Estate.id == Survey.estate_id)
             .outerjoin(Company, Company.id == Survey.company_id)
             .where(Survey.deleted_at.is_(None)).order_by(Survey.conducted_on.desc()))
        if estate_id:
            q = q.where(Survey.estate_id == estate_id)
        if kind is not None:
            q = q.where(Survey.kind == kind)
        if pending_only:
            q = q.where(Survey.action_status == ActionStatus.PENDING)
        if ids is not None:
            q = q.where(Survey.id.in_(ids))
        with self.db.session() as s:
            return [SurveyInfo(r.id, r.estate_id, en, r.company_id, cn, r.kind, r.kind.label,
                               r.period, r.conducted_on, r.households, r.surveyed, r.positive,
                               r.rate, r.action, r.action.label, r.action_status, r.action_deadline,
                               r.action_done_on, r.note, r.method, r.scores, r.action_note)
                    for r, en, cn in s.execute(q)]

    def publication_values(self, survey_id: str) -> dict[str, str]:
        """The 满意度调查结果公示 fields this survey fills (template ``survey_results``)."""
        return self.notice(survey_id, "results")[1]

    def follow_up_notice(self, survey_id: str) -> tuple[str, dict[str, str]]:
        """The document that carries this survey's action out, ``(template id, values)``: below
        60% the 业主大会公告 with the vote, 60–85% the 整改承诺书, from 85% the 表扬通报 (a
        willingness survey: the result publication is not defined, so an error)."""
        r = self.get(survey_id)
        kind = FOLLOW_UP_DOCUMENTS.get(r.action)
        if kind is None:
            raise SurveyError("意愿征询没有对应的文书，请在“文书”中选择通知模板。")
        return self.notice(survey_id, kind)

    def notice(self, survey_id: str, kind: str) -> tuple[str, dict[str, str]]:
        """``(template id, values)`` of one of the survey's documents (:data:`SURVEY_DOCUMENTS`);
        a document the survey's band does not call for is refused with the reason."""
        if kind not in SURVEY_DOCUMENTS:
            raise SurveyError(f"不认识的文书“{kind}”。可用：" +
                              "、".join(f"{k}（{v[1]}）" for k, v in SURVEY_DOCUMENTS.items()) + "。")
        r = self.get(survey_id)
        if r.kind is not SurveyKind.SATISFACTION:
            raise SurveyError("只有满意度测评才有结果公示、整改承诺书、业主大会公告和表扬通报。")
        template, label, needs = SURVEY_DOCUMENTS[kind]
        if needs is not None and r.action is not needs:
            raise SurveyError(f"该调查满意度为{r.rate:g}%，不需要{label}（{needs.label}时才需要）。",
                              hint=f"本次应：{r.action_label}。")
        if kind == "assembly":
            return template, assembly_values(r.company_name, r.period, r.rate)
        if kind == "pledge":
            return template, pledge_values(r.period, r.conducted_on, r.surveyed, r.positive,
                                           r.action_deadline, r.scores)
        if kind == "commendation":
            return template, commendation_values(r.period, r.conducted_on, r.surveyed, r.positive,
                                                 r.scores)
        return template, publication_values(r.period, r.conducted_on, r.surveyed, r.positive,
                                            r.action, r.action_deadline, r.scores)

    def ids_starting_with(self, prefix: str, limit: int = 2) -> list[str]:
        with self.db.session() as s:
            return list(s.scalars(select(Survey.id).where(
                Survey.id.like(f"{prefix.strip()}%"), Survey.deleted_at.is_(None)).limit(limit)))

    def export_rows(self, estate_id: str | None = None,
                    kind: SurveyKind | None = None) -> list[dict[str, Any]]:
        return [{"conducted_on": r.conducted_on, "kind": r.kind, "period": r.period,
                 "estate_name": r.estate_name, "company_name": r.company_name, "method": r.method,
                 "households": r.households, "surveyed": r.surveyed, "positive": r.positive,
                 "rate": r.rate, "action": r.action, "action_deadline": r.action_deadline,
                 "action_done_on": r.action_done_on, "action_status": r.action_status,
                 "action_note": r.action_note, "note": r.note,
                 **{f"score_{n}": (r.scores or {}).get(k) for n, k in enumerate(SURVEY_ITEMS)}}
                for r in self.find(estate_id=estate_id, kind=kind)]

    def export(self, path: Path, estate_id: str | None = None, kind: SurveyKind | None = None) -> int:
        """Write the surveys (history per estate, newest first) to an .xlsx file."""
        rows = self.export_rows(estate_id, kind)
        write_registers(Path(path), [(SURVEY_EXPORT, rows)])
        return len(rows)
