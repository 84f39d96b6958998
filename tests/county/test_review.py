"""``wuye-county conflicts list`` and ``wuye-county import-outbox FILE`` (issue 15), on both
server backends."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from wuye_county.__main__ import main
from wuye_county.models import AppliedOp, Row

from .helpers import op, uid


@pytest.fixture
def cli_db(county, monkeypatch):
    monkeypatch.setenv("WUYE_COUNTY_DB", county.engine.url.render_as_string(hide_password=False))
    return county


def test_conflicts_list_shows_both_values(cli_db, capsys):
    a = cli_db.enrol()
    b = cli_db.enrol(a.community)
    rid = uid()
    a.push(op("estates", rid, name="冲突小区", management_mode="none"))
    a.push(op("estates", rid, "update", 1, household_count=(None, 300)))
    res = b.push(op("estates", rid, "update", 1, household_count=(None, 420)))
    assert res[0]["status"] == "conflict"
    capsys.readouterr()
    assert main(["conflicts", "list", "--community", a.community]) == 0
    out = capsys.readouterr().out
    [line] = [x for x in out.splitlines() if rid in x]
    assert "household_count" in line and "300" in line and "420" in line and b.id in line
    assert "共1处冲突待核实" in out


def test_import_outbox_reviews_then_applies_once(cli_db, tmp_path, capsys):
    d = cli_db.enrol()
    rows = [uid(), uid()]
    ops = [op("estates", r, name=f"导出小区{i}", management_mode="none")
           for i, r in enumerate(rows)]
    ops.append(op("estates", uid(), name="坏值", management_mode="none", household_count=-1))
    f = tmp_path / "outbox.json"
    f.write_text(json.dumps({"format": "wuye-outbox/1", "device_id": d.id,
                             "community": d.community, "operations": ops},
                            ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["import-outbox", str(f)]) == 0
    assert "3 条修改" in capsys.readouterr().out
    with cli_db.engine.connect() as conn:
        assert conn.execute(select(Row.row_id).where(Row.row_id.in_(rows))).first() is None
    for _ in range(2):  # the second import changes nothing
        assert main(["import-outbox", str(f), "--apply"]) == 0
        out = capsys.readouterr().out
        assert "已接收 2 条" in out and "被拒绝 1 条" in out
    with cli_db.engine.connect() as conn:
        assert len(conn.execute(select(Row.row_id).where(Row.row_id.in_(rows))).all()) == 2
        n = conn.execute(select(func.count()).select_from(AppliedOp).where(
            AppliedOp.op_id.in_([o["op_id"] for o in ops]))).scalar_one()
    assert n == 3


def test_import_outbox_refuses_a_foreign_or_broken_file(cli_db, tmp_path, capsys):
    f = tmp_path / "x.json"
    f.write_text("{not json", encoding="utf-8")
    assert main(["import-outbox", str(f), "--apply"]) == 1
    assert "不是有效的 JSON" in capsys.readouterr().err
    f.write_text(json.dumps({"format": "wuye-outbox/1", "device_id": "nobody",
                             "operations": []}), encoding="utf-8")
    assert main(["import-outbox", str(f), "--apply"]) == 1
    assert "没有导出这份文件的设备" in capsys.readouterr().err
