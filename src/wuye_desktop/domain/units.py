"""Units (单元) of a building: how a unit number is written, and the one rule that keeps a
building's 单元数 equal to its units.

Registers write a unit as "2单元", "二单元", "第2单元", "02" or "2"; all of them are unit "2".
A name that is not a number ("东单元", "A") is kept as written, without the "单元" suffix.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection

from .validation import Issue, to_halfwidth

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_WRAPPER_RE = re.compile(r"^第?(.*?)(?:号?单元|单元号|号)?$")


def _chinese_number(text: str) -> int | None:
    """一 … 九十九 (enough for the units of one building); None if ``text`` is not one."""
    if not text or any(c not in _DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return int("".join(str(_DIGITS[c]) for c in text)) if len(text) <= 2 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


def unit_number(text: object) -> str | None:
    """The canonical number of a unit as written in a register ("2单元" → "2"); None if blank."""
    if text is None:
        return None
    if isinstance(text, int | float) and not isinstance(text, bool):
        return str(int(text)) if float(text).is_integer() else str(text)
    raw = "".join(to_halfwidth(str(text)).split())
    if not raw:
        return None
    m = _WRAPPER_RE.match(raw)
    core = (m.group(1) if m else raw) or raw
    if core.isdigit():
        return str(int(core))
    n = _chinese_number(core)
    return str(n) if n is not None else core


def unit_sort_key(number: str) -> tuple[int, int, str]:
    """Numbers in numeric order (2 before 10), names after them."""
    return (0, int(number), "") if number.isdigit() else (1, 0, number)


def units_to_add(unit_count: int | None, existing: Collection[str]) -> list[str]:
    """The units to create so that a building of ``unit_count`` units has that many: the
    lowest free numbers 1, 2, 3 … (existing numbers are kept as they are)."""
    need = (unit_count or 0) - len(existing)
    out: list[str] = []
    n = 1
    while len(out) < need:
        if str(n) not in existing:
            out.append(str(n))
        n += 1
    return out


def unit_count_issue(unit_count: int | None, existing: int) -> Issue | None:
    """A building's 单元数 may grow (the missing units are created) but never drop below the
    units it has: a unit is removed by deleting it, so no lead loses its unit silently."""
    if unit_count is None or unit_count >= existing:
        return None
    return Issue("unit_count", f"该楼栋已登记{existing}个单元，单元数不能少于{existing}。"
                               "如要减少，请先在单元列表中删除多余的单元。")


def unit_count_of(existing: Collection[str]) -> int | None:
    """The 单元数 a building shows for its live units (None when it has none recorded)."""
    return len(existing) or None


#: Namespace of the ids of units made from a 单元数 (see :func:`made_unit_id`).
_UNIT_NAMESPACE = uuid.UUID("6f1c2a4e-3b7d-5e90-9a41-0c8d2f6b7e15")


def made_unit_id(building_id: str, number: str) -> str:
    """The id of a unit made from a building's 单元数 (by the upgrade or by raising the count):
    the same on every device, so two devices making "unit 3 of building X" make one row, which
    the county merges, instead of two rows that collide on pull."""
    return str(uuid.uuid5(_UNIT_NAMESPACE, f"{building_id}/{number}"))
