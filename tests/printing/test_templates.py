"""Notice templates: the default set, placeholder validation and substitution."""

from __future__ import annotations

import json

import pytest

from wuye_desktop.printing.templates import (
    STANDARD_PLACEHOLDERS,
    TemplateError,
    builtin_templates,
    load_template,
    parse_template,
)

DEFAULT_NAMES = {
    "物业费缴纳提醒", "停水停电通知", "业主大会公告", "满意度调查结果公示", "公共收益公示",
    "消防安全提示", "楼长聘书", "物业服务整改承诺书", "物业服务通报表扬", "物业费收缴率及收费标准公示",
}


def minimal(**over):
    data = {"id": "t", "version": 1, "name": "测试模板", "title": "关于{小区名称}的通知",
            "body": ["{楼栋号}各位居民：请于{截止日期}前办理。"],
            "fields": [{"name": "截止日期", "label": "截止日期", "required": True}],
            "signature": "", "date": ""}
    data.update(over)
    return data


def test_default_set_is_complete_and_valid():
    templates = builtin_templates()
    assert {t.name for t in templates.values()} == DEFAULT_NAMES
    for t in templates.values():
        assert t.version >= 1
        assert t.body and all(p.strip() for p in t.body)
        assert t.placeholders <= set(t.available())


def test_templates_asking_for_the_lead_are_flagged():
    t = builtin_templates()
    assert t["fee_reminder"].uses_lead
    assert t["lead_appointment"].uses_lead
    assert not t["public_revenue"].uses_lead


def test_unknown_placeholder_is_a_chinese_error_listing_available_ones():
    with pytest.raises(TemplateError) as exc:
        parse_template(minimal(body=["请{楼长名字}联系"]))
    msg = str(exc.value)
    assert "未知的占位符" in msg and "{楼长名字}" in msg
    assert "可用的占位符" in msg
    for name in ("{小区名称}", "{楼栋号}", "{楼长姓名}", "{楼长电话}", "{日期}", "{截止日期}"):
        assert name in msg


def test_code_like_placeholder_is_rejected_not_executed():
    with pytest.raises(TemplateError, match="未知的占位符"):
        parse_template(minimal(title="{__import__('os').system('echo hi')}"))


def test_values_are_inserted_verbatim_not_re_expanded():
    t = parse_template(minimal())
    out = t.render({"小区名称": "{楼栋号}", "楼栋号": "3号楼", "截止日期": "{日期}"})
    assert out.title == "关于{楼栋号}的通知"
    assert out.body[0] == "3号楼各位居民：请于{日期}前办理。"


def test_double_braces_print_literal_braces():
    t = parse_template(minimal(body=["代码{{A}}见{截止日期}"]))
    assert t.render({"截止日期": "明天", "小区名称": "甲"}).body == ("代码{A}见明天",)


def test_lone_brace_is_an_error():
    with pytest.raises(TemplateError, match="不成对的花括号"):
        parse_template(minimal(body=["半个{括号"]))


def test_missing_required_field_names_it_in_chinese():
    t = parse_template(minimal())
    with pytest.raises(TemplateError, match="必填内容未填写：截止日期"):
        t.render({"小区名称": "幸福里小区", "楼栋号": "1号楼"})


def test_default_value_fills_an_unfilled_field():
    t = parse_template(minimal(fields=[{"name": "截止日期", "default": "月底"}]))
    assert "月底" in t.render({"小区名称": "甲", "楼栋号": "1号楼"}).body[0]


def test_field_may_not_shadow_a_standard_placeholder():
    with pytest.raises(TemplateError, match="重名"):
        parse_template(minimal(fields=[{"name": "楼栋号"}]))


@pytest.mark.parametrize("key", ["id", "version", "name", "title", "body"])
def test_missing_key_is_reported(key):
    data = minimal()
    del data[key]
    with pytest.raises(TemplateError, match=key):
        parse_template(data)


def test_body_must_be_a_list_of_paragraphs():
    with pytest.raises(TemplateError, match="段落"):
        parse_template(minimal(body="一段文字"))


def test_load_template_from_file_and_bad_json(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(minimal(), ensure_ascii=False), encoding="utf-8")
    assert load_template(str(good)).id == "t"
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(TemplateError, match="不是有效的 JSON"):
        load_template(str(bad))


def test_standard_placeholders_include_the_documented_ones():
    for name in ("小区名称", "楼栋号", "楼长姓名", "楼长电话", "日期", "物业企业", "发文单位"):
        assert name in STANDARD_PLACEHOLDERS
