"""Compile ``translations/*.ts`` into ``resources/i18n/*.qm`` with ``pyside6-lrelease``.

Run as ``python -m wuye_desktop.i18n_build`` (the bootstrap script does, every start, because the
.qm files are build products and not in git).

``python -m wuye_desktop.i18n_build --update`` first refreshes the .ts from the sources (app.py and
ui/*.py) with ``pyside6-lupdate -no-obsolete``; then translate the new ``unfinished`` entries
(e.g. in Qt Linguist) — tests/gui/test_i18n.py fails until none is left.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS_DIR = ROOT / "translations"
QM_DIR = ROOT / "resources" / "i18n"


def lrelease_exe() -> str:
    """The lrelease shipped in PySide6-Essentials, next to this interpreter if possible."""
    here = Path(sys.executable).parent
    for name in ("pyside6-lrelease", "pyside6-lrelease.exe"):
        if (here / name).exists():
            return str(here / name)
    found = shutil.which("pyside6-lrelease")
    if not found:
        raise SystemExit("pyside6-lrelease not found (install PySide6-Essentials)")
    return found


def build(ts_dir: Path = TS_DIR, qm_dir: Path = QM_DIR) -> list[Path]:
    """Compile each .ts; a .qm whose bytes change is replaced by a new file, never rewritten.

    A running app's QTranslator maps its .qm into memory. lrelease truncates and rewrites its
    output in place, and a process reading a mapped file while it is shorter dies of SIGBUS (a
    CI run lost a test worker so while another worker's set-up rebuilt the translations). So
    lrelease writes a temporary file and os.replace swaps it in: readers keep the old file.
    """
    qm_dir.mkdir(parents=True, exist_ok=True)
    out = []
    for ts in sorted(ts_dir.glob("*.ts")):
        qm = qm_dir / (ts.stem + ".qm")
        fd, tmp_name = tempfile.mkstemp(prefix=f".{qm.stem}-", suffix=".qm", dir=qm_dir)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            subprocess.run([lrelease_exe(), "-silent", str(ts), "-qm", str(tmp)], check=True)
            if not (qm.exists() and qm.read_bytes() == tmp.read_bytes()):
                tmp.chmod(0o644)  # mkstemp's 0600 would go into the packages
                os.replace(tmp, qm)
        finally:  # an unchanged or failed build leaves its temporary behind otherwise
            tmp.unlink(missing_ok=True)
        out.append(qm)
    return out


def sources() -> list[Path]:
    """Every Python file whose strings the interface shows (lupdate's input)."""
    pkg = ROOT / "src" / "wuye_desktop"
    return [pkg / "app.py", *sorted((pkg / "ui").glob("*.py"))]


def update(ts_dir: Path = TS_DIR) -> None:
    lupdate = lrelease_exe().replace("lrelease", "lupdate")
    for ts in sorted(ts_dir.glob("*.ts")):
        lang = ts.stem.split("_", 1)[1]
        subprocess.run([lupdate, "-silent", "-no-obsolete", "-locations", "none",
                        "-source-language", "en", "-target-language", lang,
                        *map(str, sources()), "-ts", str(ts)], check=True)


def main() -> int:
    if "--update" in sys.argv[1:]:
        update()
    for qm in build():
        print(qm)
    return 0


if __name__ == "__main__":
    sys.exit(main())
