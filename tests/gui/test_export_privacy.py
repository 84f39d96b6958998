"""Phone numbers on exports (issue 16, item 6; PIPL): the county's policy masks them unless the
worker confirms a full export, in the GUI and on the command line; a masked file can't put a
masked number over a real one; the policy itself is checked as a device reads it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog

from wuye_desktop.__main__ import main
from wuye_desktop.domain.privacy import (
    PrivacyPolicyError,
    is_masked,
    mask_phone,
    parse_policy,
)
from wuye_desktop.storage.models_sync import REFERENCE, put_copy
from wuye_desktop.ui import dialogs
from wuye_desktop.ui.main_window import MainWindow


def _publish(services, mask: bool) -> None:
    """The county's policy as a device holds it after a pull (tests/sync_app covers the pull)."""
    with services.db.unit_of_work() as s:
        put_copy(s, REFERENCE, "templates", "policy-1", {
            "kind": "privacy_policy", "name": "某县个人信息保护规则", "mask_exports": mask},
            version=1)


def _phones(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path).worksheets[0]
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    col = header.index("联系电话")
    return [str(r[col]) for r in ws.iter_rows(min_row=2, values_only=True) if r[col]]


def test_masking_rules():
    assert mask_phone("13812341234") == "138****1234"
    assert mask_phone("0431-88881234") == "043****1234"
    assert mask_phone("88881234") == "88****234"
    assert mask_phone("") == "" and mask_phone(None) is None
    assert is_masked("138****1234") and not is_masked("13812341234") and not is_masked("*")
    with pytest.raises(PrivacyPolicyError, match="mask_exports"):
        parse_policy({"kind": "privacy_policy", "name": "x", "mask_exports": "是"})
    assert parse_policy({"mask_exports": True}).mask_exports


def test_export_masks_phones_unless_confirmed_and_masked_files_do_not_import(
        demo_services, tmp_path):
    transfer = demo_services.transfer
    real = {r["id"]: r["phone"] for r in demo_services.registers.rows("leads")}
    assert transfer.export("leads", tmp_path / "plain.xlsx") == len(real)
    assert sorted(_phones(tmp_path / "plain.xlsx")) == sorted(p for p in real.values() if p)
    _publish(demo_services, mask=True)
    assert transfer.privacy_policy().mask_exports
    transfer.export("leads", tmp_path / "masked.xlsx")
    masked = _phones(tmp_path / "masked.xlsx")
    assert masked and all(is_masked(p) for p in masked)
    transfer.export("leads", tmp_path / "full.xlsx", full_phones=True)
    assert sorted(_phones(tmp_path / "full.xlsx")) == sorted(p for p in real.values() if p)
    report = transfer.import_file("leads", tmp_path / "masked.xlsx")
    assert not report.ok and "隐藏了中间几位" in report.text()
    assert {r["id"]: r["phone"] for r in demo_services.registers.rows("leads")} == real


def test_cli_export_says_it_masked_and_takes_full_phones(demo_services, app_paths, tmp_path,
                                                         capsys):
    _publish(demo_services, mask=True)
    data = ["--data-dir", str(app_paths.data_dir)]
    capsys.readouterr()
    assert main(["export", "leads", str(tmp_path / "a.xlsx"), *data]) == 0
    assert "--full-phones" in capsys.readouterr().out
    assert all(is_masked(p) for p in _phones(tmp_path / "a.xlsx"))
    assert main(["export", "leads", str(tmp_path / "b.xlsx"), "--full-phones", *data]) == 0
    assert "隐藏" not in capsys.readouterr().out
    assert not any(is_masked(p) for p in _phones(tmp_path / "b.xlsx"))


@pytest.mark.parametrize("answer", [dialogs.Button.No, dialogs.Button.Yes])
def test_gui_export_asks_before_full_numbers(window: MainWindow, demo_services, monkeypatch,
                                            tmp_path, qtbot, wait_idle, answer):
    _publish(demo_services, mask=True)
    window.show_screen("leads")
    wait_idle()
    target = tmp_path / "leads.xlsx"
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    monkeypatch.setattr(dialogs, "ask", lambda _p, _t, text, *a, **k: asked.append(text) or answer)
    flow = window.export_file()
    with qtbot.waitSignal(flow.finished, timeout=20000):
        pass
    assert asked and "138****1234" in asked[0]
    phones = _phones(target)
    assert phones and all(is_masked(p) for p in phones) == (answer == dialogs.Button.No)
