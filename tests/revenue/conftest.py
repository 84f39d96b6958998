"""A demo community with a few ledger entries of its first estate."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from demo_fixtures import demo_dir, services  # noqa: F401  (fixtures)
from wuye_desktop.domain.revenue import EntryKind
from wuye_desktop.services.context import Services
from wuye_desktop.services.revenue import EntryInput

IN, OUT = EntryKind.INCOME, EntryKind.EXPENSE

#: (kind, category, day, amount): two before 2026Q1, the rest in it (the last on its last day)
ENTRIES = [
    (IN, "广告", dt.date(2025, 12, 31), "5000"),
    (OUT, "维修养护", dt.date(2025, 11, 2), "1200"),
    (IN, "停车", dt.date(2026, 1, 1), "3000.50"),
    (IN, "场地租赁", dt.date(2026, 2, 14), "800"),
    (OUT, "维修养护", dt.date(2026, 2, 10), "3200"),
    (OUT, "补充维修资金", dt.date(2026, 3, 20), "1000"),
    (IN, "广告", dt.date(2026, 3, 31), "12000"),
]




@pytest.fixture
def estate(services: Services) -> dict[str, Any]:
    """The first demo estate that has buildings."""
    for e in services.printing.estates():
        if services.printing.buildings(e.id):
            return {"id": e.id, "name": e.name}
    raise AssertionError("the demo has no estate with buildings")


@pytest.fixture
def ledger(services: Services, estate: dict[str, Any]) -> list[str]:
    return [services.revenue.add_entry(EntryInput(estate["id"], k, c, d, a, counterparty="某广告公司"))
            for k, c, d, a in ENTRIES]
