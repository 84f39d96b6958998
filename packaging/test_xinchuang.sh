#!/usr/bin/env bash
# The 信创 build on the oldest system it is for: a freshly debootstrap'd Debian 11 (bullseye,
# glibc 2.31 — Kylin V10's glibc; UOS V20 has 2.28), as a worker's PC would get it:
#   1. every ELF in the package needs glibc <= 2.28, UOS V20's (readelf; the maximum is printed);
#   2. `apt install ./wuye-desktop-xinchuang_*.deb` (Depends resolved by bullseye's apt), then as a
#      user with a Chinese name: --version, `demo`, a notice PDF, the GUI under Xvfb, the menu entry;
#   3. the .tar.gz unpacked elsewhere runs `demo` as well;
#   4. Chinese input: packaging/test_input_method.sh inside the chroot with bullseye's fcitx5
#      (pinyin typed into the app's first-run dialog) — WUYE_XINCHUANG_IM=0 leaves it out;
#   5. `apt-get remove` keeps the user's data.
# SCREENSHOT=1 also saves the GUI to docs/screenshots/xinchuang-gui.png and the pinyin candidates
# to docs/screenshots/input-method-xinchuang.png. Needs root, debootstrap, binutils and the Debian mirror
# (WUYE_DEBIAN_MIRROR). Usage: packaging/test_xinchuang.sh [path/to.deb [path/to.tar.gz]]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
deb="${1:-$(ls -1 "$here"/dist/wuye-desktop-xinchuang_*_amd64.deb | tail -1)}"
tgz="${2:-$(ls -1 "$here"/dist/wuye-desktop-*-xinchuang-x86_64.tar.gz | tail -1)}"
mirror="${WUYE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
root="$(mktemp -d /tmp/wuye-xinchuang-chroot.XXXXXX)"; chmod 755 "$root"
cleanup() { umount "$root/proc" 2>/dev/null || true; rm -rf "$root"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v debootstrap >/dev/null || { apt-get update -qq; apt-get install -y -qq debootstrap >/dev/null; }
command -v readelf >/dev/null || fail "readelf missing (apt-get install -y binutils)"
t0=$(date +%s)
echo "debootstrap bullseye → $root"
debootstrap --variant=minbase bullseye "$root" "$mirror" >/dev/null
mount -t proc proc "$root/proc"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$tgz" "$root/tmp/"
pkg="/tmp/$(basename "$deb")"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 bash -c "$1"; }
out="$(in_root "ldd --version")"
glibc="$(echo "$out" | sed -n '1s/.* \([0-9][0-9]*\.[0-9][0-9]*\)$/\1/p')"
echo "the test system's glibc: $glibc"
[ "$glibc" = 2.31 ] || fail "expected glibc 2.31 in bullseye, found $glibc"

im_pkgs=""
[ "${WUYE_XINCHUANG_IM:-1}" = 0 ] || im_pkgs="dbus-x11 fcitx5 fcitx5-chinese-addons xdotool fonts-wqy-microhei"  # the font: fcitx5's candidate window
in_root "export DEBIAN_FRONTEND=noninteractive; apt-get update -qq &&
  apt-get install -y -qq $pkg xvfb xauth x11-apps netpbm $im_pkgs >/tmp/install.log 2>&1" \
  || { tail -20 "$root/tmp/install.log"; fail "apt install of the .deb on Debian 11"; }

# 1. glibc symbol versions of everything installed under /opt/wuye-desktop
newest="$(python3 "$here/packaging/xinchuang/elf_glibc.py" --max 2.28 "$root/opt/wuye-desktop")" \
  || fail "a bundled ELF needs a newer glibc than 2.28 (UOS V20; see above)"
echo "newest glibc symbol version any bundled ELF needs: $newest"

# 2. the installed package, as a user with a Chinese name
[ "$(in_root "command -v wuye-desktop")" = /usr/bin/wuye-desktop ] || fail "wuye-desktop not on PATH"
grep -q '^Name\[zh_CN\]=社区物业工作台' "$root/usr/share/applications/wuye-desktop.desktop" || fail "no Chinese menu entry"
in_root "useradd -m 王芳" || fail "useradd"
as_user() { in_root "su - 王芳 -c \"$1\""; }
# (outputs are read whole, then searched: `| grep -q` under pipefail can fail on SIGPIPE)
out="$(as_user "wuye-desktop --version")"; echo "$out"
grep -q "$(sed -n 's/^version = "\(.*\)"/\1/p' "$here/pyproject.toml")" <<<"$out" || fail "--version"
out="$(as_user "wuye-desktop demo")"; grep -q 演示社区已就绪 <<<"$out" || fail "demo"
as_user "wuye-desktop print notice --template fire_safety --all --field 季节=冬季 -o ~/通知.pdf" >/dev/null \
  || fail "print notice"
head -c5 "$root/home/王芳/通知.pdf" | grep -q '%PDF-' || fail "no PDF"
out="$(as_user "WUYE_QUIT_WHEN_SHOWN=1 xvfb-run -a wuye-desktop")" || true
grep -q '^shown ' <<<"$out" || fail "GUI did not show its main window under Xvfb on Debian 11"
if [ "${SCREENSHOT:-0}" = 1 ]; then
  as_user "Xvfb :57 -screen 0 1400x900x24 >/dev/null 2>&1 & x=\\\$!; sleep 1;
    DISPLAY=:57 wuye-desktop >/dev/null 2>&1 & a=\\\$!; sleep 8;
    xwd -root -display :57 > ~/gui.xwd; kill \\\$a; sleep 1; kill \\\$x" || true
  # converted here: Debian 11's xwdtopnm garbles 24-bit dumps
  xwdtopnm < "$root/home/王芳/gui.xwd" 2>/dev/null | pnmtopng > "$here/docs/screenshots/xinchuang-gui.png" \
    && echo "screenshot: docs/screenshots/xinchuang-gui.png"
fi

# 3. the .tar.gz, unpacked and run from where it lies
in_root "mkdir -p /srv/tar && tar -C /srv/tar -xzf /tmp/$(basename "$tgz")"
out="$(in_root "WUYE_DATA_DIR=/tmp/tar-data /srv/tar/wuye-desktop/wuye-desktop demo")"
grep -q 演示社区已就绪 <<<"$out" || fail "demo from the unpacked .tar.gz"

# 4. Chinese input with Debian 11's fcitx5
if [ -n "$im_pkgs" ]; then
  cp "$here/packaging/test_input_method.sh" "$root/tmp/test_input_method.sh"
  in_root "mkdir -p /tmp/packaging && mv /tmp/test_input_method.sh /tmp/packaging/ && chmod 755 /tmp/packaging /tmp/packaging/test_input_method.sh"
  as_user "SCREENSHOT=${SCREENSHOT:-0} SCREENSHOT_XWD=/tmp/im.xwd WUYE_REQUIRE_IM=1 /tmp/packaging/test_input_method.sh /opt/wuye-desktop/wuye-desktop" \
    || fail "Chinese input (fcitx5 pinyin) in the app on Debian 11"
  if [ "${SCREENSHOT:-0}" = 1 ] && [ -s "$root/tmp/im.xwd" ]; then
    xwdtopnm < "$root/tmp/im.xwd" 2>/dev/null | pnmtopng > "$here/docs/screenshots/input-method-xinchuang.png" \
      && echo "screenshot: docs/screenshots/input-method-xinchuang.png"
  fi
fi

# 5. removal keeps the data
data="$root/home/王芳/.local/share/wuye-desktop/wuye.sqlite3"
[ -s "$data" ] || fail "no user database at ~/.local/share/wuye-desktop"
in_root "DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq wuye-desktop >/dev/null" || fail "remove"
[ ! -e "$root/usr/bin/wuye-desktop" ] || fail "still on PATH after removal"
[ -s "$data" ] || fail "removal deleted the user's data"
echo "xinchuang test passed on Debian 11 (glibc $glibc; bundle needs <= $newest): install, PATH, menu entry, --version, demo, PDF, GUI under Xvfb, tar.gz, ${im_pkgs:+Chinese input, }removal keeps data ($(( $(date +%s) - t0 )) s)"
