"""The pure parts of the sync engine: the settings keys it keeps, what one run reports, and
how a push batch is built and sized. No storage and no HTTP here.

The engine itself (sealing outbox entries into a batch, recording the server's reply, applying
pulled pages, each in one transaction) combines storage with the client and lives in
:mod:`wuye_desktop.services.sync_engine` (see its docstring for the protocol's guarantees).
"""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from wuye_desktop import SCHEMA_VERSION, __version__

from .protocol import Operation, PushBatch

KEY_CURSOR = "sync_cursor"
KEY_SERVER = "county_server"
KEY_DEVICE = "county_device_id"
KEY_COMMUNITY = "county_community"
KEY_LAST_OK = "sync_last_ok"

#: Wire table of the photo rows whose files are uploaded before the batch that inserts them.
PHOTOS_TABLE = "inspection_photos"


@dataclass
class SyncReport:
    """What one run did (for the status bar and ``sync status``)."""

    pushed: Counter[str] = field(default_factory=Counter)
    pulled: int = 0
    kept_local: int = 0
    problems: list[str] = field(default_factory=list)
    #: The county held part of the feed back (an open transaction there) past our waiting:
    #: this run is not a complete sync, and the next one picks the rest up.
    incomplete: bool = False
    #: photo files of other devices' inspections fetched after the pull
    photos_downloaded: int = 0
    #: photos that could not be fetched this time (named; a later sync tries again)
    photo_problems: list[str] = field(default_factory=list)


def push_batch(batch_id: str, device_id: str, operations: Sequence[Operation]) -> PushBatch:
    """A batch as sent: this app's and schema's versions go with every push."""
    return PushBatch(batch_id=batch_id, device_id=device_id, app_version=__version__,
                     schema_version=SCHEMA_VERSION, operations=list(operations))


def wire_body(batch: PushBatch) -> bytes:
    """The batch's JSON as sent (pydantic's serializer: one pass, no intermediate dicts)."""
    return batch.model_dump_json().encode()


def gzip_size(batch: PushBatch) -> int:
    """The batch's size on the wire (gzip of its JSON, as the client sends it)."""
    return len(gzip.compress(wire_body(batch), 6))


def fitting(batch_id: str, device_id: str, operations: Sequence[Operation],
            max_bytes: int) -> int:
    """How many of ``operations`` (a prefix, halved until it fits) make a batch of at most
    ``max_bytes``; at least one, so an oversized single operation still goes (and is refused
    by the server with a reason, rather than blocking the queue silently). A batch whose plain
    JSON already fits is not compressed here (gzip never grows JSON by more than a few bytes)."""
    n = len(operations)
    while n > 1:
        body = wire_body(push_batch(batch_id, device_id, operations[:n]))
        if len(body) + 64 <= max_bytes or len(gzip.compress(body, 6)) <= max_bytes:
            break
        n //= 2
    return n


def photo_hashes(batch: PushBatch) -> list[str]:
    """The sha256 of each photo the batch inserts (its file goes up first)."""
    out = []
    for op in batch.operations:
        if not isinstance(op, Operation) or op.table != PHOTOS_TABLE:
            continue
        sha = (op.changes.get("sha256") or (None, None))[1]
        if isinstance(sha, str):
            out.append(sha)
    return out
