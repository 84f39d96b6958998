"""Developer tool: rebuild the CJK font subsets shipped in ``resources/fonts/``.

Not imported by the app. Needs ``fonttools`` (``pip install fonttools``) and the Debian packages
``fonts-arphic-uming`` and ``fonts-wqy-microhei``. Run::

    python -m wuye_desktop.printing.fontbuild resources/fonts

Why subsets: the source TTCs are 21 MB and 5 MB and carry four and two faces sharing one glyph
table, plus (UMing) embedded bitmaps that are useless for print. One face each, outlines only,
keeps the repository lean while covering every character the notices need:

* the Song body face keeps GB 2312 (6,763 hanzi) plus all Latin, symbols and CJK punctuation;
* the Hei face keeps all of GBK (21,003 hanzi) and doubles as the per-character fallback for rare
  name characters (e.g. 喆, 堃) that GB 2312 lacks, so nothing ever prints as a blank box.

Both licences require a notice of modification inside the modified file; it is written to the
name table (IDs 3 and 10) and repeated in ``resources/fonts/README.md``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
from pathlib import Path

UMING_SRC = "/usr/share/fonts/truetype/arphic/uming.ttc"
WQY_SRC = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

# Output file names are part of the contract with the Qt GUI (see resources/fonts/README.md).
SONG_FILE = "ARPLUMingCN-GB2312.ttf"
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


def build_one(src: str, index: int, codec: str, out: Path, *, hinting: bool, note: str) -> None:
    """Extract face ``index`` of ``src``, subset it to ``codec`` and save it to ``out``."""
    from fontTools import subset  # local import: dev-only dependency
    from fontTools.ttLib import TTCollection

    font = TTCollection(src).fonts[index]
    cmap = font.getBestCmap()
    unicodes = {cp for cp in cmap if _keep(cp, codec)}
    opts = subset.Options()
    # Bitmaps and vertical metrics are never used by ReportLab or by Qt's print path.
    opts.drop_tables += ["EBDT", "EBLC", "EBSC", "BDF ", "FFTM", "VORG"]
    opts.hinting = hinting
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    subsetter = subset.Subsetter(opts)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
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
        UMING_SRC, 0, "gb2312", args.outdir / SONG_FILE, hinting=False,
        note="face 'AR PL UMing CN' extracted from uming.ttc, subset to GB 2312 hanzi plus "
        "Latin, symbols and CJK punctuation; embedded bitmaps and hinting removed.",
    )
    build_one(
        WQY_SRC, 0, "gbk", args.outdir / HEI_FILE, hinting=True,
        note="face 'WenQuanYi Micro Hei' extracted from wqy-microhei.ttc, subset to GBK hanzi "
        "plus Latin, symbols and CJK punctuation.",
    )


if __name__ == "__main__":
    main()
