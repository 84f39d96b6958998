"""Where the app keeps its files: platformdirs defaults, overridable for portable use and tests.

Order of precedence: an explicit ``--data-dir`` (passed in by the CLI), then ``WUYE_DATA_DIR``,
then the platform's per-user data directory. Logs and backups live under the data directory so a
portable install (USB stick, test run) never writes anywhere else.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "wuye-desktop"
APP_AUTHOR = "wuye"
DB_FILENAME = "wuye.sqlite3"


@dataclass(frozen=True, slots=True)
class AppPaths:
    """All locations derived from one data directory."""

    data_dir: Path

    @property
    def database(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def photos(self) -> Path:
        return self.data_dir / "photos"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    @property
    def exports(self) -> Path:
        return self.data_dir / "exports"

    @property
    def settings_file(self) -> Path:
        return self.data_dir / "settings.ini"

    def ensure(self) -> AppPaths:
        for d in (self.data_dir, self.backups, self.photos, self.logs):
            d.mkdir(parents=True, exist_ok=True)
        return self


def resolve(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    """The paths for an explicit directory, ``WUYE_DATA_DIR``, or the platform default."""
    if data_dir:
        return AppPaths(Path(data_dir).expanduser().resolve())
    env = os.environ.get("WUYE_DATA_DIR")
    if env:
        return AppPaths(Path(env).expanduser().resolve())
    return AppPaths(Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False)))
