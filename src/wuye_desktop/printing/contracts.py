"""Contracts: 物业服务合同 and 装饰装修管理服务协议.

The property service contract follows the chapters of the 2004 model contract
(《前期物业服务合同（示范文本）》, 建住房〔2004〕155号) and covers every clause of Civil Code
art. 938: 服务事项, 服务质量, 服务费用的标准和收取办法, 维修资金的使用, 服务用房的管理和使用,
服务期限, 服务交接; the 服务质量 is the attachment 物业服务标准 of the contract's grade, and the
clauses a county may word differently (both parties' duties, art. 941's ban on transferring the
services, 包干制/酬金制, art. 946–950 termination, renewal and hand-over) come from
:mod:`.contract_texts` data. The decoration agreement carries the nine contents required by
《住宅室内装饰装修管理办法》 art. 16. Values the caller leaves empty print as blank lines to be
filled in by hand, and signatures are always blank lines.
"""

from __future__ import annotations

from decimal import Decimal

from reportlab.platypus import Flowable, KeepTogether, PageBreak

from . import forms as F
from . import layout as L
from .contract_texts import ServiceStandard, builtin_clauses, builtin_standard
from .data import DecorationAgreement, Party, ServiceContract, cn_date
from .forms import Output
from .text import CJKParagraph

_CN_NUM = "零一二三四五六七八九"
_CHAPTER = L.FORM_H2.but(align="center")


def cn_ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三 (enough for chapter and article numbers)."""
    if n < 10:
        return _CN_NUM[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_NUM[tens]) + "十" + (_CN_NUM[ones] if ones else "")


def _money(v: Decimal | None) -> str:
    return F.blank("" if v is None else f"{v:.2f}", 3)


def _party_block(role: str, p: Party, rep_label: str) -> list[Flowable]:
    return [
        F.line(f"{role}：{p.name}"),
        F.line(f"{rep_label}：{F.blank(p.representative, 5)}　委托代理人：{F.blank(p.agent, 5)}"),
        F.line(f"联系电话：{F.blank(p.phone, 6)}　地址：{F.blank(p.address, 10)}"),
    ] + ([F.line(f"统一社会信用代码：{p.credit_code}")] if p.credit_code else [])


def _attachment(std: ServiceStandard) -> list[Flowable]:
    """附件：物业服务标准, on its own page after the signatures."""
    out: list[Flowable] = [PageBreak(), F.line("附件", style=L.FORM_H2), F.title(std.title)]
    for k, (name, items) in enumerate(std.sections, start=1):
        out += F.heading(f"{cn_ordinal(k)}、{name}", need=60)
        out += [F.para(f"{n}．{text}") for n, text in enumerate(items, start=1)]
    if std.note:
        out += [F.gap(6), F.line(f"注：{std.note}", style=L.FORM_SMALL)]
    return out


class _Articles:
    """Numbers articles 第一条, 第二条 … across chapters, as Chinese contracts do."""

    def __init__(self) -> None:
        self.n = 0
        self.chapter = 0
        self.story: list[Flowable] = []

    def chapter_(self, name: str) -> None:
        self.chapter += 1
        head = CJKParagraph(
            f"第{cn_ordinal(self.chapter)}章　{name}", _CHAPTER, space_before=8, space_after=4,
        )
        head.keepWithNext = True  # a chapter title never ends a page
        self.story.append(head)

    def art(self, text: str) -> None:
        self.n += 1
        self.story.append(F.para(f"第{cn_ordinal(self.n)}条　{text}"))

    def sub(self, text: str) -> None:
        self.story.append(F.para(text))


def _service_contract_story(c: ServiceContract) -> list[Flowable]:
    e = c.estate
    story: list[Flowable] = [F.title("物业服务合同")]
    if c.contract_number:
        story.append(F.line(f"合同编号：{c.contract_number}", align="right"))
    story.append(F.gap(6))
    story += _party_block("甲方（业主大会／物业管理委员会）", c.owners, "负责人")
    story.append(F.gap(4))
    story += _party_block("乙方（物业服务人）", c.company, "法定代表人")
    story.append(F.gap(6))
    story.append(F.para(
        "根据《中华人民共和国民法典》《物业管理条例》等法律法规的规定，甲乙双方在自愿、平等、"
        f"协商一致的基础上，就甲方选聘乙方对{e.name}提供物业服务事宜，订立本合同。"
    ))
    a = _Articles()
    a.chapter_("物业基本情况")
    a.art(
        f"物业基本情况：物业名称{e.name}；坐落位置{F.blank(e.address, 10)}；"
        f"建筑面积{F.blank(c.floor_area, 5)}；楼栋{F.blank(str(c.building_count or ''), 2)}栋；"
        f"户数{F.blank(str(c.household_count or ''), 2)}户。物业管理区域四至以规划图为准。"
    )
    a.art("本合同所称业主共有部分，包括共用部位、共用设施设备及其他依法属于业主共有的场所和设施。")
    clauses = c.clauses or builtin_clauses()
    standard = c.standard or builtin_standard(c.service_grade)
    a.chapter_("服务内容与质量")
    a.art("乙方提供的物业服务事项包括：")
    for s in (
        "（一）物业共用部位的维修、养护和管理；",
        "（二）物业共用设施设备的运行、维修、养护和管理；",
        "（三）物业共用部位和相关场地的清洁卫生，垃圾的收集、清运；",
        "（四）公共绿化的养护和管理；",
        "（五）车辆停放管理；",
        "（六）公共秩序维护、安全防范等事项的协助管理；",
        "（七）装饰装修管理服务；",
        "（八）物业档案资料管理。",
    ):
        a.sub(s)
    grade = F.blank(c.service_grade, 2)
    a.art(
        f"乙方按照{grade}级物业服务标准提供服务，具体服务质量要求见附件《{standard.title}》，附件是本合同的"
        "组成部分。乙方应当按照约定和物业的"
        "使用性质，妥善维修、养护、清洁、绿化和经营管理业主共有部分，维护物业服务区域内的基本"
        "秩序，采取合理措施保护业主的人身、财产安全；对违反治安、环保、消防等法律法规的行为，"
        "应当及时采取合理措施制止、向有关行政主管部门报告并协助处理。"
    )
    a.art(
        "乙方应当定期将服务的事项、负责人员、质量要求、收费项目、收费标准、履行情况，以及维修"
        "资金使用情况、业主共有部分的经营与收益情况等，以在物业服务区域显著位置公示等合理方式"
        "向业主公开，并向业主大会、业主委员会（物业管理委员会）报告。"
    )
    a.art(clauses.no_transfer)
    a.chapter_("双方的权利和义务")
    a.art("甲方的权利和义务：")
    for k, text in enumerate(clauses.owners_duties, start=1):
        a.sub(f"（{cn_ordinal(k)}）{text}")
    a.art("乙方的权利和义务：")
    for k, text in enumerate(clauses.company_duties, start=1):
        a.sub(f"（{cn_ordinal(k)}）{text}")
    a.chapter_("服务费用")
    f = c.fee
    commercial = (
        f"；非住宅{_money(f.commercial)}元/平方米·月" if f.commercial is not None else ""
    )
    a.art(
        f"物业服务费按房屋建筑面积计收：住宅{_money(f.residential)}元/平方米·月{commercial}。"
        f"物业服务费实行{f.method}。"
    )
    if f.method == "酬金制":
        a.art("酬金制的约定：")
        for k, text in enumerate(clauses.commission, start=1):
            a.sub(f"（{cn_ordinal(k)}）{text.replace('{fee_base}', F.blank('', 8))}")
    else:
        a.art(clauses.lump_sum)
    a.art(
        f"物业服务费{f.payment_cycle}缴纳，业主应当在每期开始后{F.blank('', 2)}日内缴纳。"
        "乙方已经按照约定和有关规定提供服务的，业主不得以未接受或者无需接受相关物业服务为由拒绝"
        "支付物业费。业主逾期不支付的，乙方可以催告其在合理期限内支付，但不得采取停止供电、供水、"
        "供热、供燃气等方式催交物业费。"
    )
    if f.parking:
        a.art(f"停车服务费：{f.parking}。")
    a.chapter_("物业的经营与管理")
    a.art(
        f"物业服务用房：{F.blank(c.premises, 12)}。物业服务用房的所有权依法属于全体业主，乙方在"
        "本合同期限内无偿使用，未经业主大会同意不得改变其用途，合同终止时应当交还。"
    )
    a.art(
        "利用业主共有部分从事广告、停车等经营活动，应当依法经业主共同决定；所得收入在扣除合理"
        "成本之后属于业主共有，乙方应当单独列账，每半年公示一次收支情况。"
    )
    a.chapter_("物业的承接验收")
    a.art(
        "乙方承接物业时，应当对物业共用部位、共用设施设备进行查验，与甲方共同签署查验记录，并"
        "接收竣工验收资料、设施设备的安装使用和维护保养技术资料、物业质量保修文件等物业服务所"
        "必需的资料。"
    )
    a.chapter_("物业的使用与维护")
    a.art(
        "业主、物业使用人应当遵守管理规约，按照规划用途使用物业；装饰装修房屋的，应当事先告知"
        "乙方并签订装饰装修管理服务协议。"
    )
    a.art(
        "共用部位、共用设施设备需要紧急维修的，乙方应当及时组织维修；危及人身、财产安全的，应当"
        "立即采取应急措施并告知甲方。"
    )
    a.chapter_("专项维修资金")
    a.art(
        f"专项维修资金的交存、使用和管理：{F.blank(c.maintenance_fund, 10)}。专项维修资金属于业主"
        "所有，专项用于物业保修期满后共用部位、共用设施设备的维修和更新、改造，不得挪作他用；"
        "使用须依法经业主共同决定，并按照《住宅专项维修资金管理办法》的程序办理。"
    )
    a.chapter_("服务期限与交接")
    a.art(f"本合同服务期限自{cn_date(c.term_start)}起至{cn_date(c.term_end)}止。")
    a.art("合同的解除、续订与终止：")
    for k, text in enumerate(clauses.termination, start=1):
        a.sub(f"（{cn_ordinal(k)}）{text}")
    a.chapter_("违约责任")
    a.art(
        "乙方未按照约定的服务标准提供服务的，应当在甲方或者社区书面指出之日起规定期限内整改；"
        "造成业主损失的，依法承担赔偿责任。"
    )
    a.art("业主逾期缴纳物业服务费的，应当按照约定补缴，并依法承担违约责任。")
    a.chapter_("其他事项")
    for extra in c.extra_clauses:
        a.art(extra)
    a.art(
        "本合同履行中发生争议的，双方可以协商解决，或者请求社区居民委员会、街道办事处调解；"
        "协商、调解不成的，可以依法向物业所在地人民法院提起诉讼。"
    )
    a.art(
        "本合同未尽事宜，双方可以另行签订补充协议，补充协议与本合同具有同等效力。本合同一式"
        "四份，甲乙双方各执一份，报社区居民委员会、县级房地产行政主管部门备案各一份，自双方"
        "签字盖章之日起生效。"
    )
    story += a.story[:-1]
    place = F.blank(c.signing_place, 8)
    # The last article travels with the signatures: a signature page never stands alone.
    story.append(KeepTogether([
        a.story[-1],
        F.line("（以下无正文）", align="center"),
        F.gap(16),
        F.line(f"签订地点：{place}"),
        F.gap(6),
        F.signature_lines([
            "甲方（盖章）", "乙方（盖章）", "负责人（签字）", "法定代表人（签字）",
            "委托代理人（签字）", "委托代理人（签字）", "签订日期", "签订日期",
        ]),
        F.gap(6),
        F.line(f"注：本合同条款文本为{clauses.source}，签订前应经律师审核。", style=L.FORM_SMALL),
    ]))
    return story + _attachment(standard)


def render_service_contract(contract: ServiceContract, out: Output) -> int:
    """Print a 物业服务合同; returns the page count."""
    return F.build(
        out, _service_contract_story(contract),
        title=f"{contract.estate.name}物业服务合同", author=contract.owners.name,
    )


def _decoration_story(d: DecorationAgreement) -> list[Flowable]:
    story: list[Flowable] = [F.title("住宅室内装饰装修管理服务协议"), F.gap(6)]
    story += [
        F.line(f"装修人（甲方）：{d.owner_name}　联系电话：{F.blank(d.owner_phone, 6)}"),
        F.line(f"房屋坐落：{d.estate.name}{d.room}"),
        F.line(f"装饰装修企业（丙方）：{F.blank(d.contractor, 12)}"),
        F.line(f"物业服务人（乙方）：{d.company.name}"),
        F.gap(6),
        F.para(
            "根据《住宅室内装饰装修管理办法》和本物业管理区域管理规约，甲、乙、丙三方就上述房屋室内"
            "装饰装修的管理服务事项达成如下协议："
        ),
    ]
    a = _Articles()
    a.art(f"装饰装修工程的实施内容：{d.works}。")
    a.art(f"装饰装修工程的实施期限：自{cn_date(d.start)}起至{cn_date(d.end)}止。")
    a.art(f"允许施工的时间：{d.working_hours}。")
    a.art(
        f"废弃物的清运与处置：装修垃圾应当袋装，堆放至{F.blank(d.waste_site, 6)}并及时清运，不得"
        "堆放在楼道、绿地等共有部分，不得混入生活垃圾。"
    )
    a.art(
        "住宅外立面设施及防盗窗的安装要求：不得擅自改变外立面；空调外机、防盗窗等应当按照本小区"
        "统一规定的位置和式样安装，不得影响相邻业主的采光、通风和安全。"
    )
    a.art("禁止行为和注意事项：装饰装修活动中禁止下列行为：")
    for s in (
        "（一）未经原设计单位或者具有相应资质等级的设计单位提出设计方案，变动建筑主体和承重结构；",
        "（二）将没有防水要求的房间或者阳台改为卫生间、厨房间；",
        "（三）扩大承重墙上原有的门窗尺寸，拆除连接阳台的砖、混凝土墙体；",
        "（四）损坏房屋原有节能设施，降低节能效果；",
        "（五）擅自拆改供暖、燃气管道和设施，占用、损坏共用部位和共用设施设备；",
        "（六）其他影响建筑结构和使用安全的行为。",
    ):
        a.sub(s)
    a.art(f"管理服务费用：{F.blank(d.management_fee, 10)}。")
    a.art(
        "违约责任：甲方或者装饰装修企业违反本协议的，乙方应当予以劝阻、制止并及时报告有关部门；"
        "造成共有部分或者他人财产损失的，由责任人依法承担赔偿责任。乙方未履行管理服务义务的，"
        "应当承担相应责任。"
    )
    a.art(
        f"其他需要约定的事项：装修押金{F.blank(d.deposit, 4)}，装修完毕经乙方检查未损坏共有部分"
        "且无违规行为的，全额无息退还。本协议一式三份，装修人、物业服务人、装饰装修企业各执一份，自三方签字盖章之日起生效。"
    )
    story += a.story[:-1]
    story.append(KeepTogether([
        a.story[-1],
        F.line("（以下无正文）", align="center"),
        F.gap(16),
        F.signature_lines([
            "装修人（签字）", "日期", "物业服务人（盖章）", "日期", "装饰装修企业（盖章）", "日期",
        ]),
    ]))
    return story


def render_decoration_agreement(agreement: DecorationAgreement, out: Output) -> int:
    """Print a 装饰装修管理服务协议; returns the page count."""
    return F.build(
        out, _decoration_story(agreement),
        title="住宅室内装饰装修管理服务协议", author=agreement.company.name,
    )
