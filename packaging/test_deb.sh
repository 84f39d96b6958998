#!/usr/bin/env bash
# Installs dist/wuye-desktop_*.deb into a freshly debootstrap'd Debian 12 (minbase) with apt, as
# a worker's PC would get it, then as a user with a Chinese name: `wuye-desktop demo`, a notice
# PDF, the GUI under Xvfb (screenshot to docs/screenshots/deb-gui.png when SCREENSHOT=1), the
# menu entry; `apt-get remove` must leave the user's data. Needs root, debootstrap and the
# Debian mirror (WUYE_DEBIAN_MIRROR, default deb.debian.org). Usage: packaging/test_deb.sh [path/to.deb]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deb="${1:-$(ls -1 "$here"/dist/wuye-desktop_*_amd64.deb | tail -1)}"
mirror="${WUYE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
root="$(mktemp -d /tmp/wuye-deb-chroot.XXXXXX)"; chmod 755 "$root"  # a chroot root users can enter
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf "$root"; }
trap cleanup EXIT
command -v debootstrap >/dev/null || { apt-get update -qq; apt-get install -y -qq debootstrap >/dev/null; }
echo "debootstrap bookworm → $root"
debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/"
pkg="/tmp/$(basename "$deb")"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 bash -c "$1"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

in_root "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq &&
  apt-get install -y -qq $pkg xvfb xauth x11-apps netpbm >/tmp/install.log 2>&1" \
  || { tail -20 "$root/tmp/install.log"; fail "apt install of the .deb"; }
in_root "command -v wuye-desktop" | grep -qx /usr/bin/wuye-desktop || fail "wuye-desktop not on PATH"
grep -q '^Name\[zh_CN\]=社区物业工作台' "$root/usr/share/applications/wuye-desktop.desktop" \
  || fail "no Chinese menu entry"
[ -f "$root/usr/share/icons/hicolor/scalable/apps/wuye-desktop.svg" ] || fail "no icon"

in_root "useradd -m 王芳" || fail "useradd"
as_user() { in_root "su - 王芳 -c \"$1\""; }
as_user "wuye-desktop demo" | grep -q 演示社区已就绪 || fail "demo"
as_user "wuye-desktop print notice --template fire_safety --all --field 季节=冬季 -o ~/通知.pdf" \
  >/dev/null || fail "print notice"
head -c5 "$root/home/王芳/通知.pdf" | grep -q '%PDF-' || fail "no PDF"
as_user "WUYE_QUIT_WHEN_SHOWN=1 xvfb-run -a wuye-desktop" | grep '^shown ' >/dev/null \
  || fail "GUI did not show its main window under Xvfb"
if [ "${SCREENSHOT:-0}" = 1 ]; then
  as_user "Xvfb :57 -screen 0 1400x900x24 >/dev/null 2>&1 & sleep 1;
    DISPLAY=:57 wuye-desktop >/dev/null 2>&1 & sleep 8;
    xwd -root -display :57 | xwdtopnm 2>/dev/null | pnmtopng > ~/gui.png; kill %2 %1" || true
  cp "$root/home/王芳/gui.png" "$here/docs/screenshots/deb-gui.png" && echo "screenshot: docs/screenshots/deb-gui.png"
fi
data="$root/home/王芳/.local/share/wuye-desktop/wuye.sqlite3"
[ -s "$data" ] || fail "no user database at ~/.local/share/wuye-desktop"
in_root "DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq wuye-desktop >/dev/null" || fail "remove"
[ ! -e "$root/usr/bin/wuye-desktop" ] || fail "still on PATH after removal"
[ -s "$data" ] || fail "removal deleted the user's data"
echo "deb test passed: install, PATH, menu entry, demo, PDF, GUI under Xvfb, removal keeps data"
