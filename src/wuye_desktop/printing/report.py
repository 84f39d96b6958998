"""巡查／考核报告 — inspection report with results, photos and rectification items."""

from __future__ import annotations

from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.platypus import Flowable, Image, KeepTogether, Table, TableStyle

from ..domain.inspections import fail_reasons
from . import forms as F
from . import layout as L
from .data import InspectionItemResult, InspectionReport, Photo, cn_date
from .fonts import FANG
from .forms import Output
from .templates import PrintError
from .text import CJKParagraph

#: Photo cell size: two per row across the frame, 4:3 box.
_PHOTO_W = (F.FRAME_W - 12) / 2
_PHOTO_H = _PHOTO_W * 0.75
_VALUE = L.FORM_CELL.but(align="left")


def _fmt_score(v: object) -> str:
    return "" if v is None else f"{v:g}" if isinstance(v, float) else str(v)


def _ordered(items: tuple[InspectionItemResult, ...]) -> list[InspectionItemResult]:
    # Failed items first (critical ones leading), then the rest in checklist order.
    failed = [i for i in items if i.failed]
    failed.sort(key=lambda i: not i.critical)
    return failed + [i for i in items if not i.failed]


def _photo_cell(photo: Photo) -> list[Flowable]:
    """Image scaled into the 4:3 box, keeping its aspect ratio, with its caption under it."""
    path = Path(photo.path)
    if not path.is_file():  # a placeholder, not a stopped report (the service warns)
        box = Table([[CJKParagraph("【照片文件缺失】", L.FORM_CELL_CENTER)],
                     [CJKParagraph("该照片未在本机找到，请同步后重新打印", L.FORM_SMALL.but(align="center"))]],
                    colWidths=[_PHOTO_W], rowHeights=[_PHOTO_H / 2, _PHOTO_H / 2])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.6, colors.grey),
                                 ("VALIGN", (0, 0), (0, 0), "BOTTOM"), ("VALIGN", (0, 1), (0, 1), "TOP"),
                                 ("FONTNAME", (0, 0), (-1, -1), FANG)]))
        return [box, CJKParagraph(photo.caption or "现场照片", L.FORM_CELL_CENTER)]
    with PILImage.open(path) as im:
        w, h = im.size
    scale = min(_PHOTO_W / w, _PHOTO_H / h)
    img = Image(str(path), width=w * scale, height=h * scale)
    img.hAlign = "CENTER"
    return [img, CJKParagraph(photo.caption or path.stem, L.FORM_CELL_CENTER)]


def _photos_table(photos: tuple[Photo, ...]) -> Table:
    cells = [_photo_cell(p) for p in photos]
    rows = [cells[i:i + 2] for i in range(0, len(cells), 2)]
    if len(rows[-1]) == 1:
        rows[-1].append([])
    t = Table(rows, colWidths=[_PHOTO_W + 6] * 2, hAlign="LEFT")
    t.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("FONTNAME", (0, 0), (-1, -1), FANG),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
    ]))
    return t


def _story(r: InspectionReport) -> list[Flowable]:
    w = F.FRAME_W
    verdict = "合格" if r.passed else "不合格"
    kind = f"{r.kind}复查" if r.reinspection and "复查" not in r.kind else r.kind  # the title says so
    info = [
        ["小区", r.estate, "检查日期", cn_date(r.inspection_date)],
        ["物业服务企业", r.company or "无", "检查类型", kind],
        ["检查人员", "、".join(r.inspectors), "检查表", r.template_name],
        ["得分", f"{r.score} / {r.max_score}", "结论", verdict],
    ]
    if r.building_leads_present:
        info.append(["参加楼长", "、".join(r.building_leads_present), "", ""])
    info_t = Table(
        [[CJKParagraph(str(c), L.FORM_HEAD if k % 2 == 0 else _VALUE) for k, c in enumerate(row)]
         for row in info],
        colWidths=[w * 0.17, w * 0.38, w * 0.14, w * 0.31],
    )
    info_style = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), FANG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.92, 0.92, 0.92)),
        # Column 3's shading stops above the spanned "参加楼长" row.
        ("BACKGROUND", (2, 0), (2, 3), colors.Color(0.92, 0.92, 0.92)),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if r.building_leads_present:
        info_style.append(("SPAN", (1, len(info) - 1), (3, len(info) - 1)))
    info_t.setStyle(TableStyle(info_style))

    story: list[Flowable] = [
        F.title(f"{r.estate}物业服务{kind}报告", keep=(r.estate,)),
        F.gap(4),
        info_t,
        F.gap(6),
    ]
    n_failed = sum(1 for i in r.items if i.failed)
    percent = float(r.score) * 100 / float(r.max_score) if r.max_score else None
    reasons = [] if r.passed else fail_reasons(
        percent, float(r.pass_threshold) if r.pass_threshold is not None else None,
        [i.title for i in r.items if i.failed and i.critical])
    why = f"，原因：{'；'.join(reasons)}" if reasons else ""
    story.append(F.para(
        f"本次{kind}共检查{len(r.items)}项，其中不合格{n_failed}项，得分{r.score}分"
        f"（满分{r.max_score}分），结论为{verdict}{why}。" + (r.summary or "")
    ))
    story += F.heading("一、检查结果（不合格项在前）")
    items = _ordered(r.items)
    rows = [
        [str(k), i.section, ("★ " if i.critical else "") + i.title, i.result,
         f"{_fmt_score(i.score)}/{_fmt_score(i.max_score)}" if i.max_score is not None else "",
         i.note]
        for k, i in enumerate(items, start=1)
    ]
    story.append(F.grid_table(
        ["序号", "类别", "检查项目", "结果", "得分", "说明"], rows,
        [w * 0.07, w * 0.13, w * 0.32, w * 0.1, w * 0.1, w * 0.28],
        center_cols=(0, 3, 4), highlight_rows=[k for k, i in enumerate(items) if i.failed],
    ))
    story.append(F.line("注：★ 为否决项；底色标注的为不合格项。", style=L.FORM_SMALL))
    if r.photos:
        story += F.heading("二、现场照片", need=_PHOTO_H + 60)
        story.append(_photos_table(r.photos))
    if r.rectifications:
        head = "复查后仍未整改的事项" if r.reinspection else "整改事项"
        story += F.heading(("三" if r.photos else "二") + "、" + head)
        story.append(F.grid_table(
            ["序号", "发现的问题", "整改要求", "整改期限"],
            [[str(k), ("★" if it.critical else "") + it.problem, it.action, cn_date(it.deadline)]
             for k, it in enumerate(r.rectifications, start=1)],
            [w * 0.07, w * 0.38, w * 0.35, w * 0.20], center_cols=(0, 3),
        ))
    elif r.reinspection and r.passed:
        story.append(F.para("复查的事项均已整改到位，没有仍未整改的事项。"))
    sign: list[Flowable] = [F.gap(18)]
    if r.issuer is not None:
        sign += [
            F.line(f"{r.issuer.office}（盖章）", align="right"),
            F.line(cn_date(r.inspection_date), align="right"),
            F.gap(10),
        ]
    sign.append(F.signature_lines(["检查人员（签字）", "物业企业负责人（签字）", "日期", "日期"]))
    story.append(KeepTogether(sign))
    return story


def render_inspection_report(report: InspectionReport, out: Output) -> int:
    """Print an inspection report to ``out``; returns the page count."""
    if not report.items:
        raise PrintError("检查报告没有检查项目，无法打印。")
    author = report.issuer.office if report.issuer else "、".join(report.inspectors)
    return F.build(out, _story(report), title=f"{report.estate}{report.kind}报告", author=author)
