"""A PDF preview (QtPdf ``QPdfView`` with page navigation and zoom).

Printing the previewed bytes happens off the GUI thread: :mod:`.pdf_print`.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QPointF
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

ZOOM_STEPS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)


def _tool_button(text: str) -> QToolButton:
    b = QToolButton()
    b.setText(text)
    return b


class PdfPreview(QWidget):
    """Shows PDF bytes: previous/next page, page number, zoom out/in, fit to width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None  # QPdfDocument reads from it lazily: keep it alive
        self._data = b""
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        bar = QHBoxLayout()
        self.prev_btn = _tool_button(self.tr("Previous page"))
        self.next_btn = _tool_button(self.tr("Next page"))
        self.page_box = QSpinBox()
        self.page_box.setMinimum(1)
        self.page_box.setAccessibleName(self.tr("Page"))
        self.page_count = QLabel()
        self.zoom_out_btn = _tool_button(self.tr("Zoom out"))
        self.zoom_in_btn = _tool_button(self.tr("Zoom in"))
        self.fit_btn = _tool_button(self.tr("Fit width"))
        self.zoom_label = QLabel()
        for w in (self.prev_btn, self.next_btn, QLabel(self.tr("Page")), self.page_box, self.page_count):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self.zoom_out_btn, self.zoom_label, self.zoom_in_btn, self.fit_btn):
            bar.addWidget(w)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)

        nav = self.view.pageNavigator()
        self.prev_btn.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_btn.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        self.page_box.valueChanged.connect(lambda v: self.go_to(v - 1))
        nav.currentPageChanged.connect(self._sync_page)
        self.zoom_in_btn.clicked.connect(lambda: self.zoom_step(+1))
        self.zoom_out_btn.clicked.connect(lambda: self.zoom_step(-1))
        self.fit_btn.clicked.connect(self.fit_width)
        self._update_controls()

    # --- content -----------------------------------------------------------------------------

    def load(self, data: bytes) -> int:
        """Show ``data`` (a PDF); returns the page count (0 when the bytes are not a PDF)."""
        self.document.close()
        buf = QBuffer(self)
        buf.setData(QByteArray(data))
        buf.open(QBuffer.OpenModeFlag.ReadOnly)
        self.document.load(buf)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buf
        self._data = data
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(max(1, self.page_count_()))
        self.page_box.setValue(1)
        self.page_box.blockSignals(False)
        self.view.pageNavigator().jump(0, QPointF(), 0)
        self._update_controls()
        return self.page_count_()

    def clear(self) -> None:
        self.document.close()
        self._data = b""
        self._update_controls()

    @property
    def data(self) -> bytes:
        return self._data

    def page_count_(self) -> int:
        return self.document.pageCount() if self._data else 0

    # --- navigation and zoom -----------------------------------------------------------------

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        n = self.page_count_()
        if n and 0 <= page < n and page != self.current_page():
            self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._update_controls()

    def zoom_step(self, direction: int) -> None:
        factor = self.view.zoomFactor()
        if direction > 0:
            nxt = next((z for z in ZOOM_STEPS if z > factor + 1e-3), ZOOM_STEPS[-1])
        else:
            nxt = next((z for z in reversed(ZOOM_STEPS) if z < factor - 1e-3), ZOOM_STEPS[0])
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(nxt)
        self._update_controls()

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_controls()

    def _sync_page(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)
        self._update_controls()

    def _update_controls(self) -> None:
        n = self.page_count_()
        cur = self.current_page() if n else 0
        self.page_count.setText(self.tr("of %n page(s)", "", n) if n else self.tr("no document"))
        self.page_box.setEnabled(n > 1)
        self.prev_btn.setEnabled(n > 0 and cur > 0)
        self.next_btn.setEnabled(n > 0 and cur < n - 1)
        for b in (self.zoom_in_btn, self.zoom_out_btn, self.fit_btn):
            b.setEnabled(n > 0)
        if self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth:
            self.zoom_label.setText("")  # the 适合宽度 button beside it already says so
        else:
            self.zoom_label.setText(f"{round(self.view.zoomFactor() * 100)}%")
