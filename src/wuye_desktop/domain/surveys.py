"""Satisfaction and willingness surveys, complaints: thresholds and rates from the seeds.

Thresholds are compared in exact integer arithmetic (satisfied × 100 against 60 × surveyed) so a
rate of exactly 60% or 85% never lands on the wrong side through floating-point rounding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from .enums import LabeledEnum
from .errors import UserError


class SurveyKind(LabeledEnum):
    SATISFACTION = "satisfaction", "满意度测评", "满意度调查"
    WILLINGNESS = "willingness", "物业服务意愿征询", "意愿调查", "意愿征询"


class SurveyAction(LabeledEnum):
    """What the seeds prescribe for a satisfaction rate (and the willingness outcome)."""

    ASSEMBLY_VOTE = "assembly_vote", "召开业主大会表决是否续聘物业企业"
    INTERVIEW_PLEDGE = "interview_pledge", "街道约谈物业企业并签订整改承诺书"
    COMMENDATION = "commendation", "通报表扬并交流经验"
    INTRODUCE = "introduce", "同意引入物业服务（过半数）"
    NOT_INTRODUCE = "not_introduce", "未过半数，暂不引入"


class ActionStatus(LabeledEnum):
    PENDING = "pending", "待落实"
    DONE = "done", "已落实"


class SurveyBand(LabeledEnum):
    """The satisfaction band a rate falls in (the seeds' three bands)."""

    LOW = "low", "低于60%"
    MIDDLE = "middle", "60%～85%"
    HIGH = "high", "85%及以上"


class SurveyError(UserError):
    """A survey that cannot be recorded as given (the message says why)."""


LOW = 60  # below: owners' assembly vote
HIGH = 85  # at or above: commendation
PLEDGE_DAYS = 30  # default deadline of the rectification pledge


def rate(part: int, whole: int) -> float | None:
    """A percentage rounded to one decimal for display; None when nothing was counted."""
    return None if whole <= 0 else round(part * 100.0 / whole, 1)


def satisfaction_action(surveyed: int, satisfied: int) -> SurveyAction:
    """< 60% vote on keeping the company; 60–85% interview + pledge; ≥ 85% commendation."""
    if surveyed <= 0:
        raise ValueError("surveyed must be positive")
    r = Fraction(satisfied * 100, surveyed)
    if r < LOW:
        return SurveyAction.ASSEMBLY_VOTE
    if r < HIGH:
        return SurveyAction.INTERVIEW_PLEDGE
    return SurveyAction.COMMENDATION


def satisfaction_band(action: SurveyAction) -> SurveyBand | None:
    """The band behind a satisfaction action (None for a willingness outcome)."""
    return {SurveyAction.ASSEMBLY_VOTE: SurveyBand.LOW, SurveyAction.INTERVIEW_PLEDGE: SurveyBand.MIDDLE,
            SurveyAction.COMMENDATION: SurveyBand.HIGH}.get(action)


def majority_needed(households: int) -> int:
    """The fewest agreeing households that are *more than half* of ``households``."""
    return households // 2 + 1


#: what the result publication (满意度调查结果公示) says was decided, per action
PUBLICATION_DECISIONS = {
    SurveyAction.ASSEMBLY_VOTE: "综合满意度低于60%，由社区召集业主大会，表决是否续聘物业服务企业",
    SurveyAction.INTERVIEW_PLEDGE: "综合满意度在60%至85%之间，由街道约谈物业服务企业，"
                                   "企业签订整改承诺书，于{deadline}前完成整改",
    SurveyAction.COMMENDATION: "综合满意度达到85%以上，予以通报表扬并交流经验",
}


#: the service items a satisfaction survey may score one by one (percent satisfied per item)
SURVEY_ITEMS = ("保洁", "绿化", "秩序维护", "设施维护", "客户服务")


def clean_scores(scores: Mapping[str, float | int | str | None] | None) -> dict[str, float] | None:
    """The per-item scores given (blank items left out), checked: known items, 0–100.
    None when no item was scored."""
    out: dict[str, float] = {}
    for name, value in (scores or {}).items():
        if value is None or value == "":
            continue
        if name not in SURVEY_ITEMS:
            raise SurveyError(f"不认识的测评项目“{name}”。可用的项目：{'、'.join(SURVEY_ITEMS)}。")
        try:
            v = float(value)
        except (TypeError, ValueError):
            raise SurveyError(f"测评项目“{name}”的满意度应为0～100的数字。") from None
        if not 0 <= v <= 100:
            raise SurveyError(f"测评项目“{name}”的满意度{v:g}应在0～100之间。")
        out[name] = v
    return {k: out[k] for k in SURVEY_ITEMS if k in out} or None


def scores_text(scores: Mapping[str, float] | None) -> str:
    """"保洁90%、绿化82.5%…" in the items' order; "" when not scored."""
    return "、".join(f"{k}{scores[k]:g}%" for k in SURVEY_ITEMS if scores and k in scores)


def weak_items(scores: Mapping[str, float] | None) -> list[str]:
    """The items scored below the commendation line, lowest first (what a pledge must fix)."""
    low = [(v, k) for k, v in (scores or {}).items() if Fraction(str(v)) < HIGH]
    return [k for _v, k in sorted(low, key=lambda p: (p[0], SURVEY_ITEMS.index(p[1])))]


def _year(period: str, conducted_on: date) -> str:
    """The period's leading four digits, else the survey's year."""
    digits = "".join(ch for ch in period.strip()[:4] if ch.isdigit())
    return digits if len(digits) == 4 else str(conducted_on.year)


def _full_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _survey_values(period: str, conducted_on: date, surveyed: int,
                   satisfied: int) -> dict[str, str]:
    pct = rate(satisfied, surveyed)
    return {"调查年度": _year(period, conducted_on),
            "调查时间": f"{conducted_on.year}年{conducted_on.month}月",
            "发放份数": str(surveyed), "满意度": f"{pct:g}%" if pct is not None else ""}


def publication_values(period: str, conducted_on: date, surveyed: int, satisfied: int,
                       action: SurveyAction, deadline: date | None,
                       scores: Mapping[str, float] | None = None) -> dict[str, str]:
    """The fields of the 满意度调查结果公示 template a recorded survey fills (the worker adds the
    main opinions). The year is the period's leading digits, else the survey's year."""
    decision = PUBLICATION_DECISIONS.get(action, action.label)
    when = _full_date(deadline) if deadline else "规定期限"
    items = scores_text(scores)
    return {**_survey_values(period, conducted_on, surveyed, satisfied),
            "有效份数": str(surveyed), "分项满意度": f"（其中{items}）" if items else "",
            "处理意见": decision.replace("{deadline}", when)}


def pledge_values(period: str, conducted_on: date, surveyed: int, satisfied: int,
                  deadline: date | None, scores: Mapping[str, float] | None = None
                  ) -> dict[str, str]:
    """The 整改承诺书 a 60–85% survey calls for: the rate, what to fix (the items below 85%
    when scored) and the pledge's deadline."""
    weak = weak_items(scores)
    shown = "、".join(f"{k}（{scores[k]:g}%）" for k in weak) if scores else ""
    return {**_survey_values(period, conducted_on, surveyed, satisfied),
            "整改事项": f"重点整改{shown}等业主满意度较低的服务项目" if shown
            else "针对业主在调查中反映的问题逐项整改",
            "整改期限": _full_date(deadline) if deadline else ""}


def commendation_values(period: str, conducted_on: date, surveyed: int, satisfied: int,
                        scores: Mapping[str, float] | None = None) -> dict[str, str]:
    """The 表扬通报 a survey at or above 85% calls for."""
    items = scores_text(scores)
    return {**_survey_values(period, conducted_on, surveyed, satisfied),
            "分项满意度": f"，其中{items}" if items else ""}


def assembly_values(company: str | None, period: str, percent: float) -> dict[str, str]:
    """The fields of the 业主大会公告 a satisfaction survey below 60% fills: the vote on keeping
    the company (the worker adds the meeting's dates and place)."""
    who = company or "现物业服务企业"
    return {"表决事项": f"是否续聘{who}为本小区物业服务企业（{period}物业服务满意度测评结果为"
                    f"{percent:g}%，低于60%）"}


def action_for_rate(percent: float | Fraction) -> SurveyAction:
    """The same rule for a rate already expressed in percent (e.g. 59.9)."""
    r = Fraction(str(percent)) if isinstance(percent, float) else Fraction(percent)
    if r < LOW:
        return SurveyAction.ASSEMBLY_VOTE
    return SurveyAction.INTERVIEW_PLEDGE if r < HIGH else SurveyAction.COMMENDATION


def willingness_action(households: int, agreeing: int) -> SurveyAction:
    """"一区一案": a company comes in only when more than half of all households agree."""
    return SurveyAction.INTRODUCE if agreeing * 2 > households else SurveyAction.NOT_INTRODUCE


def pledge_deadline(conducted_on: date, action: SurveyAction) -> date | None:
    return conducted_on + timedelta(days=PLEDGE_DAYS) if action is SurveyAction.INTERVIEW_PLEDGE \
        else None


def check_survey_counts(kind: SurveyKind, households: int | None, surveyed: int,
                        positive: int) -> list[str]:
    """Chinese problems with the counts (empty when valid)."""
    out: list[str] = []
    if surveyed <= 0:
        out.append("参与调查户数应大于0。")
    if positive < 0:
        out.append("满意（同意）户数不能为负数。")
    if positive > surveyed:
        out.append(f"满意（同意）户数{positive}不能大于参与调查户数{surveyed}。")
    if households is not None and surveyed > households:
        out.append(f"参与调查户数{surveyed}不能大于小区总户数{households}。")
    if kind is SurveyKind.WILLINGNESS and not households:
        out.append("意愿征询须填写小区总户数（过半数按总户数计算）。")
    return out


class SurveyMethod(LabeledEnum):
    """How a survey was carried out."""

    DOOR = "door", "入户走访", "入户", "上门"
    PAPER = "paper", "纸质问卷", "问卷", "纸质"
    ONLINE = "online", "线上问卷", "线上", "网络"
    PHONE = "phone", "电话访问", "电话"
    MEETING = "meeting", "业主会议", "会议", "座谈"


class ComplaintSource(LabeledEnum):
    WHISTLE = "whistle", "吹哨报到", "吹哨"
    HOTLINE = "hotline", "12345热线", "12345", "市民热线"
    PHONE = "phone", "来电", "电话"
    VISIT = "visit", "来访", "上门"
    LEAD = "lead", "楼长反映", "楼长"


class ComplaintError(UserError):
    """A complaint that cannot be recorded or changed as asked (the message says why)."""


class ComplaintState(LabeledEnum):
    """Where a complaint stands, for the list's filter and colour."""

    OPEN = "open", "办理中", "未办结", "待办"
    OVERDUE = "overdue", "已逾期", "逾期"
    CLOSED = "closed", "已办结", "办结"


#: default handling deadline, in days after receipt, when the intake gives none
COMPLAINT_DAYS = 7
#: the longest a 12345 work-order number may be (kept exactly as given, only trimmed)
WORK_ORDER_MAX = 40


def complaint_deadline(received_on: date, deadline: date | None = None) -> date:
    """The given deadline, or :data:`COMPLAINT_DAYS` after receipt; never before receipt."""
    if deadline is None:
        return received_on + timedelta(days=COMPLAINT_DAYS)
    if deadline < received_on:
        raise ComplaintError(f"办理期限{deadline.isoformat()}不能早于受理日期{received_on.isoformat()}。")
    return deadline


def complaint_overdue(deadline: date | None, closed: bool, today: date) -> bool:
    """Past its deadline and still not closed (the deadline day itself is not overdue)."""
    return not closed and deadline is not None and deadline < today


def complaint_state(deadline: date | None, closed: bool, today: date) -> ComplaintState:
    if closed:
        return ComplaintState.CLOSED
    return ComplaintState.OVERDUE if complaint_overdue(deadline, closed, today) else ComplaintState.OPEN


def clean_work_order(text: str | None) -> str | None:
    """A 12345 work-order number as given (only surrounding blanks trimmed); None when blank."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    if len(value) > WORK_ORDER_MAX:
        raise ComplaintError(f"工单号最多{WORK_ORDER_MAX}个字符（现为{len(value)}个）。")
    return value


COMPLAINT_CATEGORIES = ("环境卫生", "秩序维护", "设施设备维修", "绿化养护", "停车管理",
                        "电动自行车充电", "消防安全", "物业收费", "违章搭建", "噪音扰民", "其他")

#: response due within this many hours of receipt (12345 practice: contact within one working day)
RESPONSE_HOURS = 24


@dataclass(frozen=True, slots=True)
class ComplaintRates:
    """Response, closure and satisfaction rates for one group of complaints (percent)."""

    total: int
    responded: int
    closed: int
    rated: int
    satisfied: int
    responded_in_time: int

    @property
    def response_rate(self) -> float | None:
        return rate(self.responded, self.total)

    @property
    def timely_response_rate(self) -> float | None:
        return rate(self.responded_in_time, self.total)

    @property
    def closure_rate(self) -> float | None:
        return rate(self.closed, self.total)

    @property
    def satisfaction_rate(self) -> float | None:
        return rate(self.satisfied, self.rated)
