"""What the 打印 screen asks for, as plain values, and the operation that produces it.

The screen reads its widgets into a :class:`PrintRequest` on the GUI thread; :func:`job` turns
the request into an operation for the database thread (it receives the services, progress and
cancel). So no widget is ever read by the work, by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from ..services.printing import PrintResult
from ..tasks import OpContext

NOTICE, RECTIFICATION, REPORT, SERVICE, DECORATION = "notice", "rectification", "report", "service", "decoration"


@dataclass(frozen=True)
class PrintRequest:
    """One document's choices: ``kind`` decides which of the other fields count."""

    kind: str
    values: dict[str, str] = field(default_factory=dict)
    #: notices: the template, the estates (None: all) and buildings (None: all of the estate)
    template_id: str | None = None
    estate_ids: list[str] | None = None
    building_ids: list[str] | None = None
    missing_lead: Literal["blank", "error"] = "error"
    #: rectification notices and reports: the finalised inspection
    inspection_id: str | None = None
    three_copies: bool = False
    #: contracts: the estate
    estate_id: str | None = None


#: the rectification notice's editable field: its 整改依据 (empty: the template's)
BASIS_FIELD = "整改依据"


def job(req: PrintRequest, out: Any, per_building: bool = False,
        preview: bool = False) -> Callable[[OpContext], PrintResult]:
    """The operation printing ``req`` to ``out`` (a path or a stream); a ``preview`` of a
    rectification notice takes no number."""
    if req.kind == NOTICE:
        assert req.template_id is not None
        tid = req.template_id
        return lambda op: op.services.printing.notice_batch(
            tid, req.estate_ids, req.values, out, building_ids=req.building_ids,
            per_building=per_building, missing_lead=req.missing_lead, progress=op.report,
            cancelled=op.cancelled)
    if req.kind in (RECTIFICATION, REPORT):
        assert req.inspection_id is not None
        iid = req.inspection_id
        if req.kind == RECTIFICATION:
            basis = req.values.get(BASIS_FIELD, "")
            return lambda op: op.services.printing.rectification(
                iid, out, three_copies=req.three_copies, legal_basis=basis, preview=preview)
        return lambda op: op.services.printing.report(iid, out)
    assert req.estate_id is not None
    eid = req.estate_id
    return lambda op: op.services.printing.contract(req.kind, eid, req.values, out)
