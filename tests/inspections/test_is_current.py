"""inspections.is_current (migration 0014): kept by triggers, equal to the "superseded" subquery
after any mix of local writes and pulled rows, and never on the wire."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, select, text

from wuye_desktop.domain.inspections import InspectionStatus
from wuye_desktop.services.context import Services
from wuye_desktop.storage.inspections import superseded_clause
from wuye_desktop.storage.migrate import make_config
from wuye_desktop.storage.models import OutboxEntry
from wuye_desktop.storage.models_inspection import Inspection, InspectionTemplate
from wuye_desktop.storage.outbox import SUPPRESS, RowSyncState
from wuye_desktop.storage.sync_rows import apply_fields

AT = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def _mismatches(services: Services) -> list[tuple[str, bool, bool]]:
    """Rows whose stored is_current differs from the subquery's answer."""
    with services.db.session() as s:
        rows = s.execute(select(Inspection.id, Inspection.is_current, superseded_clause())).all()
    return [(i, bool(cur), bool(sup)) for i, cur, sup in rows if bool(cur) == bool(sup)]


def _new(template: InspectionTemplate, estate_id: str, day: int, *, revision_of: Inspection | None,
         status: InspectionStatus) -> Inspection:
    row = Inspection(estate_id=estate_id, template_id=template.id, kind=template.kind,
                     inspected_on=date(2026, 1, 1) + timedelta(days=day), status=status)
    row.id = str(uuid.uuid4())
    row.origin_id = revision_of.origin_id if revision_of else row.id
    row.revision_of_id = revision_of.id if revision_of else None
    row.revision_no = revision_of.revision_no + 1 if revision_of else 1
    return row


def _step(services: Services, rng: random.Random, template: InspectionTemplate,
          estates: list[str]) -> None:
    op = rng.choice(["create", "revise", "finalise", "delete", "purge", "pull", "pull_final"])
    with services.db.unit_of_work() as s:
        rows = list(s.scalars(select(Inspection)))
        drafts = [r for r in rows if r.status is InspectionStatus.DRAFT and r.deleted_at is None]
        if op == "create" or not rows:
            s.add(_new(template, rng.choice(estates), rng.randrange(300), revision_of=None,
                       status=rng.choice(list(InspectionStatus))))
        elif op == "revise":
            s.add(_new(template, rng.choice(estates), rng.randrange(300), revision_of=rng.choice(rows),
                       status=InspectionStatus.DRAFT))
        elif op == "finalise" and drafts:
            rng.choice(drafts).status = InspectionStatus.FINAL
        elif op == "delete" and drafts:
            rng.choice(drafts).deleted_at = AT
        elif op == "purge" and drafts:
            referenced = {r.revision_of_id for r in rows} | {r.reinspection_of_id for r in rows}
            free = [r for r in drafts if r.id not in referenced]
            if free:
                s.execute(text("DELETE FROM inspections WHERE id = :i"), {"i": rng.choice(free).id})
        elif op == "pull":
            # a finalised revision from another device, applied as the sync engine applies it;
            # the wire's is_current (a newer app, a tampered payload) is ignored
            s.info[SUPPRESS] = True
            base = rng.choice(rows)
            data = {"estate_id": base.estate_id, "template_id": template.id, "kind": template.kind.value,
                    "inspected_on": base.inspected_on.isoformat(), "status": "final",
                    "revision_of_id": base.id, "revision_no": base.revision_no + 1,
                    "origin_id": base.origin_id, "inspectors": [], "is_current": False}
            obj = Inspection()
            obj.id = str(uuid.uuid4())
            s.add(obj)
            apply_fields(obj, data)
            obj.version = 1
            obj.sync_state = RowSyncState.SYNCED
        elif op == "pull_final" and drafts:
            s.info[SUPPRESS] = True
            apply_fields(rng.choice(drafts), {"status": "final", "is_current": True})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_is_current_equals_the_subquery_after_random_writes_and_pulls(services: Services,
                                                                      seed: int) -> None:
    rng = random.Random(seed)
    with services.db.session() as s:
        template = s.scalars(select(InspectionTemplate)).first()
        estates = list(s.scalars(text("SELECT id FROM estates LIMIT 5")))
    assert template is not None and estates
    superseded_seen = 0
    for _ in range(120):
        _step(services, rng, template, estates)
        assert _mismatches(services) == []
        with services.db.session() as s:
            superseded_seen = max(superseded_seen, len(s.scalars(
                select(Inspection.id).where(Inspection.is_current.is_(False))).all()))
    assert superseded_seen > 0  # the sequence did supersede rows, not only keep them current


def test_is_current_is_not_pushed_nor_in_history(services: Services) -> None:
    with services.db.session() as s:
        template = s.scalars(select(InspectionTemplate)).first()
        estate = s.scalar(text("SELECT id FROM estates LIMIT 1"))
    assert template is not None and estate
    with services.db.unit_of_work() as s:
        old = _new(template, estate, 1, revision_of=None, status=InspectionStatus.FINAL)
        s.add(old)
    with services.db.unit_of_work() as s:
        s.add(_new(template, estate, 2, revision_of=old, status=InspectionStatus.FINAL))
    with services.db.session() as s:
        assert s.scalar(select(Inspection.is_current).where(Inspection.id == old.id)) is False
        changes: list[dict[str, Any]] = [e.changes for e in s.scalars(
            select(OutboxEntry).where(OutboxEntry.table_name == "inspections"))]
    assert changes and all("is_current" not in c for c in changes)
    assert all("status" in c for c in changes)  # the entries do carry the row's content


def test_migration_0014_fills_is_current_of_existing_rows(tmp_path: Any) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")  # no FK pragma: bare rows
    with engine.begin() as c:
        command.upgrade(make_config(c), "0013")
    sync = "1, '2026-01-01', '2026-01-01', 't', 'd', 'synced'"
    cols = ("id, estate_id, template_id, kind, inspected_on, status, inspectors, revision_no, origin_id, "
            "round, revision_of_id, deleted_at, version, created_at, updated_at, updated_by, device_id, sync_state")
    rows = [("a", "final", None, None), ("b", "final", "a", None),  # a superseded by b
            ("c", "final", None, None), ("d", "draft", "c", None),  # a draft revision: c current
            ("e", "final", None, None), ("f", "final", "e", "2026-02-01")]  # deleted revision
    with engine.begin() as c:
        for i, status, rev, deleted in rows:
            c.execute(text(f"INSERT INTO inspections ({cols}) VALUES (:i, 'x', 't', 'quarterly', '2026-01-01', "
                           f":s, '[]', 1, :i, 0, :r, :d, {sync})"), {"i": i, "s": status, "r": rev, "d": deleted})
    with engine.begin() as c:
        command.upgrade(make_config(c), "0014")
    with engine.connect() as c:
        current = dict(c.execute(text("SELECT id, is_current FROM inspections")).all())
    engine.dispose()
    assert current == {"a": 0, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1}
