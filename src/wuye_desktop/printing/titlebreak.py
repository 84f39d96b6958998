"""Title lines broken at word boundaries (GB/T 9704-2012 §7.3.3: 回行时要做到词意完整).

A body paragraph may break between any two ideographs; a title may not end a line inside a
word or a number ("…至6 / 月…", "…物业 / 服务满意度…"). Rather than ship a segmenter and its
20 MB dictionary, the title's break opportunities are computed here:

* the names the caller knows (estate, community, company, building) are one unit each;
* dates and numbers with their unit ("2026年1月至6月", "2027年度", "第一次", "3号楼") are one unit;
* the words of :data:`LEXICON` (what notice titles are made of) are one unit each, longest first;
* a single function word (的、和、与、及、至…) is a unit, so a line may end before or after it;
* any other run of ideographs stays whole: it is a word this module does not know, and an
  unknown word is better kept than split. Only a run longer than :data:`MAX_RUN` (which could
  not be balanced) falls back to one unit per character.

Punctuation keeps the 禁则 of :mod:`.linebreak` (a unit that starts with "，" never starts a line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .linebreak import Line, break_unit_list, split_units
from .text import TextStyle, measurer

#: Words of notice, report and contract titles (county templates may use others; an unknown
#: word is kept whole anyway, see the module docstring).
LEXICON: tuple[str, ...] = (
    "物业服务企业", "物业服务合同", "物业服务费", "物业服务", "物业管理", "物业费", "物业",
    "业主委员会", "业主大会", "物业管理委员会", "筹备组", "业主", "居民委员会", "居委会", "社区",
    "小区", "楼栋", "楼长", "单元", "满意度", "测评", "调查", "征询", "意愿", "结果", "公共收益",
    "收支情况", "收支", "情况", "公示", "公告", "通知书", "通知单", "通知", "告知书", "提示",
    "温馨提示", "决定", "聘书", "聘任", "聘请", "会议", "召开", "开展", "做好", "进行", "关于",
    "第一次", "临时", "停水", "停电", "停气", "消防安全", "消防", "安全", "检查", "巡查",
    "考核", "报告", "整改", "限期", "责令", "承诺书", "装饰装修", "管理服务", "协议", "合同",
    "收缴", "缴纳", "缴费", "工作", "年度", "季度", "冬季", "夏季", "供暖", "电梯", "维修",
    "专项维修资金", "使用", "表决", "选举", "换届", "改造", "老旧小区", "验收", "承接查验",
)
#: Single characters a title line may end before or after.
FUNCTION_WORDS = frozenset("的和与及至暨等为对在于")
#: An unknown run of ideographs longer than this may break between any two of them.
MAX_RUN = 8

_NUMBER_RE = re.compile(
    r"\d{4}[—-]\d{4}年度?|\d{4}年度"
    r"|\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?(?:至(?:\d{4}年)?\d{1,2}月(?:\d{1,2}日)?)?"
    r"|第[一二三四五六七八九十百\d]+[次届期号批轮]"
    r"|\d+(?:\.\d+)?(?:号楼|栋|号|楼|单元|期|月|日|年|%|户|元|个|项|天)?"
    r"|[一二三四五六七八九十]+(?:号楼|栋|单元|期|季度)"
)
_HAN_RE = re.compile(r"[\u3400-\u9fff]")
_LEXICON_LONGEST_FIRST = sorted(LEXICON, key=len, reverse=True)


def title_units(text: str, keep: Sequence[str] = ()) -> list[str]:
    """Split a title into units a line may break between (see the module docstring)."""
    n = len(text)
    owner = [-1] * n  # span id per character; -1: not yet claimed
    spans: list[tuple[int, int]] = []

    def claim(a: int, b: int) -> None:
        if b > a and all(o == -1 for o in owner[a:b]):
            spans.append((a, b))
            for i in range(a, b):
                owner[i] = len(spans) - 1

    for term in sorted({k for k in keep if k}, key=len, reverse=True):
        for m in re.finditer(re.escape(term), text):
            claim(m.start(), m.end())
    for m in _NUMBER_RE.finditer(text):
        claim(m.start(), m.end())
    i = 0
    while i < n:
        if owner[i] == -1:
            hit = next((w for w in _LEXICON_LONGEST_FIRST if text.startswith(w, i)
                        and all(o == -1 for o in owner[i:i + len(w)])), None)
            if hit:
                claim(i, i + len(hit))
                i += len(hit)
                continue
        i += 1
    units: list[str] = []
    i = 0
    while i < n:
        if owner[i] != -1:
            a, b = spans[owner[i]]
            units.append(text[a:b])
            i = b
            continue
        j = i
        while j < n and owner[j] == -1 and _HAN_RE.match(text[j]) and text[j] not in FUNCTION_WORDS:
            j += 1
        if j > i:  # an unknown word: whole, unless too long to balance
            run = text[i:j]
            units.extend(run if len(run) > MAX_RUN else [run])
            i = j
            continue
        j = i + 1
        while j < n and owner[j] == -1 and not _HAN_RE.match(text[j]):
            j += 1
        units.extend(split_units(text[i:j]))
        i = j
    return units


def wrap_title(text: str, width: float, style: TextStyle, keep: Sequence[str] = ()) -> list[Line]:
    """Break a title into lines of at most ``width``, only between :func:`title_units`."""
    m = measurer(style)
    limit = width + style.char_space  # as ``text.wrap``: trailing char-spacing is outside the ink
    lines: list[Line] = []
    for para in text.split("\n"):
        lines.extend(break_unit_list(title_units(para, keep), limit, m))
    return lines


def line_ends_inside(lines: Sequence[str], words: Sequence[str]) -> list[str]:
    """The words of ``words`` a line break falls inside (for tests and self-checks)."""
    joined = "".join(lines)
    cuts, pos = set(), 0
    for ln in lines[:-1]:
        pos += len(ln)
        cuts.add(pos)
    bad = []
    for w in words:
        for m in re.finditer(re.escape(w), joined):
            if any(m.start() < c < m.end() for c in cuts):
                bad.append(w)
    return bad


__all__ = ["FUNCTION_WORDS", "LEXICON", "line_ends_inside", "title_units", "wrap_title"]
