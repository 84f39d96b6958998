"""County configuration (``county.ini``): looked up in this order: ``$WUYE_COUNTY_INI``, the data
directory, the directory of the executable (installer preconfiguration), then the packaged
resources. Format::

    [county]
    server = https://wuye.example-county.gov.cn
    ca_file = county-ca.pem      ; optional, relative to the ini file
    name = 某某县住房和城乡建设局   ; optional, shown in the enrolment dialog
    allow_http = false           ; optional: true lets the app use a plain http:// server
"""

from __future__ import annotations

import configparser
import contextlib
import logging
import os
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..paths import AppPaths

log = logging.getLogger(__name__)

COUNTY_INI = "county.ini"


@dataclass(frozen=True)
class CountyConfig:
    """What a county preconfigures: its server address and, optionally, its own CA file."""

    server: str = ""
    ca_file: str = ""
    name: str = ""
    source: str = ""
    #: set by the county (``lock = true``): the worker cannot change the server address
    lock: bool = False
    #: ``allow_http = true``: the county accepts plain HTTP to its (non-loopback) server
    allow_http: bool = False


def program_dir() -> Path:
    """The folder of the installed program (the frozen executable's, or the interpreter's)."""
    return Path(sys.executable).resolve().parent


def _ini_candidates(paths: AppPaths | None) -> list[Path]:
    out: list[Path] = []
    env = os.environ.get("WUYE_COUNTY_INI")
    if env:
        out.append(Path(env))
    if paths is not None:
        out.append(paths.data_dir / COUNTY_INI)
    out.append(program_dir() / COUNTY_INI)
    with contextlib.suppress(ModuleNotFoundError, TypeError):  # a broken install
        out.append(Path(str(resources.files("wuye_desktop.resources") / COUNTY_INI)))
    return out


def _read_ini(p: Path) -> CountyConfig | None:
    cp = configparser.ConfigParser(inline_comment_prefixes=(";", "#"))
    try:
        cp.read(p, encoding="utf-8-sig")  # Notepad on Windows writes a BOM
    except (configparser.Error, UnicodeDecodeError, OSError) as exc:
        log.warning("ignoring unreadable %s: %s", p, exc)
        return None
    if not cp.has_section("county"):
        return None
    sec = cp["county"]
    ca = sec.get("ca_file", "").strip()
    if ca and not Path(ca).is_absolute():
        ca = str(p.parent / ca)
    yes = ("1", "true", "yes", "on", "是")
    lock = sec.get("lock", "").strip().lower() in yes
    allow_http = sec.get("allow_http", "").strip().lower() in yes
    return CountyConfig(server=sec.get("server", "").strip(), ca_file=ca,
                        name=sec.get("name", "").strip(), source=str(p), lock=lock,
                        allow_http=allow_http)


def load_county_config(paths: AppPaths | None = None) -> CountyConfig:
    """The first readable ``county.ini`` (see the module docstring), or an empty config.

    A locked file in the program folder (where only an administrator writes: the installer put
    it there) wins over every other, so a worker cannot unlock it from the data directory.
    """
    candidates = _ini_candidates(paths)
    machine = [p for p in candidates if paths is None or paths.data_dir not in p.parents]
    for p in machine:
        if p.is_file() and os.environ.get("WUYE_COUNTY_INI") != str(p):
            cfg = _read_ini(p)
            if cfg is not None and cfg.lock:
                return cfg
    for p in candidates:
        if not p.is_file():
            continue
        cfg = _read_ini(p)
        if cfg is not None:
            return cfg
    return CountyConfig()
