"""概览 dashboard (QtCharts): estates by management mode, professional-service coverage against the
community's target, inspection scores over time per estate, open and overdue rectifications by
company, satisfaction survey rates, and the key figures.

Every chart follows one filter bar (estate, company, date range) that maps onto the
:class:`DashboardFilter` the lists use; every aggregate is computed in SQL on the runner's
database thread, and the charts are rebuilt from the plain results on the GUI thread.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import shiboken6
from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QMargins, Qt, QTime, QTimer
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ..changes import Area, OpChanges
from ..domain.enums import ManagementMode
from ..tasks import OpContext
from . import style
from .choices import load_estate_company_choices
from .context import UiContext
from .inspections import date_bound, optional_date_edit

_S = style.CHART_SERIES
MODE_COLORS = {ManagementMode.PROFESSIONAL: _S[0], ManagementMode.QUASI: _S[2],
               ManagementMode.COMMITTEE: _S[1], ManagementMode.SELF: _S[4],
               ManagementMode.NONE: _S[3]}
LINE_COLORS = style.CHART_SERIES
MAX_LINES = 8
MAX_COMPANIES = 8
CHART_HEIGHT = 300



def _qdatetime(when: datetime) -> QDateTime:
    """Local midnight of ``when``'s day (the stubs of Qt < 6.12 do not take a datetime)."""
    return QDateTime(QDate(when.year, when.month, when.day), QTime(0, 0))

def short_company(name: str) -> str:
    """Company names are long (长春市南关区惠民物业服务有限公司); a bar label needs the core."""
    core = re.sub(r"(有限责任公司|股份有限公司|有限公司|服务中心|管理中心)$", "", name)
    core = re.sub(r"^(\S{2,3}市)", "", core) or name
    return core if len(core) <= 10 else core[:9] + "…"


def _chart(title: str) -> QChart:
    c = QChart()
    c.setTitle(title)
    f = QFont(c.titleFont())
    f.setPointSizeF(max(f.pointSizeF(), 10) + 1)
    f.setBold(True)
    c.setTitleFont(f)
    c.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    c.setMargins(QMargins(4, 4, 4, 4))
    c.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return c


# --- chart builders (plain data in, QChart out; tests read the series back) --------------------


def modes_chart(modes: list[Any]) -> QChart:
    c = _chart(QCoreApplication.translate("Dashboard", "Estates by management mode"))
    pie = QPieSeries()
    for m in modes:
        if m.estates:
            s = pie.append(f"{m.label} {m.estates}", m.estates)
            s.setColor(QColor(MODE_COLORS.get(m.mode, "#888")))
    pie.setPieSize(0.75)
    c.addSeries(pie)
    c.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return c


def coverage_chart(cov: Any) -> QChart:
    if cov.target is None:
        title = QCoreApplication.translate("Dashboard", "Professional-service coverage (no target set)")
    else:
        title = QCoreApplication.translate("Dashboard", "Professional-service coverage (target %1%)")
        title = title.replace("%1", f"{cov.target:g}")
    c = _chart(title)
    cats = [QCoreApplication.translate("Dashboard", "Estates"),
            QCoreApplication.translate("Dashboard", "Households")]
    got = QBarSet(QCoreApplication.translate("Dashboard", "Coverage %"))
    got.append([cov.percent or 0.0, cov.households_percent or 0.0])
    ok = cov.meets_target
    got.setColor(QColor(style.CHART_MET if ok else style.CHART_MISSED if ok is False
                        else style.CHART_NEUTRAL))
    series = QHorizontalBarSeries()
    series.append(got)
    if cov.target is not None:
        target = QBarSet(QCoreApplication.translate("Dashboard", "Target %"))
        target.append([cov.target, cov.target])
        target.setColor(QColor(style.CHART_TARGET))
        series.append(target)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value%")
    c.addSeries(series)
    y = QBarCategoryAxis()
    y.append(cats)
    x = QValueAxis()
    x.setRange(0, 100)
    x.setLabelFormat("%d")
    c.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    c.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x)
    series.attachAxis(y)
    return c


def scores_chart(estates: list[Any]) -> QChart:
    c = _chart(QCoreApplication.translate("Dashboard", "Inspection scores by month"))
    x = QDateTimeAxis()
    x.setFormat("yyyy-MM")
    x.setTickCount(6)
    y = QValueAxis()
    y.setLabelFormat("%d")
    c.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    c.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    lo, hi, first, last = 100.0, 0.0, None, None
    for n, es in enumerate(estates[:MAX_LINES]):
        line = QLineSeries()
        line.setName(es.estate_name)
        line.setColor(QColor(LINE_COLORS[n % len(LINE_COLORS)]))
        for p in es.points:
            when = datetime.strptime(p.period + "-15", "%Y-%m-%d")
            line.append(float(_qdatetime(when).toMSecsSinceEpoch()), p.average)
            lo, hi = min(lo, p.average), max(hi, p.average)
            first = when if first is None or when < first else first
            last = when if last is None or when > last else last
        c.addSeries(line)
        line.attachAxis(x)
        line.attachAxis(y)
    if first is not None and last is not None:
        x.setRange(_qdatetime(first), _qdatetime(last))
        y.setRange(max(0, int(lo // 10) * 10), min(100, int(hi // 10) * 10 + 10))
    else:
        y.setRange(0, 100)
    return c


def rectifications_chart(rows: list[Any]) -> QChart:
    c = _chart(QCoreApplication.translate("Dashboard", "Open rectification items by company"))
    rows = [r for r in rows if r.open][:MAX_COMPANIES]
    rows.reverse()  # a horizontal bar chart draws its first category at the bottom
    overdue = QBarSet(QCoreApplication.translate("Dashboard", "Overdue"))
    overdue.setColor(QColor(style.CHART_BAD))
    in_time = QBarSet(QCoreApplication.translate("Dashboard", "Within deadline"))
    in_time.setColor(QColor(style.CHART_CAUTION))
    for r in rows:
        overdue.append(r.overdue)
        in_time.append(r.open - r.overdue)
    series = QHorizontalStackedBarSeries()
    series.append(overdue)
    series.append(in_time)
    c.addSeries(series)
    y = QBarCategoryAxis()
    y.append([short_company(r.company_name) for r in rows] or [QCoreApplication.translate("Dashboard", "none")])
    x = QValueAxis()
    x.setLabelFormat("%d")
    x.setRange(0, max([r.open for r in rows] + [1]))
    x.applyNiceNumbers()
    c.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    c.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x)
    series.attachAxis(y)
    return c


def surveys_chart(rates: list[Any]) -> QChart:
    """Latest satisfaction rate per estate, coloured by the prescribed action's band."""
    c = _chart(QCoreApplication.translate("Dashboard", "Resident satisfaction (latest survey)"))
    rates = sorted(rates, key=lambda r: r.rate, reverse=True)
    bands = [(QCoreApplication.translate("Dashboard", "below 60%"), style.CHART_BAD, lambda v: v < 60),
             (QCoreApplication.translate("Dashboard", "60–85%"), style.CHART_CAUTION, lambda v: 60 <= v < 85),
             (QCoreApplication.translate("Dashboard", "85% and above"), style.CHART_MET, lambda v: v >= 85)]
    series = QHorizontalStackedBarSeries()
    for name, color, test in bands:
        s = QBarSet(name)
        s.setColor(QColor(color))
        s.append([r.rate if test(r.rate) else 0.0 for r in rates])
        series.append(s)
    c.addSeries(series)
    y = QBarCategoryAxis()
    y.append([r.estate_name for r in rates] or [QCoreApplication.translate("Dashboard", "none")])
    x = QValueAxis()
    x.setRange(0, 100)
    x.setLabelFormat("%d")
    c.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    c.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(x)
    series.attachAxis(y)
    return c


class DashboardPanel(QWidget):
    """The filter bar and the chart grid; refreshes when shown after data changed."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dash = ctx.services.dashboard
        self.ins = ctx.services.inspections
        self._dirty = True
        self._gen = 0
        self.data: dict[str, Any] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 8, 0, 0)
        bar = QHBoxLayout()
        title = QLabel(self.tr("Supervision dashboard"))
        style.apply(title, style.Look.TITLE)
        bar.addWidget(title)
        self.estate = QComboBox()
        self.estate.setObjectName("dash_estate")
        self.estate.addItem(self.tr("All estates"), None)
        self.company = QComboBox()
        self.company.setObjectName("dash_company")
        self.company.addItem(self.tr("All companies"), None)
        self.date_from = optional_date_edit(self.tr("from any date"))
        self.date_from.setObjectName("dash_from")
        self.date_to = optional_date_edit(self.tr("to any date"))
        self.date_to.setObjectName("dash_to")
        bar.addWidget(self.estate)
        bar.addWidget(self.company)
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel("—"))
        bar.addWidget(self.date_to)
        bar.addStretch(1)
        outer.addLayout(bar)
        self.kpi = QLabel()
        self.kpi.setObjectName("kpi")
        self.kpi.setWordWrap(True)
        style.apply(self.kpi, style.Look.FIGURE, style.Tone.ACCENT)
        outer.addWidget(self.kpi)
        self.views: dict[str, QChartView] = {}
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        for key in ("modes", "coverage", "scores", "rectifications", "surveys"):
            v = QChartView()
            v.setObjectName(f"chart_{key}")
            v.setRenderHint(QPainter.RenderHint.Antialiasing)
            v.setMinimumHeight(CHART_HEIGHT)
            v.setFrameShape(QFrame.Shape.StyledPanel)
            self.views[key] = v
            if key == "scores":
                grid.addWidget(v, 1, 0, 1, 2)  # the time line wants width
            else:
                grid.addWidget(v, *{"modes": (0, 0), "coverage": (0, 1), "rectifications": (0, 2),
                                    "surveys": (1, 2)}[key])
        for col in range(3):
            grid.setColumnStretch(col, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(grid_host)
        outer.addWidget(scroll, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        for c in (self.estate, self.company):
            c.currentIndexChanged.connect(lambda _i: self.refresh())
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(lambda _d: self._timer.start())
        ctx.runner.changed.connect(self._on_changed)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._dirty:
            self._dirty = False
            self._load_choices()
            self.refresh()

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(Area.INSPECTIONS, Area.RECTIFICATIONS, Area.ESTATES, Area.COMPANIES,
                           Area.SURVEYS):
            self._dirty = True
            if self.isVisible():
                self._dirty = False
                self.refresh()

    def _load_choices(self) -> None:
        load_estate_company_choices(self.ctx, self.estate, self.company)

    def current_filter(self) -> Any:
        from ..services.inspection_dashboard import DashboardFilter

        return DashboardFilter(estate_id=self.estate.currentData(), company_id=self.company.currentData(),
                               date_from=date_bound(self.date_from), date_to=date_bound(self.date_to))

    def refresh(self) -> None:
        self._gen += 1
        gen, f = self._gen, self.current_filter()

        def work(op: OpContext) -> dict[str, Any]:
            dash, ins = op.services.dashboard, op.services.inspections
            today = op.services.clock.today()
            rects = dash.rectifications_by_company(f, today=today)
            return {"modes": dash.estates_by_mode(f), "coverage": dash.coverage(f),
                    "scores": dash.scores_over_time(f, max_estates=MAX_LINES),
                    "rectifications": rects, "surveys": dash.survey_rates(f),
                    "average": dash.average_score(f), "overdue_total": ins.overdue_count(today)}

        self.ctx.db(work, on_success=lambda d: self._show(gen, d))

    def _show(self, gen: int, d: dict[str, Any]) -> None:
        # The figures may arrive after the panel's window was closed and deleted.
        if gen != self._gen or not shiboken6.isValid(self):
            return
        self.data = d
        builders = {"modes": modes_chart, "coverage": coverage_chart, "scores": scores_chart,
                    "rectifications": rectifications_chart, "surveys": surveys_chart}
        for key, build in builders.items():
            old = self.views[key].chart()
            self.views[key].setChart(build(d[key]))
            if old is not None:
                old.deleteLater()
        avg, n, passed = d["average"]
        rects = d["rectifications"]
        text = self.tr("%1 inspections, average score %2, %3% passed · %4 rectification items open, "
                       "%5 overdue, %6 escalated").replace("%1", str(n)).replace(
            "%2", "—" if avg is None else f"{avg:g}").replace(
            "%3", f"{100 * passed / n:.0f}" if n else "—").replace(
            "%4", str(sum(r.open for r in rects))).replace(
            "%5", str(sum(r.overdue for r in rects))).replace(
            "%6", str(sum(r.escalated for r in rects)))
        self.kpi.setText(text)


def dashboard_panel(ctx: UiContext) -> QWidget:
    """The inspection charts of 概览."""
    return DashboardPanel(ctx)
