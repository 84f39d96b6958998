"""The 文书 screen (pytest-qt, offscreen): preview in QPdfView, printing to a PDF printer,
Ctrl+P, errors shown in Chinese, a cancelled batch."""

from __future__ import annotations

import gc
import io
import os
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtPdfWidgets")

from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter

from wuye_desktop.paths import resolve
from wuye_desktop.printing import Building, BuildingLead, Estate, Issuer, builtin_templates, render_notice_batch
from wuye_desktop.services.context import Services, open_services
from wuye_desktop.services.inspections import InspectionFilter
from wuye_desktop.tasks import TaskRunner
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.documents import ID_ROLE, NOTICE, RECTIFICATION, REPORT, DocumentsScreen

from .helpers import give_time, printable

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("This plugin does not support")]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "documents"


@pytest.fixture(scope="module", autouse=True)
def chinese_app(qapp: object) -> object:
    from wuye_desktop import i18n_build
    from wuye_desktop.app import make_application

    i18n_build.build()
    return make_application(lang="zh_CN")


@pytest.fixture
def runner(qtbot: object) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


@pytest.fixture
def gui_services(demo_copy: Path, runner: TaskRunner) -> Iterator[Services]:
    def open_() -> Services:
        s = open_services(resolve(demo_copy).ensure())
        return s

    s = runner.run_sync(open_)
    yield s
    runner.run_sync(s.close)


@pytest.fixture
def screen(qtbot, gui_services: Services, runner: TaskRunner, demo_copy: Path) -> DocumentsScreen:
    settings = QSettings(str(demo_copy / "test.ini"), QSettings.Format.IniFormat)
    w = DocumentsScreen(UiContext(gui_services, runner, settings))
    qtbot.addWidget(w)
    w.resize(1100, 760)
    w.show()
    w.activate()
    qtbot.waitUntil(lambda: runner.pending == 0 and w.estate_list.count() > 0, timeout=20000)
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
    return w


def idle(qtbot, w: DocumentsScreen) -> None:
    qtbot.waitUntil(lambda: w.ctx.runner.pending == 0, timeout=30000)


def choose_template(w: DocumentsScreen, template_id: str) -> None:
    w.kind.setCurrentIndex(w.kind.findData(NOTICE))
    w.template.setCurrentIndex(w.template.findData(template_id))


def test_preview_shows_one_page_per_building(qtbot, screen: DocumentsScreen) -> None:
    choose_template(screen, "fire_safety")
    assert "季节" in screen.field_edits
    screen.set_values({"季节": "冬季"})
    idle(qtbot, screen)
    expected = screen.building_list.count()
    assert expected > 1
    screen.render_preview()
    idle(qtbot, screen)
    assert screen.preview.document.pageCount() == expected
    assert screen.preview.view.document() is screen.preview.document
    assert screen.message.text() == f"共{expected}页"
    # navigation and zoom
    screen.preview.next_btn.click()
    assert screen.preview.current_page() == 1
    screen.preview.zoom_in_btn.click()
    assert screen.preview.zoom_label.text().endswith("%")
    DOCS.mkdir(parents=True, exist_ok=True)
    if os.environ.get("WUYE_DOC_SCREENSHOT"):
        screen.preview.go_to(0)
        screen.preview.fit_width()
        qtbot.wait(200)
        screen.grab().save(str(DOCS / "documents_screen.png"))


def select_printable(screen: DocumentsScreen, svc: Services) -> str:
    """Select the first listed inspection a notice can go out for, its deadlines renewed."""
    ids = [screen.inspection_list.item(i).data(ID_ROLE) for i in range(screen.inspection_list.count())]
    row = next(i for i, iid in enumerate(ids) if screen.ctx.runner.run_sync(lambda iid=iid: printable(svc, iid)))
    screen.ctx.runner.run_sync(lambda: give_time(svc, ids[row]))
    screen.inspection_list.setCurrentRow(row)
    return str(ids[row])


def test_print_to_pdf_printer_and_ctrl_p(qtbot, screen: DocumentsScreen, gui_services: Services,
                                         tmp_path: Path) -> None:
    screen.kind.setCurrentIndex(screen.kind.findData(RECTIFICATION))
    idle(qtbot, screen)
    assert screen.inspection_list.count() > 0
    select_printable(screen, gui_services)
    screen.three_copies.setChecked(True)
    screen.print_()  # Ctrl+P without a preview builds it first (the dialog is suppressed in tests)
    idle(qtbot, screen)
    pages = screen.preview.page_count_()
    assert pages >= 3
    assert "〔" in screen.message.text()  # the notice number is shown
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    screen.print_to(printer)
    idle(qtbot, screen)
    assert screen.printed == pages
    assert out.is_file()
    assert len(PdfReader(str(out)).pages) == pages


def test_report_and_save_as(qtbot, screen: DocumentsScreen, tmp_path: Path) -> None:
    screen.kind.setCurrentIndex(screen.kind.findData(REPORT))
    idle(qtbot, screen)
    out = tmp_path / "report.pdf"
    screen.save_to(out)
    idle(qtbot, screen)
    assert out.is_file() and len(PdfReader(str(out)).pages) == screen.saved.pages >= 1


def test_missing_field_is_shown_in_chinese(qtbot, screen: DocumentsScreen) -> None:
    choose_template(screen, "fee_reminder")
    screen.render_preview()
    idle(qtbot, screen)
    assert "必填" in screen.message.text()
    assert screen.preview.page_count_() == 0


def test_batch_can_be_cancelled(qtbot, screen: DocumentsScreen, tmp_path: Path) -> None:
    choose_template(screen, "fire_safety")
    screen.set_values({"季节": "冬季"})
    screen.all_estates.setChecked(True)
    idle(qtbot, screen)
    out = tmp_path / "all.pdf"
    block = __import__("threading").Event()
    screen.ctx.db(lambda _op: block.wait())  # hold the worker so the cancel lands before the batch runs
    screen.save_to(out)
    assert screen.cancel_btn.isVisibleTo(screen)
    screen.cancel()
    block.set()
    idle(qtbot, screen)
    assert "取消" in screen.message.text()
    assert not out.exists()
    assert screen.preview_btn.isEnabled()


def test_failed_reinspection_notice_from_the_list(qtbot, screen: DocumentsScreen, gui_services: Services,
                                                  tmp_path: Path) -> None:
    """The list says 复查 for a re-inspection, and a failed one prints a rectification notice of
    exactly the items still open after it."""
    ins = gui_services.inspections
    failed_re = screen.ctx.runner.run_sync(lambda: ins.find(InspectionFilter(
        reinspections=True, passed=False), limit=50))
    target = next(r for r in failed_re if screen.ctx.runner.run_sync(lambda r=r: printable(gui_services, r.id)))
    screen.ctx.runner.run_sync(lambda: give_time(gui_services, target.id))
    still_open = screen.ctx.runner.run_sync(lambda: ins.notice_rectifications(target.id))
    chain = screen.ctx.runner.run_sync(lambda: ins.rectifications(inspection_id=target.id))
    assert len(still_open) > 0 and all(r.status.value == "open" for r in still_open)

    screen.kind.setCurrentIndex(screen.kind.findData(RECTIFICATION))
    idle(qtbot, screen)
    screen.inspection_search.setText(target.estate_name)
    screen._load_inspections()
    idle(qtbot, screen)
    rows = {screen.inspection_list.item(i).data(ID_ROLE): screen.inspection_list.item(i)
            for i in range(screen.inspection_list.count())}
    assert target.id in rows and "复查" in rows[target.id].text()
    assert all("复查" not in it.text() for iid, it in rows.items()
               if iid == target.reinspection_of_id)
    screen.inspection_list.setCurrentItem(rows[target.id])
    out = tmp_path / "re-notice.pdf"
    screen.save_to(out)
    idle(qtbot, screen)
    assert out.is_file() and screen.saved.pages >= 1, screen.message.text()
    text = "".join("".join(p.extract_text().split()) for p in PdfReader(str(out)).pages)
    listed = ["".join(r.description.split()) for r in still_open]
    for r in chain:
        desc = "".join(r.description.split())
        if r.id in {x.id for x in still_open}:
            assert desc in text, desc
        elif not any(desc in x for x in listed):  # an identical text of a listed item proves nothing
            assert desc not in text, f"{desc} ({r.status.label}) is not open and must not be listed"


def test_office_details_dialog_saves_what_notices_print(qtbot, screen: DocumentsScreen,
                                                        gui_services: Services) -> None:
    """发文单位信息: the 文书 screen edits the office's phone and contact (item 2 of issue 13)."""
    dialog = screen.edit_office()
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.office.text() != "", timeout=5000)
    dialog.phone.setText("电话")  # not a phone number: refused in place
    dialog.save()
    qtbot.waitUntil(lambda: dialog.message.text() != "", timeout=5000)
    assert "格式不对" in dialog.message.text() and dialog.isVisible()
    dialog.phone.setText("0431-86660000")
    dialog.contact.setText("周岚")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.saved is not None, timeout=5000)
    info = screen.ctx.runner.run_sync(lambda: gui_services.registers.community())
    assert (info.office_phone, info.office_contact) == ("0431-86660000", "周岚")


def test_printing_100_pages_keeps_the_window_responsive(qtbot, screen: DocumentsScreen, tmp_path: Path) -> None:
    """Issue 13 item 5: printing runs off the GUI thread, with progress; the GUI thread is never
    busy for more than 100 ms between two ticks of a 10 ms timer on it (a responsiveness check,
    not a speed benchmark); the sheet is A4 portrait at 100 %.

    A stall is a gap between ticks in which the GUI thread itself consumed over 100 ms of CPU
    (``time.thread_time``, the calling thread's CPU clock): work done on it instead of in the
    worker. Wall-clock gaps alone also count the OS not scheduling the process on a loaded
    machine, which says nothing about where the printing runs; they are reported, not judged."""
    estate = Estate("百栋小区", "长春市南关区", "桃源社区", "长春安居物业服务有限公司",
                    tuple(Building(f"{i}号楼", BuildingLead("王喆", "13843112345")) for i in range(1, 101)))
    buf = io.BytesIO()
    render_notice_batch(builtin_templates()["fire_safety"], estate, {"季节": "冬季"},
                        Issuer("桃源社区居民委员会", "刘晓燕", "0431-85912345"), date(2026, 11, 20), buf)
    assert screen.preview.load(buf.getvalue()) == 100
    qtbot.wait(500)  # the preview shows its first page (as it has long done before one prints)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))  # a printer defaulting to Letter
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    ticks: list[tuple[float, float]] = []  # (wall, GUI-thread CPU) seconds, at each tick

    def tick() -> None:
        ticks.append((time.monotonic(), time.thread_time()))

    # The objects earlier tests left in this worker process are not the app's: a full collection
    # of them (measured: 208 ms of GUI-thread CPU with 4M of them) lands on whichever thread
    # allocates, and failed this test in a year-ahead CI run (104 ms). Collected and frozen here,
    # unfrozen after: what is measured is the printing's own work on the GUI thread.
    gc.collect()
    gc.freeze()
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(tick)
    timer.start()
    tick()  # the first gap starts now: work done on the GUI thread right away is counted too
    seen: list[int] = []
    screen.ctx.runner.task_progress.connect(lambda _t, done, _n: seen.append(done))
    screen.print_to(printer)
    assert screen.cancel_btn.isVisibleTo(screen)  # progress and cancel while it prints
    try:
        qtbot.waitUntil(lambda: screen.task is None, timeout=120000)
    finally:
        tick()
        timer.stop()
        gc.unfreeze()
    assert screen.printed == 100, screen.message.text()
    assert seen and max(seen) == 100
    reader = PdfReader(str(out))
    assert len(reader.pages) == 100
    box = reader.pages[0].mediabox  # A4 portrait, whatever the printer's default
    assert abs(float(box.width) - 595.3) < 1.5 and abs(float(box.height) - 841.9) < 1.5
    # the sheet is white paper with black text at 100 %: the text block starts 28 mm from the left
    subprocess.run(["pdftoppm", "-r", "72", "-gray", "-f", "1", "-l", "1", "-png", str(out), str(tmp_path / "sheet")],
                   check=True)
    sheet = Image.open(next(tmp_path.glob("sheet*.png"))).convert("L")
    assert sum(sheet.tobytes()) / (sheet.width * sheet.height) > 200  # mostly white, not black
    dark_cols = [x for x in range(sheet.width) if min(sheet.getpixel((x, y)) for y in range(100, 700)) < 128]
    assert dark_cols and abs(dark_cols[0] - 28 / 25.4 * 72) < 6  # the left margin kept: not shrunk
    # last: the window stayed responsive (timer ticks every 10 ms on the GUI thread)
    assert len(ticks) > 10  # the timer did run while the pages were printed
    if "libfaketime" in os.environ.get("LD_PRELOAD", ""):
        # The suite's year-ahead pass preloads libfaketime, whose wrapped condition waits make a
        # thread waiting for the GIL spin for it (two busy threads: 0.01 s of system time
        # without it, 0.26 s with it): the GUI thread's CPU clock then counts that spinning,
        # not printing work (131 ms in one gap there, under load). The stall is judged in the
        # pass on the real clock; this pass checks the date-independent rest.
        return
    gaps = [((w1 - w0) * 1000, (c1 - c0) * 1000) for (w0, c0), (w1, c1) in pairwise(ticks)]
    busiest = max(gaps, key=lambda g: g[1])
    longest = max(gaps, key=lambda g: g[0])
    assert busiest[1] < 100, (
        f"the GUI thread was busy {busiest[1]:.0f} ms (CPU) between two timer ticks "
        f"({busiest[0]:.0f} ms wall); the longest wall-clock gap was {longest[0]:.0f} ms "
        f"with {longest[1]:.0f} ms of GUI-thread CPU")
