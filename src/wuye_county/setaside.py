"""Rows the devices could not apply (issue 15): each device reports the rows it has set aside
after a pull (``POST /sync/setaside``, the whole set each time, so a row it later applied
drops out); the county lists them with ``wuye-county setaside list`` and sees a count per
device in the console's 设备 page. A row that stays set aside on a device is usually a value
that device's version of the app cannot hold: the fix is on the county side (correct the row)
or an upgrade of that device."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from wuye_desktop.sync.protocol import SetAsideReport

from .auth import DeviceInfo
from .models import SetAside


def store_report(conn: Connection, device: DeviceInfo, report: SetAsideReport,
                 at: datetime) -> int:
    """Replace this device's set-aside rows by the ones it reports now."""
    conn.execute(delete(SetAside).where(SetAside.device_id == device.id))
    rows = {(r.table, r.row_id): r for r in report.rows}  # a repeated row counts once
    if rows:
        conn.execute(insert(SetAside), [
            {"device_id": device.id, "table_name": r.table, "row_id": r.row_id,
             "community_code": device.community_code, "version": r.version,
             "reason": r.reason, "reported_at": at} for r in rows.values()])
    return len(rows)


def set_aside_rows(conn: Connection, community: str | None = None) -> list[Any]:
    """Every reported row, by community, table and row (optionally of one community)."""
    q = select(SetAside)
    if community:
        q = q.where(SetAside.community_code == community)
    return list(conn.execute(q.order_by(SetAside.community_code, SetAside.table_name,
                                        SetAside.row_id, SetAside.device_id)))


def counts_by_device(conn: Connection) -> dict[str, int]:
    return dict(conn.execute(select(SetAside.device_id, func.count())
                             .group_by(SetAside.device_id)).all())
