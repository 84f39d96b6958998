"""The CLI over 修改记录, 回收站 and the worker: history KIND KEY, trash list/restore, --worker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wuye_desktop.__main__ import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def demo_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    d = str(tmp_path / "d")
    assert run(capsys, "--data-dir", d, "demo")[0] == 0
    return d


def _first_lead(capsys: pytest.CaptureFixture[str], d: str) -> dict:
    _, out, _ = run(capsys, "list", "leads", "--json", "--data-dir", d)
    return json.loads(out)[0]


def test_history_of_an_edited_record_names_the_worker(capsys, demo_dir) -> None:
    d = demo_dir
    assert run(capsys, "worker", "王小红", "--data-dir", d)[0] == 0
    code, out, _ = run(capsys, "worker", "--data-dir", d)
    assert code == 0 and "王小红" in out
    # an edit through import, by --worker for this command only
    sheet = Path(d) / "e.csv"
    sheet.write_text("小区名称,管理模式,地址\n东风花园,准物业,人民大街1号\n", encoding="utf-8")
    assert run(capsys, "--worker", "李四", "import", "estates", str(sheet), "--yes", "--data-dir", d)[0] == 0

    code, out, _ = run(capsys, "history", "estates", "东风花园", "--data-dir", d)
    assert code == 0
    assert "小区“东风花园”的修改记录" in out and "李四" in out and "地址：" in out
    code, out, _ = run(capsys, "history", "小区", "东风花园", "--json", "--data-dir", d)
    body = json.loads(out)
    assert body["title"] == "东风花园"
    newest = body["history"][0]
    assert (newest["action"], newest["user"], newest["device"]) == ("修改", "李四", "本机")
    assert {"label": "地址", "new": "人民大街1号"}.items() <= next(
        c for c in newest["changes"] if c["field"] == "address").items()
    assert body["history"][-1]["action"] == "新建"
    # buildings are named 小区/楼栋号
    code, out, _ = run(capsys, "history", "buildings", "东风花园/1号楼", "--json", "--data-dir", d)
    assert code == 0 and json.loads(out)["title"] == "东风花园/1号楼"
    code, _, err = run(capsys, "history", "estates", "不存在的小区", "--data-dir", d)
    assert code == 1 and "没有找到小区" in err
    # the stored worker is still 王小红 (--worker applied to one command only)
    assert "王小红" in run(capsys, "worker", "--data-dir", d)[1]


def test_trash_list_and_restore(capsys, demo_dir) -> None:
    from wuye_desktop.paths import resolve
    from wuye_desktop.services.context import open_services

    d = demo_dir
    lead = _first_lead(capsys, d)
    svc = open_services(resolve(d), user="张三")
    try:
        svc.registers.delete("leads", lead["id"])
    finally:
        svc.close()
    code, out, _ = run(capsys, "trash", "list", "--json", "--data-dir", d)
    (item,) = json.loads(out)
    assert (item["kind"], item["id"], item["deleted_by"]) == ("leads", lead["id"], "张三")
    title = item["title"]
    assert title == f"{lead['estate_name']}/{lead['building_number']}/{lead['name']}"
    code, out, _ = run(capsys, "trash", "list", "--data-dir", d)
    assert "楼长" in out and title in out and "共1条" in out

    code, _, err = run(capsys, "trash", "restore", "estates", "东风花园", "--data-dir", d)
    assert code == 1 and "回收站中没有" in err
    code, out, _ = run(capsys, "trash", "restore", "leads", title, "--data-dir", d)
    assert code == 0 and "已恢复" in out
    assert lead["id"] in {r["id"] for r in json.loads(
        run(capsys, "list", "leads", "--json", "--data-dir", d)[1])}
    assert json.loads(run(capsys, "trash", "list", "--json", "--data-dir", d)[1]) == []
    _, out, _ = run(capsys, "history", "leads", title, "--json", "--data-dir", d)
    assert [h["action"] for h in json.loads(out)["history"]][:2] == ["恢复", "删除"]
