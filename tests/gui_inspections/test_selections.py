"""物业选聘 through the GUI: start one from the willingness survey, a black-listed candidate
refused beside the form, score the others, set the result, file the contract, and see the
estate take the selected company; the two documents print."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QFileDialog

from selection.helpers import build
from wuye_desktop.domain.selection import SelectionMethod, SelectionStage
from wuye_desktop.services import demo
from wuye_desktop.storage.models import Estate
from wuye_desktop.ui.selections import SelectionsScreen


def _pick(combo: Any, data: Any) -> None:
    i = combo.findData(data)
    assert i >= 0, data
    combo.setCurrentIndex(i)


def test_selection_from_start_to_filing_through_the_screen(window: Any, services: Any, runner: Any,
                                                           wait_idle: Any, qtbot: Any, tmp_path: Path,
                                                           monkeypatch: Any) -> None:
    w = runner.run_sync(lambda: build(services, demo.DEMO_CODE))
    window.show_screen("selections")
    wait_idle()
    screen = window.screens["selections"]
    assert isinstance(screen, SelectionsScreen)
    screen._load_choices()
    wait_idle()
    _pick(screen.estate, w.estate_id)
    wait_idle()
    assert screen.survey.currentData() == w.survey_id
    _pick(screen.method, SelectionMethod.AGREEMENT.value)
    screen.start_button.click()
    wait_idle()
    assert "协议选聘须写明理由" in screen.message.text()
    assert screen.model.rowCount() == 0
    screen.reason.setText("投标人不足三家")
    screen.start_button.click()
    wait_idle()
    assert screen.model.rowCount() == 1 and screen.current is not None
    assert screen.current.stage is SelectionStage.STARTED

    _pick(screen.company, w.black)
    screen.add_button.click()
    wait_idle()
    assert "黑名单" in screen.message.text() and "不得参加" in screen.message.text()
    assert screen.candidates.rowCount() == 0
    for company, score in ((w.good, 93.0), (w.other, 88.5)):
        _pick(screen.company, company)
        screen.add_button.click()
        wait_idle()
        row = next(k for k in range(screen.candidates.rowCount()) if screen.candidates.row_id(k) == company)
        screen.candidate_table.selectRow(row)
        screen.score.setValue(score)
        screen.score_button.click()
        wait_idle()
    assert screen.current.stage is SelectionStage.EVALUATED
    assert screen.result_button.isEnabled() and not screen.file_button.isEnabled()
    assert screen.winner.currentData() == w.good  # highest score first
    screen.pub_start.setDate(QDate(2026, 11, 1))
    screen.pub_end.setDate(QDate(2026, 11, 7))
    screen.result_button.click()
    wait_idle()
    assert screen.current.stage is SelectionStage.PUBLISHED
    screen.filed_on.setDate(QDate(2026, 11, 10))
    screen.contract_start.setDate(QDate(2027, 1, 1))
    screen.contract_end.setDate(QDate(2029, 12, 31))
    screen.fee.setValue(0.85)
    screen.file_button.click()
    wait_idle()
    assert screen.current.stage is SelectionStage.FILED
    assert "合同已备案" in screen.stages.text()

    def estate() -> tuple[str | None, date | None]:
        with services.db.session() as s:
            e = s.get(Estate, w.estate_id)
            return e.company_id, e.contract_end

    assert runner.run_sync(estate) == (w.good, date(2029, 12, 31))
    for kind, button, word in (("publication", screen.print_publication, "选聘结果公示"),
                               ("filing", screen.print_filing, "物业服务合同备案表")):
        target = tmp_path / f"{kind}.pdf"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), ""))
        assert button.isEnabled()
        button.click()
        wait_idle()
        assert word in PdfReader(target).pages[0].extract_text()
