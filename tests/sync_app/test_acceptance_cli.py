"""Acceptance 1: ``wuye-county init/serve/enroll`` + ``wuye-desktop sync enroll`` and
``sync run`` on the demo community → the county's ``report`` shows the community's figures."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from wuye_desktop.__main__ import main as desktop
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.services.demo import DEMO_CODE
from wuye_desktop.storage.db import Database
from wuye_desktop.storage.models import Estate

from .conftest import CountyProcess


def _local_figures(data_dir) -> tuple[int, dict[str, int]]:
    db = Database(data_dir / "wuye.sqlite3")
    try:
        with db.session() as s:
            live = Estate.deleted_at.is_(None)
            total = s.scalar(select(func.count()).select_from(Estate).where(live)) or 0
            rows = s.execute(select(Estate.management_mode, func.count()).where(live)
                             .group_by(Estate.management_mode)).all()
    finally:
        db.close()
    return total, {m.value: n for m, n in rows}


def _demo_registers(data_dir) -> None:
    # The demo community's registers only: `wuye-desktop demo` also adds ~9 000 inspection
    # operations (the inspection demo), which would make this test about server throughput
    # (benchmarks/ measures that).
    from wuye_desktop.paths import resolve
    from wuye_desktop.services import demo
    from wuye_desktop.services.context import open_services

    svc = open_services(resolve(data_dir))
    try:
        assert demo.install(svc.registers, 1).estates > 0
    finally:
        svc.close()


def test_demo_community_reaches_the_county_report(county_cli: CountyProcess, data_dir, capsys):
    assert county_cli.cli("init").returncode == 0
    county_cli.start()
    enrol = county_cli.cli("enroll", DEMO_CODE, "--name", "桃源社区")
    assert enrol.returncode == 0, enrol.stderr
    code = enrol.stdout.strip()

    _demo_registers(data_dir)
    # Before enrolling, status says so and nothing has been sent.
    assert desktop(["sync", "status", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)
    assert before["enrolled"] is False and before["pending"] > 0

    assert desktop(["sync", "enroll", "--server", county_cli.url, "--code", code]) == 0
    assert DEMO_CODE in capsys.readouterr().out
    # A one-time code: the second use is refused with a plain message and exit code 1.
    assert desktop(["sync", "enroll", "--server", county_cli.url, "--code", code]) == 1
    assert "注册失败" in capsys.readouterr().err

    assert desktop(["sync", "run"]) == 0
    out = capsys.readouterr().out
    assert "同步完成" in out
    assert desktop(["sync", "status", "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert (st["enrolled"], st["community"], st["pending"], st["attention"], st["conflicts"]) \
        == (True, DEMO_CODE, 0, 0, 0)
    assert st["last_sync"]

    report = county_cli.cli("report")
    assert report.returncode == 0, report.stderr
    total, by_mode = _local_figures(data_dir)
    assert total > 0
    line = next(ln for ln in report.stdout.splitlines() if ln.startswith(DEMO_CODE))
    cells = line.split("\t")
    modes = [m.value for m in ManagementMode]
    # code, name, estates, one column per management mode, …
    assert int(cells[2]) == total
    assert [int(c) for c in cells[3:3 + len(modes)]] == [by_mode.get(m, 0) for m in modes]
    # The sub-district line (first 9 digits) carries the same estates.
    sub = next(ln for ln in report.stdout.splitlines()
               if ln.startswith(DEMO_CODE[:9] + "\t"))
    assert int(sub.split("\t")[2]) == total

    # The county revokes the device: it is refused, says so, and keeps its outbox for export.
    assert county_cli.cli("devices", "revoke", st["device_id"]).returncode == 0
    db = Database(data_dir / "wuye.sqlite3")
    try:
        with db.unit_of_work() as s:
            s.scalars(select(Estate).limit(1)).one().note = "停用后的修改"
    finally:
        db.close()
    assert desktop(["sync", "run"]) == 1
    assert "同步未完成" in capsys.readouterr().err
    assert desktop(["sync", "status", "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert (st["revoked"], st["pending"]) == (True, 1)
    out_file = data_dir.parent / "outbox.json"
    assert desktop(["sync", "export-outbox", str(out_file)]) == 0
    ops = json.loads(out_file.read_text(encoding="utf-8"))["operations"]
    assert [(o["table"], o["changes"]["note"][1]) for o in ops] == [("estates", "停用后的修改")]
