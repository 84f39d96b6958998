"""Who is working (工作人员): the name every change is recorded under.

Several community workers share one office PC, so the name is a setting of this installation
(``local_settings``), asked at first run and switchable at any time; the last few names are
kept for a quick pick. The operating-system login (often one shared account, or ``root``) is
only the fallback when no name was ever set.
"""

from __future__ import annotations

import getpass
import json

from ..domain.errors import UserError
from ..storage.db import Database

#: local_settings keys
KEY_WORKER = "worker_name"
KEY_RECENT = "worker_recent"
RECENT_KEEP = 8
#: ``updated_by`` is String(60)
MAX_NAME = 60


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (service account, odd Windows setups)
        return ""


class WorkerNameInvalid(UserError, ValueError):
    """The worker's name is empty or too long (message in Chinese).

    Still a ``ValueError`` too: the setup dialog and the worker dialog catch ValueError."""


class WorkerService:
    """The current worker's name, stored per installation; switching takes effect at once."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def stored(self) -> str | None:
        """The name set on this computer, or None if nobody ever entered one."""
        return self.db.get_setting(KEY_WORKER) or None

    def current(self) -> str:
        """The name changes are being recorded under now."""
        return self.db.user

    def recent(self) -> list[str]:
        """Recently used names, newest first."""
        raw = self.db.get_setting(KEY_RECENT)
        try:
            names = json.loads(raw) if raw else []
        except ValueError:
            names = []
        return [str(n) for n in names if isinstance(n, str) and n][:RECENT_KEEP]

    @staticmethod
    def check(name: str) -> str:
        """The cleaned name; raises :class:`WorkerNameInvalid` if it cannot be used."""
        name = " ".join((name or "").split())
        if not name:
            raise WorkerNameInvalid("请填写工作人员姓名，修改记录会记下是谁改的。")
        if len(name) > MAX_NAME:
            raise WorkerNameInvalid(f"工作人员姓名最多{MAX_NAME}个字。")
        return name

    def switch(self, name: str) -> str:
        """Record following changes as ``name`` (and remember it for this computer)."""
        name = self.check(name)
        recent = [name, *(n for n in self.recent() if n != name)][:RECENT_KEEP]
        self.db.set_setting(KEY_WORKER, name)
        self.db.set_setting(KEY_RECENT, json.dumps(recent, ensure_ascii=False))
        self.db.set_user(name)
        return name


def resolve_user(db: Database, explicit: str | None = None) -> str:
    """Whom to record changes as: an explicit name (``--worker``), else the stored worker name,
    else the operating-system login."""
    if explicit is not None and explicit.strip():
        return WorkerService.check(explicit)
    return db.get_setting(KEY_WORKER) or os_user()
