"""Applying a pushed batch: one transaction, one answer per operation.

Rows and already-seen op ids are fetched up front in one query each (rows locked in key order,
so two batches never deadlock), every operation is decided in Python, and all writes go out as
bulk statements at the end. A bad operation is answered ``rejected`` with a Chinese reason and
never stops the ones behind it. A stale ``base_version`` merges when the fields changed since
then do not overlap; when the same field changed to a different value the server keeps its
value, stores the device's in ``conflicts`` and flags the row 待核实 (``needs_review``).
A later edit of every conflicted field, made on the current version, resolves the conflict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, select, update

from wuye_desktop.domain.values import changes_problem, printable, text_problem
from wuye_desktop.sync.protocol import (
    COUNTY_SCOPE,
    SYNC_TABLES,
    FieldConflict,
    Operation,
    OpKind,
    OpResult,
    OpStatus,
    PushBatch,
    PushResult,
    is_uuid,
)

from .auth import DeviceInfo, now
from .bulk import chunks, copy_rows, in_list, insert_rows, update_rows
from .db import current_txid
from .errors import Refusal
from .models import AppliedOp, Batch, Conflict, Row, RowVersion


class BatchOwnedElsewhere(Refusal):
    """The batch id was already used by another device."""

    status = 409

    def __init__(self, batch_id: str) -> None:
        super().__init__("批次编号已被其他设备使用，请重新同步。")
        self.batch_id = batch_id


@dataclass
class _RowState:
    table: str
    row_id: str
    community_code: str
    version: int
    data: dict[str, Any]
    deleted: bool
    needs_review: bool
    exists_in_db: bool
    dirty: bool = False
    #: Fields with an open conflict (prefetched for rows that need review).
    open_conflicts: set[str] | None = None
    #: version -> fields other devices changed in it (prefetched for stale edits only).
    history: dict[int, set[str]] = field(default_factory=dict)


@dataclass
class _Writes:
    versions: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    applied: list[dict[str, Any]] = field(default_factory=list)
    resolved: list[tuple[str, str, str]] = field(default_factory=list)


def _rejected(op_id: str, reason: str) -> OpResult:
    return OpResult(op_id=op_id, status=OpStatus.REJECTED, reason=reason)


def _copy(st: _RowState, op: Operation) -> dict[str, Any]:
    """The server's copy of a row for a merged or conflicting answer. A field the operation set
    that the server never had is sent as ``None``: the device must take that too, or it keeps
    a value no other device has (the server stores only fields ever written)."""
    return {**dict.fromkeys(op.changes), **st.data}


def _result_json(res: OpResult) -> dict[str, Any]:
    """``res.model_dump(mode="json")``, built by hand for the common plain result (most ops)."""
    if res.conflicts or res.row is not None:
        return res.model_dump(mode="json")
    return {"op_id": res.op_id, "status": res.status.value, "version": res.version,
            "reason": res.reason, "conflicts": [], "row": None}


def stored_reply(conn: Connection, batch_id: str, device: DeviceInfo) -> PushResult | None:
    row = conn.execute(select(Batch.device_id, Batch.reply)
                       .where(Batch.batch_id == batch_id)).first()
    if row is None:
        return None
    if row.device_id != device.id:
        raise BatchOwnedElsewhere(batch_id)
    reply = PushResult.model_validate(row.reply)
    reply.replayed = True
    return reply


def apply_batch(conn: Connection, device: DeviceInfo, batch: PushBatch) -> PushResult:
    """Apply ``batch`` inside the caller's transaction and return (and store) the reply."""
    replay = stored_reply(conn, batch.batch_id, device)
    if replay is not None:
        return replay
    ctx = _Context(conn, device, batch.batch_id)
    results = ctx.run(batch.operations)
    reply = PushResult(batch_id=batch.batch_id, results=results, server_time=now())
    conn.execute(Batch.__table__.insert().values(
        batch_id=batch.batch_id, device_id=device.id, received_at=now(),
        op_count=len(results), reply=reply.model_dump(mode="json")))
    return reply


class _Context:
    def __init__(self, conn: Connection, device: DeviceInfo, batch_id: str) -> None:
        self.conn = conn
        self.device = device
        self.batch_id = batch_id
        self.rows: dict[tuple[str, str], _RowState] = {}
        #: row_id -> community of rows referenced by *_id fields.
        self.ref_communities: dict[str, str] = {}
        self.seen: dict[str, OpResult] = {}
        self.w = _Writes()
        self.txid = 0
        self.at = now()

    # -- loading ---------------------------------------------------------------------------

    def _prefetch(self, ops: list[Operation]) -> None:
        """Load everything the batch's decisions need in a handful of set-based queries."""
        conn = self.conn
        for chunk in chunks(conn, {o.op_id for o in ops}):
            for r in conn.execute(select(AppliedOp.op_id, AppliedOp.device_id, AppliedOp.result)
                                  .where(in_list(conn, AppliedOp.op_id, chunk))):
                if r.device_id != self.device.id:
                    # Op ids are this device's own: another device's stored answer is not
                    # ours to replay (that silently dropped the operation).
                    self.seen[r.op_id] = _rejected(r.op_id, "操作编号与其他设备的操作重复，"
                                                   "此操作未保存；请在“需要处理”中点“重试”。")
                    continue
                self.seen[r.op_id] = OpResult.model_validate(r.result)
        row_ids = sorted({o.row_id for o in ops})
        wanted = {(o.table, o.row_id) for o in ops}
        for chunk in chunks(conn, row_ids):
            # Locked in key order, so two batches touching the same rows never deadlock.
            q = (select(Row.__table__).where(in_list(conn, Row.row_id, chunk))
                 .order_by(Row.table_name, Row.row_id).with_for_update())
            for r in conn.execute(q):
                self.ref_communities.setdefault(r.row_id, r.community_code)
                if (r.table_name, r.row_id) in wanted:
                    self.rows[(r.table_name, r.row_id)] = _RowState(
                        r.table_name, r.row_id, r.community_code, r.version, dict(r.data),
                        r.deleted, r.needs_review, exists_in_db=True)
        refs = sorted({v[1] for o in ops for f, v in o.changes.items()
                       if f.endswith("_id") and is_uuid(v[1])} - set(self.ref_communities))
        for chunk in chunks(conn, refs):
            for r in conn.execute(select(Row.row_id, Row.community_code)
                                  .where(in_list(conn, Row.row_id, chunk))):
                self.ref_communities.setdefault(r.row_id, r.community_code)
        self._prefetch_history(ops)

    def _prefetch_history(self, ops: list[Operation]) -> None:
        """Other devices' changes since the oldest stale base, and open conflicts, per row.

        Only rows that some operation edits on a stale base (or that wait for review) need
        them, so the common case (fresh inserts and up-to-date edits) costs no query at all.
        """
        conn = self.conn
        stale_base: dict[tuple[str, str], int] = {}
        for o in ops:
            st = self.rows.get((o.table, o.row_id))
            if st is not None and o.base_version < st.version:
                key = (o.table, o.row_id)
                stale_base[key] = min(o.base_version, stale_base.get(key, o.base_version))
        for st in self.rows.values():
            st.history = {}
        if stale_base:
            floor = min(stale_base.values())
            rv = RowVersion
            for chunk in chunks(conn, sorted({k[1] for k in stale_base})):
                q = select(rv.table_name, rv.row_id, rv.version, rv.changes).where(
                    in_list(conn, rv.row_id, chunk), rv.version > floor,
                    (rv.device_id != self.device.id) | rv.device_id.is_(None))
                for r in conn.execute(q):
                    st = self.rows.get((r.table_name, r.row_id))
                    if st is not None:
                        st.history[r.version] = set(r.changes)
        review = sorted({st.row_id for st in self.rows.values() if st.needs_review})
        for st in self.rows.values():
            st.open_conflicts = set()
        for chunk in chunks(conn, review):
            q = select(Conflict.table_name, Conflict.row_id, Conflict.field).where(
                in_list(conn, Conflict.row_id, chunk), Conflict.resolved_at.is_(None))
            for r in conn.execute(q):
                st = self.rows.get((r.table_name, r.row_id))
                if st is not None and st.open_conflicts is not None:
                    st.open_conflicts.add(r.field)

    def _changed_since(self, st: _RowState, base: int) -> set[str]:
        """Fields other devices changed after ``base``.

        A device's own versions are left out: its outbox is sent in order, so every earlier
        write of the same device was known when this edit was made (an insert and an edit in
        one batch both carry base 0 and must not conflict with each other). Versions this batch
        writes are all the device's own, so the prefetched database history is complete.
        """
        fields: set[str] = set()
        for version, changed in st.history.items():
            if version > base:
                fields |= changed
        return fields

    def _open_conflicts(self, st: _RowState) -> set[str]:
        if st.open_conflicts is None:
            st.open_conflicts = set()
        return st.open_conflicts

    # -- deciding --------------------------------------------------------------------------

    def run(self, raw_ops: list[Operation | dict[str, Any]]) -> list[OpResult]:
        parsed: list[Operation | OpResult] = []
        for raw in raw_ops:
            if isinstance(raw, Operation):
                parsed.append(raw)
                continue
            try:
                parsed.append(Operation.model_validate(raw))
            except ValidationError as exc:
                op_id = raw.get("op_id") if isinstance(raw, dict) else None
                where = printable(", ".join(".".join(str(p) for p in e["loc"])
                                            for e in exc.errors()[:3]), 120)
                parsed.append(_rejected(str(op_id) if is_uuid(op_id) else "",
                                        f"操作格式错误（{where}），请升级软件后重试。"))
        ops = [p for p in parsed if isinstance(p, Operation)]
        self._prefetch(ops)
        if any(o.op_id not in self.seen for o in ops):
            self.txid = current_txid(self.conn)
        results: list[OpResult] = []
        for p in parsed:
            if isinstance(p, OpResult):
                results.append(p)
                continue
            if p.op_id in self.seen:
                results.append(self.seen[p.op_id])
                continue
            try:
                res = self._decide(p)
            except Exception:  # a bug must not sink the other operations of the batch
                res = _rejected(p.op_id, "服务器处理此操作时出错，已记录，请联系县住建部门。")
            self.seen[p.op_id] = res
            self.w.applied.append({"op_id": p.op_id, "batch_id": self.batch_id,
                                   "device_id": self.device.id,
                                   "result": _result_json(res)})
            results.append(res)
        self._flush()
        return results

    def _decide(self, op: Operation) -> OpResult:
        community = self.device.community_code
        if op.table not in SYNC_TABLES:
            return _rejected(op.op_id, f"服务器不认识数据表“{printable(op.table)}”，"
                                       "请升级软件或联系县住建部门。")
        # The one value schema (domain.values): what one device could store here, every other
        # device and both server backends can store too; otherwise this operation alone is refused.
        problem = changes_problem(op.table, op.changes) or text_problem(op.user, "操作人", 100)
        if problem:
            return _rejected(op.op_id, f"{problem}此操作未保存，请在本机改正这条记录后重新同步。")
        cc = op.changes.get("community_code")
        if cc is not None and not (isinstance(cc[1], str) and cc[1].strip()):
            # A blank code would leave the row owned by no community (issue 16).
            return _rejected(op.op_id, f"社区代码不能为空：本机注册的社区是 {community}。")
        if cc is not None and cc[1] != community:
            return _rejected(op.op_id, f"社区代码“{cc[1]}”与本机注册的社区（{community}）不一致，"
                                       "不能提交其他社区的数据。")
        for f, (_old, new) in op.changes.items():
            if not f.endswith("_id") or new is None:
                continue
            if not is_uuid(new):
                return _rejected(op.op_id, f"字段“{f}”应为记录编号（UUID），收到“{printable(new)}”。")
            owner = self.ref_communities.get(new)
            if owner is not None and owner not in (community, COUNTY_SCOPE):
                return _rejected(op.op_id, f"字段“{f}”引用了其他社区的记录，不能保存。")
        st = self.rows.get((op.table, op.row_id))
        if st is not None and st.community_code != community:
            if st.community_code == COUNTY_SCOPE:
                return _rejected(op.op_id, "这是县级参考数据，只能由县住建部门修改。")
            return _rejected(op.op_id, "这条记录属于其他社区，本机不能修改。")
        if st is None:
            if op.kind is not OpKind.INSERT:
                return _rejected(op.op_id, "服务器上没有这条记录（可能它的新增操作被拒绝了），"
                                           "请检查后重新录入。")
            return self._insert(op)
        if op.base_version > st.version:
            return _rejected(op.op_id, f"基础版本号（{op.base_version}）比服务器上的版本"
                                       f"（{st.version}）还新，数据异常，请联系县住建部门。")
        if op.kind is OpKind.DELETE:
            return self._delete(op, st)
        return self._update(op, st)

    def _insert(self, op: Operation) -> OpResult:
        data = {f: new for f, (_old, new) in op.changes.items()}
        st = _RowState(op.table, op.row_id, self.device.community_code, 1, data, False, False,
                       exists_in_db=False, dirty=True, open_conflicts=set())
        self.rows[(op.table, op.row_id)] = st
        self.ref_communities.setdefault(op.row_id, st.community_code)
        self._version(op, st, {f: [None, v] for f, v in data.items()}, OpStatus.APPLIED)
        return OpResult(op_id=op.op_id, status=OpStatus.APPLIED, version=1)

    def _delete(self, op: Operation, st: _RowState) -> OpResult:
        # A delete carries the fields edited with it (at least deleted_at): they are applied
        # like an update's, or the device would keep values the server never had.
        differs = any(st.data.get(f) != new for f, (_old, new) in op.changes.items())
        if st.deleted:
            # Deleted already (by another device): the device takes the server's copy.
            if not differs:
                return OpResult(op_id=op.op_id, status=OpStatus.APPLIED, version=st.version)
            return OpResult(op_id=op.op_id, status=OpStatus.MERGED, version=st.version,
                            row=_copy(st, op))
        stale = op.base_version < st.version
        since = self._changed_since(st, op.base_version) if stale else set()
        apply = {f: [st.data.get(f), new] for f, (_old, new) in op.changes.items()
                 if st.data.get(f) != new and f not in since}
        for f, (_cur, new) in apply.items():
            st.data[f] = new
        status = OpStatus.MERGED if stale else OpStatus.APPLIED
        st.deleted = True
        st.version += 1
        st.dirty = True
        self._version(op, st, apply, status)
        return OpResult(op_id=op.op_id, status=status, version=st.version,
                        row=_copy(st, op) if status is OpStatus.MERGED else None)

    def _update(self, op: Operation, st: _RowState) -> OpResult:
        # An insert of a row the server already has (a re-sent insert under a new id, or two
        # devices creating the same row) is an update on version 0: same values merge.
        stale = op.base_version < st.version
        since = self._changed_since(st, op.base_version) if stale else set()
        # An edit clearing deleted_at is a restore from a device's 回收站: the row lives again.
        revived = (st.deleted and "deleted_at" in op.changes
                   and op.changes["deleted_at"][1] is None)
        if revived:
            st.deleted = False
        apply: dict[str, list[Any]] = {}
        conflicts: list[FieldConflict] = []
        for f, (_old, new) in op.changes.items():
            cur = st.data.get(f)
            if cur == new:
                continue
            if st.deleted or f in since:
                conflicts.append(FieldConflict(field=f, server_value=cur, device_value=new))
            else:
                apply[f] = [cur, new]
        opened = self._open_conflicts(st)
        resolved = set()
        if not stale and opened:
            # An edit made on the current version is a person's decision on those fields.
            resolved = opened & set(op.changes)
        if not apply and not conflicts and not resolved and not revived:
            status = OpStatus.MERGED if stale else OpStatus.APPLIED
            return OpResult(op_id=op.op_id, status=status, version=st.version,
                            row=_copy(st, op) if stale else None)
        for f, (_cur, new) in apply.items():
            st.data[f] = new
        for f in resolved:
            self.w.resolved.append((st.table, st.row_id, f))
        opened -= resolved
        if conflicts:
            status = OpStatus.CONFLICT
            for c in conflicts:
                opened.add(c.field)
                self.w.conflicts.append({
                    "table_name": st.table, "row_id": st.row_id,
                    "community_code": st.community_code, "field": c.field,
                    "server_value": c.server_value, "device_value": c.device_value,
                    "base_version": op.base_version, "server_version": st.version,
                    "op_id": op.op_id, "device_id": self.device.id, "user": op.user,
                    "created_at": self.at})
        else:
            status = OpStatus.MERGED if stale else OpStatus.APPLIED
        st.needs_review = bool(opened)
        st.version += 1
        st.dirty = True
        self._version(op, st, apply, status)
        reason = None
        if conflicts:
            names = "、".join(c.field for c in conflicts)
            reason = (f"字段 {names} 已被其他设备改成不同的值，服务器保留了原值，"
                      "本机的值已存档，记录标为“待核实”，请人工确认。")
        return OpResult(op_id=op.op_id, status=status, version=st.version, reason=reason,
                        conflicts=conflicts,
                        row=_copy(st, op) if status is not OpStatus.APPLIED else None)

    def _version(self, op: Operation, st: _RowState, changes: dict[str, Any],
                 status: OpStatus) -> None:
        self.w.versions.append({
            "txid": self.txid, "table_name": st.table, "row_id": st.row_id,
            "community_code": st.community_code, "version": st.version,
            # A shallow copy is enough: values are only ever replaced, never mutated in place.
            "data": dict(st.data), "changes": changes, "deleted": st.deleted,
            "needs_review": st.needs_review, "status": status.value,
            "device_id": self.device.id, "user": op.user, "batch_id": self.batch_id,
            "op_id": op.op_id, "created_at": self.at})

    # -- writing ---------------------------------------------------------------------------

    def _flush(self) -> None:
        conn = self.conn
        new_rows = [s for s in self.rows.values() if s.dirty and not s.exists_in_db]
        old_rows = [s for s in self.rows.values() if s.dirty and s.exists_in_db]
        # A plain INSERT (not an upsert) for new rows: if another batch created the same row
        # meanwhile, the unique key fails, the transaction rolls back and the batch is decided
        # again with that row in view (app.write retries on IntegrityError).
        insert_rows(conn, Row.__table__, [
            {"table_name": s.table, "row_id": s.row_id, "community_code": s.community_code,
             "version": s.version, "data": s.data, "deleted": s.deleted,
             "needs_review": s.needs_review, "updated_at": self.at} for s in new_rows])
        update_rows(conn, Row.__table__, ("table_name", "row_id"), [
            {"table_name": s.table, "row_id": s.row_id, "version": s.version, "data": s.data,
             "deleted": s.deleted, "needs_review": s.needs_review, "updated_at": self.at}
            for s in old_rows])
        copy_rows(conn, RowVersion.__table__, self.w.versions)
        insert_rows(conn, Conflict.__table__, self.w.conflicts)
        for table, row_id, f in self.w.resolved:
            conn.execute(update(Conflict).where(
                Conflict.table_name == table, Conflict.row_id == row_id, Conflict.field == f,
                Conflict.resolved_at.is_(None)).values(resolved_at=self.at))
        copy_rows(conn, AppliedOp.__table__, self.w.applied)
