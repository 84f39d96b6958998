"""Enumerations stored as stable ASCII codes and shown as Chinese labels.

The code is what the database, the sync protocol and exports of ids use; the label is what a
community worker reads and types in Excel. ``parse`` accepts either, plus a few common synonyms.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class LabeledEnum(StrEnum):
    """A StrEnum whose members carry a Chinese label (the value stays the stable code)."""

    label: str
    synonyms: tuple[str, ...]

    # ``label`` has a default only so that a lookup by value (``Kind("quarterly")``, which the
    # enum machinery answers without calling this) type-checks; every member gives one.
    def __new__(cls, code: str, label: str = "", *synonyms: str) -> Self:
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.label = label
        obj.synonyms = synonyms
        return obj

    @classmethod
    def parse(cls, text: str | None) -> Self | None:
        """Return the member whose code, label or synonym equals ``text`` (stripped), else None."""
        if text is None:
            return None
        t = str(text).strip()
        for m in cls:
            if t == m.value or t == m.label or t in m.synonyms:
                return m
        return None

    @classmethod
    def labels(cls) -> list[str]:
        return [m.label for m in cls]


class ManagementMode(LabeledEnum):
    # Beside the label: how offices write it in their own registers (collected from real ones).
    PROFESSIONAL = ("professional", "专业化物业", "专业物业", "物业公司", "物业服务企业",
                    "物业公司管理", "物业企业管理", "专业物业管理", "专业化物业管理", "专业化管理",
                    "市场化物业", "有物业")
    QUASI = "quasi", "准物业", "准物业管理", "准物业服务", "三个有"
    COMMITTEE = ("committee", "居委会代管", "社区代管", "居委会托管", "社区托管", "社区兜底",
                 "社区兜底管理", "居委会管理", "社区管理")
    SELF = "self", "业主自管", "自管", "自治管理"
    NONE = ("none", "无物业", "无", "无物业管理", "暂无物业", "弃管", "失管", "无人管理",
            "无物业服务", "没有物业")


class RenovationStatus(LabeledEnum):
    NOT_PLANNED = "not_planned", "未纳入改造", "未计划", "无", "×", "否", "未纳入", "未改造"
    PLANNED = "planned", "已纳入计划", "计划改造", "计划", "√", "是", "已纳入", "纳入计划"
    IN_PROGRESS = "in_progress", "改造中", "正在改造", "施工中"
    ACCEPTED = "accepted", "已验收", "改造完成", "已完成"


class Openness(LabeledEnum):
    OPEN = "open", "开放式", "开放"
    CLOSED = "closed", "封闭式", "封闭"


class ServiceGrade(LabeledEnum):
    NONE = "none", "未评定", "无", "未定级"
    STAR1 = "star1", "一星", "一星级"
    STAR2 = "star2", "二星", "二星级"
    STAR3 = "star3", "三星", "三星级"
    LEVEL1 = "level1", "一级", "一级服务"
    LEVEL2 = "level2", "二级", "二级服务"
    LEVEL3 = "level3", "三级", "三级服务"


class PoliticalStatus(LabeledEnum):
    PARTY = "party", "中共党员", "党员", "中共预备党员"
    LEAGUE = "league", "共青团员", "团员"
    MASS = "mass", "群众"
    OTHER = "other", "民主党派", "其他"


class ListStatus(LabeledEnum):
    NONE = "none", "无", "正常", "否"
    RED = "red", "红名单", "红榜"
    BLACK = "black", "黑名单", "黑榜"


class CommitteeKind(LabeledEnum):
    OWNERS = "owners", "业主委员会", "业委会"
    MANAGEMENT = "management", "物业管理委员会", "物管会"


class BuildingStructure(LabeledEnum):
    BRICK_CONCRETE = "brick_concrete", "砖混", "砖混结构"
    FRAME = "frame", "框架", "框架结构"
    SHEAR_WALL = "shear_wall", "剪力墙", "剪力墙结构"
    BRICK_WOOD = "brick_wood", "砖木", "砖木结构"
    STEEL = "steel", "钢结构"
    OTHER = "other", "其他"


class CommitteeRole(LabeledEnum):
    CHAIR = "chair", "主任", "主任委员"
    VICE = "vice", "副主任", "副主任委员"
    MEMBER = "member", "委员", "成员"
