"""A decade in a year column ("90年代", "八十年代", "2000年代初") is never read as a year on a guess:
it is listed in the value mapping with no proposal and refused, naming sheet, row and column,
until the worker picks the year; the mapping file carries the choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from tabular.conftest import build_xlsx
from wuye_desktop.domain.import_mapping import ImportMapping, MappingFileError
from wuye_desktop.domain.normalise import decade_years
from wuye_desktop.services.context import Services

HEADER = ["小区名称", "管理模式", "建成年份"]


@pytest.mark.parametrize(("text", "first"), [("90年代", 1990), ("八十年代", 1980), ("2000年代初", 2000),
                                             ("1990年代末", 1990), ("９０年代", 1990)])
def test_decade_years(text: str, first: int) -> None:
    assert decade_years(text) == list(range(first, first + 10))


@pytest.mark.parametrize("text", ["1998", "98年", "1998.05", "年代", "九十"])
def test_not_a_decade(text: str) -> None:
    assert decade_years(text) is None


def _file(tmp_path: Path) -> Path:
    return build_xlsx(tmp_path / "小区.xlsx", {"小区": [
        HEADER, ["映月小区", "准物业", "90年代"], ["星河小区", "准物业", "八十年代"],
        ["望江小区", "准物业", "98年"]]})


def test_decade_asked_then_mapped(services: Services, tmp_path: Path) -> None:
    path = _file(tmp_path)
    plan = services.transfer.preview("estates", path)
    assert not plan.ok
    assert plan.value_guesses["year_built"] == {"90年代": None, "八十年代": None}
    errors = {(p.sheet, p.row, p.column) for p in plan.report.errors}
    assert errors == {("小区", 2, "建成年份"), ("小区", 3, "建成年份")}
    assert all("值对应" in p.message for p in plan.report.errors)
    assert services.registers.rows("estates") == []
    mapping = ImportMapping(values={"year_built": {"90年代": "1995"}})
    plan = services.transfer.preview("estates", path, mapping=mapping)
    assert [(p.row, p.column) for p in plan.report.errors] == [(3, "建成年份")]  # still asked
    mapping.set_value("year_built", "八十年代", "1984")
    plan = services.transfer.preview("estates", path, mapping=mapping)
    assert plan.ok, plan.text()
    services.transfer.apply(plan)
    got = {r["name"]: r["year_built"] for r in services.registers.rows("estates")}
    assert got == {"映月小区": 1995, "星河小区": 1984, "望江小区": 1998}


def test_mapping_file_year_values() -> None:
    m = ImportMapping.from_json('{"values": {"year_built": {"90年代": "1995"}}}')
    assert m.value_for("year_built", "90年代") == "1995"
    with pytest.raises(MappingFileError, match="不是四位年份"):
        ImportMapping.from_json('{"values": {"year_built": {"90年代": "九五"}}}')
