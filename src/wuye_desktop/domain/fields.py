"""Field specifications of every register: one source for forms, table columns, imports, exports.

A :class:`FieldSpec` names the internal field, its Chinese label (also the Excel header), its
type and the header synonyms real sheets use. ``ref`` fields name another register by its
natural key (e.g. a building's estate by the estate's name); storage resolves them to ids.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from enum import StrEnum

from .enums import (
    BuildingStructure,
    CommitteeKind,
    CommitteeRole,
    LabeledEnum,
    ListStatus,
    ManagementMode,
    Openness,
    PoliticalStatus,
    RenovationStatus,
    ServiceGrade,
)
from .fund import FundPath, FundStage
from .revenue import EntryKind
from .selection import SelectionMethod, SelectionStage
from .surveys import (
    SURVEY_ITEMS,
    ActionStatus,
    ComplaintSource,
    ComplaintState,
    SurveyAction,
    SurveyKind,
    SurveyMethod,
)


class FieldType(StrEnum):
    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    DATE = "date"
    BOOL = "bool"
    ENUM = "enum"
    PHONE = "phone"
    YEAR = "year"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    label: str
    type: FieldType = FieldType.TEXT
    required: bool = False
    synonyms: tuple[str, ...] = ()
    enum: builtins.type[LabeledEnum] | None = None
    #: "estates.name" style reference to another register's natural key (resolved by storage).
    ref: str | None = None
    max_length: int = 200
    #: shown and exported but never written from a form or a sheet (e.g. a unit's 楼长, which
    #: is the leads that name the unit)
    readonly: bool = False
    #: Upper bound of a number (``None``: the type's bound in :mod:`~wuye_desktop.domain.values`).
    max_value: float | None = None

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.label, *self.synonyms)


@dataclass(frozen=True, slots=True)
class EntitySpec:
    kind: str
    label: str
    fields: tuple[FieldSpec, ...]
    natural_key: tuple[str, ...]
    sheet: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]


F = FieldSpec
T = FieldType

ESTATE = EntitySpec(
    kind="estates", label="小区", sheet="小区", natural_key=("name",),
    fields=(
        F("name", "小区名称", required=True, synonyms=("小区", "小区名", "名称", "住宅小区"), max_length=100),
        F("address", "地址", synonyms=("小区地址", "详细地址", "坐落")),
        F("community_code", "社区代码", synonyms=("区划代码", "统计用区划代码", "社区区划代码")),
        F("year_built", "建成年份", T.YEAR, synonyms=("建成年代", "建设年份", "竣工年份")),
        F("building_count", "楼栋数", T.INT, synonyms=("楼栋数量", "栋数")),
        F("household_count", "户数", T.INT, synonyms=("总户数", "住户数")),
        F("floor_area", "建筑面积（㎡）", T.FLOAT,
          synonyms=("建筑面积", "建筑面积(㎡)", "建筑面积（平方米）", "建筑面积(平方米)", "面积")),
        F("management_mode", "管理模式", T.ENUM, required=True, enum=ManagementMode,
          synonyms=("物业管理模式", "管理方式", "物业类型")),
        F("company_name", "物业企业", ref="companies.name",
          synonyms=("物业服务企业", "物业公司", "物业企业名称")),
        F("contract_start", "合同开始日期", T.DATE, synonyms=("合同起始日期", "合同开始")),
        F("contract_end", "合同结束日期", T.DATE, synonyms=("合同截止日期", "合同到期日期", "合同结束")),
        F("renovation_status", "改造状态", T.ENUM, enum=RenovationStatus,
          synonyms=("老旧小区改造", "改造情况", "是否纳入改造", "纳入改造计划", "是否改造")),
        F("openness", "开放/封闭", T.ENUM, enum=Openness, synonyms=("封闭情况", "是否封闭")),
        F("service_grade", "服务等级", T.ENUM, enum=ServiceGrade, synonyms=("星级", "服务星级")),
        F("party_branch", "党支部", synonyms=("党组织", "小区党支部")),
        F("red_property", "红色物业示范", T.BOOL, synonyms=("红色物业", "红心物业")),
        F("note", "备注", max_length=1000),
    ),
)

BUILDING = EntitySpec(
    kind="buildings", label="楼栋", sheet="楼栋", natural_key=("estate_name", "number"),
    fields=(
        F("estate_name", "所属小区", required=True, ref="estates.name", synonyms=("小区名称", "小区")),
        F("number", "楼栋号", required=True, synonyms=("楼号", "楼栋", "栋号", "楼栋编号"), max_length=40),
        F("unit_count", "单元数", T.INT, synonyms=("单元数量",)),
        F("floors_above", "地上层数", T.INT, synonyms=("层数", "楼层数", "地上楼层")),
        F("floors_below", "地下层数", T.INT, synonyms=("地下楼层",)),
        F("household_count", "户数", T.INT, synonyms=("住户数", "总户数")),
        F("structure", "结构", T.ENUM, enum=BuildingStructure, synonyms=("建筑结构", "结构类型")),
        F("year_built", "建成年份", T.YEAR, synonyms=("建成年代", "竣工年份")),
        F("elevator_count", "电梯数", T.INT, synonyms=("电梯数量", "电梯")),
        F("note", "备注", max_length=1000),
    ),
)

LEAD = EntitySpec(
    kind="leads", label="楼长", sheet="楼长", natural_key=("estate_name", "building_number", "name"),
    fields=(
        F("name", "姓名", required=True, synonyms=("楼长姓名", "楼长"), max_length=40),
        F("phone", "联系电话", T.PHONE, required=True, synonyms=("手机", "电话", "手机号", "手机号码")),
        F("estate_name", "所属小区", required=True, ref="estates.name", synonyms=("小区名称", "小区")),
        F("building_number", "楼栋号", required=True, ref="buildings.number",
          synonyms=("楼号", "楼栋", "栋号")),
        F("unit_number", "单元", ref="units.number", synonyms=("负责单元", "单元号", "所在单元"),
          max_length=20),
        F("term_start", "任期开始", T.DATE, synonyms=("任职开始日期", "任期起")),
        F("term_end", "任期结束", T.DATE, synonyms=("任职结束日期", "任期止")),
        F("party_member", "是否党员", T.BOOL, synonyms=("党员", "政治面貌", "是否中共党员")),
        F("company_post", "物业企业兼职", synonyms=("交叉任职", "物业兼职")),
        #: a 单元 written before units were a register that matched none of the building's
        #: units (kept as written, never erased)
        F("unit", "单元原文", synonyms=("原单元",), max_length=40),
        F("note", "备注", max_length=1000),
    ),
)

UNIT = EntitySpec(
    kind="units", label="单元", sheet="单元", natural_key=("estate_name", "building_number", "number"),
    fields=(
        # Not required: a 单元 sheet often has no 小区 column; a building number that is unique
        # in the community is enough (the service says when it is not).
        F("estate_name", "所属小区", ref="estates.name", synonyms=("小区名称", "小区")),
        F("building_number", "楼栋号", required=True, ref="buildings.number",
          synonyms=("楼号", "楼栋", "栋号", "楼栋编号"), max_length=40),
        F("number", "单元号", required=True, synonyms=("单元", "单元编号", "单元名称"), max_length=20),
        F("floors", "层数", T.INT, synonyms=("楼层数", "地上层数", "单元层数")),
        F("household_count", "户数", T.INT, synonyms=("住户数", "总户数", "单元户数")),
        F("lead_names", "楼长", readonly=True, synonyms=("单元长",)),
        F("note", "备注", max_length=1000),
    ),
)

COMPANY = EntitySpec(
    kind="companies", label="物业企业", sheet="物业企业", natural_key=("name",),
    fields=(
        F("name", "企业名称", required=True, synonyms=("物业企业", "物业公司", "公司名称", "名称"),
          max_length=100),
        F("credit_code", "统一社会信用代码", synonyms=("信用代码", "社会信用代码")),
        F("manager", "负责人", synonyms=("项目经理", "联系人", "法定代表人")),
        F("phone", "联系电话", T.PHONE, synonyms=("电话", "手机", "联系方式")),
        F("address", "地址", synonyms=("注册地址", "办公地址")),
        F("credit_grade", "信用等级", synonyms=("信用评级", "等级"), max_length=10),
        F("credit_score", "信用分", T.FLOAT, synonyms=("信用评分", "得分")),
        F("list_status", "红黑名单", T.ENUM, enum=ListStatus, synonyms=("名单", "红黑榜")),
        F("note", "备注", max_length=1000),
    ),
)

COMMITTEE = EntitySpec(
    kind="committees", label="业委会", sheet="业委会", natural_key=("estate_name",),
    fields=(
        F("estate_name", "所属小区", required=True, ref="estates.name", synonyms=("小区名称", "小区")),
        F("kind", "类型", T.ENUM, required=True, enum=CommitteeKind, synonyms=("组织类型",)),
        F("formed_date", "成立日期", T.DATE, synonyms=("成立时间",)),
        F("term_start", "任期开始", T.DATE),
        F("term_end", "任期结束", T.DATE),
        F("note", "备注", max_length=1000),
    ),
)

MEMBER = EntitySpec(
    kind="members", label="业委会成员", sheet="业委会成员", natural_key=("estate_name", "name"),
    fields=(
        F("estate_name", "所属小区", required=True, ref="committees.estate_name",
          synonyms=("小区名称", "小区")),
        F("name", "姓名", required=True, max_length=40),
        F("role", "职务", T.ENUM, enum=CommitteeRole, synonyms=("职位",)),
        F("political_status", "政治面貌", T.ENUM, enum=PoliticalStatus),
        F("phone", "联系电话", T.PHONE, synonyms=("手机", "电话")),
        F("note", "备注", max_length=1000),
    ),
)

SPECS: dict[str, EntitySpec] = {s.kind: s for s in (ESTATE, BUILDING, UNIT, LEAD, COMPANY, COMMITTEE,
                                                    MEMBER)}

#: 社区: the community office's record as one row of the register export (not a register: the
#: division code and name are checked, never written; the office's details update the record).
COMMUNITY_SHEET = EntitySpec(
    kind="community", label="社区", sheet="社区", natural_key=("code",),
    fields=(
        F("code", "社区代码", required=True, readonly=True, synonyms=("区划代码", "统计用区划代码")),
        F("name", "社区名称", readonly=True, max_length=100),
        F("office", "发文单位", synonyms=("发文机关", "社区办公室", "单位名称"), max_length=100),
        F("office_address", "办公地址", synonyms=("地址", "社区地址")),
        F("office_phone", "办公电话", T.PHONE, synonyms=("联系电话", "电话")),
        F("office_contact", "联系人", max_length=40),
    ),
)

#: 公共收益台账: exported and imported on the 公共收益 screen and by ``revenue export|import``
#: (not a register). 金额 is text so that no float ever holds an amount; the service parses it.
REVENUE_LEDGER = EntitySpec(
    kind="revenue_entries", label="公共收益台账", sheet="公共收益台账", natural_key=(),
    fields=(
        F("estate_name", "所属小区", required=True, synonyms=("小区名称", "小区")),
        F("entry_date", "日期", T.DATE, required=True, synonyms=("收支日期", "发生日期")),
        F("kind", "收支", T.ENUM, required=True, enum=EntryKind, synonyms=("收入/支出", "类型")),
        F("category", "类别", required=True, max_length=20, synonyms=("项目", "收支类别")),
        F("amount", "金额（元）", required=True, max_length=20, synonyms=("金额", "金额(元)")),
        F("counterparty", "对方单位", max_length=100, synonyms=("对方", "付款方", "收款方")),
        F("evidence", "凭证", max_length=200, synonyms=("凭证号", "票据")),
        F("note", "备注", max_length=2000),
    ),
)

#: Export-only sheets (not registers: they are recorded on their screens, not imported).
COMPLAINT_EXPORT = EntitySpec(
    kind="complaints", label="投诉", sheet="投诉台账", natural_key=(),
    fields=(
        F("received_at", "受理日期", T.DATE),
        F("source", "来源", T.ENUM, enum=ComplaintSource),
        F("work_order_no", "12345工单号", max_length=40),
        F("estate_name", "小区"),
        F("building_number", "楼栋"),
        F("category", "类别"),
        F("description", "投诉内容", max_length=2000),
        F("company_name", "物业企业"),
        F("responsible", "责任方"),
        F("deadline", "办理期限", T.DATE),
        F("state", "状态", T.ENUM, enum=ComplaintState),
        F("days_overdue", "逾期天数", T.INT),
        F("responded_at", "响应日期", T.DATE),
        F("closed_at", "办结日期", T.DATE),
        F("satisfied", "居民满意", T.BOOL),
        F("result", "办理结果", max_length=2000),
    ),
)

RECTIFICATION_EXPORT = EntitySpec(
    kind="rectifications", label="整改", sheet="整改台账", natural_key=(),
    fields=(
        F("status", "状态"),
        F("estate_name", "小区"),
        F("building_number", "楼栋"),
        F("company_name", "物业企业"),
        F("item_code", "检查项编号"),
        F("description", "问题", max_length=2000),
        F("requirement", "整改要求", max_length=2000),
        F("opened_on", "发现日期", T.DATE),
        F("deadline", "整改期限", T.DATE),
        F("days_overdue", "逾期天数", T.INT),
        F("rectified_on", "整改完成日期", T.DATE),
        F("failed_reinspections", "复查不合格次数", T.INT),
        F("escalated_on", "上报日期", T.DATE),
        F("notice_number", "整改通知单编号"),
        F("note", "备注", max_length=1000),
    ),
)

INSPECTION_EXPORT = EntitySpec(
    kind="inspections", label="检查", sheet="检查台账", natural_key=(),
    fields=(
        F("inspected_on", "检查日期", T.DATE),
        F("estate_name", "小区"),
        F("building_number", "楼栋"),
        F("kind", "检查类型"),
        F("status", "状态"),
        F("template", "检查模板"),
        F("score", "得分", T.FLOAT),
        F("result", "结论"),
        F("company_name", "物业企业"),
        F("revision_no", "修订", T.INT),
        F("round", "复查轮次", T.INT),
    ),
)

AGENDA_EXPORT = EntitySpec(
    kind="todo", label="待办", sheet="待办", natural_key=(),
    fields=(
        F("kind", "类别"),
        F("subject", "小区/对象"),
        F("what", "事项", max_length=2000),
        F("due", "期限", T.DATE),
        F("when", "情况"),
    ),
)

SCHEDULE_EXPORT = EntitySpec(
    kind="schedules", label="检查计划", sheet="到期检查", natural_key=(),
    fields=(
        F("estate", "小区"),
        F("kind", "检查类型"),
        F("every", "周期"),
        F("period", "本期"),
        F("due", "应完成日期", T.DATE),
        F("status", "状态"),
        F("missed", "以前未检查期数", T.INT),
        F("last_done", "上次检查", T.DATE),
    ),
)

SURVEY_EXPORT = EntitySpec(
    kind="surveys", label="调查", sheet="调查台账", natural_key=(),
    fields=(
        F("conducted_on", "调查日期", T.DATE),
        F("kind", "调查类型", T.ENUM, enum=SurveyKind),
        F("period", "年度/期次"),
        F("estate_name", "小区"),
        F("company_name", "物业企业"),
        F("method", "调查方式", T.ENUM, enum=SurveyMethod),
        F("households", "总户数", T.INT),
        F("surveyed", "参与户数", T.INT),
        F("positive", "满意（同意）户数", T.INT),
        F("rate", "满意率（同意率）%", T.FLOAT),
        F("action", "处置措施", T.ENUM, enum=SurveyAction),
        F("action_deadline", "落实期限", T.DATE),
        F("action_done_on", "落实日期", T.DATE),
        F("action_status", "落实情况", T.ENUM, enum=ActionStatus),
        F("action_note", "落实说明", max_length=1000),
        *(F(f"score_{n}", f"{item}满意度%", T.FLOAT) for n, item in enumerate(SURVEY_ITEMS)),
        F("note", "备注", max_length=1000),
    ),
)

SELECTION_EXPORT = EntitySpec(
    kind="selections", label="物业选聘", sheet="物业选聘台账", natural_key=(),
    fields=(
        F("started_on", "启动日期", T.DATE),
        F("estate_name", "小区"),
        F("survey", "意愿征询"),
        F("method", "选聘方式", T.ENUM, enum=SelectionMethod),
        F("method_reason", "方式理由", max_length=500),
        F("stage", "阶段", T.ENUM, enum=SelectionStage),
        F("candidates", "候选企业及得分", max_length=2000),
        F("company_name", "选定企业"),
        F("publication_start", "公示开始", T.DATE),
        F("publication_end", "公示结束", T.DATE),
        F("filed_on", "备案日期", T.DATE),
        F("contract_start", "合同开始", T.DATE),
        F("contract_end", "合同结束", T.DATE),
        F("fee_standard", "物业费标准（元/㎡·月）", T.FLOAT),
        F("service_grade", "服务等级", T.ENUM, enum=ServiceGrade),
        F("note", "备注", max_length=1000),
    ),
)

FUND_EXPORT = EntitySpec(
    kind="fund_applications", label="维修资金申请", sheet="维修资金申请", natural_key=("id",),
    fields=(
        F("applied_on", "申请日期", T.DATE, required=True),
        F("estate_name", "小区", required=True),
        F("buildings", "楼栋", required=True),
        F("path", "使用方式", T.ENUM, enum=FundPath, required=True),
        F("category", "类别", required=True, max_length=30),
        F("repair_item", "维修项目", required=True, max_length=2000),
        F("applicant", "申请人", required=True, max_length=100),
        F("contractor", "施工单位", max_length=200),
        F("estimated", "预算金额（元）", T.FLOAT, required=True),
        F("final", "决算金额（元）", T.FLOAT),
        F("stage", "阶段", T.ENUM, enum=FundStage),
        F("area", "专有部分面积（㎡）", T.FLOAT),
        F("owners", "业主户数", T.INT),
        F("vote_passed", "表决通过", T.BOOL),
        F("id", "编号"),
    ),
)

#: Fields the county owns (its company registry): a device takes the county's value, its forms
#: and imports refuse another, and a rejected local change is rolled back to it. The others
#: (contact fields, address, note) stay the community's own.
COUNTY_FIELDS: dict[str, tuple[str, ...]] = {
    "companies": ("credit_grade", "credit_score", "list_status"),
}

#: Order in which registers import (references point backwards only).
IMPORT_ORDER = ("companies", "estates", "buildings", "units", "leads", "committees", "members")

#: Kinds accepted on the command line, with Chinese aliases.
KIND_ALIASES = {
    "estates": "estates", "estate": "estates", "小区": "estates",
    "buildings": "buildings", "building": "buildings", "楼栋": "buildings",
    "units": "units", "unit": "units", "单元": "units",
    "leads": "leads", "lead": "leads", "楼长": "leads",
    "companies": "companies", "company": "companies", "物业企业": "companies",
    "committees": "committees", "committee": "committees", "业委会": "committees",
    "members": "members", "member": "members", "业委会成员": "members",
}
