"""调查: the optional per-item satisfaction of a survey (保洁, 绿化, 秩序维护, 设施维护, 客户服务).

A spin box per item, "—" while the item is not scored; only scored items are recorded. The
items are the domain's (``domain.surveys.SURVEY_ITEMS``), so the form, the service's check and
the printed documents name the same ones.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QSpinBox, QWidget

from ..domain.surveys import SURVEY_ITEMS

# the spin box value meaning "not scored" (shown as "—")
UNSCORED = -1


class ScoresBox(QWidget):
    """Per-item satisfaction in percent; :meth:`values` gives the scored ones."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scores")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.spins: dict[str, QSpinBox] = {}
        for n, item in enumerate(SURVEY_ITEMS):
            spin = QSpinBox()
            spin.setObjectName(f"score_{n}")
            spin.setRange(UNSCORED, 100)
            spin.setSpecialValueText("—")
            spin.setSuffix("%")
            spin.setValue(UNSCORED)
            spin.setToolTip(self.tr("Satisfaction with this item, percent; — when not scored"))
            grid.addWidget(QLabel(item), n // 3, (n % 3) * 2)
            grid.addWidget(spin, n // 3, (n % 3) * 2 + 1)
            self.spins[item] = spin

    def values(self) -> dict[str, float | int | None]:
        return {k: s.value() for k, s in self.spins.items() if s.value() != UNSCORED}

    def clear(self) -> None:
        for s in self.spins.values():
            s.setValue(UNSCORED)
