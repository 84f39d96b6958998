"""The inspection report (issue 13, item 8): page 1 carries the results (no empty first page),
the fail reason is stated, a re-inspection lists the items still open, and a missing photo file
prints a placeholder and a warning instead of stopping the report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from wuye_desktop.services.context import Services

from .helpers import page_texts


def _finalised(svc: Services, *, photo: Path | None = None, fail_first: bool = True) -> str:
    ins = svc.inspections
    tpl = svc.templates.find(latest_only=True)[0]
    draft = ins.create_draft(svc.printing.estates()[0].id, tpl.id, date(2026, 11, 3))
    first = draft.items[0].code
    for it in draft.items:
        ins.set_item(draft.id, it.code, result="fail" if fail_first and it.code == first else "pass",
                     note="现场发现问题" if it.code == first else None)
    if photo is not None:
        ins.attach_photo(draft.id, photo, first, caption="楼道堆放杂物")
    ins.finalise(draft.id)
    return draft.id


def test_page_one_carries_the_results_table(svc: Services, tmp_path: Path) -> None:
    iid = _finalised(svc)
    out = tmp_path / "r.pdf"
    svc.printing.report(iid, out)
    first = page_texts(out)[0]
    assert "一、检查结果" in first  # the table starts on page 1, right under the summary
    d = svc.inspections.get(iid)
    assert d.items[0].code in first and d.items[1].code in first
    assert "不合格1项" in first


def test_reasons_and_open_items_of_failed_inspections(svc: Services, tmp_path: Path) -> None:
    rows = svc.printing.finalised_inspections()
    critical = next(c for c in rows if "否决" in c.label)
    out = tmp_path / "c.pdf"
    svc.printing.report(critical.id, out)
    assert "原因：否决项“" in "".join(page_texts(out))
    re_failed = next(c for c in rows if "复查" in c.label and "不合格" in c.label
                     and svc.inspections.notice_rectifications(c.id))
    out = tmp_path / "re.pdf"
    svc.printing.report(re_failed.id, out)
    text = "".join(page_texts(out))
    assert "复查后仍未整改的事项" in text and "低于合格分数线" in text
    still_open = svc.inspections.notice_rectifications(re_failed.id)
    assert still_open and all(f"{r.deadline.month}月{r.deadline.day}日" in text for r in still_open)


def test_missing_photo_prints_a_placeholder_and_warns(svc: Services, tmp_path: Path) -> None:
    pic = tmp_path / "p.png"
    Image.new("RGB", (640, 480), "red").save(pic)
    iid = _finalised(svc, photo=pic)
    for p in svc.inspections.get(iid).items[0].photos:
        Path(p.path).unlink()
    out = tmp_path / "r.pdf"
    res = svc.printing.report(iid, out)
    assert res.pages >= 1 and res.warnings and "楼道堆放杂物" in res.warnings[0]
    text = "".join(page_texts(out))
    assert "【照片文件缺失】" in text and "楼道堆放杂物" in text
    assert sum(len(p.images) for p in PdfReader(str(out)).pages) == 0
