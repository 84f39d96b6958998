"""物业选聘: the record of selecting a property company for an estate, stage by stage.

The seeds (昆区 work plan): for an estate run by the residents' committee the company is chosen
after a willingness survey ("民意调查选聘"); otherwise by tender (公开招标 / 邀请招标); once
chosen, the contract is signed and filed (备案). Black-listed companies "禁止其参加…招投标活动":
they are refused as candidates, with no override (unlike assigning a company to an estate,
where an existing contract may still run).

The stages come in one order (:data:`STAGE_ORDER`); every check here raises
:class:`SelectionError`, a ``UserError`` whose message says what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .credit import is_blacklisted
from .enums import LabeledEnum, ListStatus, ServiceGrade
from .errors import UserError
from .surveys import SurveyAction, SurveyKind


class SelectionMethod(LabeledEnum):
    PUBLIC_TENDER = "public_tender", "公开招标", "公开招投标"
    INVITED_TENDER = "invited_tender", "邀请招标", "邀请招投标"
    AGREEMENT = "agreement", "协议选聘", "协议方式", "协商选聘"


class SelectionStage(LabeledEnum):
    """Where a selection stands; each stage needs the one before it."""

    STARTED = "started", "征询与方式已定"
    EVALUATED = "evaluated", "评审完成"
    PUBLISHED = "published", "结果公示"
    FILED = "filed", "合同已备案"


STAGE_ORDER: tuple[SelectionStage, ...] = tuple(SelectionStage)

#: the highest evaluation score (百分制)
MAX_SCORE = 100.0
#: at most this many characters in a reason or note
REASON_LIMIT = 500


class SelectionError(UserError):
    """A selection step that cannot be recorded as given (the message says why)."""


class BlacklistedCandidate(SelectionError):
    """A black-listed company may not take part in a selection (no override)."""

    hint = "请从候选企业中去掉该企业；如信用情况已变化，请先在物业企业台账中更新其红黑名单。"

    def __init__(self, company: str) -> None:
        self.company = company
        super().__init__(f"物业企业“{company}”在黑名单中，按规定不得参加物业选聘（招投标）活动。")


@dataclass(frozen=True)
class Candidate:
    """One company taking part; ``score`` is None until evaluated."""

    company_id: str
    score: float | None = None
    note: str | None = None

    def as_wire(self) -> dict[str, Any]:
        return {"company_id": self.company_id, "score": self.score, "note": self.note}

    @staticmethod
    def from_wire(d: Mapping[str, Any]) -> Candidate:
        score = d.get("score")
        return Candidate(str(d["company_id"]), None if score is None else float(score),
                         d.get("note"))


def stage_index(stage: SelectionStage) -> int:
    return STAGE_ORDER.index(stage)


def require_stage(current: SelectionStage, *allowed: SelectionStage, doing: str) -> None:
    """Refuse ``doing`` unless the selection is at one of ``allowed``."""
    if current in allowed:
        return
    if stage_index(current) > max(stage_index(a) for a in allowed):
        raise SelectionError(f"该选聘已到“{current.label}”阶段，不能再{doing}。")
    need = "、".join(a.label for a in allowed)
    raise SelectionError(f"该选聘尚在“{current.label}”阶段，需先完成前面的步骤（{need}）才能{doing}。")


def clean_text(value: str | None, what: str, limit: int = REASON_LIMIT) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip()
    if len(value) > limit:
        raise SelectionError(f"{what}最多{limit}个字（现为{len(value)}个）。")
    return value


def check_method(method: SelectionMethod | None, reason: str | None) -> str | None:
    """The method is required; 协议选聘 needs its reason (why no tender)."""
    if not isinstance(method, SelectionMethod):
        raise SelectionError("请选择选聘方式（公开招标、邀请招标或协议选聘）。")
    text = clean_text(reason, "选聘方式的理由")
    if method is SelectionMethod.AGREEMENT and text is None:
        raise SelectionError("协议选聘须写明理由（例如：投标人少于三个、小区规模小），请填写后再保存。")
    return text


def check_survey(kind: SurveyKind, action: SurveyAction, survey_estate: str, estate_id: str) -> None:
    """The survey behind a selection: this estate's willingness survey, with a majority."""
    if survey_estate != estate_id:
        raise SelectionError("所选意愿征询不是该小区的，请重新选择。")
    if kind is not SurveyKind.WILLINGNESS:
        raise SelectionError("请选择该小区的物业服务意愿征询（不是满意度测评）。")
    if action is not SurveyAction.INTRODUCE:
        raise SelectionError("该意愿征询同意引入物业的户数未过半数，按“一区一案”不能启动选聘；"
                             "请先重新征询业主意愿。")


def check_candidate(name: str, status: ListStatus | str | None,
                    existing: Iterable[str], company_id: str) -> None:
    if is_blacklisted(status):
        raise BlacklistedCandidate(name)
    if company_id in set(existing):
        raise SelectionError(f"物业企业“{name}”已是候选企业，不必重复添加。")


def check_score(score: float | int | str | None) -> float:
    try:
        value = float(str(score).strip()) if score is not None else None
    except ValueError:
        value = None
    if value is None or not 0 <= value <= MAX_SCORE:
        raise SelectionError(f"评审得分应为0到{MAX_SCORE:g}之间的数字，请重新填写。")
    return round(value, 2)


def all_scored(candidates: Sequence[Candidate]) -> bool:
    return bool(candidates) and all(c.score is not None for c in candidates)


def ranked(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Highest score first (unscored last; ties keep the order they were added)."""
    return sorted(candidates, key=lambda c: -c.score if c.score is not None else float("inf"))


def check_result(candidates: Sequence[Candidate], winner_id: str,
                 start: date, end: date) -> None:
    """The selected company is a scored candidate; the 公示 period is a real range."""
    if not all_scored(candidates):
        raise SelectionError("还有候选企业没有评审得分，请先录入全部得分。")
    if winner_id not in {c.company_id for c in candidates}:
        raise SelectionError("选定的物业企业不在候选企业中，请从候选企业中选择。")
    if end < start:
        raise SelectionError("公示结束日期不能早于开始日期，请重新填写。")


def check_filing(publication_end: date | None, filed_on: date, start: date, end: date,
                 fee: float | int | str | None, grade: ServiceGrade | None) -> float:
    """合同备案: after the 公示 ends, a real term, a positive fee (元/㎡·月), a grade."""
    if publication_end is not None and filed_on <= publication_end:
        raise SelectionError(f"公示期到{publication_end.year}年{publication_end.month}月"
                             f"{publication_end.day}日结束，公示期满后才能办理合同备案。")
    if end <= start:
        raise SelectionError("合同期限的结束日期应晚于开始日期，请重新填写。")
    try:
        value = float(str(fee).strip()) if fee is not None else 0.0
    except ValueError:
        value = 0.0
    if not 0 < value < 100:
        raise SelectionError("请填写物业费标准（元/㎡·月，大于0的数字，例如0.8）。")
    if not isinstance(grade, ServiceGrade):
        raise SelectionError("请选择合同约定的服务等级。")
    return round(value, 2)


def full_date(d: date | None) -> str:
    return "" if d is None else f"{d.year}年{d.month}月{d.day}日"
