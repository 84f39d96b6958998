"""What a sync does once the pull is complete: fetch the photo files of inspections made on
other devices, and tell the county which pulled rows this device had to set aside."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from ..storage.db import Database
from ..storage.models_sync import SET_ASIDE, SyncCopy
from ..storage.types import utcnow
from ..sync.client import CountyClient, Offline, Refused
from ..sync.protocol import MAX_SET_ASIDE, SetAsideReport, SetAsideRow, is_sha256

if TYPE_CHECKING:
    from ..sync.engine import SyncReport

#: the fingerprint of the set-aside rows last reported to the county
KEY_SET_ASIDE_SENT = "sync_set_aside_reported"
#: the photos the last sync could not download (JSON list of {"sha256", "text"}): shown by
#: ``sync status`` and in 需要处理 until a later sync fetches them
KEY_PHOTO_PROBLEMS = "sync_photo_problems"


#: 需要处理 ids of photo problems: "photo:<sha256>"
PHOTO_PREFIX = "photo:"


@dataclass(frozen=True)
class PhotoProblem:
    """A photo the last sync could not download: which (title), why, and when."""

    sha256: str
    title: str
    reason: str
    at: datetime

    @property
    def text(self) -> str:
        return f"{self.title}{self.reason}"


def photo_problems(db: Database) -> list[PhotoProblem]:
    """The photos the last sync could not download (a later sync tries them again)."""
    raw = db.get_setting(KEY_PHOTO_PROBLEMS)
    try:
        items = json.loads(raw) if raw else []
        return [PhotoProblem(str(i["sha256"]), str(i["title"]), str(i["reason"]),
                             datetime.fromisoformat(str(i["at"]))) for i in items]
    except (ValueError, KeyError, TypeError):
        return []


def _fingerprint(report: SetAsideReport) -> str:
    return hashlib.sha256(report.model_dump_json().encode()).hexdigest()


def download_photos(db: Database, client: CountyClient, photos_dir: Path,
                    report: SyncReport) -> None:
    """Fetch the files of photos whose rows arrived from other devices (a missing file is
    what the inspection report would print as a placeholder). Each photo on its own: one
    that fails is named in the report and fetched by a later sync; the others still come."""
    from ..storage.models import Estate
    from ..storage.models_inspection import Inspection, InspectionPhoto

    with db.session() as s:
        rows = s.execute(select(InspectionPhoto.sha256, InspectionPhoto.caption, Estate.name,
                                Inspection.inspected_on)
                         .join(Inspection, Inspection.id == InspectionPhoto.inspection_id)
                         .join(Estate, Estate.id == Inspection.estate_id, isouter=True)
                         .where(InspectionPhoto.deleted_at.is_(None))
                         .order_by(InspectionPhoto.sha256)).all()
    named: dict[str, str] = {}
    for sha, caption, estate, day in rows:
        named.setdefault(sha, f"{estate or '（小区已删除）'} {day.isoformat()} 检查的照片"
                              f"“{caption or '无说明'}”（编号 {sha[:8]}）")
    problems: list[dict[str, str]] = []

    def problem(sha: str, why: str) -> None:
        reason = f"{why}，下次同步时会再试。"
        report.photo_problems.append(f"{named[sha]}{reason}")
        problems.append({"sha256": sha, "title": named[sha], "reason": reason,
                         "at": utcnow().isoformat()})

    for sha in named:
        path = photos_dir / sha[:2] / f"{sha}.jpg"
        if path.is_file() or not is_sha256(sha):
            continue
        try:
            data = client.get_photo(sha)
        except Refused as exc:  # 404: the device that took it has not uploaded the file
            problem(sha, f"未能下载：县服务器上没有这张照片的文件（{exc}）。请在拍摄照片的电脑上同步一次")
            continue
        except Offline as exc:  # not auth: that stops the run as elsewhere
            problem(sha, f"未能下载：连不上县服务器（{exc}）")
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            problem(sha, "下载的内容与照片编号不符（文件在传输中损坏），已丢弃")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + ".part")
        part.write_bytes(data)
        part.replace(path)  # never a half-written photo under the real name
        report.photos_downloaded += 1
    db.set_setting(KEY_PHOTO_PROBLEMS, json.dumps(problems, ensure_ascii=False) if problems else "")


def report_set_aside(db: Database, client: CountyClient) -> None:
    """Tell the county which pulled rows this device has set aside (all of them, each time
    the set changes), so the county sees rows some device cannot apply. Best effort: the
    sync itself is done; a failed report is sent again after the next pull."""
    with db.session() as s:
        rows = [SetAsideRow(table=c.table_name, row_id=c.row_id, version=c.version or 0,
                            reason=(c.reason or "")[:500])
                for c in s.scalars(select(SyncCopy).where(SyncCopy.kind == SET_ASIDE)
                                   .order_by(SyncCopy.table_name, SyncCopy.row_id)
                                   .limit(MAX_SET_ASIDE))]
    body = SetAsideReport(rows=rows)
    sent = _fingerprint(body)
    if sent == (db.get_setting(KEY_SET_ASIDE_SENT) or _fingerprint(SetAsideReport())):
        return  # the county already has this set (a device with none never reports)
    try:
        client.report_set_aside(body)
    except (Offline, Refused):  # an older county server has no such route: nothing lost
        return
    db.set_setting(KEY_SET_ASIDE_SENT, sent)
