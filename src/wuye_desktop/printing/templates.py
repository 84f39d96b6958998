"""Notice templates as data: JSON files with named ``{占位符}`` placeholders.

A template is never executed: rendering is a single regex pass that replaces ``{name}`` with a
value (values themselves are inserted verbatim, so a ``{`` typed by a user stays a ``{``).
``{{`` and ``}}`` print literal braces. Every placeholder is checked when the template is loaded,
so a typo in a county-distributed template fails loudly, in Chinese, listing what is available.

JSON shape (``resources/templates/notices/*.json``)::

    {
      "id": "fee_reminder", "version": 1, "name": "物业费缴纳提醒", "kind": "通知",
      "title": "关于缴纳{收费年度}年度物业服务费的通知",
      "addressee": "{小区名称}{楼栋号}全体业主、住户：",     # optional, "" for none
      "body": ["paragraph", "paragraph", ...],
      "signature": "{发文单位}",                          # optional, default shown
      "date": "{日期}",                                   # optional, default shown
      "once": false,          # optional: true prints one copy per estate, not one per building
      "per_lead": false,      # optional: true prints one copy per building lead (聘书)
      "sealed": false,        # optional: true leaves room for the seal above the date (盖章)
      "page_numbers": true,   # optional: false prints no page number (a one-page letter)
      "notice_days": 0,       # optional: days of notice; the first date of the field below must
      "notice_date_field": "",#   be that many days after the issue date (业主大会: 15, 会议时间)
      "fields": [{"name": "收费年度", "label": "收费年度", "required": true,
                  "default": "", "hint": "例如 2026"}]
    }
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any

from ..domain.errors import Cancelled, UserError


class PrintError(UserError):
    """Base class of printing errors; messages are Chinese and meant for the user."""


class PrintCancelled(Cancelled):
    """The user cancelled a batch; partial output files have been removed (not an error)."""

    def __init__(self) -> None:
        super().__init__("打印已取消。")


class TemplateError(PrintError):
    """A template is malformed, uses an unknown placeholder, or a required value is missing."""


#: Placeholders the engine fills itself from :mod:`wuye_desktop.printing.data`.
STANDARD_PLACEHOLDERS: dict[str, str] = {
    "小区名称": "小区名称",
    "小区地址": "小区地址",
    "社区名称": "社区名称",
    "楼栋号": "楼栋号（如 3号楼）",
    "楼长姓名": "该楼栋楼长姓名",
    "楼长电话": "该楼栋楼长电话",
    "物业企业": "物业服务企业名称",
    "发文单位": "发文单位",
    "业主组织": "小区的业主委员会（或物业管理委员会、首次业主大会筹备组）名称",
    "联系人": "发文单位联系人",
    "联系电话": "发文单位联系电话",
    "办公地址": "发文单位办公地址",
    "日期": "成文日期（如 2026年11月21日）",
    "聘期开始": "楼长任期开始日期（楼长登记中的任期开始）",
    "聘期结束": "楼长任期结束日期（楼长登记中的任期结束）",
}
#: Placeholders whose value comes from the building lead (a missing lead is an error).
LEAD_PLACEHOLDERS = frozenset({"楼长姓名", "楼长电话", "聘期开始", "聘期结束"})
#: Placeholders of the lead's registered term (only in ``per_lead`` templates: one lead each).
TERM_PLACEHOLDERS = frozenset({"聘期开始", "聘期结束"})

_PLACEHOLDER_RE = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")


@dataclass(frozen=True, slots=True)
class TemplateField:
    """A value the user fills in before printing."""

    name: str
    label: str
    required: bool = True
    default: str = ""
    hint: str = ""


@dataclass(frozen=True, slots=True)
class RenderedNotice:
    """A template with every placeholder replaced."""

    title: str
    addressee: str
    body: tuple[str, ...]
    signature: str
    date: str
    #: names the title never splits (the estate, community, company, building)
    keep: tuple[str, ...] = ()
    #: the signature is sealed (room for the seal, "（盖章）") and pages carry no number
    sealed: bool = False
    page_numbers: bool = True


@dataclass(frozen=True, slots=True)
class NoticeTemplate:
    """A validated notice template. Use :func:`parse_template` to build one."""

    id: str
    version: int
    name: str
    kind: str
    title: str
    addressee: str
    body: tuple[str, ...]
    signature: str
    date: str
    fields: tuple[TemplateField, ...]
    #: one copy per estate (a letter such as a pledge or a commendation), not one per building
    once: bool = False
    #: one copy per building lead, each with that lead's registered term (a 聘书)
    per_lead: bool = False
    sealed: bool = False
    page_numbers: bool = True
    #: days of notice the event needs: the first date written in ``notice_date_field`` must be at
    #: least this many days after the issue date (业主大会: 15, 《物业管理条例》第十四条); 0 = none
    notice_days: int = 0
    notice_date_field: str = ""

    def _texts(self) -> Iterable[str]:
        yield self.title
        yield self.addressee
        yield from self.body
        yield self.signature
        yield self.date

    @property
    def placeholders(self) -> frozenset[str]:
        """Every placeholder name the template uses."""
        return _placeholders(tuple(self._texts()))

    @property
    def uses_lead(self) -> bool:
        """True if the template prints the building lead's name or phone."""
        return bool(self.placeholders & LEAD_PLACEHOLDERS)

    @property
    def per_building(self) -> bool:
        """True if the text differs per building (addresses a building or its lead)."""
        return "楼栋号" in self.placeholders or self.uses_lead

    def available(self) -> list[str]:
        """Names a template text may use: the standard ones plus its own fields."""
        return [*STANDARD_PLACEHOLDERS, *(f.name for f in self.fields)]

    def missing_values(self, values: Mapping[str, str]) -> list[TemplateField]:
        """Required fields not given (or blank) in ``values`` and without a default."""
        return [
            f for f in self.fields
            if f.required and not (values.get(f.name) or "").strip() and not f.default
        ]

    def render(self, values: Mapping[str, str]) -> RenderedNotice:
        """Substitute ``values`` (standard + field values). Raises :class:`TemplateError`."""
        missing = self.missing_values(values)
        if missing:
            raise TemplateError(
                f"模板“{self.name}”还有必填内容未填写：{'、'.join(f.label for f in missing)}。"
            )
        full = {f.name: f.default for f in self.fields}
        full.update({k: v for k, v in values.items() if v is not None})

        def sub(text: str) -> str:
            def repl(m: re.Match[str]) -> str:
                tok = m.group(0)
                if tok == "{{":
                    return "{"
                if tok == "}}":
                    return "}"
                name = m.group(1).strip()
                if name not in full:
                    raise TemplateError(
                        f"模板“{self.name}”缺少占位符 {{{name}}} 的内容。"
                    )
                return str(full[name])

            return _PLACEHOLDER_RE.sub(repl, text)

        return RenderedNotice(
            title=sub(self.title),
            addressee=sub(self.addressee),
            body=tuple(sub(p) for p in self.body),
            signature=sub(self.signature),
            date=sub(self.date),
            sealed=self.sealed,
            page_numbers=self.page_numbers,
        )


@lru_cache(maxsize=256)
def _placeholders(texts: tuple[str, ...]) -> frozenset[str]:
    # Asked once per building of a batch (uses_lead, per_building): parse each template once.
    return frozenset(name for t in texts for name in _names(t))


def _names(text: str) -> list[str]:
    return [m.group(1).strip() for m in _PLACEHOLDER_RE.finditer(text) if m.group(1) is not None]


def _fmt_list(names: Iterable[str]) -> str:
    return "、".join(f"{{{n}}}" for n in names)


def parse_template(data: Mapping[str, Any]) -> NoticeTemplate:
    """Validate a template mapping (as loaded from JSON) and build a :class:`NoticeTemplate`."""
    if not isinstance(data, Mapping):
        raise TemplateError("模板文件格式错误：应为一个 JSON 对象。")
    for key in ("id", "version", "name", "title", "body"):
        if key not in data:
            raise TemplateError(f"模板缺少“{key}”项。")
    tid = str(data["id"])
    name = str(data["name"])
    body = data["body"]
    if isinstance(body, str) or not all(isinstance(p, str) for p in body):
        raise TemplateError(f"模板“{name}”的 body 应为段落文字的列表。")
    try:
        version = int(data["version"])
    except (TypeError, ValueError):
        raise TemplateError(f"模板“{name}”的版本号应为整数。") from None
    fields = []
    for f in data.get("fields", []):
        if "name" not in f:
            raise TemplateError(f"模板“{name}”中有字段缺少 name。")
        if f["name"] in STANDARD_PLACEHOLDERS:
            raise TemplateError(f"模板“{name}”的字段“{f['name']}”与系统占位符重名。")
        fields.append(
            TemplateField(
                name=str(f["name"]),
                label=str(f.get("label") or f["name"]),
                required=bool(f.get("required", True)),
                default=str(f.get("default", "")),
                hint=str(f.get("hint", "")),
            )
        )
    tpl = NoticeTemplate(
        id=tid,
        version=version,
        name=name,
        kind=str(data.get("kind", "通知")),
        title=str(data["title"]),
        addressee=str(data.get("addressee", "")),
        body=tuple(body),
        signature=str(data.get("signature", "{发文单位}")),
        date=str(data.get("date", "{日期}")),
        fields=tuple(fields),
        once=bool(data.get("once", False)),
        per_lead=bool(data.get("per_lead", False)),
        sealed=bool(data.get("sealed", False)),
        page_numbers=bool(data.get("page_numbers", True)),
        notice_days=int(data.get("notice_days", 0) or 0),
        notice_date_field=str(data.get("notice_date_field", "")),
    )
    if tpl.notice_days and tpl.notice_date_field not in {f.name for f in tpl.fields}:
        raise TemplateError(
            f"模板“{name}”要求提前{tpl.notice_days}日通知，但“notice_date_field”"
            f"（“{tpl.notice_date_field}”）不是模板中的字段。请填写记载会议日期的字段名。")
    available = tpl.available()
    if tpl.placeholders & TERM_PLACEHOLDERS and not tpl.per_lead:
        raise TemplateError(
            f"模板“{name}”使用了楼长聘期 {_fmt_list(sorted(tpl.placeholders & TERM_PLACEHOLDERS))}，"
            "但不是按楼长逐人打印的模板。请在模板中加上 \"per_lead\": true。")
    unknown = sorted(tpl.placeholders - set(available))
    if unknown:
        raise TemplateError(
            f"模板“{name}”（{tid}）中有未知的占位符：{_fmt_list(unknown)}。"
            f"可用的占位符：{_fmt_list(available)}。"
        )
    for text in tpl._texts():
        stripped = _PLACEHOLDER_RE.sub("", text)
        if "{" in stripped or "}" in stripped:
            raise TemplateError(
                f"模板“{name}”中有不成对的花括号：“{text[:30]}”。要印出花括号请写 {{{{ 或 }}}}。"
            )
    return tpl


def county_template(data: Mapping[str, Any], version: int) -> NoticeTemplate:
    """A notice template the county published (``wuye-county templates publish``).

    A JSON template in the shape above is taken as it is; a plain-text notice (published from a
    ``.txt``/``.md`` file: ``name`` and ``body`` text) becomes a template titled by its name,
    one paragraph per non-blank line. The county's publication version is the version, unless
    the JSON states its own. Raises :class:`TemplateError` like :func:`parse_template`.
    """
    if isinstance(data.get("body"), str):
        name = str(data.get("name") or "")
        paragraphs = [p.strip() for p in str(data["body"]).splitlines() if p.strip()]
        data = {"id": name, "version": version, "name": name, "kind": "通知", "title": name,
                "body": paragraphs or [name]}
    elif "version" not in data:
        data = {**data, "version": version}
    if "id" not in data and data.get("name"):
        data = {**data, "id": str(data["name"])}
    if "title" not in data and data.get("name"):
        data = {**data, "title": str(data["name"])}
    return parse_template(data)


def load_template(source: Traversable | str) -> NoticeTemplate:
    """Load one template from a JSON file (path string or ``importlib.resources`` entry)."""
    if isinstance(source, str):
        from pathlib import Path

        source = Path(source)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise TemplateError(f"模板文件 {source.name} 不是有效的 JSON：第 {exc.lineno} 行。") from exc
    return parse_template(data)


def builtin_templates() -> dict[str, NoticeTemplate]:
    """The default templates shipped in ``resources/templates/notices/``, keyed by id."""
    folder = files("wuye_desktop.resources") / "templates" / "notices"
    out: dict[str, NoticeTemplate] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            tpl = load_template(entry)
            out[tpl.id] = tpl
    return out
