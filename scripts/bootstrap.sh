#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (run as root, or with sudo available):
#   scripts/bootstrap.sh run    install what is missing, then start the app (embedded SQLite)
#   scripts/bootstrap.sh test   install what is missing, then run the whole test suite
# Idempotent: a second call only checks and goes straight to the work.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mode="${1:-run}"; shift || true

# System libraries Qt needs offscreen and under Xvfb, PDF tools for the tests, the PostgreSQL client.
apt_pkgs=(python3 python3-venv python3-pip
  libegl1 libgl1 libx11-6 libbrotli1 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0 libxkbcommon0
  xvfb xauth libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
  libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0 libnss3 libxrandr2 libxcomposite1 libxdamage1 libxtst6
  libasound2 libcups2 poppler-utils postgresql-client)
# libfaketime: `test` runs the suite a second time with the system clock a year ahead.
apt_pkgs+=(faketime)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "正在安装系统组件 / installing system packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Prefer a python >= 3.11 already on PATH (Debian 12 ships 3.11).
PY="${PYTHON:-python3}"
venv="${WUYE_VENV:-$here/.venv}"
stamp="$venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  [ -x "$venv/bin/python" ] || "$PY" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip wheel
  "$venv/bin/python" -m pip install -q -e ".[dev]"
  rm -f "$venv"/.installed-*; touch "$stamp"
fi
# Compiled translations are build products: regenerate from the .ts every time (a second).
"$venv/bin/python" -m wuye_desktop.i18n_build >/dev/null

case "$mode" in
  run)
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != "offscreen" ]; then
      echo "没有图形显示，使用虚拟显示 xvfb-run 启动 / no display: starting under xvfb-run"
      exec xvfb-run -a -s "-screen 0 1600x1000x24" "$venv/bin/wuye-desktop" "$@"
    fi
    exec "$venv/bin/wuye-desktop" "$@" ;;
  test)
    # --- the suite runs twice: today, then with the system clock one year ahead ---------------
    # (libfaketime, inherited by subprocesses), so nothing that quietly depends on the real date
    # survives until it breaks CI next year. The clock keeps running from the offset; pytest's
    # arguments go to both runs; either failing fails the command.
    "$venv/bin/python" -m pytest "$@"
    ahead_days=$(( ( $(date -d '+1 year' +%s) - $(date +%s) ) / 86400 ))
    echo "再次运行测试，系统时间提前一年（+${ahead_days}天）/ second run, clock +${ahead_days} days"
    # -m: the multi-threaded libfaketime (the app and the test servers run threads)
    exec faketime -m -f "+${ahead_days}d" "$venv/bin/python" -m pytest "$@" ;;
  *) echo "usage: scripts/bootstrap.sh run|test" >&2; exit 2 ;;
esac
