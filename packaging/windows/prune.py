"""Prune the Windows site-packages to what the desktop app uses (setup.exe ≤ 120 MB).

    python prune.py SITE_PACKAGES

The app imports QtCore, QtGui, QtWidgets, QtPrintSupport, QtPdf, QtPdfWidgets and QtCharts, and
needs QtSvg (the icons, through the svg image-format/icon-engine plugins) and QtNetwork. Kept:
those modules' .pyd, the Qt plugins a widgets app on Windows loads (platforms, styles, image
formats, the svg icon engine, TLS, network information), the zh_CN and en Qt translations, and
every DLL those need — the closure of their PE imports (read with objdump), so nothing they load
is cut by a guess. Removed: QtWebEngine/Qml/Quick/3D/Multimedia/Designer and the other modules,
their DLLs and plugins, the Qt tools (designer.exe, …), headers, typesystems, metatypes, .pyi
stubs, other translations, opengl32sw.dll (software OpenGL; a widgets app paints with GDI/raster)
and the ffmpeg DLLs. Prints what it removed, in MB.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

KEEP_MODULES = {"QtCore", "QtGui", "QtWidgets", "QtPrintSupport", "QtPdf", "QtPdfWidgets",
                "QtCharts", "QtSvg", "QtSvgWidgets", "QtNetwork"}
KEEP_PLUGINS = {
    "platforms": {"qwindows.dll", "qoffscreen.dll", "qminimal.dll"},
    "styles": None,  # all (qmodernwindowsstyle)
    "imageformats": {"qsvg.dll", "qico.dll", "qjpeg.dll", "qgif.dll"},
    "iconengines": None,
    "tls": None,
    "networkinformation": None,
}
KEEP_TRANSLATIONS = re.compile(r"^qt(base)?_(zh_CN|en)\.qm$")
DROP_DIRS = ("include", "typesystems", "metatypes", "qml", "resources", "doc", "glue", "lib",
             "scripts", "QtAsyncio")
ALWAYS_DROP_DLLS = {"opengl32sw.dll"}


def size(p: Path) -> int:
    if p.is_file():
        return p.stat().st_size
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


def pe_imports(p: Path) -> set[str]:
    out = subprocess.run(["objdump", "-p", str(p)], capture_output=True, text=True).stdout
    return {m.lower() for m in re.findall(r"DLL Name:\s*(\S+)", out)}


def main(site: Path) -> int:
    qt = site / "PySide6"
    removed: dict[str, int] = {}

    def drop(p: Path, why: str) -> None:
        removed[why] = removed.get(why, 0) + size(p)
        shutil.rmtree(p) if p.is_dir() else p.unlink()

    for d in DROP_DIRS:
        if (qt / d).exists():
            drop(qt / d, "headers/typesystems/qml/resources/tools data")
    for f in qt.glob("*.exe"):
        drop(f, "Qt tools (*.exe)")
    for f in [*qt.glob("*.pyi"), *qt.glob("*.lib"), *site.glob("shiboken6/*.lib")]:
        drop(f, "stubs and import libraries")
    for f in qt.glob("Qt*.pyd"):
        if f.stem.split(".")[0] not in KEEP_MODULES:
            drop(f, "unused Qt modules (.pyd)")
    plugins = qt / "plugins"
    for d in plugins.iterdir():
        keep = KEEP_PLUGINS.get(d.name, set())
        if d.name not in KEEP_PLUGINS:
            drop(d, "unused Qt plugins")
        elif keep is not None:
            for f in d.iterdir():
                if f.name not in keep:
                    drop(f, "unused Qt plugins")
    for f in (qt / "translations").iterdir():
        if not KEEP_TRANSLATIONS.match(f.name):
            drop(f, "translations other than zh_CN/en")

    # Keep the DLL closure of what is left; drop every other DLL in PySide6/.
    local = {f.name.lower(): f for f in qt.glob("*.dll")}
    local |= {f.name.lower(): f for f in site.glob("shiboken6/*.dll")}
    todo = [*qt.glob("*.pyd"), *plugins.rglob("*.dll"), *site.glob("shiboken6/*.pyd")]
    needed: set[str] = set()
    while todo:
        for dep in pe_imports(todo.pop()):
            if dep in local and dep not in needed and dep not in ALWAYS_DROP_DLLS:
                needed.add(dep)
                todo.append(local[dep])
    for name, f in local.items():
        if f.parent == qt and name not in needed and (name.startswith(("qt6", "av", "sw", "pyside6qml"))
                                                     or name in ALWAYS_DROP_DLLS):
            drop(f, "DLLs nothing kept loads")
    for p in list(site.rglob("__pycache__")):
        drop(p, "__pycache__")
    total = 0
    for why, n in sorted(removed.items(), key=lambda kv: -kv[1]):
        total += n
        print(f"  pruned {n / 2**20:6.1f} MB  {why}")
    print(f"  pruned {total / 2**20:6.1f} MB in all; kept Qt DLLs: "
          + " ".join(sorted(n for n in needed if n.startswith("qt6"))))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
