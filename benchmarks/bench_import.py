"""Import 10k buildings from .xlsx through the real service (read, type, validate, upsert with
outbox capture, one transaction) and compare with a raw sqlite3 executemany of the same rows
into the same schema, measured in the same run; also the parsing floor (python-calamine reading
the same .xlsx, nothing else) and the process's peak memory after the import.

    .venv/bin/python benchmarks/bench_import.py [--rows 10000] [--per-row]

``--per-row`` writes through the per-row ORM flush the bulk write replaced (for before/after).
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

import openpyxl

from wuye_desktop.paths import AppPaths
from wuye_desktop.services.context import open_services


def make_sheet(path: Path, n: int) -> None:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("楼栋")
    ws.append(["所属小区", "楼栋号", "单元数", "地上层数", "户数", "建成年份"])
    for i in range(n):
        ws.append([f"小区{i % 50}", f"{i}号楼", 3, 6, 36, 1995])
    wb.save(path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--per-row", action="store_true", help="the ORM flush instead of executemany")
    args = ap.parse_args()
    n = args.rows
    tmp = Path(tempfile.mkdtemp())
    sheet = tmp / "buildings.xlsx"
    make_sheet(sheet, n)

    svc = open_services(AppPaths(tmp / "app").ensure(), user="bench")
    svc.transfer._bulk = not args.per_row
    svc.registers.init_community("220102003001", "桃源社区")
    for e in range(50):
        svc.registers.save("estates", {"name": f"小区{e}", "management_mode": "quasi"})
    t0 = time.perf_counter()
    report = svc.transfer.import_file("buildings", sheet)
    t_import = time.perf_counter() - t0
    assert report.ok, report.text()
    svc.close()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    # Parsing floor: the same file read cell by cell, no typing, checks or writes.
    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    cells = sum(len(r) for r in CalamineWorkbook.from_path(str(sheet)).get_sheet_by_name("楼栋").to_python())
    t_parse = time.perf_counter() - t0

    # The goal's floor: openpyxl read-only parsing of the same file (values only).
    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(sheet, read_only=True, data_only=True)
    ocells = sum(len(r) for r in wb["楼栋"].iter_rows(values_only=True))
    wb.close()
    t_opx = time.perf_counter() - t0
    assert ocells == cells

    # Floor: the same rows straight into the same table with executemany, no ORM, no checks.
    raw = tmp / "raw.sqlite3"
    svc2 = open_services(AppPaths(tmp / "raw").ensure(), user="bench")
    svc2.close()
    con = sqlite3.connect(tmp / "raw" / "wuye.sqlite3")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=OFF")
    estate_id = str(uuid.uuid4())
    now = "2026-11-22T00:00:00+00:00"
    rows = [(str(uuid.uuid4()), 0, now, now, "bench", "", "pending", estate_id, f"{i}号楼", 3, 6, 36, 1995)
            for i in range(n)]
    t0 = time.perf_counter()
    with con:
        con.executemany(
            "INSERT INTO buildings (id, version, created_at, updated_at, updated_by, device_id, sync_state,"
            " estate_id, number, unit_count, floors_above, household_count, year_built)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    t_raw = time.perf_counter() - t0
    con.close()
    del raw

    print(f"rows: {n}")
    print(f"import (xlsx read + validate + upsert + outbox, one transaction): {t_import:.2f} s, "
          f"{n / t_import:,.0f} rows/s")
    print(f"peak memory of the process after the import: {peak_mb:,.0f} MB")
    print(f"parsing floor (python-calamine, {cells:,} cells): {t_parse:.3f} s; "
          f"import takes {t_import / t_parse:.0f}x the parse")
    print(f"openpyxl read-only parse: {t_opx:.3f} s; import throughput / openpyxl parse: "
          f"{t_opx / t_import:.2f}x (goal >= 0.5x)")
    print(f"raw executemany floor: {t_raw:.3f} s, {n / t_raw:,.0f} rows/s")
    print(f"ratio import/raw throughput: {t_raw / t_import:.3f}x  (raw is {t_import / t_raw:.0f}x faster)")


if __name__ == "__main__":
    main()
