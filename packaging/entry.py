"""Entry script of the frozen bundle: the same ``main`` as the ``wuye-desktop`` console script.

Before Qt starts it picks an input method Qt can talk to (see :func:`chinese_input`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import MutableMapping
from pathlib import Path


def fcitx5_running(proc: Path = Path("/proc"), uid: int | None = None) -> bool:
    """Whether an ``fcitx5`` process of this user runs (its session is the one the app joins)."""
    uid = os.getuid() if uid is None else uid
    try:
        entries = list(proc.iterdir())
    except OSError:
        return False
    for entry in entries:
        if not entry.name.isdigit():
            continue
        try:
            if entry.stat().st_uid == uid and (entry / "comm").read_text().strip() == "fcitx5":
                return True
        except OSError:
            continue
    return False


def chinese_input(env: MutableMapping[str, str], plugins: Path, proc: Path = Path("/proc"),
                  uid: int | None = None) -> bool:
    """Let Chinese input reach Qt on fcitx5 desktops (UOS, Kylin, Debian with fcitx5).

    The Qt wheels carry the ``ibus`` input-context plugin but no ``fcitx`` one, and a system's
    fcitx5 Qt 6 plugin (Debian's fcitx5-frontend-qt6) is built against that system's Qt and
    does not load into the bundle's (measured: a missing private Qt symbol). fcitx5 also speaks
    the IBus protocol (its ``ibusfrontend`` addon, in Debian's fcitx5-modules), and offers it on
    the session bus as ``org.freedesktop.portal.IBus``: Qt's ibus plugin uses that when
    ``IBUS_USE_PORTAL`` is set. (Measured: without the portal, Qt's ibus plugin found fcitx5's
    address file but never connected.) So when fcitx5 runs, Qt has no fcitx plugin and nobody
    chose another module, the bundle asks for ibus through the portal. Returns whether it did.
    """
    if env.get("QT_IM_MODULE", "") not in ("", "fcitx", "fcitx5"):
        return False  # ibus, or something chosen on purpose
    if any(plugins.glob("*fcitx*")):
        return False  # a fcitx plugin built for this Qt: let Qt use it
    if not fcitx5_running(proc, uid):
        return False
    env["QT_IM_MODULE"] = "ibus"
    env.setdefault("IBUS_USE_PORTAL", "1")
    return True


def qt_input_plugins() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent))
    return base / "PySide6" / "Qt" / "plugins" / "platforminputcontexts"


if __name__ == "__main__":
    if sys.platform.startswith("linux") and os.environ.get("WUYE_IM_AUTO", "1") != "0":
        chinese_input(os.environ, qt_input_plugins())
    from wuye_desktop.__main__ import main

    sys.exit(main())
