"""The import preview as a mapping step: column, sheet and value choices applied while planning,
remembered for files with the same headers (never the duplicate decisions, which are about one
file's rows), and refused whole when a mapping file is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabular.conftest import build_xlsx
from wuye_desktop.domain.import_mapping import (
    ImportMapping,
    MappingFileError,
    header_signature,
)
from wuye_desktop.services.context import Services

MODES = ["物业公司管理", "专业物业", "社区代管", "居委会托管", "暂无物业", "弃管", "单位自管"]
HEADER = ["小区名称", "管理模式", "是否纳入改造", "合同期限"]


def corpus(tmp_path: Path, name: str = "小区台账.xlsx", extra_header: str = "") -> Path:
    """An office's estate register: its own spellings of the choices, 合同期限 in one cell."""
    rows: list[list[object]] = [[*HEADER, *([extra_header] if extra_header else [])]]
    for i, mode in enumerate(MODES):
        rows.append([f"第{i + 1}小区", mode, "√" if i % 2 else "×", "2022.1.1-2024.12.31",
                     *(["√"] if extra_header else [])])
    return build_xlsx(tmp_path / name, {"小区": rows})


def test_guesses_are_shown_and_the_ambiguous_value_is_asked(services: Services,
                                                             tmp_path: Path) -> None:
    plan = services.transfer.preview("estates", corpus(tmp_path))
    guesses = plan.value_guesses["management_mode"]
    assert guesses["物业公司管理"] == "professional" and guesses["弃管"] == "none"
    assert guesses["单位自管"] is None  # asked, never guessed
    assert plan.value_guesses["renovation_status"] == {"√": "planned", "×": "not_planned"}
    assert plan.headers["estates"]["是否纳入改造"] == "renovation_status"
    assert plan.headers["estates"]["合同期限"] == "contract_period"
    assert not plan.ok
    bad = [p for p in plan.report.errors if p.column == "管理模式"]
    assert [p.row for p in bad] == [8] and bad[0].sheet == "小区"
    assert services.registers.rows("estates") == []


def test_a_value_mapping_makes_the_file_import(services: Services, tmp_path: Path) -> None:
    mapping = ImportMapping()
    mapping.set_value("management_mode", "单位自管", "self")
    plan = services.transfer.preview("estates", corpus(tmp_path), mapping=mapping)
    assert plan.ok, plan.text()
    report = services.transfer.apply(plan)
    assert report.ok
    rows = {r["name"]: r for r in services.registers.rows("estates")}
    modes = [rows[f"第{i + 1}小区"]["management_mode"].value for i in range(len(MODES))]
    assert modes == ["professional", "professional", "committee", "committee", "none", "none",
                     "self"]
    assert rows["第2小区"]["renovation_status"].value == "planned"
    assert rows["第1小区"]["renovation_status"].value == "not_planned"
    assert str(rows["第1小区"]["contract_end"]) == "2024-12-31"


def test_a_column_the_worker_maps_and_ignores(services: Services, tmp_path: Path) -> None:
    path = corpus(tmp_path, extra_header="纳入改造否")
    mapping = ImportMapping()
    mapping.set_value("management_mode", "单位自管", "self")
    mapping.set_column("estates", "是否纳入改造", "")
    mapping.set_column("estates", "纳入改造否", "renovation_status")
    plan = services.transfer.preview("estates", path, mapping=mapping)
    assert plan.ok, plan.text()
    assert plan.headers["estates"]["纳入改造否"] == "renovation_status"
    assert plan.headers["estates"]["是否纳入改造"] == ""
    services.transfer.apply(plan)
    rows = {r["name"]: r for r in services.registers.rows("estates")}
    assert rows["第1小区"]["renovation_status"].value == "planned"  # from the mapped column


def test_the_mapping_is_remembered_for_the_same_headers(services: Services,
                                                         tmp_path: Path) -> None:
    mapping = ImportMapping()
    mapping.set_value("management_mode", "单位自管", "self")
    first = services.transfer.preview("estates", corpus(tmp_path), mapping=mapping)
    assert services.transfer.apply(first).ok
    # Another office file with the same columns in another order and spacing.
    other = build_xlsx(tmp_path / "另一份.xlsx", {"小区": [
        ["管理模式", "小区 名称", "是否纳入改造", "合同期限"],
        ["单位自管", "新小区", "√", ""]]})
    plan = services.transfer.preview("estates", other)
    assert plan.signature == first.signature
    assert plan.remembered and plan.mapping.value_for("management_mode", "单位自管") == "self"
    assert plan.ok, plan.text()
    assert (services.paths.data_dir / "import_mappings.json").exists()


def test_signature_ignores_order_and_spacing() -> None:
    assert header_signature("estates", ["小区名称", "管理 模式"]) == \
        header_signature("estates", ["管理模式", "小区名称"])
    assert header_signature("estates", ["小区名称"]) != header_signature("leads", ["小区名称"])


def test_mapping_round_trips_through_json() -> None:
    m = ImportMapping(sheets={"Sheet1": "estates", "说明": ""})
    m.set_column("estates", "纳入改造否", "renovation_status")
    m.set_value("renovation_status", "√", "planned")
    assert ImportMapping.from_json(m.to_json()) == m


def test_duplicate_decisions_round_trip_and_are_left_out_when_none() -> None:
    m = ImportMapping(duplicates={"buildings|幸福小区|1": "merge", "leads|幸福小区|张伟": "keep"})
    assert ImportMapping.from_json(m.to_json()) == m
    assert "duplicates" not in ImportMapping().to_dict()  # a county's file is written as before


def test_remembered_mappings_do_not_keep_duplicate_decisions(services: Services,
                                                             tmp_path: Path) -> None:
    mapping = ImportMapping(duplicates={"estates|第1小区": "merge"})
    mapping.set_value("management_mode", "单位自管", "self")
    plan = services.transfer.preview("estates", corpus(tmp_path), mapping=mapping)
    assert plan.mapping.duplicates  # used for this file...
    assert services.transfer.apply(plan).ok
    remembered = services.transfer.remembered(plan.signature)
    assert remembered is not None and remembered.value_for("management_mode", "单位自管") == "self"
    assert remembered.duplicates == {}  # ...but not remembered for the next one
    stored = (services.paths.data_dir / "import_mappings.json").read_text(encoding="utf-8")
    assert "第1小区" not in stored and "duplicates" not in stored


def test_a_hand_edited_store_s_decisions_are_dropped(tmp_path: Path) -> None:
    from wuye_desktop.services.import_mappings import MappingStore

    path = tmp_path / "import_mappings.json"
    path.write_text('{"sig": {"values": {"management_mode": {"单位自管": "self"}},'
                    ' "duplicates": {"estates|幸福小区": "merge"}}}', encoding="utf-8")
    got = MappingStore(path).get("sig")
    assert got is not None and got.values and got.duplicates == {}


@pytest.mark.parametrize(("text", "named"), [
    ("{not json", "不是有效的JSON"),
    ('{"duplicates": {"estates|幸福小区": "join"}}',
     "重复组“estates|幸福小区”的决定“join”不是可选值（可用：merge 合并、keep 分别保留）"),
    ('{"duplicates": {"幸福小区": "merge"}}', "“幸福小区”不是重复组的键"),
    ('{"duplicates": {"houses|幸福小区": "merge"}}', "“houses|幸福小区”不是重复组的键"),
    ('{"duplicates": {"estates|幸福小区": 1}}', "“estates|幸福小区”的值应是文字"),
    ('{"duplicates": []}', "“duplicates”应是一个对象"),
    ('{"columns": {"estates": {"纳入改造否": "renovated"}}}', "“renovated”不存在"),
    ('{"values": {"management_mode": {"单位自管": "unit"}}}', "“unit”不是可选值"),
    ('{"sheets": {"Sheet1": "houses"}}', "“houses”不是台账类型"),
    ('{"colums": {}}', "不认识的项：colums"),
])
def test_bad_mapping_files_are_refused_naming_what_is_wrong(text: str, named: str) -> None:
    with pytest.raises(MappingFileError) as exc:
        ImportMapping.from_json(text, "对应文件“m.json”")
    assert named in exc.value.message and "m.json" in exc.value.message


def test_a_column_the_worker_says_holds_the_contract_period(services: Services,
                                                             tmp_path: Path) -> None:
    from wuye_desktop.domain.import_mapping import PERIOD_FIELD

    path = build_xlsx(tmp_path / "t.xlsx", {"小区": [
        ["小区名称", "管理模式", "物业服务年限"], ["东湖小区", "准物业", "2023年1月1日至2025年12月31日"]]})
    plan = services.transfer.preview("estates", path)
    assert plan.headers["estates"]["物业服务年限"] == ""  # not guessed
    mapping = ImportMapping()
    mapping.set_column("estates", "物业服务年限", PERIOD_FIELD)
    plan = services.transfer.preview("estates", path, mapping=mapping)
    assert plan.ok, plan.text()
    assert services.transfer.apply(plan).ok
    (row,) = services.registers.rows("estates")
    assert (str(row["contract_start"]), str(row["contract_end"])) == ("2023-01-01", "2025-12-31")
