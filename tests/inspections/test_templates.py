"""Template format: the shipped set is valid; invalid files are rejected with precise Chinese
messages; versions are immutable once used."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from wuye_desktop.domain.templates import TemplateInvalid, load_template_text, parse_template
from wuye_desktop.services.inspection_templates import TemplateConflict, builtin_template_files

from .helpers import D0, fill, template_id

GOOD: dict[str, Any] = {
    "format": 1, "id": "demo-check", "version": 1, "kind": "routine", "name": "测试巡查表",
    "pass_threshold": 80,
    "sections": [
        {"title": "卫生保洁", "items": [
            {"code": "A1", "text": "楼道整洁", "points": 50},
            {"code": "A2", "text": "垃圾日清", "points": 30}]},
        {"title": "秩序维护", "items": [
            {"code": "B1", "text": "消防通道畅通", "points": 20, "critical": True}]}]}


def bad(mutate) -> str:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(GOOD)
    mutate(data)
    with pytest.raises(TemplateInvalid) as exc:
        parse_template(data)
    return str(exc.value)


def test_builtin_templates_are_valid_and_total_100() -> None:
    files = builtin_template_files()
    codes = set()
    for f in files:
        t = parse_template(json.loads(f.read_text(encoding="utf-8")), f.name)
        assert t.total_points == 100, f.name
        codes.add(t.id)
    assert {"quasi-quarterly", "professional-annual", "fire-safety", "takeover",
            "renovation-acceptance"} <= codes


def test_quasi_template_has_the_three_haves() -> None:
    f = next(f for f in builtin_template_files() if f.name == "quasi-quarterly.json")
    t = parse_template(json.loads(f.read_text(encoding="utf-8")))
    assert [s.title for s in t.sections] == ["卫生保洁", "秩序维护", "维护维修"]
    assert any(i.critical for i in t.items())


def test_points_error_names_section_item_and_field() -> None:
    msg = bad(lambda d: d["sections"][1]["items"][0].__setitem__("points", "二十"))
    assert "第2部分“秩序维护”第1项（B1）的“points”（分值）应为大于0的数字，现为“二十”" in msg


def test_missing_text_and_negative_days() -> None:
    def m(d: dict[str, Any]) -> None:
        del d["sections"][0]["items"][1]["text"]
        d["sections"][0]["items"][0]["rectify_days"] = -3
    msg = bad(m)
    assert "第1部分“卫生保洁”第2项（A2）的“text”（检查内容）不能为空" in msg
    assert "第1部分“卫生保洁”第1项（A1）的“rectify_days”（整改天数）应为1到365之间的整数，现为“-3”" in msg


def test_duplicate_code() -> None:
    msg = bad(lambda d: d["sections"][1]["items"][0].__setitem__("code", "A1"))
    assert "编号）“A1”与第1部分“卫生保洁”第1项（A1）重复" in msg


def test_unknown_field_is_a_typo_not_silently_ignored() -> None:
    msg = bad(lambda d: d["sections"][0]["items"][0].__setitem__("point", 5))
    assert "第1部分“卫生保洁”第1项（A1）有不认识的字段“point”" in msg


def test_critical_must_be_boolean() -> None:
    msg = bad(lambda d: d["sections"][1]["items"][0].__setitem__("critical", "是"))
    assert "（B1）的“critical”（否决项）应为 true 或 false" in msg


def test_top_level_problems_are_all_reported() -> None:
    def m(d: dict[str, Any]) -> None:
        d["kind"] = "巡逻"
        d["pass_threshold"] = 120
        d["version"] = 0
    msg = bad(m)
    assert "“kind”（检查类型）“巡逻”不认识" in msg
    assert "“pass_threshold”（合格分数线）应为0到100之间" in msg
    assert "“version”（版本）应为正整数" in msg
    assert "3处错误" in msg


def test_json_syntax_error_names_the_line() -> None:
    with pytest.raises(TemplateInvalid) as exc:
        load_template_text('{\n "id": "x",\n "version": 1\n "kind": "routine"}')
    assert "第4行" in str(exc.value)


def test_import_list_and_immutability_once_used(services, ins, quasi_estate, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tsvc = services.templates
    f = tmp_path / "t.json"
    f.write_text(json.dumps(GOOD, ensure_ascii=False), encoding="utf-8")
    info, changed = tsvc.import_file(f)
    assert changed and info.code == "demo-check" and info.item_count == 3
    assert tsvc.import_file(f) == (info, False)  # same content: nothing to do

    edited = copy.deepcopy(GOOD)
    edited["sections"][0]["items"][0]["text"] = "楼道整洁无杂物"
    f.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    info2, changed = tsvc.import_file(f)  # unused: replaced
    assert changed and info2.id != info.id
    assert [t.code for t in tsvc.find()].count("demo-check") == 1

    d = ins.create_draft(quasi_estate["id"], info2.id, D0)
    fill(ins, d.id, {})
    ins.finalise(d.id)
    edited["sections"][0]["items"][0]["points"] = 55
    edited["sections"][0]["items"][1]["points"] = 25
    f.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(TemplateConflict, match=r"已用于检查记录，不能修改.*version.*2"):
        tsvc.import_file(f)
    edited["version"] = 2
    f.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    info3, _ = tsvc.import_file(f)
    assert info3.version == 2
    # the finalised inspection still scores against version 1
    assert ins.get(d.id).template_version == 1
    assert tsvc.get(template_id(services, "demo-check")).version == 2
