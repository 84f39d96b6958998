"""The 维修资金 use applications table (synced; rules in :mod:`wuye_desktop.domain.fund`).

Buildings, stage log, vote and photos are JSON on the row: they are written with the row and
read with it, and the county receives one row per application.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.fund import FundPath, FundStage
from .base import Base, SyncMixin
from .types import CodeEnum


class FundApplication(SyncMixin, Base):
    """One application to use the maintenance fund for a repair of an estate's building(s)."""

    __tablename__ = "fund_applications"
    __sync_table__ = "fund_applications"
    __table_args__ = (Index("ix_fund_applications_estate_applied", "estate_id", "applied_on"),)

    estate_id: Mapped[str] = mapped_column(ForeignKey("estates.id"), nullable=False)
    path: Mapped[FundPath] = mapped_column(CodeEnum(FundPath), nullable=False)
    category: Mapped[str] = mapped_column(String(30), nullable=False)
    repair_item: Mapped[str] = mapped_column(Text, nullable=False)
    applicant: Mapped[str] = mapped_column(String(100), nullable=False)
    contractor: Mapped[str | None] = mapped_column(String(200))
    estimated_fen: Mapped[int] = mapped_column(Integer, nullable=False)
    final_fen: Mapped[int | None] = mapped_column(Integer)
    applied_on: Mapped[date] = mapped_column(nullable=False)
    stage: Mapped[FundStage] = mapped_column(CodeEnum(FundStage), nullable=False,
                                             default=FundStage.APPLIED)
    #: [{"building_id", "number", "area": "1234.56", "owners": 40}] — areas as exact text
    buildings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    #: [{"stage", "on": "2026-12-01", "by": "…", "note": "…"}], the 申请 entry first
    stages: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False, default=list)
    #: {"total_area", "total_owners", "voted_area", "voted_owners", "agreed_area",
    #: "agreed_owners", "matter", "held_on"} or None
    vote: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    vote_passed: Mapped[bool | None] = mapped_column(Boolean)
    #: sha256 of the 竣工验收 photos in the photo store
    photos: Mapped[list[str]] = mapped_column(JSON, nullable=False, default=list)
    note: Mapped[str | None] = mapped_column(Text)
