"""Time is injected: one clock, pinned in tests, and nothing below the UI reads the wall clock."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from wuye_desktop.clock import CLOCK_ENV, FixedClock, SystemClock, default_clock
from wuye_desktop.paths import AppPaths
from wuye_desktop.services.context import open_services

SRC = Path(__file__).resolve().parents[2] / "src" / "wuye_desktop"

#: reading the wall clock directly
WALL_CLOCK = re.compile(r"\b(?:date\.today|datetime\.now|datetime\.utcnow|datetime\.today|time\.time"
                        r"|QDate\.currentDate|QDateTime\.currentDateTime)\s*\(")
#: ... straight into a file-name stamp (backups, crash reports, logs): when a file was written
#: is the real time by definition, and a pinned business date would make names collide
FILE_STAMP = re.compile(r"datetime\.now\(\)(?:\.strftime\(\"|:)%Y%m%d")

#: files allowed to read the wall clock, and why
EXEMPT = {
    "clock.py": "the clock itself: SystemClock is the one place business time comes from",
    "storage/types.py": "utcnow(): record timestamps (created/updated/deleted, sync stamps) say when "
                        "a change really happened and order versions; they are not business dates",
    "printing/fontbuild.py": "a build-time tool stamping the subset font's licence notice, not the app",
    "storage/backups.py": "stamp_now(): a backup's name records when the copy was really made (like "
                          "utcnow); the pinned business clock would give two copies one name",
}


def test_nothing_reads_the_wall_clock_behind_the_clock() -> None:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel in EXEMPT:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if WALL_CLOCK.search(code) and not FILE_STAMP.search(code):
                found.append(f"{rel}:{n}: {line.strip()}")
    assert not found, "read today from the injected clock (Services.clock) instead:\n" + "\n".join(found)


def test_the_grep_would_catch_one() -> None:
    assert WALL_CLOCK.search("today = date.today()") and WALL_CLOCK.search("dt.datetime.now(UTC)")
    assert WALL_CLOCK.search("QDateEdit(QDate.currentDate())") and WALL_CLOCK.search("t = time.time()")
    assert FILE_STAMP.search('f"wuye-{datetime.now():%Y%m%d-%H%M%S}.sqlite3"')
    assert not FILE_STAMP.search("if datetime.now().date() > deadline:")


def test_default_clock_and_override() -> None:
    assert isinstance(default_clock({}), SystemClock)
    pinned = default_clock({CLOCK_ENV: "2028-02-29"})
    assert isinstance(pinned, FixedClock) and pinned.today() == date(2028, 2, 29)
    assert pinned.now().date() == date(2028, 2, 29) and pinned.now().tzinfo is not None
    with pytest.raises(ValueError, match=CLOCK_ENV):
        default_clock({CLOCK_ENV: "tomorrow"})


def test_the_suite_is_pinned(pinned_clock: str) -> None:
    assert default_clock().today() == date.fromisoformat(pinned_clock)


def test_services_use_the_clock_they_are_given(tmp_path: Path) -> None:
    svc = open_services(AppPaths(tmp_path / "d"), user="测试员", clock=FixedClock(date(2027, 7, 15)))
    try:
        assert svc.clock.today() == date(2027, 7, 15)
        assert svc.inspections.clock is svc.clock
        assert svc.printing.today() == date(2027, 7, 15)
        assert svc.registers.clock is svc.clock
    finally:
        svc.close()
