"""``complaints`` (and ``surveys``) on the command line, through ``main`` as a user types them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from demo_fixtures import run


def test_complaints_add_list_close_export_and_rates(demo_dir: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    d = str(demo_dir)
    code, out, _ = run(capsys, "--data-dir", d, "complaints", "list", "--status", "overdue", "--json")
    assert code == 0
    overdue = json.loads(out)
    assert overdue and all(r["overdue"] and r["state"] == "已逾期" for r in overdue)
    code, out, err = run(capsys, "--data-dir", d, "complaints", "add", "--estate", "解放新村",
                         "--source", "12345", "--category", "环境卫生", "--description", "垃圾未清运",
                         "--work-order", " 0012345-ab ", "--building", "2号楼", "--json")
    assert code == 0, err
    new = json.loads(out)
    assert new["work_order_no"] == "0012345-ab" and new["source"] == "12345热线"
    assert new["building_number"] == "2号楼" and new["deadline"] == "2026-11-27"
    code, out, _ = run(capsys, "--data-dir", d, "complaints", "list", "--estate", "解放新村",
                       "--source", "12345", "--status", "open")
    assert code == 0 and "0012345-ab" in out and "垃圾未清运" in out
    code, out, err = run(capsys, "--data-dir", d, "complaints", "close", new["id"][:13],
                         "--satisfied", "是", "--result", "已清运", "--json")
    assert code == 0, err
    closed = json.loads(out)
    assert closed["state"] == "已办结" and closed["satisfied"] is True and closed["result"] == "已清运"
    code, out, _ = run(capsys, "--data-dir", d, "complaints", "rates", "--by", "company", "--json")
    assert code == 0 and all("closure_rate" in r for r in json.loads(out))
    target = tmp_path / "投诉.xlsx"
    code, out, _ = run(capsys, "--data-dir", d, "complaints", "export", str(target), "--estate", "解放新村")
    assert code == 0 and "已导出" in out
    ws = load_workbook(target)["投诉台账"]
    assert any(ws.cell(r, 3).value == "0012345-ab" for r in range(2, ws.max_row + 1))


def test_complaints_bad_input_is_exit_1_in_chinese(demo_dir: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    d = str(demo_dir)
    code, _, err = run(capsys, "--data-dir", d, "complaints", "add", "--estate", "没有这个小区",
                       "--source", "电话", "--category", "其他", "--description", "x")
    assert code == 1 and "找不到名称为“没有这个小区”的小区" in err
    code, _, err = run(capsys, "--data-dir", d, "complaints", "add", "--estate", "解放新村",
                       "--source", "微信", "--category", "其他", "--description", "x")
    assert code == 1 and "不认识的投诉来源" in err
    code, _, err = run(capsys, "--data-dir", d, "complaints", "close", "ffffffff")
    assert code == 1 and "找不到编号" in err


@pytest.mark.parametrize(("positive", "band", "action"), [
    ("59", "低于60%", "召开业主大会表决是否续聘物业企业"),
    ("60", "60%～85%", "街道约谈物业企业并签订整改承诺书"),
    ("84", "60%～85%", "街道约谈物业企业并签订整改承诺书"),
    ("85", "85%及以上", "通报表扬并交流经验"),
])
def test_surveys_add_at_the_edges(demo_dir: Path, capsys: pytest.CaptureFixture[str], positive: str,
                                  band: str, action: str) -> None:
    code, out, err = run(capsys, "--data-dir", str(demo_dir), "surveys", "add", "--estate", "解放新村",
                         "--surveyed", "100", "--positive", positive, "--date", "2026-11-20",
                         "--method", "入户", "--json")
    assert code == 0, err
    s = json.loads(out)
    assert (s["band"], s["action"], s["method"]) == (band, action, "入户走访")
    assert s["action_deadline"] == ("2026-12-20" if band == "60%～85%" else None)


def test_surveys_willingness_list_done_export(demo_dir: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    d = str(demo_dir)
    for agree, outcome in (("50", "未过半数，暂不引入"), ("51", "同意引入物业服务（过半数）")):
        code, out, err = run(capsys, "--data-dir", d, "surveys", "add", "--estate", "解放新村",
                             "--kind", "意愿征询", "--households", "100", "--surveyed", "90",
                             "--positive", agree)
        assert code == 0 and outcome in out, err
    code, out, _ = run(capsys, "--data-dir", d, "surveys", "list", "--estate", "解放新村", "--pending",
                       "--json")
    rows = json.loads(out)
    assert code == 0 and rows and all(r["estate_name"] == "解放新村" for r in rows)
    code, out, err = run(capsys, "--data-dir", d, "surveys", "done", rows[0]["id"][:18])
    assert code == 0 and "已落实" in out, err
    code, _, err = run(capsys, "--data-dir", d, "surveys", "add", "--estate", "解放新村",
                       "--surveyed", "10", "--positive", "11")
    assert code == 1 and "不能大于参与调查户数" in err
    target = tmp_path / "调查.xlsx"
    code, out, _ = run(capsys, "--data-dir", d, "surveys", "export", str(target))
    assert code == 0 and load_workbook(target)["调查台账"].max_row > 1
