"""The GUI registers the bundled faces the printing engine uses, the sans first (interface font)."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from wuye_desktop.ui.fonts import register_fonts


def test_gui_finds_the_bundled_fonts(qapp: QApplication) -> None:
    families = register_fonts()
    assert families[0] == "WenQuanYi Micro Hei"  # the interface font stays a sans
    assert {"FandolFang", "Noto Serif CJK SC"} <= set(families), families
    assert QFontDatabase.families().count("FandolFang") >= 1
