"""禁则 line breaking: unit tests with a fixed-width measure, property tests, real-font checks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wuye_desktop.printing import layout as L
from wuye_desktop.printing.linebreak import NO_END, NO_START, break_text, split_units, violations
from wuye_desktop.printing.text import measurer, wrap


def mono(unit: str) -> float:
    """Every character one unit wide (CJK cells)."""
    return float(len(unit))


def lines_of(text: str, width: float, indent: float = 0.0) -> list[str]:
    return [ln.text for ln in break_text(text, width, mono, indent)]


def test_plain_cjk_fills_lines_exactly():
    assert lines_of("一二三四五六七八九十", 5) == ["一二三四五", "六七八九十"]


def test_comma_never_starts_a_line_push_out():
    # "，" would be the 6th character: the break moves back so "五，" go down together.
    lines = lines_of("一二三四五，六七八九", 5)
    assert lines == ["一二三四", "五，六七八", "九"]
    assert not violations(lines)


def test_period_and_closing_quote_never_start_a_line():
    lines = lines_of("一二三四“五”。六七八九十", 5)
    assert all(not ln or ln[0] not in NO_START for ln in lines[1:])
    assert "".join(lines) == "一二三四“五”。六七八九十"


def test_opening_bracket_never_ends_a_line():
    lines = lines_of("一二三四《五六》七八", 5)
    assert lines[0] == "一二三四"
    assert lines[1].startswith("《")


def test_all_no_start_marks_are_respected():
    for mark in "，。、；：！？）》」”":
        lines = lines_of("甲乙丙丁" + mark + "戊己庚辛", 4)
        assert not lines[1].startswith(mark), mark
        assert not violations(lines), mark


def test_all_no_end_marks_are_respected():
    for mark in "（《「“":
        lines = lines_of("甲乙丙" + mark + "丁戊己庚", 4)
        assert not lines[0].endswith(mark), mark


def test_numbers_and_phone_numbers_are_not_split():
    units = split_units("电话13843112345，费率0.65元，3.5%")
    assert "13843112345" in units and "0.65" in units and "3.5%" in units
    lines = lines_of("联系电话13843112345", 6)
    assert any("13843112345" in ln for ln in lines)


def test_hyphenated_number_may_break_after_the_hyphen_only():
    assert split_units("0431-85912345") == ["0431-", "85912345"]
    assert lines_of("电话：0431-85912345", 9) == ["电话：0431-", "85912345"]
    assert lines_of("电话：0431-85912345", 6) == ["电话：", "0431-", "85912345"]


def test_dashes_and_ellipses_stay_whole():
    lines = lines_of("一二三四——五六", 5)
    assert all(ln.count("—") in (0, 2) for ln in lines)
    lines = lines_of("一二三四……五六", 5)
    assert all(ln.count("…") in (0, 2) for ln in lines)


def test_first_line_indent_reduces_first_line_only():
    lines = break_text("一二三四五六七八", 4, mono, first_indent=2)
    assert [ln.text for ln in lines] == ["一二", "三四五六", "七八"]
    assert lines[0].indent == 2 and lines[1].indent == 0
    assert lines[-1].last and not lines[0].last


def test_unbreakable_run_longer_than_line_is_forced():
    lines = lines_of("ABCDEFGHIJ", 4)
    assert "".join(lines) == "ABCDEFGHIJ"


def test_empty_paragraph_keeps_one_empty_line():
    assert lines_of("", 10) == [""]


_HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
_word = st.builds(
    lambda body, pre, post: pre + body + post,
    st.text(alphabet=_HAN, min_size=1, max_size=5),
    st.sampled_from(["", "“", "《", "（"]),
    st.sampled_from(["", "，", "。", "、", "；", "”", "》", "）", "”。", "）、", "！", "？"]),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_word, min_size=1, max_size=40), st.integers(min_value=4, max_value=30))
def test_property_no_violation_no_loss_no_overflow(words, width):
    text = "".join(words)
    lines = lines_of(text, width)
    assert "".join(lines) == text
    assert not violations(lines)
    assert all(len(ln) <= width for ln in lines)


def test_real_font_body_has_28_cells_per_line():
    text = "根" * 100
    lines = wrap(text, L.BLOCK_W, L.BODY)
    # Two-character indent on the first line, then exactly 28 characters per line.
    assert [len(ln.text) for ln in lines] == [26, 28, 28, 18]
    m = measurer(L.BODY)
    for ln in lines:
        assert ln.indent + m(ln.text) - L.BODY_CHAR_SPACE <= L.BLOCK_W + 0.01


def test_no_start_and_no_end_sets_are_disjoint():
    assert not (NO_START & NO_END)


def test_a_slash_binds_its_neighbours() -> None:
    # "1.20元/平方米" must not end a line with "元/" (seen in the 物业费收缴率公示 sample)
    units = split_units("商业网点1.20元/平方米·月")
    assert "元/平" in units and "1.20" in units and "元" not in units and "/" not in units
    assert split_units("a/b 2026/12") == ["a/b", " ", "2026/12"]
