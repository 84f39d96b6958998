"""What different spellings in a hand-kept register mean: one rule each, shared by imports and
forms.

Community offices type registers by hand in Excel and WPS. The same fact comes in many
spellings: an empty cell written "/", "——" or "暂无"; a name with a stray space ("张  伟",
"幸福 小区"); a year as "98年" or "1998.05"; a month without a day ("2022年1月"); party status
as 政治面貌 ("中共党员", "群众"); an area in 万㎡. These functions say what each means, or that it
cannot be told without asking (a decade, "90年代"): they never guess silently.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from .errors import UserError

#: Cells that mean "nothing here" rather than a value (for a count, "无" means 0: see
#: :func:`count_from_none_word`).
EMPTY_MARKERS = frozenset({
    "/", "／", "\\", "＼", "-", "－", "--", "—", "——", "―", "─", "_", "__",
    "无", "暂无", "没有", "空", "空白", "不详", "未知", "待定", "n/a", "na", "null", "none", "nil",
    "*", "…", "...", "。",
})

#: For a count (电梯数, 单元数), these say "zero", not "unknown".
_ZERO_WORDS = frozenset({"无", "没有", "零", "〇"})


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def is_empty_marker(text: str) -> bool:
    """Whether a cell's text is one of the ways registers write "empty" ("/", "——", "暂无" …)."""
    return _key(text) in EMPTY_MARKERS


def count_from_none_word(text: str) -> int | None:
    """0 for "无"/"没有" in a count column (电梯数 无), else None."""
    return 0 if _key(text) in _ZERO_WORDS else None


_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SPACE_BETWEEN_CJK_RE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


def squeeze_name(text: str) -> str:
    """A person's or an estate's name without the spaces people type inside it.

    "张  伟" → "张伟", "幸福 小区" → "幸福小区": spaces between Chinese characters carry nothing in
    a name (they align names in a printed roster). Other runs of spaces become one ("Li  Na"
    → "Li Na"), so a name written in Latin letters keeps its word break.
    """
    t = " ".join(text.replace("\u3000", " ").split())
    return _SPACE_BETWEEN_CJK_RE.sub("", t)


#: 政治面貌 as rosters write it, mapped to "is a member of the Communist Party of China"
#: (预备党员 count: they take part in the branch; other parties and the League do not).
PARTY_MEMBER_WORDS = frozenset({"中共党员", "中国共产党党员", "共产党员", "党员", "中共预备党员",
                                "预备党员"})
NOT_PARTY_MEMBER_WORDS = frozenset({"群众", "共青团员", "团员", "中共团员", "无党派", "无党派人士",
                                    "民主党派", "非党员", "民革党员", "民盟盟员", "民建会员",
                                    "民进会员", "农工党党员", "致公党党员", "九三学社社员",
                                    "台盟盟员"})


def party_member_from_status(text: str) -> bool | None:
    """True/False for a 政治面貌 word, None when the text is not one."""
    k = _key(text).replace(" ", "")
    if k in PARTY_MEMBER_WORDS:
        return True
    if k in NOT_PARTY_MEMBER_WORDS:
        return False
    return None


class AmbiguousValue(UserError):
    """The text means something, but not one value: the worker must say which (the Chinese
    ``message`` explains what to write instead)."""


_DECADE_RE = re.compile(r"^(?:(\d{2})|(\d{4})|([一二三四五六七八九]十))\s*年代"
                        r"(?:初|中|末|初期|中期|后期|末期)?$")
_SHORT_YEAR_RE = re.compile(r"^(\d{2})\s*年$")
_YEAR_DOT_MONTH_RE = re.compile(r"^(\d{4})\s*[.．/\-]\s*(\d{1,2})$")
#: Two-digit years ("98年"): registers of old estates mean 1930–2029. No estate in this
#: product's scope was built before 1930, and none is registered with a year after 2029.
_PIVOT = 30


def loose_year(text: str) -> tuple[int, str] | None:
    """(year, how it was read) for "98年" and "1998.05", None for any other text.

    Raises :class:`AmbiguousValue` for a decade ("90年代", "1990年代"): which year is not written.
    """
    t = unicodedata.normalize("NFKC", text).strip()
    m = _DECADE_RE.match(t)
    if m:
        decade = m.group(1) or m.group(2) or str(chinese_number(m.group(3)))
        raise AmbiguousValue(f"“{text}”是年代，不是具体年份，不能替您猜是哪一年；请填写四位年份"
                             f"（如{_decade_example(decade)}），或在导入预览的“值对应”中选择年份；"
                             "不确定时可填估计的年份并在备注中写明。")
    m = _SHORT_YEAR_RE.match(t)
    if m:
        yy = int(m.group(1))
        year = (2000 if yy < _PIVOT else 1900) + yy
        return year, f"“{text}”已按{year}年读取，请核对。"
    m = _YEAR_DOT_MONTH_RE.match(t)
    if m and 1 <= int(m.group(2)) <= 12:
        return int(m.group(1)), ""
    return None


def decade_years(text: str) -> list[int] | None:
    """The years a decade cell ("90年代", "八十年代", "2000年代初") may mean, for the worker to
    choose one from; None when the text is not a decade. Never one year: that would be a guess."""
    m = _DECADE_RE.match(unicodedata.normalize("NFKC", text).strip())
    if not m:
        return None
    y = int(m.group(1) or m.group(2) or str(chinese_number(m.group(3))))
    if y < 100:
        y += 2000 if y < _PIVOT else 1900
    start = y - y % 10
    return list(range(start, start + 10))


def _decade_example(decade: str) -> str:
    y = int(decade)
    if y < 100:
        y += 2000 if y < _PIVOT else 1900
    return str(y + 5)


_YEAR_MONTH_RE = re.compile(r"^(\d{4})\s*(?:年\s*(\d{1,2})\s*月份?|[.．/\-]\s*(\d{1,2}))$")


def month_only_date(text: str) -> tuple[date, str] | None:
    """(first of that month, a note to show) for "2022年1月", "2022.1", "2022-01"; else None.

    A register often keeps only the month a term or a contract started. The first of the month
    is what the office means by it; the note makes the reading visible rather than silent.
    """
    t = unicodedata.normalize("NFKC", text).strip()
    m = _YEAR_MONTH_RE.match(t)
    if not m:
        return None
    year, month = int(m.group(1)), int(m.group(2) or m.group(3))
    if not 1 <= month <= 12 or not 1900 <= year <= 2999:
        return None
    d = date(year, month, 1)
    return d, f"“{text}”只写到月份，已按{d.isoformat()}（当月1日）读取，请核对。"


_TEN_THOUSAND_RE = re.compile(r"万\s*(㎡|m²|m2|平方米|平米|元|户|人)")


def header_scale(unit: str) -> int:
    """How many base units one unit in a header stands for: 10000 for "万㎡", "万平方米", "万元";
    1 otherwise. Imported numbers are multiplied, so 1.23 (万㎡) is stored as 12300 ㎡."""
    return 10000 if _TEN_THOUSAND_RE.search(unicodedata.normalize("NFKC", unit)) else 1


_PERIOD_DATE = (r"\d{4}\s*[年./\-]\s*\d{1,2}(?:\s*[月./\-]\s*\d{1,2}\s*日?|\s*月)?|\d{8}")
_PERIOD_RE = re.compile(rf"^({_PERIOD_DATE})\s*(?:至|到|—{{1,2}}|–|~|～|-|－|/)\s*({_PERIOD_DATE})$")
#: Headers of one column holding a whole term ("合同期限": 2022.1.1-2024.12.31).
PERIOD_HEADERS = ("合同期限", "合同期", "合同起止日期", "合同起止时间", "合同起止", "合同有效期",
                  "服务期限", "服务期", "合同服务期限")


def split_period(text: str) -> tuple[str, str] | None:
    """The start and end of "2022.1.1-2024.12.31", "2023年1月1日至2025年12月31日",
    "20220101~20241231" as two date texts; None when the text is not two dates joined."""
    t = unicodedata.normalize("NFKC", text).strip()
    m = _PERIOD_RE.match(t)
    return (m.group(1), m.group(2)) if m else None


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_NUMBER_RE = re.compile(r"^[零〇一二两三四五六七八九十百]+$")
_BUILDING_SUFFIX_RE = re.compile(r"(号楼|号|栋|幢|座|楼|#)$")


def chinese_number(text: str) -> int | None:
    """12 for "十二", 105 for "一百零五", 3 for "三"; None when the text is not such a number."""
    if not text or not _CN_NUMBER_RE.match(text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _CN_DIGITS[ch] if current else _CN_DIGITS[ch]
    return total + current


def building_key(number: str) -> str:
    """What a building number means, for matching: "1#", "1栋", "1幢", "一号楼", "01", "１号楼",
    "1 号楼" and "1号楼" are one building ("1"). The register's own spelling is what is stored
    and shown; this key only decides that two spellings are the same building. A number that
    is not a plain number with a suffix ("综合楼", "A座", "3-1") is compared as written,
    ignoring spaces, width and case."""
    t = "".join(unicodedata.normalize("NFKC", number).split()).casefold()
    core = t
    while True:
        stripped = _BUILDING_SUFFIX_RE.sub("", core)
        if stripped == core:
            break
        core = stripped
    if core.isdigit():
        return str(int(core))
    n = chinese_number(core)
    if n is not None:
        return str(n)
    return t


_PHONE_SPLIT_RE = re.compile(r"\s*[/／、,，;；|]\s*|\s+(?=1[3-9]\d)|(?<=\d{11})(?=1[3-9]\d{9}\b)")
_PHONE_LIKE_RE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$|^\d{7,8}$")


def split_phones(text: str) -> list[str]:
    """Several phone numbers in one cell ("13912345678/13812345678", "…、…") as a list; one
    element when the cell holds one number (or something that is not a list of numbers)."""
    t = unicodedata.normalize("NFKC", text).strip()
    parts = [p for p in _PHONE_SPLIT_RE.split(t) if p]
    if len(parts) > 1 and all(_PHONE_LIKE_RE.match(p.replace(" ", "")) for p in parts):
        return parts
    return [t]


_NAME_SPLIT_RE = re.compile(r"\s*[、/／,，;；]\s*")
_PERSON_NAME_RE = re.compile(r"^[\u4e00-\u9fff·]{2,5}$")


def split_names(text: str) -> list[str]:
    """Two (or more) people written in one name cell ("林冬梅、曾淑兰", "张伟/李娜") as a list;
    one element when the cell holds one name or anything that is not a list of Chinese names
    (a name is never split on a guess: "张三（兼）" stays as written)."""
    t = squeeze_name(text)
    parts = [p for p in _NAME_SPLIT_RE.split(t) if p]
    if len(parts) > 1 and all(_PERSON_NAME_RE.match(p) for p in parts):
        return parts
    return [t]
