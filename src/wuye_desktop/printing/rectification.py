"""整改通知单 — rectification notice to a property company, optionally 一式三联."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, PageBreak

from . import forms as F
from .data import RectificationNotice, cn_date
from .forms import Output
from .templates import PrintError

#: The three copies: label printed in the top-right box, note printed in the footer.
COPIES: tuple[tuple[str, str], ...] = (
    ("第一联　存根联", "第一联　存根联（发文单位留存）"),
    ("第二联　企业联", "第二联　企业联（送达物业服务企业）"),
    ("第三联　备案联", "第三联　备案联（报县级房地产行政主管部门备案）"),
)


def _story(n: RectificationNotice) -> list[Flowable]:
    items = n.items
    story: list[Flowable] = [
        F.title("物业服务整改通知单"),
        F.line(n.number, align="right"),
        F.gap(4),
        F.line(f"{n.company}："),
        F.para(
            f"{cn_date(n.inspection_date)}，{n.issuer.office}对你单位提供物业服务的{n.estate}"
            f"进行了{n.inspection_kind}，发现存在下列问题。现责令你单位按照下表要求限期整改："
        ),
        F.gap(6),
    ]
    rows = [
        [str(k), (f"〔{it.item_ref}〕" if it.item_ref else "") + it.problem, it.action,
         cn_date(it.deadline)]
        for k, it in enumerate(items, start=1)
    ]
    w = F.FRAME_W
    story.append(
        F.grid_table(
            ["序号", "存在问题", "整改要求", "整改期限"], rows,
            [w * 0.07, w * 0.38, w * 0.35, w * 0.20], center_cols=(0, 3),
        )
    )
    story.append(F.gap(8))
    story.append(F.para(f"整改依据：{n.legal_basis}。"))
    closing = (
        f"请你单位在整改期限内完成整改，并将整改情况书面报送{n.issuer.office}。"
        "逾期未整改或者整改不到位的，将报请县级房地产行政主管部门依法处理，并记入物业服务企业"
        "信用档案。"
    )
    if n.reply_days > 0:
        closing += f"请于收到本通知之日起{n.reply_days}日内书面报送整改计划。"
    story.append(F.para(closing))
    if n.issuer.phone:
        story.append(F.para(f"联系人：{F.blank(n.issuer.contact, 4)}　联系电话：{n.issuer.phone}"))
    # Signature block stays together (never alone at the top of a page).
    sign: list[Flowable] = [
        F.gap(18),
        F.line(f"{n.issuer.office}（盖章）", align="right"),
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
    story: list[Flowable] = []
    copies = COPIES if three_copies else (("", ""),)
    for k, (label, note) in enumerate(copies):
        if k:
            story.append(PageBreak())
        story.append(F.CopyMark(label, note))
        story.extend(_story(notice))
    return F.build(
        out, story, title=f"整改通知单 {notice.number}", author=notice.issuer.office
    )


__all__ = ["COPIES", "render_rectification_notice"]
