"""维修资金 emergency and ordinary use applications: stages, the owners' vote, apportionment.

The vote follows 《民法典》第二百七十八条 (in force since 2021-01-01):

* participation: owners holding **two thirds or more** (三分之二以上, inclusive) of the
  exclusive-part area **and** two thirds or more of the owners by number take part;
* using the maintenance fund (第五项 "使用建筑物及其附属设施的维修资金"): approval by owners
  holding **more than half** (过半数: exactly half fails) of the participating area **and** more
  than half of the participating owners;
* raising the fund, rebuilding, changing the use of common parts (第六至八项): **three quarters
  or more** (四分之三以上, inclusive) of the participating area and owners.

Areas are square metres with two decimals, compared as exact fractions (no float edge). Money
is in fen (integer cents). An emergency application (应急, the seeds' 紧急维修事项清单: roof and
wall leaks, lifts, fire equipment, burst pipes…) needs no vote: the community confirms, the
sub-district confirms and the county housing authority approves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from .enums import LabeledEnum
from .errors import UserError


class FundError(UserError):
    """A maintenance-fund application that cannot be recorded or moved on as asked."""


class FundPath(LabeledEnum):
    EMERGENCY = "emergency", "应急", "应急使用", "紧急"
    ORDINARY = "ordinary", "一般", "一般使用", "业主表决"


class FundStage(LabeledEnum):
    APPLIED = "applied", "申请"
    COMMUNITY = "community", "社区确认"
    SUBDISTRICT = "subdistrict", "街道确认"
    COUNTY = "county", "县住建审核批准", "县住建批准", "县住建审核"
    WORKS = "works", "施工"
    ACCEPTED = "accepted", "竣工验收"
    SETTLED = "settled", "决算"


STAGE_ORDER: tuple[FundStage, ...] = tuple(FundStage)


class VoteMatter(LabeledEnum):
    """Which 第二百七十八条 approval rule a vote is held under."""

    USE = "use", "使用维修资金"
    RAISE = "raise", "筹集维修资金"


#: the default 紧急维修事项 list (seeds: 消防、电梯等重大安全事项; 外立面脱落, 屋面、外墙渗漏,
#: 排水、排污设施堵塞、破损, 围墙、道路坍塌); the county may add more
EMERGENCY_CATEGORIES: tuple[str, ...] = (
    "屋面漏水", "外墙渗漏", "电梯停运", "消防设施损坏", "供排水管道爆裂", "排污设施堵塞破损",
    "外立面脱落", "围墙道路坍塌", "其他危及安全的紧急情形",
)

#: a county ``templates`` document that adds categories: {"kind": "fund_categories", "name": …,
#: "categories": ["楼道照明损坏", …]}
CATEGORIES_DOCUMENT_KIND = "fund_categories"


def county_categories(doc: Mapping[str, Any]) -> tuple[str, ...]:
    """The categories a county document adds, checked (refused whole when one is bad)."""
    items = doc.get("categories")
    if not isinstance(items, list) or not items:
        raise FundError("维修资金类别表须有 categories（类别列表），如 [\"楼道照明损坏\"]。")
    out: list[str] = []
    for k, item in enumerate(items, 1):
        text = item.strip() if isinstance(item, str) else ""
        if not text or len(text) > 30:
            raise FundError(f"维修资金类别表第{k}项“{item}”无效：类别须为1至30个字的文字。")
        out.append(text)
    return tuple(out)


def all_categories(county: Sequence[str] = ()) -> tuple[str, ...]:
    """The default list, then the county's additions (each once, in order)."""
    return tuple(dict.fromkeys([*EMERGENCY_CATEGORIES, *county]))


PARTICIPATION = Fraction(2, 3)


def approval_rule(matter: VoteMatter) -> tuple[Fraction, bool]:
    """(fraction, strict): USE needs more than half (strict), RAISE three quarters or more."""
    return (Fraction(1, 2), True) if matter is VoteMatter.USE else (Fraction(3, 4), False)


def area(text: object, what: str = "面积", unit: str = "平方米数") -> Fraction:
    """Square metres with at most two decimals as an exact fraction; refuses anything else."""
    try:
        d = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        raise FundError(f"{what}“{text}”不是数字，请填写{unit}（最多两位小数）。") from None
    if not d.is_finite() or d < 0:
        raise FundError(f"{what}不能为负数，请重新填写。")
    if d != d.quantize(Decimal("0.01")):
        raise FundError(f"{what}最多两位小数（现为{d}），请改正。")
    return Fraction(d)


def yuan_to_fen(text: object, what: str = "金额") -> int:
    """Yuan with at most two decimals → fen; refuses negatives and more decimals."""
    return int(area(text, what, "元") * 100)


def fen_text(fen: int) -> str:
    """12345 → "123.45" (yuan with two decimals)."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def _at_least(part: Fraction | int, whole: Fraction | int, share: Fraction) -> bool:
    return whole > 0 and Fraction(part) >= share * whole


def _more_than(part: Fraction | int, whole: Fraction | int, share: Fraction) -> bool:
    return whole > 0 and Fraction(part) > share * whole


@dataclass(frozen=True)
class VoteTally:
    """The owners' vote of one application: the scope (every owner of the buildings concerned),
    who took part and who agreed, by exclusive-part area (㎡) and by number of owners."""

    total_area: Fraction
    total_owners: int
    voted_area: Fraction
    voted_owners: int
    agreed_area: Fraction
    agreed_owners: int
    matter: VoteMatter = VoteMatter.USE

    def __post_init__(self) -> None:
        if self.total_area <= 0 or self.total_owners <= 0:
            raise FundError("表决范围的专有部分总面积和业主总人数都必须大于0，请填写。")
        if min(self.voted_owners, self.agreed_owners) < 0:
            raise FundError("参与表决和同意的人数不能为负数。")
        if self.voted_area > self.total_area or self.voted_owners > self.total_owners:
            raise FundError("参与表决的面积或人数超过了表决范围的总数，请核对。")
        if self.agreed_area > self.voted_area or self.agreed_owners > self.voted_owners:
            raise FundError("同意的面积或人数超过了参与表决的数，请核对。")

    @property
    def participation_area_met(self) -> bool:
        return _at_least(self.voted_area, self.total_area, PARTICIPATION)

    @property
    def participation_owners_met(self) -> bool:
        return _at_least(self.voted_owners, self.total_owners, PARTICIPATION)

    def _approved(self, part: Fraction | int, whole: Fraction | int) -> bool:
        share, strict = approval_rule(self.matter)
        return (_more_than if strict else _at_least)(part, whole, share)

    @property
    def approval_area_met(self) -> bool:
        return self._approved(self.agreed_area, self.voted_area)

    @property
    def approval_owners_met(self) -> bool:
        return self._approved(self.agreed_owners, self.voted_owners)

    @property
    def passed(self) -> bool:
        return (self.participation_area_met and self.participation_owners_met
                and self.approval_area_met and self.approval_owners_met)

    def ratios(self) -> dict[str, Fraction]:
        """The four ratios as exact fractions (for printing as percent)."""
        def r(a: Fraction | int, b: Fraction | int) -> Fraction:
            return Fraction(a) / Fraction(b) if b else Fraction(0)
        return {"participation_area": r(self.voted_area, self.total_area),
                "participation_owners": r(self.voted_owners, self.total_owners),
                "approval_area": r(self.agreed_area, self.voted_area),
                "approval_owners": r(self.agreed_owners, self.voted_owners)}

    def rule_text(self) -> str:
        need = "过半数" if self.matter is VoteMatter.USE else "四分之三以上"
        return (f"《民法典》第二百七十八条：专有部分面积占比三分之二以上且人数占比三分之二以上的"
                f"业主参与表决，经参与表决专有部分面积{need}且参与表决人数{need}的业主同意。")


def area_text(a: Fraction) -> str:
    """An area as ㎡ with two decimals (rounded down; stored areas have two decimals)."""
    n = (a * 100).numerator // (a * 100).denominator
    return f"{n // 100}.{n % 100:02d}"


def percent_text(value: Fraction) -> str:
    """An exact ratio as a percent with two decimals, rounded down (never shows a pass early)."""
    hundredths = (value * 10000).numerator // (value * 10000).denominator
    return f"{hundredths // 100}.{hundredths % 100:02d}%"


def apportion(total_fen: int, areas: Sequence[tuple[str, Fraction]]) -> dict[str, int]:
    """Split ``total_fen`` over the buildings by area; the shares sum to ``total_fen`` exactly.

    Each building gets the floor of its exact share; the fen left over go one each to the
    largest fractional remainders, ties to the building listed first (deterministic)."""
    if total_fen < 0:
        raise FundError("决算金额不能为负数。")
    whole = sum((a for _, a in areas), Fraction(0))
    if not areas or whole <= 0:
        raise FundError("请填写各楼栋的专有部分面积，才能按面积分摊决算金额。")
    exact = [(key, Fraction(total_fen) * a / whole) for key, a in areas]
    shares = {key: e.numerator // e.denominator for key, e in exact}
    left = total_fen - sum(shares.values())
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i][1] - shares[exact[i][0]]), i))
    for i in order[:left]:
        shares[exact[i][0]] += 1
    return shares


def per_square_metre_fen(total_fen: int, total_area: Fraction) -> Fraction:
    """The final cost per ㎡ of exclusive-part area, in fen (exact)."""
    if total_area <= 0:
        raise FundError("专有部分总面积必须大于0。")
    return Fraction(total_fen) / total_area


def household_fen(total_fen: int, total_area: Fraction, household_area: Fraction) -> int:
    """What a household of ``household_area`` ㎡ bears, rounded half up to the fen."""
    exact = per_square_metre_fen(total_fen, total_area) * household_area
    return int(exact + Fraction(1, 2))


def next_stage(stage: FundStage) -> FundStage | None:
    i = STAGE_ORDER.index(stage)
    return STAGE_ORDER[i + 1] if i + 1 < len(STAGE_ORDER) else None


def check_advance(path: FundPath, stage: FundStage, target: FundStage, vote_passed: bool | None,
                  photo_count: int, final_cost_fen: int | None) -> None:
    """Refuse a stage change the rules forbid (one step at a time, in order)."""
    if stage is FundStage.SETTLED:
        raise FundError("该申请已决算，不能再推进。")
    expected = next_stage(stage)
    if target is not expected:
        raise FundError(f"当前阶段是“{stage.label}”，下一步只能是“{expected.label if expected else ''}”。")
    if path is FundPath.ORDINARY and target is FundStage.COMMUNITY and not vote_passed:
        raise FundError("一般使用须先经业主表决通过（民法典第二百七十八条），请先录入表决结果。")
    if target is FundStage.ACCEPTED and photo_count == 0:
        raise FundError("竣工验收须附现场照片，请先添加照片。")
    if target is FundStage.SETTLED and final_cost_fen is None:
        raise FundError("决算须填写决算金额。")
