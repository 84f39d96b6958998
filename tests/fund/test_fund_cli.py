"""``fund`` on the command line, as a user types it: an ordinary application through the vote,
every stage, photos, the final cost and its apportionment, printing and export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from demo_fixtures import run


def test_ordinary_application_from_vote_to_settlement(demo_dir: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--data-dir", str(demo_dir), "fund"]
    code, out, err = run(capsys, *d, "add", "--estate", "解放新村", "--path", "一般",
                         "--category", "外墙渗漏", "--item", "2号楼外墙渗漏维修", "--applicant", "解放新村业委会",
                         "--estimate", "86000", "--building", "1号楼:3000.00:50",
                         "--building", "2号楼：6000:100", "--date", "2026-11-02", "--json")
    assert code == 0, err
    app = json.loads(out)
    assert app["stage"] == "申请" and app["estimated"] == "86000.00"
    aid = app["id"][:13]
    code, _, err = run(capsys, *d, "advance", aid, "--by", "王社区", "--date", "2026-11-03")
    assert code == 1 and "业主表决" in err
    # 150 owners, 9000 ㎡: 100 and 6000.00 take part (exactly 2/3); 50 owners agree: half fails
    code, out, err = run(capsys, *d, "vote", aid, "--voted-area", "6000.00", "--voted-owners", "100",
                         "--agreed-area", "3600", "--agreed-owners", "50", "--date", "2026-11-05",
                         "--json")
    assert code == 0, err
    v = json.loads(out)["vote"]
    assert v["participation_area_met"] and v["participation_owners_met"] and not v["passed"]
    code, out, err = run(capsys, *d, "vote", aid, "--voted-area", "6000.00", "--voted-owners", "100",
                         "--agreed-area", "3600", "--agreed-owners", "51", "--date", "2026-11-05",
                         "--json")
    assert code == 0 and json.loads(out)["vote"]["passed"], err
    for who, day in (("王社区", "06"), ("李街道", "08"), ("县住建局", "10"), ("施工方", "12")):
        code, _, err = run(capsys, *d, "advance", aid, "--by", who, "--date", f"2026-11-{day}")
        assert code == 0, err
    code, _, err = run(capsys, *d, "advance", aid, "--by", "验收组", "--date", "2026-11-20")
    assert code == 1 and "照片" in err
    photo = tmp_path / "现场.jpg"
    Image.new("RGB", (64, 48), "gray").save(photo)
    assert run(capsys, *d, "photos", aid, str(photo))[0] == 0
    assert run(capsys, *d, "advance", aid, "--by", "验收组", "--date", "2026-11-20")[0] == 0
    code, out, err = run(capsys, *d, "complete", aid, "--final", "80000.01", "--by", "县住建局",
                         "--date", "2026-11-25", "--json")
    assert code == 0, err
    done = json.loads(out)
    assert done["stage"] == "决算"
    shares = [b["share"] for b in done["buildings"]]
    assert shares == ["26666.67", "53333.34"]  # 8000001 fen split 1:2 by area, to the fen
    for doc in ("申请表", "tally", "公示"):
        pdf = tmp_path / f"{doc}.pdf"
        code, _, err = run(capsys, *d, "print", aid, "--doc", doc, "--out", str(pdf))
        assert code == 0, err
        text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
        assert "解放新村" in text
    tally = "".join(p.extract_text() for p in PdfReader(tmp_path / "tally.pdf").pages)
    assert "66.66%" in tally and "51.00%" in tally and "通过" in tally
    notice = "".join(p.extract_text() for p in PdfReader(tmp_path / "公示.pdf").pages)
    assert "决算公示" in notice and "每平方米8.89元" in notice  # 80000.01 / 9000 ㎡ per ㎡
    code, out, err = run(capsys, *d, "history", aid, "--json")
    assert code == 0, err
    history = json.loads(out)
    assert history[0]["kind"] == "insert" and len(history) >= 9  # add, 2 votes, 6 stages, photos
    assert any("决算金额" in h["fields"] for h in history)
    target = tmp_path / "维修资金.xlsx"
    assert run(capsys, *d, "export", str(target))[0] == 0
    ws = load_workbook(target)["维修资金申请"]
    assert any(ws.cell(r, 6).value == "2号楼外墙渗漏维修" for r in range(2, ws.max_row + 1))


def test_bad_input_is_refused_in_chinese(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--data-dir", str(demo_dir), "fund"]
    base = ["add", "--estate", "解放新村", "--category", "屋面漏水", "--item", "顶层漏水",
            "--applicant", "物业", "--estimate", "1000"]
    code, _, err = run(capsys, *d, *base, "--path", "随便", "--building", "1号楼:100:2")
    assert code == 1 and "应急" in err
    code, _, err = run(capsys, *d, *base, "--path", "应急", "--building", "1号楼:100.123:2")
    assert code == 1 and "两位小数" in err
    code, _, err = run(capsys, *d, *base, "--path", "应急", "--building", "99号楼:100:2")
    assert code == 1 and "没有楼栋" in err
    code, out, _ = run(capsys, *d, "list", "--json")
    assert all(r["category"] != "屋面漏水" for r in json.loads(out))


def test_import_is_all_or_nothing_and_leaves_existing_rows_alone(demo_dir: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    d = ["--data-dir", str(demo_dir), "fund"]
    assert run(capsys, *d, "add", "--estate", "解放新村", "--path", "应急", "--category", "电梯停运",
               "--item", "1号楼电梯停运", "--applicant", "物业", "--estimate", "4500",
               "--building", "1号楼:3000:50", "--date", "2026-11-12")[0] == 0
    target = tmp_path / "导出.xlsx"
    assert run(capsys, *d, "export", str(target))[0] == 0
    before = len(json.loads(run(capsys, *d, "list", "--json")[1]))
    code, out, err = run(capsys, *d, "import", str(target))
    assert code == 0 and f"已导入0份新申请；{before}份" in out, err  # re-import changes nothing

    wb = load_workbook(target)
    ws = wb["维修资金申请"]
    headers = [c.value for c in ws[1]]
    good = {"申请日期": "2026-11-20", "小区": "解放新村", "楼栋": "2号楼（6000.00㎡，100户）",
            "使用方式": "应急", "类别": "供排水管道爆裂", "维修项目": "2号楼供水主管爆裂",
            "申请人": "街道", "预算金额（元）": 12000}
    bad = dict(good, 楼栋="2号楼（6000.001㎡，100户）", 维修项目="另一项")
    for values in (good, bad):
        ws.append([values.get(h) for h in headers])
    bad_row = ws.max_row
    wb.save(target)
    code, _, err = run(capsys, *d, "import", str(target))
    assert code == 1 and f"第{bad_row}行 “楼栋”列" in err and "两位小数" in err, err
    assert len(json.loads(run(capsys, *d, "list", "--json")[1])) == before  # nothing imported
    ws.delete_rows(bad_row)
    wb.save(target)
    code, out, err = run(capsys, *d, "import", str(target))
    assert code == 0 and "已导入1份新申请" in out, err
    rows = json.loads(run(capsys, *d, "list", "--json")[1])
    new = next(r for r in rows if r["repair_item"] == "2号楼供水主管爆裂")
    assert new["stage"] == "申请" and new["buildings"][0]["area"] == "6000.00"
