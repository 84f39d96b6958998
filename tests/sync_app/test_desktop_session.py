"""``scripts/bootstrap.sh run`` on a machine without a desktop starts the app inside
``scripts/desktop-session.sh`` (D-Bus + gnome-keyring): there the app finds a real Secret Service
keyring, stores a token in it (not in a file) and reads it back in a later session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHILD = ("from wuye_desktop import secrets; import sys; "
         "print(secrets.usable());"
         "sys.argv[1] == 'save' and secrets.save_refresh_token('acct', 'token-123');"
         "print(secrets.load_refresh_token('acct'))")


@pytest.mark.skipif(shutil.which("gnome-keyring-daemon") is None
                    or shutil.which("dbus-run-session") is None,
                    reason="gnome-keyring/dbus are installed by scripts/bootstrap.sh")
def test_headless_session_has_a_real_keyring_that_persists(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND")}
    env["HOME"] = str(tmp_path / "home")
    env.pop("XDG_DATA_HOME", None)

    def run(arg: str) -> list[str]:
        r = subprocess.run([str(ROOT / "scripts" / "desktop-session.sh"), sys.executable, "-c",
                            CHILD, arg], env=env, capture_output=True, text=True, timeout=60)
        assert r.returncode == 0, r.stderr
        return r.stdout.split()

    assert run("save") == ["True", "token-123"]
    assert run("load") == ["True", "token-123"]  # a new session unlocks the same keyring
    keyrings = tmp_path / "home" / ".local" / "share" / "keyrings"
    assert any(keyrings.iterdir())
    # The token is in the encrypted keyring, never in plain text anywhere under HOME.
    for f in (tmp_path / "home").rglob("*"):
        if f.is_file():
            assert b"token-123" not in f.read_bytes(), f
    pw = tmp_path / "home" / ".local" / "share" / "wuye-desktop-session" / "keyring-password"
    assert pw.stat().st_mode & 0o077 == 0
