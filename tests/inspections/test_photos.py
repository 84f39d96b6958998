"""Photos: downscaled to a 1600 px long edge JPEG, stored once per content, with thumbnails."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from wuye_desktop.services.photos import MAX_EDGE, THUMB_EDGE, PhotoError, PhotoStore

from .helpers import D0, template_id


def picture(path: Path, size: tuple[int, int], color: tuple[int, int, int] = (90, 140, 60),
            fmt: str = "JPEG", exif_orientation: int | None = None) -> Path:
    img = Image.new("RGB", size, color)
    for x in range(0, size[0], 97):  # some detail so JPEG sizes are realistic
        img.paste((200, 30, 30), (x, 0, min(x + 20, size[0]), size[1]))
    kw = {}
    if exif_orientation is not None:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        kw["exif"] = exif
    img.save(path, fmt, **kw)
    return path


def test_downscaled_to_long_edge_and_jpeg(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path / "photos")
    src = picture(tmp_path / "big.png", (4000, 3000), fmt="PNG")
    p = store.store(src)
    assert (p.width, p.height) == (MAX_EDGE, 1200)
    with Image.open(p.path) as img:
        assert img.format == "JPEG" and img.size == (1600, 1200)
    with Image.open(p.thumb_path) as th:
        assert max(th.size) == THUMB_EDGE
    assert p.path == tmp_path / "photos" / p.sha256[:2] / f"{p.sha256}.jpg"


def test_small_photo_is_not_enlarged(tmp_path: Path) -> None:
    p = PhotoStore(tmp_path / "photos").store(picture(tmp_path / "s.jpg", (800, 600)))
    assert (p.width, p.height) == (800, 600)


def test_exif_orientation_applied_portrait(tmp_path: Path) -> None:
    # a phone stores portrait shots as landscape pixels + "rotate 90°" in EXIF
    p = PhotoStore(tmp_path / "photos").store(picture(tmp_path / "r.jpg", (4000, 3000), exif_orientation=6))
    assert (p.width, p.height) == (1200, 1600)


def test_same_photo_twice_is_stored_once(tmp_path: Path) -> None:
    store = PhotoStore(tmp_path / "photos")
    a = picture(tmp_path / "a.jpg", (3000, 2000))
    b = tmp_path / "copy-of-a.jpg"
    b.write_bytes(a.read_bytes())
    first, second = store.store(a), store.store(b)
    assert first.sha256 == second.sha256 and not first.reused and second.reused
    stored = [f for f in (tmp_path / "photos").rglob("*.jpg") if "thumbs" not in f.parts]
    assert len(stored) == 1
    other = store.store(picture(tmp_path / "c.jpg", (3000, 2000), color=(10, 10, 200)))
    assert other.sha256 != first.sha256


def test_not_a_picture_is_a_chinese_error(tmp_path: Path) -> None:
    f = tmp_path / "x.jpg"
    f.write_text("not an image")
    with pytest.raises(PhotoError, match="无法读取照片"):
        PhotoStore(tmp_path / "photos").store(f)


def test_attach_to_item_dedupes_and_shows_in_form(services, ins, quasi_estate, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    d = ins.create_draft(quasi_estate["id"], template_id(services, "quasi-quarterly"), D0)
    src = picture(tmp_path / "p.jpg", (2400, 1800))
    p1 = ins.attach_photo(d.id, src, item_code="A1")
    p2 = ins.attach_photo(d.id, src, item_code="A1")
    p3 = ins.attach_photo(d.id, src)  # same file as a general photo: one more row, same file
    assert p1.id == p2.id and p3.id != p1.id and p3.sha256 == p1.sha256
    got = ins.get(d.id)
    assert [p.id for p in got.items[0].photos] == [p1.id] and [p.id for p in got.photos] == [p3.id]
    assert p1.thumb_path.is_file()
    ins.set_item(d.id, "A1", result="fail", note="发现A1不符合要求")
    pv = ins.preview(d.id)
    assert next(o for o in pv.opens if o.item_code == "A1").photos == [p1.sha256]
