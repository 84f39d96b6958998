"""物业选聘的两份文书: 选聘结果公示 (posted for residents) and 物业服务合同备案表 (the
filing form kept by the office and the county).

Data in (:class:`SelectionDoc`, plain values), PDF out; the service fills it from the record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from reportlab.platypus import Flowable, KeepTogether

from . import forms as F
from .data import cn_date
from .forms import Output
from .templates import PrintError


@dataclass(frozen=True)
class CandidateLine:
    name: str
    score: float | None
    rank: int | None
    credit: str = ""


@dataclass(frozen=True)
class SelectionDoc:
    """What both documents print (dates as dates; absent values as None)."""

    office: str
    estate: str
    estate_address: str
    households: int | None
    floor_area: float | None
    method: str
    method_reason: str | None
    survey: str
    candidates: list[CandidateLine] = field(default_factory=list)
    company: str | None = None
    company_code: str | None = None
    company_manager: str | None = None
    company_phone: str | None = None
    publication_start: date | None = None
    publication_end: date | None = None
    filed_on: date | None = None
    contract_start: date | None = None
    contract_end: date | None = None
    fee_standard: float | None = None
    service_grade: str | None = None
    phone: str | None = None
    issue_date: date | None = None


def _d(d: date | None) -> str:
    return cn_date(d) if d is not None else F.blank("", 6)


def _score(c: CandidateLine) -> str:
    return "" if c.score is None else f"{c.score:g}"


def _sign(office: str, on: date | None) -> list[Flowable]:
    return [F.gap(18), F.line(f"{office}（盖章）", align="right"), F.line(_d(on), align="right")]


def _publication(doc: SelectionDoc) -> list[Flowable]:
    w = F.FRAME_W
    story: list[Flowable] = [
        F.title(f"{doc.estate}物业服务企业选聘结果公示", keep=(doc.estate,)),
        F.gap(6),
        F.line("各位业主："),
        F.para(f"根据{doc.survey or '业主意愿征询'}结果，{doc.estate}以{doc.method}方式选聘物业服务企业"
               + (f"（理由：{doc.method_reason.rstrip('。')}）" if doc.method_reason else "")
               + "。经评审，现将选聘结果公示如下："),
        F.gap(4),
        F.grid_table(["排名", "参选物业服务企业", "信用等级", "评审得分"],
                     [[str(c.rank or ""), c.name, c.credit, _score(c)] for c in doc.candidates],
                     [w * 0.1, w * 0.5, w * 0.2, w * 0.2], center_cols=(0, 2, 3),
                     highlight_rows=[k for k, c in enumerate(doc.candidates) if c.name == doc.company]),
        F.gap(6),
        F.para(f"拟选聘物业服务企业：{doc.company}。"),
        F.para(f"公示期：{_d(doc.publication_start)}至{_d(doc.publication_end)}。公示期内，业主对选聘结果"
               f"有异议的，可向{doc.office}书面反映" + (f"（联系电话：{doc.phone}）" if doc.phone else "")
               + "。公示期满无异议的，签订物业服务合同并办理备案。"),
    ]
    story.append(KeepTogether(_sign(doc.office, doc.issue_date or doc.publication_start)))
    return story


def _filing(doc: SelectionDoc) -> list[Flowable]:
    w = F.FRAME_W
    fee = "" if doc.fee_standard is None else f"{doc.fee_standard:g}元/㎡·月"
    area = "" if doc.floor_area is None else f"{doc.floor_area:g}㎡"
    rows = [
        ["小区名称", doc.estate], ["小区地址", doc.estate_address],
        ["总户数、建筑面积", "、".join(x for x in (
            "" if doc.households is None else f"{doc.households}户", area) if x)],
        ["物业服务企业", doc.company or ""], ["统一社会信用代码", doc.company_code or ""],
        ["项目负责人及电话", "　".join(x for x in (doc.company_manager, doc.company_phone) if x)],
        ["选聘方式", doc.method + (f"（理由：{doc.method_reason}）" if doc.method_reason else "")],
        ["业主意愿征询", doc.survey or "—"],
        ["结果公示期", f"{_d(doc.publication_start)}至{_d(doc.publication_end)}"],
        ["合同期限", f"{_d(doc.contract_start)}至{_d(doc.contract_end)}"],
        ["物业费标准", fee], ["服务等级", doc.service_grade or ""], ["备案日期", _d(doc.filed_on)],
    ]
    story: list[Flowable] = [
        F.title("物业服务合同备案表"),
        F.line(f"备案单位：{doc.office}", align="left"),
        F.gap(4),
        F.grid_table(["项目", "内容"], rows, [w * 0.26, w * 0.74]),
        F.gap(8),
        F.para("附件：物业服务合同（副本）、选聘结果公示、评审记录。"),
        F.gap(8),
        F.signature_lines(["业委会或社区代表（签字）", "物业服务企业（盖章）",
                           "经办人（签字）", "审核人（签字）"]),
    ]
    story.append(KeepTogether(_sign(doc.office, doc.filed_on)))
    return story


def render_publication(doc: SelectionDoc, out: Output) -> int:
    """选聘结果公示; refused before a result is set."""
    if not doc.company or doc.publication_start is None:
        raise PrintError("该选聘还没有确定结果和公示期，无法打印结果公示。",
                         hint="请先在“物业选聘”中录入评审得分并确定选聘结果。")
    return F.build(out, _publication(doc), title=f"{doc.estate}物业服务企业选聘结果公示",
                   author=doc.office)


def render_filing(doc: SelectionDoc, out: Output) -> int:
    """物业服务合同备案表; refused before the contract is filed."""
    if doc.filed_on is None:
        raise PrintError("该选聘还没有办理合同备案，无法打印备案表。",
                         hint="请先在“物业选聘”中填写合同期限、物业费标准和服务等级并备案。")
    return F.build(out, _filing(doc), title=f"{doc.estate}物业服务合同备案表", author=doc.office)


__all__ = ["CandidateLine", "SelectionDoc", "render_filing", "render_publication"]
