"""Two names in one lead cell ("林冬梅、曾淑兰"): read as two leads of the same building once the
person confirms it in the import preview (or with the CLI's ``--two-names``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..domain import errors
from ..domain.normalise import split_names

#: one register's rows as read: (kind, [(sheet, row, values)])
Batch = tuple[str, list[tuple[str, int, dict[str, Any]]]]


@dataclass(frozen=True)
class Confirmation:
    """A reading of a row the person must confirm before it is written (two names → two leads)."""

    sheet: str
    row: int
    text: str


class SplitNotConfirmed(errors.UserError):
    """Two names in one lead cell were not confirmed as two leads: nothing was written."""

    def __init__(self, rows: list[Confirmation]) -> None:
        where = "、".join(f"工作表“{c.sheet}” 第{c.row}行" for c in rows)
        super().__init__(f"{where}的楼长一格写了两个姓名，未确认登记为两位楼长，本次没有导入任何数据。"
                         "请在预览中勾选确认（命令行加 --two-names），或把两人分成两行后重新导入。")


def split_two_names(batches: list[Batch]) -> tuple[list[Batch], list[Confirmation]]:
    """Lead rows naming two people ("林冬梅、曾淑兰") as one row per person, same building and
    phone, each split noted for the person to confirm."""
    out: list[Batch] = []
    asks: list[Confirmation] = []
    for kind, rows in batches:
        if kind != "leads":
            out.append((kind, rows))
            continue
        split: list[tuple[str, int, dict[str, Any]]] = []
        for sheet, row, values in rows:
            names = split_names(values["name"]) if isinstance(values.get("name"), str) else []
            if len(names) < 2:
                split.append((sheet, row, values))
                continue
            split += [(sheet, row, {**values, "name": n}) for n in names]
            asks.append(Confirmation(sheet, row, f"楼长“{values['name']}”将登记为{len(names)}位楼长："
                                     f"{'、'.join(names)}（同一楼栋、同一电话）"))
        out.append((kind, split))
    return out, asks


__all__ = ["Batch", "Confirmation", "SplitNotConfirmed", "split_two_names"]
