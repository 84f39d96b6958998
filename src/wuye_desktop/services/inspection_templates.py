"""Checklist templates: import (validated, versioned, immutable once used), list, lookup.

Template rows never change content: importing new content under an unused (code, version)
tombstones the old row and inserts a new one, so a row id always means the same checklist and
parsed templates can be cached by id for the life of the process.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from sqlalchemy import exists, func, select

from ..domain.inspections import InspectionError, InspectionKind
from ..domain.templates import Template, TemplateInvalid, load_template_text, parse_template
from ..storage.db import Database
from ..storage.models_inspection import Inspection, InspectionTemplate
from ..storage.types import utcnow

#: Template row ids are derived from (code, version, content) so that the county, every device
#: and every re-import of the same file agree on one id: a county push of a default template then
#: lands on the row each device already has instead of clashing with a random local id.
TEMPLATE_ID_NAMESPACE = uuid.UUID("6f1c2a8e-5d0b-4c55-9a57-1b0d3c9e7a21")
BUILTIN_PACKAGE = "wuye_desktop.resources"
BUILTIN_DIR = ("templates", "inspections")


@dataclass
class TemplateInfo:
    """A template as the lists show it (``id`` is the row id an inspection refers to)."""

    id: str
    code: str
    version: int
    kind: InspectionKind
    kind_label: str
    name: str
    pass_threshold: float
    item_count: int
    total_points: float
    used: bool
    source: str


class TemplateConflict(InspectionError):
    """The (code, version) is already used by inspections and the content differs."""


def _info(row: InspectionTemplate, used: bool) -> TemplateInfo:
    return TemplateInfo(row.id, row.template_code, row.template_version, row.kind, row.kind.label,
                        row.name, row.pass_threshold, row.item_count, row.total_points, used,
                        row.source)


def builtin_template_files() -> list[Any]:
    base = files(BUILTIN_PACKAGE).joinpath(*BUILTIN_DIR)
    return sorted((p for p in base.iterdir() if p.name.endswith(".json")), key=lambda p: p.name)


def template_row_id(code: str, version: int, digest: str) -> str:
    return str(uuid.uuid5(TEMPLATE_ID_NAMESPACE, f"{code}@{version}@{digest}"))


class TemplateService:
    """Templates stored in the database (county data), parsed once per process."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[str, Template] = {}

    # --- reading -------------------------------------------------------------------------------

    def get(self, template_id: str) -> Template:
        """The parsed template of a row id (cached: rows never change content)."""
        t = self._cache.get(template_id)
        if t is None:
            with self.db.session() as s:
                row = s.get(InspectionTemplate, template_id)
                if row is None:
                    raise InspectionError("找不到该检查模板，可能已被删除。")
                t = parse_template(row.body)
            self._cache[template_id] = t
        return t

    def find(self, kind: InspectionKind | None = None, latest_only: bool = False) -> list[TemplateInfo]:
        with self.db.session() as s:
            used = exists().where(Inspection.template_id == InspectionTemplate.id)
            q = select(InspectionTemplate, used).where(InspectionTemplate.deleted_at.is_(None))
            if kind is not None:
                q = q.where(InspectionTemplate.kind == kind)
            q = q.order_by(InspectionTemplate.kind, InspectionTemplate.template_code,
                           InspectionTemplate.template_version.desc())
            out = [_info(r, bool(u)) for r, u in s.execute(q)]
        if latest_only:
            seen: set[str] = set()
            out = [i for i in out if not (i.code in seen or seen.add(i.code))]  # type: ignore[func-returns-value]
        return out

    def latest(self, code: str) -> TemplateInfo | None:
        for info in self.find():
            if info.code == code:
                return info
        return None

    def for_kind(self, kind: InspectionKind) -> TemplateInfo | None:
        """The newest version of the first template of a kind (the default in a new form)."""
        found = self.find(kind, latest_only=True)
        return found[0] if found else None

    # --- importing -----------------------------------------------------------------------------

    def import_file(self, path: Path) -> tuple[TemplateInfo, bool]:
        """Validate and store a JSON file; returns (info, changed). Raises TemplateInvalid with
        every problem, or TemplateConflict when a used version would change."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError as exc:
            raise TemplateInvalid([f"找不到文件：{path}"]) from exc
        except UnicodeDecodeError as exc:
            raise TemplateInvalid(["文件不是UTF-8编码的文本；请用记事本“另存为”UTF-8后再导入。"],
                                  path.name) from exc
        return self.import_template(load_template_text(text, path.name), source="import")

    def import_template(self, t: Template, source: str = "import") -> tuple[TemplateInfo, bool]:
        digest = t.digest()
        with self.db.unit_of_work() as s:
            row = s.scalar(select(InspectionTemplate).where(
                InspectionTemplate.template_code == t.id, InspectionTemplate.template_version == t.version,
                InspectionTemplate.deleted_at.is_(None)))
            if row is not None:
                used = bool(s.scalar(select(func.count()).select_from(Inspection)
                                     .where(Inspection.template_id == row.id)))
                if row.digest == digest:
                    return _info(row, used), False
                if used:
                    raise TemplateConflict(
                        f"模板“{t.name}”（{t.id}）第{t.version}版已用于检查记录，不能修改；"
                        f"请把“version”改为{t.version + 1}后再导入。")
                row.deleted_at = utcnow()
                s.flush()
            rid = template_row_id(t.id, t.version, digest)
            old = s.get(InspectionTemplate, rid)
            if old is not None:  # this exact content was imported before and then replaced
                old.deleted_at = None
                return _info(old, False), True
            new = InspectionTemplate(
                id=rid, template_code=t.id, template_version=t.version, kind=t.kind, name=t.name,
                pass_threshold=t.pass_threshold, item_count=len(t.items()),
                total_points=t.total_points, digest=digest, body=t.raw, source=source)
            s.add(new)
            s.flush()
            return _info(new, False), True

    def ensure_builtin(self) -> int:
        """Import the shipped default set where missing; returns how many were added."""
        with self.db.session() as s:
            have = set(s.execute(select(InspectionTemplate.template_code,
                                        InspectionTemplate.template_version)
                                 .where(InspectionTemplate.deleted_at.is_(None))))
        added = 0
        for f in builtin_template_files():
            data = json.loads(f.read_text(encoding="utf-8"))
            if (data.get("id"), data.get("version")) in have:
                continue
            self.import_template(parse_template(data, f.name), source="builtin")
            added += 1
        return added
