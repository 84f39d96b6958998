"""Measuring and drawing CJK text on a ReportLab canvas, plus a Platypus paragraph.

Why not ReportLab's ``Paragraph``: its CJK wrapping ignores 禁则 and it cannot fall back to a
second font for a single character. Here every character is drawn in the style's face when that
face has the glyph and in the fallback face otherwise; lines are broken by
:mod:`wuye_desktop.printing.linebreak` and justified by adjusting the PDF character spacing (Tc),
as word processors do with a character grid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from .fonts import FANG, HEI, charset, register_fonts
from .linebreak import Line, break_text

Align = Literal["justify", "left", "center", "right"]

# Ideographs sit in an em box from about -0.12 em to +0.88 em around the baseline; centring that
# box in the line box puts the baseline here (fraction of the font size below the box's middle).
_EM_DESCENT = 0.12


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How a run of text looks. ``char_space`` is extra advance after every character (pt)."""

    font: str = FANG
    size: float = 12.0
    leading: float = 20.0
    char_space: float = 0.0
    first_indent: float = 0.0  # in character cells, e.g. 2 for the usual two-character indent
    align: Align = "justify"
    fallback: str = HEI

    def but(self, **changes: object) -> TextStyle:
        """Return a copy with ``changes`` applied."""
        return replace(self, **changes)  # type: ignore[arg-type]


class Measurer:
    """Caches per-character advances of one style (font, fallback, size, char spacing)."""

    def __init__(self, style: TextStyle) -> None:
        register_fonts()
        self.style = style
        self._main = charset(style.font)
        self._cache: dict[str, float] = {}

    def font_for(self, ch: str) -> str:
        """The face that will draw ``ch``."""
        return self.style.font if ch in self._main or ch.isspace() else self.style.fallback

    def char(self, ch: str) -> float:
        """Advance of one character including the style's character spacing."""
        w = self._cache.get(ch)
        if w is None:
            st = self.style
            w = pdfmetrics.stringWidth(ch, self.font_for(ch), st.size) + st.char_space
            self._cache[ch] = w
        return w

    def __call__(self, text: str) -> float:
        cache = self._cache
        total = 0.0
        for ch in text:
            w = cache.get(ch)
            total += w if w is not None else self.char(ch)
        return total

    def runs(self, text: str) -> list[tuple[str, str]]:
        """Split ``text`` into ``(font, substring)`` runs for drawing."""
        out: list[tuple[str, str]] = []
        main = self._main
        fb = self.style.fallback
        cur_font = ""
        buf: list[str] = []
        for ch in text:
            f = self.style.font if ch in main or ch.isspace() else fb
            if f != cur_font and buf:
                out.append((cur_font, "".join(buf)))
                buf = []
            cur_font = f
            buf.append(ch)
        if buf:
            out.append((cur_font, "".join(buf)))
        return out


@lru_cache(maxsize=64)
def measurer(style: TextStyle) -> Measurer:
    """Shared :class:`Measurer` per style (styles are frozen, hence hashable)."""
    return Measurer(style)


def wrap(text: str, width: float, style: TextStyle) -> list[Line]:
    """Break ``text`` (may contain ``\\n``) into lines that fit ``width``."""
    m = measurer(style)
    indent = style.first_indent * (style.size + style.char_space)
    # The last character's trailing char-spacing lies outside the ink, so it need not fit.
    limit = width + style.char_space
    lines: list[Line] = []
    for para in text.split("\n"):
        lines.extend(break_text(para, limit, m, indent))
    return lines


def draw_line(
    canv: Canvas, x: float, baseline: float, line: Line, width: float, style: TextStyle
) -> None:
    """Draw ``line`` with its left edge at ``x`` in a box of ``width`` (alignment applies)."""
    if not line.text:
        return
    m = measurer(style)
    cs = style.char_space
    natural = line.width - cs  # ink advance without the trailing spacing
    avail = width - line.indent
    x0 = x + line.indent
    if style.align == "justify" and not line.last and len(line.text) > 1:
        extra = (avail - natural) / (len(line.text) - 1)
        # A line broken hard inside a long Latin word may be short; do not stretch it absurdly.
        if 0 < extra <= style.size * 0.5:
            cs += extra
    elif style.align == "center":
        x0 = x + line.indent + (avail - natural) / 2
    elif style.align == "right":
        x0 = x + width - natural
    # Batches repeat most lines verbatim (1,000 notices share every paragraph that does not name
    # the building). The PDF operators after the text origin depend only on the text, the style
    # and the per-document subset encoding, so they are cached on the canvas and re-emitted with
    # a new origin; ReportLab's per-character encoding runs once per distinct line.
    cache: dict[tuple[object, ...], str] = canv.__dict__.setdefault("_wuye_line_code", {})
    key = (style, line.text, cs)
    prefix = f"BT 1 0 0 1 {fp_str(x0, baseline)} Tm"
    body = cache.get(key)
    if body is not None:
        canv._code.append(prefix + body)
        return
    t = canv.beginText(x0, baseline)
    t.setCharSpace(cs)
    for font, run in m.runs(line.text):
        t.setFont(font, style.size)
        # What textOut emits, without its stringWidth: it only moves the text object's own
        # cursor, which nothing reads (the line's origin is set above, runs follow in the PDF);
        # measuring every run again was a quarter of a batch's time.
        t._code.append(t._formatText(run))
    code = t.getCode()
    canv._code.append(code)
    if code.startswith(prefix) and len(cache) < 4096:
        cache[key] = code[len(prefix):]


def baseline_in_box(top: float, style: TextStyle) -> float:
    """Baseline that centres an ideograph's em box in a line box whose top edge is ``top``."""
    return top - (style.leading - style.size) / 2 - style.size * (1 - _EM_DESCENT)


class CJKParagraph(Flowable):
    """A Platypus flowable for one or more CJK paragraphs using our breaker and fallback.

    Splits between lines across frames/pages; ``keep_lines`` sets the minimum number of lines
    left at the bottom or carried to the top (widow/orphan control).
    """

    def __init__(
        self,
        text: str,
        style: TextStyle,
        *,
        space_before: float = 0.0,
        space_after: float = 0.0,
        keep_lines: int = 2,
        _lines: list[Line] | None = None,
        wrapper: Callable[[str, float, TextStyle], list[Line]] | None = None,
    ) -> None:
        super().__init__()
        #: how the text is broken into lines (a title: only between words, see ``titlebreak``)
        self.wrapper = wrapper or wrap
        self.text = text
        self.style = style
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.keep_lines = keep_lines
        self._lines = _lines
        self._lines_width = -1.0

    def _ensure(self, width: float) -> list[Line]:
        if self._lines is None or (self._lines_width >= 0 and abs(self._lines_width - width) > 0.01):
            self._lines = self.wrapper(self.text, width, self.style)
            self._lines_width = width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        lines = self._ensure(availWidth)
        self.height = len(lines) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._ensure(availWidth)
        fit = int((availHeight + 1e-6) // self.style.leading)
        keep = min(self.keep_lines, len(lines))
        if fit >= len(lines):
            return [self]
        if fit < keep or len(lines) - fit < keep:
            fit = min(fit, len(lines) - keep)
            if fit < keep:
                return []
        head = CJKParagraph(
            self.text, self.style, space_before=self.spaceBefore, keep_lines=self.keep_lines,
            _lines=lines[:fit], wrapper=self.wrapper,
        )
        tail = CJKParagraph(
            self.text, self.style, space_after=self.spaceAfter, keep_lines=self.keep_lines,
            _lines=lines[fit:], wrapper=self.wrapper,
        )
        head._lines_width = tail._lines_width = -1.0  # fixed lines: never re-wrap a part
        return [head, tail]

    def draw(self) -> None:
        st = self.style
        top = self.height
        for line in self._lines or []:
            draw_line(self.canv, 0, baseline_in_box(top, st), line, self.width, st)
            top -= st.leading


def paragraphs(texts: Iterable[str], style: TextStyle, *, space_before: float = 0.0,
               space_after: float = 0.0, keep_lines: int = 2) -> list[CJKParagraph]:
    """One :class:`CJKParagraph` per text."""
    return [CJKParagraph(t, style, space_before=space_before, space_after=space_after,
                         keep_lines=keep_lines) for t in texts]
