#!/usr/bin/env bash
# One build entry for every artefact; each lands in dist/ with its sha256 beside it.
#   packaging/build.sh wheel    the wheel and sdist (what pip installs)
#   packaging/build.sh bundle   a one-folder PyInstaller bundle of the desktop app, as .tar.gz
#   packaging/build.sh deb      that bundle as a .deb for Debian 12 / UOS / Kylin (amd64):
#                               /opt/wuye-desktop, wuye-desktop on PATH, a Chinese menu entry
# The bundle is built from the wheel installed (not editable) into a throwaway venv, so it holds
# exactly what a user's install holds; then the frozen app is smoke-tested before it is kept.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
what="${1:-}"
PY="${PYTHON:-python3}"
dist="$here/dist"
work="$here/build/packaging"
mkdir -p "$dist" "$work"
version="$("$PY" -c 'import re,sys; print(re.search(r"^version = \"([^\"]+)\"", open("pyproject.toml").read(), re.M).group(1))')"

checksum() { (cd "$dist" && sha256sum "$(basename "$1")" > "$(basename "$1").sha256"); echo "$1"; }

build_wheel() {
  rm -f "$dist"/wuye_desktop-"$version"*.whl "$dist"/wuye_desktop-"$version".tar.gz
  "$PY" -m pip wheel -q --no-deps -w "$dist" .
  "$PY" -m build --version >/dev/null 2>&1 && "$PY" -m build -q --sdist -o "$dist" . >/dev/null || true
  for f in "$dist"/wuye_desktop-"$version"*; do case "$f" in *.sha256) ;; *) checksum "$f" ;; esac; done
}

build_bundle() {
  build_wheel >/dev/null
  venv="$work/venv-bundle"
  rm -rf "$venv"; "$PY" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "$dist/wuye_desktop-$version-py3-none-any.whl" "pyinstaller>=6.10"
  rm -rf "$work/pyi"
  (cd packaging && "$venv/bin/pyinstaller" --noconfirm --log-level WARN \
     --distpath "$work/pyi/dist" --workpath "$work/pyi/build" wuye-desktop.spec)
  app="$work/pyi/dist/wuye-desktop"
  # Smoke test of the frozen app before keeping it: a demo database from the bundled
  # migrations and a PDF with the bundled fonts, in a throwaway data directory.
  smoke="$(mktemp -d)"
  WUYE_DATA_DIR="$smoke/data" "$app/wuye-desktop" demo >/dev/null
  WUYE_DATA_DIR="$smoke/data" "$app/wuye-desktop" print notice --template fire_safety --all \
    --field 季节=冬季 -o "$smoke/n.pdf" >/dev/null
  # …and the GUI, offscreen, up to its main window on that demo data.
  WUYE_DATA_DIR="$smoke/data" QT_QPA_PLATFORM=offscreen WUYE_QUIT_WHEN_SHOWN=1 \
    "$app/wuye-desktop" | grep -q '^shown '
  rm -rf "$smoke"
  out="$dist/wuye-desktop-$version-linux-$(uname -m).tar.gz"
  tar -C "$work/pyi/dist" -czf "$out" wuye-desktop
  checksum "$out"
}

build_deb() {
  build_bundle >/dev/null
  arch="$(dpkg --print-architecture)"
  root="$work/deb/wuye-desktop_${version}_${arch}"
  rm -rf "$work/deb"; mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" \
    "$root/usr/share/applications" "$root/usr/share/icons/hicolor/scalable/apps" \
    "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/doc/wuye-desktop"
  cp -a "$work/pyi/dist/wuye-desktop" "$root/opt/wuye-desktop"
  ln -s /opt/wuye-desktop/wuye-desktop "$root/usr/bin/wuye-desktop"
  cp resources/icons/wuye-desktop.svg "$root/usr/share/icons/hicolor/scalable/apps/"
  cp resources/icons/wuye-desktop-256.png "$root/usr/share/icons/hicolor/256x256/apps/wuye-desktop.png"
  cp packaging/linux/wuye-desktop.desktop "$root/usr/share/applications/"
  cp packaging/linux/copyright "$root/usr/share/doc/wuye-desktop/copyright"
  size="$(du -sk "$root" | cut -f1)"
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" \
    packaging/linux/control.in > "$root/DEBIAN/control"
  out="$dist/wuye-desktop_${version}_${arch}.deb"
  # Fixed owner and mtimes: the same tree gives the same package.
  find "$root" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}" {} +
  dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
  checksum "$out"
}

case "$what" in
  wheel) build_wheel ;;
  bundle) build_bundle ;;
  deb) build_deb ;;
  *) echo "usage: packaging/build.sh wheel|bundle|deb" >&2; exit 2 ;;
esac
