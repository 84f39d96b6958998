"""Backups: the retention rule on lists of dated files, naming, counts, the daily copy, the copy
before an import and before a restore, and the CLI listing."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from wuye_desktop.__main__ import main
from wuye_desktop.paths import AppPaths
from wuye_desktop.services.backup import BackupService, list_entries, restore_and_reopen
from wuye_desktop.services.context import open_services
from wuye_desktop.storage import backups
from wuye_desktop.storage.backups import BackupFile, parse, retained

TODAY = date(2026, 12, 1)  # a Tuesday


def bf(taken: datetime, reason: str = backups.DAILY) -> BackupFile:
    return BackupFile(Path(f"wuye-{taken:%Y%m%d-%H%M%S-%f}-{reason}.sqlite3"), taken, reason)


def at(d: date, hour: int = 9) -> datetime:
    return datetime(d.year, d.month, d.day, hour)


def kept_dates(files: list[BackupFile], today: date = TODAY) -> list[date]:
    keep = retained(files, today)
    return sorted({f.taken.date() for f in files if f.path in keep}, reverse=True)


# --- retention (pure) ---------------------------------------------------------------------------

def test_newest_per_day_for_14_days_then_the_15th_goes_to_weekly() -> None:
    files = [bf(at(TODAY - timedelta(days=i))) for i in range(1, 16)]  # yesterday … 15 days ago
    keep = retained(files, TODAY)
    assert all(f.path in keep for f in files[:14])
    # The 15th day is 2026-11-16, a Monday: first of its ISO week among the older copies → kept
    # as that week's copy.
    assert files[14].path in keep
    assert len(keep) == 15


def test_14th_and_15th_day_in_the_same_week_keep_only_the_14th_as_daily() -> None:
    # 20 consecutive days ending yesterday; day 15 and later are weekly candidates.
    files = [bf(at(TODAY - timedelta(days=i))) for i in range(1, 21)]
    keep = retained(files, TODAY)
    daily = {TODAY - timedelta(days=i) for i in range(1, 15)}
    older = [f for f in files if f.taken.date() not in daily]
    kept_older = [f.taken.date() for f in older if f.path in keep]
    # Older days 2026-11-16 (Mon) … 2026-11-11 (Wed): two ISO weeks (47 and 46), newest of each.
    assert kept_older == [date(2026, 11, 16), date(2026, 11, 15)]
    assert date(2026, 11, 14) not in kept_dates(files)


def test_several_per_day_keeps_only_the_newest_of_a_past_day() -> None:
    day = TODAY - timedelta(days=3)
    files = [bf(at(day, 8)), bf(at(day, 12), backups.BEFORE_IMPORT), bf(at(day, 15), backups.BEFORE_RESTORE)]
    keep = retained(files, TODAY)
    assert keep == {files[2].path}


def test_everything_of_today_is_kept() -> None:
    files = [bf(at(TODAY, 8)), bf(at(TODAY, 10), backups.BEFORE_IMPORT), bf(at(TODAY, 14), backups.BEFORE_IMPORT)]
    assert retained(files, TODAY) == {f.path for f in files}


def test_today_counts_as_one_of_the_14_days() -> None:
    files = [bf(at(TODAY))] + [bf(at(TODAY - timedelta(days=i))) for i in range(1, 14)]
    files.append(bf(at(TODAY - timedelta(days=14))))  # the 15th day having copies
    keep = retained(files, TODAY)
    assert len(keep) == 15  # 14 days + the 15th as its week's newest
    assert all(f.path in keep for f in files)
    # 2026-11-17 (the 15th day) is a Tuesday: the Monday before is in the same ISO week, so only
    # the newer of the two stays; the Sunday before that starts week 46 and is its copy.
    monday, sunday = bf(at(date(2026, 11, 16))), bf(at(date(2026, 11, 15)))
    keep = retained([*files, monday, sunday], TODAY)
    assert monday.path not in keep and sunday.path in keep


def test_days_are_days_having_copies_not_calendar_days() -> None:
    # A month's leave: the 14 newest days with copies are kept even though they are old.
    start = TODAY - timedelta(days=40)
    files = [bf(at(start - timedelta(days=i))) for i in range(14)]
    assert retained(files, TODAY) == {f.path for f in files}


def test_eight_weeks_beyond_the_daily_window_then_nothing() -> None:
    daily = [bf(at(TODAY - timedelta(days=i))) for i in range(1, 15)]
    # One copy every day for 12 further weeks before the daily window.
    first_old = TODAY - timedelta(days=15)
    old = [bf(at(first_old - timedelta(days=i))) for i in range(12 * 7)]
    keep = retained(daily + old, TODAY)
    kept_old = [f for f in old if f.path in keep]
    weeks = [f.taken.isocalendar()[:2] for f in kept_old]
    assert len(kept_old) == 8 and len(set(weeks)) == 8
    # Each is the newest of its week: a Sunday, except the partial week next to the window.
    assert kept_old[0].taken.date() == first_old
    assert all(f.taken.weekday() == 6 for f in kept_old[1:])
    oldest_kept = min(f.taken for f in kept_old)
    assert not any(f.path in keep for f in old if f.taken < oldest_kept)  # nothing beyond 8 weeks


def test_week_boundary_is_iso_monday_and_across_new_year() -> None:
    today = date(2027, 2, 1)
    daily = [bf(at(today - timedelta(days=i))) for i in range(1, 15)]  # back to 2027-01-18
    # 2027-01-04 is the Monday of ISO week 1 of 2027; 2027-01-03 (Sunday) is in 2026-W53.
    old = [bf(at(date(2027, 1, 4))), bf(at(date(2027, 1, 3))), bf(at(date(2026, 12, 28))),
           bf(at(date(2026, 12, 27)))]
    keep = retained(daily + old, today)
    assert [f.taken.date() for f in old if f.path in keep] == [
        date(2027, 1, 4), date(2027, 1, 3), date(2026, 12, 27)]


def test_manual_and_before_upgrade_copies_are_never_pruned() -> None:
    ancient = at(TODAY - timedelta(days=800))
    files = [bf(ancient, backups.MANUAL), bf(ancient, backups.BEFORE_MIGRATION)]
    files += [bf(at(TODAY - timedelta(days=i))) for i in range(1, 200)]
    keep = retained(files, TODAY)
    assert files[0].path in keep and files[1].path in keep
    assert len(keep) == 2 + 14 + 8


def test_names_parse_to_time_and_reason() -> None:
    b = parse(Path("wuye-20261201-081500-123456-before-migration-0003.sqlite3"))
    assert b is not None and b.reason == backups.BEFORE_MIGRATION
    assert b.taken == datetime(2026, 12, 1, 8, 15, 0, 123456)
    plain = parse(Path("wuye-20261201-081500.sqlite3"))  # an old-style manual copy
    assert plain is not None and plain.reason == backups.MANUAL and not plain.automatic
    assert parse(Path("wuye-20261201-081500-broken.sqlite3.keep")) is None
    assert parse(Path("notes.sqlite3")) is None
    assert parse(Path("wuye-20261341-081500-daily.sqlite3")) is None


# --- files ---------------------------------------------------------------------------------------

@pytest.fixture
def community(tmp_path: Path) -> AppPaths:
    paths = AppPaths(tmp_path / "d").ensure()
    svc = open_services(paths)
    svc.registers.init_community("220102003001", "桃源社区")
    svc.registers.save("estates", {"name": "东风花园", "address": "东风路1号", "management_mode": "professional"})
    svc.close()
    return paths


def test_daily_backup_once_per_day_and_pruned(community: AppPaths) -> None:
    svc = open_services(community)
    now = [datetime(2026, 11, 1, 8)]
    service = BackupService(svc.db, lambda: now[0])
    made = []
    for day in range(30):
        now[0] = datetime(2026, 11, 1, 8) + timedelta(days=day)
        made.append(service.daily())
        now[0] += timedelta(hours=3)
        assert service.daily() is None  # the second start of that day
    svc.close()
    assert all(m is not None for m in made)
    kept = backups.list_backups(community.backups)
    days = [b.taken.date() for b in kept]
    # 14 days (30 Nov back to 17 Nov), then the newest of ISO weeks 47 (Mon 16 Nov), 46, 45, 44.
    assert len(days) == 14 + 4
    assert days[14:] == [date(2026, 11, 16), date(2026, 11, 15), date(2026, 11, 8), date(2026, 11, 1)]
    assert days[13] == date(2026, 11, 17) and all(b.reason == backups.DAILY for b in kept)


def test_counts_read_from_the_backup_file(community: AppPaths) -> None:
    svc = open_services(community)
    path = BackupService(svc.db, lambda: datetime(2026, 12, 1, 9)).backup_now()
    svc.close()
    c = backups.counts(path)
    assert c.community == "桃源社区"
    assert c.values == {"estates": 1, "buildings": 0, "leads": 0, "companies": 0}
    assert backups.counts(path.with_name("missing.sqlite3")).values["estates"] is None
    entry = list_entries(community.backups)[0]
    assert entry.reason_label == "手动" and entry.taken_text() == "2026年12月1日 09:00:00"
    assert entry.counts_text() == "小区1、楼栋0、楼长0、物业企业0"


def test_import_and_restore_each_back_up_first(community: AppPaths, tmp_path: Path) -> None:
    svc = open_services(community)
    csv = tmp_path / "estates.csv"
    csv.write_text("小区名称,管理模式\n新苑小区,无物业\n", encoding="utf-8")
    report = svc.transfer.import_file("estates", csv)
    assert report.ok, report.text()
    before_import = [b for b in backups.list_backups(community.backups)
                     if b.reason == backups.BEFORE_IMPORT]
    assert len(before_import) == 1
    assert backups.counts(before_import[0].path).values["estates"] == 1  # the state before
    svc = restore_and_reopen(svc, before_import[0].path, lambda: datetime(2026, 12, 1, 10))
    assert svc.registers.count("estates") == 1
    svc.close()
    saved = [b for b in backups.list_backups(community.backups) if b.reason == backups.BEFORE_RESTORE]
    assert len(saved) == 1 and backups.counts(saved[0].path).values["estates"] == 2


def test_a_damaged_backup_is_refused_and_the_open_services_stay(community: AppPaths,
                                                                tmp_path: Path) -> None:
    bad = tmp_path / "wuye-20261201-090000-manual.sqlite3"
    bad.write_bytes(b"not a database" * 300)
    svc = open_services(community)
    with pytest.raises(Exception, match="损坏"):
        restore_and_reopen(svc, bad)
    assert svc.registers.count("estates") == 1
    svc.close()


def test_manual_backup_into_a_chosen_folder_is_outside_retention(community: AppPaths,
                                                                  tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    svc = open_services(community)
    path = BackupService(svc.db, lambda: datetime(2026, 12, 1, 9)).backup_now(usb)
    svc.close()
    assert path.parent == usb
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT name FROM community").fetchone()[0] == "桃源社区"
    con.close()


def test_cli_backups_lists_kept_copies_with_counts(community: AppPaths, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--data-dir", str(community.data_dir), "backup"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(community.data_dir), "backups", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    reasons = {r["reason"] for r in rows}
    assert reasons == {"manual", "daily"}  # the command opened the database: first start today
    assert all(r["counts"]["estates"] == 1 and r["community"] == "桃源社区" for r in rows)
    assert main(["--data-dir", str(community.data_dir), "backups"]) == 0
    out = capsys.readouterr().out
    assert "手动" in out and "每日自动" in out and "小区1" in out
    manual = next(r["file"] for r in rows if r["reason"] == "manual")
    assert main(["--data-dir", str(community.data_dir), "restore", manual]) == 0
    assert "已从" in capsys.readouterr().out


def test_cli_import_backs_up_before_writing_but_not_for_a_rejected_file(community: AppPaths,
                                                                        tmp_path: Path) -> None:
    def before_import() -> int:
        return sum(b.reason == backups.BEFORE_IMPORT for b in backups.list_backups(community.backups))

    bad = tmp_path / "bad.csv"
    bad.write_text("小区名称,管理模式\n坏小区,不存在的模式\n", encoding="utf-8")
    assert main(["--data-dir", str(community.data_dir), "import", "estates", str(bad)]) == 1
    assert before_import() == 0  # nothing would be written, so nothing to go back to
    good = tmp_path / "good.csv"
    good.write_text("小区名称,管理模式\n新苑小区,无物业\n", encoding="utf-8")
    assert main(["--data-dir", str(community.data_dir), "import", "estates", str(good), "--dry-run"]) == 0
    assert before_import() == 0  # a preview writes nothing, so it copies nothing
    assert main(["--data-dir", str(community.data_dir), "import", "estates", str(good), "--yes"]) == 0
    assert before_import() == 1
