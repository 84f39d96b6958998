"""The one clock: what "today" and "now" are for every business rule.

Overdue items, default deadlines, the demo's date range, the dashboard's window, schedules and
the plausible-year check all ask a :class:`Clock` that the composition root passes in, so a test
(or a demonstration) can pin the date and nothing below the UI reads the wall clock behind it.

Record timestamps (``created_at``/``updated_at``/``deleted_at``, sync stamps) are *not* business
time: they say when a change really happened on this machine, order versions for history and sync,
and are compared with the county server's clock. They stay on the wall clock in
``storage.types.utcnow`` — pinning them would make every version of a test edited at "the same
instant" and break the ordering the history view relies on.

``WUYE_CLOCK_TODAY=YYYY-MM-DD`` (an override for tests and demonstrations, never for real work)
makes :func:`default_clock` a :class:`FixedClock` on that date; the test suite sets it for every
service it builds, including the CLI run as a subprocess.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from typing import Protocol

#: test/demo override: pin the business date of every service built by ``open_services``
CLOCK_ENV = "WUYE_CLOCK_TODAY"


class Clock(Protocol):
    """What today is (local calendar date) and what time it is (timezone-aware)."""

    def today(self) -> date: ...

    def now(self) -> datetime: ...


class SystemClock:
    """The computer's clock: the only place business code learns the real date."""

    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now(UTC)

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """A clock stopped on one day (tests, demonstrations); ``now()`` is that day at ``at``."""

    def __init__(self, day: date, at: time = time(9, 0)) -> None:
        self.day = day
        self.at = at

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return datetime.combine(self.day, self.at).astimezone(UTC)

    def __repr__(self) -> str:
        return f"FixedClock({self.day.isoformat()})"


def default_clock(environ: Mapping[str, str] | None = None) -> Clock:
    """The system clock, unless ``WUYE_CLOCK_TODAY`` pins the date (tests, demonstrations).

    A malformed value is an error rather than silently the real date: a test run that meant to
    pin the clock must not quietly depend on today.
    """
    value = (environ if environ is not None else os.environ).get(CLOCK_ENV, "").strip()
    if not value:
        return SystemClock()
    try:
        return FixedClock(date.fromisoformat(value))
    except ValueError:
        raise ValueError(f"{CLOCK_ENV}={value!r} is not a date (YYYY-MM-DD)") from None
