"""Inspection photos on disk: downscaled to print size, content-addressed, with thumbnails.

A photo from a phone is 4000 px and 5 MB; the rectification notice prints it a few centimetres
wide, so we keep a long edge of at most 1600 px as JPEG. Files are named by the sha256 of the
stored JPEG, so attaching the same picture twice (or to two items) keeps one file. EXIF is
dropped after applying its orientation: location data of residents' homes must not travel.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..domain.errors import UserError

if TYPE_CHECKING:  # Pillow is imported when a photo is stored, not at start
    from PIL import Image

MAX_EDGE = 1600
THUMB_EDGE = 240
QUALITY = 85


class PhotoError(UserError):
    """The file is not a readable picture (message in Chinese).

    Still a ``ValueError`` too: the inspection and rectification screens show any ValueError of
    their work in the form."""


@dataclass(frozen=True, slots=True)
class StoredPhoto:
    sha256: str
    width: int
    height: int
    path: Path
    thumb_path: Path
    reused: bool  # the same content was already stored


def _encode(img: Image.Image, edge: int) -> tuple[bytes, int, int]:
    from PIL import Image

    img = img.copy()
    img.thumbnail((edge, edge), Image.Resampling.LANCZOS)  # only ever shrinks
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=QUALITY, optimize=True)
    return buf.getvalue(), img.width, img.height


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class PhotoStore:
    """``root/ab/abcdef….jpg`` and ``root/thumbs/ab/abcdef….jpg``."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_of(self, sha256: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.jpg"

    def thumb_of(self, sha256: str) -> Path:
        return self.root / "thumbs" / sha256[:2] / f"{sha256}.jpg"

    def store(self, source: Path) -> StoredPhoto:
        from PIL import Image, ImageOps, UnidentifiedImageError

        source = Path(source)
        try:
            with Image.open(source) as raw:
                img = ImageOps.exif_transpose(raw)
                img = img.convert("RGB")  # JPEG has no alpha or palette
        except FileNotFoundError as exc:
            raise PhotoError(f"找不到照片文件：{source}") from exc
        except (UnidentifiedImageError, OSError) as exc:
            raise PhotoError(f"无法读取照片“{source.name}”：不是图片或文件已损坏。"
                             "请选择JPG、PNG等格式的照片。") from exc
        data, w, h = _encode(img, MAX_EDGE)
        sha = hashlib.sha256(data).hexdigest()
        path = self.path_of(sha)
        reused = path.exists()
        if not reused:
            _atomic_write(path, data)
        thumb = self.thumb_of(sha)
        if not thumb.exists():
            _atomic_write(thumb, _encode(img, THUMB_EDGE)[0])
        return StoredPhoto(sha, w, h, path, thumb, reused)
