"""What the county reviews by hand: open conflicts, and outbox files exported by devices.

* :func:`open_conflicts` — every field two devices changed differently and nobody has decided
  yet, per community (``wuye-county conflicts list``).
* :func:`read_outbox` / :func:`import_outbox` — a device's ``export-outbox`` file (the unsent
  work of a revoked or broken PC): read and summarised for review, then applied as that
  device's batches (``wuye-county import-outbox FILE [--apply]``). The batch ids are derived
  from the file's content, so importing the same file twice applies it once (the server answers
  a repeated batch with its stored reply); each operation gets its own answer, as in a push.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from wuye_desktop.domain.errors import UserError
from wuye_desktop.domain.values import printable
from wuye_desktop.sync.protocol import MAX_BATCH_OPS, PushBatch

from .auth import DeviceInfo
from .models import Conflict, Device
from .push import apply_batch

OUTBOX_FORMAT = "wuye-outbox/1"
_NS = uuid.UUID("2b8f0c4e-7a61-5d3e-9c0b-4e5f6a7b8c9d")


class OutboxFileError(UserError):
    """An exported outbox file that cannot be imported (message in Chinese)."""


def open_conflicts(conn: Connection, community: str | None = None) -> list[Any]:
    """Unresolved conflicts, oldest first (optionally of one community)."""
    q = select(Conflict).where(Conflict.resolved_at.is_(None))
    if community:
        q = q.where(Conflict.community_code == community)
    return list(conn.execute(q.order_by(Conflict.community_code, Conflict.created_at,
                                        Conflict.id)))


@dataclass
class OutboxFile:
    """An exported outbox, read and checked."""

    device_id: str
    community: str
    operations: list[dict[str, Any]]
    digest: str
    tables: Counter[str] = field(default_factory=Counter)


def read_outbox(path: Path) -> OutboxFile:
    try:
        raw = path.read_bytes()
        body = json.loads(raw)
    except OSError as exc:
        raise OutboxFileError(f"无法读取文件“{path}”：{exc.strerror or exc}") from exc
    except ValueError as exc:
        raise OutboxFileError(f"文件“{path.name}”不是有效的 JSON，请确认它是“导出未上传的修改”"
                              "生成的文件。") from exc
    if not isinstance(body, dict) or body.get("format") != OUTBOX_FORMAT:
        raise OutboxFileError(f"文件“{path.name}”不是社区物业工作台导出的未上传修改"
                              f"（格式应为 {OUTBOX_FORMAT}）。")
    ops = body.get("operations")
    if not isinstance(ops, list) or not all(isinstance(o, dict) for o in ops):
        raise OutboxFileError(f"文件“{path.name}”中的操作列表已损坏。")
    out = OutboxFile(str(body.get("device_id") or ""), str(body.get("community") or ""),
                     ops, hashlib.sha256(raw).hexdigest())
    out.tables.update(printable(o.get("table"), 40) for o in ops)
    return out


def import_outbox(conn: Connection, outbox: OutboxFile) -> Counter[str]:
    """Apply the file's operations as batches of its device; returns answers by status."""
    dev = conn.execute(select(Device.id, Device.community_code, Device.name)
                       .where(Device.id == outbox.device_id)).first()
    if dev is None:
        raise OutboxFileError(f"县服务器上没有导出这份文件的设备（{printable(outbox.device_id)}），"
                              "无法确定它属于哪个社区。")
    if outbox.community and outbox.community != dev.community_code:
        raise OutboxFileError(f"文件写的社区（{printable(outbox.community)}）与该设备注册的社区"
                              f"（{dev.community_code}）不一致，未导入。")
    device = DeviceInfo(dev.id, dev.community_code, dev.name)
    statuses: Counter[str] = Counter()
    for start in range(0, len(outbox.operations), MAX_BATCH_OPS):
        chunk = outbox.operations[start:start + MAX_BATCH_OPS]
        batch_id = str(uuid.uuid5(_NS, f"{outbox.digest}:{start}"))
        batch = PushBatch(batch_id=batch_id, device_id=dev.id, operations=list(chunk))
        for res in apply_batch(conn, device, batch).results:
            statuses[res.status.value] += 1
    return statuses
