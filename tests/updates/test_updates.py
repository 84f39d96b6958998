"""Signed updates end to end on loopback: the vendor signs, the county stages, the app checks,
downloads with progress, verifies hash and signature and starts the installer — and refuses a
tampered download, a forged manifest and a release the county tries to sign itself."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "packaging"))

from sign_release import main as sign_release  # noqa: E402

from county.conftest import Server, _serve  # noqa: E402
from wuye_county.__main__ import main as county  # noqa: E402
from wuye_desktop.paths import resolve  # noqa: E402
from wuye_desktop.services.context import open_services  # noqa: E402
from wuye_desktop.sync import releases  # noqa: E402
from wuye_desktop.sync.protocol import SCHEMA_VERSION_HEADER  # noqa: E402
from wuye_desktop.sync.releases import ReleaseError  # noqa: E402

INSTALLER = "wuye-desktop-9.9.0-setup.exe"


@pytest.fixture
def vendor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A vendor key pair; the app (and the county's staging check) trust its public half."""
    key_file = tmp_path / "vendor.pem"
    assert sign_release(["genkey", str(key_file)]) == 0
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    key = load_pem_private_key(key_file.read_bytes(), password=None)
    monkeypatch.setattr(releases, "trusted_keys", lambda: [key.public_key()])  # type: ignore[union-attr]
    return key_file


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    monkeypatch.setenv("WUYE_COUNTY_DATA", str(tmp_path / "county"))
    yield from _serve(f"sqlite:///{tmp_path / 'county.sqlite3'}", "sqlite")


def _release(tmp_path: Path, vendor: Path, payload: bytes = b"MZ" + b"\x00setup" * 40000) -> Path:
    art = tmp_path / "vendor-out" / INSTALLER
    art.parent.mkdir(exist_ok=True)
    art.write_bytes(payload)
    assert sign_release(["sign", str(art), "--key", str(vendor), "--version", "9.9.0",
                         "--platform", "windows"]) == 0
    return art


@pytest.fixture
def desk(data_dir: Path, server: Server) -> Iterator[object]:
    svc = open_services(resolve(data_dir))
    sync = svc.sync
    sync.server = lambda: server.url  # not enrolled: the release endpoints need no login
    launched: list[Path] = []
    sync.updates.platform = "windows"
    sync.updates.launcher = launched.append
    sync.launched = launched
    yield sync
    svc.close()


def test_signed_release_is_offered_downloaded_verified_and_launched(tmp_path, vendor, server, desk,
                                                                   capsys) -> None:
    art = _release(tmp_path, vendor)
    assert county(["releases", "stage", str(art)]) == 0
    assert "签名有效" in capsys.readouterr().out

    offer = desk.check_update()
    assert offer is not None and offer.release.version == "9.9.0"
    assert "新版本 9.9.0" in offer.text and "当前 0." in offer.text
    # At most one automatic check a day: the next one asks nothing.
    assert desk.check_update() is None
    assert desk.check_update(force=True) is not None

    seen: list[tuple[int, int]] = []
    path = desk.download_update(offer, progress=lambda d, t: seen.append((d, t)))
    assert path.read_bytes() == art.read_bytes()
    assert seen and seen[-1][0] == art.stat().st_size
    desk.updates.install(path)
    assert desk.launched == [path]


def test_tampered_download_is_refused_and_deleted(tmp_path, vendor, server, desk) -> None:
    art = _release(tmp_path, vendor)
    assert county(["releases", "stage", str(art)]) == 0
    offer = desk.check_update()
    assert offer is not None
    staged = tmp_path / "county" / "releases" / INSTALLER
    data = bytearray(staged.read_bytes())
    data[100] ^= 0xFF  # same size, different bytes: what a man in the middle would serve
    staged.write_bytes(bytes(data))
    with pytest.raises(ReleaseError, match="校验值不符"):
        desk.download_update(offer)
    assert not (desk.updates.downloads / INSTALLER).exists()
    assert desk.launched == []


def test_county_cannot_forge_or_edit_a_release(tmp_path, vendor, server, desk, capsys) -> None:
    art = _release(tmp_path, vendor)
    manifest = art.with_name(art.name + ".release.json")
    # A key the county made itself is not the vendor's: staging refuses it.
    county_key = tmp_path / "county.pem"
    assert sign_release(["genkey", str(county_key)]) == 0
    forged = tmp_path / "forged"
    forged.mkdir()
    (forged / INSTALLER).write_bytes(b"evil" * 1000)
    assert sign_release(["sign", str(forged / INSTALLER), "--key", str(county_key),
                         "--version", "9.9.1", "--platform", "windows"]) == 0
    assert county(["releases", "stage", str(forged / INSTALLER)]) == 1
    assert "签名无效" in capsys.readouterr().err
    # A staged manifest edited afterwards (another file's hash) fails on the office PC too.
    assert county(["releases", "stage", str(art)]) == 0
    staged_manifest = tmp_path / "county" / "releases" / (INSTALLER + ".release.json")
    body = json.loads(staged_manifest.read_text(encoding="utf-8"))
    body["sha256"] = "0" * 64
    staged_manifest.write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(ReleaseError, match="签名无效"):
        desk.check_update(force=True)
    assert desk.launched == []
    assert manifest.exists()


def test_upgrade_required_answer_carries_the_download_link(tmp_path, vendor, server) -> None:
    assert county(["releases", "stage", str(_release(tmp_path, vendor))]) == 0
    r = httpx.post(f"{server.url}/sync/push", headers={SCHEMA_VERSION_HEADER: "0"}, content=b"{}")
    assert r.status_code == 426
    assert f"/client/download/{INSTALLER}" in r.json()["detail"]
    assert httpx.get(f"{server.url}/client/download/..%2Fcounty.sqlite3").status_code == 404
    assert httpx.get(f"{server.url}/client/latest", params={"platform": "deb"}).status_code == 204


def test_unsigned_or_odd_manifest_is_refused(tmp_path) -> None:
    with pytest.raises(ReleaseError):
        releases.Release.from_json({"version": "1.0", "platform": "windows", "filename": "../x",
                                    "sha256": "0" * 64, "size": 1})
    rel = releases.Release("1.0.0", "windows", "a.exe", "0" * 64, 1, signature="")
    with pytest.raises(ReleaseError):
        releases.verify_signature(rel, [Ed25519PrivateKey.generate().public_key()])


@pytest.mark.gui
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_update_prompt_downloads_with_progress_verifies_launches_and_quits(
        qtbot, tmp_path, vendor, server, desk, data_dir, monkeypatch) -> None:
    from PySide6.QtCore import QSettings

    from wuye_desktop import i18n_build
    from wuye_desktop.app import make_application
    from wuye_desktop.tasks import TaskRunner
    from wuye_desktop.ui.context import UiContext
    from wuye_desktop.ui.update_dialog import UpdateDialog

    i18n_build.build()
    make_application(lang="zh_CN")
    art = _release(tmp_path, vendor)
    assert county(["releases", "stage", str(art)]) == 0
    offer = desk.check_update(force=True)
    runner = TaskRunner()
    services = type("S", (), {"sync": desk})()
    ctx = UiContext(services, runner, QSettings(str(tmp_path / "ui.ini"),
                                                QSettings.Format.IniFormat))  # type: ignore[arg-type]
    quits: list[int] = []
    dlg = UpdateDialog(ctx, offer, quit_app=lambda: quits.append(1))
    try:
        dlg.show()
        assert "新版本 9.9.0" in dlg.text.text()
        assert dlg.install_button.text() == "下载并安装"
        values: list[int] = []
        dlg.bar.valueChanged.connect(values.append)
        from PySide6.QtCore import Qt

        qtbot.mouseClick(dlg.install_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(quits), timeout=20000)
        assert desk.launched == [desk.updates.downloads / INSTALLER]
        assert values and values[-1] == 1000
        assert "验证" in dlg.message.text()
        # The promise of the prompt holds: the data was backed up before the installer started.
        assert list((data_dir / "backups").glob("*before-update*"))
    finally:
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
        runner.shutdown()
        dlg.deleteLater()
