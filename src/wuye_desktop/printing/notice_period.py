"""The notice period of an event a notice announces (业主大会: 15 days, 《物业管理条例》第十四条).

A template with ``notice_days`` names the field holding the event's time (free text such as
"2026年12月6日至12月20日" or "2026-12-06"); the first full date written there is the day the event
starts, and it must be at least ``notice_days`` days after the issue date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from .data import cn_date
from .templates import NoticeTemplate, TemplateError

_DATE_RE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})")


def first_date(text: str) -> dt.date | None:
    """The first full date (year, month, day) written in ``text``; None when there is none."""
    for m in _DATE_RE.finditer(text):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
    return None


def earliest_event_date(template: NoticeTemplate, issue_date: dt.date) -> dt.date | None:
    """The first day the event may be held for a notice issued on ``issue_date``."""
    if not template.notice_days:
        return None
    return issue_date + dt.timedelta(days=template.notice_days)


def refuse_short_notice(template: NoticeTemplate, values: Mapping[str, str],
                        issue_date: dt.date) -> None:
    """Raise :class:`TemplateError` when the event starts fewer than ``notice_days`` days after
    ``issue_date`` (or its date cannot be read), giving the earliest allowed date."""
    earliest = earliest_event_date(template, issue_date)
    if earliest is None:
        return
    field = next(f for f in template.fields if f.name == template.notice_date_field)
    text = (values.get(field.name) or field.default).strip()
    if not text:
        return  # a missing required value is refused by the template's own check
    start = first_date(text)
    if start is None:
        raise TemplateError(
            f"“{field.label}”（{text}）中没有可识别的日期，无法核对是否提前{template.notice_days}日通知"
            f"（最早可定于{cn_date(earliest)}）。",
            hint=f"请写明年月日，如“{cn_date(earliest)}”。")
    if start < earliest:
        days = (start - issue_date).days
        raise TemplateError(
            f"{template.name}须在会议召开{template.notice_days}日前发出（《物业管理条例》第十四条）："
            f"“{field.label}”为{cn_date(start)}，距成文日期{cn_date(issue_date)}只有{days}日，"
            f"最早可定于{cn_date(earliest)}。",
            hint=f"请将{field.label}改为{cn_date(earliest)}或以后，或提前成文日期。")
