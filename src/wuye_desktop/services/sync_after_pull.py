"""What a sync does once the pull is complete: fetch the photo files of inspections made on
other devices, and tell the county which pulled rows this device had to set aside."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from ..storage.db import Database
from ..storage.models_sync import SET_ASIDE, SyncCopy
from ..sync.client import CountyClient, Offline, Refused
from ..sync.protocol import MAX_SET_ASIDE, SetAsideReport, SetAsideRow, is_sha256

if TYPE_CHECKING:
    from ..sync.engine import SyncReport

#: the fingerprint of the set-aside rows last reported to the county
KEY_SET_ASIDE_SENT = "sync_set_aside_reported"


def _fingerprint(report: SetAsideReport) -> str:
    return hashlib.sha256(report.model_dump_json().encode()).hexdigest()


def download_photos(db: Database, client: CountyClient, photos_dir: Path,
                    report: SyncReport) -> None:
    """Fetch the files of photos whose rows arrived from other devices (a missing file is
    what the inspection report would print as a placeholder). Each photo on its own: one
    that fails is named in the report and fetched by a later sync; the others still come."""
    from ..storage.models_inspection import InspectionPhoto

    with db.session() as s:
        hashes = sorted(set(s.scalars(select(InspectionPhoto.sha256)
                                      .where(InspectionPhoto.deleted_at.is_(None)))))
    for sha in hashes:
        path = photos_dir / sha[:2] / f"{sha}.jpg"
        if path.is_file() or not is_sha256(sha):
            continue
        try:
            data = client.get_photo(sha)
        except (Offline, Refused) as exc:  # not auth: that stops the run as elsewhere
            report.photo_problems.append(f"照片 {sha[:8]}… 未能从县服务器下载（{exc}），下次同步时再试。")
            continue
        if hashlib.sha256(data).hexdigest() != sha:
            report.photo_problems.append(f"照片 {sha[:8]}… 下载的内容与编号不符，已丢弃，下次同步时再试。")
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(path.name + ".part")
        part.write_bytes(data)
        part.replace(path)  # never a half-written photo under the real name
        report.photos_downloaded += 1


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
