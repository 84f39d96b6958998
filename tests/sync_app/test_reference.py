"""County reference data that lands (issue 15): published templates become usable templates on
the devices; the company registry merges with a same-named local company; county fields are the
county's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from wuye_county.reference import import_companies, publish_templates
from wuye_desktop.__main__ import main
from wuye_desktop.domain.enums import ListStatus
from wuye_desktop.storage.models import Company

from .test_gui import Office, offices  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parents[2]


def test_published_templates_become_usable_templates(county, offices, tmp_path,  # noqa: F811
                                                     capsys: pytest.CaptureFixture[str]):
    a, _b, _c = offices
    checklist = json.loads((ROOT / "resources/templates/inspections/fire-safety.json")
                           .read_text(encoding="utf-8"))
    checklist.update(id="county-fire-2027", name="县级消防专项检查表", version=3)
    (tmp_path / "fire.json").write_text(json.dumps(checklist, ensure_ascii=False), "utf-8")
    (tmp_path / "停水通知.txt").write_text("因管网维修，{小区名称}将于周六停水。\n请提前储水。",
                                         encoding="utf-8")
    with county.engine.begin() as conn:
        publish_templates(conn, tmp_path / "fire.json")
        publish_templates(conn, tmp_path / "停水通知.txt")
    report = a.sync.run()
    assert report.problems == []
    [info] = [t for t in a.services.templates.find() if t.code == "county-fire-2027"]
    assert info.version == 3 and info.source == "county" and info.item_count > 0
    a.services.templates.get(info.id)  # selectable: it parses and loads by id
    notices = {t.name: t for t in a.services.printing.templates()}
    assert "停水通知" in notices and notices["停水通知"].version == 1
    # the command lines list them
    data = str(a.services.paths.data_dir)
    capsys.readouterr()
    assert main(["templates", "list", "--data-dir", data]) == 0
    assert "县级消防专项检查表" in capsys.readouterr().out
    assert main(["print", "templates", "--data-dir", data]) == 0
    assert "停水通知" in capsys.readouterr().out
    # a second pull changes nothing and reports nothing
    assert a.sync.run().problems == []
    assert len([t for t in a.services.templates.find() if t.code == "county-fire-2027"]) == 1
