"""The public-revenue ledger (公共收益) and property-fee collection (物业费收缴) use cases:
entries, period summaries, the 公共收益公示 printed from the ledger, the posting record, and
the collection figures. Sums and rules live in :mod:`wuye_desktop.domain.revenue`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..clock import Clock
from ..domain.fields import REVENUE_LEDGER
from ..domain.revenue import (
    EntryKind,
    LedgerLine,
    LedgerSummary,
    PeriodBounds,
    RevenueError,
    categories,
    check_fee_counts,
    collection_rate,
    fee_notice_values,
    notice_values,
    parse_amount,
    parse_count,
    parse_period,
    summarise,
    yuan,
)
from ..storage.db import Database
from ..storage.models import Building, Estate
from ..storage.models_revenue import FeeCollection, RevenueEntry, RevenuePosting
from ..storage.tabular import read_register, write_registers
from .photos import PhotoStore
from .printing import PrintService
from .printing_types import PrintResult

#: the notice template the ledger fills
REVENUE_TEMPLATE = "public_revenue"
#: the notice template the fee collection record fills
FEE_TEMPLATE = "fee_publication"


@dataclass(frozen=True)
class EntryInput:
    """What a person typed for one ledger entry (plain values; amount as text)."""

    estate_id: str
    kind: EntryKind
    category: str
    entry_date: dt.date
    amount: str
    counterparty: str = ""
    evidence: str = ""
    note: str = ""
    #: a picture of the voucher to store (None keeps the one already attached)
    photo: Path | None = None


@dataclass(frozen=True)
class EntryInfo:
    id: str
    estate_id: str
    estate_name: str
    kind: EntryKind
    category: str
    entry_date: dt.date
    amount_fen: int
    counterparty: str
    evidence: str
    evidence_photo: str | None
    note: str

    @property
    def amount(self) -> str:
        return yuan(self.amount_fen)


@dataclass(frozen=True)
class PostingInfo:
    id: str
    estate_id: str
    notice: str
    period_code: str
    posted_at: dt.datetime
    posted_by: str
    buildings: tuple[str, ...]
    photo: str | None
    note: str


@dataclass(frozen=True)
class FeeInfo:
    id: str
    estate_id: str
    estate_name: str
    period_code: str
    period_label: str
    households_due: int
    households_paid: int
    amount_due_fen: int | None
    amount_paid_fen: int | None
    fee_standard: str
    note: str

    @property
    def rate(self) -> str:
        """收缴率 as ``89.0%`` (empty when nothing was due)."""
        r = collection_rate(self.households_due, self.households_paid)
        return "" if r is None else f"{r}%"


def _text(value: str, what: str, limit: int) -> str | None:
    value = (value or "").strip()
    if len(value) > limit:
        raise RevenueError(f"{what}最多{limit}个字（现为{len(value)}个）。")
    return value or None


def _estate(s: Session, estate_id: str) -> Estate:
    e = s.get(Estate, estate_id)
    if e is None or e.deleted_at is not None:
        raise RevenueError("请选择小区。")
    return e


class RevenueService:
    """Ledger entries, summaries, the notice, postings and fee figures."""

    def __init__(self, db: Database, photos: PhotoStore, printing: PrintService, clock: Clock) -> None:
        self.db, self.photos, self.printing, self.clock = db, photos, printing, clock

    # --- ledger ------------------------------------------------------------------------------

    def _checked(self, e: EntryInput) -> dict[str, Any]:
        if not isinstance(e.kind, EntryKind):
            raise RevenueError("请选择收入或支出。")
        category = (e.category or "").strip()
        if not category:
            raise RevenueError(f"请选择{e.kind.label}类别：{'、'.join(categories(e.kind))}。")
        values: dict[str, Any] = dict(
            kind=e.kind, category=_text(category, "类别", 20), entry_date=e.entry_date,
            amount_fen=parse_amount(e.amount, f"{e.kind.label}金额"),
            counterparty=_text(e.counterparty, "对方单位", 100), evidence=_text(e.evidence, "凭证", 200),
            note=_text(e.note, "备注", 2000))
        if e.photo is not None:
            values["evidence_photo"] = self.photos.store(e.photo).sha256
        return values

    def add_entry(self, e: EntryInput) -> str:
        values = self._checked(e)
        with self.db.unit_of_work() as s:
            _estate(s, e.estate_id)
            row = RevenueEntry(estate_id=e.estate_id, **values)
            s.add(row)
            s.flush()
            return row.id

    def update_entry(self, entry_id: str, e: EntryInput) -> None:
        """Replace an entry's values; only the fields that differ are written."""
        values = self._checked(e)
        with self.db.unit_of_work() as s:
            row = self._entry(s, entry_id)
            _estate(s, e.estate_id)
            values["estate_id"] = e.estate_id
            for k, v in values.items():
                if getattr(row, k) != v:
                    setattr(row, k, v)

    def delete_entry(self, entry_id: str) -> None:
        with self.db.unit_of_work() as s:
            self._entry(s, entry_id).deleted_at = self.clock.now()

    @staticmethod
    def _entry(s: Session, entry_id: str) -> RevenueEntry:
        row = s.get(RevenueEntry, entry_id)
        if row is None or row.deleted_at is not None:
            raise RevenueError("找不到这条收支记录，可能已被删除。请刷新后重试。")
        return row

    def resolve_entry(self, prefix: str) -> str:
        """The id of the one live entry whose id starts with ``prefix``."""
        with self.db.session() as s:
            ids = list(s.scalars(select(RevenueEntry.id).where(
                RevenueEntry.id.startswith(prefix.strip()), RevenueEntry.deleted_at.is_(None)).limit(2)))
        if len(ids) != 1:
            raise RevenueError(f"找不到编号以“{prefix}”开头的收支记录。" if not ids else
                               f"编号“{prefix}”对应多条记录，请多写几位。")
        return ids[0]

    def entries(self, estate_id: str | None = None, period: PeriodBounds | None = None,
                kind: EntryKind | None = None) -> list[EntryInfo]:
        q = select(RevenueEntry, Estate.name).join(Estate, Estate.id == RevenueEntry.estate_id) \
            .where(RevenueEntry.deleted_at.is_(None))
        if estate_id is not None:
            q = q.where(RevenueEntry.estate_id == estate_id)
        if period is not None:
            q = q.where(RevenueEntry.entry_date >= period.start, RevenueEntry.entry_date <= period.end)
        if kind is not None:
            q = q.where(RevenueEntry.kind == kind)
        q = q.order_by(RevenueEntry.entry_date, RevenueEntry.created_at)
        with self.db.session() as s:
            return [EntryInfo(r.id, r.estate_id, name, r.kind, r.category, r.entry_date, r.amount_fen,
                              r.counterparty or "", r.evidence or "", r.evidence_photo, r.note or "")
                    for r, name in s.execute(q)]

    def summary(self, estate_id: str, period: PeriodBounds) -> LedgerSummary:
        """The period's sums and 期初/结余 (everything before the period carries over)."""
        q = select(RevenueEntry.kind, RevenueEntry.category, RevenueEntry.entry_date,
                   RevenueEntry.amount_fen).where(RevenueEntry.estate_id == estate_id,
                                                  RevenueEntry.deleted_at.is_(None),
                                                  RevenueEntry.entry_date <= period.end)
        with self.db.session() as s:
            lines = [LedgerLine(k, c, d, f) for k, c, d, f in s.execute(q)]
        return summarise(lines, period)

    # --- Excel --------------------------------------------------------------------------------

    def export(self, path: Path, estate_id: str | None = None, period: PeriodBounds | None = None) -> int:
        """The ledger (of one estate and period, or all) to .xlsx; returns the number of rows."""
        rows = [{"estate_name": e.estate_name, "entry_date": e.entry_date, "kind": e.kind,
                 "category": e.category, "amount": plain_yuan(e.amount_fen),
                 "counterparty": e.counterparty, "evidence": e.evidence, "note": e.note}
                for e in self.entries(estate_id, period)]
        write_registers(Path(path), [(REVENUE_LEDGER, rows)])
        return len(rows)

    def import_ledger(self, path: Path) -> tuple[int, int]:
        """Add the entries of a 公共收益台账 sheet: (added, already there). Refused whole, naming
        sheet, row and column, when any row is wrong; a row equal to an entry already booked is
        not added twice."""
        result = read_register(Path(path), REVENUE_LEDGER)
        problems = [str(i) for i in result.errors]
        with self.db.session() as s:
            estates = {n: i for i, n in s.execute(select(Estate.id, Estate.name).where(
                Estate.deleted_at.is_(None)))}
        entries: list[EntryInput] = []
        for row in result.rows if not problems else []:
            v = row.values
            where = f"工作表“{row.sheet}” 第{row.row}行"
            estate_id = estates.get(v.get("estate_name") or "")
            if estate_id is None:
                problems.append(f"{where} “所属小区”列：找不到小区“{v.get('estate_name')}”，请先登记或改正名称。")
                continue
            e = EntryInput(estate_id, v["kind"], v.get("category") or "", v["entry_date"],
                           str(v.get("amount") or ""), v.get("counterparty") or "",
                           v.get("evidence") or "", v.get("note") or "")
            try:
                self._checked(e)
            except RevenueError as exc:
                problems.append(f"{where}：{exc}")
                continue
            entries.append(e)
        if problems:
            shown = "\n".join(problems[:20]) + (f"\n……共{len(problems)}处" if len(problems) > 20 else "")
            raise RevenueError(f"公共收益台账未导入（整份退回，什么也没有写入）：\n{shown}",
                               hint="请改正上述单元格后重新导入。")
        return self._add_new(entries)

    def _add_new(self, entries: list[EntryInput]) -> tuple[int, int]:
        def key(estate_id: str, kind: EntryKind, category: str | None, day: dt.date, fen: int,
                evidence: str | None) -> tuple[Any, ...]:
            return (estate_id, kind, category or "", day, fen, evidence or "")

        added = same = 0
        with self.db.unit_of_work() as s:
            have = {key(r.estate_id, r.kind, r.category, r.entry_date, r.amount_fen, r.evidence)
                    for r in s.scalars(select(RevenueEntry).where(RevenueEntry.deleted_at.is_(None)))}
            for e in entries:
                values = self._checked(e)
                k = key(e.estate_id, values["kind"], values["category"], values["entry_date"],
                        values["amount_fen"], values["evidence"])
                if k in have:
                    same += 1
                    continue
                have.add(k)
                s.add(RevenueEntry(estate_id=e.estate_id, **values))
                added += 1
        return added, same

    # --- the notice and its posting -----------------------------------------------------------

    def print_notice(self, estate_id: str, period: PeriodBounds, out: str | Path | BinaryIO,
                     values: Mapping[str, str] | None = None, *,
                     building_ids: Sequence[str] | None = None, per_building: bool = False,
                     issue_date: dt.date | None = None) -> PrintResult:
        """The 公共收益公示 of one estate and period, one page per building, its figures from
        the ledger (``values`` may fill 结余用途, 公示天数…, never a computed figure)."""
        computed = notice_values(self.summary(estate_id, period))
        return self.printing.notice_batch(REVENUE_TEMPLATE, [estate_id], dict(values or {}), out,
                                          building_ids=building_ids, per_building=per_building,
                                          issue_date=issue_date, computed=computed)

    def print_fee_notice(self, estate_id: str, period: PeriodBounds, out: str | Path | BinaryIO,
                         values: Mapping[str, str] | None = None, *,
                         building_ids: Sequence[str] | None = None, per_building: bool = False,
                         issue_date: dt.date | None = None) -> PrintResult:
        """The 物业费收缴率及收费标准公示 of one estate and period, from its collection record."""
        row = next((f for f in self.fees(estate_id) if f.period_code == period.code), None)
        if row is None:
            raise RevenueError(f"还没有登记该小区{period.label}的物业费收缴情况，无法公示。",
                               hint="请先登记应缴户数、已缴户数和收费标准（命令行：wuye-desktop fees set）。")
        computed = fee_notice_values(period, row.households_due, row.households_paid,
                                     row.amount_due_fen, row.amount_paid_fen, row.fee_standard)
        return self.printing.notice_batch(FEE_TEMPLATE, [estate_id], dict(values or {}), out,
                                          building_ids=building_ids, per_building=per_building,
                                          issue_date=issue_date, computed=computed)

    def record_posting(self, estate_id: str, period: PeriodBounds, buildings: Sequence[str],
                       posted_at: dt.datetime | None = None, posted_by: str = "",
                       photo: Path | None = None, note: str = "", notice: str = "revenue") -> str:
        """张贴记录: ``buildings`` are building ids of the estate (empty: every building)."""
        sha = self.photos.store(photo).sha256 if photo is not None else None
        with self.db.unit_of_work() as s:
            _estate(s, estate_id)
            rows = {b.id: b.number for b in s.scalars(select(Building).where(
                Building.estate_id == estate_id, Building.deleted_at.is_(None)))}
            unknown = [b for b in buildings if b not in rows]
            if unknown:
                raise RevenueError("所选楼栋不属于该小区，请重新选择。")
            numbers = [rows[b] for b in buildings] if buildings else sorted(rows.values())
            if not numbers:
                raise RevenueError("该小区还没有登记楼栋，无法记录张贴位置。请先在“楼栋”中登记。")
            who = _text(posted_by, "张贴人", 60) or self.db.user or "未填写"
            row = RevenuePosting(estate_id=estate_id, notice=notice, period_code=period.code,
                                 posted_at=posted_at or self.clock.now(), posted_by=who,
                                 buildings=numbers, photo=sha, note=_text(note, "备注", 2000))
            s.add(row)
            s.flush()
            return row.id

    def postings(self, estate_id: str | None = None, period_code: str | None = None) -> list[PostingInfo]:
        q = select(RevenuePosting).where(RevenuePosting.deleted_at.is_(None))
        if estate_id is not None:
            q = q.where(RevenuePosting.estate_id == estate_id)
        if period_code is not None:
            q = q.where(RevenuePosting.period_code == period_code)
        with self.db.session() as s:
            return [PostingInfo(r.id, r.estate_id, r.notice, r.period_code, r.posted_at, r.posted_by,
                                tuple(r.buildings), r.photo, r.note or "")
                    for r in s.scalars(q.order_by(RevenuePosting.posted_at.desc()))]

    # --- fee collection -----------------------------------------------------------------------

    def set_fees(self, estate_id: str, period: PeriodBounds, households_due: str | int,
                 households_paid: str | int, fee_standard: str, amount_due: str = "",
                 amount_paid: str = "", note: str = "") -> str:
        """The estate's collection figures for ``period`` (replaces the period's earlier ones)."""
        due = parse_count(households_due, "应缴户数")
        paid = parse_count(households_paid, "已缴户数")
        due_fen = parse_amount(amount_due, "应收金额") if amount_due.strip() else None
        paid_fen = parse_amount(amount_paid, "实收金额") if amount_paid.strip() else None
        check_fee_counts(due, paid, due_fen, paid_fen)
        standard = _text(fee_standard, "收费标准", 200)
        if standard is None:
            raise RevenueError("请填写收费标准，例如“住宅0.60元/平方米·月”。")
        values: dict[str, Any] = dict(period_kind=period.kind, households_due=due,
                                      households_paid=paid, amount_due_fen=due_fen,
                                      amount_paid_fen=paid_fen, fee_standard=standard,
                                      note=_text(note, "备注", 2000))
        with self.db.unit_of_work() as s:
            _estate(s, estate_id)
            row = s.scalars(select(FeeCollection).where(
                FeeCollection.estate_id == estate_id, FeeCollection.period_code == period.code,
                FeeCollection.deleted_at.is_(None))).first()
            if row is None:
                row = FeeCollection(estate_id=estate_id, period_code=period.code, **values)
                s.add(row)
            else:
                for k, v in values.items():
                    if getattr(row, k) != v:
                        setattr(row, k, v)
            s.flush()
            return row.id

    def fees(self, estate_id: str | None = None) -> list[FeeInfo]:
        q = select(FeeCollection, Estate.name).join(Estate, Estate.id == FeeCollection.estate_id) \
            .where(FeeCollection.deleted_at.is_(None))
        if estate_id is not None:
            q = q.where(FeeCollection.estate_id == estate_id)
        with self.db.session() as s:
            rows = list(s.execute(q.order_by(FeeCollection.period_code.desc(), Estate.name)))
        return [FeeInfo(r.id, r.estate_id, name, r.period_code, parse_period(r.period_code).label,
                        r.households_due, r.households_paid, r.amount_due_fen, r.amount_paid_fen,
                        r.fee_standard, r.note or "") for r, name in rows]


def plain_yuan(fen: int) -> str:
    """fen -> ``12000.50`` (no separators: what a sheet cell holds and re-reads)."""
    return yuan(fen).replace(",", "")
