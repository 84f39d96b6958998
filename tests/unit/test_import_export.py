"""Imports through the service: all or nothing, natural-key upserts, round trips, hostile files."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from wuye_desktop.services.context import Services
from wuye_desktop.storage.models import OutboxEntry


def snapshot(svc: Services) -> dict[str, list[dict]]:
    keep = lambda r: {k: v for k, v in r.items() if k not in ("updated_at",)}  # noqa: E731
    return {k: sorted((keep(r) for r in svc.registers.rows(k)), key=lambda r: r["id"])
            for k in ("estates", "buildings", "units", "leads", "companies", "committees", "members")}


def outbox_count(svc: Services) -> int:
    with svc.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(OutboxEntry)) or 0)


def buildings_sheet(path: Path, rows: list[list[object]], title: bool = True) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "楼栋"
    if title:
        ws.append(["桃源社区楼栋台账（2026年）"])
        ws.merge_cells("A1:E1")
    ws.append(["小区名称", "楼号", "单元数", "层数", "户数"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_one_bad_row_rejects_the_whole_workbook(demo_services: Services, tmp_path: Path) -> None:
    estate = demo_services.registers.rows("estates")[0]["name"]
    before, n_out = snapshot(demo_services), outbox_count(demo_services)
    f = buildings_sheet(tmp_path / "b.xlsx", [
        [estate, "新1号楼", 2, 6, 24],
        [estate, "新2号楼", 2, "六", 24],   # bad type
        [estate, "新3号楼", 2, 6, -3],      # negative count
        ["不存在的小区", "1号楼", 1, 5, 10],  # unknown estate: a database-level rule
    ])
    report = demo_services.transfer.import_file("buildings", f)
    assert not report.ok
    text = report.text()
    assert "没有导入任何数据" in text
    assert "工作表“楼栋” 第4行" in text and "层数" in text
    assert "第5行" in text and "户数" in text
    assert snapshot(demo_services) == before
    assert outbox_count(demo_services) == n_out


def test_database_rule_failure_rolls_back_valid_rows(demo_services: Services, tmp_path: Path) -> None:
    estate = demo_services.registers.rows("estates")[0]["name"]
    before = snapshot(demo_services)
    f = buildings_sheet(tmp_path / "b.xlsx", [[estate, "新1号楼", 2, 6, 24],
                                              ["不存在的小区", "1号楼", 1, 5, 10]])
    report = demo_services.transfer.import_file("buildings", f)
    assert not report.ok
    # named by the file's own header (小区名称), so the worker finds the column
    assert any(p.row == 4 and p.column == "小区名称" and "不存在" in p.message for p in report.problems)
    assert snapshot(demo_services) == before


def test_reimport_updates_instead_of_duplicating(demo_services: Services, tmp_path: Path) -> None:
    estate = demo_services.registers.rows("estates")[0]["name"]
    f = buildings_sheet(tmp_path / "b.xlsx", [[estate, "新1号楼", 2, 6, 24]])
    first = demo_services.transfer.import_file("buildings", f)
    assert first.ok and first.created["buildings"] == 1
    n = demo_services.registers.count("buildings")
    f = buildings_sheet(tmp_path / "b2.xlsx", [[estate, "新1号楼", 3, 6, 36]])
    second = demo_services.transfer.import_file("buildings", f)
    assert second.ok and second.created["buildings"] == 0 and second.updated["buildings"] == 1
    assert demo_services.registers.count("buildings") == n
    row = next(iter(demo_services.registers.rows("buildings", search="新1号楼")))
    assert (row["unit_count"], row["household_count"]) == (3, 36)


def test_export_then_import_round_trip(demo_services: Services, tmp_path: Path) -> None:
    before, n_out = snapshot(demo_services), outbox_count(demo_services)
    path = tmp_path / "all.xlsx"
    assert demo_services.transfer.export("all", path) > 300
    report = demo_services.transfer.import_file("all", path)
    assert report.ok, report.text()
    assert sum(report.created.values()) == 0 and sum(report.updated.values()) == 0
    assert snapshot(demo_services) == before
    assert outbox_count(demo_services) == n_out  # nothing changed, nothing to sync


def test_round_trip_into_an_empty_database(demo_services: Services, services_factory, tmp_path: Path) -> None:
    path = tmp_path / "all.xlsx"
    demo_services.transfer.export("all", path)
    fresh = services_factory()
    report = fresh.transfer.import_file("all", path)
    assert report.ok, report.text()
    strip = lambda snap: {k: sorted(  # noqa: E731
        tuple(sorted((f, str(v)) for f, v in r.items() if f not in ("id", "updated_at")))
        for r in rows) for k, rows in snap.items()}
    assert strip(snapshot(fresh)) == strip(snapshot(demo_services))


def test_gbk_csv_of_leads(demo_services: Services, tmp_path: Path) -> None:
    b = demo_services.registers.rows("buildings")[0]
    text = ("姓名,手机,小区,楼号,任期开始,是否党员\n"
            f"赵桂兰 , 1.3912345678E10,{b['estate_name']},{b['number']},2024年3月1日,是\n")
    f = tmp_path / "leads.csv"
    f.write_bytes(text.encode("gbk"))
    report = demo_services.transfer.import_file("leads", f)
    assert report.ok, report.text()
    row = demo_services.registers.rows("leads", search="赵桂兰")[0]
    assert row["phone"] == "13912345678" and row["party_member"] is True
    assert str(row["term_start"]) == "2024-03-01"


def test_truncated_xlsx_is_a_clear_error(demo_services: Services, tmp_path: Path) -> None:
    good = buildings_sheet(tmp_path / "g.xlsx", [["x", "1", 1, 1, 1]])
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    report = demo_services.transfer.import_file("buildings", bad)
    assert not report.ok and report.fatal and "未导入任何数据" in report.text()


def test_ten_thousand_buildings(services: Services, tmp_path: Path) -> None:
    services.registers.save("estates", {"name": "大型小区", "management_mode": "professional"})
    f = buildings_sheet(tmp_path / "big.xlsx",
                        [["大型小区", f"{i}号楼", 2, 6, 24] for i in range(1, 10001)], title=False)
    report = services.transfer.import_file("buildings", f)
    assert report.ok and report.created["buildings"] == 10000
    assert services.registers.count("buildings") == 10000
    assert outbox_count(services) >= 10000
