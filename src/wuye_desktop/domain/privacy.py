"""Personal data on exports (PIPL; GB/T 35273 §7.2): the county's policy and phone masking.

A county may publish a policy document (``templates publish`` of ``{"kind": "privacy_policy",
"name": …, "mask_exports": true}``); devices take the newest one they pulled. With
``mask_exports`` on, phone numbers in Excel exports are masked (138****1234) unless the worker
confirms a full export (the GUI asks; the command line takes ``--full-phones``). Printed
notices print a building lead's phone only where the template asks for it (``{楼长电话}``:
residents need to call their lead), so printing needs no masking rule of its own.

A masked number can never come back in as a number: an import refuses the cell (see
:func:`is_masked`), so a masked export edited and re-imported loses no real phone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import UserError
from .fields import EntitySpec, FieldType

PRIVACY_DOCUMENT_KIND = "privacy_policy"
DEFAULT_SOURCE = "默认规则（导出完整电话号码）"

_MASKED_RE = re.compile(r"^\s*\+?[\d\- ]{0,6}\*{3,}[\d\- ]{0,6}\s*$")


class PrivacyPolicyError(UserError):
    """The county's policy document cannot be read (the message says which field)."""

    hint = "请联系县住建部门重新发布个人信息保护规则；在此之前按默认规则处理。"


@dataclass(frozen=True)
class PrivacyPolicy:
    mask_exports: bool = False
    source: str = DEFAULT_SOURCE


def parse_policy(doc: Mapping[str, Any], source: str = "") -> PrivacyPolicy:
    value = doc.get("mask_exports")
    if not isinstance(value, bool):
        raise PrivacyPolicyError("个人信息保护规则中的 mask_exports（导出时隐藏电话号码）"
                                 "应为 true 或 false。")
    return PrivacyPolicy(mask_exports=value, source=source or str(doc.get("name") or ""))


def mask_phone(text: str | None) -> str | None:
    """138****1234 for a mobile; the first three and last four digits of any longer number
    (0431****1234 keeps its area code's first digits); shorter ones keep only the last two."""
    if not text:
        return text
    digits = re.sub(r"\D", "", text)
    if len(digits) >= 11:
        return digits[:3] + "****" + digits[-4:]
    if len(digits) >= 7:
        return digits[:2] + "****" + digits[-3:]
    return "****" + digits[-2:] if len(digits) > 2 else "****"


def is_masked(text: str) -> bool:
    """True for a value :func:`mask_phone` made (digits around a run of asterisks)."""
    return bool(_MASKED_RE.match(text)) and "*" in text


def phone_fields(spec: EntitySpec) -> list[str]:
    """The fields of a register that hold phone numbers."""
    return [f.name for f in spec.fields if f.type is FieldType.PHONE]
