"""Benchmark: "print all estates" through the service the GUI calls, against bare ReportLab.

Run from the repository root::

    .venv/bin/python benchmarks/bench_print.py [--scale 8] [--repeat 3] [--profile]

Setup (untimed): the demo registers at ``--scale`` (8 → 96 estates, about 1,000 buildings) in a
temporary ``WUYE_DATA_DIR``.

* **ours**: ``Services.printing.notice_batch(template, None, values, out, progress=…,
  cancelled=…)`` — exactly what the 文书 screen's "print all" runs on the worker: it reads every
  estate, building and lead from SQLite, fills the template, breaks lines (禁则), justifies,
  paginates and draws every estate on one canvas. The engine's paragraph and title caches are
  cleared before each run, so no run profits from the one before.
* **floor**: bare ReportLab drawing the same pages — the engine's final strings and positions,
  computed beforehand — with ``setFont`` + ``drawString``, the same fonts and sizes, one canvas,
  no caches. It is what any program would need at least to put these glyphs on paper.

Runs alternate (floor, ours, floor, ours …) so neither side gets a warmer machine; the best of
``--repeat`` is reported for each, with pages/s and the ratio ours ÷ floor (goal ≥ 0.80×).
``--profile`` prints the top of a cProfile of one run of ours.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from wuye_desktop.printing import layout as L
from wuye_desktop.printing import notices, templates, text
from wuye_desktop.printing.fonts import register_fonts
from wuye_desktop.printing.text import baseline_in_box

TEMPLATE = "fire_safety"
VALUES = {"季节": "冬季"}

Item = tuple[str, float, float, float, str]


def clear_caches() -> None:
    """Forget every paragraph, title and measurer the engine cached (no help between runs)."""
    notices._wrapped.cache_clear()
    notices._balanced_title.cache_clear()
    text.measurer.cache_clear()
    templates._placeholders.cache_clear()


def prepare_floor(svc: object) -> list[list[Item]]:
    """The engine's final strings and positions for every page of the batch (not timed)."""
    ps = svc.printing  # type: ignore[attr-defined]
    template, issuer, today = ps.template(TEMPLATE), ps.issuer(), ps.today()
    pages: list[list[Item]] = []
    for choice in ps.estates():
        estate = ps._estate(choice.id)
        if not estate.buildings:
            continue
        for _b, rendered in notices.prepare_notices(template, estate, VALUES, issuer, today):
            for number, page in enumerate(notices.paginate(notices.compose_rows(rendered)), 1):
                items: list[Item] = []
                top = L.BLOCK_TOP
                for row in page:
                    if row.line is not None:
                        st = notices._style_of(row.kind)
                        x = row.x if row.kind in ("signature", "date") else L.BLOCK_LEFT
                        items.append((st.font, st.size, x + row.line.indent,
                                      baseline_in_box(top, st), row.line.text))
                    top -= L.LINE_PITCH
                items.append((L.PAGE_NO.font, L.PAGE_NO_SIZE, L.BLOCK_RIGHT - 60,
                              L.BLOCK_BOTTOM - 25, f"— {number} —"))
                pages.append(items)
    return pages


def floor(pages: list[list[Item]]) -> int:
    """Bare ReportLab: setFont + drawString for the same strings, same fonts, one PDF."""
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=(L.PAGE_W, L.PAGE_H), initialFontName=L.BODY.font)
    for items in pages:
        for font, size, x, y, s in items:
            canv.setFont(font, size)
            canv.drawString(x, y, s)
        canv.showPage()
    canv.save()
    return len(pages)


def ours(svc: object) -> int:
    """The real path: the service call the GUI makes for "print all", caches cleared."""
    clear_caches()
    done: list[int] = []
    res = svc.printing.notice_batch(  # type: ignore[attr-defined]
        TEMPLATE, None, VALUES, io.BytesIO(),
        progress=lambda d, _t: done.append(d), cancelled=lambda: False)
    assert done and done[-1] == res.buildings
    return int(res.pages)


def timed(fn: Callable[[], int]) -> tuple[float, int]:
    t0 = time.perf_counter()
    pages = fn()
    return time.perf_counter() - t0, pages


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=int, default=8, help="demo scale (8: 96 estates)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="bench_print_") as tmp:
        os.environ["WUYE_DATA_DIR"] = tmp
        from wuye_desktop.paths import resolve
        from wuye_desktop.services import demo
        from wuye_desktop.services.context import open_services

        svc = open_services(resolve(Path(tmp)).ensure())
        try:
            summary = demo.install(svc.registers, scale=args.scale)
            register_fonts()
            prepared = prepare_floor(svc)
            floor(prepared[:20])  # warm-up: imports, glyph tables, allocator
            ours(svc)
            t_floor = t_ours = float("inf")
            p_floor = p_ours = 0
            for _ in range(args.repeat):
                t, p_floor = timed(lambda: floor(prepared))
                t_floor = min(t_floor, t)
                t, p_ours = timed(lambda: ours(svc))
                t_ours = min(t_ours, t)
            if args.profile:
                prof = cProfile.Profile()
                prof.runcall(ours, svc)
                pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
        finally:
            svc.close()

    f_pps, o_pps = p_floor / t_floor, p_ours / t_ours
    print(f"print all: {summary.estates} estates, {summary.buildings} buildings, "
          f"{p_ours} pages (floor {p_floor}); best of {args.repeat}, Python {sys.version.split()[0]}")
    print(f"ours : {t_ours:7.2f} s  {o_pps:8.1f} pages/s  (service call: DB, templates, 禁则, PDF)")
    print(f"floor: {t_floor:7.2f} s  {f_pps:8.1f} pages/s  (bare ReportLab drawString, same fonts)")
    print(f"ratio ours/floor: {o_pps / f_pps:.2f}x  (goal >= 0.80x)")


if __name__ == "__main__":
    main()
