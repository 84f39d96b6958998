"""业主大会公告 through the service, the CLI (``print notice``) and the 文书 screen: signed by the
estate's 业主委员会, refused for an estate without one, 15 days' notice (today is 2026-11-20)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from sqlalchemy import select

from wuye_desktop.__main__ import main
from wuye_desktop.paths import resolve
from wuye_desktop.printing import TemplateError
from wuye_desktop.services.context import Services, open_services
from wuye_desktop.storage.models import Committee
from wuye_desktop.tasks import TaskRunner
from wuye_desktop.ui.context import UiContext
from wuye_desktop.ui.documents import NOTICE, DocumentsScreen

from .helpers import page_texts

MEETING = {"会议届次": "2026年第一次", "会议时间": "2026年12月5日至12月19日", "表决事项": "选聘物业服务企业",
           "截止时间": "2026年12月19日17:00"}


def with_and_without_committee(svc: Services) -> tuple[tuple[str, str], tuple[str, str]]:
    """(id, name) of a demo estate with a committee and of one without (both with buildings)."""
    with svc.db.session() as s:
        have = set(s.scalars(select(Committee.estate_id).where(Committee.deleted_at.is_(None))))
    estates = [e for e in svc.printing.estates() if e.buildings]
    a = next(e for e in estates if e.id in have)
    b = next(e for e in estates if e.id not in have)
    return (a.id, a.name), (b.id, b.name)


def test_service_signs_with_the_committee_and_refuses_without(svc: Services, tmp_path: Path) -> None:
    (aid, aname), (bid, bname) = with_and_without_committee(svc)
    out = tmp_path / "a.pdf"
    svc.printing.notice_batch("owners_assembly", [aid], MEETING, out)
    texts = page_texts(out)
    signed = [t for t in texts if "2026年11月20日" in t]
    assert signed and all(f"{aname}业主委员会2026年11月20日" in t or f"{aname}物业管理委员会2026年11月20日" in t
                          for t in signed)
    assert not any("居民委员会2026年11月20日" in t for t in texts)
    with pytest.raises(TemplateError) as exc:
        svc.printing.notice_batch("owners_assembly", [aid, bid], MEETING, tmp_path / "b.pdf")
    assert f"{bname}：业主委员会" in str(exc.value) and aname not in str(exc.value)
    assert "业委会" in exc.value.with_hint() and not (tmp_path / "b.pdf").exists()
    # registering the committee is what makes it printable
    svc.registers.save("committees", {"estate_name": bname, "kind": "业主委员会"})
    svc.printing.notice_batch("owners_assembly", [bid], MEETING, tmp_path / "c.pdf")
    assert any(f"{bname}业主委员会2026年11月20日" in t for t in page_texts(tmp_path / "c.pdf"))


def test_cli_print_notice_14_days_refused_15_accepted(svc: Services, demo_copy: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (_aid, aname), _ = with_and_without_committee(svc)
    out = tmp_path / "n.pdf"
    fields = [a for k, v in MEETING.items() if k != "会议时间" for a in ("--field", f"{k}={v}")]
    common = ["--data-dir", str(demo_copy), "print", "notice", "--template", "owners_assembly",
              "--estate", aname, "-o", str(out), *fields]
    assert main([*common, "--field", "会议时间=2026年12月4日"]) == 1
    err = capsys.readouterr().err
    assert "15日前" in err and "只有14日" in err and "最早可定于2026年12月5日" in err and not out.exists()
    assert main([*common, "--field", "会议时间=2026年12月5日"]) == 0
    assert any("业主大会会议公告" in t and "定于2026年12月5日" in t for t in page_texts(out))


@pytest.fixture
def runner(qtbot: object) -> Iterator[TaskRunner]:
    r = TaskRunner()
    yield r
    r.shutdown()


@pytest.mark.gui
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_documents_screen_refuses_then_prints_the_assembly_notice(qtbot, demo_copy: Path, runner: TaskRunner,
                                                                  tmp_path: Path) -> None:
    services = runner.run_sync(lambda: open_services(resolve(demo_copy).ensure()))
    try:
        (_aid, aname), (_bid, bname) = runner.run_sync(lambda: with_and_without_committee(services))
        settings = QSettings(str(demo_copy / "test.ini"), QSettings.Format.IniFormat)
        w = DocumentsScreen(UiContext(services, runner, settings))
        qtbot.addWidget(w)
        w.show()
        w.activate()
        qtbot.waitUntil(lambda: runner.pending == 0 and w.estate_list.count() > 0, timeout=20000)
        w.kind.setCurrentIndex(w.kind.findData(NOTICE))
        w.template.setCurrentIndex(w.template.findData("owners_assembly"))
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
        w.set_values(MEETING)

        def preview() -> str:
            w.render_preview()
            qtbot.waitUntil(lambda: runner.pending == 0 and w.task is None, timeout=30000)
            return w.message.text()

        w.set_estates_checked([bname])
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
        msg = preview()
        assert bname in msg and "业主委员会" in msg and "业委会" in msg
        assert w.preview.page_count_() == 0
        # a first meeting: the 筹备组 typed in 召集单位 signs instead
        assert "业主组织" in w.field_edits
        w.set_values({"业主组织": f"{bname}首次业主大会筹备组"})
        preview()
        assert w.preview.page_count_() >= 1, w.message.text()
        w.set_values({"业主组织": ""})
        w.set_estates_checked([aname])
        qtbot.waitUntil(lambda: runner.pending == 0, timeout=20000)
        w.set_values({"会议时间": "2026年12月4日"})
        msg = preview()
        assert "最早可定于2026年12月5日" in msg and "只有14日" in msg
        assert w.preview.page_count_() == 0  # the 筹备组's document shown before is not left beside the refusal
        w.set_values({"会议时间": "2026年12月5日"})
        preview()
        assert w.preview.page_count_() >= 1, w.message.text()
        out = tmp_path / "assembly.pdf"
        w.save_to(out)
        qtbot.waitUntil(lambda: runner.pending == 0 and w.task is None, timeout=30000)
        texts = page_texts(out)
        assert any(f"{aname}业主委员会2026年11月20日" in t or f"{aname}物业管理委员会2026年11月20日" in t
                   for t in texts)
    finally:
        runner.run_sync(services.close)
