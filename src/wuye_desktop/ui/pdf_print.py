"""Printing PDF bytes off the GUI thread: A4 portrait at 100 %, grey, with progress and cancel.

The 文书 screen hands the previewed bytes and the chosen ``QPrinter`` to :func:`print_pdf`,
which runs as an operation on the runner's second (non-database) thread; the GUI thread keeps
painting. Qt allows painting on a ``QPrinter`` outside the GUI thread; the worker opens its own
``QPdfDocument`` (from a temporary file: ``load(fileName)`` is synchronous, needing no event
loop), so nothing it touches belongs to the GUI thread, and the screen does not touch the
printer until the operation reports back.

* The sheet is forced to A4 portrait and the page drawn at its real size (100 %): a printer
  defaulting to Letter no longer shrinks the page and breaks the GB/T 9704 margins.
* Each page is rendered at the printer's resolution capped at :data:`MAX_PRINT_DPI` and
  converted to 8-bit grey (black text needs no colour): a 600 dpi page is 35 MB instead of
  140 MB of ARGB, and a 300 dpi one under 9 MB.
* Each page is rendered in bands of :data:`BAND_PIXELS` (the render call holds the GIL).
* Cancel is checked between pages; a cancelled job is aborted at the printer.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPrintSupport import QPrinter

from ..printing import PrintCancelled

#: 600 dpi is beyond what a laser printer resolves for text at these sizes.
MAX_PRINT_DPI = 600
#: Pixels rendered per call. ``QPdfDocument.render`` holds the Python GIL (and QtPdf's pdfium
#: lock) for the whole call, so a whole 600 dpi page (35 MP, about a second) would freeze the
#: GUI thread that long; a page is rendered in small bands instead, and the GIL is handed back
#: between them (a render of this size takes a few milliseconds even on a busy PC).
BAND_PIXELS = 80_000


def force_a4(printer: QPrinter) -> None:
    """A4 portrait, no margins (the PDF carries its own), full page: the PDF at 100 %."""
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    printer.setColorMode(QPrinter.ColorMode.GrayScale)


def page_range(printer: QPrinter, n: int) -> tuple[int, int]:
    """The 1-based pages to send: the dialog's range, else all ``n``."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        return max(1, printer.fromPage()), min(n, printer.toPage() or n)
    return 1, n


def print_pdf(data: bytes, printer: QPrinter, progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None) -> int:
    """Send the pages of the PDF ``data`` to ``printer``; returns the pages sent.

    Raises :class:`PrintCancelled` when ``cancelled()`` turns true, OSError when the printer
    cannot be opened.
    """
    with tempfile.TemporaryDirectory(prefix="wuye-print-") as tmp:
        path = Path(tmp) / "job.pdf"
        path.write_bytes(data)
        document = QPdfDocument()
        try:
            if document.load(str(path)) != QPdfDocument.Error.None_:
                raise OSError(QCoreApplication.translate("PdfPreview", "The document could not be read."))
            return _send(document, printer, progress, cancelled)
        finally:
            document.close()


def _send(document: QPdfDocument, printer: QPrinter, progress: Callable[[int, int], None] | None,
          cancelled: Callable[[], bool] | None) -> int:
    n = document.pageCount()
    if n == 0:
        return 0
    first, last = page_range(printer, n)
    force_a4(printer)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(QCoreApplication.translate("PdfPreview", "The printer could not be opened."))
    sent = 0
    total = last - first + 1
    try:
        device_dpi = printer.resolution()
        dpi = min(device_dpi, MAX_PRINT_DPI)
        for index in range(first - 1, last):
            if cancelled is not None and cancelled():
                printer.abort()
                raise PrintCancelled()
            if sent:
                printer.newPage()
            _draw_page(document, index, painter, dpi, device_dpi)
            sent += 1
            if progress is not None:
                progress(sent, total)
    finally:
        painter.end()
    return sent


def _on_white(band: QImage) -> QImage:
    """The rendered band (transparent where the page has no ink) flattened onto white, grey."""
    flat = QImage(band.size(), QImage.Format.Format_RGB32)
    flat.fill(Qt.GlobalColor.white)
    p = QPainter(flat)
    p.drawImage(0, 0, band)
    p.end()
    return flat.convertToFormat(QImage.Format.Format_Grayscale8)


def _draw_page(document: QPdfDocument, index: int, painter: QPainter, dpi: int, device_dpi: int) -> None:
    """Render one page in bands and draw it at 100 % from the sheet's corner."""
    pts = document.pagePointSize(index)
    size = QSize(round(pts.width() / 72 * dpi), round(pts.height() / 72 * dpi))
    scale = device_dpi / dpi  # device pixels per rendered pixel
    rows = max(1, BAND_PIXELS // max(1, size.width()))
    options = QPdfDocumentRenderOptions()
    options.setScaledSize(size)
    for y in range(0, size.height(), rows):
        h = min(rows, size.height() - y)
        options.setScaledClipRect(QRect(0, y, size.width(), h))
        band = document.render(index, QSize(size.width(), h), options)
        painter.drawImage(QRectF(0, y * scale, size.width() * scale, h * scale), _on_white(band))
        # Let the GUI thread take the GIL now rather than at the interpreter's next switch
        # interval: it waited for the whole render call.
        time.sleep(0)


__all__ = ["MAX_PRINT_DPI", "force_a4", "page_range", "print_pdf"]
