"""What the cold start imports: the real app, started as a subprocess on a data folder with a
community, shows its main window and the overview's figures (the ``data`` line) without having
imported ReportLab, openpyxl, httpx, Alembic, pypdf, Pillow, python-calamine or keyring. Those load when
a document is printed, a workbook read or written, the county called, or the schema migrated.

Structure, not timing: no figure here depends on how loaded the machine is.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from wuye_desktop.paths import AppPaths
from wuye_desktop.services.context import open_services
from wuye_desktop.storage.migrate import make_config
from wuye_desktop.storage.revisions import current_head

#: packages the first screen must not need
HEAVY = ("reportlab", "openpyxl", "httpx", "alembic", "pypdf", "PIL", "python_calamine", "keyring")


def _community(data: Path) -> None:
    svc = open_services(AppPaths(data).ensure())
    try:
        svc.registers.init_community("220102003001", "桃源社区")
    finally:
        svc.close()


def _child_env(data: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(QT_QPA_PLATFORM="offscreen", WUYE_DATA_DIR=str(data), WUYE_NO_DIALOGS="1",
               WUYE_QUIT_WHEN_SHOWN="1", WUYE_REPORT_MODULES="1",
               PYTHON_KEYRING_BACKEND="keyring.backends.null.Keyring")
    return env


def test_main_window_shows_its_data_without_the_heavy_packages(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _community(data)
    proc = subprocess.run([sys.executable, "-m", "wuye_desktop"], env=_child_env(data),
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    marks = [line.split(" ", 1)[0] for line in lines]
    # the frame first, then the main window, then the overview's figures
    assert marks[:4] == ["frame", "shown", "data", "loaded"], proc.stdout
    loaded = set(lines[3].split(" ", 1)[1].split(","))
    assert {"wuye_desktop", "PySide6", "sqlalchemy"} <= loaded  # the report is real
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


_OPEN = """
import sys
from pathlib import Path
from wuye_desktop.storage.db import Database
db = Database(Path(sys.argv[1]))
db.engine.dispose()
print("alembic" in sys.modules)
"""


def test_alembic_is_imported_only_when_the_schema_must_be_migrated(tmp_path: Path) -> None:
    path = tmp_path / "wuye.sqlite3"

    def opened() -> str:
        return subprocess.run([sys.executable, "-c", _OPEN, str(path)], capture_output=True,
                              text=True, timeout=120, check=True).stdout.strip()

    assert opened() == "True"  # a new file: every migration runs
    assert opened() == "False"  # at the newest revision: nothing to migrate, no Alembic
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:  # as the release before the newest left it
        command.downgrade(make_config(conn), "-1")
    engine.dispose()
    assert opened() == "True"  # migrated on open (with its backup first)
    assert list((tmp_path / "backups").glob("*before-migration*"))
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == current_head()
