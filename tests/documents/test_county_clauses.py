"""A contract is printed with the county's clause texts once they are received (issue 13,
item 7): a 合同条款 document in sync_reference replaces the built-in wording, the contract says
which version it uses, and an unreadable one refuses the print rather than fall back silently."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from wuye_desktop.printing import PrintError
from wuye_desktop.services.context import Services
from wuye_desktop.storage.models_sync import REFERENCE, SyncCopy

from .helpers import page_texts

COUNTY_NO_TRANSFER = "乙方不得将本合同项下全部物业服务转包给他人（某县二〇二六年审定条款）。"
VALUES = {"住宅物业费": "0.65", "合同开始": "2026-01-01", "合同结束": "2028-12-31"}


def _shipped() -> dict[str, Any]:
    entry = files("wuye_desktop.resources") / "templates" / "contracts" / "contract_clauses.json"
    data: dict[str, Any] = json.loads(entry.read_text(encoding="utf-8"))
    return data


def _receive(svc: Services, data: dict[str, Any], version: int) -> None:
    with svc.db.unit_of_work() as s:
        s.add(SyncCopy(kind=REFERENCE, table_name="templates", row_id="county-clauses",
                       version=version, data=data))


def _contract_text(svc: Services, out: Path) -> str:
    estate = next(e for e in svc.registers.rows("estates") if e.get("company_name"))
    svc.printing.contract("service", estate["id"], VALUES, out)
    return "".join(page_texts(out))


def test_published_clauses_replace_the_builtin_text(svc: Services, tmp_path: Path) -> None:
    shipped = _shipped()
    before = _contract_text(svc, tmp_path / "a.pdf")
    builtin = "".join(shipped["no_transfer"].split())
    assert builtin[:30] in before and "内置示范文本（第1版）" in before
    _receive(svc, {**shipped, "name": "某县物业服务合同条款", "version": 4,
                   "no_transfer": COUNTY_NO_TRANSFER}, version=2)
    after = _contract_text(svc, tmp_path / "b.pdf")
    assert COUNTY_NO_TRANSFER in after and builtin[:30] not in after
    assert "县级发布的“某县物业服务合同条款”（第4版）" in after
    assert "内置示范文本" not in after


def test_unreadable_published_clauses_refuse_the_print(svc: Services, tmp_path: Path) -> None:
    shipped = _shipped()
    _receive(svc, {**shipped, "name": "写错的条款", "termination": []}, version=1)
    with pytest.raises(PrintError, match=r"写错的条款.*合同解除与终止"):
        _contract_text(svc, tmp_path / "c.pdf")
    assert not (tmp_path / "c.pdf").exists()
