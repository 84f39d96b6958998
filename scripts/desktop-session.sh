#!/usr/bin/env bash
# Runs a command inside a desktop-like session on a machine that has none (a server, a container,
# CI): a D-Bus session bus with gnome-keyring's Secret Service, its login keyring unlocked, as a
# desktop login would do. The keyring's password for this headless session is kept in a
# user-only file (umask 077) beside it; on a real desktop the login unlocks the keyring itself and
# this script is not used. Usage: scripts/desktop-session.sh COMMAND [ARGS…]
set -euo pipefail
pwfile="${XDG_DATA_HOME:-$HOME/.local/share}/wuye-desktop-session/keyring-password"
if [ ! -s "$pwfile" ]; then
  mkdir -p "$(dirname "$pwfile")"
  (umask 077; head -c 24 /dev/urandom | base64 > "$pwfile")
fi
exec dbus-run-session -- bash -c '
  eval "$(gnome-keyring-daemon --unlock --components=secrets < "$0")" >/dev/null
  export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK
  exec "$@"' "$pwfile" "$@"
