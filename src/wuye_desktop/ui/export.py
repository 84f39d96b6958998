"""导出 of a screen's own data (投诉, 调查, 整改, 待办) to .xlsx: ask where, write on the
database lane, say where it went. The register export stays in ``transfer_ui.ExportFlow``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from ..tasks import OpContext
from . import dialogs
from .context import UiContext

#: the remembered export folder (shared with the register export)
EXPORT_DIR_KEY = "transfer/last_dir"



def export_to_excel(parent: QWidget, ctx: UiContext, name: str, write: Callable[[OpContext, Path], int],
                    message: QLabel | None = None,
                    done: Callable[[Path, int], object] | None = None) -> bool:
    """Ask for the file (``name`` suggested), run ``write(op, path)`` → rows; True when started
    or cancelled by the person (the window then exports nothing else)."""
    today = ctx.services.clock.today()
    start = Path(str(ctx.settings.value(EXPORT_DIR_KEY, str(Path.home()))))
    suggested = f"{name}-{today:%Y%m%d}.xlsx"
    path, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("ScreenExport", "Export to Excel"),
                                          str(start / suggested),
                                          QCoreApplication.translate("ScreenExport", "Excel files (*.xlsx)"))
    if not path:
        return True
    if not path.lower().endswith(".xlsx"):
        path += ".xlsx"
    ctx.settings.setValue(EXPORT_DIR_KEY, str(Path(path).parent))
    target = Path(path)

    def finished(n: int) -> None:
        msg = QCoreApplication.translate("ScreenExport", "%1 rows exported to %2.") \
            .replace("%1", str(n)).replace("%2", str(target))
        if message is not None:
            message.setText(msg)
        if ctx.status is not None:
            ctx.status.show_message(msg, 10000)
        if done is not None:
            done(target, n)

    def failed(exc: BaseException) -> None:
        if isinstance(exc, OSError):
            dialogs.warn(parent, QCoreApplication.translate("ScreenExport", "Cannot save the file"), str(exc))
        else:
            ctx.runner.default_failure(exc)

    ctx.db(lambda op: write(op, target), on_success=finished, on_failure=failed,
           label=QCoreApplication.translate("ScreenExport", "Exporting"))
    return True
