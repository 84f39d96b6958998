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
# A session bus and a Secret Service keyring for `run` on a machine without a desktop session,
# so that enrolment can keep its token (a real desktop has its own: GNOME Keyring, KWallet…).
apt_pkgs+=(dbus dbus-x11 gnome-keyring)
# The packaging checks of a full `test` run: the .deb in a debootstrap'd Debian, NSIS + wine
# for the Windows installer.
if [ "$mode" = test ]; then
  apt_pkgs+=(debootstrap dpkg-dev x11-apps netpbm wine64 wine nsis osslsigncode binutils unzip
    gcc-mingw-w64-x86-64-win32)
  # libfaketime for the suite's second run, the system clock a year ahead: built from PyPI's
  # python-libfaketime source (its C library, see below), which needs a compiler.
  apt_pkgs+=(gcc make libc6-dev)
  # Chinese input into the bundle under Xvfb: fcitx5 with pinyin, xdotool to type.
  apt_pkgs+=(fcitx5 fcitx5-modules fcitx5-chinese-addons xdotool)
  # The county web console's browser tests: Debian's headless Chromium and its chromedriver
  # (Selenium drives the system browser; nothing is downloaded).
  apt_pkgs+=(chromium chromium-driver)
fi
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
stamp="$venv/.installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  [ -x "$venv/bin/python" ] || "$PY" -m venv "$venv"
  "$venv/bin/python" -m pip install -q --upgrade pip wheel
  # The tested versions (constraints.txt) of everything pyproject.toml admits.
  "$venv/bin/python" -m pip install -q -c constraints.txt -e ".[dev]"
  if [ "$mode" = test ]; then "$venv/bin/python" -m pip install -q -c constraints.txt libfaketime; fi
  rm -f "$venv"/.installed-*; touch "$stamp"
fi
# Compiled translations are build products: regenerate from the .ts every time (a second).
"$venv/bin/python" -m wuye_desktop.i18n_build >/dev/null
# The commands the README prints work as typed: put them on PATH (root: /usr/local/bin).
bindir="${WUYE_BIN_DIR:-$([ "$(id -u)" -eq 0 ] && echo /usr/local/bin || echo "$HOME/.local/bin")}"
mkdir -p "$bindir"
for cmd in wuye-desktop wuye-county; do
  [ "$(readlink -f "$bindir/$cmd" 2>/dev/null)" = "$venv/bin/$cmd" ] || ln -sf "$venv/bin/$cmd" "$bindir/$cmd"
done

# The county tests run against PostgreSQL as well as SQLite. When no server answers on the test
# address, install Debian's, make sure a cluster exists on that port and start it. Trust for
# 127.0.0.1 is added only to a cluster made here (a throwaway test server); a cluster that was
# already configured is started as it is, never loosened. WUYE_TEST_PG (a libpq connection
# string) names another server and skips all of this; WUYE_TEST_PG_PORT picks another port.
ensure_test_postgres() {
  [ -z "${WUYE_TEST_PG:-}" ] || return 0
  local port="${WUYE_TEST_PG_PORT:-5432}" SUDO="" fresh=0 ver name conf i
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  if [ "$port" != 5432 ]; then
    export WUYE_TEST_PG="host=127.0.0.1 port=$port user=postgres dbname=postgres"
  fi
  pg_isready -q -h 127.0.0.1 -p "$port" && return 0
  echo "127.0.0.1:$port 上没有 PostgreSQL，正在安装并启动 / no PostgreSQL on 127.0.0.1:$port: setting one up"
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends postgresql
    fresh=1  # the package made its "main" cluster just now
  fi
  ver="$(ls /usr/lib/postgresql | sort -V | tail -1)"
  name="$(pg_lsclusters -h | awk -v p="$port" -v v="$ver" '$1 == v && $3 == p {print $2; exit}')"
  if [ -z "$name" ]; then
    name=main
    pg_lsclusters -h | awk -v v="$ver" '$1 == v {print $2}' | grep -qx main && name="wuyetest$port"
    # initdb refuses root; pg_createcluster runs it as the postgres user. It listens on
    # localhost (127.0.0.1) only, Debian's default.
    $SUDO pg_createcluster "$ver" "$name" -p "$port" >/dev/null
    fresh=1
  fi
  conf="/etc/postgresql/$ver/$name/pg_hba.conf"
  if [ "$fresh" -eq 1 ] && ! $SUDO grep -q '^host all all 127.0.0.1/32 trust' "$conf"; then
    # first match wins: our line goes on top
    $SUDO sed -i '1i host all all 127.0.0.1/32 trust  # wuye-desktop tests (scripts/bootstrap.sh)' "$conf"
  fi
  # started, or (already running elsewhere) told to reread pg_hba.conf
  $SUDO pg_ctlcluster "$ver" "$name" start 2>/dev/null || $SUDO pg_ctlcluster "$ver" "$name" reload
  for i in $(seq 60); do
    pg_isready -q -h 127.0.0.1 -p "$port" && return 0
    sleep 0.5
  done
  echo "PostgreSQL $ver/$name 没有在 127.0.0.1:$port 上启动，请查看 /var/log/postgresql/ / did not start" >&2
  return 1
}
if [ "$mode" = test ]; then ensure_test_postgres; fi

# `run` without a desktop session: start one around the app (D-Bus + gnome-keyring, see
# scripts/desktop-session.sh), so that enrolment can keep its token in a real keyring.
case "$mode" in
  run)
    launch=("$venv/bin/wuye-desktop" "$@")
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != "offscreen" ]; then
      echo "没有图形显示，使用虚拟显示 xvfb-run 启动 / no display: starting under xvfb-run"
      launch=(xvfb-run -a -s "-screen 0 1600x1000x24" "${launch[@]}")
    fi
    if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then exec scripts/desktop-session.sh "${launch[@]}"; fi
    exec "${launch[@]}" ;;
  test)
    # Installed above: the browser tests must run here, not skip (tests/county/test_console_browser.py).
    export WUYE_REQUIRE_BROWSER=1
    # --- the suite runs twice: today, then with the system clock one year ahead ---------------
    # (libfaketime, inherited by subprocesses), so nothing that quietly depends on the real date
    # survives until it breaks CI next year. The clock keeps running from the offset; pytest's
    # arguments go to both runs; either failing fails the command.
    # A whole-suite run (no pytest arguments) spreads over two worker processes (pytest-xdist;
    # CI has 2 cores): each run takes about half as long. WUYE_TEST_WORKERS=0 runs it in one.
    # The PostgreSQL tests stay on one worker (xdist_group, see tests/conftest.py).
    suite=("$@")
    if [ $# -eq 0 ] && [ "${WUYE_TEST_WORKERS:-2}" != 0 ]; then suite=(-n "${WUYE_TEST_WORKERS:-2}" --dist loadgroup); fi
    "$venv/bin/python" -m pytest "${suite[@]}"
    ahead_days=$(( ( $(date -d '+1 year' +%s) - $(date +%s) ) / 86400 ))
    echo "再次运行测试，系统时间提前一年（+${ahead_days}天）/ second run, clock +${ahead_days} days"
    # Only the wall clock moves. The library is python-libfaketime's build of libfaketime 0.9.10
    # (sleeps, stat and utime not intercepted) with CLOCK_MONOTONIC left alone (DONT_FAKE_MONOTONIC):
    # Debian's libfaketime fakes the monotonic clock too, and Python's timed waits
    # (Event.wait(t), Queue.get(timeout=t), Lock.acquire(timeout=t): sem_clockwait on that clock)
    # then never return (measured; the likeliest reason a CI run hung for an hour). Preloaded directly,
    # not through the `faketime` wrapper, whose semaphore shared by every process it starts
    # (FAKETIME_SHARED) would block them all if one were SIGKILLed holding it (tests/fault do kill).
    faketime_lib=$("$venv/bin/python" -c 'import libfaketime, os; print(os.path.join(libfaketime._get_lib_path(), "libfaketime.so.1"))')
    ahead=(env LD_PRELOAD="$faketime_lib${LD_PRELOAD:+:$LD_PRELOAD}" FAKETIME="+${ahead_days}d" DONT_FAKE_MONOTONIC=1)
    # The run proves nothing if the clock did not move: check that it did, and that a timed wait ends.
    moved=$(timeout 60 "${ahead[@]}" "$venv/bin/python" -c 'import threading, time; threading.Event().wait(0.1); print(int(time.time()))')
    if [ $(( moved - $(date +%s) )) -lt $(( (ahead_days - 1) * 86400 )) ]; then
      echo "libfaketime 没有把时钟调快 / did not move the clock ($faketime_lib)" >&2; exit 1
    fi
    "${ahead[@]}" "$venv/bin/python" -m pytest "${suite[@]}"
    # --- a full run (no pytest arguments) also builds and tests what the county hands out -------
    # (the frozen bundle, the .deb installed into a fresh Debian, the Windows installer under
    # wine). WUYE_SKIP_PACKAGING=1 leaves them out of a quick local run.
    if [ $# -eq 0 ] && [ "${WUYE_SKIP_PACKAGING:-0}" != 1 ]; then
      # The heavy sync check: the convergence property test (three devices, random edits,
      # drops, truncation, 5xx, delays, SIGKILLs, random page sizes) for 200 trials, 100 on each
      # server backend (the default suite runs 10 on each).
      echo "同步收敛检查 / convergence: ${WUYE_CONVERGENCE_TRIALS:-100} trials per backend"
      WUYE_CONVERGENCE_TRIALS="${WUYE_CONVERGENCE_TRIALS:-100}" "$venv/bin/python" -m pytest -q \
        -p no:cacheprovider -n "${WUYE_TEST_WORKERS:-2}" --dist loadgroup tests/sync/test_convergence.py
      echo "打包检查 / packaging checks: Qt 6.9.3 GUI tests, bundle, .deb (debootstrap), Chinese input, 信创 build (Debian 11), Windows installer (wine)"
      # The GUI tests once more on the 信创 Qt (PySide6 6.9.3, QtPdf inside Addons) in a venv of
      # its own: every test file that uses Qt (tests/delivery builds its own venvs: not again).
      qt693="${WUYE_VENV_QT693:-$here/.venv-qt693}"
      stamp693="$qt693/.installed-$(cat pyproject.toml constraints.txt packaging/xinchuang/constraints.txt | sha256sum | cut -c1-16)"
      if [ ! -f "$stamp693" ]; then
        [ -x "$qt693/bin/python" ] || "$PY" -m venv "$qt693"
        "$qt693/bin/python" -m pip install -q --upgrade pip wheel
        # the tested versions of everything but Qt, and the 信创 Qt
        { grep -v -i -E '^(pyside6|shiboken6)' constraints.txt; cat packaging/xinchuang/constraints.txt; } > "$qt693/constraints.txt"
        "$qt693/bin/python" -m pip install -q -c "$qt693/constraints.txt" -e ".[dev]"
        rm -f "$qt693"/.installed-*; touch "$stamp693"
      fi
      "$qt693/bin/python" -c 'import PySide6, PySide6.QtPdfWidgets; assert PySide6.__version__ == "6.9.3", PySide6.__version__'
      mapfile -t qt_tests < <(grep -rlE --include='test_*.py' 'qtbot|PySide6|QApplication' tests | grep -v '^tests/delivery/' | sort)
      echo "Qt 6.9.3: ${#qt_tests[@]} test files"
      "$qt693/bin/python" -m pytest -q -p no:cacheprovider "${qt_tests[@]}"
      PYTHON="$venv/bin/python" packaging/build.sh deb
      packaging/test_deb.sh
      WUYE_REQUIRE_IM=1 packaging/test_input_method.sh
      PYTHON="$venv/bin/python" packaging/build.sh xinchuang
      packaging/test_xinchuang.sh
      if [ -x packaging/test_windows.sh ]; then
        PYTHON="$venv/bin/python" packaging/build.sh windows
        packaging/test_windows.sh
      fi
    fi ;;
  *) echo "usage: scripts/bootstrap.sh run|test" >&2; exit 2 ;;
esac
