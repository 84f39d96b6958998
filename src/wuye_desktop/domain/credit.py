"""Company credit: the county's score bands, the grade a score earns, and the black list.

The bands are county reference data (published by the county server as a ``templates`` row of
kind ``credit_bands``); :data:`DEFAULT_BANDS` are the defaults of the policy documents
(AAA ≥ 85, AA 80–85, A 70–80, B 60–70, C below 60) used until the county publishes its own.
A band's lower bound belongs to it: 85 is AAA, 84.9 is AA.

A grade is one of the bands' grades. Older registers hold free text ("3A", "AAA级", "AAAA"):
:func:`normalize_grade` maps the known spellings, anything else stays as typed and is reported
as a grade to correct (never erased).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .enums import ListStatus
from .errors import UserError
from .validation import Issue, Severity, to_halfwidth

SCORE_MIN = 0.0
SCORE_MAX = 100.0


@dataclass(frozen=True, slots=True)
class CreditBand:
    """Scores from ``minimum`` (inclusive) up to the next higher band earn ``grade``."""

    grade: str
    minimum: float


@dataclass(frozen=True, slots=True)
class CreditBands:
    """The county's bands, highest first."""

    bands: tuple[CreditBand, ...]
    #: where they come from ("默认" or the county's publication), shown to the worker
    source: str = "默认"

    @property
    def grades(self) -> tuple[str, ...]:
        return tuple(b.grade for b in self.bands)

    def grade_for(self, score: float | None) -> str | None:
        """The grade ``score`` earns (None without a score)."""
        if score is None:
            return None
        for band in self.bands:
            if score >= band.minimum:
                return band.grade
        return self.bands[-1].grade

    def describe(self) -> str:
        """The bands as a person reads them: AAA ≥85，AA 80–85，…，C <60."""
        parts = []
        for i, b in enumerate(self.bands):
            upper = self.bands[i - 1].minimum if i else None
            if upper is None:
                parts.append(f"{b.grade} ≥{b.minimum:g}")
            elif i == len(self.bands) - 1 and b.minimum <= SCORE_MIN:
                parts.append(f"{b.grade} <{upper:g}")
            else:
                parts.append(f"{b.grade} {b.minimum:g}–{upper:g}")
        return "，".join(parts)


DEFAULT_BANDS = CreditBands((CreditBand("AAA", 85), CreditBand("AA", 80), CreditBand("A", 70),
                             CreditBand("B", 60), CreditBand("C", 0)))

#: ``templates`` reference rows of this kind carry the county's bands
BANDS_KIND = "credit_bands"


class BandsInvalid(UserError):
    """The county's published bands cannot be used (the defaults apply meanwhile)."""

    hint = "请联系县住建局核对发布的信用等级分档。"


def parse_bands(data: Mapping[str, Any], source: str = "县发布") -> CreditBands:
    """Bands from a county publication ``{"bands": [{"grade": "AAA", "min": 85}, …]}``."""
    raw = data.get("bands")
    if not isinstance(raw, list) or not raw:
        raise BandsInvalid("县发布的信用等级分档为空。")
    out: list[CreditBand] = []
    for item in raw:
        if not isinstance(item, Mapping):
            raise BandsInvalid("县发布的信用等级分档格式不对。")
        grade = str(item.get("grade") or "").strip().upper()
        try:
            minimum = float(item.get("min", item.get("minimum")))
        except (TypeError, ValueError) as exc:
            raise BandsInvalid(f"信用等级“{grade}”的最低分不是数字。") from exc
        if not grade or not SCORE_MIN <= minimum <= SCORE_MAX:
            raise BandsInvalid(f"信用等级“{grade}”的分档（{minimum:g}分）不在0至100分之间。")
        out.append(CreditBand(grade, minimum))
    out.sort(key=lambda b: -b.minimum)
    if len({b.grade for b in out}) != len(out) or len({b.minimum for b in out}) != len(out):
        raise BandsInvalid("县发布的信用等级分档中有重复的等级或分数。")
    return CreditBands(tuple(out), source)


_CHINESE_COUNT = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}


def normalize_grade(text: str | None, grades: Iterable[str] = DEFAULT_BANDS.grades) -> str | None:
    """A known spelling of a grade as the grade ("3A"/"AAA级"/"ａａａ" → "AAA"); other text is
    returned stripped but unchanged, so an unknown grade stays visible for the worker to fix."""
    if text is None:
        return None
    raw = str(text).strip()
    if not raw:
        return None
    t = to_halfwidth(raw).upper().translate(str.maketrans("ＡＢＣＤ", "ABCD"))
    t = re.sub(r"[\s　]", "", t)
    t = re.sub(r"(级|等|信用|等级)+$", "", t)
    m = re.fullmatch(r"([1-5一二两三四五])([A-D])", t)
    if m:
        n = int(m.group(1)) if m.group(1).isdigit() else _CHINESE_COUNT[m.group(1)]
        t = m.group(2) * n
    known = {g.upper(): g for g in grades}
    return known.get(t, raw)


def credit_issues(score: float | None, grade: str | None, bands: CreditBands,
                  entered: bool = True) -> list[Issue]:
    """What is wrong with a company's score and grade under ``bands``.

    A score outside 0–100, a grade that is not one of the bands' grades, or a grade other than
    the one the score earns is refused when the person enters it (``entered``); when it is only
    what is stored (an older register, bands changed since) it is a warning asking to fix it,
    so an edit of another field is not blocked."""
    issues: list[Issue] = []
    earned = bands.grade_for(score)
    if score is not None and not SCORE_MIN <= score <= SCORE_MAX:
        issues.append(Issue("credit_score", f"信用分应在0至100分之间（现为{score:g}），请改正。"))
    elif grade is not None and grade not in bands.grades:
        choices = "、".join(bands.grades)
        what = "信用等级" if entered else "原登记的信用等级"
        issues.append(Issue("credit_grade", f"{what}“{grade}”不是县定的等级，请从{choices}中选择"
                                            "（或填写信用分，由分数确定等级）。"))
    elif earned is not None and grade is not None and grade != earned:
        issues.append(Issue("credit_grade", f"信用分{score:g}分对应信用等级{earned}"
                                            f"（县定分档：{bands.describe()}），与填写的“{grade}”不符；"
                                            "请改正信用分或等级。"))
    if entered:
        return issues
    return [Issue(i.field, i.message, Severity.WARNING) for i in issues]


def grade_needs_fixing(grade: str | None, bands: CreditBands) -> bool:
    """A stored grade that is not one of the county's grades (kept from an older register)."""
    return grade is not None and grade not in bands.grades


def is_blacklisted(status: ListStatus | str | None) -> bool:
    """On the county's black list (black-listed companies may not bid for an estate)."""
    return status is not None and str(status) == ListStatus.BLACK.value


class BlacklistedCompany(UserError):
    """Assigning a black-listed company to an estate needs the worker's explicit confirmation."""

    hint = "如确需由该企业服务（例如合同尚未到期），请确认后再保存；小区将标注“黑名单企业”。"

    def __init__(self, company: str, estates: Iterable[str] = ()) -> None:
        self.company = company
        self.estates = tuple(estates)
        where = f"小区“{'、'.join(self.estates)}”" if self.estates else "小区"
        super().__init__(f"物业企业“{company}”在黑名单中，按规定不得承接新项目；"
                         f"要把它设为{where}的物业企业，需要明确确认。")
