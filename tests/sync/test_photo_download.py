"""Photos of inspections made on another device come down with the pull (issue 13, item 8):
each missing file is fetched from the county after the rows land; one the county does not have
is named in the report and the others still arrive."""

from __future__ import annotations

import datetime as dt
import hashlib

from PIL import Image
from sqlalchemy import select

from county.helpers import new_community
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.services.inspection_templates import TemplateService
from wuye_desktop.services.inspections import InspectionService
from wuye_desktop.services.photos import PhotoStore
from wuye_desktop.storage.models import Estate
from wuye_desktop.storage.models_inspection import InspectionPhoto

from .helpers import Desk


def test_pull_downloads_other_devices_photos_and_survives_a_missing_one(server, tmp_path):
    community = new_community()
    a = Desk(tmp_path / "a", server.url, photos_dir=tmp_path / "a" / "photos")
    b = Desk(tmp_path / "b", server.url, photos_dir=tmp_path / "b" / "photos")
    try:
        a.enroll(server, community)
        b.enroll(server, community)
        with a.db.unit_of_work() as s:
            e = Estate(name="东苑", community_code=community, management_mode=ManagementMode.NONE)
            s.add(e)
            s.flush()
            estate_id = e.id
        templates = TemplateService(a.db)
        templates.ensure_builtin()
        TemplateService(b.db).ensure_builtin()  # every installation ships the same checklists
        ins = InspectionService(a.db, PhotoStore(tmp_path / "a" / "photos"), templates)
        draft = ins.create_draft(estate_id, templates.find(latest_only=True)[0].id, dt.date(2026, 11, 3))
        for colour in ("red", "blue"):
            pic = tmp_path / f"{colour}.png"
            Image.new("RGB", (320, 240), colour).save(pic)
            ins.attach_photo(draft.id, pic, draft.items[0].code, caption=colour)
        with a.db.session() as s:
            shas = sorted(s.scalars(select(InspectionPhoto.sha256)))
        assert len(shas) == 2
        lost = PhotoStore(tmp_path / "a" / "photos").path_of(shas[1])
        lost.unlink()  # device A lost this file before it could upload it
        a.engine.run()
        report = b.engine.run()
        with b.db.session() as s:
            assert len(s.scalars(select(InspectionPhoto)).all()) == 2  # both rows landed
        got = PhotoStore(tmp_path / "b" / "photos")
        assert got.path_of(shas[0]).is_file()
        assert hashlib.sha256(got.path_of(shas[0]).read_bytes()).hexdigest() == shas[0]
        assert report.photos_downloaded == 1
        assert not got.path_of(shas[1]).exists()
        assert any(shas[1][:8] in p and "下次同步" in p for p in report.photo_problems)
        # Nothing left to fetch that the county has: the next run downloads nothing again.
        assert b.engine.run().photos_downloaded == 0
    finally:
        a.close()
        b.close()
