"""Column names in import messages come from our own function (no openpyxl at start); they match
openpyxl's over Excel's whole column range."""

from __future__ import annotations

from openpyxl.utils import get_column_letter as openpyxl_letter

from wuye_desktop.storage.tabular.sources import get_column_letter


def test_column_letters_match_openpyxl() -> None:
    assert [get_column_letter(i) for i in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
    assert all(get_column_letter(i) == openpyxl_letter(i) for i in range(1, 16385))
