"""Fixtures for the printing tests: a demo estate, issuer, field values, photos, PDF helpers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from wuye_desktop.printing.data import (
    Building,
    BuildingLead,
    Estate,
    InspectionItemResult,
    InspectionReport,
    Issuer,
    Photo,
    RectificationItem,
    RectificationNotice,
)

from .helpers import make_photo

ISSUE_DATE = dt.date(2026, 11, 21)

LEADS = ["张桂芳", "李建国", "王喆", "赵堃", "陈淑珍", "刘洋"]

FIELD_VALUES = {
    "收费年度": "2027", "收费标准": "0.65", "缴费截止日期": "2026年12月31日",
    "停止类型": "停水", "原因": "供水管网改造施工", "开始时间": "11月25日8:00",
    "结束时间": "11月25日18:00", "会议届次": "2026年第一次",
    "会议时间": "2026年12月6日至12月20日", "会议地点": "小区党群服务站",
    "表决事项": "选聘物业服务企业；使用专项维修资金更换3号楼电梯",
    "截止时间": "2026年12月20日17:00", "调查年度": "2026", "调查时间": "2026年10月",
    "发放份数": "420", "有效份数": "386", "满意度": "87.5%",
    "主要意见": "楼道保洁不及时、停车秩序较乱", "处理意见": "满意度达到85%以上，予以通报表扬",
    "公示期间": "2026年1月至6月", "收入合计": "48,500.00",
    "收入明细": "电梯广告收入12,000.00元，地面停车收入36,500.00元", "支出合计": "3,200.00",
    "支出明细": "单元门禁维修3,200.00元", "结余": "45,300.00", "期初结余": "0.00",
    "收缴期间": "2026年上半年", "物业费收费标准": "住宅0.65元/平方米·月", "应缴户数": "120",
    "已缴户数": "102", "物业费收缴率": "85.0%", "收缴金额": "",
    "整改事项": "重点整改保洁（70%）、绿化（78%）等业主满意度较低的服务项目",
    "整改期限": "2026年11月30日",
}


@pytest.fixture
def estate() -> Estate:
    buildings = tuple(
        Building(f"{i}号楼", BuildingLead(name, f"1384311{i:04d}", dt.date(2026, 12, 1),
                                          dt.date(2029, 11, 30)))
        for i, name in enumerate(LEADS, start=1)
    )
    return Estate("幸福里小区", "长春市朝阳区建设路18号", "幸福里社区", "长春安居物业服务有限公司",
                  buildings, committee="幸福里小区业主委员会")


@pytest.fixture
def issuer() -> Issuer:
    return Issuer("幸福里社区居民委员会", "刘晓燕", "0431-85912345")


@pytest.fixture
def values() -> dict[str, str]:
    return dict(FIELD_VALUES)


@pytest.fixture
def rect_items() -> tuple[RectificationItem, ...]:
    return (
        RectificationItem("3号楼、5号楼楼道内堆放纸箱、旧家具等杂物，占用疏散通道",
                          "清理楼道杂物，保持疏散通道畅通，并建立每日巡查记录",
                          dt.date(2026, 11, 28), "4.1"),
        RectificationItem("小区东门消防车通道被机动车占用，未设置禁停标识",
                          "施划消防车通道标线、设置禁停标识，安排秩序维护人员值守",
                          dt.date(2026, 12, 5), "4.3"),
        RectificationItem("2号楼电梯年检合格证已过期", "立即联系特种设备检验机构复检",
                          dt.date(2026, 11, 25), "6.2"),
    )


@pytest.fixture
def rect_notice(issuer: Issuer, rect_items) -> RectificationNotice:
    return RectificationNotice("〔2026〕第3号", "长春安居物业服务有限公司", "幸福里小区",
                               dt.date(2026, 11, 18), rect_items, issuer, ISSUE_DATE, reply_days=3)


@pytest.fixture
def report(tmp_path: Path, issuer: Issuer, rect_items) -> InspectionReport:
    photos = (
        Photo(make_photo(tmp_path / "p1.jpg", (120, 90, 60), (800, 600)), "3号楼一单元楼道堆放杂物"),
        Photo(make_photo(tmp_path / "p2.jpg", (60, 90, 140), (600, 800)), "东门消防车通道被占用"),
        Photo(make_photo(tmp_path / "p3.jpg", (60, 140, 60), (800, 600)), "2号楼电梯合格证过期"),
    )
    spec = [("综合管理", "物业服务收费标准公示", False), ("共用部位", "楼道无堆放杂物", True),
            ("共用部位", "屋面防水完好", False), ("消防安全", "消防车通道畅通", True),
            ("设施设备", "电梯年检合格", True), ("环境卫生", "垃圾日产日清", False)]
    items = tuple(
        InspectionItemResult(sec, title, "不合格" if bad else "合格",
                             Decimal(0 if bad else 10), Decimal(10),
                             "见现场照片" if bad else "", bad, critical=title == "消防车通道畅通")
        for sec, title, bad in spec
    )
    return InspectionReport("幸福里小区", "长春安居物业服务有限公司", dt.date(2026, 11, 18),
                            ("刘晓燕", "王喆"), "准物业小区季度考核表（2026版）", Decimal(30),
                            Decimal(60), False, items, kind="季度考核", photos=photos,
                            rectifications=rect_items, issuer=issuer)
