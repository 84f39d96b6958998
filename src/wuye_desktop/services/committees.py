"""Committee figures and the county's credit bands: what the committee screen, 概览 and the
company form show beside the registers.

The credit bands are county reference data: the county server publishes them as a
``templates`` row of kind ``credit_bands`` (``{"kind": "credit_bands", "name": …, "bands":
[{"grade": "AAA", "min": 85}, …]}``), which pull keeps as a reference copy; until one
arrives (or if it cannot be read) the defaults of :data:`~..domain.credit.DEFAULT_BANDS` apply.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..clock import Clock
from ..domain.committees import CommitteeRates, PartyRatio, TermStatus, term_status, term_text
from ..domain.credit import BANDS_KIND, DEFAULT_BANDS, BandsInvalid, CreditBands, parse_bands
from ..domain.enums import CommitteeKind, PoliticalStatus
from ..storage.db import Database
from ..storage.models import Committee, CommitteeMember, Estate
from ..storage.models_sync import REFERENCE, SyncCopy

log = logging.getLogger(__name__)


def load_bands(s: Session) -> CreditBands:
    """The county's newest published bands, or the defaults."""
    rows = s.scalars(select(SyncCopy).where(
        SyncCopy.kind == REFERENCE, SyncCopy.table_name == "templates",
        SyncCopy.deleted.is_(False)).order_by(SyncCopy.received_at.desc()))
    for row in rows:
        if (row.data or {}).get("kind") != BANDS_KIND:
            continue
        try:
            return parse_bands(row.data, str(row.data.get("name") or "县发布"))
        except BandsInvalid as exc:
            log.warning("county credit bands unusable, defaults apply: %s", exc)
            return DEFAULT_BANDS
    return DEFAULT_BANDS


@dataclass(frozen=True)
class CommitteeSummary:
    """One committee as the committee screen and the CLI describe it."""

    id: str
    estate_name: str
    kind: CommitteeKind
    term_end: date | None
    term: TermStatus
    term_text: str
    ratio: PartyRatio

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "estate_name": self.estate_name, "kind": self.kind.label,
                "term_end": self.term_end.isoformat() if self.term_end else None,
                "term_status": self.term.label, "term_text": self.term_text,
                "party_members": self.ratio.party, "members": self.ratio.members,
                "party_ratio": self.ratio.percent, "meets_target": self.ratio.meets_target}


class CommitteeService:
    """Party-member ratio and term status per committee; 业委会组建率 and 党组织覆盖率."""

    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def credit_bands(self) -> CreditBands:
        with self.db.session() as s:
            return load_bands(s)

    def summaries(self, committee_id: str | None = None,
                  today: date | None = None) -> list[CommitteeSummary]:
        """Every live committee (or one), by estate name."""
        today = today or self.clock.today()
        is_party = CommitteeMember.political_status == PoliticalStatus.PARTY
        counts = (select(CommitteeMember.committee_id.label("cid"), func.count().label("n"),
                         func.sum(case((is_party, 1), else_=0)).label("party"),
                         func.sum(case((CommitteeMember.political_status.is_(None), 1),
                                       else_=0)).label("unknown"))
                  .where(CommitteeMember.deleted_at.is_(None))
                  .group_by(CommitteeMember.committee_id).subquery())
        q = (select(Committee.id, Estate.name, Committee.kind, Committee.term_end,
                    counts.c.n, counts.c.party, counts.c.unknown)
             .join(Estate, Estate.id == Committee.estate_id)
             .outerjoin(counts, counts.c.cid == Committee.id)
             .where(Committee.deleted_at.is_(None), Estate.deleted_at.is_(None))
             .order_by(Estate.name))
        if committee_id is not None:
            q = q.where(Committee.id == committee_id)
        with self.db.session() as s:
            rows = list(s.execute(q))
        return [CommitteeSummary(cid, name, kind, end, term_status(end, today),
                                 term_text(end, today),
                                 PartyRatio(int(party or 0), int(n or 0), int(unknown or 0)))
                for cid, name, kind, end, n, party, unknown in rows]

    def summary(self, committee_id: str, today: date | None = None) -> CommitteeSummary | None:
        found = self.summaries(committee_id, today)
        return found[0] if found else None

    def rates(self) -> CommitteeRates:
        """业委会组建率 and 党组织覆盖率 over the live estates (definitions:
        :mod:`wuye_desktop.domain.committees`)."""
        has_committee = select(Committee.estate_id).where(Committee.deleted_at.is_(None))
        has_branch = func.length(func.trim(func.coalesce(Estate.party_branch, ""))) > 0
        q = select(func.count(),
                   func.sum(case((Estate.id.in_(has_committee), 1), else_=0)),
                   func.sum(case((has_branch, 1), else_=0))).where(Estate.deleted_at.is_(None))
        with self.db.session() as s:
            n, committees, branches = s.execute(q).one()
        return CommitteeRates(int(n or 0), int(committees or 0), int(branches or 0))
