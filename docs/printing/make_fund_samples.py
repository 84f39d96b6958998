"""Regenerate the 维修资金 sample images in docs/printing/ (needs poppler's pdftoppm).

    .venv/bin/python docs/printing/make_fund_samples.py
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from pathlib import Path

from wuye_desktop.domain.fund import FundPath, VoteTally, apportion, area
from wuye_desktop.printing.fund import FundBuilding, FundDoc, application_form, publication, tally_sheet

HERE = Path(__file__).parent
OFFICE = "朝阳区解放社区居民委员会"


def _doc(final_fen: int | None) -> FundDoc:
    rows = [("1号楼", area("3210.55"), 48), ("2号楼", area("3210.55"), 48), ("3号楼", area("1999.99"), 30)]
    shares = apportion(final_fen, [(n, a) for n, a, _ in rows]) if final_fen is not None else {}
    total_area, total = sum(a for _, a, _ in rows), sum(o for *_, o in rows)
    vote = VoteTally(total_area, total, area("5747.40"), 84, area("3100.00"), 43)
    return FundDoc(
        office=OFFICE, estate="解放新村", path=FundPath.ORDINARY, category="外墙渗漏",
        repair_item="1至3号楼外墙渗漏、屋面防水层老化，雨季多户顶层室内渗水，需整体翻修屋面防水",
        applicant="解放新村业主委员会", contractor="长春市某建筑防水工程有限公司",
        estimated_fen=18_600_000, final_fen=final_fen, applied_on=dt.date(2026, 11, 2),
        issued_on=dt.date(2026, 11, 28),
        buildings=[FundBuilding(n, a, o, shares.get(n)) for n, a, o in rows],
        stages=[("申请", dt.date(2026, 11, 2), "解放新村业主委员会", ""),
                ("社区确认", dt.date(2026, 11, 9), "王丽", "情况属实，同意上报")],
        vote=vote, vote_held_on=dt.date(2026, 11, 6), number="WX20261102-3F9A21")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        jobs = {"sample_fund_application": (application_form, _doc(None)),
                "sample_fund_tally": (tally_sheet, _doc(None)),
                "sample_fund_publication": (publication, _doc(None)),
                "sample_fund_settlement": (publication, _doc(17_843_207))}
        for name, (render, doc) in jobs.items():
            pdf = Path(tmp) / f"{name}.pdf"
            render(doc, pdf)
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(pdf),
                            str(HERE / name)], check=True)
            print(HERE / f"{name}.png")


if __name__ == "__main__":
    main()
