"""Interface language: the app's own ``wuye_<lang>.qm`` plus Qt's ``qtbase_<lang>.qm``.

Source strings are English (so ``--lang en`` shows them as written); Chinese is the default
language and comes from ``translations/wuye_zh_CN.ts``. Qt's own catalogue makes standard
buttons (确定/取消, the file dialog) speak Chinese too.
"""

from __future__ import annotations

import importlib.resources
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

log = logging.getLogger(__name__)

DEFAULT_LANG = "zh_CN"


def qm_dir() -> Path:
    return Path(str(importlib.resources.files("wuye_desktop.resources") / "i18n"))


def install(app: QCoreApplication, lang: str = DEFAULT_LANG) -> list[QTranslator]:
    """Load the translators for ``lang`` into ``app``; returns them (keep them alive)."""
    if lang.lower().startswith("en"):
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return []
    QLocale.setDefault(QLocale(lang))
    loaded: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, directory in ((f"qtbase_{lang}", qt_dir), (f"wuye_{lang}", str(qm_dir()))):
        t = QTranslator(app)
        if t.load(name, directory):
            app.installTranslator(t)
            loaded.append(t)
        else:
            # Not fatal: the interface falls back to English source strings.
            log.warning("translation %s not found in %s", name, directory)
    return loaded
