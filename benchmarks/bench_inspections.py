"""List/filter latency and dashboard aggregates on a large demo database; prints figures.

    python benchmarks/bench_inspections.py --data-dir /tmp/big          # reuse a demo database
    python benchmarks/bench_inspections.py --scale 200 --data-dir /tmp/big   # build it first

``--scale 200`` gives ≈100k inspections; ``--scale 270`` ≈2M item results. Each query runs
``--repeat`` times and the median and worst are printed (milliseconds). No assertions: figures
for the UI issue's list/filter budget.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from wuye_desktop.__main__ import main as cli_main
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.domain.inspections import InspectionKind, InspectionStatus
from wuye_desktop.paths import AppPaths
from wuye_desktop.services import plugins
from wuye_desktop.services.context import open_services
from wuye_desktop.services.inspection_dashboard import DashboardFilter
from wuye_desktop.services.inspections import InspectionFilter
from wuye_desktop.storage.models import Estate
from wuye_desktop.storage.models_inspection import Inspection, InspectionItem


def timed(label: str, fn: Callable[[], Any], repeat: int) -> None:
    times = []
    result: Any = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    n = len(result) if isinstance(result, list) else type(result).__name__
    print(f"  {label:<44} median {statistics.median(times):8.1f} ms   max {max(times):8.1f} ms   ({n})")


def run(data_dir: Path, repeat: int) -> None:
    svc = open_services(AppPaths(data_dir))
    plugins.install(svc)
    ins, dash = svc.extra["inspections"], svc.extra["inspection_dashboard"]
    with svc.db.session() as s:
        n_ins = s.scalar(select(func.count()).select_from(Inspection))
        n_items = s.scalar(select(func.count()).select_from(InspectionItem))
        estate_id, estate_name = s.execute(select(Estate.id, Estate.name).where(
            Estate.management_mode == ManagementMode.QUASI).limit(1)).one()
        company_id = s.scalar(select(Estate.company_id).where(Estate.company_id.is_not(None)).limit(1))
    print(f"database {svc.paths.database}: {n_ins} inspections, {n_items} item results, "
          f"{svc.paths.database.stat().st_size / 1e6:.0f} MB")
    today = date.today()
    print("list / filter (first page of 200):")
    timed("list, no filter", lambda: ins.find(), repeat)
    timed("list, page 50 (offset 10000)", lambda: ins.find(offset=10_000), repeat)
    timed("list, one estate", lambda: ins.find(InspectionFilter(estate_id=estate_id)), repeat)
    timed("list, one company", lambda: ins.find(InspectionFilter(company_id=company_id)), repeat)
    timed("list, kind + last 90 days", lambda: ins.find(InspectionFilter(
        kind=InspectionKind.ROUTINE, date_from=today - timedelta(days=90))), repeat)
    timed("list, failed only", lambda: ins.find(InspectionFilter(passed=False)), repeat)
    timed("list, estate name search", lambda: ins.find(InspectionFilter(search=estate_name[:2])), repeat)
    timed("list, drafts", lambda: ins.find(InspectionFilter(status=InspectionStatus.DRAFT)), repeat)
    timed("count, no filter", lambda: ins.count(), repeat)
    timed("count, one estate", lambda: ins.count(InspectionFilter(estate_id=estate_id)), repeat)
    first = ins.find(limit=1)[0].id
    timed("open one inspection (form)", lambda: ins.get(first), repeat)
    print("rectifications:")
    timed("board: open", lambda: ins.rectifications(status="open"), repeat)
    timed("board: overdue", lambda: ins.rectifications(status="overdue"), repeat)
    timed("board: one company, open", lambda: ins.rectifications(status="open", company_id=company_id),
          repeat)
    timed("sidebar overdue badge", lambda: ins.overdue_count(), repeat)
    print("dashboard:")
    f_all, f_one = DashboardFilter(), DashboardFilter(estate_id=estate_id)
    timed("estates by mode", lambda: dash.estates_by_mode(f_all), repeat)
    timed("coverage", lambda: [dash.coverage(f_all)], repeat)
    timed("scores over time (all, top 20 estates)", lambda: dash.scores_over_time(f_all), repeat)
    timed("scores over time (one estate)", lambda: dash.scores_over_time(f_one), repeat)
    timed("average score (quasi, last year)", lambda: [dash.average_score(DashboardFilter(
        mode=ManagementMode.QUASI, date_from=today - timedelta(days=365)))], repeat)
    timed("rectifications by company", lambda: dash.rectifications_by_company(f_all), repeat)
    timed("survey rates", lambda: dash.survey_rates(f_all), repeat)
    timed("complaint rates by company", lambda: svc.extra["complaints"].rates_by_company(), repeat)
    timed("schedules due list", lambda: svc.extra["schedules"].due_list(), max(1, repeat // 2))
    svc.close()


def cli() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data-dir", type=Path, required=True)
    ap.add_argument("--scale", type=int, default=0, help="build a demo database of this scale first")
    ap.add_argument("--repeat", type=int, default=5)
    a = ap.parse_args()
    if a.scale:
        t0 = time.perf_counter()
        cli_main(["--data-dir", str(a.data_dir), "demo", "--scale", str(a.scale)])
        print(f"demo --scale {a.scale}: {time.perf_counter() - t0:.1f} s")
    run(a.data_dir, a.repeat)


if __name__ == "__main__":
    cli()
