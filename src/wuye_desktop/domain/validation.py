"""Validation rules shared by forms, imports and sync. Messages are Chinese and say what to do.

Each checker returns a list of :class:`Issue`; an empty list means valid. Severity ``warning``
never blocks a save (e.g. a legacy credit code whose check digit does not match).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem with one field (``field`` is the internal name; empty for the whole record)."""

    field: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def errors(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.is_error]


# --- statistical division codes (统计用区划代码) -------------------------------------------------

_DIVISION_RE = re.compile(r"^\d{12}$")


def check_community_code(code: str | None, field: str = "code") -> list[Issue]:
    """A community (社区/居委会) code is 12 digits; county part (first 6) must not be zeros."""
    if not code:
        return [Issue(field, "请填写12位统计用区划代码。")]
    if not _DIVISION_RE.match(code):
        return [Issue(field, f"区划代码“{code}”应为12位数字（统计用区划代码），请核对。")]
    if code[:2] == "00" or (code[:6].endswith("0000") and code[2:6] == "0000"):
        return [Issue(field, f"区划代码“{code}”的省、县部分无效，请核对。")]
    if code[6:] == "000000":
        return [Issue(field, f"区划代码“{code}”是区县代码，不是社区代码；社区代码后6位不全为0。")]
    return []


def check_estate_community(estate_code: str | None, community_code: str,
                           field: str = "community_code") -> list[Issue]:
    """An estate belongs to this community: its community code must be this community's."""
    if not estate_code:
        return []  # filled in from the community when empty
    issues = check_community_code(estate_code, field)
    if issues:
        return issues
    if estate_code != community_code:
        if estate_code[:9] != community_code[:9]:
            return [Issue(field, f"区划代码“{estate_code}”不属于本街道（本社区代码"
                                 f"{community_code}），小区只能登记在本社区。")]
        return [Issue(field, f"区划代码“{estate_code}”是另一个社区的代码；本社区代码为"
                             f"{community_code}，请改正。")]
    return []


# --- unified social credit code (GB 32100-2015) ------------------------------------------------

_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_char(first17: str) -> str | None:
    """The GB 32100 check character for the first 17 characters, or None if they are invalid."""
    total = 0
    for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True):
        idx = _CREDIT_CHARS.find(ch)
        if idx < 0:
            return None
        total += idx * w
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def check_credit_code(code: str | None, field: str = "credit_code") -> list[Issue]:
    """Format and check digit as *warnings*: legacy registration numbers are still in use."""
    if not code:
        return []
    c = code.strip().upper()
    if len(c) != 18 or any(ch not in _CREDIT_CHARS for ch in c):
        return [Issue(field, f"统一社会信用代码“{code}”应为18位数字或大写字母（不含I、O、Z、S、V），"
                             "请核对；若为旧版登记号可忽略此提示。", Severity.WARNING)]
    expected = credit_code_check_char(c[:17])
    if expected != c[17]:
        return [Issue(field, f"统一社会信用代码“{code}”校验位不符（按GB 32100应为“{expected}”），"
                             "请核对营业执照；若为旧版代码可忽略此提示。", Severity.WARNING)]
    return []


# --- phones ------------------------------------------------------------------------------------

_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_RE = re.compile(r"^(0\d{2,3}-?)?[2-9]\d{6,7}(-\d{1,6})?$")
_SERVICE_RE = re.compile(r"^(400|800)-?\d{3}-?\d{4}$")


def normalize_phone(text: str | None) -> str:
    """Strip spaces, full-width digits and a +86 prefix; keep dashes of landlines."""
    if not text:
        return ""
    t = str(text).strip().translate(_FULLWIDTH)
    t = re.sub(r"[\s()（）]", "", t)
    t = t.replace("—", "-").replace("－", "-")
    if t.startswith("+86"):
        t = t[3:]
    elif t.startswith("0086"):
        t = t[4:]
    if re.fullmatch(r"1[3-9]\d-?\d{4}-?\d{4}", t):
        t = t.replace("-", "")
    return t


def check_phone(text: str | None, field: str = "phone", required: bool = False) -> list[Issue]:
    t = normalize_phone(text)
    if not t:
        return [Issue(field, "请填写联系电话。")] if required else []
    if _MOBILE_RE.match(t) or _LANDLINE_RE.match(t) or _SERVICE_RE.match(t):
        return []
    return [Issue(field, f"电话“{text}”格式不对：手机号为1开头的11位数字，"
                         "座机如 0431-88881234 或 88881234。")]


# --- generic ----------------------------------------------------------------------------------

_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)}
                           | {"．": ".", "－": "-", "＋": "+", "，": ","})


def to_halfwidth(text: str) -> str:
    """Full-width digits and a few signs to ASCII (what Chinese IMEs put into Excel)."""
    return text.translate(_FULLWIDTH)


def check_required(value: object, field: str, label: str) -> list[Issue]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return [Issue(field, f"请填写{label}。")]
    return []


def check_non_negative(value: int | float | None, field: str, label: str) -> list[Issue]:
    if value is not None and value < 0:
        return [Issue(field, f"{label}不能为负数（现为{value}）。")]
    return []


def check_term(start: date | None, end: date | None, end_field: str = "term_end",
               label: str = "任期") -> list[Issue]:
    if start and end and end <= start:
        return [Issue(end_field, f"{label}结束日期（{end:%Y-%m-%d}）应晚于开始日期"
                                 f"（{start:%Y-%m-%d}）。")]
    return []


def check_year(value: int | None, field: str, label: str, today: date | None = None) -> list[Issue]:
    """A year between 1900 and next year. Without ``today`` (the file reader, which has no
    clock) only the lower bound is checked; the register service checks again with its clock
    before anything is saved, so domain code never reads the wall clock itself."""
    if value is None:
        return []
    if today is None:
        if value < 1900:
            return [Issue(field, f"{label}“{value}”不合理，不应早于1900年。")]
        return []
    this_year = today.year
    if not 1900 <= value <= this_year + 1:
        return [Issue(field, f"{label}“{value}”不合理，应在1900至{this_year + 1}之间。")]
    return []
