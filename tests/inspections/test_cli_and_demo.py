"""CLI commands (through ``main`` like a user types them) and the demo hook's bulk data."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from demo_fixtures import run
from wuye_desktop.paths import AppPaths
from wuye_desktop.services.context import open_services
from wuye_desktop.storage.models import OutboxEntry
from wuye_desktop.storage.models_inspection import INSPECTION_MODELS


def test_demo_has_two_years_and_one_outbox_row_per_synced_row(demo_dir: Path) -> None:
    svc = open_services(AppPaths(demo_dir))
    try:
        with svc.db.session() as s:
            for table, model in INSPECTION_MODELS.items():
                rows = s.scalar(select(func.count()).select_from(model))
                entries = s.scalar(select(func.count()).select_from(OutboxEntry)
                                   .where(OutboxEntry.table_name == table))
                if getattr(model, "__sync_readonly__", False):
                    assert entries == 0, table  # county reference data is never pushed
                else:
                    assert rows == entries, table
                if table in ("inspections", "inspection_items", "rectifications", "complaints"):
                    assert rows > 0, table
            first, last = s.execute(select(func.min(INSPECTION_MODELS["inspections"].inspected_on),
                                           func.max(INSPECTION_MODELS["inspections"].inspected_on))).one()
        assert (last - first).days > 600
        dash = svc.dashboard
        assert dash.scores_over_time() and dash.survey_rates() and dash.rectifications_by_company()
        # demo re-inspections obey the escalation rule the service enforces
        for r in svc.inspections.rectifications(status="escalated"):
            assert r.failed_reinspections >= 2
    finally:
        svc.close()


def test_templates_list_json(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "templates", "list", "--json")
    rows = json.loads(out)
    assert code == 0 and {r["code"] for r in rows} >= {"quasi-quarterly", "fire-safety"}
    assert all(r["used"] for r in rows if r["code"] == "routine-patrol")


def test_templates_import_invalid_exits_1_with_message(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "bad.json"
    f.write_text(json.dumps({"id": "x", "version": 1, "kind": "routine", "name": "坏模板",
                             "pass_threshold": 80, "sections": [{"title": "甲", "items": [
                                 {"code": "a1", "text": "测试", "points": 0}]}]}), encoding="utf-8")
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "d"), "templates", "import", str(f))
    assert code == 1
    assert "第1部分“甲”第1项（a1）的“points”（分值）应为大于0的数字，现为“0”" in err


def test_templates_import_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "ok.json"
    f.write_text(json.dumps({"id": "x", "version": 1, "kind": "spot_check", "name": "抽查表",
                             "pass_threshold": 60, "sections": [{"title": "甲", "items": [
                                 {"code": "a1", "text": "测试", "points": 10}]}]}), encoding="utf-8")
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "d"), "templates", "import", str(f))
    assert code == 0 and "已导入“抽查表”" in out


def test_inspections_list_show_export(demo_dir: Path, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    d = str(demo_dir)
    code, out, _ = run(capsys, "--data-dir", d, "inspections", "list", "--kind", "季度考核", "--json")
    rows: list[dict[str, Any]] = json.loads(out)
    assert code == 0 and rows and {r["kind_label"] for r in rows} == {"季度考核"}
    dates = [r["inspected_on"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    code, out, _ = run(capsys, "--data-dir", d, "inspections", "show", rows[0]["id"][:20])
    assert code == 0 and "【卫生保洁】" in out and "准物业小区季度考核表" in out
    code, out, _ = run(capsys, "--data-dir", d, "inspections", "show", rows[0]["id"], "--json")
    assert len(json.loads(out)["items"]) == 15
    target = tmp_path / "out.csv"
    code, out, _ = run(capsys, "--data-dir", d, "inspections", "export", str(target),
                       "--kind", "季度考核")
    assert code == 0
    with target.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    code, out, _ = run(capsys, "--data-dir", d, "inspections", "export", "--kind", "季度考核", "--json")
    data = json.loads(out)
    # one CSV row per item result; originals carry all 15 items, re-inspections only open ones
    assert table[0][:3] == ["id", "小区", "楼栋"] and len(table) - 1 == sum(len(x["检查项"]) for x in data)
    assert data and all(len(x["检查项"]) == 15 for x in data if x["复查轮次"] == 0)
    assert any(0 < len(x["检查项"]) < 15 for x in data if x["复查轮次"] > 0)


def test_rectifications_and_due(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "inspections", "rectifications",
                       "--status", "overdue", "--json")
    rows = json.loads(out)
    assert code == 0 and all(r["overdue"] for r in rows)
    code, out, _ = run(capsys, "--data-dir", str(demo_dir), "inspections", "due")
    assert code == 0 and "季度考核" in out
    code, _, err = run(capsys, "--data-dir", str(demo_dir), "inspections", "show", "ffffffff")
    assert code == 1 and "找不到" in err
