"""County preconfiguration and bulk enrolment: ``wuye-county installer`` writes the county.ini
the installed app reads (locked when asked), and ``wuye-county enroll-sheet`` issues a one-time
code for every community of a sheet and prints them one card each, with a QR code."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import create_engine

from wuye_county.__main__ import main as county
from wuye_county.auth import enrol
from wuye_county.db import upgrade
from wuye_desktop.paths import resolve
from wuye_desktop.services import county_config as sync_service
from wuye_desktop.services.context import open_services
from wuye_desktop.services.sync import SyncActionRefused

PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"


@pytest.fixture
def county_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'county.sqlite3'}"
    monkeypatch.setenv("WUYE_COUNTY_DB", url)
    monkeypatch.delenv("WUYE_COUNTY_INI", raising=False)
    return url


def test_installer_writes_a_locked_county_ini_that_wins_over_the_workers_copy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data_dir: Path, capsys) -> None:
    monkeypatch.delenv("WUYE_COUNTY_INI", raising=False)
    ca = tmp_path / "ca.pem"
    ca.write_text(PEM, encoding="ascii")
    program = tmp_path / "程序"
    assert county(["installer", "--server", "https://wuye.county.gov.cn/", "--ca", str(ca),
                   "--lock", "--name", "某某县住建局", "-o", str(program)]) == 0
    assert "county.ini" in capsys.readouterr().out
    assert (program / "county-ca.pem").read_text(encoding="ascii") == PEM
    # The installed program folder is where the app looks first for a locked file.
    monkeypatch.setattr(sync_service, "program_dir", lambda: program)
    paths = resolve(data_dir).ensure()
    (paths.data_dir / "county.ini").write_text("[county]\nserver = https://evil.example\n",
                                                encoding="utf-8")
    cfg = sync_service.load_county_config(paths)
    assert (cfg.server, cfg.lock, cfg.name) == ("https://wuye.county.gov.cn", True, "某某县住建局")
    assert cfg.ca_file == str(program / "county-ca.pem")

    svc = open_services(paths)
    try:
        with pytest.raises(SyncActionRefused, match="锁定"):
            svc.sync.enroll("https://evil.example", "AAAA-BBBB-CCCC")
    finally:
        svc.close()

    # Unlocked: the worker's own copy in the data directory is read first, as before.
    assert county(["installer", "--server", "https://wuye.county.gov.cn", "-o", str(program)]) == 0
    assert sync_service.load_county_config(paths).server == "https://evil.example"


def test_installer_refuses_a_bad_address_or_certificate(tmp_path: Path, capsys) -> None:
    assert county(["installer", "--server", "wuye.county.gov.cn", "-o", str(tmp_path)]) == 1
    assert "https://" in capsys.readouterr().err
    bad = tmp_path / "x.pem"
    bad.write_text("hello", encoding="ascii")
    assert county(["installer", "--server", "https://a.cn", "--ca", str(bad),
                   "-o", str(tmp_path / "o")]) == 1
    assert "PEM" in capsys.readouterr().err
    assert not (tmp_path / "o" / "county.ini").exists()


def test_enroll_sheet_issues_working_codes_printed_one_card_each(tmp_path: Path, county_db: str,
                                                                 capsys) -> None:
    sheet = tmp_path / "社区名单.csv"
    sheet.write_text("某某县社区名单\n社区代码,社区名称\n220102003001,桃源社区\n"
                     "220102003002,春城社区\n220102004001,南湖社区\n", encoding="gbk")
    pdf = tmp_path / "注册码.pdf"
    assert county(["enroll-sheet", str(sheet), "--server", "https://wuye.county.gov.cn",
                   "--county-name", "某某县住房和城乡建设局", "-o", str(pdf)]) == 0
    assert "3 个社区" in capsys.readouterr().out
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    for name in ("桃源社区", "春城社区", "南湖社区"):
        assert name in text
    codes = [ln.strip() for ln in text.splitlines()
             if len(ln.strip()) == 14 and ln.strip().count("-") == 2]
    assert len(codes) == 3
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "FandolFang" in fonts and " yes yes " in fonts  # the bundled CJK fonts are embedded
    assert len(PdfReader(str(pdf)).pages) == 1
    # Every printed code enrols its community, once.
    engine = create_engine(county_db)
    upgrade(engine)
    with engine.begin() as conn:
        got = enrol(conn, codes[1], "办公室电脑", "0.1.0")
    assert got.community_code == "220102003002"


def test_enroll_sheet_with_a_bad_row_issues_nothing(tmp_path: Path, county_db: str, capsys) -> None:
    sheet = tmp_path / "名单.csv"
    sheet.write_text("社区代码,社区名称\n220102003001,桃源社区\n22010200300,短了一位\n"
                     "220102003001,重复\n", encoding="utf-8")
    assert county(["enroll-sheet", str(sheet), "--server", "https://a.cn",
                   "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert "第3行" in err and "第4行" in err and "没有生成任何注册码" in err
    assert not (tmp_path / "x.pdf").exists()
