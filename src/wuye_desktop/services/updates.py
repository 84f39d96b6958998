"""Updates through the county server: check (after a sync, at most once a day), download with
progress, verify the sha256 and the vendor's Ed25519 signature, then hand the installer to the
platform's launcher and let the app quit.

Nothing here trusts the county server: a release is installed only if its bytes hash to the
signed sha256 and the signature verifies against the vendor keys shipped in the app
(:mod:`wuye_desktop.sync.releases`). A refused download is deleted and said plainly.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .. import __version__
from ..sync.client import CountyClient
from ..sync.releases import Release, ReleaseError, newer, sha256_file, verify_signature

KEY_CHECKED_ON = "update_checked_on"


def current_platform() -> str | None:
    """Which installer this installation takes: setup.exe on Windows, the .deb where the app was
    installed from it (a frozen bundle under /opt); a pip install updates with pip instead."""
    if sys.platform == "win32":
        return "windows"
    if getattr(sys, "frozen", False) and Path(sys.executable).resolve().is_relative_to("/opt"):
        return "deb"
    return None


@dataclass(frozen=True)
class Offer:
    """A newer, signed release the county offers."""

    release: Release
    current: str

    @property
    def text(self) -> str:
        mb = self.release.size / (1024 * 1024)
        return (f"县服务器提供了社区物业工作台的新版本 {self.release.version}（当前 {self.current}，"
                f"安装包 {mb:.1f} MB）。建议现在下载并安装：安装前会自动备份数据，安装后数据保持不变。")


def default_launcher(installer: Path) -> None:
    """Start the installer detached (the app quits next, so the installer can replace it)."""
    if sys.platform == "win32":
        os.startfile(str(installer))  # type: ignore[attr-defined]  # runs setup.exe with UAC
    else:
        subprocess.Popen(["xdg-open", str(installer)], start_new_session=True)


class UpdateService:
    """Checks, downloads and verifies updates offered by the county server."""

    def __init__(self, get_setting: Callable[[str], str | None], set_setting: Callable[[str, str], None],
                 downloads: Path, today: Callable[[], date], *, version: str = __version__,
                 platform: str | None = None,
                 launcher: Callable[[Path], None] = default_launcher) -> None:
        self._get, self._set = get_setting, set_setting
        self.downloads = downloads
        self.today = today
        self.version = version
        self.platform = platform if platform is not None else current_platform()
        self.launcher = launcher

    def due(self) -> bool:
        """At most one automatic check a day."""
        return self._get(KEY_CHECKED_ON) != self.today().isoformat()

    def check(self, client: CountyClient, *, force: bool = False) -> Offer | None:
        if self.platform is None or (not force and not self.due()):
            return None
        body = client.latest_release(self.platform)
        self._set(KEY_CHECKED_ON, self.today().isoformat())
        if body is None:
            return None
        rel = Release.from_json(body)
        if rel.platform != self.platform or not newer(rel.version, self.version):
            return None
        verify_signature(rel)  # a forged offer is refused before anything is downloaded
        return Offer(rel, self.version)

    def download(self, client: CountyClient, offer: Offer,
                 progress: Callable[[int, int], None] | None = None,
                 cancelled: Callable[[], bool] | None = None) -> Path:
        rel = offer.release
        dest = self.downloads / rel.filename
        client.download(rel.url or f"/client/download/{rel.filename}", dest, progress, cancelled)
        try:
            if dest.stat().st_size != rel.size or sha256_file(dest) != rel.sha256:
                raise ReleaseError("下载的安装包与发布方签名的校验值不符（可能被改动或下载不完整），"
                                   "已删除，没有安装。请稍后重试；如果反复出现，请告诉县住建部门。")
            verify_signature(rel)
        except BaseException:
            dest.unlink(missing_ok=True)
            raise
        return dest

    def install(self, installer: Path) -> None:
        self.launcher(installer)
