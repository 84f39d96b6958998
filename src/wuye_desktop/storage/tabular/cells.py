"""Turn one raw cell (what openpyxl or the csv module hands us) into a typed value.

Real registers are typed by hand into Excel, so every converter is lenient about *form* (full-width
digits, numbers stored as text, integers Excel made floats, phones Excel made scientific, dates as
serials or in half a dozen text spellings) and strict about *meaning*: anything it cannot read
unambiguously raises :class:`CellError` with a Chinese message naming the expected form. Range and
record rules (negative counts, phone formats, terms) are not checked here; that is
``domain.rules.validate_record``'s job, so forms, imports and sync share one set of rules.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from ...domain.enums import LabeledEnum
from ...domain.errors import UserError
from ...domain.fields import FieldSpec, FieldType
from ...domain.normalise import (
    AmbiguousValue,
    count_from_none_word,
    is_empty_marker,
    loose_year,
    month_only_date,
    party_member_from_status,
    squeeze_name,
)
from ...domain.privacy import is_masked
from ...domain.validation import normalize_phone, to_halfwidth


class CellError(UserError):
    """A cell's content cannot be read as its column's type; ``message`` is Chinese."""


# --- text cleanup ------------------------------------------------------------------------------

# Control characters openpyxl refuses to write; removed on read too so export → import is stable.
_ILLEGAL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Full-width letters and digits (Ａ-Ｚ, ａ-ｚ, ０-９) as Chinese IMEs type them.
_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B),
                                            *range(0xFF41, 0xFF5B))}
_SPACES = {0x3000: " ", 0xA0: " ", 0x200B: None, 0xFEFF: None}


def clean_text(text: str) -> str:
    """Strip, drop control characters and zero-width spaces, turn ideographic spaces into ASCII."""
    return _ILLEGAL_RE.sub("", text.translate(_SPACES)).strip()


def is_name_field(f: FieldSpec) -> bool:
    """Names of people, estates and companies: spaces typed inside them are dropped."""
    return f.name in ("name", "manager") or f.name.endswith("_name")


def is_identifier_field(f: FieldSpec) -> bool:
    """Fields holding codes or numbers-as-names (楼栋号, 社区代码 …): full-width letters/digits are
    folded and numbers Excel mangled are restored, because these take part in natural keys."""
    return f.name in ("number", "building_number", "unit", "unit_number") or f.name.endswith("code")


# --- headers -----------------------------------------------------------------------------------

_HEADER_DROP_RE = re.compile(r"[\s*＊※:：]|[(（](必填|选填|必选|可选)[)）]")


def normalize_header(text: Any) -> str:
    """Canonical form of a header for matching: no spaces/newlines/required markers, half-width
    parentheses and digits, ASCII lower case ("建筑面积（㎡）\\n*" → "建筑面积(㎡)")."""
    if text is None:
        return ""
    t = to_halfwidth(clean_text(str(text)).translate(_FULLWIDTH_ALNUM))
    t = t.replace("（", "(").replace("）", ")")
    t = _HEADER_DROP_RE.sub("", t)
    t = t.replace("（", "(").replace("）", ")")
    return t.lower()


# --- numbers -----------------------------------------------------------------------------------

_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# Units people type after a count or an area ("120户", "3部", "1200平方米").
_UNIT_RE = re.compile(r"(户|栋|幢|座|层|个|部|台|单元|人|分|年|㎡|m²|m2|平方米|平米|万元|元)$")
_SCI_RE = re.compile(r"^(\d)(?:\.(\d+))?[eE]\+?(\d+)$")
_SCI_MIN_EXP = 9


def _number_text(text: str) -> str:
    t = to_halfwidth(text).replace(" ", "").replace(",", "")
    return _UNIT_RE.sub("", t)


def _to_decimal(text: str) -> Decimal | None:
    t = _number_text(text)
    if not _NUMBER_RE.match(t):
        return None
    try:
        d = Decimal(t)
    except InvalidOperation:  # pragma: no cover - the regex already guarantees the syntax
        return None
    return d if d.is_finite() else None


def _expand_scientific(text: str, label: str) -> str | None:
    """"1.3912345678E10" → "13912345678"; None if ``text`` is not integer scientific notation.

    Excel shows long numbers as e.g. "1.39123E+10" and a CSV saved from Excel keeps only that;
    the lost digits cannot be recovered, so that case is an error rather than a wrong number.
    """
    m = _SCI_RE.match(to_halfwidth(text).replace(" ", ""))
    if not m:
        return None
    lead, frac, exp = m.group(1), m.group(2) or "", int(m.group(3))
    # Excel's General format switches to scientific only beyond 11 characters; a short "1.5E3"
    # was typed by a person and is kept as text.
    if exp < _SCI_MIN_EXP or len(frac) > exp:
        return None
    digits = lead + frac
    if len(digits) < exp + 1:
        raise CellError(f"“{text}”是被Excel改成科学计数法的{label}，后几位已经丢失。"
                        "请在Excel中把该列设为“文本”格式后重新填写完整号码。")
    return digits


def _integral_number_text(v: int | float, label: str) -> str:
    """A number cell in a text-like column (code, phone): digits without ".0"."""
    if isinstance(v, float):
        if not math.isfinite(v) or v != int(v):
            raise CellError(f"{label}应为文本，不能是带小数的数字（现为{v}）。")
        if abs(v) >= 1e15:
            raise CellError(f"{label}“{v:.0f}”超过15位，Excel已把后几位改成0。"
                            "请把该列设为“文本”格式后重新填写。")
        v = int(v)
    return str(v)


def _number_repr(v: float) -> str:
    return str(int(v)) if v == int(v) and abs(v) < 1e15 else format(v, ".15g")


# --- dates -------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                      r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = date(1899, 12, 30)
# Serials between 1900-01-01 and 9999-12-31; smaller numbers are not plausibly dates.
_SERIAL_MIN, _SERIAL_MAX = 1, 2958465
_DATE_FORMS = "日期格式应为 2024-03-01、2024/3/1、2024年3月1日 或 20240301"


def _date_from_number(v: float, raw: Any) -> date:
    if v == int(v) and 19000101 <= v <= 29991231:
        return parse_date_text(str(int(v)))
    if not _SERIAL_MIN <= v <= _SERIAL_MAX:
        raise CellError(f"“{raw}”不是日期；{_DATE_FORMS}。")
    # Excel's 1900 leap-year bug: serials below 61 are one day off; no register has such dates.
    return _EXCEL_EPOCH + timedelta(days=int(v))


def parse_date_text(text: str) -> date:
    t = to_halfwidth(text).strip()
    m = _DATE_RE.match(t) or _COMPACT_DATE_RE.match(t)
    if not m:
        d = _to_decimal(t)
        if d is not None and d == d.to_integral_value() and 10000 <= d <= 80000:
            return _date_from_number(float(d), text)  # a serial stored as text
        raise CellError(f"“{text}”不是日期；{_DATE_FORMS}。")
    y, mo, da = (int(g) for g in m.groups()[:3])
    try:
        return date(y, mo, da)
    except ValueError:
        raise CellError(f"“{text}”不是有效日期（{y}年没有{mo}月{da}日）。") from None


# --- booleans ----------------------------------------------------------------------------------

_TRUE = {"是", "y", "yes", "true", "t", "1", "√", "✓", "✔", "有", "对", "是的"}
_FALSE = {"否", "n", "no", "false", "f", "0", "×", "✗", "✘", "x", "无", "不是", "没有"}


# --- enumerations ------------------------------------------------------------------------------

def _enum_key(text: str) -> str:
    return normalize_header(text)


def parse_enum(enum: type[LabeledEnum], text: str) -> LabeledEnum | None:
    """``LabeledEnum.parse`` first; then the same ignoring spaces, parenthesis width and case."""
    m = enum.parse(text)
    if m is not None:
        return m
    key = _enum_key(text)
    for member in enum:
        if key in {_enum_key(s) for s in (member.value, member.label, *member.synonyms)}:
            return member
    # "准物业（三个有）": a choice with the office's own explanation after it in parentheses.
    bare = _TRAILING_NOTE_RE.sub("", key)
    if bare != key and bare:
        return parse_enum(enum, bare)
    return None


_TRAILING_NOTE_RE = re.compile(r"\([^()]*\)$")


# --- the dispatcher ----------------------------------------------------------------------------

def convert_cell(f: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    """Typed value of ``raw`` for field ``f`` and an optional Chinese warning.

    Returns ``(None, None)`` for a blank cell. Raises :class:`CellError` when the content cannot
    be read as the field's type.
    """
    if raw is None:
        return None, None
    if isinstance(raw, str):
        raw = clean_text(raw)
        if not raw:
            return None, None
        if is_empty_marker(raw):
            return _empty_marker(f, raw)
    elif isinstance(raw, float) and math.isnan(raw):
        return None, None
    converter = _CONVERTERS[f.type]
    return converter(f, raw)


def _empty_marker(f: FieldSpec, raw: str) -> tuple[Any, str | None]:
    """"/", "——", "暂无" … mean an empty cell; "无" in a count means 0, in a yes/no column 否,
    and a choice list may hold the word itself (a mode "无" is tried as a choice first)."""
    if f.type is FieldType.INT:
        zero = count_from_none_word(raw)
        return (zero, None) if zero is not None else (None, None)
    if f.type in (FieldType.BOOL, FieldType.ENUM):
        try:
            return _CONVERTERS[f.type](f, raw)
        except CellError:
            return None, None
    return None, None


def _text(f: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    if isinstance(raw, str):
        if is_name_field(f):
            return squeeze_name(raw), None
        if is_identifier_field(f):
            raw = raw.translate(_FULLWIDTH_ALNUM)
            expanded = _expand_scientific(raw, f.label)
            if expanded is not None:
                return expanded, None
        return raw, None
    if isinstance(raw, bool):
        return ("是" if raw else "否"), None
    if isinstance(raw, int | float):
        if is_identifier_field(f):
            return _integral_number_text(raw, f.label), None
        return _number_repr(float(raw)) if isinstance(raw, float) else str(raw), None
    if isinstance(raw, datetime | date):
        d = raw.date() if isinstance(raw, datetime) else raw
        return d.isoformat(), (f"此格被Excel识别成了日期，已按“{d.isoformat()}”读取；"
                               f"若原本不是日期，请把该列设为“文本”格式后重新填写。")
    if isinstance(raw, time):
        return raw.strftime("%H:%M"), None
    return str(raw), None


def _int(f: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    expected = f"{f.label}应为整数，如 12"
    if isinstance(raw, bool | datetime | date | time):
        raise CellError(f"“{_show(raw)}”不是数字；{expected}。")
    if isinstance(raw, int):
        return raw, None
    if isinstance(raw, float):
        if not math.isfinite(raw) or raw != int(raw):
            raise CellError(f"“{_show(raw)}”不是整数；{expected}。")
        return int(raw), None
    d = _to_decimal(str(raw))
    if d is None:
        raise CellError(f"“{raw}”不是数字；{expected}。")
    if d != d.to_integral_value():
        raise CellError(f"“{raw}”不是整数；{expected}。")
    return int(d), None


def _float(f: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    expected = f"{f.label}应为数字，如 1234.5"
    if isinstance(raw, bool | datetime | date | time):
        raise CellError(f"“{_show(raw)}”不是数字；{expected}。")
    if isinstance(raw, int | float):
        if not math.isfinite(raw):
            raise CellError(f"“{raw}”不是有效数字；{expected}。")
        return float(raw), None
    d = _to_decimal(str(raw))
    if d is None:
        raise CellError(f"“{raw}”不是数字；{expected}。")
    return float(d), None


def _date(f: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    if isinstance(raw, datetime):
        return raw.date(), None
    if isinstance(raw, date):
        return raw, None
    if isinstance(raw, bool | time):
        raise CellError(f"“{_show(raw)}”不是日期；{_DATE_FORMS}。")
    if isinstance(raw, int | float):
        return _date_from_number(float(raw), _show(raw)), None
    month = month_only_date(str(raw))
    if month is not None:
        return month
    return parse_date_text(str(raw)), None


_YEAR_RE = re.compile(r"^(\d{4})\s*年?(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?$")


def _year(f: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    expected = f"{f.label}应为四位年份，如 1998 或 1998年"
    if isinstance(raw, datetime | date):
        return raw.year, None
    if isinstance(raw, bool | time):
        raise CellError(f"“{_show(raw)}”不是年份；{expected}。")
    if isinstance(raw, int | float):
        if not math.isfinite(raw):
            raise CellError(f"“{_show(raw)}”不是年份；{expected}。")
        if raw != int(raw):
            # 1998.05 typed as a number: year.month, as registers write a completion month.
            month = round((raw - int(raw)) * 100)
            if 1000 <= raw < 10000 and 1 <= month <= 12:
                return int(raw), None
            raise CellError(f"“{_show(raw)}”不是年份；{expected}。")
        return int(raw), None
    t = to_halfwidth(str(raw)).strip()
    m = _YEAR_RE.match(t)
    if m:
        return int(m.group(1)), None
    try:
        loose = loose_year(t)
    except AmbiguousValue as e:
        raise CellError(e.message) from None
    if loose is not None:
        return loose[0], loose[1] or None
    d = _to_decimal(t)
    if d is not None and d == d.to_integral_value() and 1000 <= d <= 9999:
        return int(d), None
    try:
        return parse_date_text(t).year, None
    except CellError:
        raise CellError(f"“{raw}”不是年份；{expected}。") from None


def _bool(f: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    if isinstance(raw, bool):
        return raw, None
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw), None
    key = to_halfwidth(str(raw)).strip().casefold()
    if key in _TRUE:
        return True, None
    if key in _FALSE:
        return False, None
    party = party_member_from_status(str(raw))  # 政治面貌 in a 是否党员 column
    if party is not None:
        return party, None
    raise CellError(f"“{_show(raw)}”无法识别；{f.label}请填“是”或“否”。")


def _enum(f: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    assert f.enum is not None, f"enum field {f.name} without enum class"
    text = _show(raw)
    member = parse_enum(f.enum, text)
    if member is None:
        allowed = "、".join(f.enum.labels())
        raise CellError(f"“{text}”不是有效的{f.label}；应为以下之一：{allowed}。")
    return member, None


def _phone(f: FieldSpec, raw: Any) -> tuple[Any, str | None]:
    if isinstance(raw, bool | datetime | date | time):
        raise CellError(f"“{_show(raw)}”不是电话号码；手机号为11位数字，座机如 0431-88881234。")
    if isinstance(raw, int | float):
        digits = _integral_number_text(raw, f.label)
        # Excel drops the leading 0 of a landline typed as a number (043188881234 → 43188881234).
        if len(digits) in (10, 11) and digits[0] != "1":
            fixed = "0" + digits
            return fixed, (f"电话“{digits}”开头的0被Excel去掉了，已补回为“{fixed}”，请核对；"
                           "建议把该列设为“文本”格式。")
        return digits, None
    text = str(raw)
    expanded = _expand_scientific(text, f.label)
    if expanded is not None:
        return expanded, None
    t = to_halfwidth(text).strip()
    if is_masked(t):  # from an export with masked phones: never stored over the real number
        raise CellError(f"电话“{t}”是隐藏了中间几位的号码，不能导入。请改用完整导出的表格，"
                        "或把这一列清空或删去（空着的电话不会改动已登记的号码）。")
    if re.fullmatch(r"\d{7,15}\.0+", t):  # "13912345678.0": a float pasted as text
        t = t.split(".")[0]
    return normalize_phone(t), None


def _show(raw: Any) -> str:
    if isinstance(raw, bool):
        return "TRUE" if raw else "FALSE"
    if isinstance(raw, float):
        return _number_repr(raw)
    if isinstance(raw, datetime):
        return raw.strftime("%Y-%m-%d %H:%M") if raw.time() != time() else raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    return str(raw)


_CONVERTERS = {
    FieldType.TEXT: _text,
    FieldType.INT: _int,
    FieldType.FLOAT: _float,
    FieldType.DATE: _date,
    FieldType.BOOL: _bool,
    FieldType.ENUM: _enum,
    FieldType.PHONE: _phone,
    FieldType.YEAR: _year,
}
