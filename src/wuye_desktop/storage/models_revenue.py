"""Tables of the public-revenue ledger (公共收益), its notice postings (张贴记录) and the
property-fee collection figures (物业费收缴). All three are synced and keep history.

Money columns are integer fen (``*_fen``): no float ever holds an amount.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.revenue import EntryKind, PeriodKind
from .base import Base, SyncMixin
from .types import CodeEnum


class RevenueEntry(SyncMixin, Base):
    """One income or expenditure of an estate's public revenue."""

    __tablename__ = "revenue_entries"
    __sync_table__ = "revenue_entries"
    __table_args__ = (Index("ix_revenue_entries_estate_day", "estate_id", "entry_date"),)

    estate_id: Mapped[str] = mapped_column(ForeignKey("estates.id"), nullable=False)
    kind: Mapped[EntryKind] = mapped_column(CodeEnum(EntryKind), nullable=False)
    category: Mapped[str] = mapped_column(String(20), nullable=False)
    entry_date: Mapped[date] = mapped_column(nullable=False)
    amount_fen: Mapped[int] = mapped_column(Integer, nullable=False)
    counterparty: Mapped[str | None] = mapped_column(String(100))
    #: the voucher: 发票号、合同号、收据 … as written
    evidence: Mapped[str | None] = mapped_column(String(200))
    #: sha256 of a stored photo of the voucher (``services.photos.PhotoStore``)
    evidence_photo: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


class RevenuePosting(SyncMixin, Base):
    """张贴记录: a period's notice posted at some buildings, when and by whom."""

    __tablename__ = "revenue_postings"
    __sync_table__ = "revenue_postings"
    __table_args__ = (Index("ix_revenue_postings_estate_period", "estate_id", "period_code"),)

    estate_id: Mapped[str] = mapped_column(ForeignKey("estates.id"), nullable=False)
    #: what was posted: ``revenue`` (公共收益公示) or ``fees`` (物业费收缴率公示)
    notice: Mapped[str] = mapped_column(String(20), nullable=False, default="revenue")
    period_code: Mapped[str] = mapped_column(String(8), nullable=False)
    posted_at: Mapped[datetime] = mapped_column(nullable=False)
    posted_by: Mapped[str] = mapped_column(String(60), nullable=False)
    #: building numbers as printed (``["1号楼", "2号楼"]``)
    buildings: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    photo: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)


class FeeCollection(SyncMixin, Base):
    """物业费收缴: an estate's households and amounts due and paid in one period."""

    __tablename__ = "fee_collections"
    __sync_table__ = "fee_collections"
    __table_args__ = (Index("ix_fee_collections_estate_period", "estate_id", "period_code"),)

    estate_id: Mapped[str] = mapped_column(ForeignKey("estates.id"), nullable=False)
    period_kind: Mapped[PeriodKind] = mapped_column(CodeEnum(PeriodKind), nullable=False)
    period_code: Mapped[str] = mapped_column(String(8), nullable=False)
    households_due: Mapped[int] = mapped_column(Integer, nullable=False)
    households_paid: Mapped[int] = mapped_column(Integer, nullable=False)
    amount_due_fen: Mapped[int | None] = mapped_column(Integer)
    amount_paid_fen: Mapped[int | None] = mapped_column(Integer)
    #: the fee standard as published, e.g. ``住宅0.60元/平方米·月``
    fee_standard: Mapped[str] = mapped_column(String(200), nullable=False)
    note: Mapped[str | None] = mapped_column(Text)
