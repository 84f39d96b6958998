"""County reference data (read-only to devices): templates and the company registry.

Reference rows live in the generic ``rows`` table under ``community_code = "county"`` so pull
serves them to every community; each publication is a new version with its own history row.
Row ids are derived (UUIDv5) from a natural key, so publishing the same template or importing
the same company again updates the row instead of adding a copy.
"""

from __future__ import annotations

import csv
import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, update

from wuye_desktop.domain.enums import ListStatus
from wuye_desktop.domain.errors import UserError
from wuye_desktop.domain.fields import COMPANY
from wuye_desktop.sync.protocol import COUNTY_SCOPE

from .auth import now
from .db import current_txid
from .models import Row, RowVersion

_NS = uuid.UUID("6f1b6d1e-4a7c-5b2e-9d7a-2c1f0e6b8a90")


class ReferenceFileError(UserError):
    """A template or company file the county gave cannot be published (message in Chinese)."""


def upsert_reference(conn: Connection, table: str, row_id: str, data: dict[str, Any]) -> int:
    """Publish ``data`` as the newest version of a county row; returns its version."""
    at = now()
    cur = conn.execute(select(Row.version, Row.data).where(
        Row.table_name == table, Row.row_id == row_id).with_for_update()).first()
    if cur is not None and cur.data == data:
        return cur.version
    version = 1 if cur is None else cur.version + 1
    old = {} if cur is None else cur.data
    changes = {k: [old.get(k), v] for k, v in data.items() if old.get(k) != v}
    if cur is None:
        conn.execute(Row.__table__.insert().values(
            table_name=table, row_id=row_id, community_code=COUNTY_SCOPE, version=1, data=data,
            deleted=False, needs_review=False, updated_at=at))
    else:
        conn.execute(update(Row).where(Row.table_name == table, Row.row_id == row_id)
                     .values(version=version, data=data, updated_at=at))
    conn.execute(RowVersion.__table__.insert().values(
        txid=current_txid(conn), table_name=table, row_id=row_id, community_code=COUNTY_SCOPE,
        version=version, data=data, changes=changes, deleted=False, needs_review=False,
        status="county", device_id=None, user="county", batch_id=None, op_id=None,
        created_at=at))
    return version


def publish_templates(conn: Connection, path: Path) -> list[tuple[str, int]]:
    """Publish a JSON template (object or list of objects with ``kind`` and ``name``).

    A ``.txt``/``.md`` file becomes a notice template named after the file.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReferenceFileError(f"模板文件“{path.name}”不是 UTF-8 编码，请另存为 UTF-8 后再发布。"
                                 ) from exc
    if path.suffix.lower() in (".txt", ".md"):
        items: list[dict[str, Any]] = [{"kind": "notice", "name": path.stem, "body": text}]
    else:
        try:
            loaded = json.loads(text)
        except ValueError as exc:
            raise ReferenceFileError(f"模板文件“{path.name}”不是有效的 JSON（{exc}），请检查后再发布。"
                                     ) from exc
        items = loaded if isinstance(loaded, list) else [loaded]
    out = []
    for item in items:
        if not isinstance(item, dict) or not item.get("name"):
            raise ReferenceFileError("模板文件中每个模板都必须有 name（名称）。")
        kind = str(item.get("kind") or "inspection")
        item = {**item, "kind": kind}
        row_id = str(item.get("id") or uuid.uuid5(_NS, f"template:{kind}:{item['name']}"))
        out.append((str(item["name"]), upsert_reference(conn, "templates", row_id, item)))
    return out


def _read_table(path: Path) -> list[dict[str, Any]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
        wb.close()
    else:
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ReferenceFileError("CSV 文件编码无法识别，请另存为 UTF-8 编码。")
        rows = [tuple(r) for r in csv.reader(text.splitlines())]
    if not rows:
        return []
    header = [str(h or "").strip() for h in rows[0]]
    return [dict(zip(header, r, strict=False)) for r in rows[1:] if any(c not in (None, "") for c in r)]


def import_companies(conn: Connection, path: Path) -> tuple[int, list[str]]:
    """Import the county company registry; returns (rows published, problems)."""
    records = _read_table(path)
    by_header = {h: f for f in COMPANY.fields for h in f.headers}
    if records and "name" not in {f.name for h in records[0] if (f := by_header.get(h))}:
        return 0, ["表头中找不到“企业名称”列，请检查文件。"]
    count, problems = 0, []
    for n, rec in enumerate(records, start=2):
        data: dict[str, Any] = {}
        for h, v in rec.items():
            f = by_header.get(h)
            if f is None or v is None or str(v).strip() == "":
                continue
            value: Any = str(v).strip()
            if f.name == "list_status":
                parsed = ListStatus.parse(value)
                if parsed is None:
                    problems.append(f"第{n}行：红黑名单“{value}”无法识别，应为 红名单/黑名单/无。")
                    continue
                value = parsed.value
            elif f.name == "credit_score":
                try:
                    value = float(value)
                except ValueError:
                    problems.append(f"第{n}行：信用分“{value}”不是数字。")
                    continue
            data[f.name] = value
        if not data.get("name"):
            problems.append(f"第{n}行：缺少企业名称，已跳过。")
            continue
        key = data.get("credit_code") or data["name"]
        row_id = str(uuid.uuid5(_NS, f"company:{key}"))
        upsert_reference(conn, "companies", row_id, {**data, "registry": True})
        count += 1
    return count, problems
