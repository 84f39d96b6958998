"""Shared Platypus machinery for forms, contracts and reports (not GB/T 9704 notices).

These documents need tables, photos and multi-page flow, so they use Platypus with our
:class:`~wuye_desktop.printing.text.CJKParagraph` for every piece of text (禁则 and font fallback
everywhere, including table cells).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)

from . import layout as L
from .fonts import FANG, HEI, register_fonts
from .linebreak import Line
from .text import CJKParagraph, TextStyle, draw_line, measurer
from .titlebreak import wrap_title

Output = str | Path | BinaryIO
#: one ReportLab TableStyle command: (name, start cell, end cell, *arguments)
StyleCommand = tuple[Any, ...]


class CopyMark(Flowable):
    """Zero-size marker: a new copy (联) starts here; resets the page number, sets the label."""

    def __init__(self, label: str, note: str = "") -> None:
        super().__init__()
        self.label = label
        self.note = note

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        canv._wuye_copy = (self.label, self.note, canv.getPageNumber())


def _footer(canv: Canvas, doc: BaseDocTemplate) -> None:
    """Page number "— n —" centred under the frame; the copy note at the left, on its own line
    below it (a long note such as 备案联's would otherwise run into the page number)."""
    label, note, first = getattr(canv, "_wuye_copy", ("", "", 1))
    number = canv.getPageNumber() - first + 1
    text = f"— {number} —"
    m = measurer(L.PAGE_NO)
    w = m(text)
    y = L.FORM_BOTTOM - 10 * L.mm
    draw_line(canv, (L.PAGE_W - w) / 2, y, Line(text, w, 0, True), w, L.PAGE_NO)
    if note:
        st = L.FORM_SMALL
        nw = measurer(st)(note)
        draw_line(canv, L.FORM_LEFT, y - st.leading, Line(note, nw, 0, True), nw, st)
    if label:
        # Boxed copy label at the top right, outside the frame, visible on every page of a copy.
        st = TextStyle(font=HEI, size=12, leading=18, align="left")
        lw = measurer(st)(label)
        x = L.PAGE_W - L.FORM_RIGHT - lw - 6
        top = L.PAGE_H - L.FORM_TOP + 8 * L.mm
        canv.setLineWidth(0.8)
        canv.rect(x - 6, top - 18 - 3, lw + 12, 18 + 6, stroke=1, fill=0)
        draw_line(canv, x, top - 15, Line(label, lw, 0, True), lw, st)


def build(out: Output, story: list[Flowable], *, title: str, author: str) -> int:
    """Lay out ``story`` on A4 with the form margins; returns the number of pages."""
    register_fonts()
    target = str(out) if isinstance(out, Path) else out
    doc = BaseDocTemplate(
        target,
        pagesize=(L.PAGE_W, L.PAGE_H),
        leftMargin=L.FORM_LEFT,
        rightMargin=L.FORM_RIGHT,
        topMargin=L.FORM_TOP,
        bottomMargin=L.FORM_BOTTOM,
        title=title,
        author=author,
        creator="wuye-desktop 社区物业工作台",
        initialFontName=FANG,
    )
    frame = Frame(
        doc.leftMargin, doc.bottomMargin, doc.width, doc.height,
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body",
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPageEnd=_footer)])
    doc.build(story)
    return doc.page


# --- small builders -------------------------------------------------------------------------

FRAME_W = L.PAGE_W - L.FORM_LEFT - L.FORM_RIGHT


def title(text: str, keep: Sequence[str] = ()) -> CJKParagraph:
    """Document title, Hei 22 pt, centred; lines break only between words (``keep``: names
    never split, see ``titlebreak``)."""
    names = tuple(keep)
    return CJKParagraph(text, L.FORM_TITLE, space_after=6,
                        wrapper=lambda t, w, st: wrap_title(t, w, st, names))


def heading(text: str, need: float = 72.0) -> list[Flowable]:
    """Section heading in Hei, never left alone at the bottom of a page: it moves to the next
    page when less than ``need`` points (itself and the first rows of what follows) are left.

    Not ``keepWithNext``: that keeps the heading with the *whole* next flowable, so a long
    table that would split across pages jumps to the next page and leaves this one empty.
    """
    return [CondPageBreak(need), CJKParagraph(text, L.FORM_H2, space_before=6, space_after=2)]


def para(text: str, style: TextStyle = L.FORM_BODY, *, space_before: float = 0.0,
         space_after: float = 0.0, keep_lines: int = 2) -> CJKParagraph:
    """Body paragraph (two-character indent by default)."""
    return CJKParagraph(text, style, space_before=space_before, space_after=space_after,
                        keep_lines=keep_lines)


def line(text: str, align: str = "left", style: TextStyle = L.FORM_BODY) -> CJKParagraph:
    """A paragraph without indent, aligned as given."""
    return CJKParagraph(text, style.but(first_indent=0, align=align))


def gap(height: float = 6) -> Spacer:
    """Vertical space in points."""
    return Spacer(1, height)


def grid_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str | Flowable]],
    col_widths: Sequence[float],
    *,
    center_cols: Sequence[int] = (),
    highlight_rows: Sequence[int] = (),
) -> Table:
    """A ruled table; cells become CJK paragraphs; the header repeats on every page."""
    data: list[list[Flowable]] = [[CJKParagraph(h, L.FORM_HEAD) for h in header]]
    for r in rows:
        data.append([
            c if isinstance(c, Flowable) else CJKParagraph(
                str(c), L.FORM_CELL_CENTER if k in center_cols else L.FORM_CELL, keep_lines=1
            )
            for k, c in enumerate(r)
        ])
    style: list[StyleCommand] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        # Table sets a font for every cell, even empty ones; Helvetica would appear unembedded.
        ("FONTNAME", (0, 0), (-1, -1), FANG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for hr in highlight_rows:
        style.append(("BACKGROUND", (0, hr + 1), (-1, hr + 1), colors.Color(1, 0.93, 0.93)))
    t = Table(data, colWidths=list(col_widths), repeatRows=1)
    t.setStyle(TableStyle(style))
    return t


def signature_lines(labels: Sequence[str], *, cols: int = 2) -> Table:
    """Blank signature lines: "label：______" in ``cols`` columns."""
    st = L.FORM_BODY.but(first_indent=0, align="left")
    cells: list[Flowable] = [CJKParagraph(f"{lab}：", st) for lab in labels]
    rows: list[list[Flowable | str]] = []
    for i in range(0, len(cells), cols):
        row: list[Flowable | str] = []
        for c in cells[i:i + cols]:
            row.extend([c, ""])
        while len(row) < 2 * cols:
            row.append("")
        rows.append(row)
    widths: list[float] = []
    gap = 12.0  # between one column's line and the next column's label (they used to touch)
    for c in range(cols):
        # Each column's label cell is as wide as its longest label; the line takes the rest.
        label_w = max(measurer(st)(f"{lab}：") for lab in labels[c::cols]) + 4 + (gap if c else 0)
        widths += [label_w, FRAME_W / cols - label_w - (0 if c else gap)]
    t = Table(rows, colWidths=widths, rowHeights=30, hAlign="LEFT")
    style: list[StyleCommand] = [
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("FONTNAME", (0, 0), (-1, -1), FANG),
        *[("LEFTPADDING", (2 * c, 0), (2 * c, -1), gap) for c in range(1, cols)],
    ]
    for r in range(len(rows)):
        for c in range(cols):
            if rows[r][2 * c] != "":
                style.append(("LINEBELOW", (2 * c + 1, r), (2 * c + 1, r), 0.6, colors.black))
    t.setStyle(TableStyle(style))
    return t


def blank(value: str, cells: int = 8) -> str:
    """``value`` or an underscore gap to fill by hand (``cells`` ideograph widths)."""
    return value if value.strip() else "_" * (cells * 2)
