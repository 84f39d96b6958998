"""Every message box goes through here so one switch can turn them into log lines.

With ``WUYE_NO_DIALOGS=1`` (tests, scripted runs) nothing modal is shown: the text is logged and
the default answer returned. Tests that need a particular answer monkeypatch :func:`ask`.
"""

from __future__ import annotations

import logging
import os

from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)

Button = QMessageBox.StandardButton


def dialogs_disabled() -> bool:
    return os.environ.get("WUYE_NO_DIALOGS", "") not in ("", "0")


def inform(parent: QWidget | None, title: str, text: str) -> None:
    if dialogs_disabled():
        log.info("[dialog] %s: %s", title, text)
        return
    QMessageBox.information(parent, title, text)


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A user problem (disk full, file unreadable...): plain words, what to do."""
    if dialogs_disabled():
        log.warning("[dialog] %s: %s", title, text)
        return
    QMessageBox.warning(parent, title, text)


def ask(parent: QWidget | None, title: str, text: str,
        buttons: Button = Button.Yes | Button.No, default: Button = Button.No) -> Button:
    """A question; returns the button pressed (``default`` when dialogs are disabled)."""
    if dialogs_disabled():
        log.info("[dialog] %s: %s -> %s", title, text, default)
        return default
    return Button(QMessageBox.question(parent, title, text, buttons, default))
