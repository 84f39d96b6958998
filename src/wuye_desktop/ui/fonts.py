"""Register the bundled CJK fonts so Chinese renders on a PC (or test machine) without any.

The fonts ship in ``wuye_desktop.resources/fonts`` with their licence files beside them.
"""

from __future__ import annotations

import importlib.resources
import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

#: the interface font first (a sans), then any other bundled face
PREFERRED = ("WenQuanYiMicroHei", "wqy")


def register_fonts() -> list[str]:
    """Add every bundled .ttf/.ttc/.otf; returns the family names Qt now knows from them."""
    families: list[str] = []
    root = importlib.resources.files("wuye_desktop.resources") / "fonts"
    if not root.is_dir():
        log.warning("no bundled fonts at %s", root)
        return families
    entries = sorted(root.iterdir(), key=lambda p: (not any(k.lower() in p.name.lower()
                                                              for k in PREFERRED), p.name))
    for entry in entries:
        if entry.name.lower().endswith((".ttf", ".ttc", ".otf")):
            font_id = QFontDatabase.addApplicationFontFromData(entry.read_bytes())
            if font_id < 0:
                log.warning("could not load font %s", entry.name)
                continue
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def apply_ui_font(app: QApplication, families: list[str]) -> None:
    """Make the first bundled family the application font (system size kept)."""
    if not families:
        return
    font = QFont(app.font())
    font.setFamilies([families[0], *app.font().families()])
    app.setFont(font)
