"""Benchmark: a 1,000-building notice batch against bare ReportLab drawing the same text.

Run from the repository root::

    .venv/bin/python benchmarks/bench_print.py [--buildings 1000] [--repeat 3]

Prints pages/s and peak Python memory (tracemalloc, measured in separate runs so it does not
slow the timed ones) for the engine and for a baseline that draws exactly the same strings with
the same fonts and sizes via ``canvas.drawString`` (no templates, no line breaking, no
justification), and the ratio engine ÷ baseline (goal ≥ 0.8×). Also prints the process's peak RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from wuye_desktop.printing import layout as L
from wuye_desktop.printing import notices
from wuye_desktop.printing.data import Building, BuildingLead, Estate, Issuer
from wuye_desktop.printing.fonts import register_fonts
from wuye_desktop.printing.templates import builtin_templates
from wuye_desktop.printing.text import baseline_in_box

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["桂芳", "建国", "淑珍", "秀英", "志强", "海燕", "立新", "晓燕", "国庆", "丽华"]
VALUES = {
    "收费年度": "2027", "收费标准": "0.65", "缴费截止日期": "2026年12月31日",
}
ISSUE = dt.date(2026, 11, 21)


def make_estate(n: int) -> Estate:
    buildings = tuple(
        Building(f"{i}号楼", BuildingLead(SURNAMES[i % 20] + GIVEN[i % 10], f"138{i:08d}"))
        for i in range(1, n + 1)
    )
    return Estate("幸福里小区", "建设路18号", "幸福里社区", "长春安居物业服务有限公司", buildings)


ISSUER = Issuer("幸福里社区居民委员会", "刘晓燕", "0431-85912345")


def engine(estate: Estate) -> int:
    """The real thing: templates, 禁则 breaking, justification, pagination, fallback."""
    notices._wrapped.cache_clear()  # no help from a previous run
    notices._balanced_title.cache_clear()
    buf = io.BytesIO()
    res = notices.render_notice_batch(
        builtin_templates()["fee_reminder"], estate, VALUES, ISSUER, ISSUE, buf
    )
    return res.pages


def prepare_bare(estate: Estate) -> list[list[tuple[str, float, float, float, str]]]:
    """The engine's final strings and positions, computed outside the timed baseline."""
    tpl = builtin_templates()["fee_reminder"]
    pages = []
    for b in estate.buildings:
        rendered = notices.render_notice(tpl, estate, b, VALUES, ISSUER, ISSUE)
        for page in notices.paginate(notices.compose_rows(rendered)):
            items = []
            top = L.BLOCK_TOP
            for row in page:
                if row.line is not None:
                    st = notices._style_of(row.kind)
                    x = row.x if row.kind in ("signature", "date") else L.BLOCK_LEFT
                    items.append(
                        (st.font, st.size, x + row.line.indent, baseline_in_box(top, st),
                         row.line.text)
                    )
                top -= L.LINE_PITCH
            items.append((L.PAGE_NO.font, L.PAGE_NO_SIZE, L.BLOCK_RIGHT - 60,
                          L.BLOCK_BOTTOM - 25, "— 1 —"))
            pages.append(items)
    return pages


def bare(pages: list[list[tuple[str, float, float, float, str]]]) -> int:
    """Bare ReportLab: setFont + drawString for the same strings, same fonts, one PDF."""
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=(L.PAGE_W, L.PAGE_H), initialFontName=L.BODY.font)
    for items in pages:
        for font, size, x, y, text in items:
            canv.setFont(font, size)
            canv.drawString(x, y, text)
        canv.showPage()
    canv.save()
    return len(pages)


def timed(fn: Callable[[], int], repeat: int) -> tuple[float, int]:
    best = float("inf")
    pages = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        pages = fn()
        best = min(best, time.perf_counter() - t0)
    return best, pages


def peak_mib(fn: Callable[[], int]) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--buildings", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    register_fonts()
    estate = make_estate(args.buildings)
    prepared = prepare_bare(estate)
    # Warm-up: font subsets' glyph tables, import-time work, allocator.
    engine(make_estate(20))
    bare(prepared[:20])

    # Interleave so that neither side benefits from a warmer machine.
    t_bare, p_bare = timed(lambda: bare(prepared), args.repeat)
    t_eng, p_eng = timed(lambda: engine(estate), args.repeat)
    t_bare2, _ = timed(lambda: bare(prepared), 1)
    t_bare = min(t_bare, t_bare2)

    m_eng = peak_mib(lambda: engine(estate))
    m_bare = peak_mib(lambda: bare(prepared))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    eng_pps, bare_pps = p_eng / t_eng, p_bare / t_bare
    print(f"buildings: {args.buildings}  pages: engine {p_eng}, bare {p_bare}  "
          f"(best of {args.repeat}, Python {sys.version.split()[0]})")
    print(f"engine : {t_eng:7.2f} s  {eng_pps:8.1f} pages/s  peak {m_eng:7.1f} MiB (tracemalloc)")
    print(f"bare RL: {t_bare:7.2f} s  {bare_pps:8.1f} pages/s  peak {m_bare:7.1f} MiB (tracemalloc)")
    print(f"ratio engine/bare: {eng_pps / bare_pps:.2f}x  (goal >= 0.80x)")
    print(f"process peak RSS: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
