"""Public revenue (公共收益) and property-fee collection (物业费收缴): the rules.

Money is held as integer fen (分) everywhere below the UI; text is parsed once here and printed
once here (:func:`parse_amount`, :func:`yuan`). A period is a quarter, a half-year or a year;
its bounds, its label and the sums over it are computed here and nowhere else. The closing
balance (结余) of a period is 期初 + 收入 − 支出, where 期初 is everything before the period's
first day, so balances carry over between periods of any length.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .enums import LabeledEnum
from .errors import UserError


class RevenueError(UserError):
    """Bad ledger input: the message says which value and what is allowed."""


class EntryKind(LabeledEnum):
    INCOME = "income", "收入", "收益"
    EXPENSE = "expense", "支出", "开支"


#: categories offered per kind (a ledger row keeps the text it was given)
INCOME_CATEGORIES = ("广告", "停车", "场地租赁", "其他")
EXPENSE_CATEGORIES = ("维修养护", "补充维修资金", "其他")


def categories(kind: EntryKind) -> tuple[str, ...]:
    return INCOME_CATEGORIES if kind is EntryKind.INCOME else EXPENSE_CATEGORIES


class PeriodKind(LabeledEnum):
    QUARTER = "quarter", "季度", "按季度", "季"
    HALF = "half", "半年", "半年度", "按半年"
    YEAR = "year", "年度", "全年", "按年"

    @property
    def months(self) -> int:
        return {"quarter": 3, "half": 6, "year": 12}[self.value]


#: more than this (one hundred million yuan) is a typing error, not a community's revenue
MAX_FEN = 100_000_000 * 100


def parse_amount(value: str | int | Decimal, what: str = "金额") -> int:
    """Text such as ``12000``, ``12,000.50`` or ``12000元`` -> fen; refuses negative, zero,
    more than two decimals and absurd amounts, in Chinese."""
    if isinstance(value, bool):
        raise RevenueError(f"{what}应为数字，单位元，例如 12000.00。")
    text = str(value).strip().replace(",", "").replace("，", "").removesuffix("元").strip()
    try:
        d = Decimal(text)
    except InvalidOperation:
        raise RevenueError(f"{what}“{value}”不是数字，请填写以元为单位的金额，例如 12000.00。") from None
    if not d.is_finite():
        raise RevenueError(f"{what}“{value}”不是数字，请填写以元为单位的金额，例如 12000.00。")
    if d <= 0:
        raise RevenueError(f"{what}必须大于0（现为{text}）：支出请选择“支出”，不要填负数。")
    if d != d.quantize(Decimal("0.01")):
        raise RevenueError(f"{what}最多两位小数（到分），现为{text}。")
    fen = int(d * 100)
    if fen > MAX_FEN:
        raise RevenueError(f"{what}{text}元超过一亿元，请检查是否多输了位数。")
    return fen


def parse_count(value: str | int, what: str) -> int:
    """A household count: a whole number, zero or more."""
    try:
        n = int(str(value).strip())
    except ValueError:
        raise RevenueError(f"{what}应为整数（户），现为“{value}”。") from None
    if n < 0 or n > 1_000_000:
        raise RevenueError(f"{what}应在0到1000000户之间，现为{n}。")
    return n


def yuan(fen: int) -> str:
    """fen -> ``12,000.00`` (no unit)."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


@dataclass(frozen=True, slots=True)
class PeriodBounds:
    """One period: first and last day (both inclusive) and how it reads."""

    kind: PeriodKind
    year: int
    index: int  # 1-based: quarter 1..4, half 1..2, year 1
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year}年第{'一二三四'[self.index - 1]}季度"
        if self.kind is PeriodKind.HALF:
            return f"{self.year}年{'上下'[self.index - 1]}半年"
        return f"{self.year}年度"

    @property
    def code(self) -> str:
        """``2026Q1`` / ``2026H2`` / ``2026``: how the CLI and exports name it."""
        if self.kind is PeriodKind.YEAR:
            return str(self.year)
        return f"{self.year}{'Q' if self.kind is PeriodKind.QUARTER else 'H'}{self.index}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> PeriodBounds:
        if self.index > 1:
            return period_bounds(self.kind, self.year, self.index - 1)
        return period_bounds(self.kind, self.year - 1, 12 // self.kind.months)


def period_bounds(kind: PeriodKind, year: int, index: int = 1) -> PeriodBounds:
    count = 12 // kind.months
    if not 1 <= index <= count:
        raise RevenueError(f"{kind.label}的序号应在1到{count}之间，现为{index}。")
    first_month = (index - 1) * kind.months + 1
    start = dt.date(year, first_month, 1)
    after = dt.date(year + 1, 1, 1) if first_month + kind.months > 12 else \
        dt.date(year, first_month + kind.months, 1)
    return PeriodBounds(kind, year, index, start, after - dt.timedelta(days=1))


def period_of(kind: PeriodKind, day: dt.date) -> PeriodBounds:
    """The period of ``kind`` that contains ``day``."""
    return period_bounds(kind, day.year, (day.month - 1) // kind.months + 1)


def parse_period(text: str) -> PeriodBounds:
    """``2026Q1``, ``2026H2``, ``2026`` (also 2026-Q1, 2026年第一季度 style is not accepted)."""
    t = text.strip().upper().replace("-", "")
    try:
        if len(t) == 4:
            return period_bounds(PeriodKind.YEAR, int(t))
        if len(t) == 6 and t[4] in "QH":
            return period_bounds(PeriodKind.QUARTER if t[4] == "Q" else PeriodKind.HALF,
                                 int(t[:4]), int(t[5]))
    except ValueError:
        pass
    raise RevenueError(f"看不懂期间“{text}”：请写 2026Q1（季度）、2026H1（半年）或 2026（全年）。")


@dataclass(frozen=True, slots=True)
class LedgerLine:
    """One ledger entry as the sums see it."""

    kind: EntryKind
    category: str
    day: dt.date
    fen: int


@dataclass
class LedgerSummary:
    """A period's figures: every total is a sum of the lines beside it."""

    period: PeriodBounds
    opening: int = 0
    income: dict[str, int] = field(default_factory=dict)
    expense: dict[str, int] = field(default_factory=dict)

    @property
    def income_total(self) -> int:
        return sum(self.income.values())

    @property
    def expense_total(self) -> int:
        return sum(self.expense.values())

    @property
    def closing(self) -> int:
        """结余 = 期初 + 收入 − 支出."""
        return self.opening + self.income_total - self.expense_total


def _ordered(sums: dict[str, int], order: tuple[str, ...]) -> dict[str, int]:
    rank = {c: i for i, c in enumerate(order)}
    return dict(sorted(sums.items(), key=lambda kv: (rank.get(kv[0], len(order) - 0.5), kv[0])))


def summarise(lines: Iterable[LedgerLine], period: PeriodBounds) -> LedgerSummary:
    """Sums per category within ``period``; 期初 is the balance of everything before it."""
    out = LedgerSummary(period)
    for line in lines:
        sign = 1 if line.kind is EntryKind.INCOME else -1
        if line.day < period.start:
            out.opening += sign * line.fen
        elif line.day <= period.end:
            bucket = out.income if line.kind is EntryKind.INCOME else out.expense
            bucket[line.category] = bucket.get(line.category, 0) + line.fen
    out.income = _ordered(out.income, INCOME_CATEGORIES)
    out.expense = _ordered(out.expense, EXPENSE_CATEGORIES)
    return out


def detail_text(sums: dict[str, int], kind: EntryKind) -> str:
    """``广告收入12,000.00元，停车收入36,500.00元`` (``无`` when empty): the notice's detail line."""
    if not sums:
        return "无"
    suffix = "收入" if kind is EntryKind.INCOME else ""
    return "，".join(f"{c}{suffix}{yuan(f)}元" for c, f in sums.items())


#: placeholders of the 物业费收缴率及收费标准公示, filled from the collection record
FEE_NOTICE_FIELDS = frozenset({"收缴期间", "物业费收费标准", "应缴户数", "已缴户数", "物业费收缴率",
                               "收缴金额"})
#: notice placeholders filled from the ledger or the fee record: never typed, never overridden
COMPUTED_NOTICE_FIELDS = frozenset({"公示期间", "期初结余", "收入合计", "收入明细", "支出合计",
                                    "支出明细", "结余"}) | FEE_NOTICE_FIELDS


def notice_values(summary: LedgerSummary) -> dict[str, str]:
    """The computed placeholders of the 公共收益公示 notice."""
    return {"公示期间": summary.period.label, "期初结余": yuan(summary.opening),
            "收入合计": yuan(summary.income_total),
            "收入明细": detail_text(summary.income, EntryKind.INCOME),
            "支出合计": yuan(summary.expense_total),
            "支出明细": detail_text(summary.expense, EntryKind.EXPENSE),
            "结余": yuan(summary.closing)}


# --- property fee collection (物业费收缴率) -----------------------------------------------------

def collection_rate(due: int, paid: int) -> Decimal | None:
    """Paid / due as a percentage with one decimal (None when nothing was due)."""
    if due <= 0:
        return None
    return (Decimal(paid) * 100 / Decimal(due)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def check_fee_counts(households_due: int, households_paid: int, due_fen: int | None,
                     paid_fen: int | None) -> None:
    """Refuse paid figures above the due ones."""
    if households_paid > households_due:
        raise RevenueError(f"已缴户数（{households_paid}）不能多于应缴户数（{households_due}）。")
    if due_fen is not None and paid_fen is not None and paid_fen > due_fen:
        raise RevenueError(f"实收金额（{yuan(paid_fen)}元）不能多于应收金额（{yuan(due_fen)}元）。")


def fee_notice_values(period: PeriodBounds, households_due: int, households_paid: int,
                      due_fen: int | None, paid_fen: int | None, standard: str) -> dict[str, str]:
    """The computed placeholders of the 物业费收缴率及收费标准公示."""
    rate = collection_rate(households_due, households_paid)
    amounts = "" if due_fen is None or paid_fen is None else \
        f"应收{yuan(due_fen)}元，实收{yuan(paid_fen)}元。"
    return {"收缴期间": period.label, "物业费收费标准": standard, "应缴户数": str(households_due),
            "已缴户数": str(households_paid), "物业费收缴率": "—" if rate is None else f"{rate}%",
            "收缴金额": amounts}
