"""Scrolling the inspection list (keyset paging through the model) shows exactly the rows of
one ordered query, in its order; the same for a register."""

from __future__ import annotations

from typing import Any

from wuye_desktop.services.inspections import InspectionFilter
from wuye_desktop.ui.inspection_models import InspectionListModel
from wuye_desktop.ui.register_model import RegisterModel


def _scroll_to_end(model: Any, wait_idle: Any) -> None:
    wait_idle()
    while model.canFetchMore():
        model.fetchMore()
        wait_idle()


def test_scrolled_inspection_list_equals_one_query(services: Any, runner: Any, wait_idle: Any) -> None:
    f = InspectionFilter(include_superseded=True)
    whole = runner.run_sync(lambda: services.inspections.find(f, limit=1_000_000))
    listing = InspectionListModel(runner, services)
    listing.set_filter(f)
    _scroll_to_end(listing, wait_idle)
    assert len(whole) > 400  # at least three pages
    assert len(whole) > len({r.inspected_on for r in whole})  # days with several inspections
    assert [listing.row_id(i) for i in range(listing.rowCount())] == [r.id for r in whole]


def test_scrolled_register_sorted_by_a_tied_column_equals_one_query(services: Any, runner: Any,
                                                                     wait_idle: Any) -> None:
    model = RegisterModel("units", runner, services)
    model.set_query(sort_field="estate_name", descending=True)
    _scroll_to_end(model, wait_idle)
    whole = runner.run_sync(lambda: services.registers.page(
        "units", sort="estate_name", descending=True, limit=1_000_000))
    assert len(whole) > 200 and len({r[1 + model.field_column("estate_name")] for r in whole}) < len(whole)
    assert [model.row_id(i) for i in range(model.rowCount())] == [r[0] for r in whole]
