"""Background sync for the whole window: the status-bar indicator, the timer, the probe.

One :class:`SyncController` per main window, made when the screens are collected (so the
indicator and the automatic sync work before anyone opens the 同步 screen). The sync itself runs
on the runner's network lane; status reads run on the database lane; the GUI thread only
formats text.

Why the whole run is on the network lane: the engine interleaves short SQLite transactions with
HTTP calls; moving each hop between lanes would make a crash-safe sequence depend on two queues.
The engine's transactions are short, and SQLite (WAL, busy timeout) serialises them with the
database lane's work, so the GUI never waits.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from ..services.sync import SyncService, SyncStatus
from . import ops
from .context import UiContext

log = logging.getLogger(__name__)

# Automatic sync every this many ms while the server is reachable.
SYNC_INTERVAL_MS = 10 * 60 * 1000
# While offline, probe ``/health`` this often (cheap: one GET, 3 s timeout).
PROBE_INTERVAL_MS = 60 * 1000
# Set to 1 to turn the timers off (tests drive the controller by hand).
MANUAL_ENV = "WUYE_SYNC_MANUAL"


class SyncController(QObject):
    """Runs syncs, watches reachability and keeps the status-bar text current."""

    # the latest :class:`~wuye_desktop.services.sync.SyncStatus`
    status_changed = Signal(object)
    # a sync ended: the SyncReport, or the exception
    finished = Signal(object)
    # a sync started
    started = Signal()
    # the county server offers a newer signed release (an Offer)
    update_offered = Signal(object)

    def __init__(self, ctx: UiContext, *, auto: bool | None = None) -> None:
        super().__init__(ctx.runner)
        self.ctx = ctx
        self.running = False
        self.offline = False
        #: the last sync gave up waiting on a busy county server (503 + Retry-After)
        self.busy = False
        self.last_error = ""
        self.last_status: SyncStatus | None = None
        self._probing = False
        self.update_dialog: Any = None
        self.sync_timer = QTimer(self)
        self.sync_timer.setInterval(SYNC_INTERVAL_MS)
        self.sync_timer.timeout.connect(self.auto_sync)
        self.probe_timer = QTimer(self)
        self.probe_timer.setInterval(PROBE_INTERVAL_MS)
        self.probe_timer.timeout.connect(self.probe)
        if auto is None:
            auto = os.environ.get(MANUAL_ENV, "") in ("", "0")
        if auto:
            self.sync_timer.start()
            self.probe_timer.start()
            QTimer.singleShot(2000, self.probe)  # after start-up, not during it
        # The first reading is for the status bar: without the keyring check, which imports
        # keyring and its platform backends on the database thread while the first screen
        # waits for that thread (a start-path import; the Sync screen checks when it opens).
        QTimer.singleShot(0, lambda: self.refresh(check_keyring=False))

    @property
    def service(self) -> SyncService:
        return self.ctx.services.sync

    # -- status ----------------------------------------------------------------------------

    def refresh(self, check_keyring: bool = True) -> None:
        """Re-read the local status (database lane) and update the indicator."""
        self.ctx.db(lambda op: op.services.sync.status(check_keyring), on_success=self._got_status,
                           on_failure=lambda exc: log.warning("sync status: %s", exc))

    def _got_status(self, st: Any) -> None:
        prev = self.last_status
        if st.secret_store is None and prev is not None and prev.secret_store is not None:
            # a reading that did not look at the keyring (the start's) says nothing new about
            # it: keep what the last look found, whichever reading arrives last
            st = dataclasses.replace(st, secret_store=prev.secret_store)
        self.last_status = st
        self._show()
        self.status_changed.emit(st)

    def indicator(self) -> tuple[str, str]:
        """The status-bar text and tooltip for the current state."""
        st = self.last_status
        if self.running:
            return self.tr("Syncing…"), self.tr("Sending this computer's changes to the county server.")
        if st is None:
            return "", ""
        waiting = st.attention + st.conflicts
        if st.revoked:
            return self.tr("Device disabled"), self.tr(
                "The county has disabled this computer. Export the unsent changes on the Sync page.")
        if not st.enrolled:
            return self.tr("Offline (not enrolled)"), self.tr(
                "This computer is not enrolled with the county server yet (Sync page).")
        if waiting:
            return self.tr("Needs attention: %1").replace("%1", str(waiting)), self.tr(
                "%1 rejected changes and %2 conflicts wait for you on the Sync page.")\
                .replace("%1", str(st.attention)).replace("%2", str(st.conflicts))
        if self.offline:
            return self.tr("Offline"), self.last_error or self.tr(
                "The county server cannot be reached; changes are kept and sent later.")
        if self.busy:
            return self.tr("County server busy"), self.last_error
        if self.last_error:
            # Not 已同步: the last complete sync is older than this failed one.
            return self.tr("Sync failed"), self.last_error
        if st.last_sync is not None:
            when = st.last_sync.astimezone().strftime("%H:%M")
            return self.tr("Synced %1").replace("%1", when), self.tr(
                "%1 changes waiting to be sent.").replace("%1", str(st.pending))
        return self.tr("Not synced yet"), ""

    def _show(self) -> None:
        if self.ctx.status is not None:
            text, tip = self.indicator()
            if text:
                self.ctx.status.set_sync_state(text, tip)

    # -- sync ------------------------------------------------------------------------------

    def sync_now(self) -> bool:
        """Start a sync unless one is running; False when it did not start."""
        if self.running:
            return False
        self.running = True
        self._show()
        self.started.emit()
        # ops.sync_run announces every area: a pull may bring rows of any table
        self.ctx.net(ops.sync_run, on_success=self._done, on_failure=self._failed,
                     label=self.tr("Sync"))
        return True

    def auto_sync(self) -> None:
        st = self.last_status
        if st is not None and st.enrolled and not st.revoked and not self.offline:
            self.sync_now()

    def _done(self, report: Any) -> None:
        self.running = False
        self.offline = self.busy = False
        self.last_error = ""
        self.finished.emit(report)
        self.refresh()
        self.check_update()

    # -- updates ---------------------------------------------------------------------------

    def check_update(self, force: bool = False) -> None:
        """After a sync (at most once a day unless forced): does the county offer a new version?"""
        self.ctx.net(lambda op: op.services.sync.check_update(force=force),
                     on_success=self._offered,
                     on_failure=lambda exc: log.warning("update check: %s", exc))

    def _offered(self, offer: Any) -> None:
        if offer is None:
            return
        self.update_offered.emit(offer)
        if self.update_dialog is not None and self.update_dialog.isVisible():
            return
        from PySide6.QtWidgets import QApplication

        from .update_dialog import UpdateDialog

        self.update_dialog = UpdateDialog(self.ctx, offer, QApplication.activeWindow())
        self.update_dialog.open()

    def _failed(self, exc: BaseException) -> None:
        from ..sync.client import Offline, ServerBusy

        self.running = False
        self.last_error = self.error_text(exc)
        self.offline = isinstance(exc, Offline)
        self.busy = isinstance(exc, ServerBusy)
        log.info("sync failed: %s", exc)
        self.finished.emit(exc)
        self.refresh()

    def error_text(self, exc: BaseException) -> str:
        """What a failed sync says: a user error's own Chinese words, else a plain sentence
        (the exception's English text is for the log, not for the person)."""
        from ..domain.errors import UserError

        if isinstance(exc, UserError):
            return exc.with_hint()
        log.error("sync failed unexpectedly", exc_info=exc)
        return self.tr("An unexpected problem stopped the sync (%1). Your changes are kept on "
                       "this computer; try again later, and tell the county if it happens "
                       "again.").replace("%1", type(exc).__name__)

    # -- reachability ----------------------------------------------------------------------

    def probe(self) -> None:
        """Ask the server whether it is reachable; sync as soon as it comes back."""
        st = self.last_status
        if self._probing or self.running or st is None or not st.enrolled or st.revoked:
            return
        self._probing = True
        self.ctx.net(lambda op: op.services.sync.probe(), on_success=self._probed,
                     on_failure=lambda _e: self._probed(False))

    def _probed(self, ok: bool) -> None:
        self._probing = False
        was_offline = self.offline
        self.offline = not ok
        if ok and (was_offline or (self.last_status is not None
                   and self.last_status.last_sync is None)):
            self.sync_now()
        else:
            self._show()

    def stop(self) -> None:
        self.sync_timer.stop()
        self.probe_timer.stop()


def controller_for(ctx: UiContext) -> SyncController:
    """The window's controller, made once per context."""
    if ctx.sync_controller is None:
        ctx.sync_controller = SyncController(ctx)
    return ctx.sync_controller
