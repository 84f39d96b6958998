"""CJK font registration for ReportLab.

The fonts live in ``resources/fonts/`` (package ``wuye_desktop.resources``) and are read through
``importlib.resources`` so the same code works from a checkout, a wheel and a frozen build. The
Qt GUI registers the very same files (see :func:`font_resource`), so preview and paper match.

Three faces, as GB/T 9704 asks of 公文 (仿宋 body, 小标宋 title):

* :data:`FANG` — FandolFang (仿宋), body text. Subset to GB 2312.
* :data:`TITLE` — Noto Serif CJK SC Bold, a 小标宋-like face for titles. Subset to GB 2312.
* :data:`HEI` — WenQuanYi Micro Hei, headings and table heads of forms; full GBK coverage, so it
  also serves as the per-character fallback for rare characters the GB 2312 faces lack (names
  such as 喆, 堃).

ReportLab embeds TrueType fonts as subsets automatically, so every PDF carries only the glyphs it
uses and prints identically on any PC.
"""

from __future__ import annotations

import io
import threading
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

#: ReportLab font name of the 仿宋 body face.
FANG = "WuyeFang"
#: The body face under its earlier name (callers written when the body was a Song face).
SONG = FANG
#: ReportLab font name of the 小标宋-like title face.
TITLE = "WuyeTitle"
#: ReportLab font name of the Hei (heading) face; also the fallback face.
HEI = "WuyeHei"

#: File names in ``resources/fonts/`` — a contract with the Qt GUI, do not rename casually.
FONT_FILES: dict[str, str] = {
    FANG: "FandolFang-GB2312.ttf",
    TITLE: "NotoSerifCJKsc-Bold-GB2312.ttf",
    HEI: "WenQuanYiMicroHei-GBK.ttf",
}

# Every renderer imports this module first. PDF streams go out Flate-compressed but not also
# ASCII85-armoured: the armour makes files 25 % larger and, without ReportLab's optional C
# accelerator, its pure-Python encoder was half the time of a 1,000-page batch. Every reader and
# printer path we use (QtPdf, poppler, CUPS) takes binary PDF.
rl_config.useA85 = 0

_lock = threading.Lock()
_registered = False


def font_resource(font_name: str) -> Traversable:
    """Return the packaged font file of ``font_name`` (:data:`FANG`, :data:`TITLE` or :data:`HEI`)."""
    return files("wuye_desktop.resources") / "fonts" / FONT_FILES[font_name]


def register_fonts() -> None:
    """Register every face of :data:`FONT_FILES` with ReportLab once per process (thread-safe)."""
    global _registered
    if _registered:
        return
    with _lock:
        if _registered:
            return
        for name in FONT_FILES:
            # Read bytes instead of passing a path: the resource may sit inside a zip or a
            # frozen bundle where no real file path exists.
            data = font_resource(name).read_bytes()
            pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
        _registered = True


@lru_cache(maxsize=4)
def charset(font_name: str) -> frozenset[str]:
    """Characters that ``font_name`` has a glyph for (used for the per-character fallback)."""
    register_fonts()
    face = pdfmetrics.getFont(font_name).face
    return frozenset(chr(cp) for cp in face.charToGlyph)


def missing_chars(text: str) -> set[str]:
    """Characters of ``text`` that neither the body face nor the fallback can print (blank boxes)."""
    body, hei = charset(FANG), charset(HEI)
    return {ch for ch in text if ch not in body and ch not in hei and not ch.isspace()}
