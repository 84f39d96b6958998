"""Chinese line breaking with 禁则 (kinsoku), independent of ReportLab.

ReportLab's own CJK wrapping breaks between any two ideographs and lets a line start with
"，" or end with "（". Official documents must not (GB/T 15834 and the usual typesetting rules):

* no line starts with a closing mark or a pause/stop mark (:data:`NO_START`);
* no line ends with an opening mark (:data:`NO_END`);
* "——" and "……", Latin words and numbers (phone numbers, ``2026``, ``3.5%``) are never split.

The breaker is greedy with push-out (推出): when the character that overflows may not start a
line, the break moves back to the previous legal point and the shorter line is justified by the
drawer. Widths come from a caller-supplied ``measure`` function so the algorithm is testable
without fonts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: Characters that may not begin a line.
NO_START = frozenset(
    "，。、；：！？）》」』”’〕】〗〉］｝｠｡､"  # Chinese closing / pause marks
    "·・ー～々〻ゝゞ"  # interpuncts, iteration marks
    ",.;:!?)]}%‰℃°′″"  # their ASCII / symbol counterparts
)
#: Characters that may not end a line.
NO_END = frozenset("（《「『“‘〔【〖〈［｛｟([{")

# Units the breaker never splits: Latin words and numbers with their inner punctuation
# (13812345678, 2026, 3.5%, 8:30), runs of dashes/ellipses, single spaces, any other character.
# A hyphen ends a unit, as in word processors: "0431-" may end a line before "85912345", which
# avoids letter-spacing a whole line to make room for a long phone number.
_UNIT_RE = re.compile(
    # a slash binds its neighbours: "元/平方米" never breaks at the slash (a Latin run or a
    # number keeps its own unit, drawn without the character grid)
    r"[^\sA-Za-z0-9/／][/／][^\s/／]|"
    r"[A-Za-z0-9]+(?:[.,:/+_@#&'][A-Za-z0-9]+)*(?:%|-(?=[A-Za-z0-9]))?"
    r"|—+|…+|─+|\.{2,}"
    r"| "
    r"|.",
    re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Line:
    """One output line: its text, natural width, indent and whether it ends its paragraph."""

    text: str
    width: float
    indent: float = 0.0
    last: bool = False


def split_units(text: str) -> list[str]:
    """Split ``text`` into unbreakable units (see module docstring)."""
    return _UNIT_RE.findall(text)


def _can_break(before: str, after: str) -> bool:
    """True if a line may end with unit ``before`` and the next start with unit ``after``."""
    if after == " " or before == " ":
        return True
    return after[0] not in NO_START and before[-1] not in NO_END


def break_units(
    units: Sequence[str],
    widths: Sequence[float],
    width: float,
    first_indent: float = 0.0,
) -> list[tuple[int, int]]:
    """Return ``(start, end)`` unit ranges of each line.

    ``widths[i]`` is the advance of ``units[i]``. The first line has ``width - first_indent``
    available. Spaces at a line end or start are dropped from the range.
    """
    n = len(units)
    ranges: list[tuple[int, int]] = []
    start = 0
    avail = width - first_indent
    eps = 1e-6
    while start < n:
        # Never start a line with a space.
        while start < n and units[start] == " ":
            start += 1
        if start >= n:
            break
        x = 0.0
        i = start
        while i < n and (x + widths[i] <= avail + eps or i == start):
            x += widths[i]
            i += 1
        if i >= n:
            ranges.append((start, n))
            break
        # Overflow at unit i: search back for a legal break point j (line = start..j-1).
        j = i
        while j > start + 1 and not _can_break(units[j - 1], units[j]):
            j -= 1
        if not _can_break(units[j - 1], units[j]):
            # No legal point on the whole line (e.g. one long URL): break hard at i.
            j = i
        end = j
        while end > start + 1 and units[end - 1] == " ":
            end -= 1
        ranges.append((start, end))
        start = j
        avail = width
    return ranges


def break_text(
    text: str,
    width: float,
    measure: Callable[[str], float],
    first_indent: float = 0.0,
) -> list[Line]:
    """Break one paragraph ``text`` into lines of at most ``width``.

    ``measure(unit)`` returns the advance of a unit string. An empty paragraph gives one empty
    line, so blank paragraphs keep their vertical space.
    """
    return break_unit_list(split_units(text), width, measure, first_indent)


def break_unit_list(
    units: Sequence[str],
    width: float,
    measure: Callable[[str], float],
    first_indent: float = 0.0,
) -> list[Line]:
    """:func:`break_text` on units the caller split (a title's words: see ``titlebreak``)."""
    if not units:
        return [Line("", 0.0, first_indent, True)]
    widths = [measure(u) for u in units]
    ranges = break_units(units, widths, width, first_indent)
    lines: list[Line] = []
    for k, (s, e) in enumerate(ranges):
        lines.append(
            Line(
                text="".join(units[s:e]),
                width=sum(widths[s:e]),
                indent=first_indent if k == 0 else 0.0,
                last=k == len(ranges) - 1,
            )
        )
    return lines


def violations(lines: Sequence[str]) -> list[str]:
    """Describe every 禁则 violation in ``lines`` (for tests and self-checks)."""
    problems = []
    for k, line in enumerate(lines):
        if k > 0 and line and line[0] in NO_START:
            problems.append(f"line {k + 1} starts with {line[0]!r}")
        if k < len(lines) - 1 and line and line[-1] in NO_END:
            problems.append(f"line {k + 1} ends with {line[-1]!r}")
    return problems
