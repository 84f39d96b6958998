"""Reading PDFs back: text per page (pypdf), fonts (pdffonts)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pypdf import PdfReader


def page_texts(pdf: Path) -> list[str]:
    # pypdf may split CJK runs with spaces or newlines; compare without whitespace.
    return ["".join((p.extract_text() or "").split()) for p in PdfReader(str(pdf)).pages]


def fonts(pdf: Path) -> list[list[str]]:
    """Rows of ``pdffonts`` (name, type, encoding, emb, sub, uni, …)."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def assert_fonts_embedded(pdf: Path) -> None:
    rows = fonts(pdf)
    assert rows, "no fonts at all"
    # columns from the right: emb sub uni object-id generation
    not_embedded = [r[0] for r in rows if r[-5] != "yes"]
    assert not not_embedded, f"fonts not embedded: {not_embedded}"
