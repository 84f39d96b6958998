"""One place for the GUI's colours and text looks (states: error, warning, ok, muted…).

Screens never write a colour or a style-sheet literal: they say what a thing *is* —
``style.apply(label, Look.TITLE)``, ``style.tone(label, Tone.ERROR)`` — and models take their
brushes from :data:`COLORS`. One red for errors everywhere.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QPushButton, QWidget


class Tone(enum.Enum):
    """A state's colour."""

    NORMAL = ""
    ERROR = "#c62828"
    #: a darker red for what has gone to the county (escalated items)
    SEVERE = "#b71c1c"
    WARNING = "#9a6700"
    #: waiting (not yet synced)
    PENDING = "#d98a00"
    OK = "#2e7d32"
    MUTED = "#555555"
    #: not applicable (greyer than muted)
    NA = "#757575"
    ACCENT = "#1f4e79"

    def color(self) -> QColor:
        return QColor(self.value or "#000000")

    def brush(self) -> QBrush:
        return QBrush(self.color()) if self.value else QBrush()


#: the background of an overdue row
OVERDUE_BACKGROUND = QColor("#fdecea")


class Look(enum.Enum):
    """A text look (size and weight); combined with a :class:`Tone`."""

    PLAIN = ""
    #: a screen's heading
    PAGE_TITLE = "font-size: 20px; font-weight: bold;"
    #: a section or dialog title
    TITLE = "font-size: 16px; font-weight: bold;"
    #: a form's heading (record, inspection)
    HEADING = "font-size: 14px; font-weight: bold;"
    #: the inspection form's title and score
    LARGE = "font-size: 17px; font-weight: bold;"
    #: the item being answered
    ITEM = "font-size: 15px; font-weight: bold;"
    #: a readable body text (the item, a summary)
    BODY = "font-size: 15px;"
    #: a key figure under a chart
    FIGURE = "font-size: 14px;"
    #: an overview card's number
    BIG_NUMBER = "font-size: 26px; font-weight: bold;"
    STRONG = "font-weight: bold;"
    #: a bold heading with space above it (a table under a form)
    SUBHEADING = "font-weight: bold; margin-top: 6px;"
    #: the main action button of a screen
    PRIMARY_BUTTON = "font-weight: bold; padding: 0 18px;"


def css(look: Look = Look.PLAIN, tone: Tone = Tone.NORMAL) -> str:
    return look.value + (f" color: {tone.value};" if tone.value else "")


def apply(widget: QWidget, look: Look = Look.PLAIN, tone: Tone = Tone.NORMAL) -> None:
    """Give ``widget`` a named look and tone (replacing any earlier one)."""
    widget.setStyleSheet(css(look, tone).strip())


def text(name: str = "", look: Look = Look.PLAIN, t: Tone = Tone.NORMAL) -> QLabel:
    """A word-wrapped label with an object name (tests find it by name) and a named look."""
    label = QLabel()
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    if look is not Look.PLAIN or t is not Tone.NORMAL:
        apply(label, look, t)
    return label


def button(label: str, name: str, clicked: Callable[[], object], primary: bool = False) -> QPushButton:
    """A push button with an object name (tests find it by name), its action, and the primary
    look for the one main action of a form."""
    b = QPushButton(label)
    b.setObjectName(name)
    if primary:
        apply(b, Look.PRIMARY_BUTTON)
    b.clicked.connect(clicked)
    return b


def tone(widget: QWidget, t: Tone) -> None:
    """Colour a widget's text by state (``Tone.NORMAL`` clears it)."""
    apply(widget, Look.PLAIN, t)


def span(text: str, t: Tone) -> str:
    """Rich text in a tone, for labels that mix states."""
    import html

    return f"<span style='color:{t.value}'>{html.escape(text)}</span>"


#: the navigation sidebar
SIDEBAR = ("QListWidget { font-size: 15px; border: none; background: #eef2f7; }"
           "QListWidget::item { padding: 9px 14px; }"
           f"QListWidget::item:selected {{ background: {Tone.ACCENT.value}; color: white; }}")
#: an overview card
CARD = "#card { background: #f7f9fc; border: 1px solid #d5dce6; border-radius: 6px; }"

# --- charts (the dashboard) ------------------------------------------------------------------

#: a chart's bar that meets its target / misses it / has no target
CHART_MET = Tone.OK.value
CHART_MISSED = "#ef6c00"
CHART_NEUTRAL = "#1f77b4"
CHART_TARGET = "#b0bec5"
#: amber: within the deadline, or the middle band of a rating
CHART_CAUTION = "#f9a825"
CHART_BAD = Tone.ERROR.value
#: distinct colours for categories (estates over time, management modes)
CHART_SERIES = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                "#17becf"]
