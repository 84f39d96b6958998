"""Inspection checklist templates: the county-issued JSON format, parsed and validated.

The format is documented in ``resources/templates/inspections/README.md``. Validation is written
by hand rather than with pydantic because the county staff who author templates need messages
that name the section, the item and the field in Chinese ("第2部分“秩序维护”第3项（B3）的分值…").
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from .enums import ManagementMode
from .errors import UserError
from .inspections import InspectionKind
from .notice_rules import NoticeAuthority

FORMAT_VERSION = 1
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")

TOP_KEYS = {"format": "格式版本", "id": "模板编号", "version": "版本", "kind": "检查类型",
            "name": "名称", "issuer": "发布单位", "basis": "依据", "pass_threshold": "合格分数线",
            "default_rectify_days": "默认整改天数", "applies_to": "适用管理模式",
            "sections": "部分", "note": "说明", "legal_basis": "整改依据",
            "authority": "整改通知发文机关"}
SECTION_KEYS = {"code": "编号", "title": "标题", "items": "检查项"}
ITEM_KEYS = {"code": "编号", "text": "检查内容", "requirement": "标准要求", "points": "分值",
             "critical": "否决项", "na_allowed": "允许不适用", "rectify_days": "整改天数",
             "basis": "依据", "rectify": "整改要求"}


@dataclass(frozen=True, slots=True)
class TemplateItem:
    """One checklist item."""

    code: str
    text: str
    points: float
    critical: bool = False
    na_allowed: bool = True
    rectify_days: int = 15
    requirement: str = ""
    basis: str = ""
    section: str = ""
    #: 整改要求 printed on the rectification notice when this item fails
    rectify: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    code: str
    title: str
    items: tuple[TemplateItem, ...]


@dataclass(frozen=True)
class Template:
    """A parsed, valid template (one version of one county checklist)."""

    id: str
    version: int
    kind: InspectionKind
    name: str
    pass_threshold: float
    sections: tuple[Section, ...]
    issuer: str = ""
    basis: str = ""
    note: str = ""
    applies_to: tuple[ManagementMode, ...] = ()
    #: 整改依据 of its rectification notices (empty: by kind, see ``notice_rules``)
    legal_basis: str = ""
    #: who issues its rectification notices (the county's template decides)
    authority: NoticeAuthority = NoticeAuthority.COMMUNITY
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    _index: dict[str, TemplateItem] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._index.update({i.code: i for s in self.sections for i in s.items})

    def items(self) -> list[TemplateItem]:
        return [i for s in self.sections for i in s.items]

    def item(self, code: str) -> TemplateItem:
        try:
            return self._index[code]
        except KeyError:
            # A lookup by code the caller took from this template: missing means a bug.
            raise KeyError(f"template {self.id!r} has no item {code!r}") from None

    def has_item(self, code: str) -> bool:
        return code in self._index

    @property
    def total_points(self) -> float:
        return sum(i.points for i in self.items())

    def canonical_json(self) -> str:
        return json.dumps(self.raw, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def digest(self) -> str:
        """sha256 of the canonical JSON: tells a re-import of the same content from an edit."""
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()


class TemplateInvalid(UserError):
    """Raised with every problem found; each message names the place and the field."""

    def __init__(self, problems: list[str], source: str = "") -> None:
        self.problems = problems
        self.source = source
        head = f"模板文件{source}有{len(problems)}处错误：" if source else f"模板有{len(problems)}处错误："
        super().__init__(head + "\n" + "\n".join(f"  {p}" for p in problems))


def _is_number(v: Any) -> TypeGuard[float]:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _is_int(v: Any) -> TypeGuard[int]:
    return isinstance(v, int) and not isinstance(v, bool)


def _show(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v


def parse_template(data: Any, source: str = "") -> Template:
    """Validate ``data`` (decoded JSON) and build a :class:`Template`; raise TemplateInvalid."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise TemplateInvalid(["文件内容应为一个JSON对象（以 { 开头）。"], source)
    for k in data:
        if k not in TOP_KEYS:
            problems.append(f"不认识的字段“{k}”（可用字段：{'、'.join(TOP_KEYS)}）。")
    fmt = data.get("format", FORMAT_VERSION)
    if fmt != FORMAT_VERSION:
        problems.append(f"“format”（格式版本）应为{FORMAT_VERSION}，现为“{_show(fmt)}”；"
                        "请升级本软件或使用县里下发的新模板。")
    tid = data.get("id")
    if not isinstance(tid, str) or not _ID_RE.match(tid):
        problems.append(f"“id”（模板编号）应为1–40位字母、数字、“-”“_”“.”，现为“{_show(tid)}”。")
    ver = data.get("version")
    if not _is_int(ver) or ver < 1:
        problems.append(f"“version”（版本）应为正整数，现为“{_show(ver)}”。")
    kind = InspectionKind.parse(data.get("kind")) if isinstance(data.get("kind"), str) else None
    if kind is None:
        problems.append(f"“kind”（检查类型）“{_show(data.get('kind'))}”不认识；可用："
                        + "、".join(f"{k.value}（{k.label}）" for k in InspectionKind) + "。")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append("“name”（名称）不能为空。")
    thr = data.get("pass_threshold")
    if not _is_number(thr) or not 0 <= thr <= 100:
        problems.append(f"“pass_threshold”（合格分数线）应为0到100之间的数字（百分制），现为“{_show(thr)}”。")
    default_days = data.get("default_rectify_days", 15)
    if not _is_int(default_days) or not 1 <= default_days <= 365:
        problems.append(f"“default_rectify_days”（默认整改天数）应为1到365之间的整数，现为“{_show(default_days)}”。")
        default_days = 15
    modes: list[ManagementMode] = []
    applies = data.get("applies_to", [])
    if not isinstance(applies, list):
        problems.append("“applies_to”（适用管理模式）应为列表，例如 [\"quasi\"]。")
    else:
        for m in applies:
            mode = ManagementMode.parse(m) if isinstance(m, str) else None
            if mode is None:
                problems.append(f"“applies_to”（适用管理模式）中的“{_show(m)}”不认识；可用："
                                + "、".join(f"{x.value}（{x.label}）" for x in ManagementMode) + "。")
            else:
                modes.append(mode)
    authority = NoticeAuthority.COMMUNITY
    if "authority" in data:
        parsed = NoticeAuthority.parse(data["authority"]) if isinstance(data["authority"], str) else None
        if parsed is None:
            problems.append(f"“authority”（整改通知发文机关）“{_show(data['authority'])}”不认识；可用："
                            + "、".join(f"{a.value}（{a.label}）" for a in NoticeAuthority) + "。")
        else:
            authority = parsed
    for key in ("issuer", "basis", "note", "legal_basis"):
        if key in data and not isinstance(data[key], str):
            problems.append(f"“{key}”（{TOP_KEYS[key]}）应为文字。")
    sections_raw = data.get("sections")
    sections: list[Section] = []
    seen: dict[str, str] = {}
    if not isinstance(sections_raw, list) or not sections_raw:
        problems.append("“sections”（部分）应为非空列表，每部分含“title”和“items”。")
        sections_raw = []
    for si, sec in enumerate(sections_raw, 1):
        s_place = f"第{si}部分"
        if not isinstance(sec, dict):
            problems.append(f"{s_place}应为一个对象（含“title”和“items”）。")
            continue
        title = sec.get("title")
        if isinstance(title, str) and title.strip():
            s_place += f"“{title.strip()}”"
        else:
            problems.append(f"{s_place}的“title”（标题）不能为空。")
            title = ""
        for k in sec:
            if k not in SECTION_KEYS:
                problems.append(f"{s_place}有不认识的字段“{k}”（可用：{'、'.join(SECTION_KEYS)}）。")
        items_raw = sec.get("items")
        if not isinstance(items_raw, list) or not items_raw:
            problems.append(f"{s_place}的“items”（检查项）应为非空列表。")
            items_raw = []
        items: list[TemplateItem] = []
        for ii, it in enumerate(items_raw, 1):
            place = f"{s_place}第{ii}项"
            if not isinstance(it, dict):
                problems.append(f"{place}应为一个对象。")
                continue
            code = it.get("code")
            if isinstance(code, str) and code.strip():
                place += f"（{code.strip()}）"
            for k in it:
                if k not in ITEM_KEYS:
                    problems.append(f"{place}有不认识的字段“{k}”（可用：{'、'.join(ITEM_KEYS)}）。")
            bad = len(problems)
            if not isinstance(code, str) or not code.strip():
                problems.append(f"{place}的“code”（编号）不能为空。")
            elif code.strip() in seen:
                problems.append(f"{place}的“code”（编号）“{code.strip()}”与{seen[code.strip()]}重复；编号在模板内须唯一。")
            text = it.get("text")
            if not isinstance(text, str) or not text.strip():
                problems.append(f"{place}的“text”（检查内容）不能为空。")
            pts = it.get("points")
            if not _is_number(pts) or not 0 < pts <= 1000:
                problems.append(f"{place}的“points”（分值）应为大于0的数字，现为“{_show(pts)}”。")
            crit = it.get("critical", False)
            if not isinstance(crit, bool):
                problems.append(f"{place}的“critical”（否决项）应为 true 或 false，现为“{_show(crit)}”。")
            na = it.get("na_allowed", True)
            if not isinstance(na, bool):
                problems.append(f"{place}的“na_allowed”（允许不适用）应为 true 或 false，现为“{_show(na)}”。")
            days = it.get("rectify_days", default_days)
            if not _is_int(days) or not 1 <= days <= 365:
                problems.append(f"{place}的“rectify_days”（整改天数）应为1到365之间的整数，现为“{_show(days)}”。")
            for key in ("requirement", "basis", "rectify"):
                if key in it and not isinstance(it[key], str):
                    problems.append(f"{place}的“{key}”（{ITEM_KEYS[key]}）应为文字。")
            if len(problems) > bad:
                continue
            # no new problem: every check above passed (asserted for the type checker)
            assert isinstance(code, str) and isinstance(text, str) and _is_number(pts) \
                and _is_int(days)
            seen[code.strip()] = place
            items.append(TemplateItem(code.strip(), text.strip(), float(pts), crit, na, days,
                                      it.get("requirement", ""), it.get("basis", ""), title,
                                      it.get("rectify", "").strip()))
        sections.append(Section(str(sec.get("code", si)), title, tuple(items)))
    if problems:
        raise TemplateInvalid(problems, source)
    assert isinstance(tid, str) and isinstance(name, str) and kind is not None \
        and _is_int(ver) and _is_number(thr)
    return Template(tid, int(ver), kind, name.strip(), float(thr), tuple(sections),
                    data.get("issuer", ""), data.get("basis", ""), data.get("note", ""),
                    tuple(modes), data.get("legal_basis", "").strip(), authority, raw=data)


def load_template_text(text: str, source: str = "") -> Template:
    """Parse JSON text; a syntax error names the line and column."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateInvalid([f"JSON格式错误：第{exc.lineno}行第{exc.colno}列附近（{exc.msg}）。"
                               "请检查是否漏了逗号、引号或括号。"], source) from exc
    return parse_template(data, source)
