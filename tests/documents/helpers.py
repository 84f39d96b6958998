"""Reading PDFs back: text per page (pypdf), fonts (pdffonts)."""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

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


def give_time(svc: Any, inspection_id: str, days: int = 10) -> None:
    """Set a new deadline on the open items whose deadline passed (as 整改 lets a person do):
    a notice is refused for a deadline already past."""
    today = svc.clock.today()
    for r in svc.inspections.notice_rectifications(inspection_id):
        if r.deadline < today:
            svc.inspections.set_deadline(r.id, today + timedelta(days=days))


def printable(svc: Any, inspection_id: str) -> bool:
    """A notice can go out: the inspection has a company to address and open items."""
    d = svc.inspections.get(inspection_id)
    return bool(d.company_name) and bool(svc.inspections.notice_rectifications(inspection_id))
