#!/usr/bin/env bash
# Screenshots of the setup.exe pages under wine + Xvfb → docs/screenshots/nsis-*.png.
#   packaging/windows/screenshots.sh [setup.exe]
# Needs: wine64, xvfb, xdotool, imagemagick. Walks the installer with Enter (the default button on
# every page), then the uninstaller, including its "delete the data?" question (default: keep).
# The question's Yes/No buttons are wine's own strings (English in a C locale; 是/否 on a Chinese
# Windows).
# A wine prefix has no Chinese font: the app's WenQuanYi Micro Hei (resources/fonts) is copied in
# and named as the replacement for 宋体/SimSun (what NSIS's SimpChinese pages ask for) — cosmetic,
# for the pictures only; a Chinese Windows has those fonts.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version="$(python3 -c 'import re; print(re.search(r"^version = \"([^\"]+)\"", open("'"$here"'/pyproject.toml").read(), re.M).group(1))')"
setup="$(realpath "${1:-$here/dist/wuye-desktop-$version-setup.exe}")"
out="$here/docs/screenshots"
if [ -z "${DISPLAY:-}" ]; then exec xvfb-run -a -s "-screen 0 1024x768x24" "$0" "$setup"; fi
t="$(mktemp -d)"
export WINEPREFIX="$t/prefix" WINEDEBUG=-all USER=王芳 HOME="$t/home"
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
mkdir -p "$HOME"
W="${WINE:-/usr/lib/wine/wine64}"
trap 'wineserver -k 2>/dev/null || true; rm -rf "$t"' EXIT
"$W" wineboot -i </dev/null >/dev/null 2>&1; wineserver -w
"$W" winecfg -v win10 </dev/null >/dev/null 2>&1; wineserver -w
cp "$here/resources/fonts/WenQuanYiMicroHei-GBK.ttf" "$WINEPREFIX/drive_c/windows/Fonts/"
{ printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\Wine\\Fonts\\Replacements]\r\n'
  for f in 宋体 SimSun 新宋体 "Microsoft YaHei" "MS Shell Dlg" "MS Shell Dlg 2" Tahoma; do
    printf '"%s"="WenQuanYi Micro Hei"\r\n' "$f"; done; } | iconv -f utf-8 -t utf-16le \
  | { printf '\xff\xfe'; cat; } > "$WINEPREFIX/drive_c/fonts.reg"
"$W" regedit /S 'C:\fonts.reg' </dev/null; wineserver -w

win_id() {  # the newest top-level window whose title contains $1, waiting up to 60 s
  for _ in $(seq 120); do
    id="$(xdotool search --onlyvisible --name "$1" 2>/dev/null | tail -1 || true)"
    [ -n "$id" ] && { echo "$id"; return; }
    sleep 0.5
  done
  echo "no window '$1'" >&2; return 1
}
shot() { sleep 1.5; import -window "$1" "$out/$2.png"; echo "$out/$2.png"; }
enter() { xdotool windowactivate --sync "$1" 2>/dev/null || xdotool windowfocus "$1"; xdotool key --window "$1" Return; }

"$W" "$setup" </dev/null >/dev/null 2>&1 & pid=$!
id="$(win_id 社区物业工作台)"
shot "$id" nsis-1-welcome;   enter "$id"
shot "$id" nsis-2-directory; enter "$id"
sleep 4; shot "$id" nsis-3-installing
for _ in $(seq 180); do  # the shortcuts come last, after the bytecode is compiled
  sleep 1; [ -e "$WINEPREFIX/drive_c/users/Public/Desktop/社区物业工作台.lnk" ] && break
done
sleep 12; shot "$id" nsis-4-finish; enter "$id"; wait "$pid" || true

# A data directory, so that the uninstaller asks about it (default: No = keep).
mkdir -p "$WINEPREFIX/drive_c/users/$USER/AppData/Local/wuye/wuye-desktop"
touch "$WINEPREFIX/drive_c/users/$USER/AppData/Local/wuye/wuye-desktop/wuye.sqlite3"
"$W" 'C:\Program Files\社区物业工作台\uninstall.exe' </dev/null >/dev/null 2>&1 &
sleep 3; id="$(win_id 社区物业工作台)"
shot "$id" nsis-5-uninstall-confirm; enter "$id"
for _ in $(seq 300); do  # the question comes after the program files are deleted
  sleep 1; [ -e "$WINEPREFIX/drive_c/Program Files/社区物业工作台/Lib" ] || break
done
sleep 5; import -window root -trim +repage "$out/nsis-6-uninstall-keep-data.png"  # the question over the page
echo "$out/nsis-6-uninstall-keep-data.png"
xdotool key Return   # the default answer: 否 (keep the data)
sleep 4   # (no picture of the last page: under Xvfb without a window manager the closed
          # question leaves an unpainted black rectangle on it)
[ -e "$WINEPREFIX/drive_c/users/$USER/AppData/Local/wuye/wuye-desktop/wuye.sqlite3" ] || echo "data deleted?!" >&2
xdotool key --window "$id" Return
sleep 2; wineserver -k 2>/dev/null || true
