"""维修资金 documents: the application form (申请表), the owners' vote tally sheet (表决统计表)
and the publication (公示) of the application or of the final cost per household area.

Data in (:class:`FundDoc`, plain values), PDF out, with the shared form layout (A4, form
margins, embedded CJK fonts). The figures come from :mod:`wuye_desktop.domain.fund`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from reportlab.platypus import Flowable

from ..domain.fund import (
    FundPath,
    VoteTally,
    area_text,
    fen_text,
    household_fen,
    per_square_metre_fen,
    percent_text,
)
from . import forms as F
from . import layout as L
from .data import cn_date
from .forms import Output
from .templates import PrintError


@dataclass(frozen=True)
class FundBuilding:
    number: str
    area: Fraction
    owners: int
    share_fen: int | None = None


@dataclass(frozen=True)
class FundDoc:
    """One application as printed."""

    office: str
    estate: str
    path: FundPath
    category: str
    repair_item: str
    applicant: str
    contractor: str
    estimated_fen: int
    final_fen: int | None
    applied_on: dt.date
    issued_on: dt.date
    buildings: Sequence[FundBuilding]
    #: (stage label, date, who, note)
    stages: Sequence[tuple[str, dt.date, str, str]] = field(default_factory=tuple)
    vote: VoteTally | None = None
    vote_held_on: dt.date | None = None
    number: str = ""

    @property
    def total_area(self) -> Fraction:
        return sum((b.area for b in self.buildings), Fraction(0))

    @property
    def total_owners(self) -> int:
        return sum(b.owners for b in self.buildings)


def _yuan(fen: int | None) -> str:
    return "—" if fen is None else f"{fen_text(fen)}元"


def _info_rows(d: FundDoc) -> list[list[str]]:
    return [
        ["小区", d.estate, "涉及楼栋", "、".join(b.number for b in d.buildings)],
        ["使用方式", f"{d.path.label}使用", "类别", d.category],
        ["申请人", d.applicant, "施工单位", d.contractor or "—"],
        ["预算金额", _yuan(d.estimated_fen), "申请日期", cn_date(d.applied_on)],
        ["专有部分面积", f"{area_text(d.total_area)}㎡", "业主户数", f"{d.total_owners}户"],
    ]


def _info_table(d: FundDoc) -> Flowable:
    w = F.FRAME_W
    rows = _info_rows(d)
    return F.grid_table(rows[0], rows[1:], [w * 0.19, w * 0.31, w * 0.16, w * 0.34])


def _buildings_table(d: FundDoc, with_share: bool) -> Flowable:
    w = F.FRAME_W
    header = ["楼栋", "专有部分面积（㎡）", "业主户数"] + (["分摊金额（元）"] if with_share else [])
    rows = [[b.number, area_text(b.area), str(b.owners)]
            + ([fen_text(b.share_fen) if b.share_fen is not None else "—"] if with_share else [])
            for b in d.buildings]
    total = ["合计", area_text(d.total_area), str(d.total_owners)]
    if with_share:
        total.append(fen_text(d.final_fen or 0))
    n = len(header)
    return F.grid_table(header, [*rows, total], [w / n] * n, center_cols=range(n))


def _opinions(d: FundDoc) -> Flowable:
    w = F.FRAME_W
    done = {label: (on, who, note) for label, on, who, note in d.stages}
    rows = []
    for label in ("社区确认", "街道确认", "县住建审核批准"):
        on, who, note = done.get(label, (None, "", ""))
        rows.append([label, note or ("同意" if on else ""), who, cn_date(on) if on else "　年　月　日"])
    return F.grid_table(["审核环节", "意见", "经办人（签章）", "日期"], rows,
                        [w * 0.2, w * 0.4, w * 0.2, w * 0.2])


def application_form(d: FundDoc, out: Output) -> int:
    """维修资金使用申请表; returns the number of pages."""
    basis = ("属紧急维修事项，依规无需业主表决，由社区、街道确认，报县住房和城乡建设局审核批准后"
             "实施。" if d.path is FundPath.EMERGENCY else
             "已按《民法典》第二百七十八条经业主共同决定（见表决统计表），报社区、街道确认及县住房和"
             "城乡建设局审核后实施。")
    story: list[Flowable] = [
        F.title(f"住宅专项维修资金{d.path.label}使用申请表"),
        F.line(f"编号：{d.number}", align="right"),
        F.gap(4), _info_table(d), F.gap(6),
        *F.heading("维修项目及原因"), F.para(d.repair_item), F.para(basis, space_before=4),
        *F.heading("涉及楼栋"), _buildings_table(d, with_share=False), F.gap(6),
        *F.heading("审核意见"), _opinions(d), F.gap(10),
        F.signature_lines(["申请人（签章）", "日期"]),
    ]
    return F.build(out, story, title=f"维修资金使用申请表 {d.estate}", author=d.office)


def _mark(ok: bool) -> str:
    return "达到" if ok else "未达到"


def tally_sheet(d: FundDoc, out: Output) -> int:
    """业主表决统计表: totals, participation and approval by area and by owners, the verdict."""
    v = d.vote
    if v is None:
        raise PrintError("该申请还没有录入业主表决结果，请先录入表决再打印统计表。")
    r = v.ratios()
    w = F.FRAME_W
    rows = [
        ["表决范围总数", f"{area_text(v.total_area)}", "—", str(v.total_owners), "—"],
        ["参与表决", area_text(v.voted_area), percent_text(r["participation_area"]),
         str(v.voted_owners), percent_text(r["participation_owners"])],
        ["同意", area_text(v.agreed_area), percent_text(r["approval_area"]),
         str(v.agreed_owners), percent_text(r["approval_owners"])],
    ]
    verdicts = [
        ["参与表决：面积不少于三分之二", _mark(v.participation_area_met)],
        ["参与表决：人数不少于三分之二", _mark(v.participation_owners_met)],
        ["同意：参与表决面积" + ("过半数" if v.matter.value == "use" else "不少于四分之三"),
         _mark(v.approval_area_met)],
        ["同意：参与表决人数" + ("过半数" if v.matter.value == "use" else "不少于四分之三"),
         _mark(v.approval_owners_met)],
    ]
    held = cn_date(d.vote_held_on) if d.vote_held_on else "　年　月　日"
    story: list[Flowable] = [
        F.title("住宅专项维修资金使用业主表决统计表"),
        F.gap(4), _info_table(d), F.gap(6),
        F.line(f"表决事项：{v.matter.label}——{d.repair_item}"),
        F.line(f"表决日期：{held}"),
        F.gap(4),
        F.grid_table(["项目", "专有部分面积（㎡）", "面积占比", "人数（户）", "人数占比"], rows,
                     [w * 0.2] * 5, center_cols=range(5)),
        F.line("注：参与表决占比以表决范围总数为基数，同意占比以参与表决数为基数；占比向下取整至0.01%。",
               style=L.FORM_SMALL),
        F.gap(6),
        F.grid_table(["法定条件", "结果"], verdicts, [w * 0.7, w * 0.3], center_cols=(1,),
                     highlight_rows=[i for i, (_, m) in enumerate(verdicts) if m != "达到"]),
        F.gap(6),
        F.para(v.rule_text()),
        F.para(f"表决结果：{'通过' if v.passed else '未通过'}。", space_before=4),
        F.gap(10),
        F.signature_lines(["计票人", "监票人", "社区（盖章）", "日期"]),
    ]
    return F.build(out, story, title=f"业主表决统计表 {d.estate}", author=d.office)


def publication(d: FundDoc, out: Output) -> int:
    """公示: of the application (before works) or, once settled, of the final cost per ㎡,
    per building and for a household of the average area."""
    settled = d.final_fen is not None
    story: list[Flowable] = [
        F.title("住宅专项维修资金使用" + ("决算公示" if settled else "公示")),
        F.gap(4),
        F.line(f"{d.estate}全体业主："),
        # the repair item is a sentence of its own: the category follows it, not inside it
        F.para(f"因{d.repair_item.rstrip('。；，')}，申请{d.path.label}使用住宅专项维修资金"
               f"（维修类别：{d.category}），预算金额{_yuan(d.estimated_fen)}，"
               f"施工单位：{d.contractor or '待定'}。"),
    ]
    if settled and d.final_fen is not None and d.total_owners:
        typical = d.total_area / d.total_owners
        per_m2_fen = int(per_square_metre_fen(d.final_fen, d.total_area) + Fraction(1, 2))
        story += [
            F.para(f"工程已竣工验收，决算金额{_yuan(d.final_fen)}，由涉及楼栋业主按专有部分面积"
                   f"分摊：每平方米{per_m2_fen // 100}.{per_m2_fen % 100:02d}元；"
                   f"以户均面积{area_text(typical)}㎡计，每户约"
                   f"{_yuan(household_fen(d.final_fen, d.total_area, typical))}。各楼栋分摊如下："),
            F.gap(4), _buildings_table(d, with_share=True),
        ]
    else:
        story += [F.gap(4), _buildings_table(d, with_share=False)]
    story += [
        F.gap(6),
        F.para("公示期为7天。业主如有异议，请在公示期内向社区居民委员会书面反映。"),
        F.gap(16),
        F.line(d.office, align="right"),
        F.line(cn_date(d.issued_on), align="right"),
    ]
    return F.build(out, story, title=f"维修资金公示 {d.estate}", author=d.office)
