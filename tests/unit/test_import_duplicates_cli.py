"""``wuye-desktop import --duplicates``: --dry-run --json lists the groups, --yes with an
undecided group is refused naming it and changes nothing, --duplicates merge imports one row;
``--merge KEY``/``--keep KEY`` and a mapping file's "duplicates" decide group by group (the
command line winning), --save-mapping writes the decisions used, an unknown key is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tabular.conftest import build_xlsx
from unit.test_import_mapping_cli import d, run  # noqa: F401  (d: the CLI's data directory fixture)

ESTATES = ["小区名称", "管理模式", "地址"]


def _file(tmp_path: Path) -> str:
    return str(build_xlsx(tmp_path / "小区.xlsx", {"小区": [
        ESTATES, ["幸福 小区", "准物业", "春风路1号"], ["阳光小区", "准物业", None],
        ["幸福小区", "准物业", "春风路1号院"]]}))


def _estates(capsys: pytest.CaptureFixture[str], d: str) -> list[tuple[str, str]]:  # noqa: F811
    code, out, _ = run(capsys, "list", "estates", "--json", "--data-dir", d)
    assert code == 0
    return sorted((r["name"], r["address"]) for r in json.loads(out))


def test_dry_run_json_lists_groups_and_yes_refuses_them(capsys, tmp_path, d) -> None:  # noqa: F811
    path = _file(tmp_path)
    code, out, _ = run(capsys, "import", "estates", path, "--dry-run", "--json", "--data-dir", d)
    plan = json.loads(out)
    assert code == 1 and not plan["ok"]
    [g] = plan["duplicates"]
    assert g["rows"] == [{"sheet": "小区", "row": 2}, {"sheet": "小区", "row": 4}]
    assert g["decision"] == "ask" and not g["keep_allowed"]
    assert g["conflicts"] == [{"field": "地址", "values": ["春风路1号", "春风路1号院"], "kept": "春风路1号院"}]
    code, _, err = run(capsys, "import", "estates", path, "--yes", "--data-dir", d)
    assert code == 1
    assert "工作表“小区” 第4行 “小区名称”列" in err and "与第2行重复" in err and "--duplicates merge" in err
    assert _estates(capsys, d) == []


def test_duplicates_merge_imports_one_row(capsys, tmp_path, d) -> None:  # noqa: F811
    path = _file(tmp_path)
    code, out, err = run(capsys, "import", "estates", path, "--duplicates", "merge", "--dry-run",
                         "--data-dir", d)
    assert code == 0, err
    assert "疑似重复" in out and "合并" in out
    code, _, err = run(capsys, "import", "estates", path, "--duplicates", "merge", "--yes",
                       "--data-dir", d)
    assert code == 0, err
    assert _estates(capsys, d) == [("幸福小区", "春风路1号院"), ("阳光小区", None)]


# --- per-group decisions: --merge/--keep, a mapping file's "duplicates", --save-mapping --------

BUILDINGS_KEY, LEADS_KEY = "buildings|幸福小区|1", "leads|幸福小区|张伟"


def _two_groups(tmp_path: Path) -> str:
    """One workbook, two groups: a building written "1#" and "1号楼" (may only be merged), and
    one person leading two buildings (may be kept apart)."""
    return str(build_xlsx(tmp_path / "台账.xlsx", {
        "楼栋": [["所属小区", "楼栋号", "单元数", "建成年份"], ["幸福小区", "1#", 2, None],
               ["幸福小区", "2号楼", 3, 2001], ["幸福小区", "1号楼", None, 1998]],
        "楼长": [["姓名", "联系电话", "所属小区", "楼栋号"], ["张伟", "13912345678", "幸福小区", "1号楼"],
               ["张 伟", "13912345678", "幸福小区", "2号楼"]]}))


@pytest.fixture
def estate(capsys: pytest.CaptureFixture[str], d: str) -> str:  # noqa: F811
    assert run(capsys, "add", "estates", "名称=幸福小区", "管理模式=准物业", "--data-dir", d)[0] == 0
    return d


def _rows(capsys: pytest.CaptureFixture[str], d: str) -> tuple[list[tuple], list[tuple]]:  # noqa: F811
    def listed(kind: str) -> list[dict]:
        code, out, _ = run(capsys, "list", kind, "--json", "--data-dir", d)
        assert code == 0
        return json.loads(out)
    return (sorted((b["number"], b["unit_count"], b["year_built"]) for b in listed("buildings")),
            sorted((x["name"], x["building_number"]) for x in listed("leads")))


MERGED_AND_KEPT = ([("1号楼", 2, 1998), ("2号楼", 3, 2001)], [("张伟", "1号楼"), ("张伟", "2号楼")])


def test_dry_run_prints_each_undecided_key_ready_to_copy(capsys, tmp_path, estate) -> None:
    code, _out, err = run(capsys, "import", "all", _two_groups(tmp_path), "--dry-run",
                          "--data-dir", estate)
    assert code == 1
    assert f'--merge "{BUILDINGS_KEY}"（不能分别保留）' in err
    assert f'--merge "{LEADS_KEY}" 或 --keep "{LEADS_KEY}"' in err
    assert "命令行用 --merge 键 或 --keep 键逐组决定" in err
    assert _rows(capsys, estate) == ([], [])


def test_merge_one_group_keep_the_other(capsys, tmp_path, estate) -> None:
    path = _two_groups(tmp_path)
    code, out, err = run(capsys, "import", "all", path, "--merge", BUILDINGS_KEY, "--keep", LEADS_KEY,
                         "--dry-run", "--data-dir", estate)
    assert code == 0, err
    assert f'→ 合并（不一致：楼栋号：1#、1号楼，采用“1号楼”），键 "{BUILDINGS_KEY}"' in out
    assert f'键 "{LEADS_KEY}"' in out and "分别保留" in out
    code, _, err = run(capsys, "import", "all", path, "--merge", BUILDINGS_KEY, "--keep", LEADS_KEY,
                       "--yes", "--data-dir", estate)
    assert code == 0, err
    assert _rows(capsys, estate) == MERGED_AND_KEPT


def test_one_group_left_undecided_still_refuses(capsys, tmp_path, estate) -> None:
    code, _, err = run(capsys, "import", "all", _two_groups(tmp_path), "--merge", BUILDINGS_KEY,
                       "--yes", "--data-dir", estate)
    assert code == 1
    assert f'--keep "{LEADS_KEY}"' in err and BUILDINGS_KEY not in err
    assert _rows(capsys, estate) == ([], [])


def test_mapping_file_decides_and_the_command_line_wins(capsys, tmp_path, estate) -> None:
    m = tmp_path / "对应.json"
    m.write_text(json.dumps({"duplicates": {BUILDINGS_KEY: "merge", LEADS_KEY: "merge"}}),
                 encoding="utf-8")
    path = _two_groups(tmp_path)
    code, _, err = run(capsys, "import", "all", path, "--mapping", str(m), "--keep", LEADS_KEY,
                       "--yes", "--data-dir", estate)
    assert code == 0, err
    assert _rows(capsys, estate) == MERGED_AND_KEPT


def test_mapping_file_alone_merges_both(capsys, tmp_path, estate) -> None:
    m = tmp_path / "对应.json"
    m.write_text(json.dumps({"duplicates": {BUILDINGS_KEY: "merge", LEADS_KEY: "merge"}}),
                 encoding="utf-8")
    code, _, err = run(capsys, "import", "all", _two_groups(tmp_path), "--mapping", str(m), "--yes",
                       "--data-dir", estate)
    assert code == 0, err
    # merged: one lead, the later row's building
    assert _rows(capsys, estate) == ([("1号楼", 2, 1998), ("2号楼", 3, 2001)], [("张伟", "2号楼")])


def test_save_mapping_round_trips_the_decisions(capsys, tmp_path, estate) -> None:
    path, saved = _two_groups(tmp_path), tmp_path / "导出对应.json"
    code, _, err = run(capsys, "import", "all", path, "--merge", BUILDINGS_KEY, "--keep", LEADS_KEY,
                       "--dry-run", "--save-mapping", str(saved), "--data-dir", estate)
    assert code == 0, err
    assert json.loads(saved.read_text(encoding="utf-8"))["duplicates"] == {
        BUILDINGS_KEY: "merge", LEADS_KEY: "keep"}
    assert _rows(capsys, estate) == ([], [])
    code, _, err = run(capsys, "import", "all", path, "--mapping", str(saved), "--yes",
                       "--data-dir", estate)
    assert code == 0, err
    assert _rows(capsys, estate) == MERGED_AND_KEPT


def test_save_mapping_writes_what_duplicates_merge_decided(capsys, tmp_path, estate) -> None:
    saved = tmp_path / "导出对应.json"
    code, _, err = run(capsys, "import", "all", _two_groups(tmp_path), "--duplicates", "merge",
                       "--keep", LEADS_KEY, "--dry-run", "--save-mapping", str(saved),
                       "--data-dir", estate)
    assert code == 0, err
    assert json.loads(saved.read_text(encoding="utf-8"))["duplicates"] == {
        BUILDINGS_KEY: "merge", LEADS_KEY: "keep"}


def test_unknown_key_is_refused_naming_it_and_writes_nothing(capsys, tmp_path, estate) -> None:
    saved = tmp_path / "导出对应.json"
    code, out, err = run(capsys, "import", "all", _two_groups(tmp_path), "--merge", BUILDINGS_KEY,
                         "--keep", LEADS_KEY, "--merge", "buildings|幸福小区|9", "--yes",
                         "--save-mapping", str(saved), "--data-dir", estate)
    assert code == 1
    assert "“buildings|幸福小区|9”不是本文件的疑似重复组" in err and "没有写入任何数据" in err
    assert f"“{LEADS_KEY}”" in err  # the keys that are this file's groups, to copy
    assert out == "" and not saved.exists()
    assert _rows(capsys, estate) == ([], [])


def test_merge_and_keep_of_one_group_is_a_usage_error(capsys, tmp_path, estate) -> None:
    code, _, err = run(capsys, "import", "all", _two_groups(tmp_path), "--merge", LEADS_KEY,
                       "--keep", LEADS_KEY, "--yes", "--data-dir", estate)
    assert code == 2 and "同一组不能既合并又分别保留" in err
    assert _rows(capsys, estate) == ([], [])


@pytest.mark.parametrize(("section", "named"), [
    ({LEADS_KEY: "both"}, f"重复组“{LEADS_KEY}”的决定“both”不是可选值（可用：merge 合并、keep 分别保留）"),
    ({"houses|幸福小区": "merge"}, "“houses|幸福小区”不是重复组的键"),
])
def test_bad_duplicates_section_is_refused(capsys, tmp_path, estate, section, named) -> None:
    m = tmp_path / "坏对应.json"
    m.write_text(json.dumps({"duplicates": section}, ensure_ascii=False), encoding="utf-8")
    code, _, err = run(capsys, "import", "all", _two_groups(tmp_path), "--mapping", str(m), "--yes",
                       "--data-dir", estate)
    assert code == 1
    assert named in err and "坏对应.json" in err
    assert _rows(capsys, estate) == ([], [])


@pytest.mark.parametrize("decide", [("--merge", "estates|后来小区"), ("--duplicates", "merge")])
def test_decisions_keep_the_remembered_mapping(capsys, tmp_path, d, decide) -> None:  # noqa: F811
    """Deciding reads the file with the mapping remembered for its headers, as --dry-run did."""
    from unit.test_import_mapping import HEADER, corpus
    from unit.test_import_mapping_cli import GOOD, mapping_file

    assert run(capsys, "import", "estates", str(corpus(tmp_path)), "--yes",
               "--mapping", mapping_file(tmp_path, GOOD), "--data-dir", d)[0] == 0
    later = str(build_xlsx(tmp_path / "新表.xlsx", {"小区": [
        HEADER, ["后来 小区", "单位自管", "√", ""], ["后来小区", "单位自管", "√", ""]]}))
    code, _, err = run(capsys, "import", "estates", later, *decide, "--yes", "--data-dir", d)
    assert code == 0, err  # the remembered mapping still answers 单位自管
    assert [n for n, _a in _estates(capsys, d) if n.startswith("后来")] == ["后来小区"]
