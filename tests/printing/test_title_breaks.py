"""Titles broken at word boundaries (issue 13, item 3; GB/T 9704 §7.3.3): a title line never
ends inside a word, a name or a number — checked on the units, on every measure from 6 to 20
characters, and on the PDFs read back."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest

from wuye_desktop.printing import layout as L
from wuye_desktop.printing.data import Estate
from wuye_desktop.printing.fonts import register_fonts
from wuye_desktop.printing.notices import render_notice_batch
from wuye_desktop.printing.templates import builtin_templates
from wuye_desktop.printing.titlebreak import line_ends_inside, title_units, wrap_title

from .conftest import ISSUE_DATE
from .helpers import needs_poppler

#: (title, names kept whole, words no line may end inside)
TITLES = [
    ("东风花园2026年1月至6月公共收益收支情况公示", ("东风花园",),
     ["东风花园", "2026年1月至6月", "公共收益", "收支情况", "公示"]),
    ("幸福里小区2026年度物业服务满意度调查结果公示", ("幸福里小区",),
     ["幸福里小区", "2026年度", "物业服务", "满意度", "调查", "结果", "公示"]),
    ("光明家园2026年第一次业主大会会议公告", ("光明家园",),
     ["光明家园", "2026年", "第一次", "业主大会", "会议", "公告"]),
    ("关于缴纳2027年度物业服务费的通知", (), ["缴纳", "2027年度", "物业服务费", "通知"]),
    ("长春市南关区桃源社区幸福里小区3号楼电梯更换专项维修资金使用表决公告",
     ("幸福里小区", "3号楼", "桃源社区"),
     ["幸福里小区", "3号楼", "专项维修资金", "使用", "表决", "公告", "电梯"]),
]


def test_units_keep_names_dates_and_words() -> None:
    assert title_units("东风花园2026年1月至6月公共收益收支情况公示", ("东风花园",)) == [
        "东风花园", "2026年1月至6月", "公共收益", "收支情况", "公示"]
    assert title_units("关于开展物业服务满意度测评的通知") == [
        "关于", "开展", "物业服务", "满意度", "测评", "的", "通知"]
    assert "2027年度" in title_units("2027年度物业服务费")
    # an unknown long run may break anywhere rather than overflow the line
    assert len(title_units("甲乙丙丁戊己庚辛壬癸")) == 10


@pytest.mark.parametrize(("title", "keep", "words"), TITLES)
def test_no_line_ends_inside_a_word_at_any_measure(title: str, keep: tuple[str, ...],
                                                   words: list[str]) -> None:
    register_fonts()
    em = L.TITLE.size + L.TITLE.char_space
    broken = 0
    for chars in range(6, 21):
        lines = [ln.text for ln in wrap_title(title, chars * em, L.TITLE, keep)]
        assert "".join(lines) == title
        assert line_ends_inside(lines, words) == [], (chars, lines)
        broken += len(lines) > 1
    assert broken  # the measures do break the title


@needs_poppler
def test_printed_titles_break_between_words(tmp_path: Path, estate: Estate, issuer, values) -> None:  # type: ignore[no-untyped-def]
    east = dataclasses.replace(estate, name="东风花园", buildings=estate.buildings[:1])
    for tid, words in (("public_revenue", TITLES[0][2]), ("survey_results", ["东风花园", "物业服务", "满意度"])):
        out = tmp_path / f"{tid}.pdf"
        render_notice_batch(builtin_templates()[tid], east, values, issuer, ISSUE_DATE, out)
        text = subprocess.run(["pdftotext", "-layout", "-l", "1", str(out), "-"], check=True,
                              capture_output=True, text=True).stdout
        lines = ["".join(ln.split()) for ln in text.splitlines() if ln.strip()]
        title = builtin_templates()[tid].title.replace("{小区名称}", "东风花园").replace(
            "{公示期间}", values["公示期间"]).replace("{调查年度}", values["调查年度"])
        head = []
        for ln in lines:  # the title's lines come first, until they spell the title
            head.append(ln)
            if "".join(head) == title:
                break
        assert "".join(head) == title and len(head) == 2, head
        assert line_ends_inside(head, words) == [], head
