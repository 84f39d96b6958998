"""Rules of the 整改通知单: who issues it, on what basis, what it may list.

One function per fact, used by the printing service, the CLI and the GUI alike:

* :class:`NoticeAuthority` — a community (居委会) has no power to 责令; it 督促 and 告知. Only the
  county housing authority orders. The county's checklist template decides which one issues the
  notices of its inspections (``"authority"`` in the template JSON, default ``community``).
* :func:`default_legal_basis` — the basis printed when the template names none, by inspection
  kind (a fire-safety check cites the fire law, not the property-service contract).
* :func:`rectify_requirement` — what the company must do for a failed item: the template's
  ``rectify`` text, or a sentence built from the item's standard (never the standard alone,
  which read as a finding says the opposite of what was found).
* :func:`missing_findings` — a failed item needs the inspector's finding (what was found).
* :func:`notice_refusals` — items whose deadline already passed (the printing service refuses
  them before a number is spent).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .enums import LabeledEnum
from .inspections import InspectionKind


class NoticeAuthority(LabeledEnum):
    """Who signs a rectification notice, which decides its wording."""

    COMMUNITY = "community", "社区（居委会）", "社区", "居委会"
    COUNTY = "county", "县级房地产行政主管部门", "县住建局", "住建局", "县"


_PROPERTY_BASIS = "《中华人民共和国民法典》第九百四十二条、《物业管理条例》第三十五条及物业服务合同的约定"

#: The basis per inspection kind when the template has no ``legal_basis``.
_BASIS_BY_KIND: dict[InspectionKind, str] = {
    InspectionKind.FIRE_SAFETY: "《中华人民共和国消防法》第十八条、第二十八条，《物业管理条例》第三十五条",
    InspectionKind.TAKEOVER: "《物业管理条例》第二十八条、第二十九条，《物业承接查验办法》",
    InspectionKind.RENOVATION: "《国务院办公厅关于全面推进城镇老旧小区改造工作的指导意见》及改造项目验收要求",
}


def default_legal_basis(kind: InspectionKind) -> str:
    """The legal basis a notice of ``kind`` cites when its template names none."""
    return _BASIS_BY_KIND.get(kind, _PROPERTY_BASIS)


def rectify_requirement(rectify: str, standard: str) -> str:
    """The 整改要求 of a failed item: the template's own text, else "按…的标准整改到位"."""
    if rectify.strip():
        return rectify.strip()
    return f"按照“{standard.strip().rstrip('。')}”的标准整改到位。" if standard.strip() else \
        "立即整改到位。"


@dataclass(frozen=True, slots=True)
class FailedEntry:
    """A failed item as recorded: its code, checklist text and the inspector's note."""

    code: str
    text: str
    finding: str | None


def missing_findings(entries: Iterable[FailedEntry]) -> list[str]:
    """One Chinese line per failed item recorded without a finding (what was found)."""
    return [f"检查项{e.code}“{e.text}”判为不合格，请在“情况说明”中写明发现的问题（如“3单元楼道堆放纸箱”）。"
            for e in entries if not (e.finding or "").strip()]


@dataclass(frozen=True, slots=True)
class NoticeLine:
    """What a notice would list for one item: code, deadline and status facts."""

    code: str
    deadline: date


def notice_refusals(lines: Iterable[NoticeLine], issue_date: date) -> list[str]:
    """Items whose deadline is before ``issue_date``: a notice cannot ask for the past."""
    return [f"{ln.code}（期限{ln.deadline.year}年{ln.deadline.month}月{ln.deadline.day}日）"
            for ln in lines if ln.deadline < issue_date]


__all__ = [
    "FailedEntry",
    "NoticeAuthority",
    "NoticeLine",
    "default_legal_basis",
    "missing_findings",
    "notice_refusals",
    "rectify_requirement",
]
