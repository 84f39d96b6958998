"""The public-revenue ledger through a real county server: entries, postings and fee figures
made on one device reach another with their exact amounts, and the second device computes the
same period sums; an edit on the second comes back with its history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from county.helpers import new_community
from wuye_desktop.clock import FixedClock
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.domain.revenue import EntryKind, parse_period
from wuye_desktop.services.photos import PhotoStore
from wuye_desktop.services.revenue import EntryInput, RevenueService
from wuye_desktop.storage.models import Building, Estate
from wuye_desktop.storage.models_history import HistoryEntry

from .helpers import Desk

Q1 = parse_period("2026Q1")


def _revenue(desk: Desk, tmp: Path) -> RevenueService:
    clock = FixedClock(dt.date(2026, 4, 2))
    return RevenueService(desk.db, PhotoStore(tmp / "photos"), None, clock)  # type: ignore[arg-type]


def test_ledger_syncs_between_devices(server, tmp_path: Path) -> None:
    community = new_community()
    a, b = Desk(tmp_path / "a", server.url), Desk(tmp_path / "b", server.url)
    try:
        a.enroll(server, community)
        b.enroll(server, community)
        with a.db.unit_of_work() as s:
            e = Estate(name="东苑", community_code=community, management_mode=ManagementMode.NONE)
            s.add(e)
            s.flush()
            s.add(Building(estate_id=e.id, number="1号楼"))
            eid = e.id
        ra, rb = _revenue(a, tmp_path / "a"), _revenue(b, tmp_path / "b")
        ra.add_entry(EntryInput(eid, EntryKind.INCOME, "广告", dt.date(2025, 12, 31), "5000"))
        ra.add_entry(EntryInput(eid, EntryKind.INCOME, "停车", dt.date(2026, 3, 31), "36500.55"))
        spent = ra.add_entry(EntryInput(eid, EntryKind.EXPENSE, "维修养护", dt.date(2026, 2, 1), "3200"))
        with a.db.session() as sess:
            bid = sess.scalars(select(Building.id)).one()
        ra.record_posting(eid, Q1, [bid], posted_by="王楼长")
        ra.set_fees(eid, parse_period("2026H1"), "120", "102", "住宅0.50元/平方米·月")
        a.engine.run()
        b.engine.run()

        s = rb.summary(eid, Q1)
        assert (s.opening, s.income_total, s.expense_total) == (500_000, 3_650_055, 320_000)
        assert s.closing == ra.summary(eid, Q1).closing
        assert [p.buildings for p in rb.postings(eid)] == [("1号楼",)]
        assert [f.rate for f in rb.fees(eid)] == ["85.0%"]

        rb.update_entry(spent, EntryInput(eid, EntryKind.EXPENSE, "维修养护", dt.date(2026, 2, 1), "3300"))
        b.engine.run()
        a.engine.run()
        assert ra.summary(eid, Q1).expense_total == 330_000
        with a.db.session() as sess:
            kinds = list(sess.scalars(select(HistoryEntry.kind).where(
                HistoryEntry.table_name == "revenue_entries", HistoryEntry.row_id == spent)
                .order_by(HistoryEntry.created_at)))
        assert kinds == ["insert", "update"]
    finally:
        a.close()
        b.close()
