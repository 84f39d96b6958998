"""Register models: Qt's model tester, lazy paging, SQL filtering and sorting, native roles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt

from wuye_desktop.domain.fields import SPECS
from wuye_desktop.services import demo
from wuye_desktop.ui import ops
from wuye_desktop.ui.register_model import PAGE, IdRole, NativeRole, RegisterModel, SyncRole


@pytest.mark.parametrize("kind", list(SPECS))
def test_qtmodeltester_on_every_register(kind, qtmodeltester, demo_services, runner, wait_idle):
    model = RegisterModel(kind, runner, demo_services)
    model.reload()
    wait_idle()
    assert model.rowCount() > 0
    qtmodeltester.check(model)
    # sorting descending by the first column keeps the model consistent too
    model.sort(0, Qt.SortOrder.DescendingOrder)
    wait_idle()
    qtmodeltester.check(model)


@pytest.fixture
def big_services(demo_services, runner):
    """The demo community at scale 2 (more than one page of leads)."""
    runner.run_sync(lambda: demo.install(demo_services.registers, 3))
    return demo_services


def test_lazy_paging_loads_one_page_at_a_time(big_services, runner, wait_idle, qtmodeltester, qtbot):
    model = RegisterModel("leads", runner, big_services)
    model.reload()
    wait_idle()
    total = big_services.registers.count("leads")
    assert total > PAGE
    assert model.rowCount() == PAGE
    qtbot.waitUntil(lambda: model.total == total)  # counted once the query has settled
    assert model.canFetchMore()
    model.fetchMore()
    assert not model.canFetchMore()  # one fetch in flight at a time
    wait_idle()
    assert model.rowCount() == min(total, 2 * PAGE)
    while model.canFetchMore():
        model.fetchMore()
        wait_idle()
    assert model.rowCount() == total
    ids = [model.data(model.index(r, 0), IdRole) for r in range(model.rowCount())]
    assert len(set(ids)) == total  # stable paging: no duplicates, none missing
    qtmodeltester.check(model)


def test_search_filter_and_sort_are_sql(demo_services, runner, wait_idle):
    regs = demo_services.registers
    model = RegisterModel("leads", runner, demo_services)
    model.reload()
    wait_idle()
    phone = model.value(0, "phone")
    model.set_query(search=phone[-6:])
    wait_idle()
    assert model.rowCount() >= 1
    assert all(phone[-6:] in model.value(r, "phone") or phone[-6:] in model.value(r, "name")
               for r in range(model.rowCount()))
    estate_id, estate_name = regs.estate_choices()[0]
    model.set_query(search="", filters={"estate_id": estate_id})
    wait_idle()
    assert model.rowCount() == regs.count("leads", filters={"estate_id": estate_id})
    assert {model.value(r, "estate_name") for r in range(model.rowCount())} == {estate_name}
    est = RegisterModel("estates", runner, demo_services)
    est.set_query(filters={"management_mode": "quasi"})
    wait_idle()
    col = est.field_column("management_mode")
    assert est.rowCount() > 0
    assert {est.data(est.index(r, col)) for r in range(est.rowCount())} == {"准物业"}
    assert {est.data(est.index(r, col), NativeRole) for r in range(est.rowCount())} == {"quasi"}
    year = est.field_column("year_built")
    est.sort(year, Qt.SortOrder.DescendingOrder)
    wait_idle()
    years = [est.data(est.index(r, year), NativeRole) for r in range(est.rowCount())]
    assert years == sorted(years, reverse=True)


def test_roles_give_native_values_and_sync_state(demo_services, runner, wait_idle):
    model = RegisterModel("committees", runner, demo_services)
    model.reload()
    wait_idle()
    col = model.field_column("formed_date")
    assert isinstance(model.data(model.index(0, col), NativeRole), QDate)
    sync = model.sync_column()
    assert model.data(model.index(0, 0), SyncRole) == "pending"
    assert model.data(model.index(0, sync)) == "未同步"
    assert model.headerData(sync, Qt.Orientation.Horizontal) == "同步"
    assert model.headerData(0, Qt.Orientation.Horizontal) == "所属小区"


def test_changed_announcement_reloads_dependents(demo_services, runner, wait_idle):
    regs = demo_services.registers
    model = RegisterModel("buildings", runner, demo_services)
    model.reload()
    wait_idle()
    before = model.rowCount()
    estate = regs.estate_choices()[0][1]
    runner.db(ops.save_record("buildings", {"estate_name": estate, "number": "99号楼"}, None),
              services=demo_services)
    wait_idle()
    assert model.rowCount() == before + 1


def test_columns_are_named_and_rows_are_typed(demo_services, runner, wait_idle):
    """The column spec names every column; a row is a RegisterRow, not a positional tuple."""
    from wuye_desktop.ui.register_model import SYNC_COLUMN, RegisterRow

    model = RegisterModel("buildings", runner, demo_services)
    model.reload()
    wait_idle()
    assert [c.name for c in model.columns] == [f.name for f in SPECS["buildings"].fields] + [SYNC_COLUMN]
    assert model.column(SYNC_COLUMN) == model.sync_column()
    row = model.row_object(0)
    assert isinstance(row, RegisterRow)
    assert model.data(model.index(0, model.column("number"))) == row.values["number"]
    assert model.data(model.index(0, 0), IdRole) == row.id == model.row_id(0)
    assert model.row_of(row.id) == 0
    with pytest.raises(KeyError):
        model.column("no_such_field")
