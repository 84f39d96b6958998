"""Helpers shared by CLI command modules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..paths import AppPaths
from ..services.context import Services, open_services


@contextmanager
def services_for(paths: AppPaths) -> Iterator[Services]:
    svc = open_services(paths)
    try:
        from ..services import plugins

        plugins.install(svc)
        yield svc
    finally:
        svc.close()
