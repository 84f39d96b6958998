"""County reference data (read-only to devices): templates and the company registry.

Reference rows live in the generic ``rows`` table under ``community_code = "county"`` so pull
serves them to every community; each publication is a new version with its own history row.
Row ids are derived (UUIDv5) from a natural key, so publishing the same template or importing
the same company again updates the row instead of adding a copy.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, update

from wuye_desktop.domain.errors import UserError
from wuye_desktop.domain.fields import COMPANY
from wuye_desktop.domain.fund import CATEGORIES_DOCUMENT_KIND, county_categories
from wuye_desktop.domain.privacy import PRIVACY_DOCUMENT_KIND, parse_policy
from wuye_desktop.domain.schedules import RULES_DOCUMENT_KIND, parse_rules
from wuye_desktop.domain.templates import parse_template
from wuye_desktop.printing.contract_texts import CLAUSES_DOCUMENT_KIND, parse_clauses
from wuye_desktop.storage.outbox import to_wire
from wuye_desktop.storage.tabular import TabularError, read_register
from wuye_desktop.sync.protocol import COUNTY_SCOPE

from .auth import now
from .db import current_txid
from .models import Row, RowVersion

_NS = uuid.UUID("6f1b6d1e-4a7c-5b2e-9d7a-2c1f0e6b8a90")


class ReferenceFileError(UserError):
    """A template or company file the county gave cannot be published (message in Chinese)."""


def upsert_reference(conn: Connection, table: str, row_id: str, data: dict[str, Any],
                     user: str = "county") -> int:
    """Publish ``data`` as the newest version of a county row (``user``: who published it,
    ``county`` for the command line); returns its version."""
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
        status="county", device_id=None, user=user[:100], batch_id=None, op_id=None,
        created_at=at))
    return version


def publish_templates(conn: Connection, path: Path) -> list[tuple[str, int]]:
    """Publish a JSON template (object or list of objects with ``kind`` and ``name``).

    A ``.txt``/``.md`` file becomes a notice template named after the file. A document of kind
    ``schedule_rules`` is the county's schedule rule table (``{"kind": "schedule_rules", "name":
    …, "rules": [{"mode": "准物业", "kind": "季度考核", "period": "每季度", "template": …}]}``,
    mode 全部 for every estate); devices make their estates' schedules by it.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReferenceFileError(f"模板文件“{path.name}”不是 UTF-8 编码，请另存为 UTF-8 后再发布。"
                                 ) from exc
    if path.suffix.lower() in (".txt", ".md"):
        return publish_items(conn, [{"kind": "notice", "name": path.stem, "body": text}], path.name)
    return publish_json(conn, text, path.name)


def publish_json(conn: Connection, text: str, source: str, user: str = "county"
                 ) -> list[tuple[str, int]]:
    """Publish the templates of a JSON text (an object or a list); ``source`` names it in
    messages (a file name, or 网页 for the console)."""
    try:
        loaded = json.loads(text)
    except ValueError as exc:
        raise ReferenceFileError(f"模板“{source}”不是有效的 JSON（{exc}），请检查后再发布。") from exc
    return publish_items(conn, loaded if isinstance(loaded, list) else [loaded], source, user)


def publish_items(conn: Connection, items: list[Any], source: str, user: str = "county"
                  ) -> list[tuple[str, int]]:
    """Check every template with the desktop's rules first, then publish them all."""
    # 合同条款 in the shape of the shipped contract_clauses.json (which has no name): named for it
    items = [{**item, "name": item.get("name") or "物业服务合同条款"}
             if isinstance(item, dict) and item.get("kind") == CLAUSES_DOCUMENT_KIND else item
             for item in items]
    for item in items:
        if isinstance(item, dict) and "sections" in item:
            parse_template(item, source)
        if isinstance(item, dict) and item.get("kind") == RULES_DOCUMENT_KIND:
            # the schedule rule table (准物业每季度考核…): refused here as a device would read it
            parse_rules(item)
        if isinstance(item, dict) and item.get("kind") == PRIVACY_DOCUMENT_KIND:
            parse_policy(item)  # 导出时隐藏电话号码: refused here as a device would read it
        if isinstance(item, dict) and item.get("kind") == CATEGORIES_DOCUMENT_KIND:
            county_categories(item)  # 维修资金 categories: refused here as a device would
        if isinstance(item, dict) and item.get("kind") == CLAUSES_DOCUMENT_KIND:
            parse_clauses(item)  # contract clause texts: refused naming the clause and item
        if not isinstance(item, dict) or not item.get("name"):
            raise ReferenceFileError("模板文件中每个模板都必须有 name（名称）。")
    out = []
    for item in items:
        # An inspection checklist in the desktop's format was checked above by the same code
        # the desktop's 导入模板 runs, so the county never publishes one a device would refuse.
        kind = str(item.get("kind") or "inspection")
        item = {**item, "kind": kind}
        row_id = str(item.get("id") or uuid.uuid5(_NS, f"template:{kind}:{item['name']}"))
        out.append((str(item["name"]), upsert_reference(conn, "templates", row_id, item, user)))
    return out


def company_row_id(data: dict[str, Any]) -> str:
    return str(uuid.uuid5(_NS, f"company:{data.get('credit_code') or data['name']}"))


def save_company(conn: Connection, values: dict[str, str], user: str
                 ) -> tuple[str, int, list[str]]:
    """Publish one registry entry edited in the console, each field read by the desktop's own
    cell rules (a GB 32100 check-digit mismatch warns); returns (row id, version, warnings)."""
    from wuye_desktop.storage.tabular.cells import CellError, convert_cell

    clean: dict[str, Any] = {}
    problems, warnings = [], []
    for f in COMPANY.fields:
        raw = (values.get(f.name) or "").strip()
        if not raw:
            if f.required:
                problems.append(f"“{f.label}”不能为空。")
            continue
        try:
            value, warning = convert_cell(f, raw)
        except CellError as exc:
            problems.append(str(exc))
            continue
        if warning:
            warnings.append(warning)
        if value is not None and value != "":
            clean[f.name] = to_wire(value)
    if problems:
        raise ReferenceFileError("；".join(problems))
    row_id = values.get("id") or company_row_id(clean)
    return row_id, upsert_reference(conn, "companies", row_id, {**clean, "registry": True},
                                    user), warnings


def import_companies(conn: Connection, path: Path) -> tuple[int, list[str]]:
    """Import the county company registry; returns (rows published, problems)."""
    try:
        result = read_register(path, COMPANY)
    except TabularError as exc:
        return 0, [str(exc)]
    # Every problem the desktop's reader finds (unreadable cells, the GB 32100 check digit of a
    # credit code, a missing name) is reported; a row with a name is published with the cells
    # that could be read.
    problems = [str(issue) for issue in result.issues]
    count = 0
    for row in result.rows:
        data = {k: to_wire(v) for k, v in row.values.items() if v is not None and v != ""}
        if not data.get("name"):
            continue  # reported above: 企业名称 is required
        row_id = company_row_id(data)
        upsert_reference(conn, "companies", row_id, {**data, "registry": True})
        count += 1
    return count, problems
