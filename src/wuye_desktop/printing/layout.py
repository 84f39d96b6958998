"""Page geometry: GB/T 9704-2012 (党政机关公文格式) for notices, a plainer frame for forms.

GB/T 9704 fixes A4, a 156 mm × 225 mm text block 37 mm from the top and 28 mm from the left,
22 lines of 28 characters in 3号 (16 pt). 28 × 16 pt is 448 pt but the block is 442.2 pt wide, so,
like Word's character grid, characters advance by 156 mm / 28 (a small negative character spacing)
and lines by 225 mm / 22 ≈ 29 pt.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from .fonts import FANG, HEI
from .fonts import TITLE as TITLE_FONT
from .text import TextStyle

PAGE_W, PAGE_H = A4

# --- GB/T 9704-2012 text block ------------------------------------------------------------
TOP_MARGIN = 37 * mm
LEFT_MARGIN = 28 * mm
BLOCK_W = 156 * mm
BLOCK_H = 225 * mm
BLOCK_LEFT = LEFT_MARGIN
BLOCK_RIGHT = LEFT_MARGIN + BLOCK_W
BLOCK_TOP = PAGE_H - TOP_MARGIN
BLOCK_BOTTOM = BLOCK_TOP - BLOCK_H

LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
LINE_PITCH = BLOCK_H / LINES_PER_PAGE  # ≈ 28.99 pt

BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGE_NO_SIZE = 14.0  # 4号
#: Extra advance per character so that exactly 28 body characters fill the block width.
BODY_CHAR_SPACE = (BLOCK_W - CHARS_PER_LINE * BODY_SIZE) / (CHARS_PER_LINE - 1)
#: Width of one body character cell (156 mm / 28).
CELL = BODY_SIZE + BODY_CHAR_SPACE
#: The page number's dashes sit 7 mm below the text block (GB/T 9704 §7.5).
PAGE_NO_GAP = 7 * mm

BODY = TextStyle(
    font=FANG, size=BODY_SIZE, leading=LINE_PITCH, char_space=BODY_CHAR_SPACE,
    first_indent=2, align="justify",
)
ADDRESSEE = BODY.but(first_indent=0)
TITLE = TextStyle(font=TITLE_FONT, size=TITLE_SIZE, leading=LINE_PITCH, align="center")
PAGE_NO = TextStyle(font=FANG, size=PAGE_NO_SIZE, leading=PAGE_NO_SIZE * 1.5, align="left")

# --- forms, contracts and reports ---------------------------------------------------------
# Same left/right as GB/T 9704 so all paper from the office looks alike, but a lower top
# margin: these documents are dense and the form header replaces the notice title zone.
FORM_TOP = 25 * mm
FORM_BOTTOM = 25 * mm
FORM_LEFT = LEFT_MARGIN
FORM_RIGHT = PAGE_W - BLOCK_RIGHT

FORM_BODY = TextStyle(font=FANG, size=12.0, leading=21.0, first_indent=2, align="justify")
FORM_CELL = TextStyle(font=FANG, size=10.5, leading=15.0, align="justify")
FORM_CELL_CENTER = FORM_CELL.but(align="center")
FORM_HEAD = TextStyle(font=HEI, size=10.5, leading=15.0, align="center")
FORM_TITLE = TextStyle(font=TITLE_FONT, size=TITLE_SIZE, leading=34.0, align="center")
FORM_H2 = TextStyle(font=HEI, size=13.0, leading=24.0, align="left")
FORM_SMALL = TextStyle(font=FANG, size=10.5, leading=16.0, align="left")
