"""The package a county installs: a wheel built from this tree, installed (not editable) into a
fresh virtual environment, must run on its own — create a database from its shipped migrations,
print with its shipped fonts, speak Chinese from its compiled translations, run the county
server from its own migrations, sync once, and open the GUI offscreen.

Every command runs from the fresh venv's ``bin/`` with the working directory outside the
repository, so nothing can be imported from the source tree by accident.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

from county.conftest import free_port  # noqa: E402
from sync.wuye_test_keyring import ENV as KEYRING_ENV  # noqa: E402
from sync.wuye_test_keyring import KeyringServer  # noqa: E402

pytestmark = pytest.mark.slow

DEMO_CODE = "220102003001"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Built from a copy of the tree (with its compiled translations): setuptools writes build/
    # and *.egg-info where it builds, and the suite runs on two workers that read the tree.
    src = tmp_path_factory.mktemp("tree") / "wuye"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".mypy_cache",
        ".ruff_cache", ".pytest_cache", "tests", "docs"))
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out),
                        str(src)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    (whl,) = out.glob("wuye_desktop-*.whl")
    return whl


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    env_dir = tmp_path_factory.mktemp("venv") / "v"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True, timeout=300)
    r = subprocess.run([str(env_dir / "bin" / "python"), "-m", "pip", "install", "-q",
                        f"{wheel}[county]"], capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    return env_dir


def test_installed_qt_has_qtpdf(venv: Path) -> None:
    """QtPdf comes inside PySide6-Addons for every Qt that pyproject admits (6.8–6.11; 6.12
    moved it to its own wheel), on the modern stack as on the 信创 one."""
    r = subprocess.run([str(venv / "bin" / "python"), "-c",
                        "import PySide6, PySide6.QtPdf, PySide6.QtPdfWidgets; print(PySide6.__version__)"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr[-2000:]


@pytest.fixture(scope="module")
def keyring_server() -> Iterator[str]:
    server = KeyringServer()
    yield server.address
    server.close()


def test_wheel_carries_migrations_translations_fonts_and_templates(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    desktop_migs = {n for n in names if n.startswith("wuye_desktop/storage/migrations/versions/")}
    county_migs = {n for n in names if n.startswith("wuye_county/migrations/versions/")}
    in_tree = {p.name for p in (ROOT / "src/wuye_desktop/storage/migrations/versions").glob("*.py")}
    assert {Path(n).name for n in desktop_migs} == in_tree
    assert {Path(n).name for n in county_migs} == {
        p.name for p in (ROOT / "src/wuye_county/migrations/versions").glob("*.py")}
    assert "wuye_county/migrations/env.py" in names
    assert "wuye_desktop/resources/i18n/wuye_zh_CN.qm" in names
    assert any(n.startswith("wuye_desktop/resources/fonts/") and n.endswith(".ttf") for n in names)
    assert any(n.startswith("wuye_desktop/resources/templates/notices/") for n in names)


class Installed:
    """Runs the installed console scripts with a fresh data directory, outside the repository."""

    def __init__(self, venv: Path, work: Path, keyring_addr: str) -> None:
        self.bin = venv / "bin"
        self.work = work
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith(("PYTHON", "VIRTUAL_ENV", "WUYE_"))}
        self.env.update({
            "WUYE_DATA_DIR": str(work / "数据"),
            "WUYE_COUNTY_DB": f"sqlite:///{work / 'county.sqlite3'}",
            "WUYE_COUNTY_DATA": str(work / "county"),
            "QT_QPA_PLATFORM": "offscreen",
            "WUYE_NO_DIALOGS": "1",
            # A keyring the child reaches over loopback: secrets never land in a file.
            "PYTHONPATH": str(ROOT / "tests" / "sync"),
            "PYTHON_KEYRING_BACKEND": "wuye_test_keyring.SocketKeyring",
            KEYRING_ENV: keyring_addr,
        })
        for var in ("WUYE_CLOCK_TODAY",):  # the suite's pinned clock, if any, reaches the child
            if var in os.environ:
                self.env[var] = os.environ[var]

    def run(self, exe: str, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(self.bin / exe), *args], cwd=self.work, env=self.env,
                              capture_output=True, text=True, timeout=timeout)


def test_installed_wheel_runs_desktop_county_sync_and_gui(venv: Path, tmp_path: Path,
                                                           keyring_server: str) -> None:
    work = tmp_path / "工作"
    (work / "county").mkdir(parents=True)
    app = Installed(venv, work, keyring_server)

    # The package is the installed one, not this tree.
    r = subprocess.run([str(venv / "bin" / "python"), "-c",
                        "import wuye_desktop, wuye_county; print(wuye_desktop.__file__)"],
                       cwd=work, env=app.env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert str(venv) in r.stdout and str(ROOT) not in r.stdout

    demo = app.run("wuye-desktop", "demo")
    assert demo.returncode == 0, demo.stderr
    assert "演示社区已就绪" in demo.stdout

    pdf = work / "通知.pdf"
    notice = app.run("wuye-desktop", "print", "notice", "--template", "fire_safety", "--all",
                     "--field", "季节=冬季", "-o", str(pdf))
    assert notice.returncode == 0, notice.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    assert len(reader.pages) > 100  # one page per building of the demo community
    assert "消防安全" in reader.pages[0].extract_text()

    assert app.run("wuye-county", "init").returncode == 0
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([str(app.bin / "wuye-county"), "serve", "--host", "127.0.0.1",
                               "--port", str(port)], cwd=work, env=app.env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
            assert time.monotonic() < deadline, "wuye-county serve did not start"
            time.sleep(0.2)
        enrol = app.run("wuye-county", "enroll", DEMO_CODE, "--name", "桃源社区")
        assert enrol.returncode == 0, enrol.stderr
        code = enrol.stdout.strip().splitlines()[-1].strip()
        r = app.run("wuye-desktop", "sync", "enroll", "--server", url, "--code", code)
        assert r.returncode == 0, r.stderr
        r = app.run("wuye-desktop", "sync", "run", timeout=600)
        assert r.returncode == 0, r.stderr
        assert "同步完成" in r.stdout
        r = app.run("wuye-county", "report")
        assert r.returncode == 0, r.stderr
        assert any(line.startswith(DEMO_CODE) for line in r.stdout.splitlines())
        # The web console's templates and font ship in the wheel.
        page = httpx.get(f"{url}/console/login", timeout=10)
        assert page.status_code == 200 and "县级管理 登录" in page.text
        assert httpx.get(f"{url}/console/font.ttf", timeout=10).content[:4] == b"\x00\x01\x00\x00"
    finally:
        server.terminate()
        server.wait(20)

    # The GUI starts from the installed package on the demo data and shows its main window.
    env = dict(app.env, WUYE_QUIT_WHEN_SHOWN="1")
    gui = subprocess.run([str(app.bin / "wuye-desktop")], cwd=work, env=env,
                         capture_output=True, text=True, timeout=120)
    assert gui.returncode == 0, gui.stderr[-3000:]
    assert "shown" in gui.stdout
