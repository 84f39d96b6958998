"""Batch notices: content per building, embedded fonts, GB/T 9704 geometry, batches."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from wuye_desktop.printing import layout as L
from wuye_desktop.printing.data import Building, BuildingLead, Estate
from wuye_desktop.printing.notices import (
    KEEP_WITH_SIGNATURE,
    PrintCancelled,
    compose_rows,
    paginate,
    render_notice,
    render_notice_batch,
)
from wuye_desktop.printing.templates import TemplateError, builtin_templates, parse_template

from .conftest import ISSUE_DATE, LEADS
from .helpers import assert_gongwen_fonts_on_a4, needs_poppler, page_texts, pdffonts, pdftext, words_bbox

TEMPLATE_IDS = sorted(builtin_templates())

MM = 72 / 25.4


def batch(tmp_path, estate, issuer, values, tid="fee_reminder", **kw):
    out = tmp_path / f"{tid}.pdf"
    res = render_notice_batch(builtin_templates()[tid], estate, values, issuer, ISSUE_DATE, out,
                              **kw)
    return out, res


@needs_poppler
@pytest.mark.parametrize("tid", TEMPLATE_IDS)
def test_every_template_one_page_per_building_with_names(tmp_path, estate, issuer, values, tid):
    out, res = batch(tmp_path, estate, issuer, values, tid)
    pages = page_texts(out)
    assert res.pages == len(pages) == len(estate.buildings)
    tpl = builtin_templates()[tid]
    for page, b in zip(pages, estate.buildings, strict=True):
        if tpl.per_building:  # a pledge or a commendation is addressed to no building
            assert b.number in page
        if "楼长姓名" in tpl.placeholders:
            assert b.lead.name in page
        if "楼长电话" in tpl.placeholders:
            assert b.lead.phone in page
        assert "2026年11月21日" in page
        assert ("—1—" in page) is tpl.page_numbers


@needs_poppler
@pytest.mark.parametrize("tid", TEMPLATE_IDS)
def test_all_fonts_embedded_as_subsets(tmp_path, estate, issuer, values, tid):
    out, _ = batch(tmp_path, estate, issuer, values, tid)
    fonts = pdffonts(out)
    assert fonts, "no fonts at all?"
    for f in fonts:
        assert f["emb"] == "yes" and f["sub"] == "yes", f
    assert not any("Helvetica" in f["name"] for f in fonts)
    assert_gongwen_fonts_on_a4(out)


@needs_poppler
@pytest.mark.parametrize("tid", TEMPLATE_IDS)
def test_text_lies_inside_the_gbt9704_text_block(tmp_path, estate, issuer, values, tid):
    out, _ = batch(tmp_path, estate, issuer, values, tid)
    left, right = 28 * MM, (28 + 156) * MM
    top, bottom = 37 * MM, (37 + 225) * MM
    tol = 0.6
    words = words_bbox(out)
    assert words
    body = [w for w in words if not w[1].isdigit() and w[1] != "—"]
    for page, word, x0, y0, x1, y1 in body:
        assert left - tol <= x0 and x1 <= right + tol, (page, word, x0, x1)
        assert top - tol <= y0 and y1 <= bottom + tol, (page, word, y0, y1)
    # The page number "— 1 —" sits below the block: 7 mm gap, right side on odd pages.
    numbers = [w for w in words if w[1].isdigit() and w[3] > bottom]
    assert len(numbers) == (len(estate.buildings) if builtin_templates()[tid].page_numbers else 0)
    for _, _, x0, y0, _, y1 in numbers:
        # Box top/bottom of the 14 pt figures: the dashes' middle is about 7 mm below the block.
        assert bottom + 3 * MM < y0 and y1 < bottom + 12 * MM
        assert x0 > L.PAGE_W / 2


@needs_poppler
def test_geometry_22_lines_of_28_characters(tmp_path, estate, issuer):
    long_body = ["测" * 28 * 50]
    tpl = parse_template({"id": "long", "version": 1, "name": "长文", "title": "标题",
                          "body": long_body})
    out = tmp_path / "long.pdf"
    render_notice_batch(tpl, estate, {}, issuer, ISSUE_DATE, out, buildings=estate.buildings[:1])
    words = [w for w in words_bbox(out) if w[0] == 2 and "测" in w[1]]
    lines: dict[float, str] = {}
    for _, word, _, y0, _, _ in words:
        key = round(y0, 1)
        lines[key] = lines.get(key, "") + word
    # Page 2 is a full page of body text: 22 rows, each 28 characters.
    assert len(lines) == L.LINES_PER_PAGE
    assert all(len(t) == L.CHARS_PER_LINE for t in list(lines.values())[:-1])
    ys = sorted(lines)
    pitch = (ys[-1] - ys[0]) / (len(ys) - 1)
    assert abs(pitch - 225 * MM / 22) < 0.05


@needs_poppler
def test_lines_obey_kinsoku_in_the_pdf(tmp_path, estate, issuer, values):
    out, _ = batch(tmp_path, estate, issuer, values, "owners_assembly")
    import subprocess

    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    assert len(lines) > 20
    for ln in lines:
        assert ln[0] not in "，。、；：！？）》」”", ln
        assert ln[-1] not in "（《「“", ln


def test_signature_block_never_alone_on_a_page(estate, issuer):
    # Body lengths chosen so that the signature lands at every position around a page break.
    for n_chars in range(28 * 15, 28 * 24, 14):
        tpl = parse_template({"id": "x", "version": 1, "name": "x", "title": "关于测试的通知",
                              "addressee": "各位居民：", "body": ["测" * n_chars]})
        notice = render_notice(tpl, estate, estate.buildings[0], {}, issuer, ISSUE_DATE)
        pages = paginate(compose_rows(notice))
        assert all(len(p) <= L.LINES_PER_PAGE for p in pages)
        last = pages[-1]
        body_rows = [r for r in last if r.kind == "body"]
        assert len(body_rows) >= KEEP_WITH_SIGNATURE, n_chars
        assert [r.kind for r in last][-2:] == ["signature", "date"]


def test_signature_right_aligned_and_date_shifted_two_cells(estate, issuer, values):
    notice = render_notice(builtin_templates()["fire_safety"], estate, estate.buildings[0], values,
                           issuer, ISSUE_DATE)
    rows = compose_rows(notice)
    sig = next(r for r in rows if r.kind == "signature")
    date = next(r for r in rows if r.kind == "date")
    assert date.line.text == "2026年11月21日"
    right_edge = sig.x + sig.line.width - L.BODY_CHAR_SPACE
    if date.x + date.line.width - L.BODY_CHAR_SPACE < right_edge:
        assert abs(right_edge - (L.BLOCK_RIGHT - 2 * L.CELL)) < 0.01
        assert abs(date.x - sig.x - 2 * L.CELL) < 0.01
    else:
        assert abs(sig.x - (date.x - 2 * L.CELL)) < 0.01


def test_long_title_is_balanced_on_two_lines(estate, issuer):
    tpl = parse_template({"id": "t", "version": 1, "name": "t",
                          "title": "关于召开{小区名称}2026年第一次业主大会会议的公告",
                          "body": ["正文。"]})
    notice = render_notice(tpl, estate, estate.buildings[0], {}, issuer, ISSUE_DATE)
    titles = [r.line.text for r in compose_rows(notice) if r.kind == "title"]
    assert len(titles) == 2
    # Greedy wrapping would leave "公告" alone; balanced lines differ by a few cells at most.
    assert abs(len(titles[0]) - len(titles[1])) <= 3


def test_per_building_files_progress_and_names(tmp_path, estate, issuer, values):
    calls = []
    res = render_notice_batch(builtin_templates()["fire_safety"], estate, values, issuer,
                              ISSUE_DATE, tmp_path / "out", per_building_files=True,
                              progress=lambda d, t: calls.append((d, t)))
    assert len(res.files) == len(estate.buildings)
    assert calls == [(i, len(estate.buildings)) for i in range(1, len(estate.buildings) + 1)]
    for f, b in zip(res.files, estate.buildings, strict=True):
        assert f.exists() and b.number in f.name
        assert len(PdfReader(f).pages) == 1


def test_selected_buildings_only_and_stream_output(estate, issuer, values):
    buf = io.BytesIO()
    res = render_notice_batch(builtin_templates()["fee_reminder"], estate, values, issuer,
                              ISSUE_DATE, buf, buildings=estate.buildings[2:4])
    assert res.buildings == 2 and res.files == ()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(buf.getvalue())).pages)
    assert LEADS[2] in text.replace(" ", "") and LEADS[0] not in text


def test_cancel_stops_and_removes_partial_output(tmp_path, estate, issuer, values):
    done = []
    out = tmp_path / "all.pdf"
    with pytest.raises(PrintCancelled):
        render_notice_batch(builtin_templates()["fee_reminder"], estate, values, issuer,
                            ISSUE_DATE, out, progress=lambda d, t: done.append(d),
                            cancelled=lambda: len(done) >= 2)
    assert done == [1, 2]
    assert not out.exists()
    folder = tmp_path / "each"
    with pytest.raises(PrintCancelled):
        render_notice_batch(builtin_templates()["fee_reminder"], estate, values, issuer,
                            ISSUE_DATE, folder, per_building_files=True,
                            cancelled=lambda: True)
    assert list(folder.glob("*.pdf")) == []


def test_missing_lead_is_reported_before_anything_is_written(tmp_path, issuer, values):
    est = Estate("幸福里小区", buildings=(Building("1号楼", BuildingLead("张桂芳", "13800000000")),
                                         Building("5号楼"), Building("7号楼")))
    out = tmp_path / "x.pdf"
    with pytest.raises(TemplateError, match="5号楼、7号楼"):
        render_notice_batch(builtin_templates()["fire_safety"], est, values, issuer, ISSUE_DATE,
                            out)
    assert not out.exists()
    render_notice_batch(builtin_templates()["fire_safety"], est, values, issuer, ISSUE_DATE, out,
                        missing_lead="blank")
    assert "________" in PdfReader(out).pages[1].extract_text()


def test_missing_field_value_is_reported(tmp_path, estate, issuer):
    with pytest.raises(TemplateError, match="必填内容未填写"):
        render_notice_batch(builtin_templates()["water_power_cut"], estate, {}, issuer,
                            ISSUE_DATE, tmp_path / "x.pdf")


@needs_poppler
def test_rare_name_characters_fall_back_to_hei_and_print(tmp_path, issuer, values):
    # 喆 and 堃 are outside GB 2312 (the 仿宋 subset) but inside GBK (the Hei face).
    est = Estate("幸福里小区", buildings=(Building("2号楼", BuildingLead("王喆堃", "13800000000")),))
    out = tmp_path / "rare.pdf"
    render_notice_batch(builtin_templates()["fire_safety"], est, values, issuer, ISSUE_DATE, out)
    assert "王喆堃" in pdftext(out)
    names = {f["name"].split("+")[-1] for f in pdffonts(out)}
    assert any("WenQuanYi" in n for n in names) and any("FandolFang" in n for n in names)
