"""The table of 物业选聘 records (one row per selection, candidates kept in the row).

Candidates with their scores live in a JSON column rather than a table of their own: a
selection is run by one office and edited a step at a time, so a row-level conflict is the
right grain, and the record travels, is exported and printed as one piece.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.enums import ServiceGrade
from ..domain.selection import SelectionMethod, SelectionStage
from .base import Base, SyncMixin
from .types import CodeEnum


class Selection(SyncMixin, Base):
    """物业选聘 of one estate: survey → method → candidates → scores → result/公示 → 备案."""

    __tablename__ = "selections"
    __sync_table__ = "selections"
    __table_args__ = (Index("ix_selections_estate_started", "estate_id", "started_on"),)

    estate_id: Mapped[str] = mapped_column(ForeignKey("estates.id"), nullable=False)
    survey_id: Mapped[str | None] = mapped_column(ForeignKey("surveys.id"))
    started_on: Mapped[date] = mapped_column(nullable=False)
    method: Mapped[SelectionMethod] = mapped_column(CodeEnum(SelectionMethod), nullable=False)
    method_reason: Mapped[str | None] = mapped_column(Text)
    stage: Mapped[SelectionStage] = mapped_column(CodeEnum(SelectionStage), nullable=False,
                                                  default=SelectionStage.STARTED)
    #: [{"company_id", "score", "note"}] in the order added (``domain.selection.Candidate``)
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    company_id: Mapped[str | None] = mapped_column(ForeignKey("companies.id"), index=True)
    publication_start: Mapped[date | None]
    publication_end: Mapped[date | None]
    filed_on: Mapped[date | None]
    contract_start: Mapped[date | None]
    contract_end: Mapped[date | None]
    fee_standard: Mapped[float | None] = mapped_column(Float)
    service_grade: Mapped[ServiceGrade | None] = mapped_column(CodeEnum(ServiceGrade))
    note: Mapped[str | None] = mapped_column(Text)
    #: who evaluated (评审委员会) or filed, as written on the forms
    office: Mapped[str | None] = mapped_column(String(100))
