"""Photos that a sync cannot download are shown (issue 13, item 8): ``sync run`` and
``sync status`` name them in Chinese, the 同步 screen's 需要处理 list shows them, and the next
sync tries again (and clears them once the county has the file)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from wuye_desktop.__main__ import main
from wuye_desktop.domain.enums import ManagementMode
from wuye_desktop.services.sync import SyncActionRefused
from wuye_desktop.storage.models import Estate
from wuye_desktop.storage.models_inspection import InspectionPhoto

from .test_gui import Office, _sync, gui_app, offices, window  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.qt_log_ignore("This plugin does not support")]


def _inspection_with_a_lost_photo(a: Office, community: str, tmp_path: Path) -> tuple[str, bytes]:
    """Office a records an inspection with two photos, loses one file and syncs: the county
    has the rows of both but the file of one only. Returns the lost photo's sha and bytes."""
    with a.db.unit_of_work() as s:
        e = Estate(name="东苑", community_code=community, management_mode=ManagementMode.NONE)
        s.add(e)
        s.flush()
        estate_id = e.id
    ins, templates = a.services.inspections, a.services.templates
    draft = ins.create_draft(estate_id, templates.find(latest_only=True)[0].id, dt.date(2026, 11, 3))
    for colour in ("red", "blue"):
        pic = tmp_path / f"{colour}.png"
        Image.new("RGB", (320, 240), colour).save(pic)
        ins.attach_photo(draft.id, pic, draft.items[0].code, caption=colour)
    with a.db.session() as s:
        sha = s.scalars(select(InspectionPhoto.sha256).where(InspectionPhoto.caption == "blue")).one()
    lost = a.services.photos.path_of(sha)
    data = lost.read_bytes()
    lost.unlink()
    a.sync.run()
    return sha, data


def _upload(a: Office, sha: str, data: bytes) -> None:
    """The photo reaches the county after all (device a found the file again)."""
    server = a.sync.server()
    assert server
    a.sync._engine_for(server).client.put_photo(sha, data)


def test_cli_names_the_photo_and_the_next_sync_fetches_it(offices, tmp_path: Path,  # noqa: F811
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    a, b, community = offices
    sha, data = _inspection_with_a_lost_photo(a, community, tmp_path)
    b_dir = str(tmp_path / "b")
    assert main(["--data-dir", b_dir, "sync", "run"]) == 0
    out = capsys.readouterr()
    assert "已下载其他电脑拍摄的检查照片 1 张" in out.out
    assert f"照片未能下载：东苑 2026-11-03 检查的照片“blue”（编号 {sha[:8]}）未能下载" in out.err
    assert "县服务器上没有" in out.err and "下次同步时会再试" in out.err
    assert main(["--data-dir", b_dir, "sync", "status"]) == 0
    status = capsys.readouterr().out
    assert "照片未能下载：1 张（下次同步时会再试）" in status and "“blue”" in status
    assert main(["--data-dir", b_dir, "sync", "status", "--json"]) == 0
    st = json.loads(capsys.readouterr().out)
    assert len(st["photo_problems"]) == 1 and st["attention"] >= 1
    [item] = [i for i in b.sync.attention() if i.kind == "photo"]
    assert item.table_label == "检查照片" and "blue" in item.title
    with pytest.raises(SyncActionRefused, match="立即同步"):
        b.sync.retry(item.op_id)
    with pytest.raises(SyncActionRefused, match="立即同步"):
        b.sync.discard(item.op_id)

    _upload(a, sha, data)
    assert main(["--data-dir", b_dir, "sync", "run"]) == 0
    out = capsys.readouterr()
    assert "已下载其他电脑拍摄的检查照片 1 张" in out.out and "照片未能下载" not in out.err
    assert b.services.photos.path_of(sha).read_bytes() == data
    assert main(["--data-dir", b_dir, "sync", "status"]) == 0
    assert "照片未能下载" not in capsys.readouterr().out
    assert not [i for i in b.sync.attention() if i.kind == "photo"]


@pytest.mark.gui
def test_sync_screen_lists_the_photo_in_needs_attention(qtbot, offices, window,  # noqa: F811
                                                        tmp_path: Path) -> None:
    a, _b, community = offices
    _w, screen = window
    sha, data = _inspection_with_a_lost_photo(a, community, tmp_path)
    result = _sync(qtbot, screen)
    assert len(result.photo_problems) == 1
    assert "1张检查照片未能下载" in screen.lbl_message.text()
    t = screen.attention
    qtbot.waitUntil(lambda: t.rowCount() >= 1, timeout=10000)
    rows = [r for r in range(t.rowCount()) if t.item(r, 0).text() == "检查照片"]
    assert len(rows) == 1
    r = rows[0]
    assert "“blue”" in t.item(r, 1).text() and t.item(r, 2).text() == "照片未下载"
    assert "下次同步时会再试" in t.item(r, 3).text()
    assert "需要处理（" in screen.tabs.tabText(1)
    assert screen.open_retry(r) is None  # nothing to correct: the sync fetches it
    assert "立即同步" in screen.lbl_message.text()
    _upload(a, sha, data)
    _sync(qtbot, screen)
    qtbot.waitUntil(lambda: not any(t.item(i, 0).text() == "检查照片" for i in range(t.rowCount())),
                    timeout=10000)
