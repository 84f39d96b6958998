"""Helpers shared by CLI command modules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..paths import AppPaths
from ..services.backup import BackupService
from ..services.context import Services, open_services

#: ``--worker NAME`` of the running command (set by ``__main__.main`` for every command; None
#: means the worker stored on this computer, see :mod:`wuye_desktop.services.workers`)
_worker: str | None = None


def set_worker(name: str | None) -> None:
    global _worker
    _worker = name


@contextmanager
def services_for(paths: AppPaths) -> Iterator[Services]:
    from ..services.workers import WorkerService

    svc = open_services(paths, user=WorkerService.check(_worker) if _worker else None)
    try:
        # Every command that opens the database counts as a start of the day: a worker (or a
        # scheduled task) that only uses the command line gets the same daily copy as the GUI.
        if svc.registers.community() is not None:
            BackupService(svc.db).daily()
        yield svc
    finally:
        svc.close()
