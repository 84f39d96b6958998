"""County contract clause texts (issue 13, item 7): ``templates publish`` of a 合同条款 document
shaped like the shipped contract_clauses.json is checked on publish (refused naming the clause
and item) and reaches the device by pull, where contracts are printed with it."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from county.helpers import new_community
from wuye_county.reference import publish_templates
from wuye_desktop.printing import TemplateError
from wuye_desktop.printing.contract_texts import CLAUSES_DOCUMENT_KIND, builtin_clauses
from wuye_desktop.services.contract_clauses import contract_clauses

from .helpers import Desk


def _shipped() -> dict[str, object]:
    entry = files("wuye_desktop.resources") / "templates" / "contracts" / "contract_clauses.json"
    data: dict[str, object] = json.loads(entry.read_text(encoding="utf-8"))
    return data


def test_bad_clauses_refused_naming_the_clause_and_good_ones_reach_the_device(server, tmp_path) -> None:
    desk = Desk(tmp_path / "d", server.url)
    try:
        desk.enroll(server, new_community())
        shipped = _shipped()
        assert shipped["kind"] == CLAUSES_DOCUMENT_KIND
        bad = tmp_path / "bad.json"
        bad.write_text(json.dumps({**shipped, "termination": ["第一款", "  "]}), encoding="utf-8")
        with pytest.raises(TemplateError, match=r"“合同解除与终止”（termination）第2条"), \
                server.engine.begin() as conn:
            publish_templates(conn, bad)
        missing = {k: v for k, v in shipped.items() if k != "no_transfer"}
        bad.write_text(json.dumps(missing), encoding="utf-8")
        with pytest.raises(TemplateError, match="缺少“不得转委托”"), server.engine.begin() as conn:
            publish_templates(conn, bad)
        with desk.db.session() as s:
            assert contract_clauses(s) == builtin_clauses()  # nothing published reached it
        good = tmp_path / "clauses.json"
        good.write_text(json.dumps({**shipped, "name": "某县物业服务合同条款", "version": 2,
                                    "no_transfer": "乙方不得转让本合同项下的全部物业服务（县级条款）。"}),
                        encoding="utf-8")
        with server.engine.begin() as conn:
            assert publish_templates(conn, good) == [("某县物业服务合同条款", 1)]
        desk.engine.pull()
        with desk.db.session() as s:
            got = contract_clauses(s)
        assert got.no_transfer == "乙方不得转让本合同项下的全部物业服务（县级条款）。"
        assert got.source == "县级发布的“某县物业服务合同条款”（第2版）"
        assert got.termination == builtin_clauses().termination
    finally:
        desk.close()
