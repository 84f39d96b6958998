"""Helpers shared by the inspection tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from wuye_desktop.services.context import Services


def template_id(services: Services, code: str) -> str:
    info = services.templates.latest(code)
    assert info is not None
    return info.id


def fill(ins: Any, inspection_id: str, results: dict[str, str], default: str = "pass") -> None:
    """Answer every item of a draft: ``results`` for some codes, ``default`` for the rest. A
    failed item gets a finding (finalising requires one)."""
    for it in ins.get(inspection_id).items:
        res = results.get(it.code, default)
        ins.set_item(inspection_id, it.code, result=res,
                     **({"note": f"发现{it.code}不符合要求"} if res == "fail" else {}))


D0 = date(2026, 3, 10)
