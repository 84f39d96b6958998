"""Estate and company filter combo boxes shared by the dashboard and the rectification board."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..tasks import OpContext

if TYPE_CHECKING:
    from PySide6.QtWidgets import QComboBox

    from .context import UiContext


def fill_combo(combo: QComboBox, rows: list[tuple[str, str]], keep: int = 1) -> None:
    """Replace every item after the first ``keep`` (a filter's "全部…"; 0 for a form's choice)
    by ``(id, name)`` rows, keeping the choice and sending no signal while refilling."""
    current = combo.currentData()
    combo.blockSignals(True)
    while combo.count() > keep:
        combo.removeItem(keep)
    for row_id, name in rows:
        combo.addItem(name, row_id)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)


def load_estate_company_choices(ctx: UiContext, estate: QComboBox, company: QComboBox) -> None:
    """Fill both combos from the registers, read on the database lane."""
    def work(op: OpContext) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        regs = op.services.registers
        return regs.estate_choices(), regs.company_choices()

    def fill(result: tuple[list[tuple[str, str]], list[tuple[str, str]]]) -> None:
        fill_combo(estate, result[0])
        fill_combo(company, result[1])

    ctx.db(work, on_success=fill)
