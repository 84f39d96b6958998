"""Keyset paging (storage.keyset): paging after the last row's sort key gives the rows of one
ordered query, in its order, with ties and NULLs in the sort column."""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select, text

from wuye_desktop.domain.inspections import InspectionStatus
from wuye_desktop.services.context import Services
from wuye_desktop.services.inspections import InspectionFilter
from wuye_desktop.storage import registers as sql
from wuye_desktop.storage.models_inspection import Inspection, InspectionTemplate


def _scroll(page: Callable[[Any, int], list[Any]], size: int) -> list[Any]:
    """Every row, page by page, each page after the previous page's last row."""
    out: list[Any] = []
    last = None
    while True:
        rows = page(last, size)
        out += rows
        if len(rows) < size:
            return out
        last = rows[-1]


@pytest.mark.parametrize("kind", ["estates", "buildings", "units", "leads", "companies"])
def test_register_keyset_pages_equal_one_query(demo_services: Services, kind: str) -> None:
    reg = sql.REGISTERS[kind]
    tied = 0
    with demo_services.db.session() as s:
        for name in sql.field_names(kind):
            for descending in (False, True):
                whole = sql.page(s, kind, sort=name, descending=descending, limit=100000)
                assert whole, kind
                at = 1 + sql.field_names(kind).index(name)
                tied += len(whole) - len({r[at] for r in whole})
                size = max(2, len(whole) // 4)
                paged = _scroll(lambda last, n, name=name, descending=descending: sql.page(
                    s, kind, sort=name, descending=descending, limit=n, after=last), size)
                assert [r[0] for r in paged] == [r[0] for r in whole], (kind, name, descending)
        default = sql.page(s, kind, limit=100000)
        assert [r[0] for r in _scroll(lambda last, n: sql.page(s, kind, limit=n, after=last), 3)] \
            == [r[0] for r in default]
    assert tied > 0, reg.kind  # some sort column had repeated values (and NULLs) to page across


def test_register_rows_export_reads_every_row_once(demo_services: Services) -> None:
    rows = demo_services.registers.rows("leads")
    assert len(rows) == demo_services.registers.count("leads") == len({r["id"] for r in rows})


def test_inspection_keyset_pages_equal_one_query_with_ties(demo_services: Services) -> None:
    rng = random.Random(7)
    with demo_services.db.session() as s:
        template = s.scalars(select(InspectionTemplate)).first()
        estates = list(s.scalars(text("SELECT id FROM estates LIMIT 6")))
    assert template is not None and estates
    with demo_services.db.unit_of_work() as s:
        for _ in range(90):  # 90 rows on 6 days: many rows share a date
            row = Inspection(estate_id=rng.choice(estates), template_id=template.id, kind=template.kind,
                             inspected_on=date(2026, 3, 1) + timedelta(days=rng.randrange(6)),
                             status=rng.choice(list(InspectionStatus)))
            row.id = str(uuid.uuid4())
            row.origin_id = row.id
            s.add(row)
    ins = demo_services.inspections
    for f in (InspectionFilter(), InspectionFilter(estate_id=estates[0]), InspectionFilter(search="")):
        whole = ins.find(f, limit=100000)
        paged = _scroll(lambda last, n, f=f: ins.find(f, limit=n, after=last), 7)
        assert [r.id for r in paged] == [r.id for r in whole]
        assert [(r.inspected_on, r.id) for r in whole] == sorted(
            ((r.inspected_on, r.id) for r in whole), reverse=True)
    assert len(whole) > len({r.inspected_on for r in whole})
