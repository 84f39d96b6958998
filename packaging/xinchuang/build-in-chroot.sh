#!/usr/bin/env bash
# Runs inside the Debian 11 (glibc 2.31) chroot of `packaging/build.sh xinchuang`, in /tmp/xc:
# a venv of the CPython built by build-python.sh, the app's wheel with the 信创 Qt (PySide6
# 6.9.3, constraints.txt) — pip picks each wheel for this system's glibc — then PyInstaller, then
# a smoke test of the frozen app (demo, a notice PDF, the GUI offscreen) before it is kept.
set -euo pipefail
PREFIX="${1:?usage: build-in-chroot.sh PREFIX WHEEL}"; WHEEL="${2:?}"
cd /tmp/xc
export PIP_CACHE_DIR=/var/cache/wuye-pip PIP_DISABLE_PIP_VERSION_CHECK=1
[ -s host-ca.crt ] && export PIP_CERT=/tmp/xc/host-ca.crt
rm -rf venv pyi; "$PREFIX/bin/python3.11" -m venv venv
venv/bin/python -m pip install -q "$WHEEL" -c constraints.txt "pyinstaller>=6.10"
venv/bin/python -m pip check >&2
venv/bin/python - <<'PY'
import PySide6
from PySide6.QtPdf import QPdfDocument  # noqa: F401  (inside PySide6-Addons in this range)
from PySide6.QtPdfWidgets import QPdfView  # noqa: F401
assert PySide6.__version__ == "6.9.3", PySide6.__version__
PY
venv/bin/pyinstaller --noconfirm --log-level WARN --distpath pyi/dist --workpath pyi/build wuye-desktop.spec
app=pyi/dist/wuye-desktop
# Three of Debian 11's libraries that PyInstaller copied need glibc 2.29/2.30 (libsqlite3: log,
# libpng16: pow, libsystemd: gettid). Every target desktop has its own (the .deb depends on them),
# so the bundle uses the system's; then nothing in it needs more than glibc 2.28.
for lib in libsqlite3.so.0 libpng16.so.16 libsystemd.so.0; do rm -f "$app/_internal/$lib"; done
smoke="$(mktemp -d)"
WUYE_DATA_DIR="$smoke/data" "$app/wuye-desktop" demo >/dev/null
WUYE_DATA_DIR="$smoke/data" "$app/wuye-desktop" print notice --template fire_safety --all \
  --field 季节=冬季 -o "$smoke/n.pdf" >/dev/null
head -c5 "$smoke/n.pdf" | grep -q '%PDF-'
WUYE_DATA_DIR="$smoke/data" QT_QPA_PLATFORM=offscreen WUYE_QUIT_WHEN_SHOWN=1 \
  "$app/wuye-desktop" | grep '^shown ' >/dev/null
rm -rf "$smoke"
