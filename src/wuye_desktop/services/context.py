"""The composition root of the headless core: one database, the services over it.

The GUI (``app.py``) and the CLI both build one of these and pass services explicitly; there is
no global registry to patch in tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..clock import Clock, SystemClock, default_clock
from ..paths import AppPaths
from ..storage.db import Database
from .registers import RegisterService
from .transfer import TransferService


@dataclass
class Services:
    paths: AppPaths
    db: Database
    registers: RegisterService
    transfer: TransferService
    #: business "today" for every service (overdue, deadlines, demo range); pinned in tests
    clock: Clock = field(default_factory=SystemClock)
    #: feature services added by later modules (inspections, printing, sync) by name
    extra: dict[str, Any] = field(default_factory=dict)

    def close(self) -> None:
        self.db.close()


def open_services(paths: AppPaths, user: str | None = None, clock: Clock | None = None) -> Services:
    """Open (creating or migrating) the database under ``paths`` and build the services.

    ``clock`` defaults to :func:`~wuye_desktop.clock.default_clock` (the system clock unless the
    ``WUYE_CLOCK_TODAY`` test/demo override pins it).

    Raises :class:`~wuye_desktop.storage.errors.StorageError` for a corrupt or too-new file.
    """
    paths.ensure()
    db = Database(paths.database, paths.backups, user=user or "")
    if user is None:
        # The worker's name stored on this computer (asked at first run), else the OS login.
        from .workers import resolve_user

        db.set_user(resolve_user(db))
    clock = clock if clock is not None else default_clock()
    registers = RegisterService(db, clock)
    return Services(paths, db, registers, TransferService(registers), clock)
