"""PDF inspection helpers for the printing tests (poppler command-line tools)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

POPPLER = all(shutil.which(t) for t in ("pdffonts", "pdftotext", "pdftoppm"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")


def make_photo(path: Path, color: tuple[int, int, int], size: tuple[int, int]) -> Path:
    """A synthetic JPEG with a visible pattern."""
    im = Image.new("RGB", size, color)
    d = ImageDraw.Draw(im)
    for x in range(0, size[0], 40):
        d.line([(x, 0), (size[0] - x, size[1])], fill=(255, 255, 255), width=3)
    im.save(path, "JPEG", quality=80)
    return path


def pdftext(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """Text of ``pdf`` via poppler with all whitespace removed (justification adds spacing)."""
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    out = subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True)
    return re.sub(r"\s+", "", out.stdout)


def page_texts(pdf: Path) -> list[str]:
    """Whitespace-free text of every page (split on form feeds)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages = pages[:-1]
    return [re.sub(r"\s+", "", p) for p in pages]


def pdffonts(pdf: Path) -> list[dict[str, str]]:
    """Rows of ``pdffonts``: name, type, emb, sub."""
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name type [type2] encoding emb sub uni id gen — read from the right.
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def words_bbox(pdf: Path) -> list[tuple[int, str, float, float, float, float]]:
    """(page, word, xMin, yMin, xMax, yMax) from ``pdftotext -bbox`` (points, origin top-left)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    rows = []
    page = 0
    for line in out.splitlines():
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>',
                      line)
        if m:
            rows.append((page, m.group(5), *(float(m.group(k)) for k in range(1, 5))))
    return rows


#: PostScript names of the 仿宋 body face and the 小标宋-like title face (resources/fonts).
BODY_FACE = "FandolFang-Regular"
TITLE_FACE = "NotoSerifCJKsc-Bold"


def assert_gongwen_fonts_on_a4(pdf: Path) -> None:
    """Body in 仿宋 and title in the Noto Serif Bold face, both embedded as subsets, on A4 pages."""
    from pypdf import PdfReader

    fonts = pdffonts(pdf)
    names = {f["name"].split("+")[-1] for f in fonts}
    assert {BODY_FACE, TITLE_FACE} <= names, names
    assert all(f["emb"] == "yes" and f["sub"] == "yes" for f in fonts), fonts
    for page in PdfReader(str(pdf)).pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(w / 72 * 25.4), round(h / 72 * 25.4)) == (210, 297), (w, h)
