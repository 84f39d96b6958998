"""The headless CLI: commands, exit codes, Chinese reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from wuye_desktop.__main__ import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_demo_then_list_json_in_a_real_process(tmp_path: Path) -> None:
    """Acceptance 1: `wuye-desktop --data-dir EMPTY demo` then `list estates --json`."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    d = tmp_path / "empty"
    r = subprocess.run([sys.executable, "-m", "wuye_desktop", "--data-dir", str(d), "demo"],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "演示社区已就绪" in r.stdout
    r = subprocess.run([sys.executable, "-m", "wuye_desktop", "list", "estates", "--json",
                        "--data-dir", str(d)], capture_output=True, text=True, env=env, timeout=60)
    assert r.returncode == 0, r.stderr
    estates = json.loads(r.stdout)
    assert len(estates) == 12
    assert {"准物业", "专业化物业", "无物业"} <= {e["management_mode"] for e in estates}
    assert all(e["community_code"] == "220102003001" for e in estates)


def test_init_validates_code(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "init", "--community-code", "12345", "--name", "某社区",
                       "--data-dir", str(tmp_path))
    assert code == 1 and "12位" in err
    code, out, _ = run(capsys, "init", "--community-code", "220102003001", "--name", "桃源社区",
                       "--data-dir", str(tmp_path))
    assert code == 0 and "桃源社区" in out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["list"])
    assert exc.value.code == 2
    code, _, err = run(capsys, "list", "dogs", "--data-dir", str(tmp_path))
    assert code == 2 and "不认识的台账类型" in err


def test_bad_import_exits_1_and_changes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    d = str(tmp_path / "d")
    assert run(capsys, "--data-dir", d, "demo")[0] == 0
    _, before, _ = run(capsys, "list", "buildings", "--json", "--data-dir", d)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "楼栋"
    ws.append(["所属小区", "楼栋号", "户数"])
    ws.append(["幸福小区", "99号楼", "很多"])
    wb.save(tmp_path / "bad.xlsx")
    code, _, err = run(capsys, "import", "楼栋", str(tmp_path / "bad.xlsx"), "--data-dir", d)
    assert code == 1 and "第2行" in err and "户数" in err
    _, after, _ = run(capsys, "list", "buildings", "--json", "--data-dir", d)
    assert json.loads(after) == json.loads(before)


def test_export_template_backup_restore_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    d = str(tmp_path / "d")
    assert run(capsys, "demo", "--data-dir", d)[0] == 0
    code, out, _ = run(capsys, "export", "all", str(tmp_path / "all.xlsx"), "--data-dir", d)
    assert code == 0 and (tmp_path / "all.xlsx").exists()
    code, out, _ = run(capsys, "import", "all", str(tmp_path / "all.xlsx"), "--yes", "--data-dir", d)
    assert code == 0 and "导入成功" in out
    assert run(capsys, "template", str(tmp_path / "t.xlsx"))[0] == 0
    sheets = openpyxl.load_workbook(tmp_path / "t.xlsx").sheetnames
    assert "填写说明" in sheets and "楼栋" in sheets
    code, out, _ = run(capsys, "backup", str(tmp_path / "b.sqlite3"), "--data-dir", d)
    assert code == 0 and (tmp_path / "b.sqlite3").exists()
    code, out, _ = run(capsys, "restore", str(tmp_path / "b.sqlite3"), "--data-dir", d)
    assert code == 0 and "已从" in out
    code, out, _ = run(capsys, "check", "--data-dir", d)
    assert code == 0 and "完整性检查：ok" in out and "小区12条" in out


def test_corrupt_database_exits_1_with_chinese_message(capsys: pytest.CaptureFixture[str],
                                                       tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    (d / "wuye.sqlite3").write_bytes(b"garbage" * 1000)
    code, _, err = run(capsys, "list", "estates", "--data-dir", str(d))
    assert code == 1 and "已损坏" in err
    assert (d / "wuye.sqlite3").read_bytes() == b"garbage" * 1000
