"""The import mappings the worker confirmed, remembered per header shape.

Kept as one JSON file in the data directory rather than a table: a mapping is how this office
reads its own spreadsheets, not register data, so it is neither synced nor part of the history;
the file is the same format the CLI exports and a county hands out, and a broken one is simply
ignored (the guesses are used) instead of blocking an import. Duplicate decisions are not
kept: they are about one file's rows, and the next file of the same shape has other rows.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from ..domain.import_mapping import ImportMapping, MappingFileError

log = logging.getLogger(__name__)


class MappingStore:
    """signature → :class:`ImportMapping`, in ``path`` (written atomically)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path

    def _load(self) -> dict[str, dict[str, object]]:
        if self.path is None or not self.path.exists():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("import mappings %s unreadable, ignored: %s", self.path, exc)
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, signature: str) -> ImportMapping | None:
        raw = self._load().get(signature)
        if raw is None:
            return None
        try:
            mapping = ImportMapping.from_dict(raw, "保存的导入对应")
        except MappingFileError as exc:
            log.warning("remembered mapping %s ignored: %s", signature, exc.message)
            return None
        mapping.duplicates.clear()  # a hand-edited file's decisions would merge another file's rows
        return mapping

    def put(self, signature: str, mapping: ImportMapping) -> None:
        if self.path is None:
            return
        data = self._load()
        raw = mapping.to_dict()
        raw.pop("duplicates", None)  # decisions belong to the file just imported, not its shape
        data[signature] = raw
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2),
                       encoding="utf-8")
        os.replace(tmp, self.path)
