"""``wuye-desktop import`` as a mapping step: --dry-run writes nothing, --json is a plan a
program can read, --mapping applies a county's mapping, --save-mapping hands out the one the GUI
remembered; a bad mapping file and unconfirmed two-name cells are refused, changing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tabular.conftest import build_xlsx
from unit.test_import_mapping import corpus
from wuye_desktop.__main__ import main

CODE = "220102003001"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def d(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    data = str(tmp_path / "data")
    assert run(capsys, "init", "--community-code", CODE, "--name", "桃源社区", "--data-dir", data)[0] == 0
    return data


def names(capsys: pytest.CaptureFixture[str], d: str, kind: str = "estates") -> list[str]:
    code, out, _ = run(capsys, "list", kind, "--json", "--data-dir", d)
    assert code == 0
    return sorted(r["name"] for r in json.loads(out))


def mapping_file(tmp_path: Path, text: str) -> str:
    p = tmp_path / "县统一对应.json"
    p.write_text(text, encoding="utf-8")
    return str(p)


GOOD = '{"values": {"management_mode": {"单位自管": "self"}}}'


def test_dry_run_names_the_asked_value_and_writes_nothing(capsys, tmp_path, d) -> None:
    code, _, err = run(capsys, "import", "estates", str(corpus(tmp_path)), "--dry-run",
                       "--data-dir", d)
    assert code == 1
    assert "工作表“小区” 第8行 “管理模式”列" in err and "单位自管" in err
    assert names(capsys, d) == []


def test_mapping_json_dry_run_then_yes(capsys, tmp_path, d) -> None:
    path, m = str(corpus(tmp_path)), mapping_file(tmp_path, GOOD)
    code, out, err = run(capsys, "import", "estates", path, "--dry-run", "--json",
                         "--mapping", m, "--data-dir", d)
    assert code == 0, err
    plan = json.loads(out)
    assert plan["ok"] and plan["writes"] and len(plan["entries"]) == 7
    assert {e["action"] for e in plan["entries"]} == {"new"}
    assert plan["values"]["management_mode"]["单位自管"] == "self"
    assert plan["values"]["management_mode"]["暂无物业"] == "none"
    assert plan["columns"]["estates"]["是否纳入改造"] == "renovation_status"
    assert names(capsys, d) == []  # a dry run writes nothing
    code, out, err = run(capsys, "import", "estates", path, "--yes", "--mapping", m, "--data-dir", d)
    assert code == 0, err
    assert len(names(capsys, d)) == 7


def test_save_mapping_exports_the_remembered_one(capsys, tmp_path, d) -> None:
    m = mapping_file(tmp_path, GOOD)
    assert run(capsys, "import", "estates", str(corpus(tmp_path)), "--yes", "--mapping", m,
               "--data-dir", d)[0] == 0
    later = build_xlsx(tmp_path / "新表.xlsx", {"小区": [
        ["小区名称", "管理模式", "是否纳入改造", "合同期限"], ["后来小区", "单位自管", "√", ""]]})
    out_file = tmp_path / "导出对应.json"
    code, _out, err = run(capsys, "import", "estates", str(later), "--dry-run",
                         "--save-mapping", str(out_file), "--data-dir", d)
    assert code == 0, err  # the remembered mapping answers 单位自管
    saved = json.loads(out_file.read_text(encoding="utf-8"))
    assert saved["values"]["management_mode"] == {"单位自管": "self"}
    assert "后来小区" not in names(capsys, d)


@pytest.mark.parametrize(("text", "named"), [
    ("{", "不是有效的JSON"),
    ('{"values": {"management_mode": {"单位自管": "unit"}}}', "“unit”不是可选值"),
    ('{"columns": {"estates": {"x": "nosuch"}}}', "“nosuch”不存在"),
])
def test_bad_mapping_file_is_refused_in_chinese(capsys, tmp_path, d, text, named) -> None:
    code, _, err = run(capsys, "import", "estates", str(corpus(tmp_path)), "--yes",
                       "--mapping", mapping_file(tmp_path, text), "--data-dir", d)
    assert code == 1
    assert "县统一对应.json" in err and named in err
    assert names(capsys, d) == []


def test_two_names_in_one_lead_cell_need_confirming(capsys, tmp_path, d) -> None:
    for args in (("estates", "名称=幸福小区", "管理模式=准物业"),
                 ("buildings", "所属小区=幸福小区", "楼栋号=1号楼")):
        assert run(capsys, "add", *args, "--data-dir", d)[0] == 0
    roster = str(build_xlsx(tmp_path / "楼长.xlsx", {"楼长": [
        ["所属小区", "楼栋号", "姓名", "联系电话"],
        ["幸福小区", "1#", "林冬梅、曾淑兰", "13912345678"],
        ["幸福小区", "１号楼", "张伟/李娜", "13812345678"]]}))
    code, out, err = run(capsys, "import", "leads", roster, "--yes", "--data-dir", d)
    assert code == 1 and "--two-names" in err
    assert "林冬梅、曾淑兰”将登记为2位楼长" in out
    assert names(capsys, d, "leads") == []
    code, out, err = run(capsys, "import", "leads", roster, "--yes", "--two-names", "--data-dir", d)
    assert code == 0, err
    code, out, _ = run(capsys, "list", "leads", "--json", "--data-dir", d)
    leads = {r["name"]: r for r in json.loads(out)}
    assert sorted(leads) == ["张伟", "曾淑兰", "李娜", "林冬梅"]
    assert {r["building_number"] for r in leads.values()} == {"1号楼"}
    assert leads["曾淑兰"]["phone"] == "13912345678"
