#!/usr/bin/env bash
# Chinese input into the app's own window, as on an fcitx5 desktop (UOS, Kylin, Debian):
# Xvfb + a D-Bus session + fcitx5 with pinyin (fcitx5-chinese-addons), the session set up the way
# fcitx5 desktops do (QT_IM_MODULE=fcitx, XMODIFIERS=@im=fcitx). The app starts on a fresh data
# directory, so its first-run dialog is open; xdotool types the community code, then — with
# pinyin switched on — "shequ" + space into 社区名称, a worker's name the same way, Enter.
# Passes when fcitx5 saw the app's input field (fcitx5-remote: active) and the community the app
# then created is named in Chinese characters (the status bar read through the app's test hook
# WUYE_TEST_STATUS). SCREENSHOT=1 saves the pinyin candidates over the dialog to
# docs/screenshots/input-method.png (or, with SCREENSHOT_XWD=FILE, the raw xwd dump to FILE).
#   packaging/test_input_method.sh [APP]   APP: the bundle's wuye-desktop (default: the one
#                                          packaging/build.sh bundle made) or any wuye-desktop
# Needs: xvfb xauth dbus-x11 fcitx5 fcitx5-chinese-addons xdotool (x11-apps netpbm for the
# screenshot). Missing tools: says which and exits 77 (skipped), unless WUYE_REQUIRE_IM=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app="${1:-$here/build/packaging/pyi/dist/wuye-desktop/wuye-desktop}"
missing=()
for tool in Xvfb dbus-daemon fcitx5 fcitx5-remote xdotool; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ -f /usr/share/fcitx5/addon/pinyin.conf ] || missing+=("fcitx5-chinese-addons")
if [ ${#missing[@]} -gt 0 ]; then
  echo "test_input_method.sh: skipped, missing ${missing[*]} (apt-get install -y xvfb dbus-x11 fcitx5 fcitx5-chinese-addons xdotool)" >&2
  [ "${WUYE_REQUIRE_IM:-0}" = 1 ] && exit 1
  exit 77
fi
[ -x "$app" ] || { echo "test_input_method.sh: no app at $app" >&2; exit 1; }
t="$(mktemp -d)"; chmod 755 "$t"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do for _ in $(seq 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done; done
  rm -rf "$t"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in fcitx5.log app.log status; do [ -f "$t/$f" ] && { echo "--- $f" >&2; tail -15 "$t/$f" >&2; }; done; exit 1; }

export HOME="$t/home" XDG_CONFIG_HOME="$t/home/.config" XDG_DATA_HOME="$t/home/.local/share"
export XDG_RUNTIME_DIR="$t/run"; mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME/fcitx5"; chmod 700 "$XDG_RUNTIME_DIR"
unset WAYLAND_DISPLAY QT_IM_MODULE IBUS_USE_PORTAL GTK_IM_MODULE
# a desktop session's locale is UTF-8 (a login shell from `su -` may have none)
export LANG="${LANG:-C.UTF-8}"; [ "$LANG" != C ] && [ "$LANG" != POSIX ] || export LANG=C.UTF-8
# One input group: the US layout and pinyin (what a county's desktop has), pinyin off at start.
cat > "$XDG_CONFIG_HOME/fcitx5/profile" <<'EOF'
[Groups/0]
Name=默认
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=默认
EOF

# Xvfb on a free display (-displayfd), a session bus, fcitx5.
exec 3> "$t/display"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp >"$t/xvfb.log" 2>&1 & pids+=($!)
for _ in $(seq 50); do [ -s "$t/display" ] && break; sleep 0.1; done
export DISPLAY=":$(head -1 "$t/display")"
[ "$DISPLAY" != ":" ] || fail "Xvfb did not start"
dbus-daemon --session --fork --nopidfile --address="unix:path=$t/bus" --print-pid >"$t/dbus.pid"
pids+=("$(cat "$t/dbus.pid")")
export DBUS_SESSION_BUS_ADDRESS="unix:path=$t/bus"
fcitx5 --disable=wayland,waylandim >"$t/fcitx5.log" 2>&1 & pids+=($!)
bus_has() { dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q 'boolean true'; }
for _ in $(seq 100); do bus_has org.freedesktop.portal.IBus && grep -q 'Loaded addon pinyin' "$t/fcitx5.log" && break; sleep 0.2; done
bus_has org.freedesktop.portal.IBus || fail "fcitx5 offers no IBus portal (ibusfrontend addon, Debian's fcitx5-modules)"

# The app, started as on an fcitx5 desktop; its launcher chooses the input method.
export QT_IM_MODULE=fcitx XMODIFIERS=@im=fcitx WUYE_DATA_DIR="$t/data" WUYE_TEST_STATUS="$t/status"
"$app" >"$t/app.log" 2>&1 & apid=$!; pids+=("$apid")
win=""
# The first-run dialog (欢迎使用社区物业工作台), not the start frame the app paints before it
# (社区物业工作台, 正在打开数据库…): the frame goes away once the dialog is up.
for _ in $(seq 240); do
  win="$(xdotool search --all --onlyvisible --pid "$apid" --name '欢迎' 2>/dev/null | tail -1 || true)"
  [ -n "$win" ] && break
  kill -0 "$apid" 2>/dev/null || fail "the app exited"
  sleep 0.25
done
[ -n "$win" ] || fail "no window of the app"
sleep 1.5
xdotool windowfocus --sync "$win"; sleep 0.5
xdotool type --delay 40 220102003001
xdotool key Tab; sleep 0.3
fcitx5-remote -o; sleep 0.3
state="$(fcitx5-remote)"
[ "$state" = 2 ] || fail "fcitx5 sees no active input field in the app (fcitx5-remote: $state; 2 = active)"
xdotool type --delay 80 shequ; sleep 1
if [ "${SCREENSHOT:-0}" = 1 ] && command -v xwd >/dev/null; then
  # SCREENSHOT_XWD: keep the raw dump there (Debian 11's xwdtopnm garbles 24-bit dumps: the
  # caller converts it on a newer system)
  if [ -n "${SCREENSHOT_XWD:-}" ]; then xwd -root -display "$DISPLAY" > "$SCREENSHOT_XWD"
  else
    xwd -root -display "$DISPLAY" | xwdtopnm 2>/dev/null | pnmtopng > "$here/docs/screenshots/input-method.png"
    echo "screenshot: docs/screenshots/input-method.png"
  fi
fi
xdotool key space; sleep 0.5
xdotool key Tab Tab; sleep 0.3
xdotool type --delay 80 wangfang; sleep 0.5; xdotool key space; sleep 0.5
fcitx5-remote -c
xdotool key Return
line=""
for _ in $(seq 120); do
  line="$(grep -o 'community=.*' "$t/status" 2>/dev/null | grep -v '=$' | tail -1 || true)"
  [ -n "$line" ] && break
  sleep 0.25
done
[ -n "$line" ] || fail "the app did not create the community (no main window)"
echo "status bar: $line"
# 社区：NAME（220102003001）: NAME must be what pinyin committed — Chinese characters only.
name="$(echo "$line" | sed -n 's/^community=社区：\(.*\)（220102003001）$/\1/p')"
[ -n "$name" ] || fail "unexpected status bar: $line"
echo "$name" | LC_ALL=C.UTF-8 grep -qP '^\p{Han}+$' || fail "the community name typed with pinyin is '$name', not Chinese characters"
echo "input method test passed: pinyin 'shequ' + space → '$name' in the app's own dialog"
