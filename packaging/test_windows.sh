#!/usr/bin/env bash
# The Windows setup.exe, tested here under wine (Debian wine 8.0, 64-bit), in a fresh prefix
# whose Windows user is 王芳 (C:\users\王芳):
#   1. silent per-machine install into C:\社区物业工作台\程序 with the county's county.ini and
#      county-ca.pem beside setup.exe (made by `wuye-county installer`);
#   2. from the installed program: --version, the county.ini the app reads, demo, print notice,
#      export, backup — the data in the default place, %LOCALAPPDATA%\wuye\wuye-desktop of 王芳;
#   3. silent uninstall: program, shortcuts and Add/Remove entry gone, the data still there;
#   4. per-user install with /CURRENTUSER /SERVER= /LOCK, then its uninstall.
# Qt 6 does not start under wine 8 (Qt6Core.dll imports the system icuuc.dll, which wine lacks),
# so the GUI is not tested here; the commands used are Qt-free.
#   packaging/test_windows.sh [setup.exe]     (builds dist/…-setup.exe first if it is missing)
# Needs: wine64 wine, gcc-mingw-w64-x86-64-win32 (a wine shim), poppler-utils, openssl (apt);
# the venv's wuye-county and openpyxl.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
version="$(python3 -c 'import re; print(re.search(r"^version = \"([^\"]+)\"", open("pyproject.toml").read(), re.M).group(1))')"
setup="${1:-$here/dist/wuye-desktop-$version-setup.exe}"
[ -f "$setup" ] || packaging/build.sh windows >/dev/null
setup="$(realpath "$setup")"
VPY="${VPY:-$here/.venv/bin/python}"
WINE="${WINE:-/usr/lib/wine/wine64}"
command -v "$WINE" >/dev/null || WINE="$(command -v wine64 || command -v wine)"

t="$(mktemp -d)"
# wbemprox=d: wine 8's WMI answers Python 3.13's platform module (_wmi) through an unimplemented
# propsys.VariantToString and the process aborts; with WMI off, _wmi raises OSError and platform
# falls back to sys.getwindowsversion(), as it does on a Windows without WMI. A wine gap only:
# the installed program is not changed for it.
# winemenubuilder.exe=d: no Linux menu entries from the shortcuts. HOME: wine links the profile's
# Desktop/Documents to $HOME's; keep them inside the throwaway directory.
export WINEPREFIX="$t/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;wbemprox=d;winemenubuilder.exe=d"
export HOME="$t/home"; mkdir -p "$HOME"
export USER=王芳   # wine names the Windows profile after $USER: C:\users\王芳
cleanup() { "${WINE%64}server" -k 2>/dev/null || wineserver -k 2>/dev/null || true; rm -rf "$t"; }
[ -n "${KEEP:-}" ] || trap cleanup EXIT   # KEEP=1: leave the prefix for a look
wait_wine() { wineserver -w 2>/dev/null || "$(dirname "$WINE")/wineserver" -w; }
win() { "$WINE" "$@" </dev/null; }  # wine needs valid std handles; Python fails without stdin
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "ok: $*"; }

start=$(date +%s)
win wineboot -i >/dev/null 2>&1; wait_wine
win winecfg -v win10 >/dev/null 2>&1; wait_wine   # this prefix says Windows 7 otherwise; the app needs 10 (1809+)
c="$WINEPREFIX/drive_c"
profile="$c/users/$USER"
[ -d "$profile" ] || fail "wine did not create the profile $profile"
# Windows 10 has bcryptprimitives.dll (ProcessPrng, which Rust's std calls: pydantic_core and
# cryptography import it); wine 8 lacks it. A test-only shim into the prefix's system32, the way
# Windows provides it; never installed by setup.exe.
x86_64-w64-mingw32-gcc -O2 -shared -o "$c/windows/system32/bcryptprimitives.dll" \
  packaging/windows/wine/bcryptprimitives.c packaging/windows/wine/bcryptprimitives.def -ladvapi32 \
  || fail "cannot build the wine shim (apt-get install gcc-mingw-w64-x86-64-win32)"
ok "fresh wine prefix, Windows user $USER ($(($(date +%s) - start)) s)"

# -- 1. the county's folder: setup.exe + county.ini + county-ca.pem ---------------------------
county="$t/县住建局下发"
mkdir -p "$county"
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=wuye.example-county.gov.cn" \
  -keyout "$t/ca.key" -out "$t/ca.pem" 2>/dev/null
"$here/.venv/bin/wuye-county" installer --server https://wuye.example-county.gov.cn:8443 \
  --ca "$t/ca.pem" --lock --name 示例县住房和城乡建设局 -o "$county" >/dev/null
cp "$setup" "$county/setup.exe"
[ -f "$county/county.ini" ] && [ -f "$county/county-ca.pem" ] || fail "wuye-county installer wrote no county.ini"

s=$(date +%s)
rc=0; win "$county/setup.exe" /S '/D=C:\社区物业工作台\程序' >/dev/null 2>&1 || rc=$?; wait_wine
[ "$rc" = 0 ] || fail "silent install exited $rc"
inst="$c/社区物业工作台/程序"
for f in python.exe pythonw.exe python313._pth wuye-desktop.cmd wuye-desktop.ico uninstall.exe \
         Lib/site-packages/wuye_desktop/__init__.py Lib/site-packages/PySide6/Qt6Widgets.dll; do
  [ -e "$inst/$f" ] || fail "not installed: $inst/$f"
done
cmp -s "$inst/county.ini" "$county/county.ini" || fail "county.ini not installed into the program folder"
cmp -s "$inst/county-ca.pem" "$county/county-ca.pem" || fail "county-ca.pem not installed"
ls "$inst/Lib/site-packages/wuye_desktop/__pycache__/"*.cpython-313.pyc >/dev/null 2>&1 \
  || fail "bytecode not compiled at install"
ok "silent install into C:\\社区物业工作台\\程序 ($(($(date +%s) - s)) s, $(du -sm "$inst" | cut -f1) MB); county.ini + county-ca.pem in the program folder"
for l in "$c/users/Public/Desktop/社区物业工作台.lnk" \
         "$c/ProgramData/Microsoft/Windows/Start Menu/Programs/社区物业工作台.lnk"; do
  [ -f "$l" ] || fail "shortcut missing: $l"
done
ok "desktop and Start-menu shortcuts 社区物业工作台.lnk (all users)"
reg="$(win reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\wuye-desktop' 2>/dev/null | tr -d '\r')"
echo "$reg" | grep -q "DisplayVersion.*$version" && echo "$reg" | grep -q "Publisher" \
  && echo "$reg" | grep -q 'UninstallString' || fail "no Add/Remove Programs entry: $reg"
ok "Add/Remove Programs entry (HKLM): $(echo "$reg" | grep -E 'DisplayVersion|EstimatedSize' | awk '{print $1"="$NF}' | xargs)"

# -- 2. the installed program ------------------------------------------------------------------
exe='C:\社区物业工作台\程序\python.exe'
# -X utf8: piped output in UTF-8 (this wine has no zh_CN locale, so its ANSI code page is 1252).
app() { win "$exe" -X utf8 -m wuye_desktop "$@"; }
docs="$profile/工作文件"; mkdir -p "$docs"; cd "$docs"   # = C:\users\王芳\工作文件
v="$(app --version 2>&1 | tr -d '\r')"
[ "$v" = "wuye-desktop $version" ] || fail "--version said: $v"
ok "python.exe -m wuye_desktop --version → $v"
v="$(win cmd /c 'C:\社区物业工作台\程序\wuye-desktop.cmd' --version 2>&1 | tr -d '\r')"
[ "$v" = "wuye-desktop $version" ] || fail "wuye-desktop.cmd --version said: $v"
ok "wuye-desktop.cmd --version → $v"
cfg="$(win "$exe" -X utf8 -c "from wuye_desktop.services.sync import load_county_config as l; import sys; c=l(); print(sys.executable, c.source, c.server, c.lock, sep='|')" 2>&1 | tr -d '\r')"
[ "$cfg" = 'C:\社区物业工作台\程序\python.exe|C:\社区物业工作台\程序\county.ini|https://wuye.example-county.gov.cn:8443|True' ] \
  || fail "the app reads another county.ini: $cfg"
ok "the app reads county.ini from the program folder (server and lock): $cfg"

data="$profile/AppData/Local/wuye/wuye-desktop"
out="$(app demo 2>&1 | tr -d '\r')" || fail "demo: $out"
[ -f "$data/wuye.sqlite3" ] || fail "demo made no database in $data: $out"
ok "demo → $out"
out="$(app print notice --template fire_safety --all --field 季节=冬季 -o 通知.pdf 2>&1 | tr -d '\r')" \
  || fail "print notice: $out"
pages="$(pdfinfo "$docs/通知.pdf" | awk '/^Pages:/{print $2}')"
[ "$(pdftotext "$docs/通知.pdf" - | grep -c 冬季)" -gt 0 ] || fail "通知.pdf has no 冬季 in its text"
[ "${pages:-0}" -gt 1 ] || fail "通知.pdf has ${pages:-no} pages"
pdffonts "$docs/通知.pdf" | awk 'NR>2 && $(NF-4)!="yes"{bad=1} END{exit bad}' || fail "通知.pdf has a font not embedded"
ok "print notice → 通知.pdf: $pages pages, text has 冬季, fonts embedded ($out)"
out="$(app export all 台账.xlsx 2>&1 | tr -d '\r')" || fail "export: $out"
"$VPY" -c "import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1], read_only=True); print(len(wb.sheetnames))" \
  "$docs/台账.xlsx" >/dev/null || fail "台账.xlsx does not open"
ok "export all → 台账.xlsx opens with openpyxl ($out)"
out="$(app backup 2>&1 | tr -d '\r')" || fail "backup: $out"
ls "$data/backups/"*.sqlite3 >/dev/null 2>&1 || fail "backup made nothing in $data/backups: $out"
ok "backup → $out"
ok "data directory: C:\\users\\$USER\\AppData\\Local\\wuye\\wuye-desktop ($(ls "$data" | xargs))"
cd "$t"

# -- 3. silent uninstall: program gone, data kept ----------------------------------------------
# The uninstaller copies itself to %TEMP% and returns at once; wineserver -w waits for it.
rc=0; win "$inst/uninstall.exe" /S >/dev/null 2>&1 || rc=$?; wait_wine
[ "$rc" = 0 ] || fail "silent uninstall exited $rc"
[ ! -e "$inst" ] || fail "program folder still there: $(ls -A "$inst" | head)"
[ ! -e "$c/users/Public/Desktop/社区物业工作台.lnk" ] || fail "desktop shortcut left"
[ ! -e "$c/ProgramData/Microsoft/Windows/Start Menu/Programs/社区物业工作台.lnk" ] || fail "Start-menu shortcut left"
win reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\wuye-desktop' >/dev/null 2>&1 \
  && fail "Add/Remove Programs entry left"
[ -f "$data/wuye.sqlite3" ] && ls "$data/backups/"*.sqlite3 >/dev/null 2>&1 || fail "uninstall removed the data"
ok "silent uninstall: program folder, shortcuts and Add/Remove entry gone; data kept ($(du -sh "$data" | cut -f1) in $(ls "$data" | xargs))"

# -- 4. per-user install, configured by switches -----------------------------------------------
mkdir -p "$profile/县 证书"; cp "$t/ca.pem" "$profile/县 证书/ca.pem"
rc=0; win "$county/setup.exe" /S /CURRENTUSER /SERVER=https://wuye.other-county.gov.cn/api \
  '/CA=C:\users\'"$USER"'\县 证书\ca.pem' /LOCK >/dev/null 2>&1 || rc=$?; wait_wine
[ "$rc" = 0 ] || fail "per-user install exited $rc"
uinst="$profile/AppData/Local/Programs/社区物业工作台"
[ -f "$uinst/python.exe" ] || fail "per-user install not in %LOCALAPPDATA%\\Programs\\社区物业工作台"
tr -d '\r' < "$uinst/county.ini" | grep -qx 'server = https://wuye.other-county.gov.cn/api' \
  && grep -q 'lock = true' "$uinst/county.ini" && grep -q 'ca_file = county-ca.pem' "$uinst/county.ini" \
  && cmp -s "$uinst/county-ca.pem" "$t/ca.pem" || fail "/SERVER= /LOCK not written: $(cat "$uinst/county.ini")"
[ -f "$profile/Desktop/社区物业工作台.lnk" ] || fail "per-user desktop shortcut missing"
win reg query 'HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\wuye-desktop' >/dev/null 2>&1 \
  || fail "per-user Add/Remove entry missing (HKCU)"
v="$(win "$(echo 'C:\users\'"$USER"'\AppData\Local\Programs\社区物业工作台\python.exe')" -X utf8 -m wuye_desktop --version 2>&1 | tr -d '\r')"
[ "$v" = "wuye-desktop $version" ] || fail "per-user --version said: $v"
ok "per-user install (/CURRENTUSER /SERVER= /CA= /LOCK) into %LOCALAPPDATA%\\Programs\\社区物业工作台, HKCU entry, county.ini from the switches"
rc=0; win "$uinst/uninstall.exe" /S >/dev/null 2>&1 || rc=$?; wait_wine
[ ! -e "$uinst" ] && [ -f "$data/wuye.sqlite3" ] || fail "per-user uninstall: program left or data gone"
ok "per-user uninstall: program gone, data kept"

echo "PASS: setup.exe $(du -m "$setup" | cut -f1) MB — silent install, CLI, uninstall under wine in $(($(date +%s) - start)) s"
