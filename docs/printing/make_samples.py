"""Regenerate the reviewed sample images in docs/printing/ (needs poppler's pdftoppm).

    .venv/bin/python docs/printing/make_samples.py
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

from PIL import Image, ImageDraw

from wuye_desktop.domain.notice_rules import NoticeAuthority
from wuye_desktop.domain.revenue import (
    EntryKind,
    LedgerLine,
    PeriodKind,
    fee_notice_values,
    notice_values,
    period_bounds,
    summarise,
)
from wuye_desktop.printing import (
    Building,
    BuildingLead,
    DecorationAgreement,
    Estate,
    FeeStandard,
    InspectionItemResult,
    InspectionReport,
    Issuer,
    Party,
    Photo,
    RectificationItem,
    RectificationNotice,
    ServiceContract,
    builtin_templates,
    render_decoration_agreement,
    render_inspection_report,
    render_notice_batch,
    render_rectification_notice,
    render_service_contract,
)

HERE = Path(__file__).parent
ISSUE = dt.date(2026, 11, 21)
ESTATE = Estate(
    "幸福里小区", "长春市朝阳区建设路18号", "幸福里社区", "长春安居物业服务有限公司",
    (Building("3号楼", BuildingLead("王喆", "13843112345", dt.date(2026, 12, 1), dt.date(2029, 11, 30))),),
    committee="幸福里小区业主委员会",
)
ISSUER = Issuer("幸福里社区居民委员会", "刘晓燕", "0431-85912345")
ITEMS = (
    RectificationItem("3号楼、5号楼楼道内堆放纸箱、旧家具等杂物，占用疏散通道",
                      "清理楼道杂物，保持疏散通道畅通，并建立每日巡查记录",
                      dt.date(2026, 11, 28), "4.1"),
    RectificationItem("小区东门消防车通道被机动车占用，未设置禁停标识",
                      "施划消防车通道标线、设置禁停标识，安排秩序维护人员值守",
                      dt.date(2026, 12, 5), "4.3", critical=True),
    RectificationItem("2号楼电梯年检合格证已过期（有效期至2026年10月31日）",
                      "立即联系特种设备检验机构复检，复检合格前停止使用并张贴告示",
                      dt.date(2026, 11, 25), "6.2"),
)


def _photo(path: Path, color: tuple[int, int, int], size: tuple[int, int]) -> Path:
    im = Image.new("RGB", size, color)
    d = ImageDraw.Draw(im)
    for x in range(0, size[0], 40):
        d.line([(x, 0), (size[0] - x, size[1])], fill=(255, 255, 255), width=3)
    im.save(path, "JPEG", quality=80)
    return path


def _revenue_values() -> dict[str, str]:
    """The 公共收益公示's figures as the ledger computes them (never typed)."""
    lines = [LedgerLine(EntryKind.INCOME, "广告", dt.date(2025, 12, 20), 880_000),
             LedgerLine(EntryKind.EXPENSE, "维修养护", dt.date(2025, 12, 28), 150_000),
             LedgerLine(EntryKind.INCOME, "广告", dt.date(2026, 3, 31), 1_200_000),
             LedgerLine(EntryKind.INCOME, "停车", dt.date(2026, 6, 30), 3_650_000),
             LedgerLine(EntryKind.INCOME, "场地租赁", dt.date(2026, 5, 4), 60_000),
             LedgerLine(EntryKind.EXPENSE, "维修养护", dt.date(2026, 4, 12), 320_000),
             LedgerLine(EntryKind.EXPENSE, "补充维修资金", dt.date(2026, 6, 15), 2_000_000)]
    return notice_values(summarise(lines, period_bounds(PeriodKind.HALF, 2026, 1)))


def build(tmp: Path) -> dict[str, tuple[Path, int]]:
    """Sample PDFs: kind → (pdf, page to show)."""
    out: dict[str, tuple[Path, int]] = {}
    values = {"收费年度": "2027", "收费标准": "0.65", "缴费截止日期": "2026年12月31日",
              "公示天数": "7", "原因": "供水管网改造施工", "开始时间": "12月8日8:00",
              "结束时间": "12月8日18:00", "会议届次": "2026年第一次", "会议时间": "2026年12月21日至2027年1月4日",
              "截止时间": "2027年1月4日17:00", "表决事项": "选聘物业服务企业；使用专项维修资金维修3号楼屋面",
              "调查年度": "2026", "调查时间": "2026年10月", "发放份数": "320", "有效份数": "298",
              "满意度": "87.2%", "分项满意度": "（其中保洁90%、绿化85%）", "主要意见": "楼道保洁不及时、停车秩序较乱",
              "处理意见": "满意度达到85%以上，予以通报表扬", "整改负责人": "项目经理陈立新",
              "整改事项": "重点整改保洁（70%）、绿化（78%）等业主满意度较低的服务项目，逐项制定措施",
              "整改期限": "2026年12月20日", **_revenue_values(),
              **fee_notice_values(period_bounds(PeriodKind.HALF, 2026, 1), 960, 874, 37_440_000, 34_086_000,
                                  "住宅0.65元/平方米·月，商业网点1.20元/平方米·月")}
    for tid in ("fee_reminder", "lead_appointment", "public_revenue", "fire_safety", "water_power_cut",
                "owners_assembly", "survey_results", "commendation", "rectification_pledge",
                "fee_publication"):
        pdf = tmp / f"{tid}.pdf"
        # a pledge follows a survey between 60% and 85%
        vals = {**values, "满意度": "72.0%"} if tid == "rectification_pledge" else values
        render_notice_batch(builtin_templates()[tid], ESTATE, vals, ISSUER, ISSUE, pdf)
        out[f"notice_{tid}"] = (pdf, 1)
    pdf = tmp / "rect.pdf"
    render_rectification_notice(
        RectificationNotice("〔2026〕第3号", ESTATE.company, ESTATE.name, dt.date(2026, 11, 18),
                            ITEMS, ISSUER, ISSUE, reply_days=3), pdf, three_copies=True)
    out["rectification"] = (pdf, 2)
    pdf = tmp / "rect_county.pdf"
    render_rectification_notice(
        RectificationNotice("〔2026〕第12号", ESTATE.company, ESTATE.name, dt.date(2026, 11, 18),
                            ITEMS, Issuer("长春市朝阳区住房和城乡建设局"), ISSUE,
                            legal_basis="《物业管理条例》第三十五条、《吉林省物业管理条例》第四十六条",
                            inspection_kind="双随机抽查", authority=NoticeAuthority.COUNTY), pdf)
    out["rectification_county"] = (pdf, 1)
    pdf = tmp / "contract.pdf"
    pages = render_service_contract(ServiceContract(
        ESTATE, Party("幸福里小区业主委员会", "王建华", "长春市朝阳区建设路18号", "13604312345"),
        Party(ESTATE.company, "陈立新", "长春市朝阳区红旗街66号", "0431-85678901",
              "91220104MA0Y3K2X1B"),
        FeeStandard(Decimal("0.65"), Decimal("1.20")), dt.date(2027, 1, 1), dt.date(2029, 12, 31),
        floor_area="86,420.5平方米", building_count=12, household_count=960, service_grade="二",
        contract_number="XFL-2027-001"), pdf)
    out["service_contract"] = (pdf, 1)
    # the contract's last page (signatures, the clause-version note), then the attached standard
    out["service_contract_signatures"] = (pdf, pages - 1)
    out["service_contract_standard"] = (pdf, pages)
    pdf = tmp / "decoration.pdf"
    render_decoration_agreement(DecorationAgreement(
        ESTATE, Party(ESTATE.company), "孙丽", "3号楼2单元501室",
        "厨房、卫生间翻新，更换地面砖及室内门", dt.date(2026, 12, 1), dt.date(2027, 1, 15),
        contractor="长春美居装饰工程有限公司", waste_site="小区北门装修垃圾临时堆放点",
        management_fee="按建筑面积每平方米2元，计180元", deposit="2,000元"), pdf)
    out["decoration_agreement"] = (pdf, 1)
    photos = (
        Photo(_photo(tmp / "p1.jpg", (120, 90, 60), (800, 600)), "3号楼一单元楼道堆放杂物"),
        Photo(_photo(tmp / "p2.jpg", (60, 90, 140), (600, 800)), "东门消防车通道被占用"),
    )
    spec = [("综合管理", "物业服务收费标准公示", False), ("共用部位", "楼道无堆放杂物", True),
            ("共用部位", "屋面防水完好", False), ("消防安全", "消防车通道畅通", True),
            ("设施设备", "电梯年检合格", True), ("环境卫生", "垃圾日产日清", False),
            ("绿化", "绿地无黄土裸露", False)]
    items = tuple(
        InspectionItemResult(sec, t, "不合格" if bad else "合格", Decimal(0 if bad else 10),
                             Decimal(10), "见现场照片" if bad else "", bad,
                             critical=t == "消防车通道畅通")
        for sec, t, bad in spec
    )
    pdf = tmp / "report.pdf"
    render_inspection_report(InspectionReport(
        ESTATE.name, ESTATE.company, dt.date(2026, 11, 18), ("刘晓燕", "王喆"),
        "准物业小区季度考核表（2026版）", Decimal(40), Decimal(70), False, items, kind="季度考核",
        photos=photos, rectifications=ITEMS[:2], issuer=ISSUER, pass_threshold=Decimal(80),
        building_leads_present=("张桂芳", "李建国")), pdf)
    out["inspection_report"] = (pdf, 1)
    # a re-inspection: two items rectified, the fire lane still open after it
    recheck = tuple(
        InspectionItemResult(sec, t, "不合格" if t == "消防车通道畅通" else "合格",
                             Decimal(0 if t == "消防车通道畅通" else 10), Decimal(10),
                             "东门仍有车辆停放，禁停标识未设置" if t == "消防车通道畅通" else "", t == "消防车通道畅通",
                             critical=t == "消防车通道畅通")
        for sec, t, bad in spec if bad
    )
    pdf = tmp / "reinspection.pdf"
    render_inspection_report(InspectionReport(
        ESTATE.name, ESTATE.company, dt.date(2026, 12, 8), ("刘晓燕",), "准物业小区季度考核表（2026版）",
        Decimal(20), Decimal(30), False, recheck, kind="季度考核",
        rectifications=ITEMS[1:2], issuer=ISSUER, pass_threshold=Decimal(80), reinspection=True), pdf)
    out["reinspection_report"] = (pdf, 1)
    return out


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for kind, (pdf, page) in build(Path(tmp)).items():
            stem = HERE / f"sample_{kind}"
            subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(page),
                            "-l", str(page), str(pdf), str(stem)], check=True)
            print(f"{stem}.png")


if __name__ == "__main__":
    main()
