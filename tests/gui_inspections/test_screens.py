"""Models (qtmodeltester), list filters, the rectification board, the sidebar count and the
dashboard charts on 概览, on the demo community with two years of inspections."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCharts import QAbstractBarSeries, QLineSeries, QPieSeries
from PySide6.QtCore import QDate, Qt

from wuye_desktop.domain.inspections import InspectionStatus, RectificationStatus
from wuye_desktop.services.inspections import InspectionFilter
from wuye_desktop.ui.dashboard import DashboardPanel, short_company
from wuye_desktop.ui.inspection_models import InspectionListModel, ItemsModel, RectificationModel
from wuye_desktop.ui.style import OVERDUE_BACKGROUND
from wuye_desktop.ui.table_model import NativeRole


def test_models_pass_qtmodeltester(qtmodeltester: Any, qtbot: Any, services: Any, runner: Any,
                                   wait_idle: Any) -> None:
    ins = services.inspections
    listing = InspectionListModel(runner, services)
    at_least: list[int] = []
    listing.at_least.connect(at_least.append)
    listing.set_filter(InspectionFilter())
    wait_idle()
    qtbot.waitUntil(lambda: listing.total >= 0)
    assert at_least == [200]  # a full first page came alone: the count followed, not with it
    assert listing.rowCount() == 200 and listing.total > 200 and listing.canFetchMore()
    listing.fetchMore()
    wait_idle()
    assert listing.rowCount() == min(400, listing.total)
    qtmodeltester.check(listing)
    # native values sort as numbers and dates, not text
    assert isinstance(listing.index(0, 0).data(NativeRole), QDate)

    first = listing.row_object(0)
    items = ItemsModel()
    items.set_rows(runner.run_sync(lambda: ins.get(first.id)).items)
    qtmodeltester.check(items)
    assert items.rowCount() > 0

    rects = RectificationModel()
    rects.set_rows(runner.run_sync(lambda: ins.rectifications()))
    qtmodeltester.check(rects)
    overdue = [r for r in range(rects.rowCount()) if rects.row_object(r).overdue]
    assert overdue, "the demo has overdue items"
    assert rects.index(overdue[0], 3).data(Qt.ItemDataRole.BackgroundRole).color() == OVERDUE_BACKGROUND
    assert rects.index(overdue[0], 8).data(NativeRole) == rects.row_object(overdue[0]).days_overdue


def test_list_filters(window: Any, qtbot: Any, services: Any, wait_idle: Any) -> None:
    window.show_screen("inspections")
    wait_idle()
    screen = window.screens["inspections"]
    qtbot.waitUntil(lambda: screen.model.total >= 0)
    total = screen.model.total
    assert total > 0 and str(total) in screen.total.text()
    screen.result.setCurrentIndex(screen.result.findData(False))
    wait_idle()
    qtbot.waitUntil(lambda: screen.model.total != total)
    failed = screen.model.total
    assert 0 < failed < total
    assert all(r.passed is False for r in screen.model.rows_)
    screen.result.setCurrentIndex(0)
    estate_id = screen.estate.itemData(1)
    screen.estate.setCurrentIndex(1)
    screen.date_from.setDate(QDate(2025, 1, 1))
    screen.date_to.setDate(QDate(2025, 6, 30))
    screen.apply_filter()
    wait_idle()
    rows = screen.model.rows_
    assert rows and all(r.estate_id == estate_id for r in rows)
    assert all(date(2025, 1, 1) <= r.inspected_on <= date(2025, 6, 30) for r in rows)
    screen.status.setCurrentIndex(screen.status.findData(InspectionStatus.DRAFT.value))
    wait_idle()
    assert all(r.status is InspectionStatus.DRAFT for r in screen.model.rows_)


def test_board_overdue_deadline_and_mark_rectified(window: Any, services: Any, wait_idle: Any) -> None:
    ins = services.inspections
    overdue_n = ins.overdue_count()
    item = next(window.sidebar.item(i) for i in range(window.sidebar.count())
                if window.sidebar.item(i).data(Qt.ItemDataRole.UserRole) == "rectifications")
    assert overdue_n > 0 and item.text() == f"整改（{overdue_n}）"

    window.show_screen("rectifications")
    wait_idle()
    board = window.screens["rectifications"]
    assert board.model.rowCount() == len(ins.rectifications(status="open"))
    assert f"逾期{overdue_n}项" in board.counts.text()
    board.status.setCurrentIndex(board.status.findData("overdue"))
    wait_idle()
    assert board.model.rowCount() == overdue_n and all(r.overdue for r in board.model.rows_)

    # filter by company, then group by company (a native sort on that column)
    company_id = next(r.company_id for r in board.model.rows_ if r.company_id)
    board.company.setCurrentIndex(board.company.findData(company_id))
    wait_idle()
    assert board.model.rows_ and all(r.company_id == company_id for r in board.model.rows_)
    board.company.setCurrentIndex(0)
    wait_idle()
    board.group.setCurrentIndex(board.group.findData(3))
    names = [board.proxy.index(r, 3).data() for r in range(board.proxy.rowCount())]
    assert names == sorted(names)

    # a new deadline in the future takes the item off the overdue list
    target = board.selected()
    later = services.clock.today() + timedelta(days=30)  # the app's today, not the real one
    board.deadline.setDate(QDate(later.year, later.month, later.day))
    board.set_deadline_button.click()
    wait_idle()
    assert target.id not in [r.id for r in board.model.rows_]
    assert ins.overdue_count() == overdue_n - 1
    assert item.text() == f"整改（{overdue_n - 1}）"

    # mark another one rectified
    board.status.setCurrentIndex(board.status.findData("open"))
    wait_idle()
    other = board.selected()
    board.note.setText("照片确认")
    board.mark_button.click()
    wait_idle()
    assert other.id not in [r.id for r in board.model.rows_]
    done = ins.rectifications(ids=[other.id])[0]
    assert done.status is RectificationStatus.RECTIFIED and done.note == "照片确认"
    # a deadline before the problem was found is refused with a message
    board.deadline.setDate(QDate(2000, 1, 2))
    board.set_deadline_button.click()
    wait_idle()
    assert "不能早于" in board.message.text()


def test_dashboard_on_overview_follows_filters(window: Any, services: Any, wait_idle: Any) -> None:
    window.show_screen("overview")
    wait_idle()
    panel = window.screens["overview"].findChild(DashboardPanel)
    assert panel is not None and panel.isVisible()
    pie = panel.views["modes"].chart().series()[0]
    assert isinstance(pie, QPieSeries)
    assert sum(s.value() for s in pie.slices()) == 12  # every demo estate, by mode
    lines = [s for s in panel.views["scores"].chart().series() if isinstance(s, QLineSeries)]
    assert len(lines) > 1 and all(s.count() > 0 for s in lines)
    bars = panel.views["rectifications"].chart().series()[0]
    assert isinstance(bars, QAbstractBarSeries) and bars.barSets()[0].label() == "逾期"
    all_count = panel.data["average"][1]
    assert f"检查{all_count}次" in panel.kpi.text()

    estate_id, estate_name = panel.estate.itemData(2), panel.estate.itemText(2)
    panel.estate.setCurrentIndex(2)
    wait_idle()
    lines = [s for s in panel.views["scores"].chart().series() if isinstance(s, QLineSeries)]
    assert [s.name() for s in lines] == [estate_name]
    assert sum(s.value() for s in panel.views["modes"].chart().series()[0].slices()) == 1
    assert all(r.estate_id == estate_id for r in panel.data["surveys"])
    one_estate = panel.data["average"][1]
    assert 0 < one_estate < all_count

    start = services.clock.today() - timedelta(days=180)
    panel.date_from.setDate(QDate(start.year, start.month, start.day))
    panel.refresh()
    wait_idle()
    assert panel.data["average"][1] < one_estate
    assert all(p.period >= start.isoformat()[:7] for es in panel.data["scores"] for p in es.points)


def test_short_company_names() -> None:
    assert short_company("长春市南关区惠民物业服务有限公司") == "南关区惠民物业服务"
    assert short_company("吉林省恒泰物业管理有限责任公司") == "吉林省恒泰物业管理"
    assert short_company("（无物业企业）") == "（无物业企业）"
