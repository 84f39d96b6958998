""""Print all estates" makes one document: every estate drawn on one canvas, so each font subset
is embedded once, with the pages, texts and per-notice page numbers of printing them one by one."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from wuye_desktop.printing import PrintCancelled
from wuye_desktop.services.context import Services

from .helpers import assert_fonts_embedded, fonts, page_texts

WINTER = {"季节": "冬季"}


def embedded_font_files(pdf: Path) -> int:
    """Font programs (FontFile2 streams) in the file, counted once per object."""
    reader = PdfReader(str(pdf))
    seen: set[int] = set()
    for page in reader.pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            for desc in font.get("/DescendantFonts", [font]):
                fd = desc.get_object().get("/FontDescriptor")
                if fd is not None and "/FontFile2" in fd.get_object():
                    seen.add(fd.get_object().raw_get("/FontFile2").idnum)
    return len(seen)


def test_all_estates_embed_each_font_once(svc: Services, tmp_path: Path) -> None:
    estates = svc.printing.estates()
    buildings = [(r["estate_name"], r["number"]) for r in svc.registers.rows("buildings")]
    assert len({e for e, _ in buildings}) > 1  # the demo has several estates
    seen_progress: list[tuple[int, int]] = []
    out = tmp_path / "all.pdf"
    res = svc.printing.notice_batch("fire_safety", None, WINTER, out,
                                    progress=lambda d, t: seen_progress.append((d, t)))
    texts = page_texts(out)
    assert res.pages == len(texts) == len(buildings)  # fire_safety is one page per building
    per_estate = Counter(next(e for e, b in buildings if f"{e}{b}各位居民" in t) for t in texts)
    assert per_estate == Counter(e for e, _ in buildings)
    assert all(t.endswith("—1—") for t in texts)  # each notice numbers its own pages
    # Each face's subsets (ReportLab makes one per 256 glyphs: AAAAAA+, AAAAAB+ …) appear once,
    # not once per estate as when estates were rendered apart and joined.
    names = [row[0] for row in fonts(out)]
    assert len(names) == len(set(names)) < len(estates), names
    assert embedded_font_files(out) == len(names)
    assert_fonts_embedded(out)
    assert seen_progress[-1] == (len(buildings), len(buildings))
    assert [d for d, _ in seen_progress] == list(range(1, len(buildings) + 1))
    assert len(estates) == len(per_estate)


def test_cancel_mid_batch_leaves_no_file(svc: Services, tmp_path: Path) -> None:
    out = tmp_path / "all.pdf"
    done: list[int] = []
    with pytest.raises(PrintCancelled):
        svc.printing.notice_batch("fire_safety", None, WINTER, out,
                                  progress=lambda d, _t: done.append(d),
                                  cancelled=lambda: len(done) >= 5)
    assert done == [1, 2, 3, 4, 5]
    assert not out.exists()
