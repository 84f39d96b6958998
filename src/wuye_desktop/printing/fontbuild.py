"""Developer tool: rebuild the CJK font subsets shipped in ``resources/fonts/``.

Not imported by the app. Needs ``fonttools`` (a dev dependency) and the Debian packages
``texlive-lang-chinese`` (FandolFang), ``fonts-noto-cjk-extra`` (Noto Serif CJK Bold) and
``fonts-wqy-microhei``. Run::

    python -m wuye_desktop.printing.fontbuild resources/fonts

Three faces, one file each, outlines only:

* the 仿宋 body face (FandolFang Regular) keeps GB 2312 (6,763 hanzi) plus all Latin, symbols and
  CJK punctuation;
* the 小标宋-like title face (Noto Serif CJK SC Bold) keeps the same ranges;
* the Hei face keeps all of GBK (21,003 hanzi) and doubles as the per-character fallback for rare
  name characters (e.g. 喆, 堃) that GB 2312 lacks, so nothing ever prints as a blank box.

FandolFang and Noto Serif CJK are OpenType/CFF; ReportLab embeds only TrueType outlines, so after
subsetting their cubic outlines are converted to quadratic ``glyf`` outlines (fontTools' cu2qu,
error ≤ 1 unit of 1000 — invisible at any print size).

The licences (GPL with font exception, OFL, Apache-2.0) require a notice of modification; it is
written to the name table (ID 10) and repeated in ``resources/fonts/README.md``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
from pathlib import Path
from typing import Any

FANG_SRC = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf"
TITLE_SRC = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"
TITLE_INDEX = 2  # JP, KR, SC, TC, HK: the Simplified Chinese face
WQY_SRC = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

# Output file names are part of the contract with the Qt GUI (see resources/fonts/README.md).
FANG_FILE = "FandolFang-GB2312.ttf"
TITLE_FILE = "NotoSerifCJKsc-Bold-GB2312.ttf"
HEI_FILE = "WenQuanYiMicroHei-GBK.ttf"


def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _keep(cp: int, codec: str) -> bool:
    # Everything below the CJK radicals block (Latin, Greek, general punctuation, arrows, maths,
    # box drawing, enclosed numbers ①) plus CJK symbols and full-width forms, and the hanzi of
    # the chosen national character set.
    if cp < 0x2E80 or 0x3000 <= cp <= 0x303F or 0xFF00 <= cp <= 0xFFEF:
        return True
    return _encodable(chr(cp), codec)


def _load(src: str, index: int) -> Any:
    from fontTools.ttLib import TTCollection, TTFont  # local import: dev-only dependency

    if src.lower().endswith(".ttc"):
        return TTCollection(src).fonts[index]
    return TTFont(src)


def cff_to_truetype(font: Any) -> None:
    """Replace the CFF outlines of ``font`` by quadratic TrueType ``glyf`` outlines, in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        # PostScript outlines run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)  # left side bearing = xMin in TrueType
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    font["maxp"] = maxp
    maxp.compile(font)
    post = font["post"]
    post.formatType = 3.0  # no glyph names: CID names mean nothing and cost space
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\000\001\000\000"


def build_one(src: str, index: int, codec: str, out: Path, *, hinting: bool, note: str,
              keep_layout: bool = False) -> None:
    """Extract face ``index`` of ``src``, subset it to ``codec``, make it TrueType, save to ``out``."""
    from fontTools import subset  # local import: dev-only dependency

    font = _load(src, index)
    cmap = font.getBestCmap()
    unicodes = {cp for cp in cmap if _keep(cp, codec)}
    opts = subset.Options()
    # Bitmaps and vertical metrics are never used by ReportLab or by Qt's print path.
    opts.drop_tables += ["EBDT", "EBLC", "EBSC", "BDF ", "FFTM", "VORG", "vhea", "vmtx"]
    opts.hinting = hinting
    opts.desubroutinize = True
    # GSUB closure would pull in every vertical, traditional and alternate form (Noto: 16,752
    # glyphs instead of 7,600); ReportLab never shapes, and the CJK faces need no shaping.
    opts.layout_features = ["*"] if keep_layout else []
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    subsetter = subset.Subsetter(opts)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    if "CFF " in font:
        cff_to_truetype(font)
    stamp = _dt.date.today().isoformat()
    name = font["name"]
    notice = f"Modified by wuye-desktop on {stamp}: {note}"
    name.setName(notice, 10, 3, 1, 0x409)
    name.setName(notice, 10, 1, 0, 0)
    font.save(str(out))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    build_one(
        FANG_SRC, 0, "gb2312", args.outdir / FANG_FILE, hinting=False,
        note="FandolFang-Regular.otf subset to GB 2312 hanzi plus Latin, symbols and CJK "
        "punctuation; CFF outlines converted to TrueType (cu2qu).",
    )
    build_one(
        TITLE_SRC, TITLE_INDEX, "gb2312", args.outdir / TITLE_FILE, hinting=False,
        note="face 'Noto Serif CJK SC Bold' extracted from NotoSerifCJK-Bold.ttc, subset to "
        "GB 2312 hanzi plus Latin, symbols and CJK punctuation; CFF outlines converted to "
        "TrueType (cu2qu).",
    )
    build_one(
        WQY_SRC, 0, "gbk", args.outdir / HEI_FILE, hinting=True, keep_layout=True,
        note="face 'WenQuanYi Micro Hei' extracted from wqy-microhei.ttc, subset to GBK hanzi "
        "plus Latin, symbols and CJK punctuation.",
    )


if __name__ == "__main__":
    main()
