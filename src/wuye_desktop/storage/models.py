"""Typed ORM models of the registers, the outbox and local settings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..domain.enums import (
    BuildingStructure,
    CommitteeKind,
    CommitteeRole,
    ListStatus,
    ManagementMode,
    Openness,
    PoliticalStatus,
    RenovationStatus,
    ServiceGrade,
)
from .base import Base, SyncMixin
from .types import CodeEnum, utcnow

LIVE = text("deleted_at IS NULL")


class Community(SyncMixin, Base):
    """This office's community (one row): the 12-digit statistical division code and names."""

    __tablename__ = "community"
    __sync_table__ = "community"

    code: Mapped[str] = mapped_column(String(12), nullable=False)
    name: Mapped[str] = mapped_column(String(100), nullable=False)
    subdistrict: Mapped[str] = mapped_column(String(100), default="")
    county: Mapped[str] = mapped_column(String(100), default="")
    office: Mapped[str] = mapped_column(String(100), default="")  # issuing office on notices
    #: the office's address, phone and contact person, printed on notices (migration 0010)
    office_address: Mapped[str | None] = mapped_column(String(200))
    office_phone: Mapped[str | None] = mapped_column(String(30))
    office_contact: Mapped[str | None] = mapped_column(String(40))
    coverage_target: Mapped[float | None] = mapped_column(Float)  # professional-service target %


class Company(SyncMixin, Base):
    """物业服务企业."""

    __tablename__ = "companies"
    __sync_table__ = "companies"
    __table_args__ = (Index("uq_companies_name_live", "name", unique=True, sqlite_where=LIVE),)

    name: Mapped[str] = mapped_column(String(100), nullable=False)
    credit_code: Mapped[str | None] = mapped_column(String(18))
    manager: Mapped[str | None] = mapped_column(String(40))
    phone: Mapped[str | None] = mapped_column(String(30), index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    credit_grade: Mapped[str | None] = mapped_column(String(10))
    credit_score: Mapped[float | None] = mapped_column(Float)
    list_status: Mapped[ListStatus | None] = mapped_column(CodeEnum(ListStatus))
    note: Mapped[str | None] = mapped_column(Text)


class Estate(SyncMixin, Base):
    """小区."""

    __tablename__ = "estates"
    __sync_table__ = "estates"
    __table_args__ = (
        Index("uq_estates_name_live", "name", unique=True, sqlite_where=LIVE),
        Index("ix_estates_mode", "management_mode"),
    )

    name: Mapped[str] = mapped_column(String(100), nullable=False)
    address: Mapped[str | None] = mapped_column(String(200))
    community_code: Mapped[str] = mapped_column(String(12), nullable=False)
    year_built: Mapped[int | None] = mapped_column(Integer)
    building_count: Mapped[int | None] = mapped_column(Integer)
    household_count: Mapped[int | None] = mapped_column(Integer)
    floor_area: Mapped[float | None] = mapped_column(Float)
    management_mode: Mapped[ManagementMode] = mapped_column(CodeEnum(ManagementMode), nullable=False)
    company_id: Mapped[str | None] = mapped_column(ForeignKey("companies.id"), index=True)
    contract_start: Mapped[date | None]
    contract_end: Mapped[date | None]
    renovation_status: Mapped[RenovationStatus | None] = mapped_column(CodeEnum(RenovationStatus))
    openness: Mapped[Openness | None] = mapped_column(CodeEnum(Openness))
    service_grade: Mapped[ServiceGrade | None] = mapped_column(CodeEnum(ServiceGrade))
    party_branch: Mapped[str | None] = mapped_column(String(100))
    red_property: Mapped[bool | None] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)

    company: Mapped[Company | None] = relationship(lazy="joined")


class Building(SyncMixin, Base):
    """楼栋; the number is unique within its estate among live rows."""

    __tablename__ = "buildings"
    __sync_table__ = "buildings"
    __table_args__ = (
        Index("uq_buildings_estate_number_live", "estate_id", "number", unique=True,
              sqlite_where=LIVE),
    )

    estate_id: Mapped[str] = mapped_column(ForeignKey("estates.id"), nullable=False)
    number: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    unit_count: Mapped[int | None] = mapped_column(Integer)
    floors_above: Mapped[int | None] = mapped_column(Integer)
    floors_below: Mapped[int | None] = mapped_column(Integer)
    household_count: Mapped[int | None] = mapped_column(Integer)
    structure: Mapped[BuildingStructure | None] = mapped_column(CodeEnum(BuildingStructure))
    year_built: Mapped[int | None] = mapped_column(Integer)
    elevator_count: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)

    estate: Mapped[Estate] = relationship(lazy="joined")


class Unit(SyncMixin, Base):
    """单元 of a building; the number ("1", "2", or a name such as "东") is unique within its
    building among live rows. The building's 单元数 follows its units (domain/units.py)."""

    __tablename__ = "units"
    __sync_table__ = "units"
    __table_args__ = (
        Index("uq_units_building_number_live", "building_id", "number", unique=True,
              sqlite_where=LIVE),
    )

    building_id: Mapped[str] = mapped_column(ForeignKey("buildings.id"), nullable=False, index=True)
    number: Mapped[str] = mapped_column(String(20), nullable=False)
    floors: Mapped[int | None] = mapped_column(Integer)
    household_count: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)

    building: Mapped[Building] = relationship(lazy="joined")


class BuildingLead(SyncMixin, Base):
    """楼长. Personal data: shown to staff, printed only where a notice needs it."""

    __tablename__ = "leads"
    __sync_table__ = "leads"

    building_id: Mapped[str] = mapped_column(ForeignKey("buildings.id"), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False, index=True)
    phone: Mapped[str] = mapped_column(String(30), nullable=False, index=True)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"), index=True)
    #: a 单元 as written that matches none of the building's units (kept, never erased)
    unit: Mapped[str | None] = mapped_column(String(40))
    term_start: Mapped[date | None]
    term_end: Mapped[date | None]
    party_member: Mapped[bool | None] = mapped_column(Boolean)
    company_post: Mapped[str | None] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(Text)

    building: Mapped[Building] = relationship(lazy="joined")
    unit_row: Mapped[Unit | None] = relationship(lazy="joined")


class Committee(SyncMixin, Base):
    """业主委员会 / 物业管理委员会 of one estate."""

    __tablename__ = "committees"
    __sync_table__ = "committees"
    __table_args__ = (Index("uq_committees_estate_live", "estate_id", unique=True,
                            sqlite_where=LIVE),)

    estate_id: Mapped[str] = mapped_column(ForeignKey("estates.id"), nullable=False)
    kind: Mapped[CommitteeKind] = mapped_column(CodeEnum(CommitteeKind), nullable=False)
    formed_date: Mapped[date | None]
    term_start: Mapped[date | None]
    term_end: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(Text)

    estate: Mapped[Estate] = relationship(lazy="joined")


class CommitteeMember(SyncMixin, Base):
    """A committee member; political status feeds the party-member ratio target."""

    __tablename__ = "members"
    __sync_table__ = "members"

    committee_id: Mapped[str] = mapped_column(ForeignKey("committees.id"), nullable=False,
                                              index=True)
    name: Mapped[str] = mapped_column(String(40), nullable=False)
    role: Mapped[CommitteeRole | None] = mapped_column(CodeEnum(CommitteeRole))
    political_status: Mapped[PoliticalStatus | None] = mapped_column(CodeEnum(PoliticalStatus))
    phone: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)

    committee: Mapped[Committee] = relationship(lazy="joined")


class OutboxEntry(Base):
    """One captured change, written in the same transaction as the change itself.

    ``seq`` orders entries; ``state`` moves pending → sealed (in ``batch_id``) → applied |
    merged | conflict | rejected. Rejected entries are never deleted: they are the 需要处理 list.
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # insert_sentinel: lets SQLAlchemy batch outbox INSERTs (RETURNING seq) on SQLite, where
    # RETURNING order is otherwise not guaranteed — a 10k-row import then costs a few
    # statements instead of 10k.
    op_id: Mapped[str] = mapped_column(String(36), unique=True, nullable=False, insert_sentinel=True)
    table_name: Mapped[str] = mapped_column(String(40), nullable=False)
    row_id: Mapped[str] = mapped_column(String(36), nullable=False, index=True)
    kind: Mapped[str] = mapped_column(String(8), nullable=False)
    base_version: Mapped[int] = mapped_column(Integer, nullable=False)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, nullable=False)
    user: Mapped[str] = mapped_column(String(60), default="", nullable=False)
    device_id: Mapped[str] = mapped_column(String(36), default="", nullable=False)
    batch_id: Mapped[str | None] = mapped_column(String(36), index=True)
    state: Mapped[str] = mapped_column(String(10), default="pending", nullable=False, index=True)
    result_message: Mapped[str | None] = mapped_column(Text)


class LocalSetting(Base):
    """Per-installation key/value settings (device id, sync cursor, counters). Never synced."""

    __tablename__ = "local_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


SYNCED_MODELS: dict[str, type[SyncMixin]] = {
    m.__sync_table__: m
    for m in (Community, Company, Estate, Building, Unit, BuildingLead, Committee, CommitteeMember)
}
