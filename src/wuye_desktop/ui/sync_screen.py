"""同步: state of the link to the county, 立即同步, enrolment, conflicts and the 需要处理 list.

The screen is a view over :class:`~wuye_desktop.ui.sync_controller.SyncController` (which
exists from start-up so the status bar and the timer work without this screen) and the sync
service's lists, read on the database lane.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..changes import Area, OpChanges
from ..services.sync import SyncService
from . import ScreenSpec, dialogs, ops, style
from .context import UiContext
from .screen import Screen
from .sync_controller import SyncController, controller_for
from .sync_dialogs import ConflictDialog, EnrolDialog, RetryDialog


def _table(headers: list[str]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().hide()
    t.setWordWrap(True)
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return t


class SyncScreen(Screen):
    """The 同步 page."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.controller: SyncController = controller_for(ctx)
        self.conflict_items: list[Any] = []
        self.attention_items: list[Any] = []
        self.dialog: Any = None

        lay = QVBoxLayout(self)
        title = QLabel(self.tr("Sync with the county server"))
        style.apply(title, style.Look.PAGE_TITLE)
        lay.addWidget(title)

        box = QGroupBox(self.tr("Status"))
        form = QFormLayout(box)
        self.lbl_state = QLabel("—")
        self.lbl_state.setObjectName("state")
        style.apply(self.lbl_state, style.Look.STRONG)
        self.lbl_server = QLabel("—")
        self.lbl_server.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lbl_last = QLabel("—")
        self.lbl_pending = QLabel("—")
        self.lbl_pending.setObjectName("pending")
        self.lbl_message = QLabel("")
        self.lbl_message.setObjectName("message")
        self.lbl_message.setWordWrap(True)
        form.addRow(self.tr("State:"), self.lbl_state)
        form.addRow(self.tr("County server:"), self.lbl_server)
        form.addRow(self.tr("Last sync:"), self.lbl_last)
        form.addRow(self.tr("Waiting to be sent:"), self.lbl_pending)
        form.addRow(self.lbl_message)
        lay.addWidget(box)

        row = QHBoxLayout()
        self.btn_sync = QPushButton(self.tr("Sync now"))
        self.btn_sync.setObjectName("sync_now")
        self.btn_sync.setMinimumHeight(34)
        style.apply(self.btn_sync, style.Look.PRIMARY_BUTTON)
        self.btn_sync.clicked.connect(self.sync_now)
        self.btn_enrol = QPushButton(self.tr("Enrol this computer…"))
        self.btn_enrol.setObjectName("enrol")
        self.btn_enrol.clicked.connect(self.open_enrolment)
        self.btn_export = QPushButton(self.tr("Export unsent changes…"))
        self.btn_export.setObjectName("export")
        self.btn_export.clicked.connect(self.export_outbox)
        for b in (self.btn_sync, self.btn_enrol, self.btn_export):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)

        self.tabs = QTabWidget()
        conflicts = QWidget()
        cl = QVBoxLayout(conflicts)
        cl.addWidget(QLabel(self.tr("Records changed differently on two computers. Open one to "
                                    "compare the values and choose.")))
        self.conflicts = _table([self.tr("Register"), self.tr("Record"), self.tr("Fields"),
                                 self.tr("Reason")])
        self.conflicts.setObjectName("conflicts")
        self.conflicts.doubleClicked.connect(lambda _i: self.open_conflict())
        cl.addWidget(self.conflicts)
        cb = QHBoxLayout()
        self.btn_resolve = QPushButton(self.tr("Compare and choose…"))
        self.btn_resolve.setObjectName("resolve")
        self.btn_resolve.clicked.connect(lambda: self.open_conflict())
        cb.addWidget(self.btn_resolve)
        cb.addStretch(1)
        cl.addLayout(cb)
        self.tabs.addTab(conflicts, self.tr("Conflicts"))

        attention = QWidget()
        al = QVBoxLayout(attention)
        al.addWidget(QLabel(self.tr("Changes the county server refused, with its reason. Correct "
                                    "and send again, or discard.")))
        self.attention = _table([self.tr("Register"), self.tr("Record"), self.tr("Change"),
                                 self.tr("Reason given by the county server")])
        self.attention.setObjectName("attention")
        self.attention.doubleClicked.connect(lambda _i: self.open_retry())
        al.addWidget(self.attention)
        ab = QHBoxLayout()
        self.btn_retry = QPushButton(self.tr("Correct and send again…"))
        self.btn_retry.setObjectName("retry")
        self.btn_retry.clicked.connect(lambda: self.open_retry())
        self.btn_discard = QPushButton(self.tr("Discard…"))
        self.btn_discard.setObjectName("discard")
        self.btn_discard.clicked.connect(lambda: self.discard())
        ab.addWidget(self.btn_retry)
        ab.addWidget(self.btn_discard)
        ab.addStretch(1)
        al.addLayout(ab)
        self.tabs.addTab(attention, self.tr("Needs attention"))
        lay.addWidget(self.tabs, 1)

        self.controller.status_changed.connect(self._show_status)
        self.controller.started.connect(self._started)
        self.controller.finished.connect(self._finished)
        ctx.runner.changed.connect(self._on_changed)
        if self.controller.last_status is not None:
            self._show_status(self.controller.last_status)

    # -- loading ---------------------------------------------------------------------------

    @property
    def service(self) -> SyncService:
        return self.ctx.services.sync

    def activate(self) -> None:
        self.controller.refresh()
        self.reload()

    def reload(self) -> None:
        self.ctx.db(lambda op: (op.services.sync.conflicts(), op.services.sync.attention()),
                    on_success=self._lists)

    def _on_changed(self, changes: OpChanges) -> None:
        if changes.touches(Area.SYNC) and self.isVisible():
            self.reload()

    def _lists(self, result: tuple[list[Any], list[Any]]) -> None:
        self.conflict_items, self.attention_items = result
        self.conflicts.setRowCount(len(self.conflict_items))
        for r, c in enumerate(self.conflict_items):
            names = "、".join(f.label for f in c.fields) or "—"
            for col, text in enumerate((c.table_label, c.title, names, c.reason)):
                self.conflicts.setItem(r, col, QTableWidgetItem(text))
        kinds = {"insert": self.tr("New record"), "update": self.tr("Edit"),
                 "delete": self.tr("Deletion"), "photo": self.tr("Photo not downloaded")}
        self.attention.setRowCount(len(self.attention_items))
        for r, a in enumerate(self.attention_items):
            for col, text in enumerate((a.table_label, a.title, kinds.get(a.kind, a.kind),
                                        a.reason)):
                self.attention.setItem(r, col, QTableWidgetItem(text))
        self.tabs.setTabText(0, self.tr("Conflicts (%1)").replace("%1", str(len(self.conflict_items))))
        self.tabs.setTabText(1, self.tr("Needs attention (%1)")
                             .replace("%1", str(len(self.attention_items))))
        for t in (self.conflicts, self.attention):
            if t.rowCount():
                t.selectRow(0)
        self.btn_resolve.setEnabled(any(c.fields for c in self.conflict_items))
        self.btn_retry.setEnabled(bool(self.attention_items))
        self.btn_discard.setEnabled(bool(self.attention_items))

    def _show_status(self, st: Any) -> None:
        text, tip = self.controller.indicator()
        self.lbl_state.setText(text or "—")
        self.lbl_state.setToolTip(tip)
        self.lbl_server.setText(f"{st.server}（{st.community}）" if st.enrolled
                                else self.tr("Not enrolled"))
        self.lbl_last.setText(st.last_sync.astimezone().strftime("%Y-%m-%d %H:%M")
                              if st.last_sync else self.tr("Never"))
        self.lbl_pending.setText(self.tr("%1 changes").replace("%1", str(st.pending)))
        self.btn_enrol.setText(self.tr("Enrol again…") if st.enrolled
                               else self.tr("Enrol this computer…"))
        self.btn_sync.setEnabled(st.enrolled and not st.revoked and not self.controller.running)
        # Said before enrolment, not after a failed one: without a keyring the token has nowhere
        # to go, so enrolling is refused and the worker is told what to install instead.
        no_store = getattr(st, "secret_store", True) is False  # None: not yet looked at
        self.btn_enrol.setEnabled(not no_store)
        if no_store:
            self.btn_enrol.setToolTip(self.tr("This computer has no system keyring; see the "
                                              "message above."))
            self.lbl_message.setText(self.tr(
                "This computer has no usable system keyring (it keeps the county server login "
                "safe), so it cannot be enrolled yet. Your enrolment code has not been used: keep "
                "it. On UOS, Kylin or Debian desktops install and enable the system keyring (for "
                "example gnome-keyring: sudo apt install gnome-keyring), or enable KWallet on KDE, "
                "then log out and in again. Windows has its Credential Manager built in."))
        elif st.revoked:
            self.lbl_message.setText(self.tr(
                "The county has disabled this computer. Its changes are kept: export them and "
                "hand the file to the county."))

    # -- actions ---------------------------------------------------------------------------

    def sync_now(self) -> None:
        self.controller.sync_now()

    def _started(self) -> None:
        self.btn_sync.setEnabled(False)
        self.lbl_message.setText(self.tr("Syncing…"))

    def _finished(self, result: Any) -> None:
        self.btn_sync.setEnabled(True)
        if isinstance(result, BaseException):
            self.lbl_message.setText(self.tr("Sync did not finish: %1")
                                     .replace("%1", self.controller.error_text(result)))
        else:
            text = (self.tr("Sync finished: %1 sent, %2 received.")
                    .replace("%1", str(sum(result.pushed.values()))).replace("%2", str(result.pulled)))
            if result.incomplete:
                text += " " + self.tr("The county server is still writing part of the data; "
                                      "the next sync fetches the rest.")
            if result.problems:
                text += " " + self.tr("%1 received records could not be saved on this computer "
                                      "and were set aside; see Needs attention.").replace(
                                          "%1", str(len(result.problems)))
            if result.photo_problems:
                text += " " + self.tr("%1 inspection photos could not be downloaded; the next sync "
                                      "tries again. See Needs attention.").replace(
                                          "%1", str(len(result.photo_problems)))
            self.lbl_message.setText(text)
        self.reload()

    def open_enrolment(self) -> EnrolDialog:
        cfg = self.service.county_config()
        server = (self.controller.last_status.server if self.controller.last_status
                  and self.controller.last_status.server else "") or cfg.server
        if cfg.lock and cfg.server:
            server = cfg.server  # the county fixed it in the installed county.ini
        dlg = EnrolDialog(self.ctx, server, cfg.name, self, locked=cfg.lock and bool(cfg.server))
        dlg.enrolled.connect(self._enrolled)
        self.dialog = dlg
        dlg.open()
        return dlg

    def _enrolled(self, community: str) -> None:
        self.lbl_message.setText(self.tr("Enrolled for community %1. Syncing now…")
                                 .replace("%1", community))
        self.controller.refresh()
        self.controller.sync_now()

    def open_conflict(self, row: int | None = None) -> ConflictDialog | None:
        row = self.conflicts.currentRow() if row is None else row
        if row < 0 or row >= len(self.conflict_items) or not self.conflict_items[row].fields:
            return None
        item = self.conflict_items[row]
        dlg = ConflictDialog(item, self)
        dlg.accepted.connect(lambda: self._resolve(item, dlg.choices()))
        self.dialog = dlg
        dlg.open()
        return dlg

    def _resolve(self, item: Any, choices: dict[str, Any]) -> None:
        self.ctx.db(ops.resolve_conflict(item.table, item.row_id, choices),
                    on_success=lambda _r: self._after_local_change(), on_failure=self._warn)

    def open_retry(self, row: int | None = None) -> RetryDialog | None:
        row = self.attention.currentRow() if row is None else row
        if row < 0 or row >= len(self.attention_items):
            return None
        item = self.attention_items[row]
        if item.kind == "photo":
            self._photo_hint()
            return None
        dlg = RetryDialog(item, self)
        dlg.accepted.connect(lambda: self._retry(item, dlg.edits()))
        self.dialog = dlg
        dlg.open()
        return dlg

    def _retry(self, item: Any, edits: dict[str, Any]) -> None:
        self.ctx.db(ops.retry_rejected(item.table, item.op_id, edits),
                    on_success=lambda _r: self._after_local_change(), on_failure=self._warn)

    def discard(self, row: int | None = None) -> None:
        row = self.attention.currentRow() if row is None else row
        if row < 0 or row >= len(self.attention_items):
            return
        item = self.attention_items[row]
        if item.kind == "photo":
            self._photo_hint()
            return
        B = dialogs.Button
        answer = dialogs.ask(self, self.tr("Discard change"), self.tr(
            "Discard this change to %1 “%2”? It will not be sent to the county. The record on "
            "this computer stays as it is.").replace("%1", item.table_label)
            .replace("%2", item.title), B.Yes | B.No, B.No)
        if answer != B.Yes:
            return
        self.ctx.db(ops.discard_rejected(item.op_id),
                    on_success=lambda _r: self._after_local_change(), on_failure=self._warn)

    def _photo_hint(self) -> None:
        self.lbl_message.setText(self.tr(
            "Photos that could not be downloaded are tried again by every sync: press Sync now. "
            "If the county server has no copy, sync the computer that took the photo first."))

    def _after_local_change(self) -> None:
        # Send the decision right away when the server is there; otherwise the timer will.
        self.controller.refresh()
        self.reload()
        if self.controller.last_status is not None and self.controller.last_status.enrolled:
            self.controller.sync_now()

    def _warn(self, exc: BaseException) -> None:
        dialogs.warn(self, self.tr("Sync"), str(exc))

    def export_outbox(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export unsent changes"),
            str(self.ctx.services.paths.data_dir / "unsent-changes.json"),
            self.tr("JSON files (*.json)"))
        if not path:
            return
        target = Path(path)
        self.ctx.db(lambda op: op.services.sync.export_outbox(target), on_failure=self._warn,
                    on_success=lambda n: self.lbl_message.setText(
                               self.tr("%1 unsent changes exported to %2.")
                               .replace("%1", str(n)).replace("%2", path)))


def screens(ctx: UiContext) -> list[ScreenSpec]:
    # Made here, not in the screen: the indicator and the timer must run from start-up.
    controller_for(ctx)
    return [ScreenSpec("sync", QCoreApplication.translate("SyncScreen", "Sync"), SyncScreen,
                       order=90)]
