"""Batch notices to residents, one per building, laid out after GB/T 9704-2012.

The page is a grid of 22 rows: title rows, a blank row, the addressee, body rows, a blank row,
the issuing office and the date. Everything occupies whole rows, so pagination is a matter of
counting rows; the only rule needed beyond that keeps the signature block together with at least
:data:`KEEP_WITH_SIGNATURE` body rows on its page (never a page holding just the signature).

Drawing goes straight to the canvas (no Platypus) because a 1,000-building batch must run at
nearly the speed of bare ReportLab; wrapped paragraphs are cached since most paragraphs are the
same for every building.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Literal

from reportlab.pdfgen.canvas import Canvas

from . import layout as L
from .data import Building, CancelCheck, Estate, Issuer, ProgressCallback, cn_date
from .fonts import register_fonts
from .linebreak import Line
from .notice_period import refuse_short_notice
from .templates import (  # PrintCancelled lives there so the GUI can catch it without ReportLab
    TERM_PLACEHOLDERS,
    NoticeTemplate,
    PrintCancelled,
    PrintError,
    RenderedNotice,
    TemplateError,
)
from .text import TextStyle, baseline_in_box, draw_line, measurer, wrap
from .titlebreak import wrap_title

#: Body rows that must stay on the page of the signature block.
KEEP_WITH_SIGNATURE = 2
#: The mark printed under a sealed signature, where the office's seal goes.
SEAL_MARK = "（盖章）"
#: What a missing building lead prints as when ``missing_lead="blank"``: a line to fill by hand.
BLANK_FILL = "________"

Output = str | Path | BinaryIO


@dataclass(frozen=True, slots=True)
class BatchResult:
    """What a batch produced."""

    buildings: int
    pages: int
    files: tuple[Path, ...]  # empty when written to a stream


@dataclass(frozen=True, slots=True)
class _Row:
    kind: Literal["title", "blank", "addressee", "body", "signature", "date"]
    line: Line | None = None
    x: float = L.BLOCK_LEFT  # left edge for signature/date rows


@lru_cache(maxsize=2048)
def _wrapped(text: str, style: TextStyle) -> tuple[Line, ...]:
    # Most paragraphs of a batch do not mention the building and repeat verbatim.
    return tuple(wrap(text, L.BLOCK_W, style))


@lru_cache(maxsize=256)
def _balanced_title(title: str, keep: tuple[str, ...] = ()) -> tuple[Line, ...]:
    """Wrap the title into as few lines as possible, of similar length (GB/T 9704 §7.3.3),
    breaking only between words (``titlebreak``; ``keep``: names never split).

    Greedy wrapping would leave "会议的公告" alone on the second line; narrowing the measure to
    the smallest width that keeps the same line count gives a balanced, symmetric title.
    """
    lines = wrap_title(title, L.BLOCK_W, L.TITLE, keep)
    if len(lines) < 2:
        return tuple(lines)
    lo, hi = L.BLOCK_W / len(lines), L.BLOCK_W
    for _ in range(12):
        mid = (lo + hi) / 2
        if len(wrap_title(title, mid, L.TITLE, keep)) > len(lines):
            lo = mid
        else:
            hi = mid
    return tuple(wrap_title(title, hi, L.TITLE, keep))


def _signature_rows(signature: str, date: str) -> tuple[_Row, _Row]:
    """Place office and date per GB/T 9704 §7.3.5.2 (unsealed, single issuer).

    The office is set right with two cells of space; the date starts two cells right of the
    office's first character. If the date is the longer, the date is set right with two cells
    and the office moves left accordingly.
    """
    m = measurer(L.BODY)
    cs = L.BODY_CHAR_SPACE
    sig_w = m(signature) - cs
    date_w = m(date) - cs
    right = L.BLOCK_RIGHT - 2 * L.CELL
    sig_x = right - sig_w
    date_x = sig_x + 2 * L.CELL
    if date_x + date_w > right:
        date_x = right - date_w
        sig_x = date_x - 2 * L.CELL
    sig_x = max(sig_x, L.BLOCK_LEFT)
    return (
        _Row("signature", Line(signature, sig_w + cs, 0.0, True), sig_x),
        _Row("date", Line(date, date_w + cs, 0.0, True), date_x),
    )


def _sealed_rows(signature: str, date: str) -> list[_Row]:
    """Place office, seal mark and date per GB/T 9704 §7.3.5.1 (sealed, single issuer).

    The date is set right with four cells of space and the office is centred above it; two
    blank rows above the office and the "（盖章）" mark below it leave the seal's room (the seal
    presses on office and date).
    """
    m = measurer(L.BODY)
    cs = L.BODY_CHAR_SPACE
    date_w = m(date) - cs
    date_x = L.BLOCK_RIGHT - 4 * L.CELL - date_w
    centre = date_x + date_w / 2
    rows = [_Row("blank"), _Row("blank")]
    for text in (signature, SEAL_MARK):
        w = m(text) - cs
        x = min(max(centre - w / 2, L.BLOCK_LEFT), L.BLOCK_RIGHT - w)
        rows.append(_Row("signature", Line(text, w + cs, 0.0, True), x))
    rows.append(_Row("date", Line(date, date_w + cs, 0.0, True), date_x))
    return rows


def compose_rows(notice: RenderedNotice) -> list[_Row]:
    """All grid rows of one notice, in order."""
    # Only the names that occur in the title matter; dropping the others (the building number
    # in a title that names just the estate) lets 1,000 buildings share one cached title.
    keep = tuple(k for k in notice.keep if k and k in notice.title)
    rows: list[_Row] = [_Row("title", ln) for ln in _balanced_title(notice.title, keep)]
    rows.append(_Row("blank"))
    if notice.addressee:
        rows.extend(_Row("addressee", ln) for ln in _wrapped(notice.addressee, L.ADDRESSEE))
    for para in notice.body:
        rows.extend(_Row("body", ln) for ln in _wrapped(para, L.BODY))
    if notice.sealed and notice.signature and notice.date:
        rows.extend(_sealed_rows(notice.signature, notice.date))
    elif notice.signature or notice.date:
        rows.append(_Row("blank"))
        sig, date = _signature_rows(notice.signature, notice.date)
        if notice.signature:
            rows.append(sig)
        if notice.date:
            rows.append(date)
    return rows


def paginate(rows: Sequence[_Row], per_page: int = L.LINES_PER_PAGE) -> list[list[_Row]]:
    """Split rows into pages, keeping the signature block with the last body rows."""
    # Index of the blank row that opens the signature block (if any).
    sig_start = next(
        (i for i, r in enumerate(rows) if r.kind in ("signature", "date")), len(rows)
    )
    while sig_start < len(rows) and sig_start > 0 and rows[sig_start - 1].kind == "blank":
        sig_start -= 1
    pages: list[list[_Row]] = []
    page: list[_Row] = []
    for i, row in enumerate(rows):
        if len(page) == per_page:
            pages.append(page)
            page = []
        if i == sig_start:
            block = len(rows) - sig_start
            if page and len(page) + block > per_page:
                # The signature block does not fit here: carry the last body rows over with it.
                carry = min(KEEP_WITH_SIGNATURE, len(page) - 1)
                pages.append(page[: len(page) - carry])
                page = page[len(page) - carry:]
            need = KEEP_WITH_SIGNATURE - len(page)
            if need > 0 and pages:
                # Too few rows precede the signature on this page: take some from the last page.
                need = min(need, len(pages[-1]) - 1)
                page = pages[-1][len(pages[-1]) - need:] + page
                pages[-1] = pages[-1][: len(pages[-1]) - need]
        if not page and row.kind == "blank":
            continue  # a blank row at the top of a page only wastes space
        page.append(row)
    if page:
        pages.append(page)
    return pages


def _style_of(kind: str) -> TextStyle:
    if kind == "title":
        return L.TITLE
    if kind == "addressee":
        return L.ADDRESSEE
    return L.BODY


def draw_page_number(canv: Canvas, number: int, *, centered: bool = False) -> None:
    """"— n —" below the text block: odd pages right, even pages left, one cell in."""
    text = f"— {number} —"
    m = measurer(L.PAGE_NO)
    w = m(text)
    if centered:
        x = (L.PAGE_W - w) / 2
    elif number % 2:
        x = L.BLOCK_RIGHT - L.PAGE_NO_SIZE - w
    else:
        x = L.BLOCK_LEFT + L.PAGE_NO_SIZE
    # The dashes sit at about 0.35 em above the baseline; put them 7 mm below the block.
    baseline = L.BLOCK_BOTTOM - L.PAGE_NO_GAP - 0.35 * L.PAGE_NO_SIZE
    draw_line(canv, x, baseline, Line(text, w, 0.0, True), w, L.PAGE_NO)


def draw_notice(canv: Canvas, notice: RenderedNotice) -> int:
    """Draw one notice onto ``canv`` starting on a fresh page; returns its page count."""
    pages = paginate(compose_rows(notice))
    for number, page in enumerate(pages, start=1):
        top = L.BLOCK_TOP
        for row in page:
            if row.line is not None:
                style = _style_of(row.kind)
                x = row.x if row.kind in ("signature", "date") else L.BLOCK_LEFT
                width = L.BLOCK_W if row.kind not in ("signature", "date") else row.line.width
                draw_line(canv, x, baseline_in_box(top, style), row.line, width, style)
            top -= L.LINE_PITCH
        if notice.page_numbers:
            draw_page_number(canv, number)
        canv.showPage()
    return len(pages)


# --- batches --------------------------------------------------------------------------------


def standard_values(
    estate: Estate, building: Building | None, issuer: Issuer, issue_date: dt.date,
    *, missing_lead: Literal["error", "blank"] = "error",
) -> dict[str, str]:
    """The engine-filled placeholder values for one building."""
    lead = building.lead if building else None
    if lead is None and missing_lead == "blank":
        lead_name = lead_phone = term_start = term_end = BLANK_FILL
    else:
        lead_name = lead.name if lead else ""
        lead_phone = (lead.phone or BLANK_FILL) if lead else ""
        term_start = cn_date(lead.term_start) if lead and lead.term_start else ""
        term_end = cn_date(lead.term_end) if lead and lead.term_end else ""
    return {
        "小区名称": estate.name,
        "小区地址": estate.address,
        "社区名称": estate.community,
        "楼栋号": building.number if building else "",
        "楼长姓名": lead_name,
        "楼长电话": lead_phone,
        "物业企业": estate.company,
        "发文单位": issuer.office,
        "业主组织": estate.committee,
        "联系人": issuer.contact,
        "联系电话": issuer.phone,
        "办公地址": issuer.address,
        "日期": cn_date(issue_date),
        "聘期开始": term_start,
        "聘期结束": term_end,
    }


#: Registered data a template may need: placeholder -> (what, where to fill it). Empty and not
#: given as a field value, the notice is refused rather than printed with a hole.
REQUIRED_DATA: dict[str, tuple[str, str]] = {
    "物业企业": ("物业服务企业", "在“小区”中为该小区登记物业服务企业"),
    "业主组织": ("业主委员会（或物业管理委员会）",
             "在“业委会”页为该小区登记业主委员会或物业管理委员会（首次业主大会由筹备组召集的，"
             "打印时填写“业主组织”为筹备组名称，命令行：--field 业主组织=…首次业主大会筹备组）"),
    "小区地址": ("小区地址", "在“小区”中填写地址"),
    "联系电话": ("社区办公电话", "在“文书”页的“发文单位信息…”中填写办公电话（命令行：init … --office-phone）"),
    "联系人": ("社区联系人", "在“文书”页的“发文单位信息…”中填写联系人（命令行：init … --contact）"),
    "办公地址": ("社区办公地址", "在“文书”页的“发文单位信息…”中填写办公地址（命令行：init … --office-address）"),
}
#: Engine values a person may replace for one batch (``--field 联系电话=…``, a 业主委员会 as 发文单位).
OVERRIDABLE = frozenset({"发文单位", "联系人", "联系电话", "办公地址", "物业企业", "业主组织"})


def missing_data(template: NoticeTemplate, estate: Estate, issuer: Issuer,
                 values: Mapping[str, str]) -> list[tuple[str, str]]:
    """(what, where to fill it) for each registered value ``template`` prints that is empty."""
    have = {"物业企业": estate.company, "小区地址": estate.address, "联系电话": issuer.phone,
            "联系人": issuer.contact, "办公地址": issuer.address, "业主组织": estate.committee}
    return [REQUIRED_DATA[k] for k in REQUIRED_DATA
            if k in template.placeholders and not have[k].strip() and not (values.get(k) or "").strip()]


def refuse_missing_data(template: NoticeTemplate, estate: Estate, issuer: Issuer,
                        values: Mapping[str, str]) -> None:
    """Raise :class:`TemplateError` naming the estate and what to fill."""
    missing = missing_data(template, estate, issuer, values)
    if missing:
        raise TemplateError(
            f"“{estate.name}”缺少模板“{template.name}”需要的内容："
            f"{'、'.join(what for what, _ in missing)}。请{'；'.join(where for _, where in missing)}，"
            "或在打印时填写该项。")


def render_notice(
    template: NoticeTemplate, estate: Estate, building: Building | None,
    values: Mapping[str, str], issuer: Issuer, issue_date: dt.date,
    *, missing_lead: Literal["error", "blank"] = "error",
) -> RenderedNotice:
    """Fill ``template`` for one building (``values`` are the user's field values)."""
    if template.uses_lead and building is not None and building.lead is None and (
        missing_lead == "error"
    ):
        raise TemplateError(f"{building.number}未登记楼长，无法填写模板“{template.name}”中的楼长信息。")
    merged = standard_values(estate, building, issuer, issue_date, missing_lead=missing_lead)
    # Registered facts (estate, building, lead, date) are not overridden; the office's details
    # and an empty value may be (see OVERRIDABLE).
    for k, v in values.items():
        if k not in merged or not merged[k] or (k in OVERRIDABLE and v.strip()):
            merged[k] = v
    keep = (estate.name, estate.community, estate.company, building.number if building else "")
    return replace(template.render(merged), keep=tuple(k for k in keep if k))


def per_lead_targets(buildings: Sequence[Building]) -> list[Building]:
    """One target per building lead, each carrying just that lead (a building without a lead
    stays one target, printed with blanks when ``missing_lead="blank"``)."""
    out: list[Building] = []
    for b in buildings:
        leads = b.each_lead()
        out.extend([replace(b, lead=ld, leads=(ld,)) for ld in leads] or [b])
    return out


def leads_without_term(template: NoticeTemplate, buildings: Sequence[Building]) -> list[str]:
    """"3号楼 林冬梅（任期结束）" for each lead whose term ``template`` prints is not registered."""
    if not (template.placeholders & TERM_PLACEHOLDERS):
        return []
    out = []
    for b in buildings:
        for ld in b.each_lead():
            lacking = [label for label, d in (("任期开始", ld.term_start), ("任期结束", ld.term_end))
                       if d is None]
            if lacking:
                out.append(f"{b.number} {ld.name}（缺{'、'.join(lacking)}）")
    return out


def refuse_leads_without_term(template: NoticeTemplate, lacking: Sequence[str]) -> None:
    """Raise :class:`TemplateError` naming each lead of ``lacking`` (:func:`leads_without_term`)."""
    if lacking:
        shown = "；".join(lacking[:10]) + (f"等{len(lacking)}位" if len(lacking) > 10 else "")
        raise TemplateError(
            f"模板“{template.name}”要印出每位楼长的聘期，以下楼长未登记任期：{shown}。",
            hint="请在“楼栋”页的楼长登记中填写该楼长的任期开始和任期结束（或导入含“任期开始”“任期结束”列的楼长表），再打印。")


def _safe_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("_") or "notice"


def _new_canvas(target: str | Path | BinaryIO, title: str, issuer: Issuer) -> Canvas:
    # initialFontName: otherwise ReportLab references Helvetica (unembedded) on every page.
    canv = Canvas(
        target, pagesize=(L.PAGE_W, L.PAGE_H), initialFontName=L.BODY.font,
        initialFontSize=L.BODY_SIZE,
    )
    canv.setTitle(title)
    canv.setAuthor(issuer.office)
    canv.setCreator("wuye-desktop 社区物业工作台")
    return canv


def prepare_notices(
    template: NoticeTemplate,
    estate: Estate,
    values: Mapping[str, str],
    issuer: Issuer,
    issue_date: dt.date,
    *,
    buildings: Sequence[Building] | None = None,
    missing_lead: Literal["error", "blank"] = "error",
) -> list[tuple[Building, RenderedNotice]]:
    """Check and render the text of every building's notice; nothing is drawn or written.

    Raises :class:`TemplateError` / :class:`PrintError` for a missing lead or value, so a batch
    refuses whole before any file is touched.
    """
    register_fonts()
    targets = list(estate.buildings if buildings is None else buildings)
    if not targets:
        raise PrintError(f"“{estate.name}”没有可打印的楼栋。")
    if template.uses_lead and missing_lead == "error":
        no_lead = [b.number for b in targets if b.lead is None]
        if no_lead:
            raise TemplateError(
                f"模板“{template.name}”需要楼长姓名或电话，以下楼栋未登记楼长："
                f"{'、'.join(no_lead)}。请先登记楼长，或选择“留空待手填”。"
            )
    refuse_missing_data(template, estate, issuer, values)
    refuse_short_notice(template, values, issue_date)
    if template.per_lead:  # one letter per building lead (楼长聘书), each with its own term
        refuse_leads_without_term(template, [f"{estate.name}{t}"
                                             for t in leads_without_term(template, targets)])
        targets = per_lead_targets(targets)
    return [
        (b, render_notice(template, estate, b, values, issuer, issue_date, missing_lead=missing_lead))
        for b in targets
    ]


def draw_notices(
    out: Output,
    title: str,
    issuer: Issuer,
    notices: Sequence[RenderedNotice],
    *,
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> int:
    """Draw ``notices`` onto one canvas (fonts embedded once) and save it; returns the pages.

    Each notice starts on a fresh page and numbers its own pages from 1, as if printed alone.
    ``progress(done, total)`` after each notice; ``cancelled()`` is asked before each one and
    stops with :class:`PrintCancelled`, removing the file when ``out`` is a path.
    """
    canv = _new_canvas(out if not isinstance(out, Path) else str(out), title, issuer)
    total = len(notices)
    pages = 0
    try:
        for done, notice in enumerate(notices, start=1):
            if cancelled is not None and cancelled():
                raise PrintCancelled()
            pages += draw_notice(canv, notice)
            if progress is not None:
                progress(done, total)
        canv.save()
    except BaseException:
        if isinstance(out, str | Path):
            Path(out).unlink(missing_ok=True)
        raise
    return pages


def render_notice_batch(
    template: NoticeTemplate,
    estate: Estate,
    values: Mapping[str, str],
    issuer: Issuer,
    issue_date: dt.date,
    out: Output,
    *,
    buildings: Sequence[Building] | None = None,
    per_building_files: bool = False,
    missing_lead: Literal["error", "blank"] = "error",
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
) -> BatchResult:
    """Print ``template`` once per building of ``estate`` (or of ``buildings``).

    ``out`` is a PDF path or binary stream for one combined PDF, or, with
    ``per_building_files=True``, a directory that receives one PDF per building named
    ``<小区>-<楼栋>-<模板名>.pdf``. Every template and value problem is raised as
    :class:`TemplateError` before anything is written. ``progress(done, total)`` is called after
    each building; when ``cancelled()`` returns True the batch stops, removes what it wrote and
    raises :class:`PrintCancelled`.
    """
    # Render every text first: errors surface before any file is touched.
    prepared = prepare_notices(template, estate, values, issuer, issue_date,
                               buildings=buildings, missing_lead=missing_lead)
    total = len(prepared)
    doc_title = f"{estate.name}{template.name}"
    if not per_building_files:
        pages = draw_notices(out, doc_title, issuer, [n for _b, n in prepared],
                             progress=progress, cancelled=cancelled)
        files = (Path(out),) if isinstance(out, str | Path) else ()
        return BatchResult(buildings=total, pages=pages, files=files)
    if not isinstance(out, str | Path):
        raise PrintError("按楼栋分别保存时，输出位置应为文件夹。")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    pages = 0
    try:
        for done, (b, notice) in enumerate(prepared, start=1):
            if cancelled is not None and cancelled():
                raise PrintCancelled()
            who = f"{_safe_name(b.lead.name)}-" if template.per_lead and b.lead else ""
            path = folder / f"{_safe_name(estate.name)}-{_safe_name(b.number)}-{who}" \
                f"{_safe_name(template.name)}.pdf"
            written.append(path)
            pages += draw_notices(path, f"{doc_title}（{b.number}）", issuer, [notice])
            if progress is not None:
                progress(done, total)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return BatchResult(buildings=total, pages=pages, files=tuple(written))
