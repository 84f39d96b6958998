"""Issue 9, items 1–2 through the CLI: creating never merges into an existing record, and an
import changes only what the file says, after showing it (preview, --dry-run, --yes,
--blank-clears). Each test asserts the existing demo data is intact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from wuye_desktop.__main__ import main

ESTATE = "东风花园"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def demo_dir(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> str:
    d = str(tmp_path / "d")
    assert run(capsys, "--data-dir", d, "demo")[0] == 0
    return d


def rows(capsys: pytest.CaptureFixture[str], d: str, kind: str) -> list[dict[str, Any]]:
    code, out, err = run(capsys, "list", kind, "--json", "--data-dir", d)
    assert code == 0, err
    return list(json.loads(out))


def estate(capsys: pytest.CaptureFixture[str], d: str, name: str = ESTATE) -> dict[str, Any]:
    (e,) = [r for r in rows(capsys, d, "estates") if r["name"] == name]
    return e


def sheet(path: Path, title: str, header: list[str], *data: list[Any]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for r in data:
        ws.append(r)
    wb.save(path)
    return path


def _stable(r: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in r.items() if k not in ("sync_state", "updated_at")}


def test_add_estate_with_existing_name_is_refused(capsys: pytest.CaptureFixture[str],
                                                  demo_dir: str) -> None:
    """(a) 新建 an estate named like an existing one: refused, the existing one intact."""
    before = estate(capsys, demo_dir)
    assert before["address"] and before["company_name"] and before["contract_start"]
    code, _, err = run(capsys, "add", "小区", f"小区名称={ESTATE}", "管理模式=无物业",
                       "--data-dir", demo_dir)
    assert code == 1
    assert f"已有小区“{ESTATE}”" in err and before["address"] in err
    assert len(rows(capsys, demo_dir, "estates")) == 12
    assert estate(capsys, demo_dir) == before
    # a new name is created
    code, out, _ = run(capsys, "add", "estates", "小区名称=东风花园二期", "管理模式=准物业",
                       "--data-dir", demo_dir)
    assert code == 0 and "已新建" in out
    assert len(rows(capsys, demo_dir, "estates")) == 13


def test_add_second_lead_with_same_name_in_same_building_is_refused(
        capsys: pytest.CaptureFixture[str], demo_dir: str) -> None:
    """(b) a second lead of the same name in the same building: refused, the first intact."""
    lead = next(r for r in rows(capsys, demo_dir, "leads") if r["term_end"])
    n = len(rows(capsys, demo_dir, "leads"))
    code, _, err = run(capsys, "add", "楼长", f"姓名={lead['name']}", "联系电话=13900001111",
                       f"所属小区={lead['estate_name']}", f"楼栋号={lead['building_number']}",
                       "--data-dir", demo_dir)
    assert code == 1 and f"楼长“{lead['name']}”" in err
    after = [r for r in rows(capsys, demo_dir, "leads") if r["id"] == lead["id"]]
    assert after == [lead]
    assert len(rows(capsys, demo_dir, "leads")) == n


def test_import_with_two_columns_changes_only_those(capsys: pytest.CaptureFixture[str],
                                                    demo_dir: str, tmp_path: Path) -> None:
    """(c) a sheet with only 小区名称 and 管理模式 updates the mode and nothing else."""
    before = estate(capsys, demo_dir)
    mode = "业主自管" if before["management_mode"] != "业主自管" else "准物业"
    f = sheet(tmp_path / "mode.xlsx", "小区", ["小区名称", "管理模式"], [ESTATE, mode])
    code, out, err = run(capsys, "import", "小区", str(f), "--yes", "--data-dir", demo_dir)
    assert code == 0, err
    assert "更新（1条）" in out and f"管理模式：{before['management_mode']} → {mode}" in out
    after = estate(capsys, demo_dir)
    assert after["management_mode"] == mode
    assert _stable(after) == _stable(before) | {"management_mode": mode}


def test_import_blank_cell_keeps_value_unless_blank_clears(capsys: pytest.CaptureFixture[str],
                                                           demo_dir: str, tmp_path: Path) -> None:
    """(d) an empty cell does not erase the stored value; --blank-clears does, on request."""
    before = estate(capsys, demo_dir)
    f = sheet(tmp_path / "blank.xlsx", "小区", ["小区名称", "管理模式", "地址", "物业企业"],
              [ESTATE, "专业化物业", None, None])
    code, out, err = run(capsys, "import", "小区", str(f), "--yes", "--data-dir", demo_dir)
    assert code == 0, err
    after = estate(capsys, demo_dir)
    assert after["address"] == before["address"] and after["company_name"] == before["company_name"]
    assert _stable(after) == _stable(before) | {"management_mode": "专业化物业"}
    code, out, err = run(capsys, "import", "小区", str(f), "--dry-run", "--blank-clears",
                         "--data-dir", demo_dir)
    assert code == 0 and f"地址：{before['address']} → （空）" in out and "没有写入" in out
    assert estate(capsys, demo_dir)["address"] == before["address"]
    code, out, err = run(capsys, "import", "小区", str(f), "--yes", "--blank-clears",
                         "--data-dir", demo_dir)
    assert code == 0, err
    assert estate(capsys, demo_dir)["address"] is None


def test_import_without_yes_previews_and_writes_nothing(capsys: pytest.CaptureFixture[str],
                                                        demo_dir: str, tmp_path: Path) -> None:
    before = rows(capsys, demo_dir, "buildings")
    f = sheet(tmp_path / "b.xlsx", "楼栋", ["所属小区", "楼栋号", "单元数"],
              [ESTATE, "1号楼", 9], [ESTATE, "新99号楼", 2])
    code, out, err = run(capsys, "import", "楼栋", str(f), "--dry-run", "--data-dir", demo_dir)
    assert code == 0
    assert "新增（1条）" in out and "新99号楼" in out and "单元数：" in out and "没有写入" in out
    code, out, err = run(capsys, "import", "楼栋", str(f), "--data-dir", demo_dir)
    assert code == 2 and "导入预览" in out and "--yes" in err and "没有写入任何数据" in err
    assert rows(capsys, demo_dir, "buildings") == before
    code, _, err = run(capsys, "import", "楼栋", str(f), "--dry-run", "--yes", "--data-dir", demo_dir)
    assert code == 2
    code, out, err = run(capsys, "import", "楼栋", str(f), "--yes", "--data-dir", demo_dir)
    assert code == 0 and "导入成功" in out and "新增1条、更新1条" in out
    assert len(rows(capsys, demo_dir, "buildings")) == len(before) + 1
