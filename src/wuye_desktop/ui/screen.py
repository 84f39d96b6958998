"""Base class of a main-window screen: the hooks the window's menus and shortcuts call."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from .context import UiContext


class Screen(QWidget):
    """A sidebar page. Override what applies; the defaults do nothing and allow leaving."""

    #: the screen's data arrived and is on screen (the start benchmark waits for it)
    data_shown = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx

    def activate(self) -> None:
        """Called each time the screen is shown."""

    def can_leave(self) -> bool:
        """False keeps the user on this screen (e.g. they cancelled leaving unsaved edits)."""
        return True

    def new_record(self) -> None:
        """新建 (Ctrl+N)."""

    def save(self) -> None:
        """保存 (Ctrl+S)."""

    def focus_search(self) -> None:
        """查找 (Ctrl+F)."""

    def can_print(self) -> bool:
        return False

    def print_(self) -> None:
        """打印 (Ctrl+P), enabled only when :meth:`can_print` is True."""

    def export_(self) -> bool:
        """导出 (Ctrl+E) of the screen's own data; False lets the window export the registers."""
        return False

    def can_import(self) -> bool:
        """Whether 导入 (Ctrl+I) applies here. Screens whose list is not a register (检查, 整改,
        投诉, 调查) say False: the window disables 导入 there rather than import registers."""
        return True

    def import_(self) -> bool:
        """导入 (Ctrl+I) of the screen's own data (维修资金); False lets the window import registers."""
        return False

    def register_kind(self) -> str | None:
        """The register import/export defaults to on this screen (None → all registers)."""
        return None
