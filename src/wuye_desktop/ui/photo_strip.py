"""The thumbnail strip of an inspection item's photos; picture files can be dropped on it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QIcon, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".webp", ".heic", ".tif", ".tiff")


class PhotoStrip(QListWidget):
    """Thumbnails of the current item's photos; local picture files can be dropped on it."""

    files_dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(QSize(96, 96))
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self.setFixedHeight(130)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    @staticmethod
    def _paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
        md = event.mimeData()
        if not md.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in md.urls()
                if u.isLocalFile() and u.toLocalFile().lower().endswith(PHOTO_SUFFIXES)]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.isEnabled() and self._paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.isEnabled() and self._paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._paths(event)
        if paths and self.isEnabled():
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
        else:
            event.ignore()

    def show_photos(self, photos: list[Any]) -> None:
        self.clear()
        for p in photos:
            pix = QPixmap(str(p.thumb_path))
            item = QListWidgetItem(QIcon(pix), "")
            item.setToolTip(p.original_name or "")
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.addItem(item)
