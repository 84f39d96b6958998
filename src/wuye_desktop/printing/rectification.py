"""整改通知单 — rectification notice to a property company, optionally 一式三联."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, PageBreak

from ..domain.notice_rules import NoticeAuthority
from . import forms as F
from .data import RectificationItem, RectificationNotice, cn_date
from .forms import Output
from .templates import PrintError

#: The three copies: label printed in the top-right box, note printed in the footer.
COPIES: tuple[tuple[str, str], ...] = (
    ("第一联　存根联", "第一联　存根联（发文单位留存）"),
    ("第二联　企业联", "第二联　企业联（送达物业服务企业）"),
    ("第三联　备案联", "第三联　备案联（报县级房地产行政主管部门备案）"),
)


#: Title, how the order is put, who is told of the result, and what follows a failure — by
#: issuing authority. A 居委会 has no power to order: it informs and urges (告知/督促).
_WORDING: dict[NoticeAuthority, tuple[str, str, str]] = {
    NoticeAuthority.COMMUNITY: (
        "物业服务整改通知单",
        "现将有关情况告知你单位，请你单位按照下表要求限期整改，{office}将督促落实：",
        "逾期未整改或者整改不到位的，{office}将报告县级房地产行政主管部门依法处理。",
    ),
    NoticeAuthority.COUNTY: (
        "责令限期整改通知书",
        "现责令你单位按照下表要求限期整改：",
        "逾期未整改或者整改不到位的，{office}将依法处理，并记入物业服务企业信用档案。",
    ),
}


def notice_title(n: RectificationNotice) -> str:
    """The printed title for the notice's issuing authority."""
    return _WORDING[n.authority][0]


def _problem(it: RectificationItem) -> str:
    return ("★" if it.critical else "") + (f"〔{it.item_ref}〕" if it.item_ref else "") + it.problem


def _story(n: RectificationNotice) -> list[Flowable]:
    title, order, failure = _WORDING[n.authority]
    office = n.issuer.office
    story: list[Flowable] = [
        F.title(title),
        F.line(n.number, align="right"),
        F.gap(4),
        F.line(f"{n.company}："),
        F.para(
            f"{cn_date(n.inspection_date)}，{office}对你单位提供物业服务的{n.estate}"
            f"进行了{n.inspection_kind}，发现存在下列问题。" + order.format(office=office)
        ),
        F.gap(6),
    ]
    rows = [[str(k), _problem(it), it.action, cn_date(it.deadline)]
            for k, it in enumerate(n.items, start=1)]
    w = F.FRAME_W
    story.append(
        F.grid_table(
            ["序号", "发现的问题", "整改要求", "整改期限"], rows,
            [w * 0.07, w * 0.38, w * 0.35, w * 0.20], center_cols=(0, 3),
        )
    )
    if any(it.critical for it in n.items):
        story.append(F.line("注：标“★”的为否决项。"))
    story.append(F.gap(8))
    story.append(F.para(f"整改依据：{n.legal_basis.rstrip('。')}。"))
    closing = (
        f"请你单位在整改期限内完成整改，并将整改情况书面报送{office}。" + failure.format(office=office)
    )
    if n.reply_days > 0:
        closing += f"请于收到本通知之日起{n.reply_days}日内书面报送整改计划。"
    story.append(F.para(closing))
    if n.issuer.phone:
        story.append(F.para(f"联系人：{F.blank(n.issuer.contact, 4)}　联系电话：{n.issuer.phone}"))
    # Signature block stays together (never alone at the top of a page).
    sign: list[Flowable] = [
        F.gap(18),
        F.line(f"{office}（盖章）", align="right"),
        F.line(cn_date(n.issue_date), align="right"),
        F.gap(14),
        F.signature_lines(["检查人员（签字）", "负责人（签字）", "企业签收人", "签收日期"]),
    ]
    story.append(KeepTogether(sign))
    return story


def render_rectification_notice(
    notice: RectificationNotice, out: Output, *, three_copies: bool = False
) -> int:
    """Print ``notice`` to ``out`` (path or binary stream); returns the page count.

    With ``three_copies`` the notice is printed three times, marked 存根联 / 企业联 / 备案联, each
    copy starting on a new page with its own page numbers.
    """
    if not notice.items:
        raise PrintError("整改通知单没有整改事项，无法打印。")
    if not notice.company.strip():
        raise PrintError(f"“{notice.estate}”没有登记物业服务企业，整改通知单没有送达对象，无法打印。",
                         hint="请先在“小区”中为该小区填写物业服务企业，再打印。")
    story: list[Flowable] = []
    copies = COPIES if three_copies else (("", ""),)
    for k, (label, note) in enumerate(copies):
        if k:
            story.append(PageBreak())
        story.append(F.CopyMark(label, note))
        story.extend(_story(notice))
    return F.build(
        out, story, title=f"{notice_title(notice)} {notice.number}", author=notice.issuer.office
    )


__all__ = ["COPIES", "notice_title", "render_rectification_notice"]
