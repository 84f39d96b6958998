"""Package layout that pyproject.toml alone cannot say.

- Top-level ``resources/`` ships inside the package as ``wuye_desktop.resources`` (found by
  importlib.resources in any install).
- The Alembic migration folders are data, not packages: they are listed as package data so a
  wheel carries them (without them an installed app cannot create its database).
- The compiled translations (``.qm``) are build products, not in git: ``build_py`` compiles
  ``translations/*.ts`` with the ``pyside6-lrelease`` of the build environment (PySide6-Essentials
  is a build requirement), so a wheel built from a clean clone speaks Chinese.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def _lrelease() -> str | None:
    here = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "pyside6-lrelease.exe"):
        if (here / name).exists():
            return str(here / name)
    return shutil.which("pyside6-lrelease")


class BuildWithTranslations(build_py):
    """Compile the .ts files into resources/i18n before the package files are copied."""

    def run(self) -> None:
        ts_dir = HERE / "translations"
        qm_dir = HERE / "resources" / "i18n"
        ts_files = sorted(ts_dir.glob("*.ts"))
        if ts_files:
            exe = _lrelease()
            if exe is None:
                raise SystemExit("pyside6-lrelease not found: install PySide6-Essentials to build")
            qm_dir.mkdir(parents=True, exist_ok=True)
            for ts in ts_files:
                subprocess.run([exe, "-silent", str(ts), "-qm", str(qm_dir / (ts.stem + ".qm"))],
                               check=True)
        super().run()


setup(
    packages=[*find_packages("src"), "wuye_desktop.resources"],
    package_dir={"": "src", "wuye_desktop.resources": "resources"},
    package_data={
        "wuye_desktop.storage": ["migrations/*.py", "migrations/*.mako", "migrations/versions/*.py"],
        "wuye_county": ["migrations/*.py", "migrations/*.mako", "migrations/versions/*.py"],
    },
    cmdclass={"build_py": BuildWithTranslations},
)
