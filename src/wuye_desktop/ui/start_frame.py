"""The main window's frame while the database opens: title, sidebar, "正在打开数据库…".

Shown by :func:`wuye_desktop.app.run_gui` before storage and the services are imported (they load
on the side thread and open on the database thread), so a person sees the window at once and
is told what it is waiting for. It imports nothing of the app but Qt. The sidebar repeats the
screen titles the last main window listed (kept in the settings); on the very first start it
is empty. The real :class:`~wuye_desktop.ui.main_window.MainWindow` takes its place, at the same
geometry, as soon as the data is open.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QMainWindow, QWidget

#: the main window stores its sidebar's titles here for the next start's frame
SIDEBAR_KEY = "window/sidebar"


class StartFrame(QMainWindow):
    """A stand-in for the main window until the database is open (no database, no services)."""

    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("start_frame")
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "Community Property Workbench"))
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setEnabled(False)  # nothing to open yet
        titles = settings.value(SIDEBAR_KEY)
        if isinstance(titles, str):  # QSettings hands a one-item list back as its item
            titles = [titles]
        if isinstance(titles, list):
            self.sidebar.addItems([str(t) for t in titles])
        self.sidebar.setFixedWidth(max(130, self.sidebar.sizeHintForColumn(0) + 24))
        self.state = QLabel(QCoreApplication.translate("App", "Opening the database…"))
        self.state.setObjectName("start_state")
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 6, 0)
        row.addWidget(self.sidebar)
        row.addWidget(self.state, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(self.state.text())
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)

    def retire(self) -> None:
        """The real window (or the first-run dialog, or a start-up problem) takes over."""
        self.hide()
        self.deleteLater()
